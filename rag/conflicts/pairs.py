"""Candidate pairs: claims about the same point, from different speakers, that could disagree.

"About the same point" is decided by embedding similarity (of the claims, or of
the sentences they sit in, whichever is closer) plus shared words and figures.
Pair generation never compares everything with everything:

- a new claim is compared only with earlier claims that share one of its index
  keys: its rarer content words, plus locality-sensitive hashes of its vector
  (random-hyperplane bands) so that paraphrases with no word in common still meet;
- each key contributes at most ``postings_per_key`` earlier claims, and only the
  ``shortlist`` best-sharing ones have their vectors compared;
- each claim keeps its ``neighbours`` closest candidates.

A collection under ``exhaustive_below`` claims skips all three: every pair of claims
that could disagree is a candidate. Then the map does not depend on the order the
documents arrived in (with the cap, a claim keeps its closest partners among those
already there, so the same five articles gave 567 or 627 conflicts depending on
order), and the cap saved little there anyway (1,296 candidates against 1,233 for
the demo corpus).

So the work per new claim is bounded, whatever the size of the corpus, and
building a map grows linearly with it (see benchmarks/contradiction_map_scaling.py).
No model is called here; judging is ``judges``' job.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rag.conflicts.claims import Claim
from rag.conflicts.judges import Calibration, ClaimPair, StancedClaim
from rag.conflicts.stance import Stance, stance_of
from rag.conflicts.store import MappedClaim, MapStore

_LSH_BANDS = 8
_LSH_BITS = 5
_LSH_SEED = 20240611


@dataclass(frozen=True)
class PairLimits:
    exhaustive_below: int = 500     # a collection this small is compared claim by claim: blocking only loses
    terms_per_claim: int = 12
    postings_per_key: int = 100
    shortlist: int = 100
    neighbours: int = 40


@dataclass(frozen=True)
class VectorClaim:
    """A claim with its stance, vectors and index keys: everything pairing needs."""

    claim: Claim
    stance: Stance
    vector: np.ndarray
    context: np.ndarray

    @property
    def stanced(self) -> StancedClaim:
        return StancedClaim(self.claim, self.stance)

    @property
    def terms(self) -> frozenset[str]:
        return self.stance.terms


@lru_cache(maxsize=4)
def _hyperplanes(dimension: int) -> np.ndarray:
    rng = np.random.default_rng(_LSH_SEED)
    return rng.standard_normal((_LSH_BANDS * _LSH_BITS, dimension)).astype(np.float32)


def lsh_keys(vector: np.ndarray) -> list[str]:
    """One key per band: the sign pattern of the vector against that band's random hyperplanes."""
    signs = (_hyperplanes(vector.shape[0]) @ vector) > 0
    keys = []
    for band in range(_LSH_BANDS):
        bits = signs[band * _LSH_BITS : (band + 1) * _LSH_BITS]
        keys.append(f"~{band}:{int(''.join('1' if b else '0' for b in bits), 2)}")
    return keys


def index_keys(claim: VectorClaim) -> list[str]:
    # Hash the sentence too: a clause cut from it may only resemble its partner through the sentence.
    hashed = lsh_keys(claim.vector) + [f"{key}s" for key in lsh_keys(claim.context)]
    return sorted(claim.terms) + sorted(set(hashed))


def similarity(a: VectorClaim | MappedClaim, b: VectorClaim | MappedClaim) -> float:
    """The closer of claim-to-claim and sentence-to-sentence cosine: a clause cut from its
    sentence ("we haven't seen evidence of entire systems") can lose what it is about."""
    return float(max(a.vector @ b.vector, a.context @ b.context))


def could_disagree(a: VectorClaim, b: VectorClaim) -> bool:
    """Different speakers, not the same words, and opposite polarity or figures on both sides."""
    if a.claim.speaker_key == b.claim.speaker_key:
        return False
    if a.claim.doc_id == b.claim.doc_id and a.claim.start < b.claim.end and b.claim.start < a.claim.end:
        return False
    if a.stance.polarity != b.stance.polarity:
        return True
    return bool(a.stance.quantities and b.stance.quantities)


def make_pair(a: VectorClaim, b: VectorClaim, score: float) -> ClaimPair:
    return ClaimPair(a.stanced, b.stanced, round(score, 4), a.terms & b.terms)


@lru_cache(maxsize=100_000)
def _stance(text: str) -> Stance:
    return stance_of(text)


def from_mapped(mapped: MappedClaim) -> VectorClaim:
    return VectorClaim(mapped.claim, _stance(mapped.claim.text), mapped.vector, mapped.context)


class PairFinder:
    def __init__(self, store: MapStore, calibration: Calibration | None = None,
                 limits: PairLimits | None = None) -> None:
        self.store = store
        self.calibration = calibration or Calibration()
        self.limits = limits or PairLimits()

    def pairs_for(self, collection: str, new: Sequence[VectorClaim]) -> list[ClaimPair]:
        """Candidate pairs of a document's new claims, among themselves and with the stored claims."""
        exhaustive = self.store.claim_count(collection) + len(new) < self.limits.exhaustive_below
        cap = None if exhaustive else self.limits.neighbours
        candidates: dict[tuple[str, str], ClaimPair] = {}
        for pair in self._within(new, cap) + self._against(collection, new, exhaustive, cap):
            candidates.setdefault(pair.key, pair)
        return list(candidates.values())

    def _keep_closest(self, claim: VectorClaim, others: Sequence[VectorClaim], cap: int | None) -> list[ClaimPair]:
        """The pairs of ``claim`` with those ``others`` that could disagree with it and are about the
        same point, closest first; at most ``cap`` of them (None: all)."""
        candidates = [other for other in others if could_disagree(claim, other)]
        if not candidates:
            return []
        # Same measure as ``similarity``, for all candidates at once.
        scores = np.maximum(np.stack([o.vector for o in candidates]) @ claim.vector,
                            np.stack([o.context for o in candidates]) @ claim.context)
        order = [i for i in np.argsort(-scores, kind="stable") if scores[i] >= self.calibration.min_similarity]
        return [make_pair(claim, candidates[i], float(scores[i])) for i in order[:cap]]

    def _within(self, new: Sequence[VectorClaim], cap: int | None) -> list[ClaimPair]:
        pairs: list[ClaimPair] = []
        for index, claim in enumerate(new):
            pairs.extend(self._keep_closest(claim, new[index + 1 :], cap))
        return pairs

    def _against(
        self, collection: str, new: Sequence[VectorClaim], exhaustive: bool, cap: int | None
    ) -> list[ClaimPair]:
        if exhaustive:
            everyone = self.store.claim_rowids(collection)
            shortlists = [everyone for _ in new]
        else:
            shortlists = self.shortlists(collection, new)
        wanted = sorted({rowid for shortlist in shortlists for rowid in shortlist})
        known = {m.rowid: from_mapped(m) for m in self.store.claims(wanted)}
        pairs: list[ClaimPair] = []
        for claim, shortlist in zip(new, shortlists, strict=True):
            pairs.extend(self._keep_closest(claim, [known[r] for r in shortlist if r in known], cap))
        return pairs

    def shortlists(self, collection: str, claims: Sequence[VectorClaim]) -> list[list[int]]:
        """For each claim, the stored claims sharing the most rarity-weighted index keys with it."""
        keys_of = [index_keys(claim) for claim in claims]
        counts = self.store.term_counts(collection, {k for keys in keys_of for k in keys})
        total = max(1, self.store.claim_count(collection))
        postings: dict[str, list[int]] = {}
        result: list[list[int]] = []
        for keys in keys_of:
            words = sorted((k for k in keys if counts.get(k) and not k.startswith("~")), key=lambda k: counts[k])
            chosen = words[: self.limits.terms_per_claim] + [k for k in keys if k.startswith("~") and counts.get(k)]
            weights: defaultdict[int, float] = defaultdict(float)
            for key in chosen:
                if key not in postings:
                    postings[key] = self.store.postings(collection, key, self.limits.postings_per_key)
                weight = math.log(1 + total / counts[key]) if not key.startswith("~") else 0.5
                for rowid in postings[key]:
                    weights[rowid] += weight
            best = sorted(weights, key=lambda rowid: -weights[rowid])[: self.limits.shortlist]
            result.append(best)
        return result
