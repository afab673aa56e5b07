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
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from expectations.findings import CheckOutcome
from pipeline.council_report import CouncilDocument, OtherBaseline, other_baselines
from pipeline.kpi_report import KpiSection, kpi_section
from pipeline.kpi_workbook import write_progress_xlsx
from pipeline.output_paths import replace_file
from pipeline.report_findings import findings_part
from pipeline.report_revision import change_records, edition_name, generated_at
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
    # The council document (KPI 進捗状況), next to the editors' consistency report.
    progress_markdown: Path | None = None
    progress_html: Path | None = None


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
    # KPI code → the other baseline the document prints for it (the council document's).
    other_baselines: dict[str, OtherBaseline] = field(default_factory=dict)

    def council(self) -> CouncilDocument:
        return CouncilDocument(
            self.edition,
            edition_name(self.edition),
            self.generated,
            self.progress,
            self.other_baselines,
        )

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
            "other_baselines": self.other_baselines,
        }


def render_markdown(content: ReportContent) -> str:
    return MARKDOWN.get_template("report.md.j2").render(content.context())


def render_html(content: ReportContent) -> str:
    return HTML.get_template("report.html.j2").render(content.context())


def render_council_markdown(document: CouncilDocument) -> str:
    return MARKDOWN.get_template("progress.md.j2").render(document.context())


def render_council_html(document: CouncilDocument) -> str:
    return HTML.get_template("progress.html.j2").render(document.context())


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
        baselines = other_baselines(con, progress)
        described = edition(con, revision_id)
        note = edition_note(con, described)
        previous = previous_revision(con, revision_id)
        changes = diff_revisions(con, previous, revision_id) if previous else None
    return ReportContent(
        title or report_title(),
        outcomes,
        described,
        note,
        generated_at(now),
        progress,
        changes,
        baselines,
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
    files = ReportFiles(
        out_dir / "report.md",
        out_dir / "report.html",
        xlsx,
        out_dir / "progress.md",
        out_dir / "progress.html",
    )
    replace_file(files.markdown, render_markdown(content))
    replace_file(files.html, render_html(content))
    council = content.council()
    replace_file(files.progress_markdown, render_council_markdown(council))
    replace_file(files.progress_html, render_council_html(council))
    return files
