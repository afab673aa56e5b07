"""Shared machinery of the rules: numeric and text comparison frames → GX → Findings.

Every rule reduces what it checks to a comparison frame and lets a stored GX suite flag
the rows:

* numbers: `recomputed_values` (stated vs computed within the printed rounding), built
  with `gx_suites.comparison_frame`, evaluated by `numeric_findings`;
* text (labels, names, marks): `printed_text` (stated vs expected under two
  normalizations), built with `text_comparison_frame`, evaluated by `text_differences`;
* lists: `unique_list_entries` (no entry twice in the same list), see `names.py`.

Text is compared at three levels. Whitespace never counts (line breaks and spacing are
layout), and neither does width (全角/半角): the section 4 pages set every bracket
half-width where section 3 sets it full-width, so width-only differences are the
typesetting of a page, not a slip in one label (counting them, the shipped vision got 8
more warnings: 7 KPI labels and project 【40】's （仮称）). Punctuation (・, brackets,
commas) is *notation*; anything else is *wording*. Both are reported with severity
warning — presentation differences — and the message says which it is.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandas as pd

from expectations.findings import (
    LOCATION_FIELDS,
    VALUE_FIELDS,
    CheckOutcome,
    Finding,
    Severity,
)
from expectations.gx_suites import frame_of, validate
from expectations.tolerance import decimals_of, rounding_tolerance
from sources.japanese_text import compact_key

NUMERIC_SUITE = "recomputed_values"
TEXT_SUITE = "printed_text"

# A Finding's location and value fields, then the texts' comparison keys.
TEXT_COLUMNS = [
    *LOCATION_FIELDS,
    *VALUE_FIELDS,
    "stated_layout",
    "expected_layout",
    "stated_wording",
    "expected_wording",
]


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def text_or_empty(value: object) -> str:
    return "" if is_missing(value) else str(value)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def layout_key(text: object) -> str:
    """The printed text without whitespace (layout) and without width."""
    return compact_key(text_or_empty(text))


def wording_key(text: object) -> str:
    """The words only: `compact_key` (width never counts here) without punctuation."""
    words = compact_key(text_or_empty(text))
    return "".join(ch for ch in words if not unicodedata.category(ch).startswith(("P", "Z")))


class TextDifference(StrEnum):
    NOTATION = "notation"  # width, punctuation: same words
    WORDING = "wording"  # different words, characters or marks


def describe(difference: TextDifference) -> str:
    if difference is TextDifference.NOTATION:
        return "記号（・、括弧など）や全角・半角の表記の違い"
    return "語句の違い"


def text_comparison_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows with stated/expected text (plus provenance) → frame with the comparison keys."""
    texts = [dict(row) | {s: text_or_empty(row.get(s)) for s in VALUE_FIELDS} for row in rows]
    frame = frame_of(texts, TEXT_COLUMNS)
    for side in VALUE_FIELDS:
        frame[f"{side}_layout"] = frame[side].map(layout_key)
        frame[f"{side}_wording"] = frame[side].map(wording_key)
    return frame


def text_differences(frame: pd.DataFrame) -> dict[int, TextDifference]:
    """Row position → kind of difference, for the rows the `printed_text` suite flags."""
    if frame.empty:
        return {}
    result = validate(frame, TEXT_SUITE)
    pair_equal = "expect_column_pair_values_to_be_equal"
    # GX's two answers decide: other words fail the wording pair; notation alone fails
    # only the layout pair.
    wording = set(result.rows_failing(pair_equal, "stated_wording", "expected_wording"))
    layout = result.rows_failing(pair_equal, "stated_layout", "expected_layout")
    out = {i: TextDifference.WORDING for i in wording}
    out |= {i: TextDifference.NOTATION for i in layout if i not in wording}
    return dict(sorted(out.items()))


def page_of(value: object) -> int | None:
    return None if is_missing(value) else int(value)  # type: ignore[arg-type]


def page_label(page: object) -> str:
    """`p.21` as staff read a page (`p.?` when not known; never p.21.0 nor p.None)."""
    return "p.?" if (number := page_of(page)) is None else f"p.{number}"


def finding(
    check_id: str,
    family: str,
    severity: Severity,
    row: Mapping[str, Any],
    message: str,
    *,
    stated: str | None = None,
    expected: str | None = None,
) -> Finding:
    """A Finding from a comparison-frame row (its provenance and, unless given, texts)."""
    return Finding(
        check_id=check_id,
        family=family,
        severity=severity,
        table_id=text_or_empty(row.get("table_id")),
        caption=text_or_empty(row.get("caption")),
        page=page_of(row.get("page")),
        row_label=text_or_empty(row.get("row_label")),
        column_label=text_or_empty(row.get("column_label")),
        stated=text_or_empty(row.get("stated_text", row.get("stated")))
        if stated is None
        else stated,
        expected=text_or_empty(row.get("expected")) if expected is None else expected,
        message=message,
    )


def comparison_row(row: pd.Series, computed: float | None, **extra: object) -> dict[str, object]:
    """One row of a numeric comparison frame: the number `row` prints, where it is printed
    (its location fields), against `computed`, within the rounding of its printed text;
    `extra` adds columns (or overrides one, e.g. another tolerance)."""
    stated_text = text_or_empty(row.get("value_text"))
    return {
        **{field: row[field] for field in LOCATION_FIELDS},
        "stated": None if is_missing(row["value"]) else float(row["value"]),
        "stated_text": stated_text,
        "computed": computed,
        "tolerance": rounding_tolerance(decimals_of(stated_text)),
        **extra,
    }


def differs_from_source(row: pd.Series, expected: str) -> str:
    """The message of a printed number that is not the figure its `source` gives."""
    return (
        f"{row['row_label']}の{row['column_label']}は {row['stated_text']} と記載されているが、"
        f"{row['source']}では {expected}"
    )


def format_like(value: float, like: str) -> str:
    """`value` printed the way `like` is printed: same decimals, thousands separators, %."""
    decimals = decimals_of(like)
    text = f"{value:,.{decimals}f}"
    if like.strip().endswith(("%", "％")):
        text += "%"
    return text


@dataclass(frozen=True)
class NumericResult:
    findings: list[Finding]
    data_errors: list[str]
    compared: int


def numeric_findings(
    comparisons: pd.DataFrame,
    check_id: str,
    family: str,
    message: Callable[[pd.Series, str], str],
) -> NumericResult:
    """Validate a numeric comparison frame with `recomputed_values`; flagged rows → Findings.

    `message(row, expected)` words the finding; `expected` is the computed value printed
    like the stated one, or the frame's `expected_text` when it has one (the figure as
    another table prints it). Rows whose stated or computed value is missing are data
    errors, not findings.
    """
    if comparisons.empty:
        return NumericResult([], [], 0)
    result = validate(comparisons, NUMERIC_SUITE)
    data_errors = [
        f"{comparisons.at[i, 'caption']} {page_label(comparisons.at[i, 'page'])} "
        f"{comparisons.at[i, 'row_label']}/{comparisons.at[i, 'column_label']}: "
        "a number needed for the comparison is missing"
        for i in result.rows_failing("expect_column_values_to_not_be_null")
    ]
    findings = []
    for i in result.rows_failing("expect_stated_to_be_within_tolerance_of_computed"):
        row = comparisons.loc[i]
        expected = (
            str(row["expected_text"])
            if "expected_text" in comparisons.columns
            else format_like(float(row["computed"]), str(row["stated_text"]))
        )
        findings.append(
            finding(
                check_id,
                family,
                Severity.ERROR,
                row.to_dict(),
                message(row, expected),
                stated=str(row["stated_text"]),
                expected=expected,
            )
        )
    return NumericResult(findings, data_errors, len(comparisons))


def outcome(
    check_id: str,
    family: str,
    parts: Sequence[NumericResult],
    *,
    extra_findings: Iterable[Finding] = (),
    extra_compared: int = 0,
    skipped: int = 0,
) -> CheckOutcome:
    """Combine numeric results (and text findings) into one CheckOutcome."""
    return CheckOutcome(
        check_id,
        family,
        extra_compared + sum(part.compared for part in parts),
        [f for part in parts for f in part.findings] + list(extra_findings),
        [e for part in parts for e in part.data_errors],
        skipped,
    )
