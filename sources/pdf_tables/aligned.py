"""Tables without a full grid of rules: columns from the text's alignment, rows from
rules, fills or baselines.

Used for a region known to hold a table (`sources.pdf_tables.regions`): a booktabs table
(horizontal rules only), a shaded header and zebra rows, an outer frame only, or no rules
at all (Word pasting from Excel). Geometric ideas, one function each:

* `split_cells`: a text line falls apart into cell texts at horizontal gaps wider than
  `column_gap_em` (a word space is far narrower).
* `column_edges`: the body's cell texts, projected on the x axis, cover a few disjoint
  intervals — the columns; boundaries lie mid-gap. (Only the body: a header label may be
  wider than its column, and a group head spans several.)
* `header_line_count`: header lines are those above the first rule or fill edge inside
  the table; without any, those above the first line that prints a number or is a
  group row (one label alone at the left edge).
* `body_rows`: when rules or fill edges separate most body lines, a row is what lies
  between two of them (a wrapped cell stays one cell); otherwise one row per line.
* `header_cells`: header *levels* are the distinct heights of the column with the most
  stacked labels; every (level, column) takes the label over that column nearest in
  height, so a label centred over two levels spans both and a group head over three
  columns spans all three — its text is repeated in every position it covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from sources.japanese_text import parse_number
from sources.pdf_tables.cell_text import is_wide, join_cell_lines
from sources.pdf_tables.grid import PageTable, TableCell
from sources.pdf_tables.lines import Glyph, group_lines, line_text, visible_glyphs
from sources.pdf_tables.settings import DEFAULT_SETTINGS, LayoutSettings

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Segment:
    """The text of one cell on one line: glyphs (spaces inside kept) and their box."""

    glyphs: tuple[Glyph, ...]

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def size(self) -> float:
        return max(g.size for g in self.glyphs)

    @property
    def text(self) -> str:
        return line_text(self.glyphs)


# Characters that end / start a printed number.
_NUMBER_END = set("0123456789.%％")
_NUMBER_START = set("0123456789△▲−-－")


def split_cells(line: Sequence[Glyph], s: LayoutSettings = DEFAULT_SETTINGS) -> list[Segment]:
    """One text line as cell texts: split where the gap between two printed glyphs is at
    least `column_gap_em` of the font size (spaces between them do not count as ink) —
    or `number_gap_em` between two numbers (a spreadsheet's narrow columns set numbers
    close together; a number has no space inside it wider than a thin one)."""
    segments: list[list[Glyph]] = []
    pending: list[Glyph] = []  # spaces after the last printed glyph
    last: Glyph | None = None
    for g in line:
        if g.text.isspace():
            pending.append(g)
            continue
        if last is not None:
            numbers = last.text in _NUMBER_END and g.text in _NUMBER_START
            gap_em = s.number_gap_em if numbers else s.column_gap_em
            split = g.x0 - last.x1 >= gap_em * max(g.size, last.size, 1.0)
        else:
            split = False
        if split or not segments:
            segments.append([g])
        else:
            segments[-1] += [*pending, g]
        pending = []
        last = g
    return [Segment(tuple(seg)) for seg in segments]


def vertical_labels(
    glyphs: Sequence[Glyph], s: LayoutSettings = DEFAULT_SETTINGS
) -> tuple[list[Glyph], list[Segment]]:
    """(the other glyphs, labels set vertically): runs of `vertical_min_chars` or more
    full-width characters stacked one per line at one x, at most `vertical_max_gap_em`
    apart, each alone on its line (no other glyph within `column_gap_em` beside it)."""
    wide = sorted((g for g in glyphs if is_wide(g.text[:1] or " ")), key=lambda g: (g.x0, g.top))
    stacks: list[list[Glyph]] = []
    for g in wide:
        if stacks and abs(g.x0 - stacks[-1][0].x0) <= s.vertical_align_tolerance:
            stacks[-1].append(g)
        else:
            stacks.append([g])
    runs: list[list[Glyph]] = []
    for stack in stacks:
        stack.sort(key=lambda g: g.top)
        run = [stack[0]]
        for g in stack[1:]:
            if g.top - run[-1].bottom <= s.vertical_max_gap_em * g.size:
                run.append(g)
            else:
                runs.append(run)
                run = [g]
        runs.append(run)

    def alone(g: Glyph, run: Sequence[Glyph]) -> bool:
        reach = s.column_gap_em * g.size
        return not any(
            o not in run
            and abs(o.yc - g.yc) < g.size / 2
            and o.x1 > g.x0 - reach
            and o.x0 < g.x1 + reach
            for o in glyphs
            if not o.text.isspace()
        )

    labels = [
        run
        for run in runs
        if sum(not g.text.isspace() for g in run) >= s.vertical_min_chars
        and all(alone(g, run) for g in run)
    ]
    taken = {id(g) for run in labels for g in run}
    return [g for g in glyphs if id(g) not in taken], [Segment(tuple(run)) for run in labels]


def segment_lines(
    glyphs: Sequence[Glyph], s: LayoutSettings = DEFAULT_SETTINGS
) -> list[list[Segment]]:
    """Text lines (top to bottom) as cell texts; lines without ink dropped."""
    out = []
    for line in group_lines(glyphs):
        segs = split_cells(visible_glyphs(line), s)
        if segs:
            out.append(segs)
    return out


def is_numeric(text: str) -> bool:
    """A printed number as `parse_number` reads it (△/▲ negatives, separators, decimals,
    %, a footnote mark after it); markers such as — are not numbers."""
    try:
        return parse_number(text).is_number
    except ValueError:
        return False


def is_prose(line: Sequence[Segment], width: float, s: LayoutSettings = DEFAULT_SETTINGS) -> bool:
    """A line of running text: one cell text nearly as wide as the region."""
    return any(seg.x1 - seg.x0 > s.prose_width_ratio * width for seg in line)


def column_edges(
    body: Sequence[Sequence[Segment]],
    x0: float,
    x1: float,
    s: LayoutSettings = DEFAULT_SETTINGS,
    labels: Sequence[Segment] = (),
) -> list[float]:
    """Column boundaries from the body's cell texts (module docstring). Lines of a single
    cell text (group rows) do not count when most lines have several, unless the text
    lies clear of every other column (as `labels` set vertically do)."""
    multi = [line for line in body if len(line) >= 2]
    use = multi if len(multi) * 2 >= len(body) else body
    boxes = [(seg.x0, seg.x1) for line in use for seg in line]
    # A lone text clear of every column found (a label printed once for several rows)
    # marks a column of its own.
    lone = [line[0] for line in body if len(line) == 1] + list(labels)
    boxes += [(t.x0, t.x1) for t in lone if all(t.x1 <= a or b <= t.x0 for a, b in boxes)]
    spans: list[list[float]] = []
    for a, b in sorted(boxes):
        if spans and a < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    inner = [(spans[i][1] + spans[i + 1][0]) / 2 for i in range(len(spans) - 1)]
    return [min(x0, spans[0][0]) if spans else x0, *inner, max(x1, spans[-1][1] if spans else x1)]


def is_value(text: str) -> bool:
    """A printed data value: a number, but not a bare year (``2020`` heads a column)."""
    if not is_numeric(text):
        return False
    digits = text.replace(" ", "")
    return not (len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100)


def header_line_count(
    lines: Sequence[Sequence[Segment]], separators: Sequence[float], max_levels: int = 3
) -> int:
    """Header lines at the top (module docstring), at most `max_levels` when read from
    the numbers; none when the first line already prints values (the part of a table
    continued from the previous page)."""
    first_data = next(
        (i for i, line in enumerate(lines) if any(is_value(seg.text) for seg in line[1:])),
        len(lines),
    )
    first_top, last_bottom = min(s.top for s in lines[0]), max(s.bottom for s in lines[-1])
    inner = sorted(y for y in separators if first_top < y < last_bottom)
    if inner:
        above = sum(1 for line in lines if line[0].yc < inner[0])
        if 1 <= above < len(lines):
            return min(above, first_data)
    left = min(line[0].x0 for line in lines)
    for i, line in enumerate(lines):
        if i == first_data:
            return min(i, max_levels)
        if i and len(line) == 1 and line[0].x0 - left <= line[0].size:
            return i  # a group row (a label alone at the left) opens the body
    return 1


def line_span(line: Sequence[Segment]) -> tuple[float, float]:
    """(top, bottom) of a line's own text: a label shared with a neighbouring line
    (`attach_spanning_labels`) sits off the line's height and does not count."""
    ycs = sorted(seg.yc for seg in line)
    mid = ycs[len(ycs) // 2]
    own = [seg for seg in line if abs(seg.yc - mid) <= seg.size / 2] or list(line)
    return min(seg.top for seg in own), max(seg.bottom for seg in own)


def body_rows(
    body: Sequence[Sequence[Segment]],
    separators: Sequence[float],
    xs: Sequence[float] = (),
    s: LayoutSettings = DEFAULT_SETTINGS,
) -> list[list[Sequence[Segment]]]:
    """Body lines grouped into rows (module docstring). Without rules between the rows, a
    line closer to the one above than `wrap_pitch_ratio` of the usual row pitch, with text
    only in columns where that line has text too, continues its cells (a wrapped cell)."""
    if not body:
        return []
    between = [
        any(line_span(a)[1] - 1 <= y <= line_span(b)[0] + 1 for y in separators)
        for a, b in pairwise(body)
    ]
    ruled = sum(between) * 2 >= len(between) and any(between)
    steps = sorted(_yc(b) - _yc(a) for a, b in pairwise(body))
    pitch = steps[len(steps) // 2] if steps else 0.0

    def wraps(prev: Sequence[Segment], line: Sequence[Segment]) -> bool:
        if not xs or _yc(line) - _yc(prev) >= s.wrap_pitch_ratio * pitch:
            return False
        taken = {_column_of(seg, xs) for seg in prev}
        return all(_column_of(seg, xs) in taken for seg in line)

    rows: list[list[Sequence[Segment]]] = [[body[0]]]
    for prev, line, cut in zip(body, body[1:], between, strict=False):
        if ruled:
            if cut:
                rows.append([line])
            else:
                rows[-1].append(line)
        elif wraps(prev, line):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _column_of(seg: Segment, xs: Sequence[float]) -> int:
    """The column a cell text belongs to: the one holding its centre, or its start when it
    reaches over a boundary (a group row's label wider than its column)."""
    n = len(xs) - 1
    x = (seg.x0 + seg.x1) / 2
    over = sum(1 for e in xs[1:-1] if seg.x0 < e < seg.x1)
    if over:
        x = seg.x0 + 1.0
    for c in range(n):
        if x < xs[c + 1]:
            return c
    return n - 1


def _yc(line: Sequence[Segment]) -> float:
    return sum(seg.yc for seg in line) / len(line)


def attach_spanning_labels(
    body: Sequence[Sequence[Segment]], xs: Sequence[float], s: LayoutSettings = DEFAULT_SETTINGS
) -> list[list[Segment]]:
    """Body lines with a row label printed once, centred between two rows that have no
    label of their own, given to both rows (its text repeated, as a spanning cell's).

    Geometric idea: such a label sits on a line of its own half a row pitch from each
    neighbour — a group row is a full pitch from both."""
    out = [list(line) for line in body]
    steps = sorted(
        _yc(b) - _yc(a)
        for a, b in pairwise(body)
        if len(a) >= 2 and len(b) >= 2 and _yc(b) > _yc(a)
    )
    if not steps:
        return out
    pitch = steps[len(steps) // 2]
    drop: set[int] = set()
    for i in range(1, len(body) - 1):
        line, prev, nxt = body[i], body[i - 1], body[i + 1]
        if len(line) != 1 or _column_of(line[0], xs) != 0 or len(prev) < 2 or len(nxt) < 2:
            continue
        if any(_column_of(seg, xs) == 0 for seg in (*prev, *nxt)):
            continue
        y, yp, yn = line[0].yc, _yc(prev), _yc(nxt)
        if yp < y < yn and yn - yp <= s.spanning_label_pitch * pitch:
            out[i - 1].insert(0, line[0])
            out[i + 1].insert(0, line[0])
            drop.add(i)
    return [line for i, line in enumerate(out) if i not in drop]


def _overlap(seg: Segment, a: float, b: float) -> float:
    return min(seg.x1, b) - max(seg.x0, a)


def spanned_columns(
    seg: Segment,
    segs: Sequence[Segment],
    over: Sequence[Sequence[Segment]],
    xs: Sequence[float],
    tol: float,
    s: LayoutSettings = DEFAULT_SETTINGS,
) -> range:
    """The columns a header label spans: a group head is centred over its columns, so of
    the runs of columns around those it overlaps, the one whose centre is nearest its
    centre (and within `span_centre_tolerance` of a column width) — taking in only
    columns without a label of their own at its height and with one below it."""
    n = len(xs) - 1
    hit = [c for c in range(n) if seg in over[c]]
    if not hit:
        return range(0)
    a, b = hit[0], hit[-1]
    xc = (seg.x0 + seg.x1) / 2
    slack = s.span_centre_tolerance * (xs[-1] - xs[0]) / n

    def free(c: int) -> bool:
        same = any(abs(o.yc - seg.yc) <= tol for o in over[c] if o is not seg)
        below = any(o.yc > seg.yc + tol for o in over[c])
        return not same and below

    def off(lo: int, hi: int) -> float:
        return abs((xs[lo] + xs[hi + 1]) / 2 - xc)

    best = (off(a, b), 0, a, b)
    for lo in range(a, -1, -1):
        if lo < a and not free(lo):
            break
        for hi in range(b, n):
            if hi > b and not free(hi):
                break
            best = min(best, (off(lo, hi), hi - lo, lo, hi))
    if best[0] > slack:
        return range(a, b + 1)
    return range(best[2], best[3] + 1)


def split_at_columns(
    seg: Segment, xs: Sequence[float], s: LayoutSettings = DEFAULT_SETTINGS
) -> list[Segment]:
    """A header text split where a column boundary (found from the body) passes through a
    gap of at least `boundary_gap_em` between its glyphs: two labels set close together."""
    inner = xs[1:-1]
    parts: list[list[Glyph]] = [[]]
    last: Glyph | None = None
    for g in seg.glyphs:
        if g.text.isspace():
            parts[-1].append(g)
            continue
        if (
            last is not None
            and g.x0 - last.x1 >= s.boundary_gap_em * max(g.size, last.size, 1.0)
            and any(last.x1 <= x <= g.x0 for x in inner)
        ):
            parts.append([])
        parts[-1].append(g)
        last = g
    out = []
    for part in parts:
        ink = [g for g in part if not g.text.isspace()]
        if ink:
            out.append(Segment(tuple(part[part.index(ink[0]) : part.index(ink[-1]) + 1])))
    return out


def merge_wrapped(
    header: Sequence[Sequence[Segment]], s: LayoutSettings = DEFAULT_SETTINGS
) -> list[Segment]:
    """Header labels, a label wrapped over several lines made one: two texts on
    neighbouring lines (at most `wrap_gap_em` apart) that overlap each other by half the
    narrower one, and nothing else — a group head has several labels under it."""
    segs = [seg for line in header for seg in line]

    def touching(a: Segment, b: Segment) -> bool:
        gap = b.top - a.bottom
        narrow = min(a.x1 - a.x0, b.x1 - b.x0)
        return -1.0 <= gap <= s.wrap_gap_em * max(a.size, b.size) and (
            min(a.x1, b.x1) - max(a.x0, b.x0) >= 0.5 * narrow
        )

    def near(a: Segment, b: Segment) -> bool:
        gap = b.top - a.bottom
        return -1.0 <= gap <= s.wrap_gap_em * max(a.size, b.size) and _overlap(a, b.x0, b.x1) > 0

    merged: list[Segment] = []
    used: set[int] = set()
    for i, a in enumerate(segs):
        if i in used:
            continue
        stack = a
        while True:
            below = [j for j, b in enumerate(segs) if j not in used and j != i and near(stack, b)]
            if len(below) != 1 or not touching(stack, segs[below[0]]):
                break
            b = segs[below[0]]
            if sum(1 for o in segs if o is not b and near(o, b)) != 1:
                break
            used.add(below[0])
            stack = Segment(stack.glyphs + b.glyphs)
        merged.append(stack)
    return merged


def header_cells(
    header: Sequence[Sequence[Segment]], xs: Sequence[float], s: LayoutSettings = DEFAULT_SETTINGS
) -> tuple[list[float], list[list[Segment | None]]]:
    """(level heights, label per level and column) of the header (module docstring)."""
    n = len(xs) - 1
    segs = merge_wrapped(
        [[p for seg in line for p in split_at_columns(seg, xs, s)] for line in header], s
    )
    over: list[list[Segment]] = [
        [seg for seg in segs if _overlap(seg, xs[c], xs[c + 1]) >= 1.0] for c in range(n)
    ]
    tol = s.level_tolerance_em * max((seg.size for seg in segs), default=1.0)
    for seg in segs:
        for c in spanned_columns(seg, segs, over, xs, tol, s):
            if seg not in over[c]:
                over[c].append(seg)

    def heights(column: Sequence[Segment]) -> list[float]:
        out: list[float] = []
        for y in sorted(seg.yc for seg in column):
            if not out or y - out[-1] > tol:
                out.append(y)
        return out

    levels = max((heights(col) for col in over), key=len, default=[])
    grid: list[list[Segment | None]] = []
    for y in levels:
        row: list[Segment | None] = []
        for c in range(n):
            cands = over[c]
            if not cands:
                row.append(None)
                continue
            best = min(
                cands,
                key=lambda seg, c=c: (
                    round(abs(seg.yc - y) / tol),
                    -_overlap(seg, xs[c], xs[c + 1]),
                ),
            )
            row.append(best)
        grid.append(row)
    return levels, grid


def _cell_text(lines: Sequence[Sequence[Segment]], width: float, space: float) -> str:
    glyph_lines = [[g for seg in line for g in seg.glyphs] for line in lines]
    return join_cell_lines([gl for gl in glyph_lines if gl], width, space)


def aligned_table(
    glyphs: Sequence[Glyph],
    region: Box,
    separators: Sequence[float],
    page_number: int,
    space: float,
    s: LayoutSettings = DEFAULT_SETTINGS,
    min_columns: int | None = None,
) -> PageTable | None:
    """The table in `region` read from its text's alignment, or None when the text does
    not form one (fewer than `min_columns` columns, fewer than `min_rows` lines of
    several texts, or prose)."""
    x0, top, x1, bottom = region
    glyphs, verticals = vertical_labels(glyphs, s)
    lines = segment_lines(glyphs, s)
    if len(lines) < s.min_rows:
        return None
    width = x1 - x0
    if sum(is_prose(line, width, s) for line in lines) * 2 >= len(lines):
        return None
    if sum(len(line) >= 2 for line in lines) < s.min_rows:
        return None  # one line of several texts (a title band, a caption with a date)
    n_head = header_line_count(lines, separators)
    header, body = lines[:n_head], lines[n_head:]
    body_top = min(seg.top for seg in body[0]) if body else bottom
    head_verticals = [v for v in verticals if v.bottom <= body_top]
    verticals = [v for v in verticals if v.bottom > body_top]
    if head_verticals:
        header = [*header, head_verticals]
    xs = column_edges(body, x0, x1, s, verticals)
    n = len(xs) - 1
    if n < (min_columns or s.min_columns) or not body:
        return None
    body = attach_spanning_labels(body, xs, s)
    rows = body_rows(body, separators, xs, s)
    # Row boundaries: mid-way between the ink of neighbouring rows.
    levels, labels = header_cells(header, xs, s) if header else ([], [])
    ys_head = [top] + [(a + b) / 2 for a, b in pairwise(levels)]
    if header:  # the header ends mid-way between its last line and the body
        head_bottom = max(seg.bottom for line in header for seg in line)
        ys_head.append((head_bottom + min(seg.top for seg in rows[0][0])) / 2)
    ys_body = [ys_head[-1]]
    for a, b in pairwise(rows):
        ys_body.append((line_span(a[-1])[1] + line_span(b[0])[0]) / 2)
    ys_body.append(max(bottom, line_span(rows[-1][-1])[1]))
    cells: list[TableCell] = []
    # Header: one cell per label, over the block of positions it takes.
    placed: dict[int, list[tuple[int, int]]] = {}
    by_id: dict[int, Segment] = {}
    for r, row in enumerate(labels):
        for c, seg in enumerate(row):
            if seg is not None:
                placed.setdefault(id(seg), []).append((r, c))
                by_id[id(seg)] = seg
    for key, positions in placed.items():
        r0, r1 = min(p[0] for p in positions), max(p[0] for p in positions)
        c0, c1 = min(p[1] for p in positions), max(p[1] for p in positions)
        seg = by_id[key]
        text = join_cell_lines(group_lines(seg.glyphs), seg.x1 - seg.x0, space)
        if len(positions) == (r1 - r0 + 1) * (c1 - c0 + 1):
            blocks = [(r0, c0, r1, c1)]
        else:
            blocks = [(r, c, r, c) for r, c in positions]
        for ra, ca, rb, cb in blocks:
            cells.append(TableCell((xs[ca], ys_head[ra], xs[cb + 1], ys_head[rb + 1]), text))
    # A label set vertically: one cell over the rows it stands beside.
    spanned: set[tuple[int, int]] = set()
    for v in verticals:
        c = _column_of(v, xs)
        beside = [
            r
            for r in range(len(rows))
            if v.top <= (ys_body[r] + ys_body[r + 1]) / 2 <= v.bottom and (r, c) not in spanned
        ]
        if beside:
            r0, r1 = beside[0], beside[-1]
            text = join_cell_lines([[g] for g in v.glyphs], xs[c + 1] - xs[c], space)
            cells.append(TableCell((xs[c], ys_body[r0], xs[c + 1], ys_body[r1 + 1]), text))
            spanned.update((r, c) for r in range(r0, r1 + 1))
    # Body: every position one cell (empty ones too, so the grid keeps its shape).
    widths = [0.0] * n
    for line in body:
        for seg in line:
            c = _column_of(seg, xs)
            widths[c] = max(widths[c], seg.x1 - seg.x0)
    for r, row_lines in enumerate(rows):
        per_col: list[list[list[Segment]]] = [[] for _ in range(n)]
        for line in row_lines:
            split: list[list[Segment]] = [[] for _ in range(n)]
            for seg in line:
                split[_column_of(seg, xs)].append(seg)
            for c in range(n):
                if split[c]:
                    per_col[c].append(split[c])
        for c in range(n):
            if (r, c) in spanned:
                continue
            text = _cell_text(per_col[c], widths[c], space)
            cells.append(TableCell((xs[c], ys_body[r], xs[c + 1], ys_body[r + 1]), text))
    bbox = (xs[0], top, xs[-1], ys_body[-1])
    return PageTable(page_number=page_number, bbox=bbox, cells=tuple(cells))
