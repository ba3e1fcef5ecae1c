"""Closed classes of English words that the parse-based readers need, each with its source.

Kept in one module so that every stage agrees on what a reporting verb or a negator is, and so
that a reader can check each list against the grammar it comes from. Nothing here comes from
one corpus: a phrase that is listed because one article used it is a defect.

Source for all lists: Quirk, Greenbaum, Leech and Svartvik, *A Comprehensive Grammar of the
English Language* (Longman, 1985): reporting verbs §16.33 and §14.41; negative words §10.54;
modal auxiliaries §4.49; hedging (downtoner and content-disjunct) adverbs §8.99 and §8.127;
multiplicative numerals §6.67.
"""

from __future__ import annotations

REPORTING_VERBS = frozenset(
    "say tell state claim assert insist report announce confirm declare note write argue add warn "
    "acknowledge admit allege accuse suggest explain stress emphasise emphasize maintain show reveal "
    "indicate conclude believe think find testify describe call quote cite".split()
)
DENIAL_VERBS = frozenset("deny reject refute dismiss disprove rebut repudiate contest dispute".split())
EVIDENCE_NOUNS = frozenset("evidence proof sign indication confirmation trace".split())
HEDGE_ADVERBS = frozenset(
    "reportedly allegedly possibly apparently perhaps maybe probably purportedly supposedly seemingly".split()
)
HEDGE_MODALS = frozenset("may might could would".split())
NEGATORS = frozenset("not never no n't nobody nothing none neither nor".split())

# Multiplicative numerals answer "how much did it grow": "tripled", "doubled".
MULTIPLIERS = frozenset("double triple quadruple halve twofold threefold fourfold tenfold".split())
