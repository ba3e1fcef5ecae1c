"""Check every answer sentence against the passages it cites.

The default judge is deterministic: a sentence is supported when its content
words, names and numbers are found in what it cites and its polarity matches.
It is strict on purpose: a small model that paraphrases loosely gets flagged
rather than trusted. The same judge is the model-free judge of the eval harness.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.schemas import ComposedSentence
from rag.text import content_terms, entities, is_negated, numbers

_CITATION_MARK = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
MIN_TERM_COVERAGE = 0.7


@dataclass(frozen=True)
class Verdict:
    supported: bool
    score: float
    reason: str


def strip_markers(sentence: str) -> str:
    return _CITATION_MARK.sub("", sentence).strip()


class LexicalJudge:
    """Does ``premise`` support ``claim``? Words, names, numbers and negation must line up."""

    name = "lexical"

    def judge(self, claim: str, premise: str) -> Verdict:
        claim = strip_markers(claim)
        claim_terms = set(content_terms(claim))
        premise_terms = set(content_terms(premise))
        if not claim_terms:
            return Verdict(True, 1.0, "no content words to check")
        coverage = len(claim_terms & premise_terms) / len(claim_terms)
        missing_numbers = numbers(claim) - numbers(premise)
        if missing_numbers:
            return Verdict(False, 0.0, f"number(s) not in the cited text: {', '.join(sorted(missing_numbers))}")
        premise_lower = premise.lower()
        missing_names = {n for n in entities(claim) if n not in premise_lower and len(n.split()) > 0}
        missing_names = {n for n in missing_names if not set(content_terms(n)) <= premise_terms}
        if missing_names:
            return Verdict(False, coverage * 0.5, f"name(s) not in the cited text: {', '.join(sorted(missing_names))}")
        if is_negated(claim) != is_negated(premise):
            return Verdict(False, coverage * 0.5, "polarity differs: one side is negated")
        if coverage < MIN_TERM_COVERAGE:
            return Verdict(False, coverage, f"only {coverage:.0%} of the sentence's words are in the cited text")
        return Verdict(True, coverage, "words, names, numbers and polarity match")


class Verifier:
    def __init__(self, judge: LexicalJudge | None = None, drop_unsupported: bool = False) -> None:
        self.judge = judge or LexicalJudge()
        self.drop_unsupported = drop_unsupported

    def verify(self, sentences: Sequence[ComposedSentence]) -> list[ComposedSentence]:
        checked: list[ComposedSentence] = []
        for sentence in sentences:
            if sentence.kind == "refusal":
                checked.append(sentence)
                continue
            if sentence.kind == "conflict":
                # Conflict sentences quote each side; each quote must be in its own source.
                sentence.supported = all(
                    self.judge.judge(_quoted_part(sentence.text, e.text), e.text).supported for e in sentence.evidence
                ) and bool(sentence.evidence)
            else:
                premise = " ".join(e.text for e in sentence.evidence)
                sentence.supported = bool(sentence.evidence) and self.judge.judge(sentence.text, premise).supported
            if sentence.supported or not self.drop_unsupported:
                checked.append(sentence)
        return checked


def _quoted_part(sentence: str, evidence_text: str) -> str:
    """The part of a conflict sentence that restates ``evidence_text`` (its quoted words)."""
    for quoted in re.findall(r"“([^”]+)”|\"([^\"]+)\"", sentence):
        fragment = quoted[0] or quoted[1]
        if fragment.rstrip(".… ") and fragment.rstrip(".… ")[:40] in evidence_text:
            return fragment
    return evidence_text
