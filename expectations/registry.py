"""Every data-quality rule the pipeline runs, in one list.

A rule takes the normalized fact frames of one revision (table name → frame) and returns a
CheckOutcome. Dagster turns each rule into an asset check; `run_checks` runs them all for
the warehouse's `finding` table and for `vision check`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from expectations.findings import CheckOutcome
from expectations.row_sums import check_total_rows

Frames = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Rule:
    check_id: str
    family: str
    description: str
    inputs: tuple[str, ...]
    run: Callable[[Frames], CheckOutcome]


def _missing_inputs(rule_id: str, family: str, frames: Frames, names: tuple[str, ...]):
    missing = [n for n in names if n not in frames or frames[n].empty]
    if missing:
        return CheckOutcome(rule_id, family, 0, [], [f"no rows in {', '.join(missing)}"])
    return None


def _total_rows_rule(check_id: str, table: str, description: str) -> Rule:
    def run(frames: Frames) -> CheckOutcome:
        return _missing_inputs(check_id, "row_sums", frames, (table,)) or check_total_rows(
            frames[table], check_id
        )

    return Rule(check_id, "row_sums", description, (table,), run)


RULES: tuple[Rule, ...] = (
    _total_rows_rule(
        "population_total_row",
        "fact_population",
        "Each population table's 合計 row equals the sum of its municipality rows, per year.",
    ),
)


def run_checks(frames: Frames, rules: tuple[Rule, ...] = RULES) -> list[CheckOutcome]:
    return [rule.run(frames) for rule in rules]
