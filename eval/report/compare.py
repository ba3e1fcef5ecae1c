"""`crosscheck eval compare R1 R2`: the two reports' metrics side by side, then what changed per question."""

from __future__ import annotations

from typing import Any

from eval.report.common import LOWER_IS_BETTER, fmt, metric_rows

_EPSILON = 1e-9


def _direction(key: str, before: Any, after: Any) -> str:
    if isinstance(before, bool) and isinstance(after, bool):  # pass/fail checks: passing is better
        return "" if before == after else ("better" if after else "worse")
    if not isinstance(before, int | float) or not isinstance(after, int | float):
        return "" if before == after else "changed"
    delta = after - before
    if abs(delta) < _EPSILON:
        return ""
    better = delta < 0 if key in LOWER_IS_BETTER or key.startswith("latency") else delta > 0
    return "better" if better else "worse"


def _delta(before: Any, after: Any) -> str:
    if isinstance(before, int | float) and isinstance(after, int | float) and not isinstance(before, bool):
        return f"{after - before:+.3f}" if abs(after - before) <= 1 else f"{after - before:+,.1f}"
    return ""


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return out


def _context(a: dict[str, Any], b: dict[str, Any], names: tuple[str, str]) -> list[str]:
    lines = [
        f"R1: {names[0]}  ({a['generated_at']}, judge {a['judge']['name']}, {a['system'].get('mode', '')})",
        f"R2: {names[1]}  ({b['generated_at']}, judge {b['judge']['name']}, {b['system'].get('mode', '')})",
    ]
    if a["judge"]["name"] != b["judge"]["name"]:
        lines.append("warning: the reports use different judges; faithfulness and citation scores are not comparable")
    if a["dataset"].get("sha256") != b["dataset"].get("sha256"):
        lines.append("warning: the reports were made on different datasets (sha256 differs)")
    return lines


def _metrics(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    before = {r.key: r.value for r in metric_rows(a)}
    after = {r.key: r.value for r in metric_rows(b)}
    keys = list(before) + [k for k in after if k not in before]
    rows = [
        [
            k,
            fmt(before.get(k)),
            fmt(after.get(k)),
            _delta(before.get(k), after.get(k)),
            _direction(k, before.get(k), after.get(k)),
        ]
        for k in keys
    ]
    return _table(["metric", "R1", "R2", "delta", ""], rows)


def _questions(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    first = {q["id"]: q for q in a["questions"]}
    second = {q["id"]: q for q in b["questions"]}
    lines: list[str] = []
    for qid, q1 in first.items():
        q2 = second.get(qid)
        if q2 is None:
            continue
        changes = [
            f"{key} {fmt(v1)} -> {fmt(q2['scores'].get(key))} ({_direction(key, v1, q2['scores'].get(key))})"
            for key, v1 in q1["scores"].items()
            if _direction(key, v1, q2["scores"].get(key))
        ]
        if q1.get("error") != q2.get("error"):
            changes.append(f"error: {q1.get('error') or 'none'} -> {q2.get('error') or 'none'}")
        if changes:
            lines.append(f"{qid}: " + "; ".join(changes))
        elif q1["answer"] != q2["answer"]:
            lines.append(f"{qid}: answer text changed, scores unchanged")
    only_first = [qid for qid in first if qid not in second]
    only_second = [qid for qid in second if qid not in first]
    if only_first:
        lines.append(f"only in R1: {', '.join(only_first)}")
    if only_second:
        lines.append(f"only in R2: {', '.join(only_second)}")
    return lines or ["no per-question changes"]


def compare_reports(a: dict[str, Any], b: dict[str, Any], names: tuple[str, str] = ("R1", "R2")) -> str:
    lines = _context(a, b, names) + [""] + _metrics(a, b) + ["", "Per-question changes:"] + _questions(a, b)
    return "\n".join(lines) + "\n"
