"""`progress.html` and `progress.md`: the KPI 進捗状況 as the document handed to the
ビジョン懇談会 and the councils, next to `report.html` (the editors' consistency report).

A cover (the area, the document and its edition, the year under review, the grades at a
glance), per pillar (基本目標・分野) a table — 基準値, each year's actual, 目標値, 達成率,
評価 with its meaning — and the KPI charts of `pipeline.kpi_charts`, then how 達成率 and
評価 are computed and where each actual comes from. The data are the KPI section's
(`pipeline.kpi_report.kpi_section`); this module adds what a council reader must be told
besides: where the document prints a KPI's baseline twice with different values (the KPI section
and the KPI list of the national template), which one the grade uses and what the other would give.
Printed on A4 with page numbers (CSS @page in `templates/progress.css`).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.kpi_entries import KpiEntry
from pipeline.kpi_report import KpiSection
from pipeline.kpi_text import number_text, share_text
from sources.profile import current_profile
from warehouse.actuals_template import wareki
from warehouse.editions import LoadedEdition
from warehouse.profile_labels import profile_labels

COUNCIL_TITLE = "KPI 進捗状況"
COUNCIL_AUDIENCE = "ビジョン懇談会・連携協議会 資料"


@dataclass(frozen=True)
class OtherBaseline:
    """A KPI whose baseline the document prints twice with different values."""

    used_in: str  # the section the grade's baseline is printed in (the KPI tables)
    used_text: str
    other_in: str
    other_text: str
    other_achievement: float | None  # 達成率 with the other baseline, when graded by it
    other_grade: str | None

    @property
    def sentence(self) -> str:
        """基準値は〈節〉に a、〈節〉に b と記載。達成率・評価は〈節〉の a による（b なら
        達成率・評価は…）, the sections named as the profile labels them."""
        text = (
            f"基準値はビジョンの {self.used_in} に {self.used_text}、{self.other_in} に "
            f"{self.other_text} と記載されています。達成率・評価は {self.used_in} の "
            f"{self.used_text} によります"
        )
        if self.other_achievement is not None and self.other_grade is not None:
            text += (
                f"（{self.other_text} とすると達成率 {share_text(self.other_achievement)}・"
                f"評価 {self.other_grade}）"
            )
        return text + "。"


def progress_grade(achievement: float, grades: list[dict]) -> str | None:
    """The grade a 達成率 earns on the scale's progress grades (the view's rule: the
    highest threshold reached; the grade without a threshold below them all)."""
    scale = sorted(
        (g for g in grades if g["applies_to"] == "progress"),
        key=lambda g: (g["min_achievement"] is None, -(g["min_achievement"] or 0)),
    )
    for grade in scale:
        if grade["min_achievement"] is None or achievement >= grade["min_achievement"]:
            return str(grade["grade"])
    return None


def _other_achievement(entry: KpiEntry, other: float) -> float | None:
    """達成率 at the latest actual with `other` as the baseline, for a KPI graded by its
    progress (not one maintaining a level, not one without an achievement)."""
    actual = entry.latest.get("actual_value")
    target = entry.target_value
    if (
        entry.achievement_value is None
        or actual is None
        or target is None
        or target == entry.baseline_value
        or target == other
    ):
        return None
    return (actual - other) / (target - other)


def other_baselines(
    con: duckdb.DuckDBPyConnection, section: KpiSection
) -> dict[str, OtherBaseline]:
    """KPI code → its other printed baseline, for each KPI whose baseline another section
    of the document prints with a different value."""
    used_in = profile_labels()["kpi"]
    printed = con.execute(
        "SELECT category_code || '-' || kpi_seq, printed_in, baseline_value, baseline_text "
        "FROM kpi_targets WHERE printed_in <> ? AND baseline_value IS NOT NULL "
        "ORDER BY printed_in",
        [used_in],
    ).fetchall()
    entries = {k.code: k for c in section.categories for k in c.kpis}
    found: dict[str, OtherBaseline] = {}
    for code, other_in, value, text in printed:
        entry = entries.get(code)
        if entry is None or entry.baseline_value is None or value == entry.baseline_value:
            continue
        achievement = _other_achievement(entry, value)
        found.setdefault(
            code,
            OtherBaseline(
                used_in,
                entry.latest.get("baseline_text") or number_text(entry.baseline_value, entry.unit),
                other_in,
                text or number_text(value, entry.unit),
                achievement,
                progress_grade(achievement, section.grades) if achievement is not None else None,
            ),
        )
    return found


@dataclass(frozen=True)
class CouncilDocument:
    """What progress.html and progress.md say."""

    edition: LoadedEdition
    edition_name: str
    generated: str
    kpi: KpiSection
    other_baselines: dict[str, OtherBaseline]

    @property
    def area(self) -> str:
        return current_profile().region.name

    @property
    def title(self) -> str:
        return f"{self.kpi.document_name} {COUNCIL_TITLE}"

    @property
    def used_in(self) -> str:
        """The section whose KPI tables give the baselines and targets graded."""
        return profile_labels()["kpi"]

    @property
    def audience(self) -> str:
        return COUNCIL_AUDIENCE

    @property
    def review_year(self) -> int | None:
        """The year under review: the newest year any KPI has an actual for."""
        years = [y for c in self.kpi.categories for k in c.kpis for y in k.actuals]
        return max(years) if years else None

    @property
    def review_year_text(self) -> str:
        year = self.review_year
        return "実績なし" if year is None else f"{year}年（{wareki(year)}）の実績まで"

    @property
    def grade_counts(self) -> list[tuple[str, str, int]]:
        """(grade, meaning, KPIs) for each grade of the scale, in the scale's order, then
        the KPIs without a grade."""
        kpis = [k for c in self.kpi.categories for k in c.kpis]
        rows = []
        # the progress scale first (A 目標達成 …), then the grades of a maintained level
        for g in sorted(self.kpi.grades, key=lambda g: g["applies_to"] != "progress"):
            count = sum(
                1 for k in kpis if k.grade_letter == g["grade"] and k.grade_meaning == g["label"]
            )
            rows.append((str(g["grade"]), str(g["label"]), count))
        rows.append(("—", "評価なし（実績がない、または達成率を算出しない）", sum(
            1 for k in kpis if k.grade_letter is None
        )))  # fmt: skip
        return rows

    def context(self) -> dict[str, object]:
        return {"doc": self, "s": self.kpi}
