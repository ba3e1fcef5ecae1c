"""Give every question and labelled pair in this folder a ``"split": "dev" | "test"``.

Run ``python eval/datasets/assign_splits.py`` after adding records. Records that already
have a split keep it, so adding questions never moves old ones between dev and test.
A record without one goes to whichever split has fewer records of its kind in its file
(kind = ``type`` for questions, ``label`` for pairs); a tie goes to the split with fewer
records in the file, and a tie there too by the parity of the first byte of sha256(id).
Records are visited in sha256(id) order, so the assignment depends only on the ids, not on line order.

Rule of use (DESIGN.md, Generalisation): tune on dev only, freeze, then score test.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "test")


def _digest(rid: str) -> bytes:
    return hashlib.sha256(rid.encode("utf-8")).digest()


def assign(records: list[dict]) -> list[dict]:
    def kind(rec: dict) -> str:
        return str(rec.get("type", rec.get("label", "")))

    counts: Counter[tuple[str, str]] = Counter((kind(r), r["split"]) for r in records if r.get("split") in SPLITS)
    totals: Counter[str] = Counter(r["split"] for r in records if r.get("split") in SPLITS)
    for rec in sorted((r for r in records if r.get("split") not in SPLITS), key=lambda r: _digest(r["id"])):
        k = kind(rec)
        dev, test = counts[(k, "dev")], counts[(k, "test")]
        split = "dev" if dev < test else "test" if test < dev else _lighter_split(totals, rec["id"])
        rec["split"] = split
        counts[(k, split)] += 1
        totals[split] += 1
    return records


def _lighter_split(totals: Counter[str], rid: str) -> str:
    """A tie within a kind goes to the split with fewer records in the file, so that kinds of odd size do
    not all lean one way; a tie there too, by the parity of the id's digest."""
    if totals["dev"] != totals["test"]:
        return "dev" if totals["dev"] < totals["test"] else "test"
    return SPLITS[_digest(rid)[0] % 2]


def main(paths: list[Path]) -> int:
    for path in paths or sorted(HERE.glob("*.jsonl")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        records = assign([json.loads(line) for line in lines])
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        print(path.name, dict(sorted(Counter(r["split"] for r in records).items())))
    return 0


if __name__ == "__main__":
    sys.exit(main([Path(p) for p in sys.argv[1:]]))
