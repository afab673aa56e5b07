"""Family 7 — the vision's population figures vs the official statistics they quote.

* 2020 population (the profile's `population` table, and the 2020 column of the
  `population_target` tables, which is the census base of the projection) per
  municipality and the 合計 vs the 2020 census FINAL (確定) counts
  (`sources.govstats.read_census_2020`: total population, both sexes). Like with like: the
  vision quotes the final census, so the preliminary (速報) counts are never the reference;
  when they are supplied and the vision matches them instead, the message says so.
* 2025…2050 projections (both tables) vs IPSS 2023 (`read_ipss_2023`, metric
  population). The 合計 is compared with the sum of the members' official values.

Inputs: the official frames travel in the same mapping as the fact frames, keyed
`official_<dataset id of sources.govstats.DATASETS>` — OFFICIAL_CENSUS, OFFICIAL_IPSS and
optionally OFFICIAL_CENSUS_PRELIMINARY — exactly as `warehouse.official.official_frames`
keys the releases the pipeline loads (pipeline/defs/vision/findings.py), as the
warehouse's fact_official_statistic rows (measure "population", sex "total").
When a frame is absent the rule is SKIPPED — compared=0, skipped=1 and a note — rather
than a data error: the statistics are a separate source that may legitimately be
unavailable (e.g. a `vision check --pdf` run without them), and their absence says
nothing about the document. The note makes the skip visible in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from expectations import families
from expectations.compare import (
    comparison_row,
    differs_from_source,
    is_missing,
    numeric_findings,
    outcome,
)
from expectations.findings import CheckOutcome
from expectations.gx_suites import comparison_frame

FAMILY = families.CROSS_SOURCE
OFFICIAL_CENSUS = "official_census2020_final"
OFFICIAL_CENSUS_PRELIMINARY = "official_census2020_preliminary"
OFFICIAL_IPSS = "official_ipss2023_projections"
CENSUS_YEAR = 2020


# Where a statistic's value belongs: (municipality code, year), or ("total", year) for the
# sum over the document's members.
Key = tuple[str, int]


def _values(official: pd.DataFrame, *, census: bool) -> dict[Key, float]:
    """The statistic's total population by area and year: of the census year from a census,
    of the other years from a projection (its census-year figure is the census's)."""
    rows = official[
        (official["measure"] == "population")
        & (official["sex"] == "total")
        & ((official["year"] == CENSUS_YEAR) == census)
        & official["value"].notna()
    ]
    return {
        (str(code), int(year)): float(value)
        for code, year, value in zip(rows["area_code"], rows["year"], rows["value"], strict=True)
    }


def _with_totals(values: dict[Key, float], codes: list[str]) -> dict[Key, float]:
    """`values` and the members' sum of each year every member (`codes`) has a value of."""
    years = dict.fromkeys(year for _, year in values)
    return values | {
        ("total", year): float(sum(values[(code, year)] for code in codes))
        for year in years
        if codes and all((code, year) in values for code in codes)
    }


def _key(row: pd.Series) -> Key | None:
    """What a row of fact_population is compared with: its member's or the total's value of
    its year (None for other rows)."""
    if is_missing(row["year"]):
        return None
    if row["row_kind"] == "total":
        return ("total", int(row["year"]))
    if row["row_kind"] == "municipality" and not is_missing(row["municipality_code"]):
        return (str(row["municipality_code"]), int(row["year"]))
    return None


def _compare(
    check_id: str,
    population: pd.DataFrame,
    official: Mapping[Key, float],
    source: str,
    message: Callable[[pd.Series, str], str] = differs_from_source,
) -> CheckOutcome:
    """Each printed member and total figure against the statistic's value of its year."""
    what = f"（{len(_member_codes(population))}市町の合計）"
    rows = [
        comparison_row(
            row, official[key], source=source + (what if key[0] == "total" else ""), key=key
        )
        for _, row in population.iterrows()
        if (key := _key(row)) in official and not is_missing(row["value"])
    ]
    result = numeric_findings(comparison_frame(rows), check_id, FAMILY, message)
    return outcome(check_id, FAMILY, [result])


def _not_compared(check_id: str, note: str) -> CheckOutcome:
    return CheckOutcome(check_id, FAMILY, 0, [], skipped=1, notes=[note])


def _member_codes(population: pd.DataFrame) -> list[str]:
    return sorted({str(c) for c in population["municipality_code"].dropna()})


def _official(
    frames: Mapping[str, pd.DataFrame],
    check_id: str,
    dataset: str,
    name: str,
    census: bool,
) -> dict[Key, float] | CheckOutcome:
    """The values of the official statistic `dataset` (a census or not; called `name` in a
    note) with the members' totals, or the outcome of the check when it is not there or
    holds no member."""
    official = frames.get(dataset)
    if official is None or official.empty:
        return _not_compared(check_id, f"公的統計（{name}）が与えられていないため照合していない")
    codes = _member_codes(frames["fact_population"])
    values = _values(official, census=census)
    if not set(codes) & {code for code, _ in values}:
        # Statistics of another area, or only 全国: nothing to compare, which is said, not
        # passed silently.
        return _not_compared(
            check_id, f"公的統計（{name}）にこの圏域の市町村が含まれていないため照合していない"
        )
    return _with_totals(values, codes)


def check_census_2020(frames: Mapping[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    name = "令和2年国勢調査 確定値"
    values = _official(frames, check_id, OFFICIAL_CENSUS, name, census=True)
    if isinstance(values, CheckOutcome):
        return values
    population = frames["fact_population"]
    preliminary_frame = frames.get(OFFICIAL_CENSUS_PRELIMINARY)
    preliminary = (
        _with_totals(_values(preliminary_frame, census=True), _member_codes(population))
        if preliminary_frame is not None and not preliminary_frame.empty
        else {}
    )

    def message(row: pd.Series, expected: str) -> str:
        text = differs_from_source(row, expected)
        prelim = preliminary.get(row["key"])
        if prelim is not None and abs(prelim - float(row["stated"])) <= float(row["tolerance"]):
            text += "（記載値は速報値と一致する。確定値への更新漏れと思われる）"
        return text

    return _compare(check_id, population, values, name, message)


def check_ipss_2023(frames: Mapping[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    values = _official(frames, check_id, OFFICIAL_IPSS, "社人研 令和5年推計", census=False)
    if isinstance(values, CheckOutcome):
        return values
    source = "社人研 日本の地域別将来推計人口 令和5年推計"
    return _compare(check_id, frames["fact_population"], values, source)
