"""One typeset page per table layout: the page analysis reads back the grid that was set.

Each test draws a table with reportlab in one layout (horizontal rules only, dotted inner
rules drawn as tiny squares, no rules, shaded zebra rows, outer frame only, a vertical
label cell, a chart above its data table) and compares `analyze_page`'s grid with the
grid derived from what was typeset: header labels repeated over every position they
span, body rows as given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from sources.pdf_tables.lines import glyph_text
from sources.pdf_tables.page import PageLayout, analyze_page
from sources.pdf_tables.settings import LayoutSettings

FONT = "HeiseiMin-W3"
SIZE = 9.0
PAD = 4.0
PAGE_H = A4[1]

# A 2-level header: (text, first row, first col, last row, last col).
HEADER_2 = [
    ("市町名", 0, 0, 1, 0),
    ("年少人口", 0, 1, 0, 2),
    ("老年人口", 0, 3, 0, 4),
    ("2020年", 1, 1, 1, 1),
    ("2050年", 1, 2, 1, 2),
    ("2020年", 1, 3, 1, 3),
    ("2050年", 1, 4, 1, 4),
]
BODY_5 = [
    ["北山市", "60,790", "42,635", "133,580", "140,196"],
    ["南川町", "10,447", "5,197", "32,282", "25,647"],
    ["東野村", "707", "247", "4,059", "2,114"],
    ["圏域計", "71,944", "48,079", "169,921", "167,957"],
]
COLS_5 = [60.0, 150.0, 230.0, 310.0, 390.0, 470.0]
HEADER_1 = [("区分", 0, 0, 0, 0), ("出生数", 0, 1, 0, 1), ("死亡数", 0, 2, 0, 2)]
HEADER_1 += [("自然増減", 0, 3, 0, 3)]
BODY_4 = [
    ["北山市", "3,218", "5,775", "▲2,557"],
    ["南川町", "395", "1,520", "▲1,125"],
    ["東野村", "126", "637", "▲511"],
    ["西浜町", "61", "310", "△249"],
    ["圏域計", "3,800", "8,242", "▲4,442"],
]
COLS_4 = [60.0, 180.0, 280.0, 380.0, 480.0]


@pytest.fixture(scope="module", autouse=True)
def _fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True)
class Typeset:
    """Where a table was set: column boundaries and row boundaries (top-down, points)."""

    xs: Sequence[float]
    ys: Sequence[float]
    n_header: int


def expected(header: Sequence[tuple[str, int, int, int, int]], n_header: int, body) -> list:
    """The logical grid of what was typeset: a spanning label in every position it covers."""
    n_cols = len(body[0])
    rows = [["" for _ in range(n_cols)] for _ in range(n_header)]
    for text, r0, c0, r1, c1 in header:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                rows[r][c] = text
    return rows + [list(r) for r in body]


def _text(c: Canvas, text: str, x0: float, x1: float, top: float, bottom: float, how: str):
    y = PAGE_H - (top + bottom) / 2 - SIZE * 0.35
    c.setFont(FONT, SIZE)
    if how == "left":
        c.drawString(x0 + PAD, y, text)
    elif how == "right":
        c.drawRightString(x1 - PAD, y, text)
    else:
        c.drawCentredString((x0 + x1) / 2, y, text)


def typeset(
    c: Canvas,
    header: Sequence[tuple[str, int, int, int, int]],
    n_header: int,
    body: Sequence[Sequence[str]],
    xs: Sequence[float],
    top: float,
    row_h: float = 18.0,
) -> Typeset:
    """Header labels centred over their span, body labels left, numbers right."""
    n_rows = n_header + len(body)
    ys = [top + i * row_h for i in range(n_rows + 1)]
    c.setFillColorRGB(0, 0, 0)
    for text, r0, c0, r1, c1 in header:
        _text(c, text, xs[c0], xs[c1 + 1], ys[r0], ys[r1 + 1], "centre")
    for i, row in enumerate(body):
        r = n_header + i
        for j, cell in enumerate(row):
            _text(c, cell, xs[j], xs[j + 1], ys[r], ys[r + 1], "left" if j == 0 else "right")
    return Typeset(xs, ys, n_header)


def hline(c: Canvas, x0: float, x1: float, y: float, width: float = 0.5) -> None:
    c.setLineWidth(width)
    c.line(x0, PAGE_H - y, x1, PAGE_H - y)


def vline(c: Canvas, x: float, top: float, bottom: float, width: float = 0.5) -> None:
    c.setLineWidth(width)
    c.line(x, PAGE_H - top, x, PAGE_H - bottom)


def fill(c: Canvas, x0: float, top: float, x1: float, bottom: float, grey: float) -> None:
    c.setFillColorRGB(grey, grey, grey)
    c.rect(x0, PAGE_H - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)


def prose(c: Canvas, lines: Sequence[str], top: float) -> None:
    c.setFont(FONT, 10)
    for i, line in enumerate(lines):
        c.drawString(60, PAGE_H - top - 10 - i * 16, line)


def render(tmp_path: Path, draw: Callable[[Canvas], None], **settings) -> PageLayout:
    path = tmp_path / "layout.pdf"
    c = Canvas(str(path), pagesize=A4)
    draw(c)
    c.save()
    with pdfplumber.open(path) as pdf:
        if settings:
            return analyze_page(pdf.pages[0], settings=LayoutSettings(**settings))
        return analyze_page(pdf.pages[0])


def only_grid(layout: PageLayout) -> list[list[str]]:
    assert len(layout.tables) == 1, [t.grid().rows for t in layout.tables]
    return layout.tables[0].grid().rows


PROSE = [
    "圏域の人口は減少を続け、年少人口と生産年齢人口の減少が特に大きくなる見込みです。",
    "一方で老年人口は中心市を除いて減少に転じる見込みです（表を参照）。",
]


def test_horizontal_rules_only_with_two_level_header(tmp_path: Path) -> None:
    # Booktabs: a rule on top, partial rules under the group heads, a rule under the
    # header and one at the bottom; no vertical rule anywhere.
    def draw(c: Canvas) -> None:
        prose(c, PROSE, 60)
        t = typeset(c, HEADER_2, 2, BODY_5, COLS_5, top=120)
        hline(c, t.xs[0], t.xs[-1], t.ys[0], 1.0)
        hline(c, t.xs[1] + 4, t.xs[3] - 4, t.ys[1])
        hline(c, t.xs[3] + 4, t.xs[5] - 4, t.ys[1])
        hline(c, t.xs[0], t.xs[-1], t.ys[2])
        hline(c, t.xs[0], t.xs[-1], t.ys[-1], 1.0)
        prose(c, ["資料：架空の統計"], t.ys[-1] + 4)

    layout = render(tmp_path, draw)
    assert only_grid(layout) == expected(HEADER_2, 2, BODY_5)
    assert layout.tables[0].layout == "rules"
    texts = [ln.text for ln in layout.lines]
    assert any(t.startswith("圏域の人口は減少") for t in texts)  # prose stays text
    assert any(t.startswith("資料") for t in texts)


def test_thick_frame_with_dotted_inner_rules_drawn_as_squares(tmp_path: Path) -> None:
    # Chromium/Skia prints a dotted border as 0.7 pt squares, one every 1.4 pt.
    def dots_h(c: Canvas, x0: float, x1: float, y: float) -> None:
        x = x0
        while x < x1 - 0.7:
            c.rect(x, PAGE_H - y - 0.35, 0.7, 0.7, stroke=0, fill=1)
            x += 1.4

    def dots_v(c: Canvas, x: float, top: float, bottom: float) -> None:
        y = top
        while y < bottom - 0.7:
            c.rect(x - 0.35, PAGE_H - y - 0.7, 0.7, 0.7, stroke=0, fill=1)
            y += 1.4

    def draw(c: Canvas) -> None:
        t = typeset(c, HEADER_1, 1, BODY_4, COLS_4, top=100)
        c.setFillColorRGB(0.4, 0.4, 0.4)
        for y in t.ys[1:-1]:
            dots_h(c, t.xs[0], t.xs[-1], y)
        for x in t.xs[1:-1]:
            dots_v(c, x, t.ys[0], t.ys[-1])
        c.setFillColorRGB(0, 0, 0)
        c.setLineWidth(1.5)
        c.rect(t.xs[0], PAGE_H - t.ys[-1], t.xs[-1] - t.xs[0], t.ys[-1] - t.ys[0])

    layout = render(tmp_path, draw)
    assert only_grid(layout) == expected(HEADER_1, 1, BODY_4)
    assert layout.tables[0].layout == "grid"  # the dots became rules of a full grid


def test_no_rules_columns_from_whitespace(tmp_path: Path) -> None:
    # As Word pastes from Excel: no rule, no fill; a caption above, a note below.
    def draw(c: Canvas) -> None:
        prose(c, PROSE, 60)
        c.setFont(FONT, 10)
        c.drawCentredString(270, PAGE_H - 118, "表1 自然動態")
        typeset(c, HEADER_1, 1, BODY_4, COLS_4, top=126)
        prose(c, ["資料：架空の統計　注：▲は減少を示す。"], 126 + 6 * 18 + 4)

    layout = render(tmp_path, draw)
    assert only_grid(layout) == expected(HEADER_1, 1, BODY_4)
    assert layout.tables[0].layout == "unruled"
    texts = [ln.text for ln in layout.lines]
    assert "表1 自然動態" in texts
    assert any(t.startswith("資料") for t in texts)


def test_shaded_header_and_zebra_rows_without_rules(tmp_path: Path) -> None:
    # The header shaded cell by cell, every other body row shaded, the last row not.
    def draw(c: Canvas) -> None:
        xs, top, row_h = COLS_5, 100.0, 18.0
        for r in range(2):
            for j in range(5):
                fill(c, xs[j], top + r * row_h, xs[j + 1], top + (r + 1) * row_h, 0.85)
        for i in range(len(BODY_5)):
            if i % 2 == 0:
                y = top + (2 + i) * row_h
                fill(c, xs[0], y, xs[-1], y + row_h, 0.93)
        typeset(c, HEADER_2, 2, BODY_5, xs, top=top, row_h=row_h)

    layout = render(tmp_path, draw)
    assert only_grid(layout) == expected(HEADER_2, 2, BODY_5)


def test_outer_frame_only_and_a_framed_callout_is_not_a_table(tmp_path: Path) -> None:
    def draw(c: Canvas) -> None:
        t = typeset(c, HEADER_1, 1, BODY_4, COLS_4, top=100)
        c.setLineWidth(1.0)
        c.rect(t.xs[0], PAGE_H - t.ys[-1], t.xs[-1] - t.xs[0], t.ys[-1] - t.ys[0])
        # A callout box of prose under it.
        c.rect(60, PAGE_H - 330, 420, 60)
        c.setFont(FONT, 10)
        c.drawString(68, PAGE_H - 286, "【課題】人口減少が続く中で、圏域全体の活力を維持するため、")
        c.drawString(68, PAGE_H - 302, "連携市町が一体となった取組が求められています。")

    layout = render(tmp_path, draw)
    assert only_grid(layout) == expected(HEADER_1, 1, BODY_4)
    assert layout.tables[0].layout == "frame"
    assert any(f.cells[0].text.startswith("【課題】") for f in layout.frames)


def test_vertical_label_cell_spanning_rows(tmp_path: Path) -> None:
    # A full grid whose first column holds a 縦書き label over four rows: one character
    # per line, an ideographic space on its own line.
    label = "ア\u3000経済"
    body = [["事業A", "●", "120"], ["事業B", "", "80"], ["事業C", "●", "45"], ["事業D", "●", "3"]]
    xs, top, row_h = [60.0, 120.0, 300.0, 380.0, 460.0], 100.0, 20.0

    def draw(c: Canvas) -> None:
        ys = [top + i * row_h for i in range(6)]
        for j, text in enumerate(["区分", "事業", "参加", "事業費"]):
            _text(c, text, xs[j], xs[j + 1], ys[0], ys[1], "centre")
        c.setFont(FONT, SIZE)
        for k, ch in enumerate(label):
            c.drawCentredString(90, PAGE_H - (ys[1] + 22 + k * (SIZE + 1)), ch)
        for i, row in enumerate(body):
            for j, cell in enumerate(row):
                _text(c, cell, xs[j + 1], xs[j + 2], ys[i + 1], ys[i + 2], "left")
        for y in ys:
            hline(c, xs[0] if y in (ys[0], ys[1], ys[-1]) else xs[1], xs[-1], y)
        for x in xs:
            vline(c, x, ys[0], ys[-1])

    layout = render(tmp_path, draw)
    want = [["区分", "事業", "参加", "事業費"]] + [[label, *row] for row in body]
    assert only_grid(layout) == want


def test_chart_is_not_a_table_but_its_data_table_is(tmp_path: Path) -> None:
    # A bar chart (filled bars, value labels, axis labels, horizontal grid lines) above
    # its data table (a full grid).
    years = ["2020年", "2030年", "2040年", "2050年"]
    values = [82.8, 75.0, 67.9, 61.0]
    header = [("区分", 0, 0, 0, 0)] + [(y, 0, i + 1, 0, i + 1) for i, y in enumerate(years)]
    body = [["総人口", "828,175", "749,851", "679,297", "610,226"]]

    def draw(c: Canvas) -> None:
        base, scale = 300.0, 2.0
        c.setFont(FONT, 8)
        for k in range(0, 100, 20):
            hline(c, 100, 480, base - k * scale, 0.3)
            c.drawRightString(95, PAGE_H - (base - k * scale) - 3, str(k))
        for i, (year, v) in enumerate(zip(years, values, strict=True)):
            x = 130 + i * 90
            fill(c, x, base - v * scale * 0.6, x + 40, base, 0.3)
            fill(c, x, base - v * scale, x + 40, base - v * scale * 0.6, 0.6)
            c.setFont(FONT, 8)
            c.drawCentredString(x + 20, PAGE_H - (base - v * scale) + 3, f"{v}")
            c.drawCentredString(x + 20, PAGE_H - base - 12, year)
        t = typeset(c, header, 1, body, COLS_5, top=340)
        for y in t.ys:
            hline(c, t.xs[0], t.xs[-1], y)
        for x in t.xs:
            vline(c, x, t.ys[0], t.ys[-1])

    layout = render(tmp_path, draw)
    assert only_grid(layout) == expected(header, 1, body)


def test_three_level_header_with_rules_only(tmp_path: Path) -> None:
    header = [
        ("区分", 0, 0, 2, 0),
        ("年少人口", 0, 1, 0, 4),
        ("2020年", 1, 1, 1, 2),
        ("2050年", 1, 3, 1, 4),
        ("人数", 2, 1, 2, 1),
        ("構成比", 2, 2, 2, 2),
        ("人数", 2, 3, 2, 3),
        ("構成比", 2, 4, 2, 4),
    ]
    body = [
        ["北山市", "60,790", "13.2%", "42,635", "10.4%"],
        ["南川町", "10,447", "11.5%", "5,197", "8.5%"],
        ["圏域計", "71,237", "12.9%", "47,832", "10.2%"],
    ]

    def draw(c: Canvas) -> None:
        t = typeset(c, header, 3, body, COLS_5, top=100)
        hline(c, t.xs[0], t.xs[-1], t.ys[0], 1.0)
        hline(c, t.xs[1] + 4, t.xs[5] - 4, t.ys[1])
        hline(c, t.xs[1] + 4, t.xs[3] - 4, t.ys[2])
        hline(c, t.xs[3] + 4, t.xs[5] - 4, t.ys[2])
        hline(c, t.xs[0], t.xs[-1], t.ys[3])
        hline(c, t.xs[0], t.xs[-1], t.ys[-1], 1.0)

    assert only_grid(render(tmp_path, draw)) == expected(header, 3, body)


def test_header_label_wrapped_over_two_lines_is_one_cell(tmp_path: Path) -> None:
    # One header row, shaded, between rules; one label wrapped in its narrow column while
    # the others sit centred between its two lines.
    xs = [60.0, 150.0, 230.0, 300.0, 380.0]
    body = [["北山市", "1,074", "233.0", "353"], ["南川町", "208", "229.6", "67"]]

    def draw(c: Canvas) -> None:
        top, bottom = 100.0, 126.0
        fill(c, xs[0], top, xs[-1], bottom, 0.88)
        for j, text in enumerate(["市町名", "医師数", None, "歯科医師数"]):
            if text:
                _text(c, text, xs[j], xs[j + 1], top, bottom, "centre")
        c.setFont(FONT, SIZE)
        c.drawCentredString(265, PAGE_H - 111, "人口10万人当")
        c.drawCentredString(265, PAGE_H - 122, "たり医師数")
        t = typeset(c, [], 0, body, xs, top=bottom)
        hline(c, xs[0], xs[-1], top, 1.0)
        hline(c, xs[0], xs[-1], bottom)
        hline(c, xs[0], xs[-1], t.ys[-1], 1.0)

    want = [["市町名", "医師数", "人口10万人当たり医師数", "歯科医師数"], *body]
    assert only_grid(render(tmp_path, draw)) == want


def test_group_rows_in_a_table_without_rules(tmp_path: Path) -> None:
    # A label row with empty value cells opens each group (as Word pastes from Excel).
    body = [
        ["A県", "", "", ""],
        ["北山市", "3,218", "5,775", "▲2,557"],
        ["南川町", "395", "1,520", "▲1,125"],
        ["B県", "", "", ""],
        ["東野村", "126", "637", "▲511"],
        ["西浜町", "61", "310", "▲249"],
    ]

    def draw(c: Canvas) -> None:
        prose(c, PROSE, 60)
        typeset(c, HEADER_1, 1, body, COLS_4, top=120)

    layout = render(tmp_path, draw)
    assert only_grid(layout) == expected(HEADER_1, 1, body)


def test_row_label_centred_over_two_rows_with_rules_only(tmp_path: Path) -> None:
    # 「総数」 printed once, centred over its two rows (事業所数 / 従業者数); rules under
    # every row as a booktabs table with row rules.
    xs = [60.0, 160.0, 240.0, 320.0, 400.0]
    header = [("産業", 0, 0, 0, 0), ("区分", 0, 1, 0, 1), ("北山市", 0, 2, 0, 2)]
    header += [("南川町", 0, 3, 0, 3)]
    body = [
        ["総数", "事業所数", "20,353", "4,126"],
        ["総数", "従業者数", "213,285", "38,820"],
        ["建設業", "事業所数", "1,862", "402"],
        ["建設業", "従業者数", "14,117", "2,936"],
    ]
    row_h = 18.0

    def draw(c: Canvas) -> None:
        top = 100.0
        ys = [top + i * row_h for i in range(6)]
        for text, _, c0, _, _ in header:
            _text(c, text, xs[c0], xs[c0 + 1], ys[0], ys[1], "centre")
        for i, row in enumerate(body):
            r = i + 1
            if i % 2 == 0:  # the label once, centred over its two rows
                _text(c, row[0], xs[0], xs[1], ys[r], ys[r + 2], "left")
            _text(c, row[1], xs[1], xs[2], ys[r], ys[r + 1], "left")
            for j in (2, 3):
                _text(c, row[j], xs[j], xs[j + 1], ys[r], ys[r + 1], "right")
        hline(c, xs[0], xs[-1], ys[0], 1.0)
        for y in ys[1:-1]:
            hline(c, xs[1] if y in (ys[2], ys[4]) else xs[0], xs[-1], y, 0.3)
        hline(c, xs[0], xs[-1], ys[-1], 1.0)

    assert only_grid(render(tmp_path, draw)) == expected(header, 1, body)


def test_zebra_rows_only_header_unshaded(tmp_path: Path) -> None:
    # No rule and no shaded header: the zebra fills find the table, the header line
    # right above the first fill belongs to it.
    def draw(c: Canvas) -> None:
        prose(c, PROSE, 60)
        xs, top, row_h = COLS_4, 130.0, 18.0
        for i in range(len(BODY_4)):
            if i % 2 == 0:
                y = top + (1 + i) * row_h
                fill(c, xs[0], y, xs[-1], y + row_h, 0.9)
        typeset(c, HEADER_1, 1, BODY_4, xs, top=top, row_h=row_h)

    layout = render(tmp_path, draw)
    assert only_grid(layout) == expected(HEADER_1, 1, BODY_4)
    assert layout.tables[0].layout == "rules"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("column_gap_em", 0, ValueError),
        ("dot_max_size", -1.0, ValueError),
        ("white_level", 1.5, ValueError),
        ("min_rows", "2", TypeError),
    ],
)
def test_layout_settings_are_validated(field: str, value: object, error: type) -> None:
    with pytest.raises(error, match=field):
        LayoutSettings(**{field: value})


def test_a_setting_changes_the_reading(tmp_path: Path) -> None:
    # With a column gap wider than the gaps the table was set with, its text no longer
    # falls into columns: no table is found.
    def draw(c: Canvas) -> None:
        typeset(c, HEADER_1, 1, BODY_4, COLS_4, top=126)

    assert render(tmp_path, draw).tables
    assert not render(tmp_path, draw, column_gap_em=20.0).tables


def test_printed_minus_sign_is_kept_a_full_width_one_repaired() -> None:
    # U+2212 set narrower than a full-width character is the minus the document printed;
    # a full-width one is a hyphen-minus (U+FF0D) that a Shift_JIS mapping turned into
    # U+2212 (the wave-dash family `normalize_text` repairs).
    def char(width: float) -> dict[str, object]:
        return {"text": "\u2212", "x0": 100.0, "x1": 100.0 + width, "size": 10.0}

    assert glyph_text(char(8.4)) == "\u2212"
    assert glyph_text(char(10.0)) == "\uff0d"


def test_spreadsheet_columns_set_close_together(tmp_path: Path) -> None:
    # A sheet printed without gridlines, narrow columns: six-digit numbers little more
    # than half an em apart.
    header = [("市町名", 0, 0, 0, 0), ("総数", 0, 1, 0, 1), ("男", 0, 2, 0, 2)]
    header += [("女", 0, 3, 0, 3), ("性比", 0, 4, 0, 4)]
    body = [
        ["北山市", "460930", "224246", "236684", "94.7"],
        ["南川町", "90573", "43155", "47418", "91.0"],
        ["東野村", "131170", "63468", "67702", "93.7"],
    ]
    xs = [60.0, 110.0, 142.0, 174.0, 206.0, 238.0]

    def draw(c: Canvas) -> None:
        typeset(c, header, 1, body, xs, top=100, row_h=13)

    layout = render(tmp_path, draw)
    assert only_grid(layout) == expected(header, 1, body)


def test_text_in_boxes_side_by_side_is_a_diagram_not_a_table(tmp_path: Path) -> None:
    # Three boxes in a row (a PDCA-like diagram), three short lines in each: aligned text
    # in rows and columns, but every column is a box of its own.
    def draw(c: Canvas) -> None:
        c.setFont(FONT, SIZE)
        for k, title in enumerate(["計画", "実行", "評価"]):
            x = 60 + k * 150
            c.setLineWidth(1)
            c.rect(x, PAGE_H - 190, 120, 90)
            for i, text in enumerate([title, "担当：各市町", "時期：4月"]):
                c.drawString(x + 10, PAGE_H - 120 - i * 16, text)

    assert render(tmp_path, draw).tables == ()


def test_wrapped_body_cell_in_a_table_with_rules_only_top_and_bottom(tmp_path: Path) -> None:
    # Booktabs without row rules; one row's label wraps onto a second line, set closer
    # than the rows are to each other.
    header = [("施策", 0, 0, 0, 0), ("事業数", 0, 1, 0, 1), ("事業費", 0, 2, 0, 2)]
    rows = [
        (["戦略産業の育成"], ["4", "72,300"]),
        (["高次の都市機能の集", "積・強化"], ["3", "146,300"]),
        (["生活関連機能の向上"], ["5", "89,200"]),
    ]
    xs = [60.0, 160.0, 240.0, 320.0]

    def draw(c: Canvas) -> None:
        c.setFont(FONT, SIZE)
        y = 100.0
        _text(c, "施策", xs[0], xs[1], y, y + 18, "centre")
        _text(c, "事業数", xs[1], xs[2], y, y + 18, "centre")
        _text(c, "事業費", xs[2], xs[3], y, y + 18, "centre")
        hline(c, xs[0], xs[-1], y, 1.0)
        hline(c, xs[0], xs[-1], y + 18)
        y += 18
        for label, values in rows:
            for i, part in enumerate(label):
                c.drawString(xs[0] + PAD, PAGE_H - (y + 12 + i * 11), part)
            for j, v in enumerate(values):
                c.drawRightString(xs[j + 2] - PAD, PAGE_H - (y + 12), v)
            y += 18 + 11 * (len(label) - 1)
        hline(c, xs[0], xs[-1], y, 1.0)

    want = expected(header, 1, [["".join(label), *values] for label, values in rows])
    assert only_grid(render(tmp_path, draw)) == want


def test_continued_part_without_header_has_no_header_row(tmp_path: Path) -> None:
    # The rest of a booktabs table on the next page: no header repeated, values from the
    # first line on (the document level joins it to its first part).
    def draw(c: Canvas) -> None:
        t = typeset(c, [], 0, BODY_4, COLS_4, top=100)
        for y in t.ys[1:-1]:
            hline(c, t.xs[0], t.xs[-1], y, 0.3)
        hline(c, t.xs[0], t.xs[-1], t.ys[-1], 1.0)

    assert only_grid(render(tmp_path, draw)) == [list(r) for r in BODY_4]


def test_decorative_band_with_a_title_is_not_a_table(tmp_path: Path) -> None:
    def draw(c: Canvas) -> None:
        fill(c, 0, 60, A4[0], 140, 0.3)
        c.setFont(FONT, 20)
        c.drawString(60, PAGE_H - 100, "備後圏域ビジョン")
        c.setFont(FONT, 12)
        c.drawString(60, PAGE_H - 125, "令和6年3月")
        c.drawRightString(530, PAGE_H - 125, "北山市")

    assert render(tmp_path, draw).tables == ()


def test_vertical_label_in_a_table_with_rules_only(tmp_path: Path) -> None:
    # 縦書き prefecture labels beside their groups of rows; rules only at the top, under
    # the header and at the bottom.
    xs = [60.0, 84.0, 170.0, 250.0, 330.0]
    header = [("県", 0, 0, 0, 0), ("市町名", 0, 1, 0, 1), ("総数", 0, 2, 0, 2)]
    header += [("世帯数", 0, 3, 0, 3)]
    groups = [
        ("広島県", [["北山市", "460,930", "193,371"], ["南川町", "90,573", "39,091"]]),
        ("岡山県", [["東野村", "46,088", "18,466"], ["西浜町", "38,384", "14,732"]]),
    ]
    row_h = 18.0

    def draw(c: Canvas) -> None:
        top = 100.0
        for text, _, c0, _, _ in header:
            _text(c, text, xs[c0], xs[c0 + 1], top, top + row_h, "centre")
        y = top + row_h
        c.setFont(FONT, SIZE)
        for label, rows in groups:
            height = row_h * len(rows)
            start = y + (height - len(label) * 9.5) / 2
            for k, ch in enumerate(label):
                c.drawCentredString(72, PAGE_H - (start + k * 9.5 + 8), ch)
            for i, row in enumerate(rows):
                r_top = y + i * row_h
                _text(c, row[0], xs[1], xs[2], r_top, r_top + row_h, "left")
                for j in (1, 2):
                    _text(c, row[j], xs[j + 1], xs[j + 2], r_top, r_top + row_h, "right")
            y += height
        hline(c, xs[0], xs[-1], top, 1.0)
        hline(c, xs[0], xs[-1], top + row_h)
        hline(c, xs[0], xs[-1], y, 1.0)

    body = [[label, *row] for label, rows in groups for row in rows]
    assert only_grid(render(tmp_path, draw)) == expected(header, 1, body)
