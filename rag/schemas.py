"""Typed inputs and outputs shared by every stage of the pipeline.

Internal records are frozen dataclasses (cheap, hashable). Everything that
crosses the HTTP boundary is a pydantic model, so FastAPI validates requests
and documents responses in the OpenAPI schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from core.documents import Chunk, LocatedText

Stance = Literal["affirms", "denies", "no_evidence"]


@dataclass(frozen=True)
class RetrievedChunk:
    chunk: Chunk
    score: float
    title: str | None = None
    dense_rank: int | None = None
    bm25_rank: int | None = None
    author: str | None = None   # the document's byline, where the loader read one


@dataclass(frozen=True)
class Evidence(LocatedText):
    """A sentence (or clause) of a retrieved chunk, located in its document."""

    score: float
    speaker: str | None = None
    stance: Stance | None = None   # toward a disagreement's proposition
    author: str | None = None      # the document's byline: who speaks where the sentence names no one
    byline: Evidence | None = None  # the document's sentence naming ``author``: cited when an answer names them
    # The sentence before, which a voice leaning on it ("He said …") is quoted after, so that "he" is someone.
    context: Evidence | None = None


@dataclass
class ComposedSentence:
    text: str
    evidence: list[Evidence] = field(default_factory=list)
    supported: bool = True
    # answer: states evidence in its own words; quote/conflict: quotes its evidence whole; note: says
    # what the documents do not give; refusal: the documents do not answer at all.
    kind: Literal["answer", "quote", "conflict", "note", "refusal"] = "answer"


# ---------------------------------------------------------------------------
# HTTP contract (v1) -- see DESIGN.md
# ---------------------------------------------------------------------------


class AskRequest(BaseModel):
    question: str = Field(description="The question, in plain language.")
    top_k: int | None = Field(default=None, description="Passages to retrieve (1-50).")
    sources: list[str] | None = Field(default=None, description="Only consider these document sources.")
    collection: str | None = Field(default=None, description="Collection to ask; defaults to the server's.")


class Citation(BaseModel):
    id: int
    doc_id: str
    source: str
    title: str | None = None
    chunk_id: str
    quote: str
    start: int
    end: int
    score: float


class AnswerSentence(BaseModel):
    text: str
    citations: list[int]
    supported: bool


class ContradictionClaim(BaseModel):
    text: str
    citation: int | None = None
    source: str
    doc_id: str | None = None
    speaker: str | None = None
    quote: str
    start: int
    end: int
    side: int | None = Field(
        default=None, ge=0, le=1,
        description="0 or 1: which side of the disagreement the claim is on. The first two claims are the "
        "pair the judges decided on; any further claims are other voices on one of the two sides. "
        "Crosscheck always sets it; when absent, the first claim is side 0 and the others side 1.",
    )
    stance: Stance | None = Field(
        default=None,
        description="The claim's stance toward the contradiction's proposition: it affirms it, denies it, "
        "or says there is no evidence for it. Side 0 affirms; side 1 denies or reports no evidence.",
    )


class Contradiction(BaseModel):
    topic: str
    explanation: str
    claims: list[ContradictionClaim]
    proposition: str | None = Field(
        default=None, description="What is disputed, stated as a claim (e.g. 'China has supplied lethal weapons "
        "to Russia'). Side 0 affirms it; side 1 denies it or says there is no evidence."
    )
    judge: str | None = None
    confidence: float | None = None

    def by_side(self) -> tuple[list[ContradictionClaim], list[ContradictionClaim]]:
        """The claims of side 0 and of side 1, each in the order given."""
        sides: tuple[list[ContradictionClaim], list[ContradictionClaim]] = ([], [])
        for position, claim in enumerate(self.claims):
            side = claim.side if claim.side is not None else min(position, 1)
            sides[0 if side == 0 else 1].append(claim)
        return sides


class AskResponse(BaseModel):
    answer: str
    answerable: bool
    citations: list[Citation]
    sentences: list[AnswerSentence]
    contradictions: list[Contradiction]
    timings_ms: dict[str, float]
    passages: list[Citation] = Field(
        default_factory=list, description="Every retrieved passage, for evaluation and debugging."
    )


@dataclass(frozen=True)
class FoundConflict:
    """Claims that disagree, each located in its document. Produced by ``rag.conflicts``.

    ``sides`` is the pair the judges decided on; the answer's prose quotes it. ``allies``
    are further voices on each side (``allies[0]`` stand with ``sides[0]``): each
    disagrees with every voice on the other side and with none on its own.
    """

    topic: str
    explanation: str
    sides: tuple[Evidence, Evidence]
    judge: str
    confidence: float
    allies: tuple[tuple[Evidence, ...], tuple[Evidence, ...]] = ((), ())
    proposition: str | None = None

    def voices(self) -> list[tuple[int, Evidence]]:
        """Every claim with its side (0 or 1): the judged pair first, then the allies of each side."""
        judged = [(0, self.sides[0]), (1, self.sides[1])]
        return judged + [(side, claim) for side, group in enumerate(self.allies) for claim in group]
