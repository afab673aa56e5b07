"""Family 5: project cards (3(2)) vs the section 4 matrix."""

from expectations.participation import check_participation, check_project_identity
from tests.expectations.helpers import use_matrix_label

# A flipped mark as a document would print it (the mark shown in findings is the printed one).
_FLIPPED = {"★": "", "": "★", "(★)": "( )", "( )": "(★)"}


def _flip(participation, source, project, municipality_code):
    out = participation.copy()
    mask = (
        (out["source"] == source)
        & (out["project_no"] == project)
        & (out["municipality_code"] == municipality_code)
    )
    assert mask.sum() == 1
    out.loc[mask, "participates"] = ~out.loc[mask, "participates"].astype(bool)
    out.loc[mask, "mark_printed"] = out.loc[mask, "mark_printed"].map(_FLIPPED)
    return out


def test_ground_truth_participation_differences(frames):
    outcome = check_participation(frames["fact_project_participation"], "p")
    assert {(f.row_label[:4], f.column_label, f.stated, f.expected) for f in outcome.findings} == {
        ("【43】", "上山市", "★", "( )"),
        ("【43】", "尾花沢市", "★", "( )"),
        ("【43】", "大石田町", "★", "( )"),
    }
    assert all(f.severity == "error" and f.page == 65 for f in outcome.findings)
    assert outcome.compared == 44 * 14


def test_a_flipped_matrix_mark_is_reported(frames):
    participation = _flip(frames["fact_project_participation"], "4", 2, "06206")
    found = {
        (f.row_label[:3], f.column_label, f.stated, f.expected)
        for f in check_participation(participation, "p").findings
    }
    assert ("【2】", "寒河江市", "（空欄）", "(★)") in found
    assert len(found) == 4


def test_the_sections_are_the_profile_of_the_run_not_of_the_import(frames, monkeypatch, tmp_path):
    use_matrix_label(monkeypatch, tmp_path / "profile", "5")
    participation = _flip(frames["fact_project_participation"], "4", 2, "06206")
    participation["source"] = participation["source"].replace("4", "5")
    findings = check_participation(participation, "p").findings
    assert len(findings) == 4
    assert all("5 の一覧表" in f.message for f in findings)
    [renamed] = check_project_identity(participation, "i").findings  # 【13】 as on the page
    assert renamed.row_label.startswith("【13】") and "5 の一覧表" in renamed.message


def test_a_consistent_project_gives_no_finding(frames):
    participation = frames["fact_project_participation"]
    assert check_participation(participation[participation["project_no"] < 43], "p").passed


def test_project_names_and_numbers(frames):
    participation = frames["fact_project_participation"]
    [finding] = check_project_identity(participation, "i").findings
    assert finding.row_label.startswith("【13】")
    assert (finding.stated, finding.expected) == (
        "保健所・大学を活用した健康等に関する共同研究と活用",
        "保健所・大学を活用した健康等に関する共同研究と利活用",
    )
    assert finding.severity == "warning" and "語句の違い" in finding.message
    renamed = participation.copy()
    mask = (renamed["source"] == "4") & (renamed["project_no"] == 36)
    renamed.loc[mask, "project_name_printed"] = "婚活・推進事業"
    found = {f.row_label[:4]: f for f in check_project_identity(renamed, "i").findings}
    assert "記号" in found["【36】"].message  # punctuation only: notation
    dropped = participation[
        ~((participation["source"] == "4") & (participation["project_no"] == 5))
    ]
    missing = [
        f for f in check_project_identity(dropped, "i").findings if f.column_label == "連携事業番号"
    ]
    assert [(f.stated, f.expected, f.severity) for f in missing] == [
        ("【5】", "（記載なし）", "error")
    ]


def test_a_member_one_side_does_not_print_reads_as_a_dash_not_nan(frames):
    participation = frames["fact_project_participation"]
    dropped = participation[
        ~((participation["source"] == "4") & (participation["municipality_code"] == "06206"))
    ]
    outcome = check_participation(dropped[dropped["project_no"] == 2], "p")
    [missing] = [f for f in outcome.findings if f.column_label == "寒河江市"]
    assert "一覧表（p.—）" in missing.message
    assert "nan" not in missing.message and ".0）" not in missing.message
