"""The area the statistics are read for, derived from the member municipalities' codes.

A 全国地方公共団体コード starts with the 2-digit prefecture code, so the statistics of a
hub-city area whose members all lie in one prefecture are that prefecture's rows; the
prefix is never written down, it follows from whichever area's municipalities are loaded.
"""

from __future__ import annotations

from collections.abc import Iterable

from sources.municipalities import MUNICIPALITIES

#: Digits of a local-government code that name the prefecture (e.g. 06 of 06201).
PREFECTURE_DIGITS = 2


def common_prefecture_prefix(codes: Iterable[str]) -> str | None:
    """The prefecture code all `codes` share, or None when they span prefectures (or none
    are given), in which case no area filter applies."""
    prefixes = {str(code)[:PREFECTURE_DIGITS] for code in codes}
    return prefixes.pop() if len(prefixes) == 1 else None


def member_area_prefix() -> str | None:
    """The prefecture prefix of the member municipalities (None keeps every area)."""
    return common_prefecture_prefix(m.code for m in MUNICIPALITIES)


#: Area filter of the statistics readers unless a caller names another.
DEFAULT_AREA_PREFIX = member_area_prefix()
