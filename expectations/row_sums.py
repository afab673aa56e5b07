"""Family 1 — row and column sums: a printed 合計 equals the sum of what it totals.

Total ROWS: works on any long-format fact frame whose rows carry `row_kind`
('municipality', 'other' or 'total'): within one group (by default one table and one
column) the 'total' row is compared with the sum of all other rows. Rows printed as
`—`/`-` (none) count as zero; a part printed as `*` (not estimated) or `(同左)` makes the
total unverifiable, so the comparison is skipped rather than guessed. A blank where a
number belongs is a data error, not a finding. A group that has a total but no parts at
all (a table that only prints a total line, like the population target's 推計人口の合計)
cannot be summed here; it is skipped and compared with the table it repeats by the
cross-table rule.

Total COLUMNS: `column_total_comparisons` compares, per row, a total column with the sum
of its part columns (e.g. a hospital's 入院 + 外来 = 合計), where the columns are values of a
series column of the long frame (`service`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from expectations import families
from expectations.compare import comparison_row, is_missing, numeric_findings
from expectations.findings import CheckOutcome
from expectations.gx_suites import comparison_frame

FAMILY = families.ROW_SUMS
NONE_MARKERS = frozenset({"-", "—", "－", "―", "‐", "–", "ー"})
DEFAULT_GROUP = ("table_id", "column_label")


def _part_value(row: pd.Series) -> float | None:
    """A part's contribution to a sum, or None when it cannot be known."""
    if not is_missing(row["value"]):
        return float(row["value"])
    if row.get("marker") in NONE_MARKERS:
        return 0.0
    return None


def _unknown_marker(row: pd.Series) -> bool:
    """A part printed as a marker that stands for an unknown amount (`*`, `(同左)`)."""
    marker = row.get("marker")
    return is_missing(row["value"]) and not is_missing(marker) and marker not in NONE_MARKERS


def _sum_parts(parts: pd.DataFrame) -> tuple[float | None, bool]:
    """(sum of the parts or None if one is blank, whether a part is unverifiable)."""
    if any(_unknown_marker(p) for _, p in parts.iterrows()):
        return None, True
    contributions = [_part_value(p) for _, p in parts.iterrows()]
    if not contributions or any(c is None for c in contributions):
        return None, False
    return float(sum(c for c in contributions if c is not None)), False


def total_row_comparisons(
    facts: pd.DataFrame, group_by: Sequence[str] = DEFAULT_GROUP
) -> tuple[pd.DataFrame, int]:
    """One comparison per group (default: table and column) that has a printed total row.

    Returns the comparison frame and how many totals were skipped as unverifiable.
    """
    rows: list[dict[str, object]] = []
    skipped = 0
    for _, group in facts.groupby(list(group_by), sort=False, dropna=False):
        totals = group[group["row_kind"] == "total"]
        parts = group[group["row_kind"] != "total"]
        for _, total in totals.iterrows():
            # A total line printed without the rows it totals cannot be verified either.
            compared = None if parts.empty else _total_comparison(total, parts)
            if compared is None:
                skipped += 1
                continue
            rows.append(compared)
    return comparison_frame(rows), skipped


def _total_comparison(total: pd.Series, parts: pd.DataFrame) -> dict[str, object] | None:
    """One comparison-frame row: a printed total against what its parts add up to; None
    when it cannot be verified (nothing or only a marker printed in the total cell, or a
    part that is not a number)."""
    if is_missing(total["value"]):
        return None
    computed, unverifiable = _sum_parts(parts)
    if unverifiable:
        return None
    return comparison_row(total, computed)


def column_total_comparisons(
    facts: pd.DataFrame,
    *,
    row_keys: Sequence[str],
    series: str,
    total: str,
) -> tuple[pd.DataFrame, int]:
    """Per row (`row_keys`), the value in series `total` vs the sum of the other series.

    E.g. row_keys=(table_id, row_label, measure), series="service", total="合計": for each
    residence row of a hospital's usage table, 合計 = 入院 + 外来. Only tables whose series include
    `total` take part.
    """
    rows: list[dict[str, object]] = []
    skipped = 0
    for _, group in facts.groupby(list(row_keys), sort=False, dropna=False):
        totals = group[group[series] == total]
        parts = group[group[series] != total]
        if totals.empty or parts.empty:
            continue
        for _, total_row in totals.iterrows():
            compared = _total_comparison(total_row, parts)
            if compared is None:
                skipped += 1
                continue
            parts_label = "＋".join(str(s) for s in parts[series].unique())
            rows.append(compared | {"parts": parts_label})
    frame = comparison_frame(rows)
    if rows:
        frame["parts"] = [r["parts"] for r in rows]
    return frame, skipped


def _row_message(row: pd.Series, expected: str) -> str:
    return (
        f"{row['row_label']}（{row['column_label']}）は {row['stated_text']} と"
        f"記載されているが、各行の合計は {expected}"
    )


def _column_message(row: pd.Series, expected: str) -> str:
    # A formula of parts (入院 + 外来) stands apart from the particle; a word (各市町) does not.
    parts = str(row["parts"])
    return (
        f"{row['row_label']}の{row['column_label']}は {row['stated_text']} と"
        f"記載されているが、{parts}{' ' if ' ' in parts else ''}の和は {expected}"
    )


def _no_total_error(check_id: str) -> str:
    return (
        f"{check_id}: no total (a row or column labelled 合計, 計, …) was read with a "
        "number to check"
    )


def check_total_rows(
    facts: pd.DataFrame, check_id: str, group_by: Sequence[str] = DEFAULT_GROUP
) -> CheckOutcome:
    """Validate every total row of `facts` with the GX suite and turn failures into findings."""
    comparisons, skipped = total_row_comparisons(facts, group_by)
    if comparisons.empty:
        return CheckOutcome(check_id, FAMILY, 0, [], [_no_total_error(check_id)], skipped)
    result = numeric_findings(comparisons, check_id, FAMILY, _row_message)
    data_errors = [
        e.replace("a number needed for the comparison is missing", "a row it totals has no number")
        for e in result.data_errors
    ]
    return CheckOutcome(check_id, FAMILY, result.compared, result.findings, data_errors, skipped)


def check_total_columns(
    facts: pd.DataFrame,
    check_id: str,
    *,
    row_keys: Sequence[str],
    series: str,
    total: str,
) -> CheckOutcome:
    """Validate every total column (series `total` = sum of the other series, per row)."""
    comparisons, skipped = column_total_comparisons(
        facts, row_keys=row_keys, series=series, total=total
    )
    if comparisons.empty:
        return CheckOutcome(check_id, FAMILY, 0, [], [_no_total_error(check_id)], skipped)
    result = numeric_findings(comparisons, check_id, FAMILY, _column_message)
    return CheckOutcome(
        check_id, FAMILY, result.compared, result.findings, result.data_errors, skipped
    )
