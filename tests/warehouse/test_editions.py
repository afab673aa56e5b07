import datetime as dt

import pytest

from warehouse.editions import wareki_date


@pytest.mark.parametrize(
    ("day", "printed"),
    [
        (dt.date(2026, 2, 20), "令和8年2月20日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (None, None),
    ],
)
def test_dates_read_as_the_cover_prints_them(day, printed):
    assert wareki_date(day) == printed
