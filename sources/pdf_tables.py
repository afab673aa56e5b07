"""Ruled tables of one PDF page: ruling lines → cells → a grid with spans and cell text.

This module knows geometry only (no captions, sections or document rules; those live in
`sources/vision_tables_pdf.py`). Per page it returns a `PageLayout`:

* the page's ruled tables (`PageTable`), each a set of `TableCell`s (bbox + text) found
  from the drawn ruling lines by pdfplumber's lattice finder (`page.find_tables()`);
* the page's text lines *outside* tables (`TextLine`, with font family and size), which
  the document level reads for headings and captions;
* single ruled boxes (`PageLayout.frames`): a framed paragraph, or the first row of a
  table the renderer broke across pages right after it.

Geometric ideas (in the style of pdfplumber's table.py):

* **Grid from cells.** The cell boxes' left/right edges, clustered within
  `EDGE_TOLERANCE`, are the column boundaries; top/bottom edges the row boundaries. A
  cell covering several boundaries is a merged cell (`CellSpan`). Because the grid is
  built from edges, two fragments of one table (e.g. the two pages of a stitched table)
  can be laid on the *union* of their column boundaries (`layout_grid(..., x_edges=...)`),
  so a continuation page that merges some columns still lines up.
* **Lines from glyphs.** Glyphs whose vertical centres lie within `LINE_TOLERANCE_EM` of
  a font size belong to one line; within a line a horizontal gap wider than
  `WORD_GAP_EM` with no printed space is a space.
* **Wrapped vs broken lines.** A cell line that ends while the next line's first
  unbreakable unit would still have fitted in the cell was ended on purpose (a paragraph
  or list break, kept as ``"\\n"``). Otherwise the line was wrapped by the renderer: if
  the unit would have fitted *but for a space*, the wrap consumed a space (``" "``);
  otherwise the wrap fell inside a run of text and nothing is inserted between Japanese
  characters (a space only between two Latin/digit characters, where renderers do not
  break words).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sources.japanese_text import normalize_text
from sources.tables import CellSpan

# Cell edges closer than this (pt) are the same grid boundary.
EDGE_TOLERANCE = 1.5
# Glyph centres within this fraction of the font size are on the same text line.
LINE_TOLERANCE_EM = 0.45
# A gap wider than this fraction of the font size between two glyphs is a word space.
WORD_GAP_EM = 0.25
# Width of a space when the font prints none, as a fraction of the font size.
DEFAULT_SPACE_EM = 0.25
# Slack (fraction of the font size) when asking "would the next unit have fitted?".
FIT_TOLERANCE_EM = 0.12
# "Would have fitted but for a space" needs this much room beyond the unit (em): the
# estimate of a cell's inner width is good to about a tenth of an em.
SPACE_FIT_MARGIN_EM = 0.12
# Within a page line, a horizontal gap this wide (em) starts a separate text segment.
SEGMENT_GAP_EM = 3.0
# Overprinted duplicate glyphs (fake bold) closer than this (pt) are one glyph.
DUPLICATE_TOLERANCE = 0.6
# A glyph is placed by the point this fraction of its width from its left end.
HANG_PROBE = 0.2
# Lines of a left-aligned cell start within this distance (pt) of each other.
ALIGN_TOLERANCE = 0.2
# pdfplumber's default snap tolerance: rules this close (pt) are snapped to one position.
RULE_SNAP_TOLERANCE = 3.0
# A "table" of fewer cells than this is a framed paragraph, not a table.
MIN_TABLE_CELLS = 2

# Characters a line may not start with (Japanese kinsoku: closing brackets, small kana,
# prolonged sound mark, iteration marks, sentence punctuation).
_NO_LINE_START = set(
    "、。，．・：；？！゛゜ヽヾゝゞ々ー）］｝」』】〕〉》’”)]}:;,.!?%％ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
# Characters a line may not end with (opening brackets).
_NO_LINE_END = set("（［｛「『【〔〈《‘“([{")


@dataclass(frozen=True, slots=True)
class Glyph:
    """One printed character with its box (pdfplumber coordinates: top grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def xp(self) -> float:
        """Where the glyph is placed horizontally: near its left end, so that a closing
        bracket or punctuation mark hung past a cell's right rule (Japanese line-end
        hanging) still counts for the cell it was set in."""
        return self.x0 + HANG_PROBE * (self.x1 - self.x0)

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class TextLine:
    """A run of glyphs on one baseline (outside tables), with its dominant font and size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


@dataclass(frozen=True)
class TableCell:
    """One ruled cell: its box (x0, top, x1, bottom) and its text."""

    bbox: tuple[float, float, float, float]
    text: str


@dataclass(frozen=True)
class PageTable:
    """A ruled table as found on one page."""

    page_number: int
    bbox: tuple[float, float, float, float]
    cells: tuple[TableCell, ...]

    def grid(self) -> Grid:
        return layout_grid(self.cells)


@dataclass(frozen=True)
class PageLayout:
    """What the document level needs from one page."""

    page_number: int
    width: float
    height: float
    tables: tuple[PageTable, ...]
    lines: tuple[TextLine, ...]
    # Single ruled boxes (framed paragraphs). Their text is also in `lines`; the document
    # level uses one only as the first row of a table broken across a page right after it.
    frames: tuple[PageTable, ...] = ()


@dataclass
class Grid:
    """Cells laid on row/column boundaries: text repeated over merged positions + spans."""

    rows: list[list[str]]
    spans: list[CellSpan] = field(default_factory=list)
    x_edges: list[float] = field(default_factory=list)
    y_edges: list[float] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Grid geometry
# --------------------------------------------------------------------------------------


def cluster_edges(values: Iterable[float], tolerance: float = EDGE_TOLERANCE) -> list[float]:
    """Sorted boundary positions: values within `tolerance` of their neighbour form one
    boundary, placed at the cluster mean."""
    ordered = sorted(values)
    clusters: list[list[float]] = []
    for v in ordered:
        if clusters and v - clusters[-1][-1] <= tolerance:
            clusters[-1].append(v)
        else:
            clusters.append([v])
    return [sum(c) / len(c) for c in clusters]


def nearest_edge(edges: Sequence[float], value: float) -> int:
    """Index of the boundary in sorted `edges` closest to `value`."""
    i = bisect.bisect_left(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1


def merge_edges(*edge_lists: Sequence[float], tolerance: float = EDGE_TOLERANCE) -> list[float]:
    """Union of several boundary sets (e.g. the column boundaries of a table's pages)."""
    return cluster_edges([e for edges in edge_lists for e in edges], tolerance)


def layout_grid(
    cells: Sequence[TableCell],
    x_edges: Sequence[float] | None = None,
    y_edges: Sequence[float] | None = None,
) -> Grid:
    """Lay ruled cells on a grid.

    Column boundaries are the clustered cell x-edges (or the given `x_edges`, e.g. the
    union over the pages of a stitched table); each cell covers the columns between its
    nearest boundaries. A cell covering more than one row or column is a merged cell: its
    text is repeated in every position it covers and its `CellSpan` is recorded. Positions
    no cell covers are empty strings.
    """
    xs = (
        list(x_edges)
        if x_edges is not None
        else cluster_edges([c.bbox[0] for c in cells] + [c.bbox[2] for c in cells])
    )
    ys = (
        list(y_edges)
        if y_edges is not None
        else cluster_edges([c.bbox[1] for c in cells] + [c.bbox[3] for c in cells])
    )
    n_rows, n_cols = max(len(ys) - 1, 0), max(len(xs) - 1, 0)
    rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    spans: list[CellSpan] = []
    for cell in cells:
        x0, top, x1, bottom = cell.bbox
        c0, c1 = nearest_edge(xs, x0), nearest_edge(xs, x1)
        r0, r1 = nearest_edge(ys, top), nearest_edge(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue  # degenerate sliver between two boundaries
        for r in range(r0, r1):
            for c in range(c0, c1):
                rows[r][c] = cell.text
        if r1 - r0 > 1 or c1 - c0 > 1:
            spans.append(CellSpan(row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0))
    spans.sort(key=lambda s: (s.row, s.col))
    return Grid(rows=rows, spans=spans, x_edges=xs, y_edges=ys)


# --------------------------------------------------------------------------------------
# Glyphs → lines → cell text
# --------------------------------------------------------------------------------------


def font_family(fontname: str) -> str:
    """Font name without the PDF subset prefix (``BAAAAA+IPAexGothic`` → ``IPAexGothic``)."""
    return fontname.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", fontname) else fontname


def is_wide(ch: str) -> bool:
    """Whether `ch` is a full-width (Japanese) character, between which no space is implied."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def group_lines(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into text lines, top to bottom, each line left to right.

    Geometric idea: glyphs are taken in order of their vertical centre; a glyph whose
    centre lies within `LINE_TOLERANCE_EM` × size of the current line's centre joins it.
    Overprinted duplicates (same text, same place) are dropped.
    """
    lines: list[list[Glyph]] = []
    centres: list[float] = []
    for g in sorted(glyphs, key=lambda g: (g.yc, g.x0)):
        if lines and abs(g.yc - centres[-1]) <= LINE_TOLERANCE_EM * max(g.size, 1.0):
            lines[-1].append(g)
            n = len(lines[-1])
            centres[-1] += (g.yc - centres[-1]) / n
        else:
            lines.append([g])
            centres.append(g.yc)
    out = []
    for line in lines:
        line.sort(key=lambda g: g.x0)
        deduped: list[Glyph] = []
        for g in line:
            if (
                deduped
                and g.text == deduped[-1].text
                and abs(g.x0 - deduped[-1].x0) < DUPLICATE_TOLERANCE
            ):
                continue
            deduped.append(g)
        out.append(deduped)
    return out


def line_text(glyphs: Sequence[Glyph]) -> str:
    """The text of one line; a gap wider than `WORD_GAP_EM` with no printed space is a space."""
    parts: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if (
            prev is not None
            and g.x0 - prev.x1 > WORD_GAP_EM * max(g.size, prev.size)
            and not g.text.isspace()
            and not prev.text.isspace()
        ):
            parts.append(" ")
        parts.append(g.text)
        prev = g
    return "".join(parts)


def _visible(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """The line without leading/trailing space glyphs."""
    start, end = 0, len(glyphs)
    while start < end and glyphs[start].text.isspace():
        start += 1
    while end > start and glyphs[end - 1].text.isspace():
        end -= 1
    return list(glyphs[start:end])


def leading_unit_width(glyphs: Sequence[Glyph]) -> float:
    """Width of the first unbreakable unit of a line: a Latin word/number up to the next
    wide character or up to and including the next space, or one wide character together
    with the characters that may not start a line after it (and the character after an
    opening bracket)."""
    if not glyphs:
        return 0.0
    first = glyphs[0]
    end = 1
    if not is_wide(first.text[:1] or " ") and first.text not in _NO_LINE_END:
        while (
            end < len(glyphs)
            and not glyphs[end].text.isspace()
            and not is_wide(glyphs[end].text[:1])
        ):
            end += 1
        if end < len(glyphs) and glyphs[end].text.isspace():
            end += 1  # renderers keep a word with the space after it (reportlab's CJK wrap)
    else:
        if first.text in _NO_LINE_END and end < len(glyphs):
            end += 1
        while end < len(glyphs) and glyphs[end].text in _NO_LINE_START:
            end += 1
    return glyphs[end - 1].x1 - first.x0


def char_class(ch: str) -> str:
    """Spacing class of a character: wide (Japanese/full-width, incl. ambiguous-width
    symbols such as ①), digit, alpha, open/close (half-width brackets), or other."""
    if not ch:
        return "other"
    if unicodedata.east_asian_width(ch) in ("W", "F", "A") and ord(ch) > 0x7F:
        return "wide"
    if ch.isdigit():
        return "digit"
    if ch.isalpha():
        return "alpha"
    if ch in "([{":
        return "open"
    if ch in ")]}":
        return "close"
    return "other"


def spacing_evidence(texts: Iterable[str], left: str, right: str) -> int:
    """How the text itself spaces a `left`-class character followed by a `right`-class one:
    (+1 per spaced occurrence, -1 per adjacent occurrence). Used where geometry cannot tell
    whether a line wrap swallowed a space (a mixed Japanese/Latin boundary)."""
    score = 0
    for text in texts:
        for i in range(len(text) - 1):
            a = char_class(text[i])
            if a != left:
                continue
            if text[i + 1] == " " and i + 2 < len(text) and char_class(text[i + 2]) == right:
                score += 1
            elif char_class(text[i + 1]) == right:
                score -= 1
    return score


def wrap_separator(prev_text: str, next_text: str, cell_texts: Sequence[str]) -> str:
    """Separator for a wrap that fell inside a run of text (the next unit did not fit).

    Between two Japanese characters nothing; between two Latin/digit characters a space
    (renderers wrap Latin text at spaces). At a mixed boundary the cell's own spacing of
    the same character classes decides; without evidence a space goes before a half-width
    opening bracket (``2025年度 (令和7年度)``) and nowhere else.
    """
    a, b = char_class(prev_text[-1]), char_class(next_text[0])
    if a == "wide" and b == "wide":
        return ""
    if a != "wide" and b != "wide":
        return " "
    score = spacing_evidence(cell_texts, a, b)
    if score > 0:
        return " "
    if score < 0:
        return ""
    return " " if b == "open" else ""


def join_cell_lines(
    lines: Sequence[Sequence[Glyph]], inner_width: float, space_width_em: float = DEFAULT_SPACE_EM
) -> str:
    """Join the lines of one cell (see the module docstring for the geometric idea).

    `inner_width` is the width available to text in the cell (cell width minus padding).
    """
    kept = [line for line in lines if _visible(line)]
    visible = [_visible(line) for line in kept]
    texts = [line_text(v) for v in visible]
    out: list[str] = []
    for i, line in enumerate(visible):
        if i == 0:
            out.append(texts[0])
            continue
        prev = visible[i - 1]
        size = max(prev[-1].size, line[0].size, 1.0)
        space = space_width_em * size
        available = inner_width - (prev[-1].x1 - prev[0].x0)
        unit = leading_unit_width(line)
        if available >= unit + space + FIT_TOLERANCE_EM * size:
            sep = "\n"  # the next unit would have fitted: the line was ended on purpose
        elif available >= unit + SPACE_FIT_MARGIN_EM * size:
            sep = " "  # it would have fitted but for a space: the wrap consumed a space
        elif kept[i - 1][-1].text.isspace() or kept[i][0].text.isspace():
            sep = " "  # the renderer printed the space it wrapped at
        else:
            sep = wrap_separator(texts[i - 1], texts[i], texts)
        out.append(sep + texts[i])
    return "".join(out)


def _glyph(ch: dict[str, Any]) -> Glyph:
    return Glyph(
        text=normalize_text(ch["text"]),
        x0=float(ch["x0"]),
        x1=float(ch["x1"]),
        top=float(ch["top"]),
        bottom=float(ch["bottom"]),
        size=float(ch.get("size") or 0.0),
        font=font_family(str(ch.get("fontname", ""))),
    )


def _dominant(values: Iterable[Any]) -> Any:
    counts: dict[Any, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts.items(), key=lambda kv: kv[1])[0]


def split_segments(line: Sequence[Glyph]) -> list[list[Glyph]]:
    """Split a page line at horizontal gaps wider than `SEGMENT_GAP_EM` (separate blocks
    that happen to share a baseline, e.g. a heading and a right-aligned unit label)."""
    segments: list[list[Glyph]] = []
    for g in line:
        if segments and g.x0 - segments[-1][-1].x1 > SEGMENT_GAP_EM * max(g.size, 1.0):
            segments.append([g])
        elif segments:
            segments[-1].append(g)
        else:
            segments.append([g])
    return segments


def text_lines(glyphs: Sequence[Glyph]) -> list[TextLine]:
    """Page text (outside tables) as `TextLine`s in reading order (top to bottom)."""
    out: list[TextLine] = []
    for line in group_lines(glyphs):
        for seg in split_segments(line):
            vis = _visible(seg)
            if not vis:
                continue
            ink = [g for g in vis if not g.text.isspace()]
            out.append(
                TextLine(
                    text=line_text(vis),
                    x0=vis[0].x0,
                    x1=vis[-1].x1,
                    top=min(g.top for g in vis),
                    bottom=max(g.bottom for g in vis),
                    size=round(_dominant(g.size for g in ink), 2),
                    font=_dominant(g.font for g in ink),
                )
            )
    out.sort(key=lambda t: (round(t.top, 0), t.x0))
    return out


# --------------------------------------------------------------------------------------
# Page analysis
# --------------------------------------------------------------------------------------


def _cell_index(
    cells: Sequence[tuple[float, float, float, float]], x: float, y: float
) -> int | None:
    for i, (x0, top, x1, bottom) in enumerate(cells):
        if x0 <= x <= x1 and top <= y <= bottom:
            return i
    return None


def _table_padding(
    cell_boxes: Sequence[tuple[float, float, float, float]],
    cell_lines: Sequence[list[list[Glyph]]],
) -> float:
    """Horizontal cell padding of a table: the gap between a cell's left edge and the start
    of its text in left-aligned cells.

    Cells of two or more lines that all start at one x are left-aligned; the smallest such
    gap is the padding. (A centred or right-aligned line can start further left than the
    padding: a line that hangs a closing bracket or punctuation into the margin, or text
    wider than its cell.) Without such a cell, the smallest gap of any line.
    """
    aligned: list[float] = []
    gaps: list[float] = []
    for box, lines in zip(cell_boxes, cell_lines, strict=True):
        starts = [line[0].x0 - box[0] for line in (_visible(ln) for ln in lines) if line]
        gaps += starts
        if len(starts) >= 2 and max(starts) - min(starts) <= ALIGN_TOLERANCE:
            aligned.append(min(starts))
    pool = aligned or gaps
    return max(min(pool), 0.0) if pool else 0.0


def _ruling_positions(edges: Iterable[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """Vertical rules as sorted (x, top, bottom) and horizontal rules as (y, x0, x1), as
    drawn (before pdfplumber snaps nearby rules of the whole page together)."""
    vertical, horizontal = [], []
    for e in edges:
        if e.get("orientation") == "v":
            vertical.append((float(e["x0"]), float(e["top"]), float(e["bottom"])))
        elif e.get("orientation") == "h":
            horizontal.append((float(e["top"]), float(e["x0"]), float(e["x1"])))
    vertical.sort()
    horizontal.sort()
    return vertical, horizontal


def _drawn_position(
    rules: Sequence[tuple[float, float, float]], value: float, across: float
) -> float:
    """Where the rule that pdfplumber snapped to `value` was drawn: the nearest rule within
    `RULE_SNAP_TOLERANCE` that crosses the coordinate `across`; `value` when none does."""
    i = bisect.bisect_left(rules, (value - RULE_SNAP_TOLERANCE,))
    best, best_d = value, RULE_SNAP_TOLERANCE + 1
    while i < len(rules) and rules[i][0] <= value + RULE_SNAP_TOLERANCE:
        pos, start, end = rules[i]
        if start - EDGE_TOLERANCE <= across <= end + EDGE_TOLERANCE and abs(pos - value) < best_d:
            best, best_d = pos, abs(pos - value)
        i += 1
    return best


def drawn_box(
    box: tuple[float, float, float, float],
    vertical: Sequence[tuple[float, float, float]],
    horizontal: Sequence[tuple[float, float, float]],
) -> tuple[float, float, float, float]:
    """A cell's box on the rules as drawn. pdfplumber snaps rules within 3 pt of each other
    on the whole page to one position, so two tables on a page whose column rules are a
    point apart would each get a cell box a fraction of a point off; the text geometry
    (padding, room left on a line) needs the cell's own rules."""
    x0, top, x1, bottom = box
    xm, ym = (x0 + x1) / 2, (top + bottom) / 2
    return (
        _drawn_position(vertical, x0, ym),
        _drawn_position(horizontal, top, xm),
        _drawn_position(vertical, x1, ym),
        _drawn_position(horizontal, bottom, xm),
    )


def space_em(glyphs: Iterable[Glyph]) -> float:
    """Width of the printed space as a fraction of the font size (the most common one)."""
    widths = [(g.x1 - g.x0) / g.size for g in glyphs if g.text == " " and g.x1 > g.x0 and g.size]
    return _dominant(round(w, 3) for w in widths) if widths else DEFAULT_SPACE_EM


def analyze_page(page: Any, table_settings: dict[str, Any] | None = None) -> PageLayout:
    """Ruled tables and outside-table text lines of one pdfplumber page."""
    finder = page.debug_tablefinder(table_settings or {})  # = find_tables(), plus the cells
    found = [t for t in finder.tables if len(t.cells) >= MIN_TABLE_CELLS]
    in_tables = {tuple(c) for t in finder.tables for c in t.cells}
    framed = [c for c in finder.cells if tuple(c) not in in_tables]
    glyphs = [_glyph(ch) for ch in page.chars if ch.get("text")]
    boxes = [tuple(float(v) for v in t.bbox) for t in found]
    per_table_cells: list[list[tuple[float, float, float, float]]] = [
        [tuple(float(v) for v in c) for c in t.cells] for t in found
    ]
    per_cell_glyphs: list[list[list[Glyph]]] = [[[] for _ in cells] for cells in per_table_cells]
    outside: list[Glyph] = []
    for g in glyphs:
        placed = False
        for ti, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= g.xp <= x1 and top <= g.yc <= bottom:
                ci = _cell_index(per_table_cells[ti], g.xp, g.yc)
                if ci is not None:
                    per_cell_glyphs[ti][ci].append(g)
                    placed = True
                break
        if not placed:
            outside.append(g)
    space = space_em(glyphs)
    vertical, horizontal = _ruling_positions(page.edges) if found else ([], [])
    tables: list[PageTable] = []
    for ti, cell_boxes in enumerate(per_table_cells):
        lines_per_cell = [group_lines(gs) for gs in per_cell_glyphs[ti]]
        drawn = [drawn_box(box, vertical, horizontal) for box in cell_boxes]
        pad = _table_padding(drawn, lines_per_cell)
        cells = tuple(
            TableCell(
                bbox=box,
                text=join_cell_lines(lines, (ruled[2] - ruled[0]) - 2 * pad, space),
            )
            for box, ruled, lines in zip(cell_boxes, drawn, lines_per_cell, strict=True)
        )
        tables.append(PageTable(page_number=page.page_number, bbox=boxes[ti], cells=cells))
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    frames = []
    for cell in framed:
        box = tuple(float(v) for v in cell)
        inside = [g for g in outside if box[0] <= g.xp <= box[2] and box[1] <= g.yc <= box[3]]
        text = join_cell_lines(group_lines(inside), box[2] - box[0], space)
        frames.append(PageTable(page.page_number, box, (TableCell(bbox=box, text=text),)))
    frames.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return PageLayout(
        page_number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        tables=tuple(tables),
        lines=tuple(text_lines(outside)),
        frames=tuple(frames),
    )
