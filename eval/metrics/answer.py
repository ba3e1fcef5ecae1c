"""answer.mention_recall: the share of must_mention groups the answer mentions.

Deliberately plain, so an independent scorer gets the same number: a group
counts when any of its alternatives occurs in the answer text, case-insensitive,
after straightening curly quotes and collapsing whitespace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eval.matching import contains


@dataclass(frozen=True)
class MentionRecall:
    score: float | None  # None when the question lists no groups
    missing: tuple[tuple[str, ...], ...]


def mention_recall(answer: str, groups: Sequence[Sequence[str]]) -> MentionRecall:
    if not groups:
        return MentionRecall(None, ())
    missing = tuple(tuple(g) for g in groups if not any(contains(answer, alt) for alt in g))
    return MentionRecall((len(groups) - len(missing)) / len(groups), missing)
