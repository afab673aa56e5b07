"""The member municipalities of the profile's area and how printed names resolve to them.

The members, their codes and their known written variants are declared in the profile
(`[region]`, see `sources.profile`); this module only resolves names. Codes are the 5-digit
全国地方公共団体コード without check digit, as e-Stat and IPSS use them. A printed name
resolves in three steps: exact official name, a known variant (declared in the profile, or
one every name has: without its 市/町/村 suffix, or qualified by its 郡), then a close
misspelling, which is accepted but reported so the document's misprints become findings.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sources.profile import Municipality, Region, current_profile

__all__ = [
    "BY_CODE",
    "BY_NAME",
    "MISPRINT_MIN_RATIO",
    "MUNICIPALITIES",
    "OFFICIAL_NAMES",
    "Municipality",
    "Resolution",
    "ResolvedName",
    "members",
    "members_by_code",
    "municipality_by_code",
    "resolve_municipality",
]


@dataclass(frozen=True)
class _Members:
    """The lookups of one region's members."""

    municipalities: tuple[Municipality, ...]
    by_code: Mapping[str, Municipality]
    by_name: Mapping[str, Municipality]
    variants: Mapping[str, str]  # printed form → code

    @property
    def official_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.municipalities)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(m.kind for m in self.municipalities)


def _members_of(region: Region) -> _Members:
    # Declared variants first; then every name without its suffix and 郡-qualified.
    variants = dict(region.variants)
    for m in region.municipalities:
        variants.setdefault(m.name[:-1], m.code)
        if m.county:
            variants[m.county + m.name] = m.code
    return _Members(
        region.municipalities,
        {m.code: m for m in region.municipalities},
        {m.name: m for m in region.municipalities},
        variants,
    )


_MEMBERS: dict[int, tuple[Region, _Members]] = {}


def _members(region: Region | None = None) -> _Members:
    """The lookups of `region` (the run's profile's when None), built once per region."""
    region = region or current_profile().region
    cached = _MEMBERS.get(id(region))
    if cached is None or cached[0] is not region:
        cached = _MEMBERS[id(region)] = (region, _members_of(region))
    return cached[1]


def members() -> tuple[Municipality, ...]:
    """The members of the profile this call works under (sources.areas: a deployment of
    several areas runs each step under its own), read when called."""
    return _members().municipalities


def members_by_code() -> Mapping[str, Municipality]:
    """`members()` by their code."""
    return _members().by_code


# The run's profile's members as the module was imported, for callers of one area (the
# pipeline's steps read `members()`, the resolvers below read the profile when called).
MUNICIPALITIES: tuple[Municipality, ...] = _members().municipalities
BY_CODE = dict(_members().by_code)
BY_NAME = dict(_members().by_name)
OFFICIAL_NAMES = _members().official_names

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
    # Spacing inside names (a space or U+3000 between two of its characters) is layout,
    # not spelling.
    text = unicodedata.normalize("NFKC", name)
    return "".join(text.split())


def resolve_municipality(printed: str, region: Region | None = None) -> ResolvedName | None:
    """Resolve a printed municipality name, or None when it names none of the members of
    `region` (the run's profile's when None).

    Misprints are resolved to the closest official name and marked so the caller can report
    them; totals such as 合計 or その他 resolve to None.
    """
    members = _members(region)
    name = _clean(printed)
    if not name:
        return None
    if name in members.by_name:
        return ResolvedName(printed, members.by_name[name], Resolution.OFFICIAL)
    if name in members.variants:
        municipality = members.by_code[members.variants[name]]
        return ResolvedName(printed, municipality, Resolution.VARIANT)
    # Only names shaped like a member (ending in a member's 市/町/村) can be misprints of
    # one; otherwise 合計, その他 or 県計 would be "close" to something.
    if name[-1] not in members.kinds or len(name) < 2:
        return None
    # A right stem with the wrong suffix (市 printed for 町) is the likeliest misprint.
    by_stem = [m for m in members.municipalities if m.name[:-1] == name[:-1]]
    if len(by_stem) == 1:
        return ResolvedName(printed, by_stem[0], Resolution.MISPRINT)
    best = difflib.get_close_matches(name, members.official_names, n=1, cutoff=MISPRINT_MIN_RATIO)
    if not best:
        return None
    return ResolvedName(printed, members.by_name[best[0]], Resolution.MISPRINT)


def municipality_by_code(code: str, region: Region | None = None) -> Municipality:
    return _members(region).by_code[code]
