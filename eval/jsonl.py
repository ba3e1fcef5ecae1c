"""Line-numbered JSONL reading, with errors that name the file, the line and the field.

Every loader in the harness (questions, labelled pairs, saved answers) collects
all problems of a file before failing, so one run shows every bad record.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_LISTED_PROBLEMS = 25


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: field '{self.field}': {self.message}" if self.field else f"{where}: {self.message}"


class DatasetError(ValueError):
    """One or more records are invalid; ``problems`` lists each with its line and field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        listed = "\n  ".join(str(p) for p in problems[:MAX_LISTED_PROBLEMS])
        more = len(problems) - MAX_LISTED_PROBLEMS
        suffix = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{len(problems)} invalid record field(s):\n  {listed}{suffix}")


def read_jsonl(path: Path) -> Iterator[tuple[int, Any | Problem]]:
    """(line number, parsed object) for every non-blank line; a ``Problem`` where the JSON is broken."""
    if not path.is_file():
        raise DatasetError([Problem(str(path), 0, "", "file not found")])
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, Problem(str(path), number, "", f"invalid JSON: {exc.msg} (column {exc.colno})")


class RecordChecker:
    """Typed field access for one record that records a ``Problem`` instead of raising."""

    def __init__(self, path: Path, line: int, record: Any, problems: list[Problem]) -> None:
        self.path = str(path)
        self.line = line
        self.record = record if isinstance(record, dict) else {}
        self.problems = problems
        if not isinstance(record, dict):
            self.fail("", f"expected a JSON object, got {type(record).__name__}")

    def fail(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, self.line, field, message))

    def text(self, field: str, obj: Any = None, *, required: bool = True, where: str | None = None) -> str | None:
        """A non-empty string; ``None`` (after recording a problem when required) otherwise."""
        container = self.record if obj is None else obj
        name = where or field
        if not isinstance(container, dict) or field not in container or container[field] is None:
            if required:
                self.fail(name, "missing (expected a non-empty string)")
            return None
        value = container[field]
        if not isinstance(value, str) or not value.strip():
            self.fail(name, f"expected a non-empty string, got {json.dumps(value)[:60]}")
            return None
        return value

    def boolean(self, field: str) -> bool | None:
        if field not in self.record:
            self.fail(field, "missing (expected true or false)")
            return None
        value = self.record[field]
        if not isinstance(value, bool):
            self.fail(field, f"expected true or false, got {json.dumps(value)[:60]}")
            return None
        return value

    def array(self, field: str, default: list[Any] | None = None) -> list[Any]:
        """A JSON array; absent or null gives ``default`` (an empty list)."""
        value = self.record.get(field)
        if value is None:
            return list(default or [])
        if not isinstance(value, list):
            self.fail(field, f"expected an array, got {type(value).__name__}")
            return []
        return value


def read_unique_records(path: Path, build: Callable[[RecordChecker], Any]) -> list[Any]:
    """Every valid record of a JSONL file, built by ``build`` from its checked fields, each ``id`` once.

    ``DatasetError`` lists every bad line and field, duplicate ids included, so a file is fixed in
    one pass rather than one error at a time.
    """
    problems: list[Problem] = []
    records: list[Any] = []
    first_line: dict[str, int] = {}
    for line, obj in read_jsonl(path):
        if isinstance(obj, Problem):
            problems.append(obj)
            continue
        check = RecordChecker(path, line, obj, problems)
        record = build(check)
        if record is None:
            continue
        if record.id in first_line:
            check.fail("id", f"duplicate id {record.id!r} (first on line {first_line[record.id]})")
            continue
        first_line[record.id] = line
        records.append(record)
    if problems:
        raise DatasetError(problems)
    return records
