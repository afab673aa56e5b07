"""Family 2: ratios and shares are recomputed from the printed counts."""

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from expectations.registry import rules
from sources.profile_reader import ProfileError
from tests.expectations.helpers import profile_checking, set_printed, summary


def run(check_id: str, frame: pd.DataFrame):
    """The shipped profile's check `check_id` (a `share` it declares) on `frame`."""
    [rule] = [r for r in rules() if r.check_id == check_id]
    return rule.run({rule.inputs[0]: frame})


def test_commuting_ratio_is_c_over_a_minus_b(frames):
    commuting = frames["fact_commuting"]
    outcome = run("commuting_ratio", commuting)
    # 河北町: 1,214 / (9,974 − 1,214) = 0.1386 → 0.14, printed 0.15.
    assert summary(outcome) == {("河北町", "山形市への通勤通学割合 C / (A - B)", "0.15", "0.14")}
    fixed = set_printed(commuting, {"row_label": "河北町", "measure_code": "ratio"}, "0.14")
    assert run("commuting_ratio", fixed).passed
    changed = set_printed(fixed, {"row_label": "寒河江市", "measure_code": "A"}, "25,763")
    [finding] = run("commuting_ratio", changed).findings
    assert (finding.row_label, finding.stated, finding.expected) == ("寒河江市", "0.21", "0.18")
    assert finding.page == 8
    assert finding.message == (
        "寒河江市の通勤通学割合は 0.21 と記載されているが、"
        "C / (A − B) = 4,151 / (25,763 − 3,042) = 0.18"
    )


def test_usage_shares_follow_from_counts(frames):
    usage = frames["fact_usage_by_residence"]
    outcome = run("usage_share", usage)
    assert {(f.row_label, f.column_label, f.stated, f.expected) for f in outcome.findings} == {
        ("尾花沢市", "休日夜間診療所の年間利用者数/比率", "0.1%", "0.0%"),
        ("大石田町", "休日歯科診療所の年間利用者数/比率", "0.2%", "0.1%"),
        ("大江町", "比率", "0.0%", "0.1%"),
        ("比率", "住所別/河北町", "2.0%", "1.9%"),
    }
    changed = set_printed(usage, {"row_label": "天童市", "column_label": "入院/比率"}, "5.0%")
    new = run("usage_share", changed).findings
    [finding] = [f for f in new if f.row_label == "天童市"]
    assert (finding.column_label, finding.stated, finding.expected) == ("入院/比率", "5.0%", "4.8%")
    assert finding.message.startswith("天童市の入院の比率は 5.0% と記載されているが、6,743 ÷ ")


def test_share_agreeing_with_the_row_sum_is_not_blamed_for_a_wrong_total(frames):
    library = frames["fact_usage_by_residence"]
    library = library[
        library["table_id"] == library[library["service"] == "利用者"]["table_id"].iloc[0]
    ]
    # 山形市 12,291 ÷ 13,364 (sum of rows) = 91.97 → 92.0; ÷ 13,358 (printed 合計) = 92.01.
    outcome = run("usage_share", library)
    assert [f.row_label for f in outcome.findings] == ["大江町"]
    # A share that agrees with neither says so, with both.
    assert outcome.findings[0].message.endswith(
        "8 ÷ 13,364 = 0.1%（合計欄 13,358 でも各行の和 13,364 でも一致しない）"
    )


def test_employment_shares_per_row_and_in_the_total_row(frames):
    employment = frames["fact_employment"]
    outcome = run("employment_share", employment)
    assert summary(outcome) == {
        ("合計", "第1次産業/構成比", "12.1%", "7.7%"),
        ("合計", "第2次産業/構成比", "30.9%", "26.1%"),
        ("合計", "第3次産業/構成比", "57.0%", "66.2%"),
    }
    assert all("単純平均" in f.message for f in outcome.findings)
    fixed = employment
    for sector, text in (("第1次産業", "7.7%"), ("第2次産業", "26.1%"), ("第3次産業", "66.2%")):
        fixed = set_printed(fixed, {"row_label": "合計", "column_label": f"{sector}/構成比"}, text)
    assert run("employment_share", fixed).passed
    changed = set_printed(
        fixed, {"row_label": "上山市", "column_label": "第2次産業/就業人口"}, "4,638"
    )
    found = run("employment_share", changed)
    assert ("上山市", "第2次産業/構成比", "24.5%", "29.3%") in summary(found)
    assert "上山市の第2次産業の構成比は 24.5% と記載されているが、4,638 ÷ 15,854 = 29.3%" in [
        f.message for f in found.findings
    ]


def test_wholesale_share_of_the_prefecture(frames):
    wholesale = frames["fact_wholesale_retail"]
    assert run("wholesale_share", wholesale).passed
    changed = set_printed(wholesale, {"item": "従業者数", "area_kind": "prefecture"}, "98,540")
    [finding] = run("wholesale_share", changed).findings
    assert (finding.row_label, finding.column_label, finding.stated, finding.expected) == (
        "従業者数(人)",
        "比率",
        "30.2%",
        "27.2%",
    )
    assert (
        finding.message == "従業者数(人)の比率は 30.2% と記載されているが、26,769 ÷ 98,540 = 27.2%"
    )


def test_the_shipped_kpi_quotient_is_found_by_its_declared_words_and_units(frames):
    kpi = frames["fact_kpi"]
    outcome = run("kpi_production_per_worker", kpi)
    assert outcome.passed and outcome.compared == 4  # baseline and target, in 3(1) and 4
    # Positions do not matter: shuffle the KPI order.
    shuffled = kpi.assign(kpi_seq=kpi["kpi_seq"].max() + 1 - kpi["kpi_seq"]).iloc[::-1]
    assert run("kpi_production_per_worker", shuffled).compared == 4
    changed = set_printed(
        kpi,
        {"printed_in": "4", "value_kind": "target", "unit": "百万円"},
        "2,480,000",
    )
    [finding] = run("kpi_production_per_worker", changed).findings
    assert (finding.stated, finding.expected) == ("9,794", "10,206")
    assert finding.column_label == "目標値（4）" and finding.page == 63


def _kpis(rows: list[tuple[str, str, str, str, str, int]]) -> pd.DataFrame:
    """(section, baseline/target, indicator, unit, printed value, year) → fact_kpi rows as
    a KPI table typeset for the test prints them."""
    return pd.DataFrame(
        [
            {
                "table_id": f"k{section}",
                "caption": "成果指標",
                "page": 30 if section == "3(1)" else 60,
                "row_label": f"{indicator}（{unit}）",
                "column_label": "基準値" if kind == "baseline" else "目標値",
                "printed_in": section,
                "kpi_seq": seq,
                "indicator": indicator,
                "unit": unit,
                "value_kind": kind,
                "value": None if text == "—" else float(text.replace(",", "")),
                "value_text": text,
                "year": year,
            }
            for seq, (section, kind, indicator, unit, text, year) in enumerate(rows)
        ]
    )


def test_the_declared_quotient_finds_a_changed_per_worker_value():
    """総生産額 2,109,973 百万円 ÷ 従業者数 231,390 人 in 千円 per worker: the value as
    printed passes, the same KPI printed otherwise is found, with the formula."""
    per_worker = round(2_109_973 * 1_000 / 231_390)
    triple = [
        ("3(1)", "baseline", "圏域全体の従業者数", "人", "231,390", 2021),
        ("3(1)", "baseline", "圏域全体の総生産額", "百万円", "2,109,973", 2021),
    ]
    per = ("3(1)", "baseline", "圏域内の従業者一人当生産額", "千円")
    assert run(
        "kpi_production_per_worker", _kpis([*triple, (*per, f"{per_worker:,}", 2021)])
    ).passed
    slipped = run("kpi_production_per_worker", _kpis([*triple, (*per, "9,191", 2021)]))
    [finding] = slipped.findings
    assert (finding.stated, finding.expected, finding.page) == ("9,191", f"{per_worker:,}", 30)
    assert finding.message == (
        "圏域内の従業者一人当生産額の基準値（3(1)）は 9,191 と記載されているが、"
        f"2,109,973百万円 ÷ 231,390人（千円） = {per_worker:,}"
    )


# Another area's KPI quotient, in its own words and units.
TOURISM_QUOTIENT = """[[document.kpi_quotients]]
id = "spending_per_visitor"
description = "一人当たり観光消費額（円）= 観光消費額（千円）÷ 観光入込客数。"
value = { words = ["一人当たり", "観光消費額"], unit = "money" }
numerator = { words = ["観光消費額"], unit = "money" }
denominator = { words = ["観光入込客数"], unit = "人" }
"""
_DECLARED = re.compile(r"\[\[document\.kpi_quotients\]\]\n(?:.+\n)+")


def _profile_declaring(tmp_path, quotients: str):
    """The shipped profile with `quotients` for its KPI quotients."""
    from sources.profile import load_profile

    shipped = Path(load_profile().path).parent
    folder = tmp_path / "area"
    shutil.copytree(shipped, folder)
    text = (folder / "profile.toml").read_text(encoding="utf-8")
    assert _DECLARED.search(text)
    (folder / "profile.toml").write_text(_DECLARED.sub(quotients, text), encoding="utf-8")
    return load_profile(str(folder))


def _tourism(section: str, spending: str, visitors: str, per_visitor: str, year: int = 2022):
    return [
        (section, "baseline", "観光消費額", "千円", spending, year),
        (section, "baseline", "観光入込客数", "人", visitors, year),
        (section, "baseline", "観光客一人当たり観光消費額", "円", per_visitor, year),
    ]


def test_another_areas_profile_declares_its_own_kpi_quotient(tmp_path):
    """一人当たり観光消費額 (円) = 観光消費額 (千円) ÷ 観光入込客数: 12,600,000 千円 ÷
    1,800,000 人 = 7,000 円. Nothing of the shipped document's KPIs is checked."""
    by_id = {r.check_id: r for r in rules(_profile_declaring(tmp_path, TOURISM_QUOTIENT))}
    assert "kpi_production_per_worker" not in by_id
    rule = by_id["spending_per_visitor"]
    assert rule.description == "一人当たり観光消費額（円）= 観光消費額（千円）÷ 観光入込客数。"
    check = lambda rows: rule.run({"fact_kpi": _kpis(rows)})  # noqa: E731
    outcome = check(
        _tourism("3(1)", "12,600,000", "1,800,000", "7,800")
        + _tourism("4", "12,600,000", "1,800,000", "7,000")
    )
    assert outcome.compared == 2
    [finding] = outcome.findings
    assert (finding.row_label, finding.column_label, finding.stated, finding.expected) == (
        "観光客一人当たり観光消費額",
        "基準値（3(1)）",
        "7,800",
        "7,000",
    )
    assert finding.message.endswith("12,600,000千円 ÷ 1,800,000人（円） = 7,000")
    # Two KPIs alike (a second 観光消費額 in 千円) are not guessed; a unit the rules do not
    # know (千万円) is no money; a year that differs is skipped with a note; a value not
    # printed is skipped.
    twice = [("4", "baseline", "宿泊観光消費額", "千円", "5,000,000", 2022)]
    unknown_unit = [("3(1)", "baseline", "観光消費額", "千万円", "1,260", 2022)]
    outcome = check(
        _tourism("3(1)", "12,600,000", "1,800,000", "7,800")[1:]
        + unknown_unit
        + _tourism("4", "12,600,000", "1,800,000", "7,800")
        + twice
    )
    assert (outcome.compared, outcome.skipped, outcome.findings) == (0, 0, [])
    assert outcome.notes == [
        "この文書には観光消費額・観光入込客数・一人当たり観光消費額の組の成果指標が"
        "掲載されていないため照合していない"
    ]
    # The notes name the column as printed (基準値), never the internal value kind.
    other_year = _tourism("3(1)", "12,600,000", "1,800,000", "7,800")
    other_year[1] = (*other_year[1][:5], 2021)
    outcome = check(other_year + _tourism("4", "12,600,000", "—", "7,800"))
    assert (outcome.compared, outcome.skipped, outcome.findings) == (0, 2, [])
    # The triples are printed: only why each is skipped is noted, not "no such triple".
    assert outcome.notes == ["基準値（3(1)）: 年が揃わないため一人当たり観光消費額を照合しない"]
    # A denominator printed as 0 leaves no quotient to check: skipped with a note.
    outcome = check(_tourism("4", "12,600,000", "0", "7,800"))
    assert (outcome.compared, outcome.skipped, outcome.findings) == (0, 1, [])
    assert outcome.notes == ["基準値（4）: 観光入込客数が0のため一人当たり観光消費額を照合しない"]


def test_a_count_printed_in_man_is_counted_in_its_unit(tmp_path):
    """観光入込客数 printed in 万人 (180 万人 = 1,800,000 人): 12,600,000 千円 ÷ 1,800,000 人
    = 7,000 円 per visitor, as printed; the same count read as 180 people would make the
    right value a finding."""
    declared = TOURISM_QUOTIENT.replace('unit = "人"', 'unit = "万人"')
    [rule] = [
        r
        for r in rules(_profile_declaring(tmp_path, declared))
        if r.check_id == "spending_per_visitor"
    ]
    rows = _tourism("3(1)", "12,600,000", "180", "7,000")
    rows[1] = (*rows[1][:3], "万人", *rows[1][4:])
    outcome = rule.run({"fact_kpi": _kpis(rows)})
    assert (outcome.compared, outcome.findings) == (1, [])
    rows[2] = (*rows[2][:4], "7,500", rows[2][5])
    [finding] = rule.run({"fact_kpi": _kpis(rows)}).findings
    assert (finding.stated, finding.expected) == ("7,500", "7,000")


def test_a_unit_with_two_scale_words_is_their_product(tmp_path):
    """A count printed in 千万人 (0.18 千万人 = 1,800,000 人): 12,600,000 千円 ÷ 1,800,000 人
    = 7,000 円. Reading 千万 as 千 alone would expect 70,000,000 ÷ 10,000 = 7,000,000."""
    declared = TOURISM_QUOTIENT.replace('unit = "人"', 'unit = "千万人"')
    [rule] = [
        r
        for r in rules(_profile_declaring(tmp_path, declared))
        if r.check_id == "spending_per_visitor"
    ]
    rows = _tourism("3(1)", "12,600,000", "0.18", "7,000")
    rows[1] = (*rows[1][:3], "千万人", *rows[1][4:])
    outcome = rule.run({"fact_kpi": _kpis(rows)})
    assert (outcome.compared, outcome.findings) == (1, [])


def test_a_unit_declared_as_printed_in_full_width_finds_its_kpi(tmp_path):
    """The profile copies the unit as the document prints it (（ｈａ）); fact_kpi keeps it
    in NFKC (ha): 農業産出額 1,500 百万円 ÷ 経営耕地面積 3,000 ｈａ = 500 千円 per ha."""
    declared = """[[document.kpi_quotients]]
id = "output_per_hectare"
description = "耕地面積当たり農業産出額（千円）= 農業産出額（百万円）÷ 経営耕地面積（ｈａ）。"
value = { words = ["耕地面積当たり", "農業産出額"], unit = "money" }
numerator = { words = ["農業産出額"], unit = "money" }
denominator = { words = ["経営耕地面積"], unit = "ｈａ" }
"""
    profile = _profile_declaring(tmp_path, declared)
    [rule] = [r for r in rules(profile) if r.check_id == "output_per_hectare"]
    rows = [
        ("3(1)", "baseline", "農業産出額", "百万円", "1,500", 2022),
        ("3(1)", "baseline", "経営耕地面積", "ha", "3,000", 2022),
        ("3(1)", "baseline", "耕地面積当たり農業産出額", "千円", "520", 2022),
    ]
    [finding] = rule.run({"fact_kpi": _kpis(rows)}).findings
    assert (finding.stated, finding.expected) == ("520", "500")


def _quotient_rules(profile=None) -> list[str]:
    return [
        r.check_id for r in rules(profile) if r.inputs == ("fact_kpi",) and r.family == "ratios"
    ]


def test_a_profile_declaring_no_kpi_quotient_runs_no_such_rule(tmp_path):
    """The rule is the declaration (its id and description are the profile's), so a profile
    declaring none has none; one declaring it on KPIs the document does not print says it
    did not compare (the test above), never a data error."""
    assert _quotient_rules() == ["kpi_production_per_worker"]
    assert _quotient_rules(_profile_declaring(tmp_path, "")) == []


@pytest.mark.parametrize(
    ("declared", "says"),
    [
        (
            TOURISM_QUOTIENT.replace('unit = "人"', 'units = "人"'),
            "denominator: unknown key 'units'",
        ),
        (
            TOURISM_QUOTIENT.replace('words = ["観光消費額"]', "words = []"),
            "numerator.words: expected a list of non-empty texts",
        ),
        (TOURISM_QUOTIENT.replace('"spending_per_visitor"', '"Spending"'), "id: 'Spending' is not"),
        (
            TOURISM_QUOTIENT.replace(
                'value = { words = ["一人当たり", "観光消費額"], unit = "money" }', ""
            ),
            "[[document.kpi_quotients]] #1: missing required key 'value'",
        ),
        (TOURISM_QUOTIENT + "\n" + TOURISM_QUOTIENT, "id 'spending_per_visitor' is declared twice"),
        # 十万円 read as 1 yen would find every quotient wrong.
        (
            TOURISM_QUOTIENT.replace(
                '["観光消費額"], unit = "money"', '["観光消費額"], unit = "十万円"'
            ),
            "spending_per_visitor.numerator.unit: '十万円' is no money unit the rules convert",
        ),
    ],
)
def test_a_kpi_quotient_declared_wrong_is_a_profile_error_naming_it(tmp_path, declared, says):
    assert declared != TOURISM_QUOTIENT
    with pytest.raises(ProfileError, match=re.escape(says)) as raised:
        rules(_profile_declaring(tmp_path, declared))
    assert str(tmp_path / "area" / "profile.toml") in str(raised.value)


def test_a_kpi_quotient_taking_a_rules_id_is_an_error_naming_the_profile_file(tmp_path):
    """The id is the declaration's (profile.toml), so the message names that file, not the
    subjects file the other declared checks come from."""
    profile = _profile_declaring(
        tmp_path, TOURISM_QUOTIENT.replace('"spending_per_visitor"', '"grid_totals"')
    )
    with pytest.raises(ProfileError, match="check id 'grid_totals' is used twice") as raised:
        rules(profile)
    assert str(raised.value).startswith(str(tmp_path / "area" / "profile.toml"))


# Another area's vision: 観光入込客数 by season with each season's 構成比 and a 計 row, and
# the 昼夜間人口比率 of each town (昼間人口 ÷ 夜間人口, printed in % without the sign).
VISITOR_SHARE = """id = "visitor_share"
kind = "share"
description = "構成比 = 季節の入込客数 ÷ 計。"
group_by = ["table_id"]
series = "measure"
share = "構成比"
part = "入込客数"
whole = "total"
row_keys = ["season"]
label = "{season}の観光入込客数の構成比"

[[subject.fact_counts.check]]
id = "day_night_ratio"
kind = "share"
description = "昼夜間人口比率 = 昼間人口 ÷ 夜間人口。"
group_by = ["table_id", "row_label"]
series = "measure"
share = "昼夜間人口比率"
part = "昼間人口"
whole = "夜間人口"
label = "{place}の昼夜間人口比率"
formula = "昼間人口 ÷ 夜間人口 = {昼間人口} ÷ {夜間人口}"
"""


def _cells(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """(row label, row kind, season, measure, printed) → a relation's rows as typeset."""
    return pd.DataFrame(
        [
            {
                "table_id": "t7",
                "caption": "観光",
                "page": 21,
                "row_label": label,
                "column_label": measure,
                "municipality_name_printed": None,
                "row_kind": kind,
                "season": season,
                "measure": measure,
                "value": float(text.replace(",", "").rstrip("%")),
                "value_text": text,
                "unit": "%" if measure in ("構成比", "昼夜間人口比率") else "人",
            }
            for label, kind, season, measure, text in rows
        ]
    )


def test_a_new_documents_profile_declares_a_share_on_its_own_columns(tmp_path):
    """Nothing of the shipped document: the profile names its columns, its parts and its
    whole, and words the finding; a planted slip is found, the rest agrees."""
    profile = profile_checking(tmp_path, VISITOR_SHARE)
    by_id = {r.check_id: r for r in rules(profile)}
    seasons = [("春", "1,200", "20.0%"), ("夏", "2,300", "36.3%"), ("秋", "1,500", "25.0%")]
    visitors = _cells(
        [(s, "other", s, "入込客数", n) for s, n, _ in seasons]
        + [(s, "other", s, "構成比", p) for s, _, p in seasons]
        + [("冬", "other", "冬", "入込客数", "1,000"), ("冬", "other", "冬", "構成比", "16.7%")]
        + [("計", "total", None, "入込客数", "6,000"), ("計", "total", None, "構成比", "100.0%")]
    )
    outcome = by_id["visitor_share"].run({"fact_counts": visitors})
    assert outcome.compared == 5 and outcome.data_errors == []  # 計: 6,000 ÷ 6,000
    [finding] = outcome.findings  # 夏: 2,300 ÷ 6,000 = 38.3%
    assert (finding.row_label, finding.stated, finding.expected) == ("夏", "36.3%", "38.3%")
    assert finding.message == (
        "夏の観光入込客数の構成比は 36.3% と記載されているが、2,300 ÷ 6,000 = 38.3%"
    )
    towns = _cells(
        [
            ("中央市", "municipality", None, "昼間人口", "52,310"),
            ("中央市", "municipality", None, "夜間人口", "48,700"),
            ("中央市", "municipality", None, "昼夜間人口比率", "107.4"),
            ("北原町", "municipality", None, "昼間人口", "8,120"),
            ("北原町", "municipality", None, "夜間人口", "9,950"),
            ("北原町", "municipality", None, "昼夜間人口比率", "91.6"),
        ]
    )
    [finding] = by_id["day_night_ratio"].run({"fact_counts": towns}).findings
    assert finding.message == (
        "北原町の昼夜間人口比率は 91.6 と記載されているが、"
        "昼間人口 ÷ 夜間人口 = 8,120 ÷ 9,950 = 81.6"
    )


def test_a_formulas_figures_keep_the_decimals_they_are_printed_with(tmp_path):
    """Areas of 0.1 and 0.2 km²: their sum reads 0.3 (as a person adds), not the float
    0.30000000000000004; a figure printed 0.20 keeps its zero."""
    profile = profile_checking(tmp_path, VISITOR_SHARE.replace('"total"', '"sum"', 1))
    rule = next(r for r in rules(profile) if r.check_id == "visitor_share")
    areas = [("春", "other", "春", "入込客数", "0.1"), ("夏", "other", "夏", "入込客数", "0.20")]
    share = ("春", "other", "春", "構成比", "70.0%")  # 0.1 ÷ 0.3 = 33.3%
    [finding] = rule.run({"fact_counts": _cells([*areas, share])}).findings
    assert finding.message.endswith(f"0.10 ÷ 0.30 = {0.1 / (0.1 + 0.2) * 100:.1f}%")


def test_a_share_grouped_by_a_column_its_table_leaves_blank_is_checked(tmp_path):
    """Grouped by table and area: the region's own table prints no area, its shares are
    one group all the same (春 1,200 ÷ 6,000 = 20.0%, printed 25.0%)."""
    by_area = VISITOR_SHARE.replace('["table_id"]', '["table_id", "municipality_name_printed"]')
    rule = next(
        r for r in rules(profile_checking(tmp_path, by_area)) if r.check_id == "visitor_share"
    )
    seasons = [("春", "other", "春", "入込客数", "1,200"), ("春", "other", "春", "構成比", "25.0%")]
    total = [("計", "total", None, "入込客数", "6,000"), ("計", "total", None, "構成比", "100.0%")]
    outcome = rule.run({"fact_counts": _cells([*seasons, *total])})
    assert outcome.compared == 2
    [finding] = outcome.findings
    assert (finding.row_label, finding.expected) == ("春", f"{1_200 / 6_000 * 100:.1f}%")


def test_a_share_no_row_prints_is_noted_not_passed_silently(tmp_path):
    profile = profile_checking(
        tmp_path, VISITOR_SHARE.replace('share = "構成比"', 'share = "構成率"')
    )
    rule = next(r for r in rules(profile) if r.check_id == "visitor_share")
    seasons = [("春", "other", "春", "入込客数", "1,200"), ("春", "other", "春", "構成比", "20.0%")]
    outcome = rule.run({"fact_counts": _cells(seasons)})
    assert (outcome.compared, outcome.findings) == (0, [])
    assert outcome.notes == ["「構成率」の行がないため照合していない"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (("{season}の", "{seasn}の"), "visitor_share: {seasn} is no column"),
        (('row_keys = ["season"]', 'scale = "100"'), "unknown key 'scale'"),
        (('whole = "total"\n', ""), "missing key 'whole'"),
        (('whole = "total"', 'whole = "入込客数 − "'), "visitor_share: whole '入込客数 − '"),
    ],
)
def test_a_share_declared_wrong_is_a_profile_error_naming_it(tmp_path, change, says):
    profile = profile_checking(tmp_path, VISITOR_SHARE.replace(*change, 1))
    with pytest.raises(ProfileError, match=re.escape(says)) as raised:
        next(r for r in rules(profile) if r.check_id == "visitor_share").run(
            {"fact_counts": _cells([("春", "other", "春", "構成比", "20.0%")])}
        )
    # Each names the declaration to mend, the label's too (only the frame can judge it).
    assert str(raised.value).startswith(str(profile.subjects_path))
