"""The statistics' area filter follows from the member municipalities' codes."""

from sources.area import DEFAULT_AREA_PREFIX, common_prefecture_prefix, member_area_prefix
from sources.municipalities import MUNICIPALITIES


def test_codes_of_one_prefecture_share_its_two_digits():
    assert common_prefecture_prefix(["04100", "04202", "04321"]) == "04"


def test_codes_across_prefectures_or_none_filter_nothing():
    assert common_prefecture_prefix(["04100", "06201"]) is None
    assert common_prefecture_prefix([]) is None


def test_the_default_is_the_members_prefecture():
    prefixes = {m.code[:2] for m in MUNICIPALITIES}
    assert len(prefixes) == 1
    assert member_area_prefix() == DEFAULT_AREA_PREFIX == prefixes.pop()
