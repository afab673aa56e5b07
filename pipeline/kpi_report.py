"""The report's KPI 進捗状況 section: what the PDCA review hands to the council.

Per category a table (基準値, each year's 実績, 目標値, 達成率, 評価, 出典) and a small chart
per KPI (the straight line from baseline to target, actuals as points), the population
against its projected path, related statistics (参考) and recomputed baselines. The data
come from the views (`kpi_progress`, `kpi_progress_by_year`, `kpi_related_statistic`,
`population_path`); this module only shapes them and fills the jinja2 templates in
`pipeline/templates/`. The same table is written as an xlsx sheet with Japanese headers.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from markupsafe import Markup

from pipeline.kpi_charts import population_chart_svg
from pipeline.kpi_entries import Category, kpi_categories, query_rows
from pipeline.kpi_text import difference_text, number_text, present, share_text
from pipeline.output_paths import replace_file
from sources.profile import current_profile

SECTION_TITLE = "KPI 進捗状況"
# What the population sentence calls the vision's own figures (one series per place printed).
VISION_SERIES_TEXT = "ビジョンに記載された値"
# 国勢調査（確定値）: a label's name and its stage in brackets, for 国勢調査（確定値・速報値）.
STAGED_LABEL = re.compile(r"^(?P<name>.+)（(?P<stage>[^（）]+)）$")
GRADE_ORDER = ("A", "B", "C", "D")


@dataclass
class PopulationComparison:
    year: int
    census: float
    census_label: str
    projection: float

    @property
    def difference(self) -> str:
        return difference_text(self.census - self.projection, self.projection, None, "人")


@dataclass
class KpiSection:
    categories: list[Category]
    population: list[dict]
    comparisons: list[PopulationComparison]
    grades: list[dict]
    with_actual: int
    # How the text calls the document and the area's members (14市町): the run's profile's.
    document_name: str = field(default_factory=lambda: current_profile().report.document_name)
    members: str = field(default_factory=lambda: current_profile().region.members_text)

    @property
    def decrease_example(self) -> str | None:
        """A KPI whose target is below its baseline (the first printed), for the sentence
        saying such KPIs progress as they fall; None when the document has none."""
        for category in self.categories:
            for kpi in category.kpis:
                base, target = kpi.baseline_value, kpi.target_value
                if base is not None and target is not None and target < base:
                    return kpi.indicator
        return None

    @property
    def total(self) -> int:
        return sum(len(c.kpis) for c in self.categories)

    @property
    def grade_legend(self) -> str:
        """e.g. A 目標達成（達成率 100% 以上）、…; 目標値＝基準値の指標は A 基準値を維持／D …"""
        progress = [
            f"{g['grade']} {g['label']}"
            + (
                f"（達成率 {share_text(g['min_achievement'])} 以上）"
                if g["min_achievement"] is not None
                else ""
            )
            for g in self.grades
            if g["applies_to"] == "progress"
        ]
        maintain = [
            f"{g['grade']} {g['label']}" for g in self.grades if g["applies_to"] != "progress"
        ]
        legend = "、".join(progress)
        return legend + (f"。目標値が基準値と同じ指標は {'／'.join(maintain)}" if maintain else "")

    def population_chart(self) -> Markup:
        return population_chart_svg(self.population)

    @property
    def population_sources(self) -> str:
        """The series the population table holds, for the sentence introducing it, e.g.
        国勢調査（確定値・速報値）、社人研 令和5年推計、ビジョンに記載された値: only those
        loaded (an area without a final census or the projections has no such rows)."""
        census = sorted(
            {
                (not _is_final(r), r["series_label"])
                for r in self.population
                if r["series"] == "census"
            }
        )
        parts = [_merged_stages([label for _, label in census])] if census else []
        parts += dict.fromkeys(
            r["series_label"] for r in self.population if r["series"] == "projection"
        )
        if any(r["series"] == "vision" for r in self.population):
            parts.append(VISION_SERIES_TEXT)
        return "、".join(parts)


def _is_final(row: dict) -> bool:
    return bool(row.get("dataset_id")) and "final" in row["dataset_id"]


def _merged_stages(labels: list[str]) -> str:
    """国勢調査（確定値）, 国勢調査（速報値） → 国勢調査（確定値・速報値）; labels of different
    names stay apart."""
    matches = [STAGED_LABEL.match(label) for label in labels]
    names = {m["name"] for m in matches if m}
    if len(names) == 1 and all(matches):
        return f"{names.pop()}（{'・'.join(m['stage'] for m in matches)}）"
    return "、".join(labels)


def kpi_section(con: duckdb.DuckDBPyConnection, revision_id: str) -> KpiSection:
    categories = kpi_categories(con, revision_id)
    path = query_rows(con, "SELECT * FROM population_path ORDER BY year, series")
    comparisons = []
    for year in sorted({r["year"] for r in path if r["series"] == "census"}):
        census = [r for r in path if r["year"] == year and _is_final(r)]
        projection = [r for r in path if r["year"] == year and r["series"] == "projection"]
        if census and projection:
            comparisons.append(
                PopulationComparison(
                    year, census[0]["value"], census[0]["series_label"], projection[0]["value"]
                )
            )
    grades = query_rows(
        con,
        "SELECT grade, min_achievement, label, applies_to FROM kpi_grade "
        "ORDER BY applies_to = 'maintain_missed', applies_to, min_achievement DESC NULLS LAST",
    )
    with_actual = sum(1 for c in categories for k in c.kpis if k.actuals)
    return KpiSection(categories, path, comparisons, grades, with_actual)


PROGRESS_SHEET = "KPI進捗"
XLSX_HEADERS = (
    "区分",
    "指標",
    "単位",
    "基準値（基準年）",
    "年",
    "実績値",
    "計画値（基準→目標の直線）",
    "目標値（目標年）",
    "達成率",
    "評価",
    "状況",
    "出典",
    "備考",
)


def write_progress_xlsx(section: KpiSection, out: Path) -> Path:
    """The progress table as an xlsx sheet: one row per KPI and year with an actual (a KPI
    without any actual gets one row saying so)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from sources.spreadsheet_text import keep_text
    from warehouse.actuals_template import fit_to_a4_landscape

    book = Workbook()
    sheet = book.active
    sheet.title = PROGRESS_SHEET
    sheet.append(list(XLSX_HEADERS))
    for category in section.categories:
        for kpi in category.kpis:
            rows = sorted(kpi.actuals.items()) or [(None, None)]
            for year, row in rows:
                row = row or {}
                sheet.append(
                    [
                        kpi.code,
                        kpi.indicator,
                        kpi.unit or "",
                        kpi.baseline,
                        year or "",
                        number_text(present(row, "actual_value"), kpi.unit) if row else "実績なし",  # type: ignore[arg-type]
                        number_text(present(row, "plan_value"), kpi.unit) if row else "",  # type: ignore[arg-type]
                        kpi.target,
                        share_text(present(row, "achievement")) if row else "",  # type: ignore[arg-type]
                        present(row, "grade") or "",
                        present(row, "status") or "",
                        present(row, "actual_source") or "",
                        "；".join(kpi.notes)
                        if not row
                        else (present(row, "comparability_note") or ""),
                    ]
                )
    keep_text(sheet)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = (6, 36, 6, 20, 6, 12, 12, 20, 7, 5, 11, 30, 36)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    fit_to_a4_landscape(sheet)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    book.save(buffer)
    replace_file(out, buffer.getvalue())
    return out
