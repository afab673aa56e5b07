"""The suites' own expectation: GX itself decides whether a printed number agrees with its
recomputation within the rounding of what was printed."""

from expectations.gx_suites import comparison_frame, validate
from expectations.tolerance import decimals_of, rounding_tolerance

WITHIN = "expect_stated_to_be_within_tolerance_of_computed"


def row(stated_text: str, computed: float | None) -> dict[str, object]:
    stated = float(stated_text.replace(",", "").rstrip("%")) if stated_text else None
    return {
        "table_id": "t001",
        "caption": "表",
        "page": 1,
        "row_label": "合計",
        "column_label": "人口",
        "stated": stated,
        "stated_text": stated_text,
        "computed": computed,
        "tolerance": rounding_tolerance(decimals_of(stated_text)),
    }


def test_a_printed_number_within_half_its_last_digit_agrees() -> None:
    # 12.3% printed for 12.34 and 12.25 (rounded half up or down) agree; 12.4 for 12.34 not.
    frame = comparison_frame([row("12.3%", 12.34), row("12.3%", 12.25), row("12.4%", 12.34)])
    result = validate(frame, "recomputed_values")
    assert result.rows_failing(WITHIN) == [2]


def test_an_integer_total_must_equal_its_rows_sum() -> None:
    frame = comparison_frame([row("531,855", 531855.0), row("531,856", 531855.0)])
    assert validate(frame, "recomputed_values").rows_failing(WITHIN) == [1]


def test_a_missing_number_is_a_data_error_not_a_disagreement() -> None:
    frame = comparison_frame([row("", 10.0), row("10", None)])
    result = validate(frame, "recomputed_values")
    assert result.rows_failing(WITHIN) == []
    assert result.rows_failing("expect_column_values_to_not_be_null") == [0, 1]
    assert result.rows_failing("expect_column_values_to_not_be_null", "computed") == [1]
