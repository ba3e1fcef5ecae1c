"""Report writers: report.json (the stable schema), report.md and report.html, all from one dict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eval.report.html import render_html
from eval.report.json_report import write_json
from eval.report.markdown import render_markdown


def write_reports(report: dict[str, Any], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "report.html"]
    write_json(report, paths[0])
    paths[1].write_text(render_markdown(report), encoding="utf-8")
    paths[2].write_text(render_html(report), encoding="utf-8")
    return paths
