"""The 47 prefectures by JIS X 0401 code (the first two digits of every 全国地方公共団体コード).

Read from `sources/data/prefectures.csv` (the names as the 2020 census 表2-7-1 prints its
prefecture rows, code `XX000`), so a member's prefecture follows from its own code.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

PREFECTURE_FILE = "data/prefectures.csv"


@functools.cache
def prefecture_names() -> Mapping[str, str]:
    """2-digit prefecture code → its name (01 → 北海道 … 47 → 沖縄県)."""
    text = resources.files("sources").joinpath(PREFECTURE_FILE).read_text(encoding="utf-8")
    return MappingProxyType({row["code"]: row["name"] for row in csv.DictReader(io.StringIO(text))})


def prefecture_code_of(municipality_code: str) -> str:
    """The prefecture a municipality code belongs to: its first two digits."""
    return municipality_code[:2]
