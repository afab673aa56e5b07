"""The statistics' area filter is the profile's prefecture, which begins every member's code."""

import tomllib

from sources.area import DEFAULT_AREA_PREFIX
from sources.profile import current_profile


def test_the_default_is_the_prefecture_the_profile_declares():
    declared = tomllib.loads(current_profile().path.read_text(encoding="utf-8"))["region"]
    assert declared["prefecture_code"] == DEFAULT_AREA_PREFIX
    assert all(m["code"].startswith(DEFAULT_AREA_PREFIX) for m in declared["municipalities"])
