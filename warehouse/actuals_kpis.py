"""The KPIs a workbook of actuals is checked against: those of the latest revision."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from sources.profile import current_profile
from warehouse.profile_labels import profile_labels

PERCENT_UNITS = ("%",)
MAX_PERCENT = 100.0


@dataclass(frozen=True)
class Kpi:
    """A KPI of the document's KPI section as the workbook needs it."""

    key: str
    category_code: str
    kpi_seq: int
    indicator: str
    unit: str | None
    baseline_text: str | None
    baseline_year: int | None
    baseline_year_text: str | None
    target_text: str | None
    target_year: int | None
    target_year_text: str | None
    first_year: int | None  # first year an actual may describe

    @property
    def code(self) -> str:
        return f"{self.category_code}-{self.kpi_seq}"

    @property
    def template_years(self) -> range:
        """From the year after the baseline (or the declared first year) to the target."""
        if self.first_year is None or self.target_year is None:
            return range(0)
        start = self.first_year + 1 if self.baseline_year is not None else self.first_year
        return range(start, self.target_year + 1)


def _first_years() -> dict[str, int]:
    return {
        r.indicator_key: r.first_year
        for r in current_profile().kpi.rules
        if r.first_year is not None
    }


def load_kpis(con: duckdb.DuckDBPyConnection) -> list[Kpi]:
    """The KPIs of the latest revision's KPI section (the profile's label), in printed order."""
    first_years = _first_years()
    # Columns named as Kpi's fields, so each row is the KPI as printed.
    cursor = con.execute(
        "SELECT indicator_key AS key, category_code, kpi_seq, indicator, unit, baseline_text, "
        "baseline_year, baseline_year_text, target_text, target_year, target_year_text "
        "FROM kpi_targets WHERE printed_in = ? ORDER BY category_code, kpi_seq",
        [profile_labels()["kpi"]],
    )
    names = [column[0] for column in cursor.description]
    kpis = []
    for values in cursor.fetchall():
        printed = dict(zip(names, values, strict=True))
        printed["kpi_seq"] = int(printed["kpi_seq"])
        baseline_year = printed["baseline_year"]
        first = baseline_year if baseline_year is not None else first_years.get(printed["key"])
        kpis.append(Kpi(**printed, first_year=first))
    return kpis
