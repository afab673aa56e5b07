"""The vision's text outside its tables, as `TextBlock`s with page numbers.

Read from the same page layouts as the tables (`sources/pdf_tables/`: text lines outside
ruled tables, with font and size), so the PDF is parsed once. What a proofreader reads:

* **headings** — lines in a heading style (`sources.headings.page_headings`), with their
  outline level (`2 …`, `(1) …`, `ア …`, …) or none for a caption (`①…`, `【…】`);
* the **目次** — the lines after a heading reading 目次 up to the next heading, one entry per
  outline-numbered line (a line without a numbering continues the entry above), with the
  page number printed at its right (or after a leader `・・・`);
* **paragraphs** — body-style lines joined (a line indented past the text's left edge starts
  a new paragraph; a paragraph may run on to the next page);
* **notes** — lines printed smaller than the body (sources `出典：…`, remarks `※…`, units).

Each block carries its 1-based PDF page, the page number printed in the page's footer
(`folio`, which the 目次 refers to), and the outline section it is printed under.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

import pandas as pd

from sources.headings import (
    PAGE_FURNITURE,
    Heading,
    body_style,
    is_heading_style,
    page_headings,
    section_rank,
)
from sources.japanese_text import compact_key
from sources.pdf_tables.lines import TextLine
from sources.pdf_tables.page import PageLayout
from sources.vision_tables_pdf import SECTION_SEPARATOR

TOC_TITLE = "目次"
# A 目次 page number printed after a leader (`…・・・68`) on the entry's own line.
TOC_LEADER = re.compile(r"^(?P<text>.*?)\s*[・.…‥]{2,}\s*(?P<page>\d{1,4})$")
TOC_PAGE = re.compile(r"^\d{1,4}$")
FOLIO_DIGITS = re.compile(r"\d{1,4}")
# A body line starting this far (fraction of the size) right of the text's left edge is
# indented: the first line of a paragraph.
INDENT_EM = 0.5
# Notes are printed at least this much (pt) smaller than the body text.
NOTE_SIZE_MARGIN = 0.5

TEXT_COLUMNS = ["page", "folio", "kind", "rank", "section", "text", "toc_page", "top"]


@dataclass(frozen=True)
class TextBlock:
    page: int  # 1-based page of the PDF
    folio: str  # the page number printed on that page ("" when none)
    kind: str  # heading / toc / paragraph / note
    rank: int | None  # outline level of a heading or 目次 entry (None: not numbered)
    section: str  # outline path in force (for a heading: its parents)
    text: str
    toc_page: str = ""  # a 目次 entry's printed page number
    top: float = 0.0


def page_folio(layout: PageLayout) -> str:
    """The page number printed in the page's footer or header (`- 3 -`), or ""."""
    furniture = [ln for ln in layout.lines if PAGE_FURNITURE.match(ln.text.strip())]
    if not furniture:
        return ""
    lowest = max(furniture, key=lambda ln: ln.top)
    match = FOLIO_DIGITS.search(lowest.text)
    return match.group(0) if match else ""


def _is_folio(line: TextLine, layout: PageLayout) -> bool:
    """The page number of the page (a bare number elsewhere, e.g. a 目次 page number, is
    text): furniture-shaped and the lowest or highest line of the page."""
    if not PAGE_FURNITURE.match(line.text.strip()):
        return False
    tops = [ln.top for ln in layout.lines]
    return line.top >= max(tops) or line.top <= min(tops)


def _is_toc_title(text: str) -> bool:
    """目次, also letter-spaced as a title often is (目　　次)."""
    return compact_key(text) == TOC_TITLE


def _toc_entries(lines: Sequence[TextLine], page: int, folio: str) -> list[TextBlock]:
    """目次 lines → entries: numbered lines start an entry, others continue it; a lone
    number at the right is the page of the entry whose line is nearest above it."""
    if not lines:
        return []
    middle = (min(ln.x0 for ln in lines) + max(ln.x1 for ln in lines)) / 2
    texts: list[list[object]] = []  # [text, top of its first line, printed page]
    numbers = [ln for ln in lines if TOC_PAGE.match(ln.text.strip()) and ln.x0 > middle]

    def numbered(top: object) -> bool:
        """Whether a page number stands on the line at `top`."""
        return any(abs(n.top - float(top)) <= 1 for n in numbers)  # type: ignore[arg-type]

    for ln in lines:
        text = ln.text.strip()
        if ln in numbers:
            continue
        leader = TOC_LEADER.match(text)
        printed = ""
        if leader:
            text, printed = leader.group("text"), leader.group("page")
        # An unnumbered entry (参考資料…) is an entry of its own when it and the entry
        # before it each print their page on their line; otherwise it wraps that entry.
        whole = numbered(ln.top) and bool(texts) and numbered(texts[-1][1])
        if section_rank(text) is not None or not texts or whole:
            texts.append([text, ln.top, printed])
        else:
            texts[-1][0] = f"{texts[-1][0]}{text}"
            texts[-1][2] = printed or texts[-1][2]
    for number in numbers:
        # The entry that starts nearest above the number (a wrapped entry's number may be
        # printed between its two lines).
        above = [i for i, entry in enumerate(texts) if float(entry[1]) <= number.top + 1]  # type: ignore[arg-type]
        if above and not texts[above[-1]][2]:
            texts[above[-1]][2] = number.text.strip()
    return [
        TextBlock(page, folio, "toc", section_rank(str(t)), "", str(t), str(p), float(top))
        for t, top, p in texts
    ]


def _lines_below(layout: PageLayout, top: float) -> list[TextLine]:
    """The page's lines below `top` (its folio aside), in reading order."""
    lines = [ln for ln in layout.lines if ln.top > top and not _is_folio(ln, layout)]
    return sorted(lines, key=lambda ln: (ln.top, ln.x0))


def toc_top(blocks: Sequence[TextBlock]) -> float:
    """Where the last 目次 title heading stands on its page."""
    return next(b.top for b in reversed(blocks) if b.kind == "heading" and _is_toc_title(b.text))


def document_text(layouts: Sequence[PageLayout]) -> list[TextBlock]:
    """Headings, 目次 entries, paragraphs and notes of the document in reading order."""
    body = body_style(layouts)
    left = min(
        (ln.x0 for layout in layouts for ln in layout.lines if (ln.font, ln.size) == body),
        default=0.0,
    )
    blocks: list[TextBlock] = []
    path: list[Heading] = []
    toc: list[TextLine] | None = None  # the 目次's lines while reading it
    toc_page: int | None = None  # the page the 目次's title is on
    paragraph: list[str] = []
    start: TextBlock | None = None  # where the open paragraph starts

    def flush() -> None:
        nonlocal paragraph, start
        if paragraph and start is not None:
            blocks.append(replace(start, text="".join(paragraph)))
        paragraph, start = [], None

    for layout in layouts:
        folio = page_folio(layout)
        events: list[tuple[float, float, Heading | TextLine]] = [
            (h.top, 0.0, h) for h in page_headings(layout, body)
        ] + [
            (ln.top, ln.x0, ln)
            for ln in layout.lines
            if not is_heading_style(ln, body) and not _is_folio(ln, layout)
        ]
        events.sort(key=lambda e: (e[0], e[1]))
        for _, _, item in events:
            section = SECTION_SEPARATOR.join(h.text for h in path)
            if toc_page == layout.page_number and item.top > toc_top(blocks):
                continue  # already taken as a 目次 line
            if isinstance(item, Heading):
                flush()
                if toc is not None:
                    blocks += _toc_entries(toc, layout.page_number, folio)
                    toc = None
                if item.rank is not None:
                    path = [h for h in path if (h.rank or 0) < item.rank]
                    section = SECTION_SEPARATOR.join(h.text for h in path)
                    path.append(item)
                blocks.append(
                    TextBlock(
                        layout.page_number,
                        folio,
                        "heading",
                        item.rank,
                        section,
                        item.text,
                        "",
                        item.top,
                    )
                )
                if _is_toc_title(item.text):
                    # The rest of the page is the 目次, its entries in whatever style they
                    # are set (some documents set them in the headings' font).
                    toc = _lines_below(layout, item.top)
                    toc_page = layout.page_number
                continue
            text = item.text.strip()
            if toc is not None:
                toc.append(item)
                continue
            if item.size <= body[1] - NOTE_SIZE_MARGIN:
                flush()
                blocks.append(
                    TextBlock(layout.page_number, folio, "note", None, section, text, "", item.top)
                )
                continue
            if item.x0 > left + INDENT_EM * item.size or start is None:
                flush()
                start = TextBlock(
                    layout.page_number, folio, "paragraph", None, section, "", "", item.top
                )
            paragraph.append(text)
        if toc:
            blocks += _toc_entries(toc, layout.page_number, folio)
            toc = []
    flush()
    return blocks


def text_frame(blocks: Sequence[TextBlock]) -> pd.DataFrame:
    """The blocks as a frame (one row per block), the input of the text rules."""
    return pd.DataFrame([asdict(b) for b in blocks], columns=TEXT_COLUMNS)
