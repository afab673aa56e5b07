"""Family 1 — row and column sums: a printed 合計 equals the sum of the rows it totals.

Works on any long-format fact frame whose rows carry `row_kind` ('municipality', 'other'
or 'total'): within one table and one column, the 'total' row is compared with the sum of
all other rows. Rows printed as `—`/`-` (none) count as zero; a part printed as `*` (not
estimated) or `(同左)` makes the total unverifiable, so the comparison is skipped rather
than guessed. A blank where a number belongs is a data error, not a finding.
"""

from __future__ import annotations

import math

import pandas as pd

from expectations.findings import CheckOutcome, Finding, Severity
from expectations.gx_suites import comparison_frame, validate
from expectations.tolerance import decimals_of, rounding_tolerance

FAMILY = "row_sums"
SUITE = "recomputed_values"
NONE_MARKERS = frozenset({"-", "—", "－", "―", "‐", "–"})


def _part_value(row: pd.Series) -> float | None:
    """A part's contribution to a sum, or None when it cannot be known."""
    if not _is_missing(row["value"]):
        return float(row["value"])
    if row.get("marker") in NONE_MARKERS:
        return 0.0
    return None


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def total_row_comparisons(facts: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """One comparison per (table, column) that has a printed total row.

    Returns the comparison frame and how many totals were skipped as unverifiable.
    """
    rows: list[dict[str, object]] = []
    skipped = 0
    for (table_id, column_label), group in facts.groupby(["table_id", "column_label"], sort=False):
        totals = group[group["row_kind"] == "total"]
        parts = group[group["row_kind"] != "total"]
        for _, total in totals.iterrows():
            stated_text = str(total.get("value_text") or "")
            if _is_missing(total["value"]):
                skipped += 1  # nothing (or only a marker) printed in the total cell
                continue
            contributions = [_part_value(p) for _, p in parts.iterrows()]
            unknown_markers = [
                p.get("marker")
                for _, p in parts.iterrows()
                if _is_missing(p["value"])
                and p.get("marker") not in NONE_MARKERS
                and p.get("marker")
            ]
            if unknown_markers:
                skipped += 1
                continue
            computed = (
                None
                if any(c is None for c in contributions) or not contributions
                else sum(contributions)
            )
            rows.append(
                {
                    "table_id": table_id,
                    "caption": total["caption"],
                    "page": total["page"],
                    "row_label": total["row_label"],
                    "column_label": column_label,
                    "stated": float(total["value"]),
                    "stated_text": stated_text,
                    "computed": computed,
                    "tolerance": rounding_tolerance(decimals_of(stated_text)),
                }
            )
    return comparison_frame(rows), skipped


def _format(value: float, like: str) -> str:
    decimals = decimals_of(like)
    return f"{value:,.{decimals}f}"


def check_total_rows(facts: pd.DataFrame, check_id: str) -> CheckOutcome:
    """Validate every total row of `facts` with the GX suite and turn failures into findings."""
    comparisons, skipped = total_row_comparisons(facts)
    if comparisons.empty:
        return CheckOutcome(
            check_id,
            FAMILY,
            0,
            [],
            [f"{check_id}: no total row with a number to check"],
            skipped,
        )
    result = validate(comparisons, SUITE)
    data_errors = [
        f"{comparisons.at[i, 'caption']} p.{comparisons.at[i, 'page']} "
        f"{comparisons.at[i, 'row_label']}/{comparisons.at[i, 'column_label']}: "
        "a row it totals has no number"
        for i in sorted(set(result.rows_failing("expect_column_values_to_not_be_null")))
    ]
    findings = []
    for i in result.rows_failing("expect_column_values_to_be_between"):
        row = comparisons.loc[i]
        expected = _format(row["computed"], row["stated_text"])
        findings.append(
            Finding(
                check_id=check_id,
                family=FAMILY,
                severity=Severity.ERROR,
                table_id=row["table_id"],
                caption=row["caption"],
                page=int(row["page"]),
                row_label=row["row_label"],
                column_label=row["column_label"],
                stated=row["stated_text"],
                expected=expected,
                message=(
                    f"{row['row_label']}（{row['column_label']}）は {row['stated_text']} と"
                    f"記載されているが、各行の合計は {expected}"
                ),
            )
        )
    return CheckOutcome(check_id, FAMILY, len(comparisons), findings, data_errors, skipped)
