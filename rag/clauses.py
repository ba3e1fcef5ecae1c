"""The other questions of a question that asks two things at once.

"How many crew were on the Dali, and were they all Indian?" asks two things. When the sources disagree
on one of them (the number of crew), the answer states the disagreement; the other question still
deserves its answer. This module splits a question into its questions and finds, for each one the
disagreement does not answer, the best sentence that does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.nlp import parse
from rag.question import QUESTION_AUXILIARIES, WH_WORDS, QuestionAnalysis, analyse
from rag.restate import compares_accounts
from rag.schemas import Evidence, FoundConflict
from rag.text import content_terms
from rag.units import is_clean_unit, leans_on_context
from rag.values import supplies
from rag.voices import uses_a_word_of

# A second question joined by "and" or after a question mark: "…, and when did it happen?", "… Who
# owned it?", "… and were they all Indian?". After the join comes a question word, or an auxiliary
# inverted before its subject; "drowned and were never found" goes on with the same subject.
_AUXILIARIES = QUESTION_AUXILIARIES | {"can", "could", "will", "would"}
_SUBJECTS = "they it he she we you there the this that these those any all its their his her"
_SECOND_QUESTION = re.compile(
    r"(?:,?\s+and\s+|\?\s+(?:and\s+)?)(?=(?:" + "|".join(sorted(WH_WORDS)) + r")\b|(?:"
    + "|".join(sorted(_AUXILIARIES)) + r")\s+(?:(?:" + "|".join(_SUBJECTS.split()) + r")\b|(?-i:[A-Z])))",
    re.IGNORECASE)


def question_clauses(question: str) -> list[str]:
    """The questions ``question`` asks, in order: one for an ordinary question."""
    return [clause.strip(" ?") for clause in _SECOND_QUESTION.split(question) if clause.strip(" ?")]


def answers_to_the_other_questions(question: str, conflict: FoundConflict,
                                   candidates: Sequence[Evidence]) -> list[Evidence]:
    """For each question of ``question`` that the disagreement's voices do not answer, the best whole
    candidate sentence that does, outside the disagreement. Only beside a dispute over a figure or a
    date, which answers one asked part and no other; a dispute over a yes/no question or a doer is the
    whole answer."""
    clauses = question_clauses(question)
    if conflict.judge != "values" or len(clauses) < 2:
        return []
    voices = [voice for _, voice in conflict.voices()]
    quoted = {voice.place for voice in voices} | {voice.context.place for voice in voices if voice.context}
    analyses = {clause: analyse(clause) for clause in clauses}
    disputed = _the_disputed_clause(analyses, voices)
    found: list[Evidence] = []
    for clause, analysis in analyses.items():
        if clause == disputed or _asks_whether_they_agree(clause):
            continue   # "… and do the outlets agree on the number?": the disagreement is its answer
        answer = _best_answer(analysis, disputed, voices, [
            e for e in candidates if e.place not in quoted and e not in found
            and is_clean_unit(e.text) and not leans_on_context(e.text)])
        if answer is not None:
            found.append(answer)
    return found


# Words by which a question asks whether the sources agree ("is there one agreed number?"). Not "conflict"
# or "differ", which as often name what is asked about ("when did the conflict start?").
_AGREEMENT_LEMMAS = frozenset("agree disagree agreement disagreement consensus".split())


def _asks_whether_they_agree(clause: str) -> bool:
    return compares_accounts(clause) or any(token.lemma_.lower() in _AGREEMENT_LEMMAS for token in parse(clause))


def _the_disputed_clause(analyses: dict[str, QuestionAnalysis], voices: list[Evidence]) -> str:
    """The clause whose asked figure or date the voices give: the first such clause."""
    for clause, analysis in analyses.items():
        if any(supplies(part, voice.text, analysis) for part in analysis.parts for voice in voices):
            return clause
    return next(iter(analyses))


def _best_answer(analysis: QuestionAnalysis, disputed: str, voices: list[Evidence],
                 candidates: list[Evidence]) -> Evidence | None:
    """The best candidate that gives what the clause asks (a figure, a date, a name), or, for a clause
    that asks no such part ("were they all Indian?"), the best that uses the clause's own words. None
    when a voice already gives the asked part."""
    if analysis.parts:
        if any(supplies(part, voice.text, analysis) for part in analysis.parts for voice in voices):
            return None
        return next((e for e in candidates if all(supplies(part, e.text, analysis) for part in analysis.parts)),
                    None)
    own = set(content_terms(analysis.text)) - set(content_terms(disputed))
    if not own:
        return None
    # Half the clause's own words at least, not any one of them.
    needed = (len(own) + 1) // 2
    return next((e for e in candidates if sum(uses_a_word_of({term}, e.text) for term in own) >= needed), None)
