"""The evaluation dataset (questions) and the labelled contradiction pairs.

Formats (one JSON object per line) are documented in docs/eval.md. Loading
validates every record and raises ``DatasetError`` listing each bad field with
its line. Unknown keys (``type``, ``note``) are kept or ignored, never errors,
so richer datasets load unchanged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from eval.jsonl import DatasetError, Problem, RecordChecker, read_unique_records

log = logging.getLogger(__name__)

PairLabel = Literal["contradiction", "consistent"]
PAIR_LABELS: tuple[PairLabel, ...] = ("contradiction", "consistent")
Split = Literal["dev", "test"]
SPLITS: tuple[Split, ...] = ("dev", "test")


@dataclass(frozen=True)
class SourceQuote:
    """A verbatim quote and the file name of the document it comes from."""

    source: str
    quote: str


@dataclass(frozen=True)
class ExpectedContradiction:
    sources: tuple[str, ...]
    about: str
    # Acceptable (side a, side b) quote pairs. When given, a response must report a
    # contradiction whose claims overlap both quotes of one pair, not just cite the sources.
    sides: tuple[tuple[SourceQuote, SourceQuote], ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answerable: bool
    reference_answer: str | None = None
    must_mention: tuple[tuple[str, ...], ...] = ()
    gold: tuple[SourceQuote, ...] = ()
    expected_contradiction: ExpectedContradiction | None = None
    type: str | None = None
    split: Split | None = None  # "dev" (tune on it) or "test" (score frozen settings); None: unsplit


@dataclass(frozen=True)
class LabelledPair:
    id: str
    label: PairLabel
    a: SourceQuote
    b: SourceQuote
    note: str | None = None
    split: Split | None = None


def _source_quote(check: RecordChecker, value: Any, where: str) -> SourceQuote | None:
    if not isinstance(value, dict):
        check.fail(where, 'expected an object {"source": str, "quote": str}')
        return None
    source = check.text("source", value, where=f"{where}.source")
    quote = check.text("quote", value, where=f"{where}.quote")
    return SourceQuote(source, quote) if source and quote else None


def _must_mention(check: RecordChecker) -> tuple[tuple[str, ...], ...]:
    groups: list[tuple[str, ...]] = []
    for i, group in enumerate(check.array("must_mention")):
        if not isinstance(group, list) or not group:
            check.fail(f"must_mention[{i}]", "expected a non-empty array of alternative strings")
            continue
        alternatives = [a for a in group if isinstance(a, str) and a.strip()]
        if len(alternatives) != len(group):
            check.fail(f"must_mention[{i}]", "every alternative must be a non-empty string")
            continue
        groups.append(tuple(alternatives))
    return tuple(groups)


def _expected_contradiction(check: RecordChecker) -> ExpectedContradiction | None:
    value = check.record.get("expected_contradiction")
    if value is None:
        return None
    if not isinstance(value, dict):
        check.fail("expected_contradiction", 'expected null or {"sources": [str], "about": str}')
        return None
    sources = value.get("sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) and s for s in sources):
        check.fail("expected_contradiction.sources", "expected a non-empty array of source file names")
        sources = None
    about = check.text("about", value, where="expected_contradiction.about")
    sides = _sides(check, value.get("sides", []))
    return ExpectedContradiction(tuple(sources), about, sides) if sources and about else None


def _sides(check: RecordChecker, value: Any) -> tuple[tuple[SourceQuote, SourceQuote], ...]:
    where = "expected_contradiction.sides"
    if not isinstance(value, list):
        check.fail(where, "expected an array of [{source, quote}, {source, quote}] pairs")
        return ()
    pairs: list[tuple[SourceQuote, SourceQuote]] = []
    for i, pair in enumerate(value):
        if not isinstance(pair, list) or len(pair) != 2:
            check.fail(f"{where}[{i}]", "expected a pair: [{source, quote}, {source, quote}]")
            continue
        a, b = (_source_quote(check, side, f"{where}[{i}][{j}]") for j, side in enumerate(pair))
        if a is not None and b is not None:
            pairs.append((a, b))
    return tuple(pairs)


def _split(check: RecordChecker) -> Split | None:
    value = check.record.get("split")
    if value is None:
        return None
    split = next((known for known in SPLITS if known == value), None)
    if split is None:
        check.fail("split", f"expected one of {', '.join(SPLITS)} or null, got {value!r}")
    return split


def _question(check: RecordChecker) -> Question | None:
    before = len(check.problems)
    qid = check.text("id")
    question = check.text("question")
    answerable = check.boolean("answerable")
    reference = check.record.get("reference_answer")
    if reference is not None and not isinstance(reference, str):
        check.fail("reference_answer", f"expected a string or null, got {type(reference).__name__}")
    must_mention = _must_mention(check)
    gold = tuple(
        q for i, g in enumerate(check.array("gold")) if (q := _source_quote(check, g, f"gold[{i}]")) is not None
    )
    expected = _expected_contradiction(check)
    kind = check.record.get("type")
    split = _split(check)
    if len(check.problems) > before or qid is None or question is None or answerable is None:
        return None
    if not answerable and (must_mention or gold):
        # Contradictory but harmless: unanswerable questions are scored on refusal only.
        log.warning(
            "question id=%s line=%d is unanswerable but has must_mention/gold; they are ignored",
            qid,
            check.line,
        )
    return Question(
        qid,
        question,
        answerable,
        reference or None,
        must_mention,
        gold,
        expected,
        kind if isinstance(kind, str) else None,
        split,
    )


def _pair(check: RecordChecker) -> LabelledPair | None:
    before = len(check.problems)
    pid = check.text("id")
    raw_label = check.record.get("label")
    label = next((known for known in PAIR_LABELS if known == raw_label), None)
    if label is None:
        check.fail("label", f"expected one of {', '.join(PAIR_LABELS)}, got {raw_label!r}")
    a = _source_quote(check, check.record.get("a"), "a")
    b = _source_quote(check, check.record.get("b"), "b")
    note = check.record.get("note")
    split = _split(check)
    if len(check.problems) > before or pid is None or label is None or a is None or b is None:
        return None
    return LabelledPair(pid, label, a, b, note if isinstance(note, str) else None, split)


def _load(path: Path, build: Any) -> list[Any]:
    records = read_unique_records(path, build)
    if not records:
        raise DatasetError([Problem(str(path), 0, "", "no records")])
    return records


def load_questions(path: Path) -> list[Question]:
    """Every question of a dataset file, validated; ``DatasetError`` names each bad line and field."""
    return _load(path, _question)


def load_pairs(path: Path) -> list[LabelledPair]:
    """Every labelled pair of a pairs file, validated like ``load_questions``."""
    return _load(path, _pair)


def in_split(records: list[Any], split: Split | None) -> list[Any]:
    """The records of one split (``None``: all of them). Records without a split belong to neither."""
    return list(records) if split is None else [r for r in records if r.split == split]
