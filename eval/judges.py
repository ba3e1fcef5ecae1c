"""Entailment judges: does a premise (cited passages) support a claim?

- ``lexical`` (default, no model): ``rag.verify.LexicalJudge`` applied to the
  premise sentence or clause that best covers the claim, plus two checks that
  make it stricter for evaluation: every number in the claim (years included)
  must be in the premise, and the aligned text must carry the same number of
  negations. Aligning first matters: a premise that has a "not" anywhere would
  otherwise let any negated claim through.
- ``llm``: the configured chat backend, schema-constrained JSON (``rag.judging.LLMSupportJudge``).
- ``nli``: an NLI model with an entailment label from a local folder (``rag.judging.NLISupportJudge``).

All three are members of the one judge family in ``rag.judging``.

Each verdict also carries a three-way label (supported / contradicted /
unverified), which is what the agreement with labelled pairs is measured on.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from eval.claims import split_clauses, split_sentences
from rag.judging import (
    LLMSupportJudge,
    NLISupportJudge,
    SupportJudge,
    SupportLabel,
    SupportVerdict,
    ask_label,
    label_schema,
)
from rag.llm.base import ChatBackend
from rag.text import NEGATION_CUES, content_terms, negation_count, overlap
from rag.verify import MIN_TERM_COVERAGE, LexicalJudge, strip_markers

log = logging.getLogger(__name__)

JudgeKind = Literal["auto", "lexical", "llm", "nli"]
CONFLICT_COVERAGE = 0.5  # below this the premise is about something else: "unverified", not "contradicted"
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _digits(text: str) -> set[str]:
    return {d.replace(",", "").rstrip(".") for d in _DIGITS.findall(text)}


def premise_units(premise: str) -> list[str]:
    """The premise's sentences and clauses: the smallest texts a claim can be aligned to."""
    units: list[str] = []
    for sentence in split_sentences(premise):
        units.append(sentence.text)
        clauses = split_clauses(sentence.text)
        if len(clauses) > 1:
            units.extend(clauses)
    return units


def _topic_terms(text: str) -> set[str]:
    """Content words minus negation cues: what a text is about, whatever its polarity."""
    return {t for t in content_terms(text) if not NEGATION_CUES.fullmatch(t)}


def align(claim: str, premise: str) -> tuple[str, float]:
    """The premise unit that covers most of the claim's topic words (the shortest on ties). Negation cues do
    not count, or a negated claim would align with whichever text happens to contain a "not"."""
    terms = _topic_terms(claim)
    best, best_cover = premise, overlap(terms, _topic_terms(premise))
    for unit in premise_units(premise):
        cover = overlap(terms, _topic_terms(unit))
        if cover > best_cover or (cover == best_cover and len(unit) < len(best)):
            best, best_cover = unit, cover
    return best, best_cover


class StrictLexicalJudge:
    """``rag.verify.LexicalJudge`` on the aligned premise unit, with number and negation-count checks."""

    name = "lexical"
    description = (
        "rag.verify.LexicalJudge (content words, names, numbers, polarity) applied to the premise sentence "
        "or clause that best covers the claim; every number, years included, must be in the premise, and "
        "the aligned text must have as many negations as the claim. No model."
    )

    def __init__(self) -> None:
        self.base = LexicalJudge()

    def judge(self, claim: str, premise: str) -> SupportVerdict:
        claim = strip_markers(claim)
        unit, cover = align(claim, premise)
        target = unit if cover >= MIN_TERM_COVERAGE else premise
        missing = _digits(claim) - _digits(premise)
        if missing:
            label: SupportLabel = "contradicted" if cover >= CONFLICT_COVERAGE and _digits(target) else "unverified"
            return SupportVerdict(False, 0.0, f"number(s) not in the cited text: {', '.join(sorted(missing))}", label)
        verdict = self.base.judge(claim, target)
        if verdict.supported and target is unit and negation_count(claim) != negation_count(unit):
            reason = "negation differs from the matching cited sentence"
            return SupportVerdict(False, cover * 0.5, reason, "contradicted")
        if verdict.supported:
            return SupportVerdict(True, verdict.score, verdict.reason, "supported")
        conflict = cover >= CONFLICT_COVERAGE and (
            verdict.reason.startswith(("polarity", "number")) or negation_count(claim) != negation_count(target)
        )
        return SupportVerdict(False, verdict.score, verdict.reason, "contradicted" if conflict else "unverified")


CORRECTNESS_SCHEMA = label_schema(
    "correctness_grade", "verdict", ["correct", "partially_correct", "incorrect"], "reason", 200
)
_CORRECTNESS_SCORES = {"correct": 1.0, "partially_correct": 0.5, "incorrect": 0.0}


class LLMGrader:
    """answer.correctness: does the answer say what the reference answer says?"""

    def __init__(self, backend: ChatBackend) -> None:
        self.backend = backend
        self.name = f"llm:{backend.name}"

    def grade(self, question: str, answer: str, reference: str) -> tuple[float | None, str]:
        system = (
            "You grade an answer against a reference answer. 'correct': it states the "
            "reference's key facts without contradicting it; 'partially_correct': some of them; "
            "'incorrect': none, or it contradicts the reference. Reply with JSON only, matching: "
            + json.dumps(CORRECTNESS_SCHEMA)
        )
        user = f"Question: {question}\nReference answer: {reference}\nAnswer to grade: {strip_markers(answer)}"
        try:
            reply = ask_label(self.backend, system, user, CORRECTNESS_SCHEMA)
        except Exception as exc:  # reported per question, never fatal
            log.warning("llm grader failed error=%s", exc)
            return None, f"grader error: {str(exc)[:120]}"
        verdict = str(reply.get("verdict"))
        return _CORRECTNESS_SCORES.get(verdict), str(reply.get("reason", ""))[:200] or verdict


# ---------------------------------------------------------------------------
# Caching and selection
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgementRecord:
    """One judgement as the report keeps it: the claim, the text it was judged against, the verdict."""

    claim: str
    cited_text: str
    verdict: SupportVerdict

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "cited_text": self.cited_text,
            "label": "supported" if self.verdict.supported else "unsupported",
            "verdict": self.verdict.label,
            "reason": self.verdict.reason,
        }


class CachedJudge:
    """Memoises verdicts (ALCE's precision re-asks the same (claim, passage) questions) and keeps each
    distinct judgement, in order, for the report (``records``)."""

    def __init__(self, inner: SupportJudge) -> None:
        self.inner = inner
        self.name = inner.name
        self.description = inner.description
        self._cache: dict[tuple[str, str], SupportVerdict] = {}
        self._lock = threading.Lock()

    def judge(self, claim: str, premise: str) -> SupportVerdict:
        key = (claim, premise)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        verdict = self.inner.judge(claim, premise)
        with self._lock:
            self._cache.setdefault(key, verdict)
        return verdict

    def records(self) -> list[JudgementRecord]:
        with self._lock:
            return [JudgementRecord(claim, premise, v) for (claim, premise), v in self._cache.items()]


def resolve_kind(kind: JudgeKind, llm: ChatBackend | None, llm_backend: str) -> Literal["lexical", "llm", "nli"]:
    """'auto' picks the LLM only for an OpenAI-compatible endpoint: the tiny local GGUF models were measured
    here to be unreliable judges (see shared models.md), so they never judge by default."""
    if kind != "auto":
        return kind
    return "llm" if llm is not None and llm_backend == "openai" else "lexical"


def make_judge(
    kind: Literal["lexical", "llm", "nli"], llm: ChatBackend | None = None, nli_model: Path | None = None
) -> SupportJudge:
    if kind == "llm":
        if llm is None:
            raise ValueError("the LLM judge needs an LLM backend: set CROSSCHECK_LLM_BACKEND=openai (or llamacpp)")
        return CachedJudge(LLMSupportJudge(llm))
    if kind == "nli":
        if nli_model is None:
            raise ValueError("the NLI judge needs --nli-model PATH (a local cross-encoder folder)")
        return CachedJudge(NLISupportJudge(nli_model))
    return StrictLexicalJudge()
