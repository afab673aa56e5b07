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

Total COLUMNS are total rows of the long frame too: per row of the table (the group), the
row whose series column (`service`) is the total (合計) against the sum of the others
(e.g. a hospital's 入院 + 外来 = 合計).
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
ROW_KIND = "row_kind"


def sum_of_parts(parts: pd.DataFrame) -> tuple[float | None, bool]:
    """(sum of the parts or None if one is blank, whether a part is unverifiable): a part
    printed as a none-marker (—) counts as zero, one printed as a marker that stands for an
    unknown amount (`*`, `(同左)`) makes the sum unverifiable."""
    blank = parts["value"].isna()
    marker = parts["marker"] if "marker" in parts else pd.Series(None, parts.index, object)
    none = blank & marker.isin(NONE_MARKERS)
    if (blank & marker.notna() & ~none).any():
        return None, True
    if parts.empty or (blank & ~none).any():
        return None, False
    # Added in the printed order, as a person adds them.
    return float(sum(parts["value"].where(~none, 0.0).astype(float).tolist())), False


def total_row_comparisons(
    facts: pd.DataFrame,
    group_by: Sequence[str] = DEFAULT_GROUP,
    series: str = ROW_KIND,
    total: str = "total",
) -> tuple[pd.DataFrame, int]:
    """One comparison per row whose `series` is `total` (default: a row_kind 'total' row)
    against the sum of the other rows of its group (default: its table and column); with
    series="service", total="合計", row_keys as the group: a 合計 column = 入院 + 外来.

    Returns the comparison frame (`parts`: the other rows' series) and how many totals
    were skipped as unverifiable.
    """
    rows: list[dict[str, object]] = []
    skipped = 0
    for _, group in facts.groupby(list(group_by), sort=False, dropna=False):
        totals = group[group[series] == total]
        if totals.empty:
            continue
        parts = group[group[series] != total]
        computed, unverifiable = sum_of_parts(parts)
        for _, total_row in totals.iterrows():
            # Not verifiable: a total line printed without the rows it totals, with nothing
            # or only a marker in its cell, or with a part that is not a number.
            if parts.empty or is_missing(total_row["value"]) or unverifiable:
                skipped += 1
                continue
            named = "＋".join(str(s) for s in parts[series].unique())
            rows.append(comparison_row(total_row, computed) | {"parts": named})
    return comparison_frame(rows), skipped


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


def check_total_rows(
    facts: pd.DataFrame,
    check_id: str,
    group_by: Sequence[str] = DEFAULT_GROUP,
    *,
    series: str = ROW_KIND,
    total: str = "total",
) -> CheckOutcome:
    """Validate every total of `facts` (`total_row_comparisons`) with the GX suite and turn
    failures into findings."""
    comparisons, skipped = total_row_comparisons(facts, group_by, series, total)
    if comparisons.empty:
        error = (
            f"{check_id}: no total (a row or column labelled 合計, 計, …) was read with a "
            "number to check"
        )
        return CheckOutcome(check_id, FAMILY, 0, [], [error], skipped)
    by_rows = series == ROW_KIND
    result = numeric_findings(
        comparisons, check_id, FAMILY, _row_message if by_rows else _column_message
    )
    data_errors = [
        e.replace("a number needed for the comparison is missing", "a row it totals has no number")
        if by_rows
        else e
        for e in result.data_errors
    ]
    return CheckOutcome(check_id, FAMILY, result.compared, result.findings, data_errors, skipped)
