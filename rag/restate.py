"""A question about whether the sources agree on something is a question about that thing.

"Do the outlets agree on the death toll?" is answered by what each outlet gives for the death
toll; if they differ, the answer says so with both sides (``rag.disagreement``), and if they do
not, it gives the toll they agree on. So such a question is asked as the question it is about:
"What was the death toll?", "Who was responsible for the blast?", "Is it true that China armed
Russia?". A question about disagreement with no subject ("Where do the sources disagree?") is
left as it is: the contradiction map answers it (``rag.overview``).

A question led by its topic ("Miguel Luna - how many kids did he have?") is asked with the topic in
place of the pronoun that stands for it (``with_its_topic``): "how many kids did Miguel Luna have?".

A question typed without its apostrophes ("whats the name of …", "why didnt they …") is read with them
(``with_apostrophes``): the parser reads "whats" as no question word at all. Chat shorthand ("how many
ppl died", "approx how many yrs") is read in full (``in_full``): no document writes "ppl", so a count of
"ppl" matched no figure and the question was refused.
"""

from __future__ import annotations

import re

from rag.nlp import parse
from rag.question import QUESTION_AUXILIARIES, WH_WORDS

_SOURCES = r"(?:sources|documents|outlets|reports|articles|accounts|media|papers|texts|news\s+reports|witnesses)"
_AGREE = r"(?:agree|disagree|differ|diverge|conflict|contradict\s+(?:each\s+other|one\s+another))"
_ABOUT = r"(?:about|on|over|regarding|as\s+to|concerning|in\s+their\s+accounts\s+of|in)"
_DO_THEY_AGREE = re.compile(
    rf"^\s*(?:do|does|did|are|were)\s+(?:the\s+|these\s+|those\s+|all\s+(?:the\s+)?|different\s+)?"
    rf"(?:\w+\s+)?{_SOURCES}\s+(?:all\s+|really\s+)?{_AGREE}\s+(?:with\s+each\s+other\s+|among\s+themselves\s+)?"
    rf"{_ABOUT}\s+(?P<topic>.+?)\s*\??\s*$",
    re.IGNORECASE,
)
_IS_THERE_DISAGREEMENT = re.compile(
    rf"^\s*(?:is|was)\s+there\s+(?:any\s+|a\s+)?(?:disagreement|dispute|conflict|contradiction|consensus|agreement)"
    rf"\s+(?:(?:among|between|across)\s+(?:the\s+)?{_SOURCES}\s+)?{_ABOUT}\s+(?P<topic>.+?)\s*\??\s*$",
    re.IGNORECASE,
)


# "How many people died? Do the reports agree?": a question, then whether the sources agree on it.
_THEN_DO_THEY_AGREE = re.compile(
    rf"(?<=[?.])\s+(?:and\s+)?(?:do|does|did|are|were)\s+(?:the\s+|these\s+|those\s+|all\s+(?:the\s+)?|different\s+)?"
    rf"(?:\w+\s+)?{_SOURCES}(?:\s+in\s+(?:this|the)\s+(?:collection|corpus|set))?\s+(?:all\s+|really\s+)?"
    rf"(?:{_AGREE}|line\s+up|match)\b[^?]*\?\s*$",
    re.IGNORECASE,
)


# Asking for several accounts without asking whether they agree: "How do Moscow and Kyiv differ on …?",
# "…, and does Kyiv's president agree?", "What do the different writers conclude?", "The articles don't
# seem to line up on this."
_ASKS_FOR_ACCOUNTS = re.compile(
    # Not "Where do the sources disagree?", which asks for the collection's disputes (``rag.overview``).
    rf"\b(?:do|did)\s+(?!(?:the\s+)?{_SOURCES}\s+(?:dis)?agree\s*\?)(?:\S+\s+){{0,5}}?"
    r"(?:agree|disagree|differ|line\s+up)\b"
    r"|\bdoes\s+(?:\S+\s+){0,3}?(?:agree|disagree)\b"
    r"|\bdifferent\s+(?:\w+\s+)?(?:sources|documents|reports|outlets|articles|writers|authors|investigators|"
    r"experts|analysts|officials|witnesses|eyewitnesses|governments|groups|media|newspapers|sides|parties|"
    r"accounts|estimates|figures|tolls|versions|narratives|investigations)\b"
    r"|\b(?:do\s+not|don't|does\s+not|doesn't)\s+(?:seem\s+to\s+)?(?:line\s+up|agree|match)\b"
    r"|\b(?:conflicting|contradictory|competing)\s+(?:\w+\s+)?(?:accounts|claims|versions|reports|figures|"
    r"estimates|narratives|stories)\b",
    re.IGNORECASE,
)


# "How do Moscow and Kyiv differ on who wrecked the dam?", "What do the two governments each say about
# how many died?": the accounts of an embedded question, which is the question asked. A clause before it
# may name what a pronoun in it stands for ("Given who held the station, how do they differ on who wrecked it?").
_ACCOUNTS_OF = re.compile(
    r"^(?P<lead>[^?]*?,\s*)?(?:how|what|in\s+what\s+ways?)\s+(?P<aux>do|does|did)\s+(?P<who>\S(?:[^?]*?\S)??)\s+"
    r"(?P<each>each\s+|both\s+|all\s+)?(?P<verb>differ|disagree|agree|say|claim|argue|think|conclude)\s+"
    r"(?:with\s+each\s+other\s+)?(?:on|about|over|regarding|as\s+to|concerning)\s+"
    r"(?P<topic>(?:who|whom|what|which|when|where|why|how|whether)\b[^?]+?)\s*\??\s*$",
    re.IGNORECASE,
)
# Only a pronoun that ends the embedded question is its object ("who wrecked it"); "why it happened" keeps it.
_PRONOUN_OBJECT = re.compile(r"\b(?:it|them)\s*$", re.IGNORECASE)


# "Who do the reports blame for the breach?": whom the collection holds responsible, that is who was to blame.
_WHOM_DO_THEY_BLAME = re.compile(
    rf"^\s*(?P<wh>who|which\s+\w+)\s+(?:do|does|did)\s+(?:the\s+|these\s+|those\s+|all\s+(?:the\s+)?|different\s+)?"
    rf"(?:\w+\s+)?{_SOURCES}\s+(?:\w+\s+)?(?:blame|hold\s+responsible)\s+(?P<rest>for\s+[^?]+?)\s*\??\s*$",
    re.IGNORECASE,
)


# "Who do the documents say was behind the sabotage?", "What do the reports say caused the blast?": the
# collection's account of "Who was behind the sabotage?", a question whose wh-phrase is the subject.
_WHAT_DO_THEY_SAY_DID = re.compile(
    rf"^\s*(?P<wh>who|what|which\s+\w+)\s+(?:do|does|did)\s+(?:the\s+|these\s+|those\s+|all\s+(?:the\s+)?|different\s+)?"
    rf"(?:\w+\s+)?{_SOURCES}\s+(?:say|claim|suggest|report|indicate|show|think|believe|conclude)\s+"
    rf"(?P<rest>[^?]+?)\s*\??\s*$",
    re.IGNORECASE,
)


def _embedded_question(question: str) -> str | None:
    """The question embedded in a request for the accounts of it, or None."""
    blamed = _WHOM_DO_THEY_BLAME.match(question)
    if blamed is not None:
        return f"{blamed.group('wh').capitalize()} was to blame {blamed.group('rest')}?"
    said = _WHAT_DO_THEY_SAY_DID.match(question)
    if said is not None and _opens_with_a_verb(said.group("rest")):
        return f"{said.group('wh').capitalize()} {said.group('rest')}?"
    match = _ACCOUNTS_OF.match(question)
    if match is None or not _several_accounts(match) or _SPEAKERS_PRONOUN.search(match.group("topic")):
        return None
    topic = match.group("topic")
    lead = match.group("lead")
    if lead and _PRONOUN_OBJECT.search(topic):
        named = [chunk.text for chunk in parse(lead.rstrip(" ,")).noun_chunks if chunk.root.lower_ not in WH_WORDS]
        if named:
            topic = _PRONOUN_OBJECT.sub(named[-1], topic, count=1)
    return _as_question(topic)


def _several_accounts(match: re.Match[str]) -> bool:
    """Does the question ask for several parties' accounts ("How do Moscow and Kyiv differ …", "What do
    the two governments each say …")? "What did Arema's coach say about what he saw?" asks one person's
    words: restated as "What he saw?", it would lose who said them."""
    if match.group("each") or match.group("verb").lower() in {"differ", "disagree", "agree"}:
        return True
    if match.group("aux").lower() == "do":
        return True   # "What do the police say …": a plural subject
    who = parse(match.group("who"))
    return any(t.lower_ == "and" or t.tag_ in {"NNS", "NNPS"} or t.lower_ in _SEVERAL for t in who)


# Words that make one subject several voices: "each side", "either side", "every source", "the coverage".
_SEVERAL = frozenset("each every either both all coverage evidence press media collection".split())
# A pronoun in the embedded question may stand for the speakers: "what they saw", asked alone, loses them.
_SPEAKERS_PRONOUN = re.compile(r"\b(?:he|she|they|him|her|them|his|their)\b", re.IGNORECASE)


def _opens_with_a_verb(clause: str) -> bool:
    """"was behind the sabotage", "caused the blast": the clause goes on from its subject, the wh-phrase.
    Not "the dam broke", whose question needs its own subject ("When do the reports say the dam broke?")."""
    first = next(iter(parse(f"It {clause}")[1:]), None)
    return first is not None and first.pos_ in {"VERB", "AUX"}


def _as_question(topic: str) -> str:
    first, _, rest = topic.partition(" ")
    if first.lower() == "whether":
        return f"Is it true that {rest}?"
    return f"{first.capitalize()} {rest}?"


# "Miguel Luna - how many kids did he have?", "The Tarvik: where was it headed?": a topic, a dash or colon,
# then a question.
_TOPIC_THEN_QUESTION = re.compile(
    r"^\s*(?P<topic>[^?:\-–—]{2,60}?)\s+[-–—]\s+(?P<question>.+)$|^\s*(?P<topic2>[^?:\-–—]{2,60}?)\s*:\s+(?P<question2>.+)$")
_THIRD_PERSON = frozenset("he she it they him her them his its their".split())


def as_asked(question: str) -> str:
    """The question the answer is for: its shorthand in full, its apostrophes restored, its topic in place
    of its pronoun, and a question about agreement asked as the question it is about."""
    return restated(with_its_topic(with_apostrophes(in_full(question))))


# Shorthand of informal English that is no other word a question would use. Not "bc" (B.C.), "min"
# (minimum), "r" or "no" (ordinary words).
_SHORTHAND = {
    "ppl": "people", "govt": "government", "gov't": "government", "dept": "department",
    "approx": "approximately", "abt": "about", "thru": "through", "bldg": "building", "bldgs": "buildings",
    "yr": "year", "yrs": "years", "hr": "hour", "hrs": "hours", "mins": "minutes", "secs": "seconds",
    "intl": "international", "w/": "with", "w/o": "without", "b/c": "because", "u": "you", "ur": "your",
    "pls": "please", "plz": "please",
}
_SHORT_WORD = re.compile(
    r"(?<![\w'’/.])(" + "|".join(re.escape(k) for k in sorted(_SHORTHAND, key=len, reverse=True)) + r")"
    r"(?![\w'’/]|\.\w)"      # not within "u.s."
    r"(?:\.(?=\s+[a-z]))?",   # "approx. the size": the abbreviation's full stop goes with it
    re.IGNORECASE)


def in_full(question: str) -> str:
    """"how many ppl died" as "how many people died": chat shorthand written out, where it is typed in lower
    case ("U" or "UR" in capitals is more likely a name)."""
    return _SHORT_WORD.sub(lambda m: _SHORTHAND[m.group(1)] if m.group(1).islower() else m.group(0), question)


# Contractions typed without their apostrophe that are no other English word ("cant" and "wont" are):
# "whats", "theres" (a word and "is"), "didnt", "shouldnt" (an auxiliary and "not").
_BEFORE_S = frozenset("what who where when how why that there".split())
_BEFORE_NT = QUESTION_AUXILIARIES | {"could", "would", "should"}
_UNAPOSTROPHISED = re.compile(
    r"\b(?:(?P<s>" + "|".join(sorted(_BEFORE_S)) + r")s|(?P<nt>" + "|".join(sorted(_BEFORE_NT)) + r")nt)\b",
    re.IGNORECASE)


def with_apostrophes(question: str) -> str:
    """"whats the name of the charity" as "what's the name of the charity", "didnt" as "didn't"."""
    def restore(match: re.Match[str]) -> str:
        return f"{match.group('s')}'s" if match.group("s") else f"{match.group('nt')}n't"
    return _UNAPOSTROPHISED.sub(restore, question)


def with_its_topic(question: str) -> str:
    """The question asked with the topic it is led by in place of the first pronoun that stands for it; the
    question as it is when it is not led by a topic (a noun phrase, no verb) or names it by no pronoun."""
    match = _TOPIC_THEN_QUESTION.match(question)
    if match is None:
        return question
    topic = (match.group("topic") or match.group("topic2")).strip()
    asked = (match.group("question") or match.group("question2")).strip()
    opens_a_question = asked.split()[0].lower() in WH_WORDS | QUESTION_AUXILIARIES
    if not opens_a_question or any(t.pos_ in {"VERB", "AUX"} for t in parse(topic)):
        return question
    for token in parse(asked):
        if token.lower_ in _THIRD_PERSON and token.pos_ == "PRON":
            # "his", "its", and "her" where the parse reads it so, stand for the topic's.
            named = f"{topic}'s" if token.tag_ == "PRP$" else topic
            return f"{asked[: token.idx]}{named}{asked[token.idx + len(token.text):]}"
    return question


def compares_accounts(question: str) -> bool:
    """Does the question ask whether the sources agree (on its own or after a question), or for the
    accounts of several of them? Its answer gives each source's account, so a reader can compare them
    even where no dispute is found."""
    return restated(question) != question or _ASKS_FOR_ACCOUNTS.search(question) is not None


def restated(question: str) -> str:
    """The question about the topic that ``question`` asks the sources to agree on, or ``question``."""
    then = _THEN_DO_THEY_AGREE.search(question)
    if then is not None and then.start() > 0:
        return question[: then.start()].strip()
    match = _DO_THEY_AGREE.match(question) or _IS_THERE_DISAGREEMENT.match(question)
    if match is None:
        return _embedded_question(question) or question
    topic = match.group("topic").strip().rstrip("?.").strip()
    first = topic.partition(" ")[0].lower()
    if len(topic.split()) < 2 and first not in WH_WORDS:
        return question   # "Do the sources agree on this?": nothing to ask about
    if first in WH_WORDS or first == "whether":
        return _as_question(topic)
    return f"What was {topic}?"
