"""Every tolerance of table detection beyond the ruled grid, in one validated object.

Lengths are in PDF points unless the name ends in `_em` (a fraction of the font size).
`LayoutSettings()` holds the defaults; a caller may pass another instance to
`analyze_page`. Values are checked once, when the object is made.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class LayoutSettings:
    # --- dotted rules: renderers (Chromium/Skia) draw a dotted border as tiny squares ---
    # A filled rect no larger than this on either side is a dot of a dotted rule.
    dot_max_size: float = 2.0
    # Dots of one rule are at most this far apart (gap between neighbours).
    dot_max_gap: float = 3.0
    # A dotted rule has at least this many dots.
    dot_min_count: int = 4
    # Dots whose centres differ by less than this across the rule are on one rule.
    dot_align_tolerance: float = 0.3

    # --- characters ---
    # A glyph at least this wide (em) is full-width (a minus sign narrower than this is
    # the printed minus, not a full-width hyphen-minus mapped to U+2212).
    full_width_min_em: float = 0.9

    # --- vertical (縦書き) cells: one full-width character per line ---
    # At least this many one-character lines make a vertical text.
    vertical_min_chars: int = 3
    # ... whose glyphs start within this of each other.
    vertical_align_tolerance: float = 0.5
    # ... set solid: at most this far (em) from one character to the next.
    vertical_max_gap_em: float = 0.35

    # --- rules and fills ---
    # A filled rect thinner than this is a rule (renderers draw borders as thin rects).
    rule_max_thickness: float = 2.5
    # A horizontal rule shorter than this is not a table rule.
    rule_min_length: float = 20.0
    # Rules/fills whose ends agree within this belong to one table.
    extent_tolerance: float = 3.0
    # Two rules of one table are at most this many body font sizes apart vertically.
    rule_max_gap_em: float = 30.0
    # Fill colours lighter than this (every channel, 0..1) are white paper, not shading.
    white_level: float = 0.97
    # Adjacent fills of one colour touching within this are one band.
    fill_join_tolerance: float = 1.0

    # --- columns from the text's alignment ---
    # A horizontal gap at least this wide between glyphs separates two cell texts.
    column_gap_em: float = 1.2
    # ... and between two numbers, a gap at least this wide.
    number_gap_em: float = 0.5
    # A header text crossing a column boundary through a gap this wide is two labels.
    boundary_gap_em: float = 0.5
    # A table without rules has at least this many columns and this many rows.
    min_columns: int = 2
    min_rows: int = 2
    # ... and a table without any rule or fill at least this many columns and lines.
    unruled_min_columns: int = 3
    unruled_min_lines: int = 3
    # A text segment longer than this fraction of the region width is prose, not a cell.
    prose_width_ratio: float = 0.7
    # A table region holding more fills than this that are neither rules nor row bands
    # (bars, map areas) is a chart, not a table.
    chart_max_fills: int = 2
    # Header lines: segments whose vertical centres are within this (em) are one level.
    level_tolerance_em: float = 0.5
    # Without row rules, a body line closer than this share of the usual row pitch to the
    # line above (and with text only under that line's cells) continues its cells.
    wrap_pitch_ratio: float = 0.75
    # Lines of one wrapped header label are at most this far apart (em).
    wrap_gap_em: float = 0.6
    # A group head is centred over its columns within this fraction of a column's width.
    span_centre_tolerance: float = 0.5

    # A region ending on a fill runs on over aligned lines at most this many line heights
    # below it (a row's height with its padding); one starting on a fill, likewise above.
    run_on_line_heights: float = 2.2
    # Lines of a table without rules are at most this many line heights apart.
    unruled_line_gap: float = 1.5
    # A row label printed once between two rows: those rows are at most this many body
    # row pitches apart.
    spanning_label_pitch: float = 1.3
    # Fills at one height covering this share of a region's width are a shaded row.
    row_cover_ratio: float = 0.9

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise TypeError(f"LayoutSettings.{f.name} must be a number, got {value!r}")
            if value <= 0:
                raise ValueError(f"LayoutSettings.{f.name} must be positive, got {value!r}")
        if not 0 < self.white_level <= 1:
            raise ValueError(
                f"LayoutSettings.white_level must be in (0, 1], got {self.white_level}"
            )
        if not 0 < self.row_cover_ratio <= 1:
            raise ValueError(
                f"LayoutSettings.row_cover_ratio must be in (0, 1], got {self.row_cover_ratio}"
            )
        if not 0 < self.prose_width_ratio <= 1:
            raise ValueError(
                f"LayoutSettings.prose_width_ratio must be in (0, 1], got {self.prose_width_ratio}"
            )


DEFAULT_SETTINGS = LayoutSettings()
