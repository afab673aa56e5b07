"""Totals found by shape (family 1): a row or column labelled with the profile's total
label totals the members' rows or columns, in any table, read from the printed cells."""

from dataclasses import replace

import pandas as pd
import pytest

from expectations import grid_totals
from expectations.grid_totals import NO_TOTAL_LABELS_NOTE, check_grid_totals
from sources.profile import current_profile

TOTAL = "合計行"  # a total label of this test's own, declared through the profile


def _cells(grid: list[list[str]], caption: str = "表 テスト") -> pd.DataFrame:
    """table_cell rows of one table whose first row is its header."""
    rows = []
    for r, line in enumerate(grid):
        for c, text in enumerate(line):
            rows.append(
                {
                    "table_id": "t1",
                    "caption": caption,
                    "table_kind": "data",
                    "page": 9,
                    "row_index": r,
                    "col_index": c,
                    "is_header": r == 0,
                    "row_label": line[0],
                    "column_label": grid[0][c],
                    "text": text,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def declared(monkeypatch):
    profile = current_profile()
    document = replace(profile.document, total_labels=(TOTAL,))
    monkeypatch.setattr(grid_totals, "current_profile", lambda: replace(profile, document=document))


def _members(n: int) -> list[str]:
    return list(current_profile().region.names[:n])


def test_a_total_row_that_is_not_the_members_sum_is_found(declared):
    a, b, c = _members(3)
    grid = [
        ["市町", "出生数", "割合（%）"],
        [a, "1,200", "10.5"],
        [b, "300", "20.0"],
        [c, "－", "30.0"],
        [TOTAL, "1,600", "15.0"],  # 1,200 + 300 + 0 = 1,500; a share is no sum
    ]
    outcome = check_grid_totals({"table_cell": _cells(grid)}, "g")
    [finding] = outcome.findings
    assert (finding.row_label, finding.column_label, finding.stated, finding.expected) == (
        TOTAL,
        "出生数",
        "1,600",
        "1,500",
    )
    assert outcome.compared == 1 and finding.page == 9


def test_a_total_column_of_the_members_is_checked_per_row(declared):
    a, b = _members(2)
    grid = [["産業", a, b, TOTAL], ["製造業", "10", "5", "15"], ["建設業", "4", "4", "9"]]
    outcome = check_grid_totals({"table_cell": _cells(grid)}, "g")
    assert outcome.compared == 2
    [finding] = outcome.findings
    assert (finding.row_label, finding.stated, finding.expected) == ("建設業", "9", "8")


def test_without_a_declared_total_label_nothing_is_compared():
    a, b = _members(2)
    grid = [["市町", "人"], [a, "1"], [b, "2"], ["合計", "4"]]
    outcome = check_grid_totals({"table_cell": _cells(grid)}, "g")
    assert (outcome.compared, outcome.findings, outcome.data_errors) == (0, [], [])
    assert outcome.notes == [NO_TOTAL_LABELS_NOTE]
