"""Rewrite a follow-up question into a standalone one, from the conversation so far.

Retrieval sees one question at a time, so "and what did China say about that?"
must carry what "that" was before it is searched. The default is rule-based and
deterministic:

* a question is a follow-up when it opens like a continuation ("and …", "what
  about …"), leans on an anaphor ("that", "it", "they", "those" …), or is too
  short to stand alone and names nothing of its own;
* "what about X?" after "What did China say about drones?" substitutes X for the
  first name of the earlier question: "What did X say about drones?";
* any other follow-up keeps its wording and gets the topic of the earlier
  question as context: "What did China say about that (Chinese companies supply
  drones to Russia)?".

Earlier user turns are resolved the same way, in order, so a chain of
follow-ups keeps its subject. When a chat model is configured it may rewrite
instead; its output is accepted only when it keeps the follow-up's own words
and brings in something from the history, and the rules are the fallback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from rag.llm.base import ChatBackend, ChatMessage
from rag.text import content_terms, entities

log = logging.getLogger(__name__)

Method = Literal["unchanged", "rules", "llm"]

# Words that point back at something said before. Demonstratives ("that", "those drones", "the same")
# always do; personal pronouns only when the question names nobody they could refer to.
_STRONG_ANAPHOR = re.compile(
    r"\bthis\b(?!\s+(?:year|week|month|time|morning|spring|summer|autumn|fall|winter)\b)"
    r"|\b(?:these|those|such)\b"
    r"|\bthat\s*(?=[?.!,;:]|$)"  # "about that?" -- "that" ending the clause, not introducing one
    r"|\b(?:about|of|on|to|with|for|by|from|after|before|regarding|against|behind)\s+(?:that|it|them)\b"
    r"|\b(?:deny|denied|denies|confirm|confirmed|confirms)\s+(?:it|them)\b"
    r"|\b(?:say|said|says|do|did|does|think|thinks|thought)\s+so\b"
    r"|\bthe same\b|\bthe (?:claim|allegation|report|statement|story|issue|matter)s?\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|theirs|he|him|his|she|her|hers)\b", re.IGNORECASE)
_EXPLETIVE_IT = re.compile(
    r"\b(?:is|was|isn't|wasn't) it (?:true|possible|likely|clear|known|the case)\b"
    r"|\bit (?:is|was|has been) (?:true|possible|likely|clear|known|said|reported|claimed|alleged)\b",
    re.IGNORECASE,
)
_OPENER = re.compile(r"^\s*(?:and|but|also|so|then|plus|or)\b[\s,]*", re.IGNORECASE)
_ELLIPSIS = re.compile(
    r"^\s*(?:(?:and|but|so)\s+)?(?:what|how)\s+about\s+(?P<subject>.+?)\s*[?.!]*\s*$"
    r"|^\s*(?:and|but)\s+(?P<bare>[^?.!,]{2,60}?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# What opens a question but is not its topic: "What did", "How much does", "According to X, …".
_QUESTION_HEAD = re.compile(
    r"^\s*(?:according to [^,]+,\s*)?"
    r"(?:(?:what|who|whom|whose|which|when|where|why|how(?:\s+(?:much|many|long|often|far|big|large))?)\s+)?"
    r"(?:(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|may|might)\s+)?",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset({
    "what", "who", "whom", "whose", "which", "when", "where", "why", "how", "did", "does", "do", "is", "are",
    "was", "were", "has", "have", "had", "can", "could", "will", "would", "should", "may", "might", "and",
    "but", "also", "so", "then", "plus", "or", "according", "tell", "give", "summarize", "summarise",
    "explain", "list", "show", "describe", "compare",
})
_SHORT_TERMS = 2  # a question with at most this many content words and no name cannot stand alone
_MAX_TOPIC_CHARS = 300
_MAX_CONTEXTS = 2
_MAX_SUBJECT_WORDS = 5
_MAX_LLM_CHARS = 400


@dataclass(frozen=True)
class Turn:
    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class Resolved:
    """One user question, resolved: its own wording (``core``) plus the topics it refers back to."""

    core: str
    context: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        if not self.context:
            return self.core
        body = self.core.rstrip(" ?.!")
        return f"{body} ({'; '.join(self.context)})?"


@dataclass(frozen=True)
class Rewrite:
    original: str
    standalone: str
    method: Method
    history_used: list[str] = field(default_factory=list)

    @property
    def rewritten(self) -> bool:
        return self.method != "unchanged"


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------


def names_in(text: str) -> list[str]:
    """Capitalised names in order of appearance, without the question words that start a sentence."""
    found: list[tuple[int, str]] = []
    for name in entities(text):
        words = name.split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if not words:
            continue
        match = re.search(re.escape(" ".join(words)), text, re.IGNORECASE)
        if match:
            found.append((match.start(), match.group(0)))
    return [name for _, name in sorted(found)]


def has_anaphor(question: str) -> bool:
    text = _EXPLETIVE_IT.sub(" ", question)
    if _STRONG_ANAPHOR.search(text):
        return True
    return _PRONOUN.search(text) is not None and not names_in(text)


def is_followup(question: str) -> bool:
    """Does this question lean on earlier turns? Only asked when there are earlier turns."""
    if _OPENER.match(question) or _ELLIPSIS.match(question) or has_anaphor(question):
        return True
    return not names_in(question) and len(content_terms(question)) <= _SHORT_TERMS


def _elliptic_subject(question: str) -> str | None:
    """The X of "what about X?" / "and X?", when X is a short phrase that names someone."""
    match = _ELLIPSIS.match(question)
    if match is None:
        return None
    subject = (match.group("subject") or match.group("bare") or "").strip()
    words = subject.split()
    if not words or len(words) > _MAX_SUBJECT_WORDS or words[0].lower() in _NOT_NAMES:
        return None
    return subject if names_in(subject) else None


def topic_of(question: str) -> str:
    """The part of a question that names what it is about: "Did X supply Y?" -> "X supply Y"."""
    text = _OPENER.sub("", question.strip())
    text = _QUESTION_HEAD.sub("", text, count=1).strip().rstrip("?.! ")
    if len(text) > _MAX_TOPIC_CHARS:
        text = text[:_MAX_TOPIC_CHARS].rsplit(" ", 1)[0]
    return text


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _substitute_subject(previous: Resolved, subject: str) -> Resolved | None:
    """ "What about the US?" after "What did China say about X?" -> "What did the US say about X?" """
    names = names_in(previous.core)
    if not names:
        return None
    replaced = re.sub(re.escape(names[0]), subject.strip(), previous.core, count=1, flags=re.IGNORECASE)
    return Resolved(core=_capitalised(replaced), context=previous.context)


def resolve(question: str, previous: Resolved | None) -> Resolved:
    """Resolve one user question against the resolved question before it."""
    question = question.strip()
    if previous is None or not is_followup(question):
        return Resolved(core=question)
    subject = _elliptic_subject(question)
    if subject:
        substituted = _substitute_subject(previous, subject)
        if substituted is not None:
            return substituted
    core = _capitalised(_OPENER.sub("", question).strip())
    if not any(ch.isalnum() for ch in core):
        return previous  # "and?" asks the previous question again
    return Resolved(core=core, context=_context_after(previous))


def _context_after(previous: Resolved) -> tuple[str, ...]:
    """What a follow-up to ``previous`` refers to.

    When ``previous`` itself pointed back ("What did Zelenskyy say about that?"), "that" still means
    what it meant there, so its context carries over; otherwise the topic of its own words does.
    """
    if previous.context and has_anaphor(previous.core):
        return previous.context
    topic = topic_of(previous.core)
    contexts = [topic] if topic else []
    contexts += [c for c in previous.context if c != topic]
    return tuple(contexts[:_MAX_CONTEXTS])


def resolve_history(user_questions: Sequence[str]) -> Resolved | None:
    """Resolve every earlier user question in order; return the last one."""
    resolved: Resolved | None = None
    for question in user_questions:
        if question.strip():
            resolved = resolve(question, resolved)
    return resolved


# ---------------------------------------------------------------------------
# The rewriter
# ---------------------------------------------------------------------------

_LLM_SYSTEM = (
    "Rewrite the user's last question so that it can be understood without the conversation. "
    "Replace words such as 'that', 'it' or 'they' with what they refer to. Keep the user's own words, "
    "names and numbers. Do not answer the question. Reply with the rewritten question only, on one line."
)


class FollowupRewriter:
    """Standalone questions for retrieval. ``llm`` is optional; the rules are always the fallback."""

    def __init__(self, llm: ChatBackend | None = None, history_turns: int = 6) -> None:
        self.llm = llm
        self.history_turns = history_turns

    def rewrite(self, question: str, history: Sequence[Turn]) -> Rewrite:
        recent = list(history)[-self.history_turns :]
        earlier = [t.content for t in recent if t.role == "user"]
        previous = resolve_history(earlier)
        resolved = resolve(question, previous)
        if not resolved.context and resolved.core == question.strip():
            return Rewrite(original=question, standalone=question.strip(), method="unchanged")
        rules = resolved.text
        if self.llm is not None:
            rewritten = self._ask_llm(question, recent)
            if rewritten is not None and self._acceptable(rewritten, question, rules):
                log.info("followup rewritten method=llm")
                return Rewrite(question, rewritten, "llm", earlier)
            log.info("followup llm rewrite rejected; using rules")
        return Rewrite(question, rules, "rules", earlier)

    def _ask_llm(self, question: str, history: Sequence[Turn]) -> str | None:
        assert self.llm is not None
        lines = [f"{t.role}: {_clip(t.content, 300)}" for t in history]
        prompt = "Conversation:\n" + "\n".join(lines) + f"\n\nLast question: {question}\nRewritten question:"
        messages = [ChatMessage("system", _LLM_SYSTEM), ChatMessage("user", prompt)]
        try:
            text = "".join(self.llm.stream(messages, max_tokens=80))
        except Exception:  # a broken backend must not break answering: the rules still work
            log.exception("followup llm rewrite failed")
            return None
        first = text.strip().splitlines()[0] if text.strip() else ""
        first = re.sub(r"^(?:rewritten|standalone)?\s*question\s*:\s*", "", first, flags=re.IGNORECASE)
        return first.strip().strip("\"'“”").strip() or None

    @staticmethod
    def _acceptable(rewritten: str, question: str, rules: str) -> bool:
        """Small models answer instead of rewriting, or drop the question: accept only a faithful rewrite."""
        if len(rewritten) > _MAX_LLM_CHARS or not rewritten.endswith("?"):
            return False
        own = set(content_terms(question))
        kept = set(content_terms(rewritten))
        if own and len(own & kept) * 2 < len(own):
            return False
        # It must bring something in from the history that the question lacked.
        added = set(content_terms(rules)) - own
        return not added or bool(added & kept)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
