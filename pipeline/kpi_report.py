"""The report's KPI 進捗状況 section: what the PDCA review hands to the council.

Per category a table (基準値, each year's 実績, 目標値, 達成率, 評価, 出典) and a small chart
per KPI (the straight line from baseline to target, actuals as points), the population
against its projected path, related statistics (参考) and recomputed baselines. The data
come from the views (`kpi_progress`, `kpi_progress_by_year`, `kpi_related_statistic`,
`population_path`); this module only shapes them and fills the jinja2 templates in
`pipeline/templates/`. The same table is written as a workbook by `pipeline.kpi_workbook`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb
from markupsafe import Markup

from pipeline.kpi_charts import population_chart_svg
from pipeline.kpi_entries import Category, kpi_categories, query_rows
from pipeline.kpi_text import difference_text, share_text
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
