"""Closed classes of English words that the parse-based readers need, each with its source.

Kept in one module so that every stage agrees on what a reporting verb or a negator is, and so
that a reader can check each list against the grammar it comes from. Nothing here comes from
one corpus: a phrase that is listed because one article used it is a defect.

Source for all lists: Quirk, Greenbaum, Leech and Svartvik, *A Comprehensive Grammar of the
English Language* (Longman, 1985): reporting verbs §16.33 and §14.41; negative words §10.54;
modal auxiliaries §4.49; hedging (downtoner and content-disjunct) adverbs §8.99 and §8.127;
multiplicative numerals §6.67. Shell nouns: Schmid, *English Abstract Nouns as Conceptual Shells*
(Mouton de Gruyter, 2000), the frequent members of his factual, linguistic, mental-state, modal,
eventive and circumstantial classes.
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

# Abstract nouns that take their content from another sentence: "That allegation …", "This move …".
# A demonstrative before one of them points back; before a concrete noun ("These drones …") it does not.
SHELL_NOUNS = frozenset(
    "fact reason result thing point problem issue question matter idea notion belief view opinion "
    "position assumption hope fear suspicion conclusion claim allegation accusation assertion statement "
    "report remark comment argument suggestion explanation message news story account rumour rumor "
    "admission denial decision move step plan attempt effort approach policy strategy change development "
    "situation case event incident process trend possibility chance need ability failure finding evidence "
    "discovery revelation assessment estimate analysis".split()
)
