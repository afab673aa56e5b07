"""The statistics' area filter is the prefectures of the profile's members (each member's
own code begins with one of them), the home prefecture — the core city's — first."""

import tomllib

from sources.area import DEFAULT_AREA_PREFIX
from sources.profile import current_profile


def test_the_default_is_the_prefectures_of_the_members():
    declared = tomllib.loads(current_profile().path.read_text(encoding="utf-8"))["region"]
    assert DEFAULT_AREA_PREFIX is not None
    assert DEFAULT_AREA_PREFIX[0] == declared["prefecture_code"] == declared["core_city"][:2]
    assert {m["code"][:2] for m in declared["municipalities"]} == set(DEFAULT_AREA_PREFIX)
