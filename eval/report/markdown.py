"""report.md: the summary, the per-type table, judge agreement, and every question that failed a check."""

from __future__ import annotations

from typing import Any

from eval.report.common import TYPE_COLUMNS, fmt, metric_rows, question_flags


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _summary(report: dict[str, Any]) -> list[str]:
    data, judge = report["dataset"], report["judge"]
    lines = [
        "# Crosscheck evaluation report",
        "",
        f"- generated: {report['generated_at']} by `crosscheck eval {report['command']}` "
        f"(report schema {report['schema_version']})",
        f"- dataset: `{data['path']}` ({data['questions']} questions); pairs: "
        + (f"`{data['pairs_path']}` ({data['pairs']} pairs)" if data["pairs_path"] else "none"),
        f"- system: {_cell(', '.join(f'{k}={v}' for k, v in report['system'].items()))}",
        f"- judge: **{judge['name']}**: {judge['description']}",
        f"- citation validity checked against: {report['citation_validity_basis']}",
        f"- corpus contradictions from: {report['contradictions_source']}",
    ]
    if report["errors"]:
        lines.append(f"- **{report['errors']} request(s) failed**; they are scored as empty answers")
    lines += ["", "## Metrics", "", "| metric | value | n | note |", "|---|---:|---:|---|"]
    lines += [f"| `{r.key}` | {fmt(r.value)} | {fmt(r.count)} | {_cell(r.note)} |" for r in metric_rows(report)]
    return lines


def _by_type(report: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## By question type",
        "",
        "| type | n | " + " | ".join(TYPE_COLUMNS) + " |",
        "|---|---:|" + "---:|" * len(TYPE_COLUMNS),
    ]
    for name, metrics in report["by_type"].items():
        cells = " | ".join(fmt(metrics.get(k)) for k in TYPE_COLUMNS)
        lines.append(f"| {_cell(name)} | {metrics['questions']} | {cells} |")
    return lines


def _judges(report: dict[str, Any]) -> list[str]:
    lines = ["", "## Judge agreement with the labelled pairs", ""]
    if not report["judges"]:
        return [*lines, "No pairs file was given, so no judge agreement was measured."]
    lines += [
        "| judge | agreement | on contradiction pairs | on consistent pairs | false support | pairs |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for a in report["judges"]:
        lines.append(
            f"| {a['judge']} | {fmt(a['agreement'])} | {fmt(a['contradiction_agreement'])} | "
            f"{fmt(a['consistent_agreement'])} | {a['false_support']} | {a['pairs']} |"
        )
    lines += [
        "",
        "A contradiction pair agrees when the judge calls neither direction supported and at least one "
        "contradicted; a consistent pair when it calls neither direction contradicted (docs/eval.md).",
    ]
    return lines


def _failures(report: dict[str, Any]) -> list[str]:
    lines = ["", "## Questions that failed a check", ""]
    flagged = [(q, question_flags(q)) for q in report["questions"]]
    flagged = [(q, f) for q, f in flagged if f]
    if not flagged:
        return [*lines, "None."]
    for q, flags in flagged:
        lines += [
            f"### {q['id']}: {_cell(q['question'])}",
            "",
            f"- flags: {', '.join(flags)}",
            f"- answer: {_cell(q['answer'] or '(empty)')}",
        ]
        if q["error"]:
            lines.append(f"- error: {_cell(q['error'])}")
        if q["missing_mentions"]:
            lines.append("- missing mentions: " + "; ".join(" / ".join(g) for g in q["missing_mentions"]))
        for claim in q["claims"]:
            if not claim["supported"]:
                lines.append(
                    f"- unsupported claim {claim['citations']}: “{_cell(claim['text'])}” ({_cell(claim['reason'])})"
                )
        for sentence in q["sentences"]:
            if sentence["imprecise_citations"] and sentence["supported"]:
                lines.append(
                    f"- superfluous citation(s) {sentence['imprecise_citations']} in “{_cell(sentence['text'][:120])}”"
                )
        if q["contradiction"] and not q["contradiction"]["recalled"]:
            lines.append(f"- contradiction: {_cell(q['contradiction']['how'])}")
        lines.append("")
    return lines


def render_markdown(report: dict[str, Any]) -> str:
    return "\n".join(_summary(report) + _by_type(report) + _judges(report) + _failures(report)) + "\n"
