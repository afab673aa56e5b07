"""The rule list as staff see it: each rule's description is shown in Dagster next to its
findings, in Japanese like the findings themselves."""

from __future__ import annotations

import re

import pytest

from expectations.families import FAMILIES, ROW_SUMS, TEXT, in_family_order
from expectations.registry import RULES, rules
from tests.expectations.helpers import profile_checking

HIRAGANA = re.compile(r"[\u3041-\u309f]")
ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.check_id)
def test_each_description_is_written_in_japanese(rule) -> None:
    assert HIRAGANA.search(rule.description), rule.description
    assert not ENGLISH_WORDS.search(rule.description), rule.description


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.check_id)
def test_the_templates_rules_name_tables_by_shape_and_role_never_by_a_documents_key(
    rule,
) -> None:
    # `{section[...]}` names a part of the national template; `{short[key]}` and the like
    # are for a profile's own checks, which know their document's keys.
    lookups = re.findall(r"\{(\w+)\[", rule.template)
    assert set(lookups) <= {"section"}, rule.template


def test_every_rule_is_in_a_listed_family_and_every_family_has_a_rule() -> None:
    assert {rule.family for rule in rules()} == set(FAMILIES)
    assert list(dict.fromkeys(rule.family for rule in rules())) == list(FAMILIES)


def test_families_come_in_their_listed_order_and_unknown_ones_last() -> None:
    assert in_family_order(["zz_new", TEXT, ROW_SUMS, "aa_new", TEXT]) == [
        ROW_SUMS,
        TEXT,
        "aa_new",
        "zz_new",
    ]


def test_descriptions_are_in_the_words_of_the_profile_in_use_not_of_the_import(
    monkeypatch,
) -> None:
    from sources.profile import PROFILE_ENV, load_profile
    from tests.fixtures.second_area import PROFILE_DIR

    [wholesale] = [r for r in rules() if r.check_id == "wholesale_share"]
    [medical] = [r for r in rules() if r.check_id == "medical_total_row"]
    second = load_profile(str(PROFILE_DIR))
    shipped = load_profile()
    assert second.region.core_city.name != shipped.region.core_city.name
    assert shipped.region.core_city.name in wholesale.description
    monkeypatch.setenv(PROFILE_ENV, str(PROFILE_DIR))
    assert second.region.core_city.name in wholesale.description
    assert shipped.region.core_city.name not in wholesale.description
    assert medical.description.startswith(second.table("medical_facility").short)


def test_a_check_a_profile_declares_on_its_subject_runs_and_finds_a_slip(tmp_path) -> None:
    """The profile names the relation, the kind and its parameters; a total row that is not
    the sum of its members is found, as by the template's rules."""
    import pandas as pd

    profile = profile_checking(
        tmp_path,
        'id = "count_total_row"\nkind = "total_rows"\ndescription = "合計の行 = 市町の和。"\n'
        'group_by = ["table_id", "column_label"]\n',
    )
    (rule,) = [r for r in rules(profile) if r.check_id == "count_total_row"]
    assert rule.family == ROW_SUMS and rule.inputs == ("fact_counts",)
    rows = [("06201", "municipality", 10.0), ("06206", "municipality", 5.0), (None, "total", 16.0)]
    frame = pd.DataFrame(
        [
            {
                "table_id": "t1",
                "caption": "表",
                "page": 3,
                "row_label": code or "合計",
                "column_label": "施設数",
                "municipality_code": code,
                "row_kind": kind,
                "municipality_name_printed": code,
                "name_resolution": None,
                "value": value,
                "value_text": str(int(value)),
                "marker": None,
                "unit": None,
            }
            for code, kind, value in rows
        ]
    )
    outcome = rule.run({"fact_counts": frame})
    assert outcome.compared == 1 and len(outcome.findings) == 1
    assert (outcome.findings[0].stated, outcome.findings[0].expected) == ("16", "15")


def test_a_check_of_an_unknown_kind_or_key_names_the_file_and_the_check(tmp_path) -> None:
    from sources.profile_reader import ProfileError

    wrong_kind = profile_checking(tmp_path / "a", 'id = "x"\nkind = "sum"\ndescription = "和。"\n')
    with pytest.raises(ProfileError, match=r"subjects.toml.*check #1\.kind: 'sum'"):
        rules(wrong_kind)
    wrong_key = profile_checking(
        tmp_path / "b", 'id = "x"\nkind = "total_rows"\ndescription = "和。"\ngroupby = []\n'
    )
    with pytest.raises(ProfileError, match="unknown key 'groupby'"):
        rules(wrong_key)


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ('group_by = "table_id"\n', "group_by: 'table_id' is not a list of column names"),
        ('where = "measure"\n', "where: 'measure' is not a table of column = value"),
    ],
)
def test_a_parameter_of_the_wrong_type_names_the_check(tmp_path, params, says) -> None:
    from sources.profile_reader import ProfileError

    profile = profile_checking(
        tmp_path, 'id = "x"\nkind = "total_rows"\ndescription = "和。"\n' + params
    )
    with pytest.raises(ProfileError, match=re.escape(says)):
        rules(profile)


def test_a_column_the_subject_lacks_is_named_when_the_check_runs(tmp_path) -> None:
    """A column a check names but its relation does not have stops the check with one line
    naming the profile's check and the relation's columns, not a KeyError."""
    import pandas as pd

    from sources.profile_reader import ProfileError

    profile = profile_checking(
        tmp_path,
        'id = "x"\nkind = "total_rows"\ndescription = "和。"\nwhere = { measure = "count" }\n',
    )
    (rule,) = [r for r in rules(profile) if r.check_id == "x"]
    frame = pd.DataFrame({"table_id": ["t1"], "column_label": ["施設数"], "value": [1.0]})
    with pytest.raises(ProfileError, match="'measure' is no column of fact_counts"):
        rule.run({"fact_counts": frame})


def test_a_not_null_check_finds_each_row_it_cannot_read_once(tmp_path) -> None:
    """One finding per printed row left unread, saying where it is printed and, in the
    check's own words, what could not be read; every row read in full finds nothing."""
    import pandas as pd

    from expectations.findings import Severity

    profile = profile_checking(
        tmp_path,
        'id = "counts_read"\nkind = "not_null"\ndescription = "どの行も市町が読める。"\n'
        'columns = ["row_kind"]\n',
    )
    (rule,) = [r for r in rules(profile) if r.check_id == "counts_read"]
    rows = [("山形市", "municipality"), ("架空町", None), ("合計", "total")]
    frame = pd.DataFrame(
        [
            {
                "table_id": "t9",
                "caption": "③図書館",
                "page": 13,
                "row_label": label,
                "column_label": column,
                "municipality_code": None,
                "row_kind": kind,
                "municipality_name_printed": None,
                "name_resolution": None,
                "value": 1.0,
                "value_text": "1",
                "marker": None,
                "unit": None,
            }
            for label, kind in rows
            for column in ("施設数", "蔵書数")
        ]
    )
    outcome = rule.run({"fact_counts": frame})
    assert outcome.compared == 6 and outcome.data_errors == []  # one per number
    (found,) = outcome.findings
    assert (found.table_id, found.caption, found.page, found.row_label) == (
        "t9",
        "③図書館",
        13,
        "架空町",
    )
    assert found.column_label == "施設数、蔵書数" and found.severity == Severity.ERROR
    assert "どの行も市町が読める" in found.message
    # Staff read the message: no relation or column name of the warehouse in it.
    assert "fact_counts" not in found.message and "row_kind" not in found.message
    assert rule.run({"fact_counts": frame[frame["row_kind"].notna()]}).findings == []


def test_a_not_null_check_of_a_column_the_relation_lacks_names_it(tmp_path) -> None:
    import pandas as pd

    from sources.profile_reader import ProfileError

    profile = profile_checking(
        tmp_path,
        'id = "x"\nkind = "not_null"\ndescription = "読める。"\ncolumns = ["row_knd"]\n',
    )
    (rule,) = [r for r in rules(profile) if r.check_id == "x"]
    with pytest.raises(ProfileError, match="'row_knd' is no column of fact_counts"):
        rule.run({"fact_counts": pd.DataFrame({"row_kind": ["total"]})})
    no_columns = profile_checking(
        tmp_path / "b", 'id = "x"\nkind = "not_null"\ndescription = "読める。"\n'
    )
    with pytest.raises(ProfileError, match="missing key 'columns'"):
        rules(no_columns)


def test_one_check_id_on_two_relations_must_be_the_same_check(tmp_path) -> None:
    """An id declared on several relations is one check over them all; declared with
    another kind it is two checks under one name, refused naming the declaration."""
    from sources.profile_reader import ProfileError

    not_null = 'id = "read"\nkind = "not_null"\ndescription = "読める。"\ncolumns = ["row_kind"]\n'
    second = (
        '\n[subject.fact_others]\ndescription = "Others."\nsql = "SELECT * FROM fact_measure"\n'
        'columns = ["@source", "@labels", "@municipality", "value", "@printed_value", '
        '"revision_id"]\n\n[[subject.fact_others.check]]\n'
    )
    same = profile_checking(tmp_path / "same", not_null + second + not_null)
    (rule,) = [r for r in rules(same) if r.check_id == "read"]
    assert set(rule.inputs) == {"fact_counts", "fact_others"}
    other_kind = 'id = "read"\nkind = "total_rows"\ndescription = "読める。"\n'
    profile = profile_checking(tmp_path / "other", not_null + second + other_kind)
    with pytest.raises(ProfileError, match="check id 'read' is declared on fact_counts") as raised:
        rules(profile)
    assert "[subject.fact_others].check #1" in str(raised.value)


@pytest.mark.parametrize(
    ("field", "says"),
    [
        ('description = "{shrt[x]}: 読める。"', "{shrt} is no placeholder"),
        ('description = "読める。"\nwhat = "{名称"', "what: a placeholder is not written right"),
    ],
)
def test_a_misspelt_placeholder_names_the_check_when_the_rules_are_made(
    tmp_path, field, says
) -> None:
    from sources.profile_reader import ProfileError

    profile = profile_checking(
        tmp_path,
        f'id = "u"\nkind = "unique_entries"\n{field}\nscope = ["table_id"]\nentry = ["row_label"]\n'
        + ("" if "what" in field else 'what = "名称"\n'),
    )
    with pytest.raises(
        ProfileError, match=r"\[subject\.fact_counts\]\.check #1\..*" + re.escape(says)
    ):
        rules(profile)
