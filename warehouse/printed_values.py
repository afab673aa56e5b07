"""Numbers and years as the vision prints them, parsed without losing what was printed.

The document prints `1,234`, full-width `１２３`, `△12` for negatives, `67.6%`, and in
place of numbers markers such as `-`, `—`, `*` or `(同左)`. A marker is information (none,
not yet estimated, same as the cell on the left), so it is kept as a marker and never turned
into 0. Years come as `2025年度 (令和7年度)`, `令和5年`, `令和元年` or plain `2020`.
Every parse keeps the printed text so a finding can quote the document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sources.japanese_text import ERA_BASE_YEAR, NUMBER_MARKERS, era_to_western, parse_number
from sources.japanese_text import ParsedNumber as PrintedNumber

__all__ = ["PrintedNumber", "PrintedYear", "parse_number", "parse_year"]

# Markers (`-`, `—`, `*`, `(同左)`, an empty cell …) are defined once, with the number
# parser, in sources/japanese_text.py; (同左) means "same as the cell on the left".
SAME_AS_LEFT = "(同左)"

# 令和2(2020)年: some tables print the western year in brackets inside the era year.
_ERAS = "|".join(ERA_BASE_YEAR)  # the eras are named once, in sources.japanese_text
_ERA = rf"({_ERAS})(元|\d{{1,2}})(?:\(\d{{4}}\))?年(度)?"
_WESTERN_YEAR = re.compile(rf"^(\d{{4}})年?(度)?(?:\({_ERA}\))?$")
_ERA_YEAR = re.compile(rf"^{_ERA}$")
_ERA_SEARCH = re.compile(_ERA)


@dataclass(frozen=True)
class PrintedYear:
    """A printed year. `era_year` is the 和暦 year given in parentheses beside a western year
    (e.g. 令和7年度 in `2025年度 (令和7年度)`), kept so a check can compare the two."""

    year: int
    is_fiscal: bool
    printed: str
    era_year: int | None = None


def _compact(text: str) -> str:
    """NFKC and drop all whitespace: spacing inside a printed number or year is layout."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def marker_of(text: str) -> str | None:
    """The marker a cell holds (its stripped printed text), or None if it is not one."""
    compact = _compact(text)
    if compact == "" or compact in NUMBER_MARKERS:
        return text.strip()
    return None


def is_same_as_left(text: str) -> bool:
    """True for `(同左)` in any width or spacing: the cell repeats the one on its left."""
    return _compact(text) in {"(同左)", "同左"}


def try_parse_number(text: str) -> PrintedNumber | None:
    """parse_number, or None when the text is neither a number nor a marker."""
    try:
        return parse_number(text)
    except ValueError:
        return None


def parse_year(text: str) -> PrintedYear:
    """Parse `2025年度 (令和7年度)`, `2020年 (令和2年)`, `令和5年度`, `令和元年`, `2030`.

    年度 anywhere marks a fiscal year (April–March). The western year wins when both are
    printed; the 和暦 one is kept in `era_year` so inconsistencies can be reported.
    """
    compact = _compact(text)
    match = _WESTERN_YEAR.match(compact)
    if match:
        year = int(match.group(1))
        era_year = era_to_western(match.group(3), match.group(4)) if match.group(3) else None
        is_fiscal = bool(match.group(2) or match.group(5))
        return PrintedYear(year, is_fiscal, text, era_year)
    match = _ERA_YEAR.match(compact)
    if match:
        year = era_to_western(match.group(1), match.group(2))
        return PrintedYear(year, bool(match.group(3)), text, None)
    raise ValueError(f"not a printed year: {text!r}")


def try_parse_year(text: str) -> PrintedYear | None:
    """parse_year, or None when the text is not a year."""
    try:
        return parse_year(text)
    except ValueError:
        return None


def find_era_year(text: str) -> PrintedYear | None:
    """The first 和暦 year inside running text, e.g. a caption's `令和5年度`."""
    match = _ERA_SEARCH.search(unicodedata.normalize("NFKC", "".join(text.split())))
    if not match:
        return None
    year = era_to_western(match.group(1), match.group(2))
    return PrintedYear(year, bool(match.group(3)), match.group(0))


_VALUE_WITH_YEAR = re.compile(r"^(?P<value>.*?)\s*[（(](?P<year>[^()（）]*年度?)[）)]\s*$")


def split_value_and_year(text: str) -> tuple[str, str | None]:
    """Split `231,390 （令和3年）` into (`231,390`, `令和3年`); no parenthesized year → None.

    The project matrices print a KPI's baseline/target value and year in one cell; the KPI
    tables print them in two rows, so both end up as (value text, year text) pairs.
    """
    match = _VALUE_WITH_YEAR.match(text.strip())
    if not match:
        return text.strip(), None
    return match.group("value").strip(), match.group("year").strip()
