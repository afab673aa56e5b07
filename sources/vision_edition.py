"""Which edition of the vision a PDF is, read from its cover.

A Japanese plan's cover prints its history as dated lines: the adoption (`令和7年2月17日 策定`)
and each revision (`令和8年2月20日 改訂`, or numbered: `令和9年2月19日 第2回改訂`), in 和暦
or western years, in any width of digits and spacing. An edition is identified by those
dates, not by its file name or the time it was loaded; its publication date is the latest
of them.

Only lines that are nothing but a date and an action count, so a sentence of body text that
mentions a date (`…を令和7年2月に策定した`) never passes for the cover's history. Many covers
print the month only and the western year beside the era (`令和6年（2024年）3月`), and the
first edition's line often without any word: a cover line that is a date alone is the date
the plan was issued, read as its adoption.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sources.japanese_text import ERA_BASE_YEAR, compact_key, era_to_western

ADOPTION_WORDS = ("策定",)
REVISION_WORDS = ("改訂", "改定", "一部改訂", "一部改定", "変更")

_ERAS = "|".join(ERA_BASE_YEAR)
_DATE = (
    rf"(?:(?P<era>{_ERAS})(?P<era_year>元|\d{{1,2}})年(?:\(\d{{4}}年?\))?|(?P<western>\d{{4}})年)"
    r"(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日)?"
)
_ACTION = "|".join(sorted((*ADOPTION_WORDS, *REVISION_WORDS), key=len, reverse=True))
# The whole line: a date, an optional 第n回, the action (none: the date of issue); nothing
# else but brackets.
_COVER_LINE = re.compile(
    rf"^[(（]?{_DATE}(?:(?:第(?P<number>\d{{1,2}})回)?(?P<action>{_ACTION}))?[)）]?$"
)
ISSUED = "発行"  # the action of a cover line printed without one


@dataclass(frozen=True)
class CoverEntry:
    """One dated line of the cover, e.g. 令和8年2月20日 改訂."""

    date: dt.date
    action: str  # 策定 or a revision word, as printed; 発行 for a date printed alone
    revision_number: int | None  # n of 第n回改訂 when printed
    printed: str

    @property
    def is_revision(self) -> bool:
        return self.action in REVISION_WORDS


@dataclass(frozen=True)
class Edition:
    """The edition a cover names. Every field is None when the cover prints no date."""

    adopted_on: dt.date | None
    revised_on: dt.date | None
    revision_number: int | None
    label: str | None  # the cover line of the newest date, as printed

    @property
    def published_on(self) -> dt.date | None:
        """The edition's publication date: the latest date on its cover."""
        dates = [d for d in (self.adopted_on, self.revised_on) if d is not None]
        return max(dates, default=None)


NO_EDITION = Edition(None, None, None, None)


def parse_cover_line(line: str) -> CoverEntry | None:
    """A cover line that is a date and 策定/改訂 (and nothing else), or None."""
    match = _COVER_LINE.match(compact_key(line))
    if not match:
        return None
    if match["era"]:
        if match["era_year"] != "元" and int(match["era_year"]) == 0:
            return None  # 令和0年 is no year: an era starts at 元年
        year = era_to_western(match["era"], match["era_year"])
    else:
        year = int(match["western"])
    try:
        date = dt.date(year, int(match["month"]), int(match["day"] or 1))
    except ValueError:
        return None
    number = int(match["number"]) if match["number"] else None
    return CoverEntry(date, match["action"] or ISSUED, number, " ".join(line.split()))


def cover_entries(cover_text: str) -> list[CoverEntry]:
    return [e for line in cover_text.splitlines() if (e := parse_cover_line(line)) is not None]


def read_edition(cover_text: str) -> Edition:
    """The edition named by a cover's text (`NO_EDITION` when it prints no dated line).

    The adoption is the earliest 策定 line; the revision the latest revision line. When
    revisions are numbered (第n回改訂) the number is kept; when they are not but the cover
    lists several, their count is the number.
    """
    entries = cover_entries(cover_text)
    if not entries:
        return NO_EDITION
    adoptions = [e for e in entries if not e.is_revision]
    revisions = [e for e in entries if e.is_revision]
    latest_revision = max(revisions, key=lambda e: e.date, default=None)
    newest = max(entries, key=lambda e: (e.date, e.is_revision))
    number = None
    if latest_revision is not None:
        number = latest_revision.revision_number or (len(revisions) if len(revisions) > 1 else None)
    return Edition(
        adopted_on=min((e.date for e in adoptions), default=None),
        revised_on=latest_revision.date if latest_revision else None,
        revision_number=number,
        label=newest.printed,
    )
