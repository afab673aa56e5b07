"""Every table of the vision PDF, as `ExtractedTable`s in document order.

Document-level rules on top of the page geometry of `sources/pdf_tables/` (which finds
the tables of every layout on each page):

* **Page furniture** (`sources/headings.py`): folios (`12`, `- 12 -`) and running headers
  and footers (a line repeated at one place in the top or bottom margin of several pages)
  are never headings, captions or rows.
* **Headings and sections.** A text line printed in a heading style (another font family
  than the body text, or a larger size) is a heading. Chapters (`第2章 …`) and headings
  starting with a numbering of the document's outline (`2 …`, `(1) …`, `ア …`, `(ア) …`,
  `A …`, `a …`) open a section level; the section of a table is the path of open levels
  (`第2章 … > 1 <title> > (2) <title>`).
* **Captions and notes.** A table's caption is the numbered caption (`表2-3 …`, `図2-1 …`)
  printed right above it (its unit note may sit between or beside), else the one right
  below it (after its notes) or an unnumbered heading-styled line centred under it, else
  the nearest heading-styled line before it (also `①…`, `○…`, an outline heading), so
  tables printed under one caption share it. What is printed with a table is kept as
  metadata, never as a caption: the unit note `（単位：…）` (`unit`), the 資料/出典, 注 and ※
  lines under it (`notes`, `source`), a column headed 単位 (`unit_column`). A project
  card's caption is the profile's card caption (`[document.cards]`) with the `【n】` its
  name cell prints.
* **Stitching.** A table that is the last thing on a page (only page furniture below it)
  — or a single ruled box there, i.e. a title row the renderer left behind — and a table
  that is the first thing on the next page (nothing above it but furniture, its unit note
  and a repeat of its caption), are one table when the next page says so (the caption
  again with （続き）/（つづき）) or when both have the same horizontal extent and column
  boundaries of one contained in the other's (header repeated, or nothing repeated): both
  parts are laid on the union of their column boundaries, the continuation's repeated
  header rows are dropped, and `row_pages` records each row's page. A part of header rows
  only, right above a part starting with data on the same page, is that part's header.
* **Kinds and header rows** from content: a card starts with the card name label (the
  profile's, or the template's 事業名) and its 【n】, an agreement with the profile's
  agreement label, a school block is a `【…】` title row, a matrix holds participation
  marks (`★`, `●`) in two columns or more, a list has no header row; the rest is data.
  Header rows are the rows covered by the first row's tallest cell (or none when the first
  row is data).
* **Expectations.** What a document must contain is stated in its profile
  (`sources.profile`) by caption pattern (and kind/section), never by page: for the
  refresh a missing table raises `MissingTableError` naming the caption; `vision extract`
  needs no profile and reports them as warnings (`strict=False`). An unexpected table is
  reported in `TableExtraction.warnings`. Project cards must be numbered 1..n without gaps.

Pages are analysed in parallel (`sources.page_analysis`); small documents serially.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sources import profile_patterns as patterns
from sources.headings import (
    CONTINUED_MARK,
    NUMBERED_CAPTION,
    SOURCE_NOTE,
    UNIT_NOTE,
    Heading,
    body_style,
    caption_key,
    is_furniture,
    is_heading_style,
    note_role,
    page_headings,
    running_lines,
    section_rank,
)
from sources.japanese_text import nfkc_key, parse_number
from sources.page_analysis import analyze_document, take_started_analysis
from sources.pdf_tables.cell_text import char_class
from sources.pdf_tables.grid import EDGE_TOLERANCE, PageTable, layout_grid, nearest_edge
from sources.pdf_tables.lines import TextLine
from sources.pdf_tables.page import PageLayout
from sources.profile import Profile, TableSpec, current_profile
from sources.profile_match import (
    EXPLAIN_HINT,
    caption_similarity,
    declaration_place,
    mismatches,
    nearest_candidate,
    reason_text,
)
from sources.tables import CellSpan, ExtractedTable
from sources.vision_pdf import VisionDocument, open_vision_document

# Stitched parts must share left and right edges within this tolerance (pt).
STITCH_EXTENT_TOLERANCE = 3 * EDGE_TOLERANCE
# Column boundaries of two pages of one table agree within this (pt).
STITCH_EDGE_TOLERANCE = 2 * EDGE_TOLERANCE
# Lines of one wrapped note are closer than this (fraction of the size).
NOTE_LINE_GAP_EM = 0.8
# An unnumbered caption's centre is within this fraction of the table's width of its centre.
CENTRED_TOLERANCE = 0.05
# A caption this close (fraction of its size) above the next table heads that table.
CAPTION_GAP_EM = 3.0
# A header-only part and its body part are at most this far apart (pt).
HEADER_BODY_GAP = 6.0
# A first-row cell longer than this is body text, not a column label.
HEADER_MAX_CHARS = 40

# Integers in this range printed without a thousands separator read as year labels.
YEAR_LABEL_MIN, YEAR_LABEL_MAX = 1900, 2100

SECTION_SEPARATOR = " > "

PROJECT_NUMBER = re.compile(r"【\s*(\d+)\s*】")
PARTICIPATION_MARKS = frozenset({"★", "☆", "●", "◎"})
# A matrix marks participation in several columns (one column of ◎/○ is a rating).
MATRIX_MIN_COLUMNS = 2
# The national template's project card opens with the project's name (事業名, 連携事業名)
# and its number 【n】: a card whatever the profile calls its first cell.
CARD_NAME_LABEL = re.compile(r"^(連携)?事業名?$")


class MissingTableError(LookupError):
    """A table the document must contain was not found."""


@dataclass(frozen=True)
class TableExpectation:
    """A table (or group of tables) the document must contain, identified by caption.

    `caption` is a regular expression searched in the caption's NFKC key; `section` and
    `kind` narrow the match. At least `min_count` tables must match.
    """

    caption: str
    kind: str | None = None
    section: str | None = None
    min_count: int = 1
    # The profile's declaration it comes from (None for an expectation made in code):
    # messages then name the table as printed, its file and key, and the nearest table.
    spec: TableSpec | None = None
    place: str | None = None

    def matches(self, table: ExtractedTable) -> bool:
        if self.kind is not None and table.kind != self.kind:
            return False
        if self.section is not None and not patterns.search(self.section, nfkc_key(table.section)):
            return False
        return patterns.search(self.caption, nfkc_key(table.caption)) is not None


def profile_expectations(profile: Profile | None = None) -> tuple[TableExpectation, ...]:
    """What the document must contain (issue 3), by caption — never by page: one
    expectation per table the profile declares (the run's profile when None)."""
    profile = profile or current_profile()
    return tuple(
        TableExpectation(
            spec.caption,
            spec.kind,
            spec.section_pattern,
            spec.min_count,
            spec=spec,
            place=declaration_place(profile, spec.key),
        )
        for spec in profile.tables
    )


@dataclass
class TableExtraction:
    """The extraction of one document: its identity, its tables, and what looked wrong —
    and its text outside the tables (`sources.vision_text_pdf.TextBlock`s), read from the
    same page layouts so the PDF is parsed once."""

    document: VisionDocument
    tables: list[ExtractedTable]
    warnings: list[str] = field(default_factory=list)
    text: list[Any] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Stitching
# --------------------------------------------------------------------------------------


@dataclass
class Fragment:
    """One table part on one page, with the caption/section in force where it starts."""

    table: PageTable
    caption: str
    section: str
    starts_page: bool  # nothing but furniture above it on its page
    ends_page: bool  # nothing but furniture below it on its page
    # A single ruled box ending its page: kept only as the first row of a table continued
    # on the next page (a title row the renderer left behind), dropped otherwise.
    frame: bool = False
    unit: str = ""
    notes: tuple[str, ...] = ()
    # The numbered caption printed right above this part (with its `（つづき）`, if any).
    lead_caption: str = ""
    # Content printed right above / below it on its page (other than caption, unit, notes).
    text_above: bool = False
    text_below: bool = False


def _edges_contained(small: Sequence[float], big: Sequence[float]) -> bool:
    return all(any(abs(s - b) <= STITCH_EDGE_TOLERANCE for b in big) for s in small)


def same_columns(a: Fragment, b: Fragment) -> bool:
    """Same horizontal extent, and the column boundaries of one contained in the other's."""
    ax0, _, ax1, _ = a.table.bbox
    bx0, _, bx1, _ = b.table.bbox
    if abs(ax0 - bx0) > STITCH_EXTENT_TOLERANCE or abs(ax1 - bx1) > STITCH_EXTENT_TOLERANCE:
        return False
    a_own, b_own = a.table.grid(), b.table.grid()
    return _edges_contained(b_own.x_edges, a_own.x_edges) or _edges_contained(
        a_own.x_edges, b_own.x_edges
    )


def continues(a: Fragment, b: Fragment) -> bool:
    """Whether `b` (first on its page) continues `a` (last on the previous page)."""
    if b.table.page_number != a.table.page_number + 1 or not (a.ends_page and b.starts_page):
        return False
    if b.lead_caption:
        # The next page names its table: a continuation only under the same caption.
        if caption_key(b.lead_caption) != caption_key(a.caption):
            return False
        if CONTINUED_MARK.search(b.lead_caption):
            return True  # the document says so
    if not same_columns(a, b):
        return False
    edges = union_edges(a.table.grid().x_edges, b.table.grid().x_edges)
    a_grid = layout_grid(a.table.cells, x_edges=edges)
    b_grid = layout_grid(b.table.cells, x_edges=edges)
    return not starts_new_table(a_grid.rows, b_grid.rows, b_grid.spans)


def completes_header(a: Fragment, b: Fragment) -> bool:
    """Whether `b` is the body of `a`, a block of header rows found as a part of its own
    right above it on the same page (nothing printed between, as many columns, the same
    extent): a header without a body is no table. The body's column boundaries may have
    been read from its text's alignment, a little off the header's rules."""
    if b.table.page_number != a.table.page_number:
        return False
    if a.frame or b.frame or a.text_below or b.text_above or a.notes or b.lead_caption:
        return False
    gap = b.table.bbox[1] - a.table.bbox[3]
    ax0, _, ax1, _ = a.table.bbox
    bx0, _, bx1, _ = b.table.bbox
    if (
        not -EDGE_TOLERANCE <= gap <= HEADER_BODY_GAP
        or max(abs(ax0 - bx0), abs(ax1 - bx1)) > STITCH_EXTENT_TOLERANCE
    ):
        return False
    head, body = a.table.grid(), b.table.grid()
    if not head.rows or not body.rows or len(head.x_edges) != len(body.x_edges):
        return False
    return (
        infer_header_rows(head.rows, head.spans, "data") >= len(head.rows)
        and infer_header_rows(body.rows, body.spans, "data") == 0
    )


def join_header(a: Fragment, b: Fragment) -> Fragment:
    """One part from header part `a` and body part `b` (`completes_header`): the body's
    cells moved onto the header's column boundaries, column by column, and up to the
    header's bottom."""
    head_edges, body_edges = a.table.grid().x_edges, b.table.grid().x_edges

    def on_head(x: float) -> float:
        return head_edges[nearest_edge(body_edges, x)]

    def below_head(y: float) -> float:  # the body's top boundary is the header's bottom
        return a.table.bbox[3] if abs(y - b.table.bbox[1]) <= EDGE_TOLERANCE else y

    moved = tuple(
        replace(c, bbox=(on_head(c.bbox[0]), below_head(c.bbox[1]), on_head(c.bbox[2]), c.bbox[3]))
        for c in b.table.cells
    )
    x0, top, x1, _ = a.table.bbox
    table = replace(a.table, bbox=(x0, top, x1, b.table.bbox[3]), cells=a.table.cells + moved)
    return replace(
        a,
        table=table,
        ends_page=b.ends_page,
        notes=b.notes,
        text_below=b.text_below,
        unit=a.unit or b.unit,
    )


def union_edges(base: Sequence[float], other: Sequence[float]) -> list[float]:
    """Column boundaries of a stitched table: `base`'s, plus those of `other` that are not
    within `STITCH_EDGE_TOLERANCE` of one of them (pages of one table may be ruled a
    point or two apart)."""
    extra = [e for e in other if all(abs(e - b) > STITCH_EDGE_TOLERANCE for b in base)]
    return sorted([*base, *extra])


def starts_new_table(
    a_rows: Sequence[Sequence[str]], b_rows: Sequence[Sequence[str]], b_spans: Sequence[CellSpan]
) -> bool:
    """Whether `b` opens a table of its own rather than continuing `a`: it identifies itself
    (a card, agreement or school block), or its first row carries `a`'s first-row label
    with other content (the next table of a series, e.g. the next project card). A first
    row that repeats `a`'s first row entirely is a repeated header, i.e. a continuation."""
    if not a_rows or not b_rows:
        return False
    if infer_kind([list(r) for r in b_rows], b_spans) in ("card", "agreement", "school"):
        return True
    a0, b0 = a_rows[0], b_rows[0]
    same_label = (
        bool(a0) and bool(b0) and nfkc_key(a0[0]) != "" and nfkc_key(a0[0]) == nfkc_key(b0[0])
    )
    return same_label and [nfkc_key(x) for x in a0] != [nfkc_key(x) for x in b0]


def infer_header_rows(rows: list[list[str]], spans: Sequence[CellSpan], kind: str) -> int:
    """Leading header rows: none when the first row reads as data (a number, a list, long
    text); else the rows covered by the first row's tallest cell."""
    if not rows:
        return 0
    if kind in ("card", "agreement", "school"):
        return 1
    for text in rows[0]:
        if "、" in text or len(text) > HEADER_MAX_CHARS or _is_number(text):
            return 0
    return max([1] + [s.rowspan for s in spans if s.row == 0])


def _is_number(text: str) -> bool:
    """A printed data value (a year such as ``2020`` is a column label, not data)."""
    try:
        parsed = parse_number(text)
    except ValueError:
        return False
    if (
        isinstance(parsed.value, int)
        and not parsed.is_percent
        and YEAR_LABEL_MIN <= parsed.value <= YEAR_LABEL_MAX
        and "," not in text
    ):
        return False
    return parsed.is_number


def infer_kind(rows: list[list[str]], spans: Sequence[CellSpan]) -> str:
    """card / agreement / school / matrix / list / data, from the table's content."""
    if not rows or not rows[0]:
        return "data"
    first = rows[0]
    n_cols = len(first)
    title_row = any(s.row == 0 and s.col == 0 and s.colspan == n_cols for s in spans)
    cards = current_profile().document.cards
    name_label = patterns.match(cards.name_label, first[0]) or CARD_NAME_LABEL.match(first[0])
    if name_label and any(PROJECT_NUMBER.search(t) for t in first):
        return "card"
    if first[0].startswith(cards.agreement_label):
        return "agreement"
    if (title_row or n_cols == 1) and re.match(r"^【[^】]+】$", first[0]):
        return "school"
    marked = {j for row in rows[1:] for j, t in enumerate(row) if t.strip() in PARTICIPATION_MARKS}
    if len(marked) >= MATRIX_MIN_COLUMNS:
        return "matrix"
    if infer_header_rows(rows, spans, "data") == 0:
        return "list"
    return "data"


def _rows_equal(a: Sequence[str], b: Sequence[str]) -> bool:
    return [nfkc_key(x) for x in a] == [nfkc_key(x) for x in b]


def build_table(parts: Sequence[Fragment], index: int) -> ExtractedTable:
    """One `ExtractedTable` from its page parts (one part unless stitched)."""
    x_edges = parts[0].table.grid().x_edges
    for part in parts[1:]:
        x_edges = union_edges(x_edges, part.table.grid().x_edges)
    first = layout_grid(parts[0].table.cells, x_edges=x_edges)
    kind = infer_kind(first.rows, first.spans)
    header_rows = infer_header_rows(first.rows, first.spans, kind)
    rows = [list(r) for r in first.rows]
    spans = list(first.spans)
    row_pages = [parts[0].table.page_number] * len(first.rows)
    for part in parts[1:]:
        grid = layout_grid(part.table.cells, x_edges=x_edges)
        drop = 0
        if (
            header_rows
            and len(grid.rows) > header_rows
            and all(_rows_equal(grid.rows[i], rows[i]) for i in range(header_rows))
        ):
            drop = header_rows  # the continuation repeats the header
        offset = len(rows) - drop
        rows.extend(grid.rows[drop:])
        row_pages.extend([part.table.page_number] * (len(grid.rows) - drop))
        spans.extend(
            CellSpan(s.row + offset, s.col, s.rowspan, s.colspan)
            for s in grid.spans
            if s.row >= drop
        )
    caption = parts[0].caption
    if kind == "card":
        number = next(
            (m.group(1) for t in rows[0] if (m := PROJECT_NUMBER.search(t)) is not None), None
        )
        caption = current_profile().document.cards.caption_for(number)
    pages = sorted({p.table.page_number for p in parts})
    notes = [n for part in parts for n in part.notes]
    return ExtractedTable(
        id=f"t{index:03d}",
        caption=caption,
        section=parts[0].section,
        kind=kind,
        pages=[pages[0], pages[-1]],
        header_rows=header_rows,
        rows=rows,
        spans=spans,
        row_pages=row_pages,
        unit=next((p.unit for p in parts if p.unit), ""),
        source=cited_source(notes),
        notes=notes,
        unit_column=unit_column(rows, header_rows),
    )


def unit_column(rows: Sequence[Sequence[str]], header_rows: int) -> int | None:
    """The column whose header cell reads 単位 (a unit per row instead of a unit note)."""
    for row in rows[:header_rows]:
        for j, text in enumerate(row):
            if nfkc_key(text) == "単位":
                return j
    return None


# The source a note line cites: after `資料：` (the source note's own words), up to a remark
# printed on the same line.
SOURCE_TEXT = re.compile(SOURCE_NOTE.pattern + r"\s*(?P<source>.*?)(?:[\s　]+(?:注|※).*)?$")


def cited_source(notes: Sequence[str]) -> str:
    """The source the table's notes cite (`資料：…`), "" when none."""
    for note in notes:
        if m := SOURCE_TEXT.match(note):
            return m.group("source").strip()
    return ""


# --------------------------------------------------------------------------------------
# Document
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableMargin:
    """What is printed right above and right below one table on its page: a numbered
    caption above or below it, the unit note, the source/remark lines under it, and
    whether anything else (other than page furniture) is printed above or below it."""

    caption_above: TextLine | None = None
    caption_below: TextLine | None = None
    unit: str = ""
    notes: tuple[str, ...] = ()
    text_above: bool = False  # content above it other than its caption and unit note
    text_below: bool = False  # content below it other than its notes


def _is_caption_line(line: TextLine, body: tuple[str, float]) -> bool:
    return is_heading_style(line, body) and NUMBERED_CAPTION.match(line.text.strip()) is not None


def _is_centred_caption(line: TextLine, body: tuple[str, float], x0: float, x1: float) -> bool:
    """An unnumbered caption under a table: a heading-styled line that is no outline
    heading, centred on the table (an outline heading starts at the margin)."""
    if not is_heading_style(line, body) or section_rank(line.text.strip()) is not None:
        return False
    width = x1 - x0
    return width > 0 and abs((line.x0 + line.x1) / 2 - (x0 + x1) / 2) <= CENTRED_TOLERANCE * width


def _join_note(previous: str, line: str) -> str:
    both_narrow = char_class(previous[-1]) != "wide" and char_class(line[0]) != "wide"
    return previous + (" " if both_narrow else "") + line


def table_margin(
    lines: Sequence[TextLine],
    box: tuple[float, float, float, float],
    floor: float,
    ceiling: float,
    body: tuple[str, float],
) -> TableMargin:
    """The margin of the table at `box`, between the previous table's bottom (`floor`) and
    the next one's top (`ceiling`); `lines` are the page's content lines (no furniture)
    in reading order. A caption under the table is numbered (`表2-3 …`) or centred on it."""
    x0, top, x1, bottom = box
    above = sorted(
        (ln for ln in lines if ln.bottom <= top + EDGE_TOLERANCE and ln.top >= floor - 1),
        key=lambda ln: -ln.bottom,
    )
    below = [ln for ln in lines if ln.top >= bottom - EDGE_TOLERANCE and ln.bottom <= ceiling + 1]
    unit, caption_above, i = "", None, 0
    # Right above the table: its unit note and numbered caption, in either order or side by
    # side on one line (the caption centred, the unit at the right).
    while i < len(above):
        if m := UNIT_NOTE.match(above[i].text.strip()):
            unit = unit or m.group("unit")
        elif caption_above is None and _is_caption_line(above[i], body):
            caption_above = above[i]
        else:
            break
        i += 1
    text_above = i < len(above)
    notes: list[str] = []
    j, last = 0, None
    while j < len(below):
        ln, text = below[j], below[j].text.strip()
        role = note_role(text)
        if role == "unit" and not notes:
            unit = unit or UNIT_NOTE.match(text).group("unit")  # type: ignore[union-attr]
        elif role in ("source", "note"):
            notes.append(text)
        elif (
            last is not None
            and notes
            and abs(ln.size - last.size) < 0.1
            and ln.top - last.bottom <= NOTE_LINE_GAP_EM * ln.size
            and not _is_caption_line(ln, body)
        ):
            notes[-1] = _join_note(notes[-1], text)  # a wrapped note
        else:
            break
        last, j = ln, j + 1
    caption_below = None
    if j < len(below) and (
        _is_caption_line(below[j], body) or _is_centred_caption(below[j], body, x0, x1)
    ):
        cap = below[j]
        rest = below[j + 1 :]
        # A caption directly above the next table (only its unit note between) is that
        # table's caption, not this one's.
        heads_next = ceiling - cap.bottom <= CAPTION_GAP_EM * cap.size and all(
            note_role(ln.text) == "unit" for ln in rest
        )
        if not heads_next:
            caption_below, j = cap, j + 1
    return TableMargin(
        caption_above=caption_above,
        caption_below=caption_below,
        unit=unit,
        notes=tuple(notes),
        text_above=text_above,
        text_below=j < len(below),
    )


def heading_of(line: TextLine, headings: Sequence[Heading]) -> Heading | None:
    """The heading `line` is part of (a caption wrapped over two lines is one heading)."""
    for h in headings:
        if h.top - EDGE_TOLERANCE <= line.top and line.bottom <= h.bottom + EDGE_TOLERANCE:
            return h
    return None


def heading_text(line: TextLine, headings: Sequence[Heading]) -> str:
    """The whole text of the heading `line` is part of (the line's own text if none)."""
    h = heading_of(line, headings)
    return h.text if h is not None else line.text.strip()


def fragments(layouts: Sequence[PageLayout]) -> list[Fragment]:
    """Table parts in reading order, each with its caption (a numbered caption printed
    right above or below it, else the heading in force above it), section, unit and notes."""
    body = body_style(layouts)
    running = running_lines(layouts)
    path: list[Heading] = []
    caption = ""
    out: list[Fragment] = []
    for layout in layouts:
        headings = page_headings(layout, body, running)
        content = [ln for ln in layout.lines if not is_furniture(ln, running)]
        tables = list(layout.tables)
        margins: dict[int, TableMargin] = {}
        for k, t in enumerate(tables):
            floor = tables[k - 1].bbox[3] if k else 0.0
            ceiling = tables[k + 1].bbox[1] if k + 1 < len(tables) else layout.height
            margins[id(t)] = table_margin(content, t.bbox, floor, ceiling, body)
        # A caption printed under its table is not the caption in force for what follows.
        taken_below = {
            heading_of(m.caption_below, headings)
            for m in margins.values()
            if m.caption_below is not None
        }
        events: list[tuple[float, int, Heading | PageTable]] = [(h.top, 0, h) for h in headings] + [
            (t.bbox[1], 1, t) for t in tables
        ]
        trailing = layout.frames[-1] if layout.frames else None
        if trailing is not None and (
            any(t.bbox[1] >= trailing.bbox[1] for t in tables)
            or any(ln.top >= trailing.bbox[3] - EDGE_TOLERANCE for ln in content)
        ):
            trailing = None
        if trailing is not None:
            events.append((trailing.bbox[1], 1, trailing))
        events.sort(key=lambda e: (e[0], e[1]))
        for _, _, item in events:
            if isinstance(item, Heading):
                if item.rank is not None:
                    path = [h for h in path if (h.rank or 0) < item.rank]
                    path.append(item)
                if item not in taken_below:
                    caption = item.text
                continue
            section = SECTION_SEPARATOR.join(h.text for h in path)
            if item is trailing:
                out.append(Fragment(item, caption, section, False, True, frame=True))
                continue
            margin = margins[id(item)]
            own = margin.caption_above or margin.caption_below
            lead = heading_text(margin.caption_above, headings) if margin.caption_above else ""
            out.append(
                Fragment(
                    table=item,
                    caption=caption_key(heading_text(own, headings)) if own else caption,
                    section=section,
                    starts_page=item is tables[0] and not margin.text_above,
                    ends_page=item is tables[-1] and trailing is None and not margin.text_below,
                    unit=margin.unit,
                    notes=margin.notes,
                    lead_caption=lead,
                    text_above=margin.text_above,
                    text_below=margin.text_below,
                )
            )
    return out


def assemble(layouts: Sequence[PageLayout]) -> list[ExtractedTable]:
    """Stitch the page parts into tables and describe each one."""
    parts: list[Fragment] = []
    for frag in fragments(layouts):
        if parts and completes_header(parts[-1], frag):
            parts[-1] = join_header(parts[-1], frag)
        else:
            parts.append(frag)
    groups: list[list[Fragment]] = []
    for frag in parts:
        if groups and continues(groups[-1][-1], frag):
            groups[-1].append(frag)
        else:
            groups.append([frag])
    groups = [g for g in groups if not (len(g) == 1 and g[0].frame)]
    return [build_table(group, i) for i, group in enumerate(groups, start=1)]


def check_expectations(
    tables: Sequence[ExtractedTable], expectations: Sequence[TableExpectation]
) -> tuple[list[str], list[str]]:
    """(missing, warnings): expectations not met, and tables no expectation accounts for.
    Project cards must be numbered 1..n consecutively."""
    missing: list[str] = []
    warnings: list[str] = []
    matched: set[str] = set()
    for exp in expectations:
        hits = [t for t in tables if exp.matches(t)]
        matched.update(t.id for t in hits)
        if len(hits) < exp.min_count:
            missing.append(_missing_text(exp, tables, [t.id for t in hits]))
    for t in tables:
        if expectations and t.id not in matched:
            warnings.append(
                f"unexpected table {t.id} on page(s) {t.pages} "
                f"(caption {t.caption!r}, kind {t.kind}, section {t.section!r})"
                + _nearest_declaration(t, expectations)
            )
    numbers = [
        int(m.group(1))
        for t in tables
        if t.kind == "card" and (m := PROJECT_NUMBER.search(t.caption))
    ]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        gaps = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        detail = f"missing {', '.join(f'【{n}】' for n in gaps)}" if gaps else "out of order"
        cards = current_profile().document.cards
        first, last = cards.caption_for(1), cards.caption_for(max(numbers))
        missing.append(
            f"project cards {first}…{last} not consecutive: {detail} (the number is read "
            f"from each card's name cell; cards are declared in [document.cards] of "
            f"{current_profile().path})"
        )
    return missing, warnings


def _missing_text(
    exp: TableExpectation, tables: Sequence[ExtractedTable], hits: Sequence[str]
) -> str:
    """An expected table not found: the table as the profile names it and where it is
    declared, what it asks for, and the nearest table of the PDF with what to change."""
    where = f" in section /{exp.section}/" if exp.section else ""
    kind = f" ({exp.kind})" if exp.kind else ""
    wanted = (
        f"caption /{exp.caption}/{kind}{where}: expected at least {exp.min_count}, "
        f"found {len(hits)}"
    )
    if exp.spec is None:
        return f"table with {wanted}"
    nearest = nearest_candidate(exp.spec, tables, hits)
    advice = reason_text(exp.spec, nearest) if nearest else "the PDF has no table to match"
    return f"table '{exp.spec.name}' ({exp.place}) with {wanted}; {advice}"


def _nearest_declaration(table: ExtractedTable, expectations: Sequence[TableExpectation]) -> str:
    """For a table no declaration matches: the declaration nearest to it (fewest
    differences, then the most similar caption) and what differs — the one to correct if
    the pipeline should read this table ("" when the expectations name no declaration)."""
    ranked = [
        ((-len(reasons), caption_similarity(e.spec, table)), e, reasons)
        for e in expectations
        if e.spec is not None and (reasons := mismatches(e.spec, table))
    ]
    if not ranked:
        return ""
    _, exp, reasons = max(ranked, key=lambda r: r[0])
    return (
        f"; no declaration matches it — the nearest, {exp.place}, differs in its "
        f"{' and '.join(reasons)}"
    )


# Past this many, listing every missing caption hides the point: the file is not the vision
# (or not a layout the extractor can read).
MISSING_LISTED = 3


def missing_summary(missing: Sequence[str], expectations: Sequence[TableExpectation]) -> str:
    """The missing tables, named; a short summary when most of them are missing."""
    if len(missing) <= MISSING_LISTED:
        return "; ".join(missing) + (f" ({EXPLAIN_HINT})" if _declared(expectations) else "")
    files = _declared(expectations)
    profile = (
        f", read with the profile of its area ({', '.join(files)}; {EXPLAIN_HINT})" if files else ""
    )
    return (
        f"{len(missing)} of {len(expectations)} expected tables not found — is this PDF the "
        f"vision, with ruled tables{profile}? First: " + "; ".join(missing[:MISSING_LISTED]) + "; …"
    )


def _declared(expectations: Sequence[TableExpectation]) -> list[str]:
    """The profile files the expectations are declared in."""
    files = (_PLACE_FILE.match(e.place) for e in expectations if e.place)
    return list(dict.fromkeys(m.group("file") for m in files if m))


# `profile.toml:178 [[tables]] key = "x"` → `profile.toml` (sources.profile_match.Declaration)
_PLACE_FILE = re.compile(r"^(?P<file>.*?)(?::\d+)? \[\[tables\]\]")


def extract_tables(
    path: Path | str | VisionDocument | None = None,
    *,
    expectations: Sequence[TableExpectation] | None = None,
    strict: bool = True,
    workers: int | None = None,
) -> TableExtraction:
    """Every ruled table of the vision PDF at `path` (the embedded snapshot when None; a
    document already opened is not opened again).

    `expectations` defaults to the run's profile's (`profile_expectations()`; `()` for a
    document without a profile: every table found, no warning). Raises MissingTableError
    naming the caption of each expected table not found (with `strict=False`, as the
    profile-free `vision extract` does, that becomes the first warning: the refresh keeps
    the default and fails). Unexpected tables are kept and reported in `warnings`.
    """
    if expectations is None:
        expectations = profile_expectations()
    document = path if isinstance(path, VisionDocument) else open_vision_document(path)
    started = take_started_analysis(document.sha256) if workers is None else None
    layouts = started.layouts() if started else analyze_document(document.path, workers=workers)
    tables = assemble(layouts)
    missing, warnings = check_expectations(tables, expectations)
    if missing and strict:
        raise MissingTableError(f"{document.path}: {missing_summary(missing, expectations)}")
    # Imported here: the text module builds on this one's headings.
    from sources.vision_text_pdf import document_text

    return TableExtraction(
        document=document,
        tables=tables,
        warnings=([missing_summary(missing, expectations)] if missing else []) + warnings,
        text=document_text(layouts),
    )


def find_table(tables: Sequence[ExtractedTable], caption_pattern: str) -> ExtractedTable:
    """The first table whose caption (NFKC key) matches the regular expression."""
    for t in tables:
        if patterns.search(caption_pattern, nfkc_key(t.caption)):
            return t
    raise KeyError(f"no table with caption matching /{caption_pattern}/")
