"""Headings of a vision PDF: which text lines are printed as headings, and the outline level
of each (`2 …`, `(1) …`, `ア …`, `(ア) …`, `A …`, `a …`).

A line printed in another font family than the body text, or larger, is heading-styled.
A heading-styled line that starts with a numbering of the document's outline opens a
section level; any other (`①…`, `○…`, a line name) is a caption candidate. The national
template numbers every 連携中枢都市圏 vision's outline this way, so the levels are code, not
profile.

It also knows the lines a vision prints around its tables that are never headings: page
furniture (folios, and running headers/footers found as lines repeated at one place in the
page margin) and the notes printed with a table (`note_role`: the unit note, 資料/出典,
注/※ remarks), plus how a numbered caption (`表2-3 …`) and its continuation mark
(`（つづき）`) read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sources.pdf_tables.cell_text import char_class
from sources.pdf_tables.lines import TextLine
from sources.pdf_tables.page import PageLayout

# A heading is printed at least this much (pt) larger than the body text, or in another font.
HEADING_SIZE_MARGIN = 0.5
# Two heading lines closer than this (fraction of the size) are one wrapped heading.
HEADING_LINE_GAP_EM = 0.6

# The document's outline numbering, outermost first: rank of a heading = index here.
SECTION_LEVELS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\d{1,2}\s+\S"),  # 2 <title>
    re.compile(r"^[(（]\d{1,2}[)）]\s*\S"),  # (1) 圏域の状況
    re.compile(r"^[ア-ン]\s+\S"),  # ア <title>
    re.compile(r"^[(（][ア-ン][)）]\s*\S"),  # (ア) 医療・福祉機能
    re.compile(r"^[A-Z]\s+\S"),  # A 生活機能の強化に係る政策分野
    re.compile(r"^[a-z]\s+\S"),  # a 医療体制の充実
)
# Chapters (`第2章 圏域の現状と中長期的な将来像`) enclose the numbered levels; ranked below
# them so that the numbered levels keep their ranks in documents without chapters.
CHAPTER = re.compile(r"^第\s*[0-9０-９一二三四五六七八九十]+\s*章(\s|$)")
CHAPTER_RANK = -1
# Lines that start a new caption (never the continuation of a wrapped heading).
CAPTION_START = re.compile(r"^([①-⑳○●◎■□◆◇【]|[(（]?[0-9０-９ア-ンA-Za-z][)）]?\s)")
PAGE_FURNITURE = re.compile(r"^[-－–—]?\s*\d{1,4}\s*[-－–—]?$")

# Text printed with a table that is not its caption: the unit note `（単位：人、％）`, the
# source line `資料：…` / `出典：…` and remarks `注：…`, `注1 …`, `※1 …`, `*1 …`.
UNIT_NOTE = re.compile(r"^[（(]\s*単位\s*[:：]\s*(?P<unit>[^）)]*?)\s*[）)]$")
SOURCE_NOTE = re.compile(r"^(資料|出典|出所)\s*[:：]")
REMARK_NOTE = re.compile(
    r"^(※|注\s*[0-9０-９]*\s*[:：)）]|注[0-9０-９]+|[*＊][0-9０-９]|[(（]注[)）])"
)
# A caption numbered in the document's table/figure series (表2-3, 図2-1, 表3の1).
NUMBERED_CAPTION = re.compile(r"^[表図]\s*[0-9０-９]+([-－‐−ー―の.．・][0-9０-９]+)*(\s|　|$)")
# A caption repeated over the continuation of its table on the next page.
CONTINUED_MARK = re.compile(r"\s*[（(]\s*(続き|つづき|続)\s*[）)]\s*$")
# A line printed at the same place on this many pages or more (on every page of a shorter
# document of two pages or more), in the top or bottom `RUNNING_MARGIN` of the page, is a
# running header or footer.
RUNNING_MIN_PAGES = 3
RUNNING_MARGIN = 0.12
RUNNING_TOP_TOLERANCE = 2.0


def note_role(text: str) -> str | None:
    """`unit`, `source` or `note` for a line printed with a table, else None."""
    t = text.strip()
    if UNIT_NOTE.match(t):
        return "unit"
    if SOURCE_NOTE.match(t):
        return "source"
    if REMARK_NOTE.match(t):
        return "note"
    return None


def caption_key(text: str) -> str:
    """A caption without its continuation mark `（つづき）`, for comparing two pages."""
    return CONTINUED_MARK.sub("", text).strip()


def _running_key(line: TextLine) -> tuple[str, int]:
    return ("".join(line.text.split()), round(line.top / RUNNING_TOP_TOLERANCE))


def running_lines(layouts: Sequence[PageLayout]) -> frozenset[tuple[str, int]]:
    """Keys of the running headers and footers: lines repeated at one place in the page's
    top or bottom margin on `RUNNING_MIN_PAGES` pages or more."""
    pages: dict[tuple[str, int], set[int]] = {}
    for layout in layouts:
        for line in layout.lines:
            in_margin = (
                line.bottom <= layout.height * RUNNING_MARGIN
                or line.top >= layout.height * (1 - RUNNING_MARGIN)
            )
            if in_margin:
                pages.setdefault(_running_key(line), set()).add(layout.page_number)
    needed = max(2, min(RUNNING_MIN_PAGES, len(layouts)))
    return frozenset(k for k, p in pages.items() if len(p) >= needed)


def is_furniture(line: TextLine, running: frozenset[tuple[str, int]] = frozenset()) -> bool:
    """A folio (`12`, `- 12 -`) or a running header/footer: never a caption or a row."""
    return bool(PAGE_FURNITURE.match(line.text.strip())) or _running_key(line) in running


@dataclass(frozen=True)
class Heading:
    text: str
    page: int
    top: float
    bottom: float
    rank: int | None  # outline level (index into SECTION_LEVELS) or None for a caption


def body_style(layouts: Sequence[PageLayout]) -> tuple[str, float]:
    """(font family, size) of the body text: the style most characters outside tables have."""
    weight: dict[tuple[str, float], int] = {}
    for layout in layouts:
        for line in layout.lines:
            key = (line.font, line.size)
            weight[key] = weight.get(key, 0) + len(line.text)
    if not weight:
        return ("", 0.0)
    return max(weight.items(), key=lambda kv: kv[1])[0]


def is_heading_style(line: TextLine, body: tuple[str, float]) -> bool:
    """Printed in another font family than the body, or larger than it."""
    return line.font != body[0] or line.size >= body[1] + HEADING_SIZE_MARGIN


def section_rank(text: str) -> int | None:
    """Outline level of a heading text, or None when it is not outline-numbered. A chapter
    (`第2章 …`) is `CHAPTER_RANK`, above every numbered level."""
    if CHAPTER.match(text):
        return CHAPTER_RANK
    for rank, pattern in enumerate(SECTION_LEVELS):
        if pattern.match(text):
            return rank
    return None


def page_headings(
    layout: PageLayout,
    body: tuple[str, float],
    running: frozenset[tuple[str, int]] = frozenset(),
) -> list[Heading]:
    """Heading-styled lines of a page, wrapped headings joined; page furniture (folios,
    `running` headers and footers) and the notes printed with tables (unit, source,
    remarks) skipped."""
    lines = [
        ln
        for ln in layout.lines
        if is_heading_style(ln, body) and not is_furniture(ln, running) and not note_role(ln.text)
    ]
    # The text's right margin (a running title may be set further right).
    right = max((ln.x1 for ln in layout.lines if not is_furniture(ln, running)), default=0.0)
    merged: list[TextLine] = []
    for ln in lines:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and ln.font == prev.font
            and abs(ln.size - prev.size) < 0.1
            and ln.top - prev.bottom <= HEADING_LINE_GAP_EM * ln.size
            and prev.x1 >= right - 2 * ln.size  # the previous line ran to the margin
            and not CAPTION_START.match(ln.text)
        ):
            both_narrow = char_class(prev.text[-1]) != "wide" and char_class(ln.text[0]) != "wide"
            merged[-1] = replace(
                prev, text=prev.text + (" " if both_narrow else "") + ln.text, bottom=ln.bottom
            )
        else:
            merged.append(ln)
    return [
        Heading(ln.text.strip(), layout.page_number, ln.top, ln.bottom, section_rank(ln.text))
        for ln in merged
    ]
