"""Every ruled table of the vision PDF, as `ExtractedTable`s in document order.

Document-level rules on top of the page geometry of `sources/pdf_tables/`:

* **Headings and sections** (`sources/headings.py`). A text line printed in a heading
  style (another font family than the body text, or a larger size) is a heading.
  Headings whose text starts with a numbering of the document's outline (`2 …`, `(1) …`,
  `ア …`, `(ア) …`, `A …`, `a …`) open a section level; the section of a table is the
  path of open levels (`2 <title> > (1) <title> > ア <title>`). Any heading-styled line
  (also `①…`, `○…`, a railway line's name) is a caption candidate; a table's caption is
  the nearest one before it, so tables printed under one caption share it. A project
  card's caption is the profile's card caption (`[document.cards]`) with the `【n】` its
  name cell prints.
* **Stitching.** A table that is the last thing on a page (only page furniture below it)
  — or a single ruled box there, i.e. a title row the renderer left behind — and a table
  that is the first thing on the next page (nothing above it), with the same
  horizontal extent and column boundaries of one contained in the other's, are one table:
  both parts are laid on the union of their column boundaries, the continuation's repeated
  header rows are dropped, and `row_pages` records each row's page.
* **Kinds and header rows** from content: a card and an agreement start with the profile's
  card name and agreement labels, a school block is a `【…】` title row, a matrix holds
  participation marks (`★`) in its body, a list has no header row; the rest is data.
  Header rows are the rows covered by the first row's tallest cell (or none when the first
  row is data).
* **Expectations.** What the document must contain is stated in its profile
  (`sources.profile`) by caption pattern (and kind/section), never by page: a missing table
  raises `MissingTableError` naming the caption, an unexpected one is reported in
  `TableExtraction.warnings`. Project cards must be numbered 1..n without gaps.

Pages are analysed in parallel (`sources.page_analysis`); small documents serially.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sources import profile_patterns as patterns
from sources.headings import (
    PAGE_FURNITURE,
    Heading,
    body_style,
    page_headings,
)
from sources.japanese_text import nfkc_key, parse_number
from sources.page_analysis import analyze_document, take_started_analysis
from sources.pdf_tables.grid import EDGE_TOLERANCE, PageTable, layout_grid
from sources.pdf_tables.page import PageLayout
from sources.profile import Profile, current_profile
from sources.tables import CellSpan, ExtractedTable
from sources.vision_pdf import VisionDocument, open_vision_document

# Stitched parts must share left and right edges within this tolerance (pt).
STITCH_EXTENT_TOLERANCE = 3 * EDGE_TOLERANCE
# Column boundaries of two pages of one table agree within this (pt).
STITCH_EDGE_TOLERANCE = 2 * EDGE_TOLERANCE
# A first-row cell longer than this is body text, not a column label.
HEADER_MAX_CHARS = 40

# Integers in this range printed without a thousands separator read as year labels.
YEAR_LABEL_MIN, YEAR_LABEL_MAX = 1900, 2100

SECTION_SEPARATOR = " > "

PROJECT_NUMBER = re.compile(r"【\s*(\d+)\s*】")
PARTICIPATION_MARKS = frozenset({"★", "☆", "●", "◎"})


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
        TableExpectation(spec.caption, spec.kind, spec.section_pattern, spec.min_count)
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


def _edges_contained(small: Sequence[float], big: Sequence[float]) -> bool:
    return all(any(abs(s - b) <= STITCH_EDGE_TOLERANCE for b in big) for s in small)


def continues(a: Fragment, b: Fragment) -> bool:
    """Whether `b` (first on its page) continues `a` (last on the previous page)."""
    if b.table.page_number != a.table.page_number + 1 or not (a.ends_page and b.starts_page):
        return False
    ax0, _, ax1, _ = a.table.bbox
    bx0, _, bx1, _ = b.table.bbox
    if abs(ax0 - bx0) > STITCH_EXTENT_TOLERANCE or abs(ax1 - bx1) > STITCH_EXTENT_TOLERANCE:
        return False
    a_own, b_own = a.table.grid(), b.table.grid()
    if not (
        _edges_contained(b_own.x_edges, a_own.x_edges)
        or _edges_contained(a_own.x_edges, b_own.x_edges)
    ):
        return False
    edges = union_edges(a_own.x_edges, b_own.x_edges)
    a_grid = layout_grid(a.table.cells, x_edges=edges)
    b_grid = layout_grid(b.table.cells, x_edges=edges)
    return not starts_new_table(a_grid.rows, b_grid.rows, b_grid.spans)


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
    if patterns.match(cards.name_label, first[0]) and any(PROJECT_NUMBER.search(t) for t in first):
        return "card"
    if first[0].startswith(cards.agreement_label):
        return "agreement"
    if (title_row or n_cols == 1) and re.match(r"^【[^】]+】$", first[0]):
        return "school"
    if any(t.strip() in PARTICIPATION_MARKS for row in rows[1:] for t in row):
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
    )


# --------------------------------------------------------------------------------------
# Document
# --------------------------------------------------------------------------------------


def fragments(layouts: Sequence[PageLayout]) -> list[Fragment]:
    """Table parts in reading order, each with the caption and section in force above it."""
    body = body_style(layouts)
    path: list[Heading] = []
    caption = ""
    out: list[Fragment] = []
    for layout in layouts:
        headings = page_headings(layout, body)
        content = [ln for ln in layout.lines if not PAGE_FURNITURE.match(ln.text.strip())]
        events: list[tuple[float, int, Heading | PageTable]] = [(h.top, 0, h) for h in headings] + [
            (t.bbox[1], 1, t) for t in layout.tables
        ]
        tables = list(layout.tables)
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
                caption = item.text
                continue
            top, bottom = item.bbox[1], item.bbox[3]
            if item is trailing:
                section = SECTION_SEPARATOR.join(h.text for h in path)
                out.append(Fragment(item, caption, section, False, True, frame=True))
                continue
            out.append(
                Fragment(
                    table=item,
                    caption=caption,
                    section=SECTION_SEPARATOR.join(h.text for h in path),
                    starts_page=item is tables[0]
                    and not any(ln.bottom <= top + EDGE_TOLERANCE for ln in content),
                    ends_page=item is tables[-1]
                    and trailing is None
                    and not any(ln.top >= bottom - EDGE_TOLERANCE for ln in content),
                )
            )
    return out


def assemble(layouts: Sequence[PageLayout]) -> list[ExtractedTable]:
    """Stitch the page parts into tables and describe each one."""
    groups: list[list[Fragment]] = []
    for frag in fragments(layouts):
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
            where = f" in section /{exp.section}/" if exp.section else ""
            kind = f" ({exp.kind})" if exp.kind else ""
            missing.append(
                f"table with caption /{exp.caption}/{kind}{where}: expected at least "
                f"{exp.min_count}, found {len(hits)}"
            )
    for t in tables:
        if expectations and t.id not in matched:
            warnings.append(
                f"unexpected table {t.id} on page(s) {t.pages} "
                f"(caption {t.caption!r}, kind {t.kind}, section {t.section!r})"
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
        missing.append(f"project cards {first}…{last} not consecutive: {detail}")
    return missing, warnings


# Past this many, listing every missing caption hides the point: the file is not the vision
# (or not a layout the extractor can read).
MISSING_LISTED = 3


def missing_summary(missing: Sequence[str], expectations: Sequence[TableExpectation]) -> str:
    """The missing tables, named; a short summary when most of them are missing."""
    if len(missing) <= MISSING_LISTED:
        return "; ".join(missing)
    return (
        f"{len(missing)} of {len(expectations)} expected tables not found — is this PDF the "
        f"vision, with ruled tables? First: " + "; ".join(missing[:MISSING_LISTED]) + "; …"
    )


def extract_tables(
    path: Path | str | None = None,
    *,
    expectations: Sequence[TableExpectation] | None = None,
    strict: bool = True,
    workers: int | None = None,
) -> TableExtraction:
    """Every ruled table of the vision PDF at `path` (the embedded snapshot when None).

    `expectations` defaults to the run's profile's (`profile_expectations()`). Raises
    MissingTableError naming the caption of each expected table not found (with
    `strict=False` those become warnings). Unexpected tables are kept and reported in
    `warnings`.
    """
    if expectations is None:
        expectations = profile_expectations()
    document = open_vision_document(path)
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
        warnings=missing + warnings,
        text=document_text(layouts),
    )


def find_table(tables: Sequence[ExtractedTable], caption_pattern: str) -> ExtractedTable:
    """The first table whose caption (NFKC key) matches the regular expression."""
    for t in tables:
        if patterns.search(caption_pattern, nfkc_key(t.caption)):
            return t
    raise KeyError(f"no table with caption matching /{caption_pattern}/")
