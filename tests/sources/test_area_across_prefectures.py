"""An area that crosses a prefecture border: each member belongs to the prefecture its own
code names, the core city's is the area's home prefecture, and the statistics readers keep
every member's rows from its own prefecture (and both prefectures' totals).

The area is the corpus stand-in's (tests/profiles/bingo_3rd: 6 members in 広島県, 34, and
2 in 岡山県, 33); the statistics are the all-Japan files in shared/govstats."""

import shutil
from pathlib import Path

import pytest

from sources.govstats.census2020 import read_census_2020
from sources.prefectures import prefecture_names
from sources.profile import ProfileError, load_profile
from sources.ssdse_a import read_ssdse_a
from tests.conftest import shared_vision_dir
from warehouse.official import area_kind

PROFILE_DIR = Path(__file__).resolve().parents[1] / "profiles" / "bingo_3rd"
GOVSTATS = shared_vision_dir().parent / "govstats"
CENSUS_ALL_JAPAN = GOVSTATS / "census2020" / "population_census_2020.csv"
SSDSE_A = GOVSTATS / "ssdse_a" / "SSDSE-A-2025.csv"
# The census file's prefecture rows (code XX000) name the prefectures as the list does.
HIROSHIMA, OKAYAMA = "34", "33"


@pytest.fixture(scope="module")
def region():
    return load_profile(str(PROFILE_DIR)).region


def test_each_member_is_in_the_prefecture_of_its_own_code(region):
    assert region.prefecture_code == region.core_city.code[:2] == HIROSHIMA
    assert region.prefecture == prefecture_names()[HIROSHIMA]
    assert region.prefecture_codes == (HIROSHIMA, OKAYAMA)  # home first
    by_prefecture = {
        code: sorted(m.name for m in region.municipalities if m.prefecture_code == code)
        for code in region.prefecture_codes
    }
    assert len(by_prefecture[HIROSHIMA]) == 6 and len(by_prefecture[OKAYAMA]) == 2
    assert {m.prefecture for m in region.municipalities} == set(region.prefectures)


def test_the_home_prefecture_must_be_the_core_citys(tmp_path):
    shutil.copytree(PROFILE_DIR, tmp_path / "p")
    path = tmp_path / "p" / "profile.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('core_city = "34207"', f'core_city = "34207"\nprefecture_code = "{OKAYAMA}"'),
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match="prefecture_code: '33' is not the core city's"):
        load_profile(str(path))


def test_a_code_of_no_prefecture_is_refused(tmp_path):
    shutil.copytree(PROFILE_DIR, tmp_path / "p")
    path = tmp_path / "p" / "profile.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('code = "33207"', 'code = "48207"'), encoding="utf-8")
    with pytest.raises(ProfileError, match="'48207' is not a 5-digit municipality code"):
        load_profile(str(path))


@pytest.mark.skipif(not CENSUS_ALL_JAPAN.exists(), reason="shared/govstats not present")
def test_census_rows_come_for_every_member_in_its_own_prefecture(region):
    frame = read_census_2020(CENSUS_ALL_JAPAN, area_prefix=region.area_prefix)
    totals = frame[(frame["measure"] == "total") & (frame["sex"] == "total")]
    names = dict(zip(totals["area_code"], totals["area_name"], strict=True))
    for m in region.municipalities:
        assert names[m.code] == m.name
    # Both prefectures' totals, nothing of a third prefecture (Tokyo's 府中市 is 13206).
    assert names[f"{HIROSHIMA}000"] == prefecture_names()[HIROSHIMA]
    assert names[f"{OKAYAMA}000"] == prefecture_names()[OKAYAMA]
    assert {code[:2] for code in names} == {"00", HIROSHIMA, OKAYAMA}
    kinds = {code: area_kind(code, names[code], region.codes) for code in names}
    assert {c for c, k in kinds.items() if k == "member"} == set(region.codes)
    assert {c for c, k in kinds.items() if k == "prefecture"} == {"34000", "33000"}


@pytest.mark.skipif(not SSDSE_A.exists(), reason="shared/govstats not present")
def test_ssdse_rows_come_for_every_member_in_its_own_prefecture(region):
    frame = read_ssdse_a(SSDSE_A, area_prefix=region.area_prefix)
    codes = set(frame["area_code"])
    assert set(region.codes) <= codes
    assert {code[:2] for code in codes} == {HIROSHIMA, OKAYAMA}
    # Only the home prefecture's filter would lose the two members in 岡山県.
    home = set(read_ssdse_a(SSDSE_A, area_prefix=(region.prefecture_code,))["area_code"])
    assert set(region.codes) - home == {"33205", "33207"}
