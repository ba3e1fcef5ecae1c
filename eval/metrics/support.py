"""Is a statement supported by the passages it cites? The check that faithfulness and ALCE citation
metrics share.

A statement that mostly quotes its sources ('Lin Jian says “…”, while …') is
judged by its quotations, each against the cited passages, plus its framing:
the names in the framing must be the cited sources' titles, file names or
speakers, and the framing must not negate the quotation ("X did not say …").
Everything else is judged as a whole by the entailment judge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from eval.claims import quoted_fragments
from eval.matching import normalise
from rag.judging import SupportJudge, SupportVerdict
from rag.text import content_terms, display_text, entities, is_negated

QUOTATION_SHARE = 0.5
MIN_QUOTATION_TERMS = 3  # quotations carry at least this share of the content words: judge them, not the frame
_FRAME_WORDS = re.compile(
    r"\b(?:the\s+)?sources?\s+(?:disagree|differ)(?:\s+on\s+this)?\b|\b(?:says?|said|states?|stated|claims?|"
    r"claimed|writes?|wrote|reports?|reported|according\s+to|while|whereas|but)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Passage:
    """A cited or retrieved text: a citation's quote, or a retrieved chunk."""

    text: str
    labels: tuple[str, ...] = ()  # names a statement may use for it: title, file name, speaker


def _remove_labels(text: str, labels: Sequence[str]) -> str:
    for label in sorted({label for label in labels if label}, key=len, reverse=True):
        text = re.sub(re.escape(label), " ", text, flags=re.IGNORECASE)
    return text


def _frame_verdict(frame: str, passages: Sequence[Passage]) -> SupportVerdict | None:
    """A failing verdict when the framing names someone not cited or negates the quotation."""
    labels = [label for p in passages for label in p.labels]
    rest = _FRAME_WORDS.sub(" ", _remove_labels(frame, labels))
    known = normalise(" ".join([p.text for p in passages] + labels))
    unknown = sorted(name for name in entities(rest) if normalise(name) not in known)
    if unknown:
        return SupportVerdict(
            False, 0.0, f"attributed to name(s) not in the cited sources: {', '.join(unknown)}", "unverified"
        )
    if is_negated(rest):
        return SupportVerdict(False, 0.0, "the framing negates what the sources are quoted as saying", "contradicted")
    return None


def _names_a_source(fragment: str, passages: Sequence[Passage]) -> bool:
    """A quotation that is a cited source's title or speaker, or its start (a shortened headline)."""
    wanted = _normalised(fragment)
    return any(_normalised(label).startswith(wanted) for p in passages for label in p.labels if label)


def _normalised(text: str) -> str:
    text = display_text(text).replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.strip(" \"'.").split()).lower()


def _framing(statement: str, fragments: Sequence[str]) -> str:
    """The statement without its (long) quotations; short quoted names stay, and get the names check."""
    for fragment in fragments:
        statement = statement.replace(fragment, " ")
    return statement


def _quotation_share(statement: str, fragments: Sequence[str], passages: Sequence[Passage]) -> float:
    quoted = sum(len(content_terms(f)) for f in fragments)
    frame = _FRAME_WORDS.sub(
        " ", _remove_labels(_framing(statement, fragments), [lb for p in passages for lb in p.labels])
    )
    total = quoted + len(content_terms(frame))
    return quoted / total if total else 0.0


def check_statement(statement: str, passages: Sequence[Passage], judge: SupportJudge) -> SupportVerdict:
    """Does the concatenation of ``passages`` support ``statement``? No passages: unsupported."""
    if not passages:
        return SupportVerdict(False, 0.0, "cites nothing", "unverified")
    premise = " ".join(p.text for p in passages)
    verbatim_premise = _normalised(premise)
    # Short quotations ('the "Times"', scare quotes) and quoted names of a cited source that its text
    # does not contain ('the article "China Is Sending…"') are names or words of the framing, not claims.
    fragments = [
        f for f in quoted_fragments(statement)
        if len(content_terms(f)) >= MIN_QUOTATION_TERMS
        and (_normalised(f) in verbatim_premise or not _names_a_source(f, passages))
    ]
    if not fragments or _quotation_share(statement, fragments, passages) < QUOTATION_SHARE:
        return judge.judge(statement, premise)
    failed = _frame_verdict(_framing(statement, fragments), passages)
    if failed is not None:
        return failed
    scores: list[float] = []
    for fragment in fragments:
        if _normalised(fragment) in verbatim_premise:
            # A word-for-word quotation of the cited text is faithful to it; the frame check above
            # already made sure it is attributed to a cited source and not negated.
            scores.append(1.0)
            continue
        verdict = judge.judge(fragment, premise)
        if not verdict.supported:
            return SupportVerdict(False, verdict.score, f"quotation “{fragment[:80]}”: {verdict.reason}", verdict.label)
        scores.append(verdict.score)
    return SupportVerdict(
        True, min(scores), "every quotation is in the cited text, attributed to a cited source", "supported"
    )
