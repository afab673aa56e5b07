"""`vision report`: the review report staff take to the councils, in Japanese.

It puts together what other modules compute: the check findings grouped by family
(`expectations.report`), the KPI 進捗状況 section (`pipeline.kpi_report`), and
the value-level changes since the previously loaded revision (`warehouse.diff`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from expectations.findings import CheckOutcome
from expectations.report import html_report, markdown_report
from pipeline.kpi_report import kpi_html, kpi_markdown, kpi_section, write_progress_xlsx
from warehouse.diff import RevisionDiff, diff_revisions


@dataclass(frozen=True)
class ReportFiles:
    markdown: Path
    html: Path
    progress_xlsx: Path | None = None


def previous_revision(con: duckdb.DuckDBPyConnection, revision_id: str) -> str | None:
    row = con.execute(
        "SELECT revision_id FROM source_document WHERE revision_id <> ? "
        "AND loaded_at < (SELECT loaded_at FROM source_document WHERE revision_id = ?) "
        "ORDER BY loaded_at DESC LIMIT 1",
        [revision_id, revision_id],
    ).fetchone()
    return row[0] if row else None


def diff_markdown(result: RevisionDiff | None) -> list[str]:
    lines = ["## 前回の版からの変更", ""]
    if result is None:
        return [*lines, "比較できる前の版が読み込まれていません。", ""]
    lines.append(f"{result.old[:12]} → {result.new[:12]}")
    lines.append("")
    if result.is_empty:
        return [*lines, "変更はありません。", ""]
    if not result.changed.empty:
        lines += ["| 表 | 行 | 列 | 旧 | 新 | ページ |", "|---|---|---|---|---|---|"]
        for _, c in result.changed.iterrows():
            page = c["new_page"] if not pd.isna(c["new_page"]) else c["old_page"]
            lines.append(
                f"| {c['caption']} | {c['row_label']} | {c['column_label']} "
                f"| {c['old'] if c['old'] is not None else '（なし）'} "
                f"| {c['new'] if c['new'] is not None else '（なし）'} | {page} |"
            )
        lines.append("")
    for title, frame, column in (
        ("追加された表", result.added_tables, "caption"),
        ("削除された表", result.removed_tables, "caption"),
        ("追加された連携事業", result.added_projects, "project_name"),
        ("削除された連携事業", result.removed_projects, "project_name"),
    ):
        if not frame.empty:
            lines += [f"- {title}: " + "、".join(str(v) for v in frame[column]), ""]
    return lines


def _markdown_to_html_section(lines: list[str]) -> str:
    """The diff section for the HTML report: its Markdown, escaped, in a <pre>."""
    title, *rest = lines
    return f"<h2>{html.escape(title[3:])}</h2><pre>{html.escape(chr(10).join(rest))}</pre>"


def write_report(
    warehouse: Path, revision_id: str, outcomes: list[CheckOutcome], out_dir: Path
) -> ReportFiles:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        progress = kpi_section(con, revision_id)
        previous = previous_revision(con, revision_id)
        changes = diff_revisions(con, previous, revision_id) if previous else None
    markdown = "\n".join(
        [markdown_report(outcomes), kpi_markdown(progress), *diff_markdown(changes)]
    )
    page = html_report(outcomes).replace(
        "</body>",
        kpi_html(progress) + _markdown_to_html_section(diff_markdown(changes)) + "</body>",
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx = write_progress_xlsx(progress, out_dir / "kpi_progress.xlsx")
    files = ReportFiles(out_dir / "report.md", out_dir / "report.html", xlsx)
    files.markdown.write_text(markdown, encoding="utf-8")
    files.html.write_text(page, encoding="utf-8")
    return files
