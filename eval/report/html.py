"""report.html: one self-contained page (inline CSS, inline SVG bars, no script, nothing fetched).

Every value from the dataset or the responses is HTML-escaped: answers and
quotes are untrusted text.
"""

from __future__ import annotations

from html import escape
from typing import Any

from eval.report.common import LOWER_IS_BETTER, TYPE_COLUMNS, Row, fmt, metric_rows, question_flags

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 8px}h2{font-size:19px;margin:28px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}
th,td{border:1px solid #dde1e8;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#4a5468;margin:2px 0}.note{color:#6b7385;font-size:13px}
.bad{color:#a3261b}.good{color:#1f7a3a}.warn{background:#fff4e5;border:1px solid #f0c27b;padding:8px;margin:8px 0}
details{background:#fff;border:1px solid #dde1e8;border-radius:6px;margin:6px 0;padding:4px 10px}
summary{cursor:pointer;font-weight:600}summary .flag{font-weight:400;font-size:13px;color:#a3261b;margin-left:6px}
blockquote{margin:4px 0;padding:4px 10px;border-left:3px solid #9fb3d1;background:#f3f6fb;white-space:pre-wrap}
.chip{display:inline-block;border-radius:10px;padding:0 7px;font-size:12px;margin-right:4px}
.ok{background:#dcf3e3;color:#1f7a3a}.no{background:#fbe0dd;color:#a3261b}.na{background:#eceef2;color:#4a5468}
svg text{font:12px system-ui,sans-serif;fill:#1d2433}.scroll{overflow-x:auto}
"""
_BAR_WIDTH = 420


def _chip(value: bool | None, yes: str = "ok", no: str = "fail") -> str:
    if value is None:
        return '<span class="chip na">n/a</span>'
    return f'<span class="chip {"ok" if value else "no"}">{escape(yes if value else no)}</span>'


def _bars(rows: list[Row]) -> str:
    """A horizontal bar per 0..1 metric; lower-is-better metrics are drawn in orange."""
    drawable = [r for r in rows if r.fraction is not None and 0 <= r.fraction <= 1]
    height = 22 * len(drawable) + 10
    parts = [
        f'<svg role="img" aria-label="metric summary" width="{_BAR_WIDTH + 300}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, row in enumerate(drawable):
        y = 5 + 22 * i
        fraction = float(row.fraction or 0.0)
        colour = "#e08a2e" if row.key in LOWER_IS_BETTER else "#3b6fb6"
        parts.append(
            f'<text x="0" y="{y + 14}">{escape(row.key)}</text>'
            f'<rect x="230" y="{y + 2}" width="{_BAR_WIDTH}" height="14" fill="#e6e9ef"/>'
            f'<rect x="230" y="{y + 2}" width="{_BAR_WIDTH * fraction:.1f}" height="14" fill="{colour}"/>'
            f'<text x="{236 + _BAR_WIDTH}" y="{y + 14}">{escape(fmt(row.value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _header(report: dict[str, Any]) -> str:
    data, judge = report["dataset"], report["judge"]
    system = ", ".join(f"{k}={v}" for k, v in report["system"].items())
    lines = [
        "<h1>Crosscheck evaluation report</h1>",
        f'<p class="meta">Generated {escape(report["generated_at"])} by <code>crosscheck eval '
        f"{escape(report['command'])}</code> (report schema {escape(report['schema_version'])})</p>",
        f'<p class="meta">Dataset <code>{escape(data["path"])}</code>: {data["questions"]} questions; pairs: '
        f"{escape(str(data['pairs_path'] or 'none'))} ({data['pairs']})</p>",
        f'<p class="meta">System: {escape(system)}</p>',
        f'<p class="meta">Judge: <b>{escape(judge["name"])}</b>: {escape(judge["description"])}</p>',
        f'<p class="meta">Citation validity checked against: {escape(report["citation_validity_basis"])}; '
        f"corpus contradictions from: {escape(report['contradictions_source'])}</p>",
    ]
    if report["errors"]:
        lines.append(f'<p class="warn">{report["errors"]} request(s) failed; they are scored as empty answers.</p>')
    return "\n".join(lines)


def _metrics_table(rows: list[Row]) -> str:
    body = "".join(
        f"<tr><td><code>{escape(r.key)}</code></td><td class=num>{escape(fmt(r.value))}</td>"
        f"<td class=num>{escape(fmt(r.count))}</td><td class=note>{escape(r.note)}</td></tr>"
        for r in rows
    )
    return f"<table><tr><th>metric</th><th>value</th><th>n</th><th>note</th></tr>{body}</table>"


def _type_table(report: dict[str, Any]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in TYPE_COLUMNS)
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td class=num>{m['questions']}</td>"
        + "".join(f"<td class=num>{escape(fmt(m.get(c)))}</td>" for c in TYPE_COLUMNS)
        + "</tr>"
        for name, m in report["by_type"].items()
    )
    return f'<div class="scroll"><table><tr><th>type</th><th>n</th>{head}</tr>{rows}</table></div>'


def _judge_table(report: dict[str, Any]) -> str:
    if not report["judges"]:
        return "<p>No pairs file was given, so no judge agreement was measured.</p>"
    rows = "".join(
        f"<tr><td>{escape(a['judge'])}</td><td class=num>{escape(fmt(a['agreement']))}</td>"
        f"<td class=num>{escape(fmt(a['contradiction_agreement']))}</td>"
        f"<td class=num>{escape(fmt(a['consistent_agreement']))}</td><td class=num>{a['false_support']}</td>"
        f"<td class=num>{a['pairs']}</td></tr>"
        for a in report["judges"]
    )
    return (
        "<table><tr><th>judge</th><th>agreement</th><th>contradiction pairs</th><th>consistent pairs</th>"
        f"<th>false support</th><th>pairs</th></tr>{rows}</table><p class=note>A contradiction pair agrees when "
        "the judge calls neither direction supported and at least one contradicted; a consistent pair when it "
        "calls neither direction contradicted.</p>"
    )


def _table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain table; ``rows`` hold cells that are already HTML (escaped text or chips)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _question(q: dict[str, Any]) -> str:
    flags = question_flags(q)
    flag_text = f'<span class="flag">{escape("; ".join(flags))}</span>' if flags else '<span class="chip ok">ok</span>'
    parts = [f"<details><summary>{escape(q['id'])}: {escape(q['question'])} {flag_text}</summary>"]
    parts.append(
        f"<p><b>Expected:</b> {'answerable' if q['answerable'] else 'unanswerable (should refuse)'}; "
        f"reference: {escape(q['reference_answer'] or 'n/a')}</p>"
    )
    if q["error"]:
        parts.append(f'<p class="bad"><b>Request failed:</b> {escape(q["error"])}</p>')
    parts.append(
        f"<p><b>Answer</b> (refused: {_chip(q['refused'], 'yes', 'no')}):</p>"
        f"<blockquote>{escape(q['answer'] or '(empty)')}</blockquote>"
    )
    scores = "".join(
        f"<tr><td>{escape(k)}</td><td class=num>{escape(fmt(v))}</td></tr>" for k, v in q["scores"].items()
    )
    parts.append(f"<table><tr><th>score</th><th>value</th></tr>{scores}</table>")
    if q["must_mention"]:
        missing = {tuple(g) for g in q["missing_mentions"]}
        mentions = "".join(
            f"<li>{_chip(tuple(g) not in missing, 'found', 'missing')} {escape(' / '.join(g))}</li>"
            for g in q["must_mention"]
        )
        parts.append(f"<p><b>Must mention</b></p><ul>{mentions}</ul>")
    if q["claims"]:
        rows = [[escape(c["text"]), escape(str(c["citations"])), _chip(c["supported"]), escape(c["reason"]),
                 _chip(c["supported_by_context"])] for c in q["claims"]]
        headers = ["claim", "cites", "supported", "reason", "in any retrieved passage"]
        parts.append(f"<p><b>Claims</b> (faithfulness)</p>{_table(headers, rows)}")
    if q["sentences"]:
        rows = [[escape(s["text"]), escape(str(s["citations"])), _chip(s["supported"]),
                 escape(str(s["imprecise_citations"] or "")), escape(s["reason"])] for s in q["sentences"]]
        headers = ["sentence", "cites", "supported", "imprecise", "reason"]
        parts.append(f"<p><b>Sentences</b> (ALCE citation recall / precision)</p>{_table(headers, rows)}")
    if q["citations"]:
        items = "".join(
            f"<li>[{c['id']}] <code>{escape(c['source'])}</code> @{c['start']}-{c['end']} "
            f"{_chip(c['valid'], 'valid', 'invalid')}<blockquote>{escape(c['quote'])}</blockquote></li>"
            for c in q["citations"]
        )
        parts.append(f"<p><b>Citations</b></p><ul>{items}</ul>")
    if q["gold"]:
        recalled = q["retrieval"]["gold_recalled"] or [None] * len(q["gold"])
        items = "".join(
            f"<li>{_chip(hit, 'retrieved', 'not retrieved')} <code>{escape(g['source'])}</code>: "
            f"{escape(g['quote'])}</li>"
            for g, hit in zip(q["gold"], recalled, strict=False)
        )
        parts.append(
            f"<p><b>Gold quotes</b> (from {escape(q['retrieval']['basis'])}, k={q['retrieval']['k']})</p>"
            f"<ul>{items}</ul>"
        )
    if q["contradiction"]:
        parts.append(
            f"<p><b>Expected contradiction:</b> {_chip(q['contradiction']['recalled'], 'surfaced', 'missed')} "
            f"{escape(q['contradiction']['how'])}</p>"
        )
    for c in q["contradictions"]:
        claims = "".join(
            f"<li><code>{escape(cl['source'])}</code> {escape(cl.get('speaker') or '')}: "
            f"<blockquote>{escape(cl['quote'])}</blockquote></li>"
            for cl in c["claims"]
        )
        parts.append(
            f"<p><b>Reported contradiction:</b> {escape(c.get('explanation') or c.get('topic') or '')}</p>"
            f"<ul>{claims}</ul>"
        )
    if q.get("correctness_reason"):
        parts.append(f"<p><b>Correctness judge:</b> {escape(q['correctness_reason'])}</p>")
    parts.append("</details>")
    return "".join(parts)


def render_html(report: dict[str, Any]) -> str:
    rows = metric_rows(report)
    flagged = sum(1 for q in report["questions"] if question_flags(q))
    body = "\n".join(
        [
            _header(report),
            "<h2>Summary</h2>",
            _bars(rows),
            _metrics_table(rows),
            "<h2>By question type</h2>",
            _type_table(report),
            "<h2>Judge agreement with the labelled pairs</h2>",
            _judge_table(report),
            f"<h2>Questions ({len(report['questions'])}, {flagged} flagged)</h2>",
            "".join(_question(q) for q in report["questions"]),
        ]
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Crosscheck evaluation</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>'
        f"<body><main>{body}</main></body></html>\n"
    )
