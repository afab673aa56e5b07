"""The KPIs a workbook of actuals is checked against: those of the latest revision."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from sources.profile import current_profile
from warehouse.printed_values import try_parse_year
from warehouse.profile_labels import profile_labels

PERCENT_UNITS = ("%",)
MAX_PERCENT = 100.0


@dataclass(frozen=True)
class ActualsTolerance:
    """How far an actual may stray from its KPI's own scale (the printed baseline, else
    the target) before it is refused as a slip of unit or scale — 90.5 % typed as 0.905,
    a count in 千人 typed as 人. A real change of a KPI over a plan period stays well
    within a factor of `scale_factor` either way; a slip of %, 千 or 万 does not."""

    scale_factor: float = 10.0
    # Powers of ten a slip multiplies by (% ↔ ratio, 千, 万, 百万): the likely intended
    # value suggested is the actual times the one that brings it closest to the scale,
    # when that lands within `suggest_factor` of it (1 for a KPI of 231,390 is no slip of
    # 百万: nothing is suggested).
    slip_factors: tuple[float, ...] = (100.0, 1e3, 1e4, 1e6, 1e-2, 1e-3, 1e-4, 1e-6)
    suggest_factor: float = 2.0

    def __post_init__(self) -> None:
        if not self.scale_factor > 1:
            raise ValueError(f"scale_factor must exceed 1, not {self.scale_factor}")
        if not 1 < self.suggest_factor <= self.scale_factor:
            raise ValueError(f"suggest_factor must lie in (1, scale_factor]: {self.suggest_factor}")
        if any(not f > 0 or f == 1 for f in self.slip_factors):
            raise ValueError(f"slip_factors must be positive and not 1: {self.slip_factors}")


ACTUALS_TOLERANCE = ActualsTolerance()


@dataclass(frozen=True)
class Kpi:
    """A KPI of the document's KPI section as the workbook needs it."""

    key: str
    category_code: str
    kpi_seq: int
    indicator: str
    unit: str | None
    baseline_value: float | None
    baseline_text: str | None
    baseline_year: int | None
    baseline_year_text: str | None
    target_value: float | None
    target_text: str | None
    target_year: int | None
    target_year_text: str | None
    first_year: int | None  # first year an actual may describe

    @property
    def code(self) -> str:
        return f"{self.category_code}-{self.kpi_seq}"

    @property
    def scale(self) -> float | None:
        """The KPI's own size an actual is compared with: its baseline, else its target."""
        for value in (self.baseline_value, self.target_value):
            if value is not None and value > 0:
                return float(value)
        return None

    @property
    def counts_fiscal_years(self) -> bool | None:
        """True when the KPI's years are 年度 (as its baseline and target years are printed),
        False when they are 年, None when it prints neither."""
        for text in (self.baseline_year_text, self.target_year_text):
            printed = try_parse_year(text) if text else None
            if printed is not None and "年" in text:
                return printed.is_fiscal
        return None

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
        "SELECT indicator_key AS key, category_code, kpi_seq, indicator, unit, baseline_value, "
        "baseline_text, baseline_year, baseline_year_text, target_value, target_text, "
        "target_year, target_year_text "
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
