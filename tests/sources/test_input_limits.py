"""A limit's variable holding something that is no limit is refused in one line."""

from __future__ import annotations

import pytest

from sources.input_limits import LimitSettingError, input_limits


@pytest.mark.parametrize("text", ["inf", "1e400", "nan", "-1", "0", "many"])
def test_a_limit_that_is_not_a_positive_finite_number_is_refused(monkeypatch, text):
    monkeypatch.setenv("VISION_PROFILE_MAX_KB", text)
    with pytest.raises(LimitSettingError, match=r"VISION_PROFILE_MAX_KB=.*not a positive number"):
        input_limits()


def test_a_finite_limit_is_taken(monkeypatch):
    monkeypatch.setenv("VISION_PROFILE_MAX_KB", "2.5")
    assert input_limits().max_bytes("profile_max_kb") == 2560
