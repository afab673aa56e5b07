"""`vision report`: the review report staff take to the councils, in Japanese.

It puts together what other modules compute: the check findings grouped by family
(`expectations.report`), the KPI 進捗状況 section (`pipeline.kpi_report`), and the changes
since the edition published before it (`pipeline.report_revision`), under a header naming
the edition described and when the report was generated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from expectations.findings import CheckOutcome
from expectations.report import html_report, markdown_report
from pipeline.kpi_report import kpi_html, kpi_markdown, kpi_section, write_progress_xlsx
from pipeline.output_paths import replace_file
from pipeline.report_revision import CSS as CHANGES_CSS
from pipeline.report_revision import (
    changes_html,
    changes_markdown,
    edition_html,
    edition_markdown,
    generated_at,
)
from sources.profile import current_profile
from warehouse.diff import diff_revisions, previous_revision
from warehouse.editions import LoadedEdition, edition


@dataclass(frozen=True)
class ReportFiles:
    markdown: Path
    html: Path
    progress_xlsx: Path | None = None


def edition_note(con: duckdb.DuckDBPyConnection, described: LoadedEdition) -> str | None:
    """What a reader must know about the edition: undated, or not the latest."""
    latest = con.execute("SELECT revision_id FROM latest_revision").fetchone()
    if latest and latest[0] != described.revision_id:
        return f"最新の版ではありません（最新：{edition(con, latest[0]).name}）"
    if described.published is None:
        return "表紙に日付がないため、読み込んだ日時の順で最新としています"
    return None


def write_report(
    warehouse: Path,
    revision_id: str,
    outcomes: list[CheckOutcome],
    out_dir: Path,
    *,
    now: dt.datetime | None = None,
) -> ReportFiles:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        progress = kpi_section(con, revision_id)
        described = edition(con, revision_id)
        note = edition_note(con, described)
        previous = previous_revision(con, revision_id)
        changes = diff_revisions(con, previous, revision_id) if previous else None
    generated = generated_at(now)
    title = current_profile().report.title  # the profile's words, not the shipped vision's
    markdown = "\n".join(
        [
            markdown_report(outcomes, title=title),
            edition_markdown(described, note, generated),
            kpi_markdown(progress),
            changes_markdown(changes),
        ]
    )
    page = (
        html_report(outcomes, title=title)
        .replace("</h1>", "</h1>" + edition_html(described, note, generated), 1)
        .replace("</style>", CHANGES_CSS + "</style>", 1)
        .replace("</body>", kpi_html(progress) + changes_html(changes) + "</body>")
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx = write_progress_xlsx(progress, out_dir / "kpi_progress.xlsx")
    files = ReportFiles(out_dir / "report.md", out_dir / "report.html", xlsx)
    replace_file(files.markdown, markdown)
    replace_file(files.html, page)
    return files
