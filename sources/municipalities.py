"""The 14 municipalities of the Yamagata hub-city area and how printed names resolve to them.

Codes are the 5-digit 全国地方公共団体コード without check digit, as e-Stat and IPSS use
them (checked against both in shared/govstats/README.md). A printed name resolves in three
steps: exact official name, a known variant (short form, old spelling), then a close
misspelling, which is accepted but reported so the document's misprints become findings.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    kind: str  # 市 or 町
    county: str | None  # 郡 for towns; None for cities
    is_core_city: bool  # 連携中枢都市 (山形市)
    name_en: str


MUNICIPALITIES: tuple[Municipality, ...] = (
    Municipality("06201", "山形市", "市", None, True, "Yamagata"),
    Municipality("06206", "寒河江市", "市", None, False, "Sagae"),
    Municipality("06207", "上山市", "市", None, False, "Kaminoyama"),
    Municipality("06208", "村山市", "市", None, False, "Murayama"),
    Municipality("06210", "天童市", "市", None, False, "Tendo"),
    Municipality("06211", "東根市", "市", None, False, "Higashine"),
    Municipality("06212", "尾花沢市", "市", None, False, "Obanazawa"),
    Municipality("06301", "山辺町", "町", "東村山郡", False, "Yamanobe"),
    Municipality("06302", "中山町", "町", "東村山郡", False, "Nakayama"),
    Municipality("06321", "河北町", "町", "西村山郡", False, "Kahoku"),
    Municipality("06322", "西川町", "町", "西村山郡", False, "Nishikawa"),
    Municipality("06323", "朝日町", "町", "西村山郡", False, "Asahi"),
    Municipality("06324", "大江町", "町", "西村山郡", False, "Oe"),
    Municipality("06341", "大石田町", "町", "北村山郡", False, "Oishida"),
)

BY_CODE = {m.code: m for m in MUNICIPALITIES}
BY_NAME = {m.name: m for m in MUNICIPALITIES}
OFFICIAL_NAMES = tuple(m.name for m in MUNICIPALITIES)

# Known written variants that are not misprints: the name without 市/町, the 郡-qualified
# form, and the hiragana form かみのやま the city itself uses for 上山.
_VARIANTS: dict[str, str] = {
    "かみのやま市": "06207",
    "上山": "06207",
}
for _m in MUNICIPALITIES:
    _VARIANTS.setdefault(_m.name[:-1], _m.code)
    if _m.county:
        _VARIANTS[_m.county + _m.name] = _m.code

# A printed name this close to an official one (difflib ratio) is read as a misprint of it.
MISPRINT_MIN_RATIO = 0.6


class Resolution(StrEnum):
    OFFICIAL = "official"
    VARIANT = "variant"
    MISPRINT = "misprint"


@dataclass(frozen=True)
class ResolvedName:
    printed: str
    municipality: Municipality
    resolution: Resolution

    @property
    def code(self) -> str:
        return self.municipality.code


def _clean(name: str) -> str:
    # Spacing inside names ("山 形 市", "山形　市") is layout, not spelling.
    text = unicodedata.normalize("NFKC", name)
    return "".join(text.split())


def resolve_municipality(printed: str) -> ResolvedName | None:
    """Resolve a printed municipality name, or None when it names none of the 14.

    Misprints are resolved to the closest official name (e.g. 寒川江市 → 寒河江市) and
    marked so the caller can report them; totals such as 合計 or その他 resolve to None.
    """
    name = _clean(printed)
    if not name:
        return None
    if name in BY_NAME:
        return ResolvedName(printed, BY_NAME[name], Resolution.OFFICIAL)
    if name in _VARIANTS:
        return ResolvedName(printed, BY_CODE[_VARIANTS[name]], Resolution.VARIANT)
    # Only names shaped like a municipality (ending in 市/町) can be misprints of one;
    # otherwise 合計, その他 or 県計 would be "close" to something.
    if name[-1] not in "市町" or len(name) < 2:
        return None
    # A right stem with the wrong suffix (上山町 for 上山市) is the likeliest misprint.
    by_stem = [m for m in MUNICIPALITIES if m.name[:-1] == name[:-1]]
    if len(by_stem) == 1:
        return ResolvedName(printed, by_stem[0], Resolution.MISPRINT)
    best = difflib.get_close_matches(name, OFFICIAL_NAMES, n=1, cutoff=MISPRINT_MIN_RATIO)
    if not best:
        return None
    return ResolvedName(printed, BY_NAME[best[0]], Resolution.MISPRINT)


def municipality_by_code(code: str) -> Municipality:
    return BY_CODE[code]
