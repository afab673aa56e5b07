"""The area the statistics are read for: the prefectures of the profile's members.

A 全国地方公共団体コード starts with the 2-digit prefecture code, so each member's
prefecture follows from its own code (sources.profile), and an area may cross a prefecture
border: the statistics of the area are the rows of its members' prefectures, each member
read in its own. One source for the prefixes: `Profile.region.area_prefix`; this module only
names the run's default.
"""

from __future__ import annotations

from sources.profile import AreaPrefix, current_profile

#: Area filter of the statistics readers unless a caller names another (None keeps all).
DEFAULT_AREA_PREFIX: AreaPrefix | None = current_profile().region.area_prefix
