"""A Great Expectations expectation of the vision's own: a printed number agrees with its
recomputation within the rounding of what was printed.

Why a custom expectation: GX's built-ins compare a column with a constant or two columns
exactly; here each row carries its own tolerance (half a unit of the last printed digit),
so the comparison |stated − computed| ≤ tolerance is a row-wise condition over three
columns. Defined as a GX multicolumn map expectation, GX itself decides every row — the
rules build the comparison frame and read GX's answer, nothing computes it a second time.

Importing this module registers the expectation with GX (its metaclass does); the suites
in `expectations/suites/` name it by its snake-case type,
`expect_stated_to_be_within_tolerance_of_computed`.
"""

from __future__ import annotations

from typing import Literal

from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import MulticolumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import (
    MulticolumnMapMetricProvider,
)
from great_expectations.expectations.metrics.map_metric_provider.multicolumn_condition_partial import (  # noqa: E501 — GX's module path
    multicolumn_condition_partial,
)

WITHIN_TOLERANCE_METRIC = "multicolumn_values.stated_within_tolerance"


class StatedWithinTolerance(MulticolumnMapMetricProvider):
    """Row-wise: the first column (stated) is within the third (tolerance) of the second
    (computed)."""

    condition_metric_name = WITHIN_TOLERANCE_METRIC

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list, **kwargs):  # GX makes it a classmethod
        stated, computed, tolerance = (column_list.iloc[:, i] for i in range(3))
        return (stated - computed).abs() - tolerance <= 0


class ExpectStatedToBeWithinToleranceOfComputed(MulticolumnMapExpectation):
    """Expect each printed number (column_list[0]) to equal its recomputation
    (column_list[1]) within the rounding tolerance of its printed text (column_list[2]).
    Rows missing any of the three are left to the not-null expectations beside it."""

    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = (
        "any_value_is_missing"
    )

    map_metric = WITHIN_TOLERANCE_METRIC
    success_keys = ("column_list", "ignore_row_if", "mostly")
    args_keys = ("column_list",)
