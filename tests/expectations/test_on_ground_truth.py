"""Every rule on the ground truth of the shipped vision: the exact set of findings, and a
proof that findings come from computation, not from a list — change other printed numbers
(in the extracted table cells, before normalization) and exactly those changes appear.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from expectations.findings import CheckOutcome
from expectations.registry import rules, run_checks
from sources.tables import ExtractedTable
from tests.warehouse.normalize.conftest import SHA, body, gt_by_caption
from warehouse.normalize import build_all_frames

Key = tuple[str, int | None, str, str, str, str, str]


def keys(outcomes: list[CheckOutcome]) -> set[Key]:
    return {
        (f.check_id, f.page, f.row_label, f.column_label, f.stated, f.expected, str(f.severity))
        for o in outcomes
        for f in o.findings
    }


# Every inconsistency of the shipped vision, with the judgement in the closing note.
P43 = "【43】固定資産課税客体管理及び全庁共用空間データ整備に資する航空写真図整備事業"
EXPECTED: set[Key] = {
    # 1 — sums
    ("welfare_total_row", 10, "合計", "保育所・認定こども園/施設数", "112", "114", "error"),
    ("welfare_total_row", 11, "合計", "介護老人福祉施設/施設数", "46", "45", "error"),
    ("welfare_total_row", 11, "合計", "養護老人ホーム/施設数", "5", "6", "error"),
    ("usage_total_row", 14, "合計", "年間利用者数", "13,358", "13,364", "error"),
    # 2 — ratios and shares
    ("commuting_ratio", 8, "河北町", "山形市への通勤通学割合 C / (A - B)", "0.15", "0.14", "error"),
    ("usage_share", 10, "尾花沢市", "休日夜間診療所の年間利用者数/比率", "0.1%", "0.0%", "error"),
    ("usage_share", 10, "大石田町", "休日歯科診療所の年間利用者数/比率", "0.2%", "0.1%", "error"),
    ("usage_share", 12, "比率", "住所別/河北町", "2.0%", "1.9%", "error"),
    ("usage_share", 14, "大江町", "比率", "0.0%", "0.1%", "error"),
    ("employment_share", 14, "合計", "第1次産業/構成比", "12.1%", "7.7%", "error"),
    ("employment_share", 14, "合計", "第2次産業/構成比", "30.9%", "26.1%", "error"),
    ("employment_share", 14, "合計", "第3次産業/構成比", "57.0%", "66.2%", "error"),
    # 3 — KPI 3(1) vs 4
    (
        "kpi_cross_section",
        64,
        "老年人口のうち日常生活が自立している割合",
        "基準値",
        "90.2",
        "90",
        "warning",
    ),
    ("kpi_cross_section", 65, "大学生の地元定着率", "基準値", "29.2", "29", "warning"),
    ("kpi_cross_section", 65, "高校生の地元定着率", "基準値", "48.5", "49", "warning"),
    (
        "kpi_cross_section",
        64,
        "新規連携事業数 (高次の都市機能の集積・強化)",
        "指標",
        "新規連携事業数 (高次の都市機能の集積・強化) ※第2期山形連携中枢都市圏ビジョン期間中の累計",
        "新規連携事業数（高次の都市機能の集積強化）※第2期山形連携中枢都市圏ビジョン期間中の累計",
        "warning",
    ),
    (
        "kpi_cross_section",
        64,
        "圏域全体の公共交通利用者数",
        "指標",
        "圏域全体の公共交通利用者数 (人) (圏域内のJR有人駅及び圏域内複数市町をまたぐバス路線"
        "「地域間幹線系統」、圏域内のコミュニティバスの利用者数)",
        "圏域全体の公共交通利用者数（人） （圏域内のJR有人駅及び圏域内複数市町をまたぐバス路線"
        "「地域間幹線系統」、圏域内複数市町をまたぐコミュニティバスの利用者数）",
        "warning",
    ),
    # 5 — participation and project names
    ("project_participation", 65, P43, "上山市", "★", "( )", "error"),
    ("project_participation", 65, P43, "尾花沢市", "★", "( )", "error"),
    ("project_participation", 65, P43, "大石田町", "★", "( )", "error"),
    (
        "project_identity",
        64,
        "【13】保健所・大学を活用した健康等に関する共同研究と活用",
        "連携事業名",
        "保健所・大学を活用した健康等に関する共同研究と活用",
        "保健所・大学を活用した健康等に関する共同研究と利活用",
        "warning",
    ),
    # 6 — names and lists
    ("municipality_names", 30, "関連する市町", "上山町", "上山町", "上山市", "warning"),
    ("municipality_names", 33, "関連する市町", "上市市", "上市市", "上山市", "warning"),
    ("municipality_names", 56, "関連する市町", "上市市", "上市市", "上山市", "warning"),
    ("municipality_names", 61, "関連する市町", "上市市", "上市市", "上山市", "warning"),
    ("municipality_names", 63, "（列見出し）", "上市市", "上市市", "上山市", "warning"),
    ("municipality_names", 64, "（列見出し）", "上市市", "上市市", "上山市", "warning"),
    ("municipality_names", 65, "（列見出し）", "上市市", "上市市", "上山市", "warning"),
    (
        "duplicate_list_entries",
        13,
        "山形市",
        "",
        "山形県総合文化芸術館（2回）",
        "山形県総合文化芸術館（1回）",
        "warning",
    ),
    # 8 — text and structure (from the tables: the same budget on two different cards; p.9's
    # usage table 「③令和5年度山形市立病院済生館の利用状況」 has no row for 西川町, which the
    # other tables of its section print — read from the cells the frames now carry)
    ("municipality_coverage", 9, "（市町の行）", "", "13市町（西川町なし）", "14市町", "warning"),
    (
        "copied_budget_rows",
        52,
        "事業費見込",
        "",
        "連携事業【34】: 2025年度 3,097、2026年度 2,749",
        "連携事業【33】とは別の金額",
        "warning",
    ),
}


# Rules that run on what the profile declares ([document] total_labels, ratios).
PROFILE_DECLARED_RULES = frozenset({"grid_totals", "declared_ratios"})


def test_every_rule_runs_cleanly_on_the_ground_truth(gt_outcomes):
    assert [o.check_id for o in gt_outcomes] == [r.check_id for r in rules()]
    assert all(not o.data_errors for o in gt_outcomes)
    # incl. the cross-source rules; the ground truth holds tables only, so the text rules
    # that read the document's text are skipped with a note (test_text_family).
    # The rules over what a profile declares (total labels, ratios) say they did not
    # compare: the shipped profile declares none.
    declared = {o.check_id: o for o in gt_outcomes if o.check_id in PROFILE_DECLARED_RULES}
    assert all(o.compared == 0 and o.notes for o in declared.values())
    assert all(
        o.compared > 0
        for o in gt_outcomes
        if not (o.family == "text" and o.notes) and o.check_id not in PROFILE_DECLARED_RULES
    )


def test_exact_findings_on_the_ground_truth(gt_outcomes):
    assert keys(gt_outcomes) == EXPECTED


def test_the_90_vs_90_2_kpi_baseline_is_reported(gt_outcomes):
    [finding] = [
        f
        for o in gt_outcomes
        for f in o.findings
        if f.check_id == "kpi_cross_section" and f.stated == "90.2"
    ]
    assert finding.expected == "90" and finding.column_label == "基準値"


def test_welfare_findings_agree_with_a_sum_of_the_raw_cells(gt_json, gt_outcomes):
    """Independent of the frames: sum the printed cells of the welfare tables directly."""
    expected = set()
    for table in gt_by_caption(gt_json, "社会福祉施設"):
        rows = body(table)
        header = table["rows"][0]
        for col in range(1, len(header)):
            parts = [r[col] for r in rows if r[0] != "合計"]
            total = next(r[col] for r in rows if r[0] == "合計")
            computed = sum(int(p) for p in parts if re.fullmatch(r"\d+", p))
            if computed != int(total):
                expected.add((total, str(computed)))
    found = {
        (f.stated, f.expected)
        for o in gt_outcomes
        for f in o.findings
        if o.check_id == "welfare_total_row"
    }
    assert found == expected and len(found) == 3


# --- no hard-coded answers: change other numbers, see exactly those changes -------------


def _set_cell(tables: list[dict[str, Any]], caption: str, row_head: str, col: int, text: str):
    """Set a body cell (first row whose first cell is `row_head`) of the first table with
    `caption` (regex) that has such a row; returns the previous text."""
    for table in gt_by_caption(tables, caption):
        for row in table["rows"][table["header_rows"] :]:
            if row[0] == row_head:
                before, row[col] = row[col], text
                return before
    raise AssertionError(f"{caption}: no row {row_head}")


@pytest.fixture(scope="module")
def mutated_outcomes(gt_json, official) -> list[CheckOutcome]:
    tables = copy.deepcopy(gt_json)
    assert _set_cell(tables, "医療施設及び医師数", "天童市", 5, "81") == "80"  # 医師数
    assert _set_cell(tables, "社会福祉施設等", "合計", 2, "114") == "112"  # fixes a total
    assert _set_cell(tables, "通勤通学割合", "寒河江市", 4, "0.25") == "0.21"
    assert _set_cell(tables, "中長期的な将来の人口の目標", "東根市", 3, "46,205") == "46,250"
    kpi = gt_by_caption(tables, "^ア 圏域全体の経済成長のけん引")[0]  # 3(1)
    assert kpi["rows"][7][1] == "20,392,604"
    kpi["rows"][7][1] = "20,392,640"
    card = gt_by_caption(tables, r"連携事業【16】")[0]
    card["rows"][1] = [c.replace("(★) 寒河江市", "(★) 寒川江市") for c in card["rows"][1]]
    frames = build_all_frames([ExtractedTable.from_json(t) for t in tables], SHA)
    return run_checks({**frames, **official})


def test_changed_numbers_are_reported_and_nothing_else(gt_outcomes, mutated_outcomes):
    before, after = keys(gt_outcomes), keys(mutated_outcomes)
    assert before - after == {
        ("welfare_total_row", 10, "合計", "保育所・認定こども園/施設数", "112", "114", "error")
    }
    added = after - before
    assert {k[:6] for k in added} == {
        ("medical_total_row", 9, "合計", "医師数", "1,604", "1,605"),
        ("commuting_ratio", 8, "寒河江市", "山形市への通勤通学割合 C / (A - B)", "0.25", "0.21"),
        ("population_total_row", 17, "合計", "2030年", "485,814", "485,769"),
        ("population_cross_table", 17, "東根市", "2030年", "46,205", "46,250"),
        ("ipss2023_projection", 17, "東根市", "2030年", "46,205", "46,250"),
        ("kpi_cross_section", 63, "圏域の観光客数", "基準値", "20,392,604", "20,392,640"),
        ("municipality_names", 34, "関連する市町", "寒川江市", "寒川江市", "寒河江市"),
    }
