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
keys the releases the pipeline loads (pipeline/defs/vision/findings.py).
Both shapes are read: the warehouse's fact_official_statistic rows (measure "population")
and the `sources.govstats` reader frames (census measure "total", IPSS metric
"population"); `official_frames()` here loads the shipped snapshots in the reader shape
for `vision check` and the tests.
When a frame is absent the rule is SKIPPED — compared=0, skipped=1 and a note — rather
than a data error: the statistics are a separate source that may legitimately be
unavailable (e.g. a `vision check --pdf` run without them), and their absence says
nothing about the document. The note makes the skip visible in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

import pandas as pd

from expectations import families
from expectations.compare import (
    comparison_row,
    differs_from_source,
    is_missing,
    numeric_findings,
    outcome,
    text_or_empty,
)
from expectations.findings import CheckOutcome
from expectations.gx_suites import comparison_frame

FAMILY = families.CROSS_SOURCE
OFFICIAL_CENSUS = "official_census2020_final"
OFFICIAL_CENSUS_PRELIMINARY = "official_census2020_preliminary"
OFFICIAL_IPSS = "official_ipss2023_projections"
CENSUS_YEAR = 2020


def official_frames() -> dict[str, pd.DataFrame]:
    """The shipped official snapshots, keyed as the rules expect them."""
    from sources.govstats.census2020 import read_census_2020, read_census_2020_preliminary
    from sources.govstats.ipss import read_ipss_2023

    return {
        OFFICIAL_CENSUS: read_census_2020(),
        OFFICIAL_CENSUS_PRELIMINARY: read_census_2020_preliminary(),
        OFFICIAL_IPSS: read_ipss_2023(),
    }


def _census_values(census: pd.DataFrame) -> dict[str, float]:
    rows = census[(census["sex"] == "total") & census["measure"].isin(["total", "population"])]
    if "year" in rows.columns:
        rows = rows[rows["year"] == CENSUS_YEAR]
    return {
        str(r["area_code"]): float(r["value"])
        for _, r in rows.iterrows()
        if not is_missing(r["value"])
    }


def _ipss_values(ipss: pd.DataFrame) -> dict[tuple[str, int], float]:
    metric = ipss["metric"] if "metric" in ipss.columns else ipss["measure"]
    rows = ipss[(metric == "population") & (ipss["year"] != CENSUS_YEAR)]
    if "sex" in rows.columns:
        rows = rows[rows["sex"] == "total"]
    return {
        (str(r["area_code"]), int(r["year"])): float(r["value"])
        for _, r in rows.iterrows()
        if not is_missing(r["value"])
    }


def _provenance(frame: pd.DataFrame) -> str:
    first = frame.iloc[0]
    table = text_or_empty(first.get("table_id")).split(",")[0].strip()
    release = text_or_empty(first.get("release_date"))
    text = " ".join(p for p in (table, f"{release}公表" if release else "") if p)
    return f"（{text}）" if text else ""


def _comparisons(
    population: pd.DataFrame,
    official: Mapping[Hashable, float],
    key_of: Callable[[str, int], Hashable],
    source: str,
    years: set[int] | None,
) -> pd.DataFrame:
    codes = sorted({str(c) for c in population["municipality_code"].dropna()})
    rows = []
    for _, row in population.iterrows():
        if is_missing(row["year"]) or is_missing(row["value"]):
            continue
        year = int(row["year"])
        if years is not None and year not in years:
            continue
        if row["row_kind"] == "total":
            keys = [key_of(c, year) for c in codes]
            if not codes or any(k not in official for k in keys):
                continue
            computed = float(sum(official[k] for k in keys))
            what = f"{len(codes)}市町の合計"
        elif row["row_kind"] == "municipality" and not is_missing(row["municipality_code"]):
            key = key_of(str(row["municipality_code"]), year)
            if key not in official:
                continue
            computed = official[key]
            what = ""
        else:
            continue
        rows.append(
            comparison_row(
                row,
                computed,
                source=source + (f"（{what}）" if what else ""),
                key=key_of(str(row["municipality_code"]), year)
                if row["row_kind"] != "total"
                else ("total", year),
            )
        )
    frame = comparison_frame(rows)
    frame["source"] = [r["source"] for r in rows]
    frame["key"] = [r["key"] for r in rows]
    return frame


def _skipped(check_id: str, missing: str) -> CheckOutcome:
    return CheckOutcome(
        check_id,
        FAMILY,
        0,
        [],
        skipped=1,
        notes=[f"公的統計（{missing}）が与えられていないため照合していない"],
    )


def _other_area(check_id: str, what: str) -> CheckOutcome:
    """The statistic holds none of the document's municipalities (statistics of another
    area, or only 全国): nothing to compare, which is said, not passed silently."""
    return CheckOutcome(
        check_id,
        FAMILY,
        0,
        [],
        skipped=1,
        notes=[f"公的統計（{what}）にこの圏域の市町村が含まれていないため照合していない"],
    )


def _member_codes(population: pd.DataFrame) -> set[str]:
    return {str(c) for c in population["municipality_code"].dropna()}


def _inputs(
    frames: Mapping[str, pd.DataFrame], check_id: str, dataset: str, name: str
) -> tuple[pd.DataFrame, pd.DataFrame] | CheckOutcome:
    """The official statistic `dataset` (called `name` in the note) and fact_population,
    or the outcome of the check when either is not there."""
    official = frames.get(dataset)
    if official is None or official.empty:
        return _skipped(check_id, name)
    population = frames.get("fact_population")
    if population is None or population.empty:
        return CheckOutcome(check_id, FAMILY, 0, [], ["no rows in fact_population"])
    return official, population


def check_census_2020(frames: Mapping[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    inputs = _inputs(frames, check_id, OFFICIAL_CENSUS, "令和2年国勢調査 確定値")
    if isinstance(inputs, CheckOutcome):
        return inputs
    census, population = inputs
    values = _census_values(census)
    if not _member_codes(population) & set(values):
        return _other_area(check_id, "令和2年国勢調査 確定値")
    source = f"令和2年国勢調査 確定値{_provenance(census)}"
    comparisons = _comparisons(population, values, lambda code, _year: code, source, {CENSUS_YEAR})
    preliminary_frame = frames.get(OFFICIAL_CENSUS_PRELIMINARY)
    preliminary = (
        _census_values(preliminary_frame)
        if preliminary_frame is not None and not preliminary_frame.empty
        else {}
    )
    codes = sorted({str(c) for c in population["municipality_code"].dropna()})

    def preliminary_of(key: object) -> float | None:
        if isinstance(key, tuple):  # the total
            if not codes or any(c not in preliminary for c in codes):
                return None
            return sum(preliminary[c] for c in codes)
        return preliminary.get(str(key))

    def message(row: pd.Series, expected: str) -> str:
        text = differs_from_source(row, expected)
        prelim = preliminary_of(row["key"])
        if prelim is not None and abs(prelim - float(row["stated"])) <= float(row["tolerance"]):
            text += "（記載値は速報値と一致する。確定値への更新漏れと思われる）"
        return text

    result = numeric_findings(comparisons, check_id, FAMILY, message)
    return outcome(check_id, FAMILY, [result])


def check_ipss_2023(frames: Mapping[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    inputs = _inputs(frames, check_id, OFFICIAL_IPSS, "社人研 令和5年推計")
    if isinstance(inputs, CheckOutcome):
        return inputs
    ipss, population = inputs
    values = _ipss_values(ipss)
    if not _member_codes(population) & {code for code, _ in values}:
        return _other_area(check_id, "社人研 令和5年推計")
    years = {y for _, y in values}
    source = f"社人研 日本の地域別将来推計人口 令和5年推計{_provenance(ipss)}"
    comparisons = _comparisons(
        population, values, lambda code, year: (code, year), source, years - {CENSUS_YEAR}
    )

    result = numeric_findings(comparisons, check_id, FAMILY, differs_from_source)
    return outcome(check_id, FAMILY, [result])
