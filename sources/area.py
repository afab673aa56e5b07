"""The area the statistics are read for: the profile's prefecture.

A 全国地方公共団体コード starts with the 2-digit prefecture code, and the profile declares
it (`[region].prefecture_code`, checked to begin every member's code by sources.profile), so
the statistics of the area are that prefecture's rows. One source for the prefix:
`Profile.region.area_prefix`; this module only names the run's default.
"""

from __future__ import annotations

from sources.profile import current_profile

#: Area filter of the statistics readers unless a caller names another (None keeps all).
DEFAULT_AREA_PREFIX: str | None = current_profile().region.area_prefix
