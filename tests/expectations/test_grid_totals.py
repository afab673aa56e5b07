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
    assert finding.message.endswith("記載されているが、各市町の和は 8")


def test_without_a_declared_total_label_nothing_is_compared():
    a, b = _members(2)
    grid = [["市町", "人"], [a, "1"], [b, "2"], ["合計", "4"]]
    outcome = check_grid_totals({"table_cell": _cells(grid)}, "g")
    assert (outcome.compared, outcome.findings, outcome.data_errors) == (0, [], [])
    assert outcome.notes == [NO_TOTAL_LABELS_NOTE]


def test_declared_ratios_share_and_change(monkeypatch):
    """構成比 = 人数 ÷ 総人口 × 100 and 増減率 = (2050年 − 2020年) ÷ 2020年 × 100, found by
    the header words the profile declares; a ▲ printed for a rise is found."""
    from expectations import declared_ratios
    from sources.profile import RatioDeclaration

    profile = current_profile()
    ratios = (
        RatioDeclaration("share", "構成比", numerator="人数", denominator="総人口"),
        RatioDeclaration("change", "増減率", start="2020年", end="2050年"),
    )
    document = replace(profile.document, ratios=ratios)
    monkeypatch.setattr(
        declared_ratios, "current_profile", lambda: replace(profile, document=document)
    )
    a, b = _members(2)
    share = _cells(
        [
            ["市町", "総人口", "老年/人数", "老年/構成比"],
            [a, "8,250", "4,058", "47.2%"],
            [b, "1,000", "250", "25.0%"],
        ]
    )
    change = _cells(
        [
            ["市町", "老年/2020年", "老年/2050年", "老年/増減率"],
            [a, "133,580", "140,196", "▲5.0%"],
            [b, "1,000", "900", "▲10.0%"],
        ]
    ).assign(table_id="t2")
    outcome = declared_ratios.check_declared_ratios({"table_cell": pd.concat([share, change])}, "r")
    assert outcome.compared == 4
    found = {(f.row_label, f.stated, f.expected) for f in outcome.findings}
    assert found == {(a, "47.2%", "49.2%"), (a, "▲5.0%", "5.0%")}
    assert {f.message for f in outcome.findings} == {
        f"{a}の老年/構成比は 47.2% と記載されているが、人数 ÷ 総人口 × 100 で計算すると 49.2%",
        f"{a}の老年/増減率は ▲5.0% と記載されているが、"
        "(2050年 − 2020年) ÷ 2020年 × 100 で計算すると 5.0%",
    }
    # Its columns printed, every part a marker: skipped, not noted as columns never printed.
    unknown = share.replace({"text": {"4,058": "—", "250": "—"}})
    outcome = declared_ratios.check_declared_ratios({"table_cell": unknown}, "r")
    assert (outcome.compared, outcome.skipped, outcome.notes) == (0, 2, [])


def test_a_total_label_broken_over_two_lines_is_still_the_total(declared):
    """The profile's total label is matched by its key (NFKC, no whitespace), as the
    warehouse's fact_measure matches it: `合計\n行` and `合 計 行` are the declared 合計行."""
    a, b = _members(2)
    for printed in ("合計\n行", "合 計 行"):
        grid = [["市町", "人"], [a, "1"], [b, "2"], [printed, "4"]]
        outcome = check_grid_totals({"table_cell": _cells(grid)}, "g")
        assert outcome.compared == 1
        [finding] = outcome.findings
        assert (finding.stated, finding.expected) == ("4", "3")
