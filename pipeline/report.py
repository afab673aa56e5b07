"""`vision report`: the review report staff take to the councils, in Japanese.

Every part is rendered from the jinja2 templates in `pipeline/templates/` — the page
(`report.md.j2`, `report.html.j2`) includes the check findings grouped by family
(`pipeline.report_findings`), the edition described and when the report was generated,
the KPI 進捗状況 section (`pipeline.kpi_report`) and the changes since the edition
published before it (`pipeline.report_revision`). HTML is autoescaped; Markdown cells
keep their table (`pipeline.report_templates`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from expectations.findings import CheckOutcome
from pipeline.kpi_report import KpiSection, kpi_section, write_progress_xlsx
from pipeline.output_paths import replace_file
from pipeline.report_findings import findings_part
from pipeline.report_revision import change_records, generated_at
from pipeline.report_templates import HTML, MARKDOWN
from sources.profile import current_profile
from warehouse.diff import RevisionDiff, diff_revisions, previous_revision
from warehouse.editions import LoadedEdition, edition
from warehouse.reader import open_reader


def report_title() -> str:
    """The report's title, as the run's profile words it ([report] title)."""
    return current_profile().report.title


@dataclass(frozen=True)
class ReportFiles:
    markdown: Path
    html: Path
    progress_xlsx: Path | None = None


@dataclass(frozen=True)
class ReportContent:
    """What the report says, gathered before it is rendered."""

    title: str
    outcomes: list[CheckOutcome]
    edition: LoadedEdition
    # What a reader must know about the edition (undated, not the latest), if anything.
    ordered_by: str | None
    generated: str
    progress: KpiSection
    diff: RevisionDiff | None

    def context(self) -> dict[str, object]:
        return {
            "title": self.title,
            "findings": findings_part(self.outcomes),
            "edition": self.edition,
            "ordered_by": self.ordered_by,
            "generated": self.generated,
            "diff": self.diff,
            "changes": change_records(self.diff),
            "kpi": self.progress,
        }


def render_markdown(content: ReportContent) -> str:
    return MARKDOWN.get_template("report.md.j2").render(content.context())


def render_html(content: ReportContent) -> str:
    return HTML.get_template("report.html.j2").render(content.context())


def edition_note(con: duckdb.DuckDBPyConnection, described: LoadedEdition) -> str | None:
    """What a reader must know about the edition: undated, or not the latest."""
    latest = con.execute("SELECT revision_id FROM latest_revision").fetchone()
    if latest and latest[0] != described.revision_id:
        return f"最新の版ではありません（最新：{edition(con, latest[0]).name}）"
    if described.published is None:
        return "表紙に日付がないため、読み込んだ日時の順で最新としています"
    return None


def report_content(
    warehouse: Path,
    revision_id: str,
    outcomes: list[CheckOutcome],
    *,
    title: str | None = None,
    now: dt.datetime | None = None,
) -> ReportContent:
    with open_reader(warehouse) as con:
        progress = kpi_section(con, revision_id)
        described = edition(con, revision_id)
        note = edition_note(con, described)
        previous = previous_revision(con, revision_id)
        changes = diff_revisions(con, previous, revision_id) if previous else None
    return ReportContent(
        title or report_title(), outcomes, described, note, generated_at(now), progress, changes
    )


def write_report(
    warehouse: Path,
    revision_id: str,
    outcomes: list[CheckOutcome],
    out_dir: Path,
    *,
    title: str | None = None,
    now: dt.datetime | None = None,
) -> ReportFiles:
    content = report_content(warehouse, revision_id, outcomes, title=title, now=now)
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx = write_progress_xlsx(content.progress, out_dir / "kpi_progress.xlsx")
    files = ReportFiles(out_dir / "report.md", out_dir / "report.html", xlsx)
    replace_file(files.markdown, render_markdown(content))
    replace_file(files.html, render_html(content))
    return files
