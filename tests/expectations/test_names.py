"""Family 6: misprinted municipality names and duplicated list entries."""

import pandas as pd

from expectations.names import check_municipality_names, check_unique_entries
from expectations.registry import rules


def test_ground_truth_misprints_once_per_table(frames):
    outcome = check_municipality_names(frames, "municipality_names")
    found = {(f.table_id, f.stated, f.expected) for f in outcome.findings}
    cards = frames["dim_project"].set_index("project_no")["table_id"]
    matrices = sorted(
        frames["fact_project_participation"].query("source == '4'")["table_id"].unique()
    )
    assert found == {
        (cards[12], "上山町", "上山市"),
        (cards[15], "上市市", "上山市"),
        (cards[38], "上市市", "上山市"),
        (cards[43], "上市市", "上山市"),
        *((t, "上市市", "上山市") for t in matrices),
    }
    assert all(f.severity == "warning" and f.page for f in outcome.findings)


def test_a_new_misprint_is_reported_with_the_closest_official_name(frames):
    commuting = frames["fact_commuting"].copy()
    commuting.loc[commuting["row_label"] == "寒河江市", "municipality_name_printed"] = "寒川江市"
    outcome = check_municipality_names({"fact_commuting": commuting}, "n")
    [finding] = outcome.findings
    assert (finding.stated, finding.expected, finding.page) == ("寒川江市", "寒河江市", 8)


def test_the_members_are_counted_as_the_profile_in_use_counts_them(frames, monkeypatch):
    from sources.profile import PROFILE_ENV, load_profile
    from tests.fixtures.second_area import PROFILE_DIR

    second = load_profile(str(PROFILE_DIR)).region
    core = second.core_city.name
    misprint = core[0] + "尸" + core[2:]  # 八戸市 → 八尸市
    commuting = frames["fact_commuting"]
    one_row = commuting[commuting["row_label"] == "寒河江市"].copy()
    one_row["municipality_name_printed"] = misprint
    monkeypatch.setenv(PROFILE_ENV, str(PROFILE_DIR))
    [finding] = check_municipality_names({"fact_commuting": one_row}, "n").findings
    assert (finding.stated, finding.expected) == (misprint, core)
    assert f"圏域の{second.members_text}にこの名称はない" in finding.message
    assert second.members_text != load_profile("yamagata_2nd").region.members_text


def test_variants_and_totals_are_not_misprints(frames):
    population = frames["fact_population"]
    assert check_municipality_names({"fact_population": population}, "n").passed
    variant = population.copy()
    variant.loc[variant["row_label"] == "上山市", "municipality_name_printed"] = "かみのやま市"
    assert check_municipality_names({"fact_population": variant}, "n").passed


def _duplicates_rule():
    """The shipped profile's check of its lists: one id declared on two subject relations."""
    (rule,) = [r for r in rules() if r.check_id == "duplicate_list_entries"]
    return rule


def test_duplicated_list_entry(frames):
    rule = _duplicates_rule()
    [finding] = rule.run(frames).findings
    assert finding.stated == "山形県総合文化芸術館（2回）" and finding.page == 13
    facilities = frames["fact_facility_list"]
    deduplicated = facilities.drop_duplicates(["table_id", "row_label", "name"])
    assert rule.run({**frames, "fact_facility_list": deduplicated}).passed
    # The same name for two municipalities is two lists, not a duplicate.
    assert "予約制乗合タクシー" in set(facilities["name"].dropna())
    financial = frames["fact_financial_institution"]
    doubled = pd.concat([financial, financial.iloc[[0]]], ignore_index=True)
    outcome = rule.run(
        {**frames, "fact_facility_list": deduplicated, "fact_financial_institution": doubled}
    )
    assert [f.row_label for f in outcome.findings] == ["山形市"]
    # One check over both relations: every entry of either is compared once.
    assert outcome.compared == len(deduplicated.dropna(subset=["name"])) + len(doubled)


def test_an_entry_is_its_columns_together_within_its_list() -> None:
    frame = pd.DataFrame(
        {
            "table_id": ["t1"] * 4,
            "caption": ["店舗数"] * 4,
            "page": [5] * 4,
            "row_label": ["甲市", "甲市", "甲市", "乙町"],
            "kind": ["銀行", "銀行", "銀行", "銀行"],
            "office": ["本店", "支店", "本店", "本店"],
        }
    )
    outcome = check_unique_entries(
        frame, "u", ["table_id", "row_label"], ["kind", "office"], "種別"
    )
    [found] = outcome.findings
    assert (found.row_label, found.stated, outcome.compared) == ("甲市", "銀行本店（2回）", 4)
    assert "種別「銀行本店」が2回記載されている" in found.message


def test_a_document_printing_no_names_or_lists_is_noted_not_blocked(frames):
    """Another vision may print no table the names or lists are read from: the rules say
    so (照合していない) and raise no data error, which would block its warehouse."""
    empty = {name: frame.iloc[0:0] for name, frame in frames.items()}
    # (a profile declaring no list relation: they are absent from the frames)
    for outcome in (check_municipality_names(empty, "n"), _duplicates_rule().run({})):
        assert (outcome.compared, outcome.findings, outcome.data_errors) == (0, [], [])
        assert outcome.notes and "照合していない" in outcome.notes[0]
    # With one printed name the rule compares again.
    assert check_municipality_names(frames, "n").compared > 0


def test_a_misprint_printed_on_several_pages_is_reported_at_its_first_page():
    # One table continued over pages 12 and 11 (rows met in that order), a row whose page
    # is unknown, and a row of no table (not grouped with the others).
    printed = pd.DataFrame(
        {
            "table_id": ["t009", "t009", "t009", None],
            "caption": ["通勤", "通勤", "通勤", "通勤"],
            "page": pd.array([12, 11, None, 5], dtype="Int64"),
            "row_label": ["寒川江市", "寒川江市", "寒川江市", "寒川江市"],
            "column_label": ["通勤者", "通学者", "計", "計"],
            "municipality_name_printed": ["寒川江市"] * 4,
        }
    )
    [finding] = check_municipality_names({"fact_commuting": printed}, "n").findings
    assert (finding.table_id, finding.page, finding.expected) == ("t009", 11, "寒河江市")
    assert finding.row_label == "寒川江市" and finding.column_label == "（市町名）"
    assert "（p.11・p.12）" in finding.message
