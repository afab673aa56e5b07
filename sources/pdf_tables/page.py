"""One pdfplumber page: its tables (cells with their text) — ruled ones from pdfplumber's
lattice finder, with dotted rules added, then those without a full grid (framed, between
rules and fills, or aligned text) —, its single ruled boxes (frames) and its text lines
outside tables."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sources.pdf_tables.aligned import aligned_table, segment_lines
from sources.pdf_tables.cell_text import join_cell_lines, space_em
from sources.pdf_tables.grid import EDGE_TOLERANCE, PageTable, TableCell
from sources.pdf_tables.lines import (
    Glyph,
    TextLine,
    glyph_from_char,
    group_lines,
    most_common,
    text_lines,
    visible_glyphs,
)
from sources.pdf_tables.regions import (
    centre_in,
    crosses,
    is_chart,
    ruled_regions,
    unruled_regions,
)
from sources.pdf_tables.rules import (
    Rule,
    dotted_rules,
    drawn_horizontal_pieces,
    fill_bands,
    horizontal_rules,
    rule_edge,
)
from sources.pdf_tables.settings import DEFAULT_SETTINGS, LayoutSettings

Box = tuple[float, float, float, float]

# Lines of a left-aligned cell start within this distance (pt) of each other.
ALIGN_TOLERANCE = 0.2
# pdfplumber's default snap tolerance: rules this close (pt) are snapped to one position.
RULE_SNAP_TOLERANCE = 3.0
# A "table" of fewer cells than this is a framed paragraph, not a table.
MIN_TABLE_CELLS = 2


@dataclass(frozen=True)
class PageLayout:
    """What the document level needs from one page. `tables` holds every table found,
    ruled or not (`PageTable.layout` says how it was found), top to bottom."""

    page_number: int
    width: float
    height: float
    tables: tuple[PageTable, ...]
    lines: tuple[TextLine, ...]
    # Single ruled boxes (framed paragraphs). Their text is also in `lines`; the document
    # level uses one only as the first row of a table broken across a page right after it.
    frames: tuple[PageTable, ...] = ()


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
        starts = [line[0].x0 - box[0] for line in (visible_glyphs(ln) for ln in lines) if line]
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


def _take(glyphs: Sequence[Glyph], box: Box) -> tuple[list[Glyph], list[Glyph]]:
    """(glyphs placed inside `box`, the others)."""
    inside, rest = [], []
    for g in glyphs:
        (inside if box[0] <= g.xp <= box[2] and box[1] <= g.yc <= box[3] else rest).append(g)
    return inside, rest


def vertical_rule_centres(
    page: Any, dotted: Sequence[Rule], s: LayoutSettings
) -> list[tuple[float, float]]:
    """Centres of the page's drawn vertical rules: vertical lines, thin upright rects, the
    sides of stroked rects and dotted rules (not the sides of fills, which pdfplumber
    also reads as rules)."""
    out = [
        ((ln["x0"] + ln["x1"]) / 2, (ln["top"] + ln["bottom"]) / 2)
        for ln in page.lines
        if abs(ln["x1"] - ln["x0"]) <= s.rule_max_thickness
    ]
    out += [
        ((r["x0"] + r["x1"]) / 2, (r["top"] + r["bottom"]) / 2)
        for r in page.rects
        if r["width"] <= s.rule_max_thickness and r["height"] > 3 * r["width"]
    ]
    ym = lambda r: (r["top"] + r["bottom"]) / 2  # noqa: E731
    out += [(x, ym(r)) for r in page.rects if r.get("stroke") for x in (r["x0"], r["x1"])]
    out += [(r.pos, (r.start + r.end) / 2) for r in dotted if r.orientation == "v"]
    return out


def unruled_tables(
    page: Any,
    dotted: Sequence[Rule],
    ruled: Sequence[PageTable],
    glyphs: Sequence[Glyph],
    outside: list[Glyph],
    space: float,
    s: LayoutSettings,
    boxes: Sequence[Box] = (),
) -> tuple[list[PageTable], list[Glyph]]:
    """The page's tables without a full grid, added to the ruled ones: first those
    enclosed by horizontal rules and fills, then runs of aligned text (not reaching over
    the edge of a ruled box: text in boxes side by side is a diagram, not a table)
    (`sources.pdf_tables.regions`). Returns all tables and the glyphs still outside.

    A "ruled" table without any drawn vertical rule (a header shaded cell by cell, whose
    fills pdfplumber reads as rules) is provisional: when a region of rules or fills
    covers it, it is the header of that region's table."""
    v_rules = vertical_rule_centres(page, dotted, s)

    def fills_only(t: PageTable) -> bool:
        x0, top, x1, bottom = t.bbox
        return not any(x0 - 1 <= x <= x1 + 1 and top <= y <= bottom for x, y in v_rules)

    provisional = [t for t in ruled if t.layout == "grid" and fills_only(t)]
    kept = [t for t in ruled if t not in provisional]
    taken = [t.bbox for t in kept]

    def free(box: Box) -> bool:
        return not any(centre_in(box, b) for b in taken)

    pool = list(outside)
    for t in provisional:
        pool += _take(glyphs, t.bbox)[0]
    rules = [
        r
        for r in horizontal_rules(
            [
                *drawn_horizontal_pieces(page.lines, page.rects, s),
                *((d.pos, d.start, d.end) for d in dotted if d.orientation == "h"),
            ],
            s,
        )
        if free((r.start, r.pos, r.end, r.pos))
    ]
    bands = [b for b in fill_bands(page.rects, s) if free((b.x0, b.top, b.x1, b.bottom))]
    curves = list(page.curves)
    found: list[PageTable] = []
    regions = []
    if pool and (rules or bands):
        size = most_common(round(g.size, 1) for g in pool)
        regions = ruled_regions(rules, bands, segment_lines(pool, s), size, s)
    for region in regions:
        if is_chart(region.bbox, bands, curves, s):
            continue
        inside, rest = _take(pool, region.bbox)
        table = aligned_table(inside, region.bbox, region.separators, page.page_number, space, s)
        if table is not None:
            found.append(replace(table, layout="rules"))
            pool = rest
            provisional = [t for t in provisional if not centre_in(t.bbox, region.bbox)]
    for t in provisional:  # not the header of a table found here
        if sum(bool(c.text) for c in t.cells) * 2 >= len(t.cells):
            kept.append(t)  # shaded cells without rules: a table after all
            pool = _take(pool, t.bbox)[1]
        # else fills without text in them: bars of a chart, a decorative pattern
    for region in unruled_regions(segment_lines(pool, s), float(page.width), s):
        if is_chart(region.bbox, bands, curves, s) or any(crosses(region.bbox, b) for b in boxes):
            continue
        inside, rest = _take(pool, region.bbox)
        table = aligned_table(
            inside, region.bbox, (), page.page_number, space, s, s.unruled_min_columns
        )
        if table is not None:
            found.append(replace(table, layout="unruled"))
            pool = rest
    return kept + found, pool


def finder_settings(
    dotted: Sequence[Rule], table_settings: dict[str, Any] | None
) -> dict[str, Any]:
    """pdfplumber table settings with the page's dotted rules added as explicit lines
    (the lattice finder sees no edge in a row of dots)."""
    out = dict(table_settings or {})
    for orientation, key in (("v", "explicit_vertical_lines"), ("h", "explicit_horizontal_lines")):
        extra = [rule_edge(r) for r in dotted if r.orientation == orientation]
        if extra:
            out[key] = [*out.get(key, []), *extra]
    return out


def analyze_page(
    page: Any,
    table_settings: dict[str, Any] | None = None,
    settings: LayoutSettings = DEFAULT_SETTINGS,
) -> PageLayout:
    """Ruled tables and outside-table text lines of one pdfplumber page."""
    # Dots are squares (rects) or, from some renderers, tiny round curves.
    dotted = dotted_rules([*page.rects, *page.curves], settings)
    # = find_tables(), plus the cells
    finder = page.debug_tablefinder(finder_settings(dotted, table_settings))
    found = [t for t in finder.tables if len(t.cells) >= MIN_TABLE_CELLS]
    in_tables = {tuple(c) for t in finder.tables for c in t.cells}
    framed = [c for c in finder.cells if tuple(c) not in in_tables]
    glyphs = [glyph_from_char(ch) for ch in page.chars if ch.get("text")]
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
    vertical, horizontal = (
        _ruling_positions([*page.edges, *(rule_edge(r) for r in dotted)]) if found else ([], [])
    )
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
    frames = []
    for cell in framed:
        box = tuple(float(v) for v in cell)
        inside = [g for g in outside if box[0] <= g.xp <= box[2] and box[1] <= g.yc <= box[3]]
        table = aligned_table(inside, box, (), page.page_number, space, settings)
        if table is not None:
            tables.append(replace(table, layout="frame"))
            outside = [g for g in outside if g not in set(inside)]
            continue
        text = join_cell_lines(group_lines(inside), box[2] - box[0], space)
        frames.append(PageTable(page.page_number, box, (TableCell(bbox=box, text=text),)))
    frames.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    tables, outside = unruled_tables(
        page, dotted, tables, glyphs, outside, space, settings, [f.bbox for f in frames]
    )
    # A shaded row is a "frame" to the lattice finder; inside a table it is just a row.
    frames = [f for f in frames if not any(centre_in(f.bbox, t.bbox) for t in tables)]
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return PageLayout(
        page_number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        tables=tuple(tables),
        lines=tuple(text_lines(outside)),
        frames=tuple(frames),
    )
