"""Family 4 — the same figure printed in two tables agrees.

Population: the population table (profile key `population`: the 2020 census and the
2030/2040/2050 projections) and the population-target tables (`population_target`: the
5-year projections 2020–2050, whose 2020 column is the census base the projection starts
from) print the same figures for every municipality and the 合計; and the target prints
its 合計 twice, as a separate 推計人口の合計 line and as the table's 合計 row. Tables are
told apart by `printed_in` (the section label the profile gives each) and by what they
hold (a table of only total rows is a total line), never by id or page.

Findings point at the later printing (the target); expected is the earlier one.
"""

from __future__ import annotations

import pandas as pd

from expectations import families
from expectations.compare import (
    comparison_row,
    differs_from_source,
    is_missing,
    numeric_findings,
    outcome,
    page_label,
    text_or_empty,
)
from expectations.findings import CheckOutcome
from expectations.gx_suites import comparison_frame
from expectations.tolerance import decimals_of, rounding_tolerance
from sources.profile import current_profile

FAMILY = families.CROSS_TABLE
# A document that prints its population once has no second printing to compare: noted,
# never a data error that would block its warehouse.
ONE_PRINTING_NOTE = (
    "この文書は人口を2か所（人口の表と人口の目標）に掲載していないため照合していない"
)


def printed_in_labels() -> tuple[str, str] | None:
    """The section labels (`printed_in`) of the two printings, from the run's profile; None
    when it declares only one (another area's vision may print the population once only)."""
    profile = current_profile()
    first, second = profile.population_table(), profile.population_table(target=True)
    if first is None or second is None:
        return None
    return first.label or first.name, second.label or second.name


def _key(row: pd.Series) -> tuple[str, int]:
    who = "total" if row["row_kind"] == "total" else text_or_empty(row["municipality_code"])
    return who, int(row["year"])


def _indexed(rows: pd.DataFrame) -> dict[tuple[str, int], pd.Series]:
    out: dict[tuple[str, int], pd.Series] = {}
    for _, row in rows[(rows["row_kind"] != "other") & rows["year"].notna()].iterrows():
        out.setdefault(_key(row), row)
    return out


def _comparison(stated: pd.Series, expected: pd.Series, source: str) -> dict[str, object]:
    stated_text = text_or_empty(stated["value_text"])
    expected_text = text_or_empty(expected["value_text"])
    return comparison_row(
        stated,
        None if is_missing(expected["value"]) else float(expected["value"]),
        tolerance=rounding_tolerance(min(decimals_of(stated_text), decimals_of(expected_text))),
        expected_text=expected_text,
        source=f"{source}「{expected['caption']}」（{page_label(expected['page'])}）"
        f"の{expected['row_label']}・{expected['column_label']}",
    )


def population_comparisons(
    population: pd.DataFrame, first_label: str, second_label: str
) -> pd.DataFrame:
    """The comparison frame of the population printed in `first_label` and `second_label`."""
    first = population[population["printed_in"] == first_label]
    second = population[population["printed_in"] == second_label]
    tables = {tid: rows for tid, rows in second.groupby("table_id", sort=False)}
    total_lines = [t for t, r in tables.items() if (r["row_kind"] == "total").all()]
    main = [t for t in tables if t not in total_lines]
    rows: list[dict[str, object]] = []
    earlier = _indexed(first)
    for table_id in main:
        for key, row in _indexed(tables[table_id]).items():
            if key in earlier:
                rows.append(_comparison(row, earlier[key], first_label))
    main_totals = {k: v for t in main for k, v in _indexed(tables[t]).items() if k[0] == "total"}
    for table_id in total_lines:
        for key, row in _indexed(tables[table_id]).items():
            if key in main_totals:
                rows.append(_comparison(row, main_totals[key], second_label))
    return comparison_frame(rows)


def check_population_tables(population: pd.DataFrame, check_id: str) -> CheckOutcome:
    labels = printed_in_labels()
    if labels is None:
        return CheckOutcome(check_id, FAMILY, 0, [], notes=[ONE_PRINTING_NOTE])
    comparisons = population_comparisons(population, *labels)
    if comparisons.empty:
        error = f"{check_id}: no population figure printed in both {labels[0]} and {labels[1]}"
        return CheckOutcome(check_id, FAMILY, 0, [], [error])

    result = numeric_findings(comparisons, check_id, FAMILY, differs_from_source)
    return outcome(check_id, FAMILY, [result])
