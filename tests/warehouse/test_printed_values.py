"""parse_number / parse_year: printed text kept, markers never become 0."""

from __future__ import annotations

import pytest

from warehouse.printed_values import (
    find_era_year,
    is_same_as_left,
    parse_number,
    parse_year,
    split_value_and_year,
    try_parse_number,
)


@pytest.mark.parametrize(
    ("text", "value", "decimals", "is_percent"),
    [
        ("1,234", 1234, 0, False),
        ("１２３", 123, 0, False),
        ("１，２３４", 1234, 0, False),
        ("24 7,590", 247590, 0, False),
        ("△12", -12, 0, False),
        ("▲1,000", -1000, 0, False),
        ("67.6%", 67.6, 1, True),
        ("６７．６％", 67.6, 1, True),
        ("0.21", 0.21, 2, False),
        ("92.0", 92.0, 1, False),
        ("20,392,604", 20392604, 0, False),
    ],
)
def test_numbers(text: str, value: float, decimals: int, is_percent: bool) -> None:
    parsed = parse_number(text)
    assert parsed.value == value
    assert parsed.marker is None
    assert parsed.printed == text
    assert parsed.decimals == decimals
    assert parsed.is_percent is is_percent


@pytest.mark.parametrize("text", ["-", "—", "－", "*", "＊", "(同左)", "（同左）", "", "  "])
def test_markers_are_kept_never_zero(text: str) -> None:
    parsed = parse_number(text)
    assert parsed.value is None
    assert parsed.marker == text.strip()
    assert parsed.printed == text


def test_integral_numbers_are_ints() -> None:
    assert isinstance(parse_number("5,040").value, int)
    assert isinstance(parse_number("90.0").value, float)


@pytest.mark.parametrize("text", ["懇談会の開催", "1,23", "12a", "令和5年"])
def test_garbage_is_an_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)
    assert try_parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "year", "fiscal", "era_year"),
    [
        ("2025年度 (令和7年度)", 2025, True, 2025),
        ("2025 年度 (令和7年度)", 2025, True, 2025),
        ("2025年度（令和７年度）", 2025, True, 2025),
        ("2020年 (令和2年)", 2020, False, 2020),
        ("令和5年度", 2023, True, None),
        ("令和5年", 2023, False, None),
        ("令和元年", 2019, False, None),
        ("令和11年", 2029, False, None),
        ("平成31年", 2019, False, None),
        ("平成27年度", 2015, True, None),
        ("平成元年度", 1989, True, None),
        ("令和１１年", 2029, False, None),
        ("令和 2（2020）年", 2020, False, None),
        ("2030年", 2030, False, None),
        ("2045", 2045, False, None),
    ],
)
def test_years(text: str, year: int, fiscal: bool, era_year: int | None) -> None:
    parsed = parse_year(text)
    assert (parsed.year, parsed.is_fiscal, parsed.era_year, parsed.printed) == (
        year,
        fiscal,
        era_year,
        text,
    )


def test_era_year_mismatch_is_kept_not_hidden() -> None:
    parsed = parse_year("2026年度 (令和7年度)")
    assert parsed.year == 2026 and parsed.era_year == 2025


@pytest.mark.parametrize("text", ["合計", "年度", "—", ""])
def test_not_years(text: str) -> None:
    with pytest.raises(ValueError):
        parse_year(text)


def test_split_value_and_year() -> None:
    assert split_value_and_year("231,390 （令和3年）") == ("231,390", "令和3年")
    assert split_value_and_year("4 (令和11年)") == ("4", "令和11年")
    assert split_value_and_year("—") == ("—", None)


def test_find_era_year_in_caption() -> None:
    year = find_era_year("③令和5年度山形市立病院済生館の利用状況（延べ）")
    assert year is not None and (year.year, year.is_fiscal) == (2023, True)


def test_same_as_left() -> None:
    assert is_same_as_left("(同左)") and is_same_as_left("（同左）") and not is_same_as_left("実施")
