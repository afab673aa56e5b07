"""KPI actuals filled in the way a person fills the form in Excel: a percentage typed as
90.5 % (the cell holds 0.905 formatted `0.0%`), text numbers, full-width digits, 和暦 with
年度, a memo column, a hidden sheet of last year's figures, merged cells, a formula saved
by a program without its result. Each is read as the person meant it or refused by row —
never stored wrong. Expected values come from the KPI rows the document prints (baseline,
unit), never from output."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from pipeline.cli import main

HEADER = ["区分", "指標", "年", "実績値", "出典"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kpi(warehouse: Path, code: str) -> dict:
    """The KPI as §3(1) prints it."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(
            "SELECT indicator, indicator_key, unit, baseline_value, baseline_year, "
            "baseline_year_text, target_value FROM kpi_targets "
            "WHERE printed_in = '3(1)' AND category_code || '-' || kpi_seq = ?",
            [code],
        )
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def stored(warehouse: Path, key: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT year, value, value_text FROM kpi_actual_latest WHERE indicator_key = ? "
            "ORDER BY year",
            [key],
        ).fetchall()


def book_with(rows: list[list[object]], header: list[str] = HEADER) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "実績入力"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    return book


def save(book: Workbook, path: Path) -> Path:
    book.save(path)
    return path


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["--lang", "en", *args])


def imported(path: Path, wh: Path, *extra: str) -> str:
    result = run("actuals", "import", str(path), "--warehouse", str(wh), *extra)
    assert result.exit_code == 0, result.output
    return result.output


def refused(path: Path, wh: Path, *parts: str, replace: bool = False) -> str:
    before = sha(wh)
    args = ["actuals", "import", str(path), "--warehouse", str(wh)]
    result = run(*args, *(["--replace"] if replace else []))
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    for part in parts:
        assert part in result.output, (part, result.output)
    assert sha(wh) == before
    return result.output


# --------------------------------------------------------------------------- percentages


def test_a_percent_formatted_cell_is_read_as_its_percentage(warehouse_copy, tmp_path) -> None:
    """イ-2 (%) typed as 90.5 % in Excel: the cell holds 0.905 with format 0.0%."""
    k = kpi(warehouse_copy, "イ-2")
    year = k["baseline_year"] + 1
    book = book_with([["イ-2", k["indicator"], year, 0.905, "担当課"]])
    book.active["D2"].number_format = "0.0%"
    imported(save(book, tmp_path / "percent.xlsx"), warehouse_copy)
    assert stored(warehouse_copy, k["indicator_key"]) == [(year, pytest.approx(90.5), "90.5%")]


def test_a_percentage_typed_as_a_ratio_is_refused_with_the_intended_value(
    warehouse_copy, tmp_path
) -> None:
    """0.905 in a General cell for a KPI whose baseline is 90 (%): 100× too small."""
    k = kpi(warehouse_copy, "イ-2")
    assert k["unit"] == "%" and k["baseline_value"] > 1
    year = k["baseline_year"] + 1
    path = save(book_with([["イ-2", k["indicator"], year, 0.905]]), tmp_path / "ratio.xlsx")
    refused(path, warehouse_copy, "row 2, column D (実績値)", "'0.905'", "did you mean 90.5?")


def test_a_literal_percent_sign_in_the_format_keeps_the_value_as_typed(
    warehouse_copy, tmp_path
) -> None:
    """`0.0"%"` appends a % sign without scaling: the cell holds 90.5 and shows 90.5%."""
    k = kpi(warehouse_copy, "イ-2")
    year = k["baseline_year"] + 1
    book = book_with([["イ-2", k["indicator"], year, 90.5]])
    book.active["D2"].number_format = '0.0"%"'
    imported(save(book, tmp_path / "literal.xlsx"), warehouse_copy)
    assert stored(warehouse_copy, k["indicator_key"]) == [(year, pytest.approx(90.5), "90.5")]


@pytest.mark.parametrize("how", ["text", "format"])
def test_a_percentage_for_a_kpi_counted_in_persons_is_refused(
    warehouse_copy, tmp_path, how: str
) -> None:
    k = kpi(warehouse_copy, "ウ-1")
    assert k["unit"] == "人"
    year = k["baseline_year"] + 1
    book = book_with([["ウ-1", k["indicator"], year, "50%" if how == "text" else 0.5]])
    if how == "format":
        book.active["D2"].number_format = "0%"
    path = save(book, tmp_path / "pct.xlsx")
    refused(path, warehouse_copy, "row 2, column D (実績値)", "'50%'", "counted in 人")


def test_an_absurd_count_is_refused_not_graded(warehouse_copy, tmp_path) -> None:
    k = kpi(warehouse_copy, "ウ-1")
    year = k["baseline_year"] + 1
    path = save(book_with([["ウ-1", k["indicator"], year, 1e308]]), tmp_path / "huge.xlsx")
    out = refused(path, warehouse_copy, "row 2, column D (実績値)", "implausible for ウ-1")
    assert "did you mean" not in out  # no power of ten makes 1e308 persons plausible


def test_a_count_typed_in_thousands_is_refused_with_the_intended_value(
    warehouse_copy, tmp_path
) -> None:
    """圏域外からの転入者数 (baseline 10,413 人) typed as 10.6 (千人)."""
    k = kpi(warehouse_copy, "ウ-1")
    year = k["baseline_year"] + 1
    path = save(book_with([["ウ-1", k["indicator"], year, 10.6]]), tmp_path / "thousands.xlsx")
    refused(path, warehouse_copy, "'10.6'", "did you mean 10,600?")


def test_a_planted_new_percentage_kpi_scale_slip_is_found_for_any_kpi(
    warehouse_copy, tmp_path
) -> None:
    """Not a rule for イ-2: every % KPI with a baseline refuses its baseline/100."""
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        codes = [
            r[0]
            for r in con.execute(
                "SELECT category_code || '-' || kpi_seq FROM kpi_targets WHERE printed_in = "
                "'3(1)' AND unit = '%' AND baseline_value > 1"
            ).fetchall()
        ]
    assert len(codes) >= 3
    rows = []
    for code in codes:
        k = kpi(warehouse_copy, code)
        rows.append([code, k["indicator"], k["baseline_year"] + 1, k["baseline_value"] / 100])
    path = save(book_with(rows), tmp_path / "all.xlsx")
    out = refused(path, warehouse_copy)
    for i, code in enumerate(codes, start=2):
        k = kpi(warehouse_copy, code)
        assert f"row {i}, column D (実績値)" in out and f"implausible for {code}" in out
        assert f"did you mean {k['baseline_value']:,.10g}?" in out


# --------------------------------------------------------------------------- text


def test_text_numbers_and_full_width_digits_are_read_as_numbers(warehouse_copy, tmp_path) -> None:
    """'10,600' typed as text, '１０，７００' in full width, a year '２０２５' in full width."""
    k = kpi(warehouse_copy, "ウ-1")
    first = k["baseline_year"] + 1
    book = book_with(
        [
            ["ウ-1", k["indicator"], first, "10,600"],
            ["ウ－１", k["indicator"], "２０" + str(first + 1)[2:].translate(FULL), "１０，７００"],
        ]
    )
    imported(save(book, tmp_path / "text.xlsx"), warehouse_copy)
    assert stored(warehouse_copy, k["indicator_key"]) == [
        (first, pytest.approx(10600.0), "10,600"),
        (first + 1, pytest.approx(10700.0), "１０，７００"),
    ]


FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def test_a_fiscal_year_where_the_kpi_counts_calendar_years_is_refused(
    warehouse_copy, tmp_path
) -> None:
    k = kpi(warehouse_copy, "ウ-1")
    assert k["baseline_year_text"].endswith("年")  # the document prints 令和5年, not 年度
    year = k["baseline_year"] + 1
    era = f"令和{year - 2018}年度"
    book = book_with([["ウ-1", k["indicator"], era, 10600], ["ウ-1", k["indicator"], year, 10600]])
    out = refused(save(book, tmp_path / "fy.xlsx"), warehouse_copy, "row 2, column C (年)")
    assert f"'{era}' is a fiscal year (年度)" in out and "row 3" not in out
    calendar = book_with([["ウ-1", k["indicator"], f"令和{year - 2018}年", 10600]])
    imported(save(calendar, tmp_path / "calendar.xlsx"), warehouse_copy)


def test_a_calendar_year_where_the_kpi_counts_fiscal_years_is_refused() -> None:
    """The reverse, for a KPI printed with 年度 (another document's): checked on the row
    function with a KPI as such a document prints it."""
    from sources.actuals_workbook import ActualsFile, WorkbookRow
    from warehouse.actuals_kpis import Kpi
    from warehouse.actuals_rows import row_actual

    fiscal = Kpi(
        key="k", category_code="ア", kpi_seq=1, indicator="観光入込客数", unit="人",
        baseline_value=1000.0, baseline_text="1,000", baseline_year=2023,
        baseline_year_text="令和5年度", target_value=1200.0, target_text="1,200",
        target_year=2029, target_year_text="令和11年度", first_year=2023,
    )  # fmt: skip
    file = ActualsFile(Path("a.xlsx"), "0" * 64, "xlsx")
    columns = {"指標": "B", "年": "C", "実績値": "D"}
    problems: list[str] = []
    for number, year in ((2, "2024年"), (3, "令和6年度"), (4, 2024)):
        cells = {"指標": "観光入込客数", "年": year, "実績値": 1100}
        row = WorkbookRow("s", number, cells, columns)
        row_actual(file, row, [fiscal], problems)
    assert len(problems) == 1 and problems[0].startswith("a.xlsx, sheet s, row 2, column C (年)")
    assert "calendar year (年), but ア-1 counts fiscal years (年度" in problems[0]


# --------------------------------------------------------------------------- the sheet


def test_a_memo_column_and_a_hidden_sheet_are_reported_by_row(warehouse_copy, tmp_path) -> None:
    k = kpi(warehouse_copy, "ウ-1")
    year = k["baseline_year"] + 1
    book = book_with(
        [["ウ-1", k["indicator"], year, 10600, "", "速報値"]], header=[*HEADER, "メモ"]
    )
    old = book.create_sheet("前年度")
    old.append(HEADER)
    old.append(["ウ-1", k["indicator"], year, 99999])
    old.sheet_state = "hidden"
    secret = book.create_sheet("作業用")
    secret.append(HEADER)
    secret.append(["ウ-1", k["indicator"], year + 1, 1])
    secret.sheet_state = "veryHidden"
    out = imported(save(book, tmp_path / "memo.xlsx"), warehouse_copy)
    assert "memo.xlsx, sheet 実績入力, column F (メモ)" in out
    assert "holds in row 2 was not imported" in out
    assert "memo.xlsx, sheet 前年度: the sheet is hidden, so its 実績値 in row 2 were not" in out
    assert "memo.xlsx, sheet 作業用: the sheet is hidden" in out
    assert stored(warehouse_copy, k["indicator_key"]) == [(year, pytest.approx(10600.0), "10600")]


def test_the_only_actuals_sheet_hidden_is_refused_naming_it(warehouse_copy, tmp_path) -> None:
    k = kpi(warehouse_copy, "ウ-1")
    book = book_with([["ウ-1", k["indicator"], k["baseline_year"] + 1, 10600]])
    book.create_sheet("表紙")
    book.active.sheet_state = "hidden"
    book.active = 1
    refused(save(book, tmp_path / "hidden.xlsx"), warehouse_copy, "'実績入力'", "unhide it")


def test_a_value_merged_over_two_years_is_refused_by_row(warehouse_copy, tmp_path) -> None:
    """A merged 実績値 shows one number for two years; Excel keeps it in the first row only.
    A 指標 merged over its years is a label: it applies to each row."""
    k = kpi(warehouse_copy, "ウ-1")
    year = k["baseline_year"] + 1
    book = book_with(
        [
            ["ウ-1", k["indicator"], year, 10600],
            ["ウ-1", None, year + 1, 10700],
            ["ウ-1", None, year + 2, 10800],
            ["ウ-1", None, year + 3, None],
        ]
    )
    book.active.merge_cells("B2:B5")
    book.active.merge_cells("D4:D5")
    out = refused(save(book, tmp_path / "merged.xlsx"), warehouse_copy)
    for row in (4, 5):
        assert f"row {row}, column D (実績値): merged with the cells D4:D5" in out
    assert "row 2" not in out and "row 3" not in out
    book.active.unmerge_cells("D4:D5")
    imported(save(book, tmp_path / "unmerged.xlsx"), warehouse_copy)
    assert [r[0] for r in stored(warehouse_copy, k["indicator_key"])] == [year, year + 1, year + 2]


def test_a_formula_saved_without_its_result_is_refused_by_row(warehouse_copy, tmp_path) -> None:
    """openpyxl (like any program) writes formulas without their result; Excel would
    compute and save it. 26 of 27 read with exit 0 was the failure this replaces."""
    k = kpi(warehouse_copy, "ウ-1")
    year = k["baseline_year"] + 1
    book = book_with(
        [["ウ-1", k["indicator"], year, 10600], ["ウ-1", k["indicator"], year + 1, "=D2+100"]]
    )
    path = save(book, tmp_path / "formula.xlsx")
    refused(path, warehouse_copy, "row 3, column D (実績値): a formula (=D2+100) saved without")


# --------------------------------------------------------------------------- replace


def test_replace_of_a_file_imported_before_applies_its_values_again(
    warehouse_copy, tmp_path
) -> None:
    """A imported, B corrects it with --replace, A again with --replace reverts it."""
    k = kpi(warehouse_copy, "ウ-1")
    year = k["baseline_year"] + 1
    first = save(book_with([["ウ-1", k["indicator"], year, 10600]]), tmp_path / "a.xlsx")
    second = save(book_with([["ウ-1", k["indicator"], year, 10650]]), tmp_path / "b.xlsx")
    imported(first, warehouse_copy)
    imported(second, warehouse_copy, "--replace")
    assert stored(warehouse_copy, k["indicator_key"]) == [(year, pytest.approx(10650.0), "10650")]
    without = run("actuals", "import", str(first), "--warehouse", str(warehouse_copy))
    assert without.exit_code == 0 and "already imported" in without.output
    out = imported(first, warehouse_copy, "--replace")
    assert "1 new or changed" in out
    assert stored(warehouse_copy, k["indicator_key"]) == [(year, pytest.approx(10600.0), "10600")]
    before = sha(warehouse_copy)
    assert "nothing changed" in imported(first, warehouse_copy, "--replace")
    assert sha(warehouse_copy) == before


def test_an_actual_anywhere_between_baseline_and_target_is_plausible() -> None:
    """A rate planned to rise tenfold (0.5 % → 5 %, another document's): 6 % is beyond the
    target, not a slip; 0.03 is 3 % typed as a ratio."""
    from sources.actuals_workbook import ActualsFile, WorkbookRow
    from warehouse.actuals_kpis import Kpi
    from warehouse.actuals_rows import row_actual

    rising = Kpi(
        key="k", category_code="イ", kpi_seq=1, indicator="テレワーク実施率", unit="%",
        baseline_value=0.5, baseline_text="0.5", baseline_year=2023,
        baseline_year_text="令和5年", target_value=5.0, target_text="5.0",
        target_year=2029, target_year_text="令和11年", first_year=2023,
    )  # fmt: skip
    file = ActualsFile(Path("a.xlsx"), "0" * 64, "xlsx")
    columns = {"指標": "B", "年": "C", "実績値": "D"}
    problems: list[str] = []
    got = []
    for number, value in ((2, 6), (3, 2.4), (4, 0.03)):
        cells = {"指標": "テレワーク実施率", "年": 2025, "実績値": value}
        got.append(row_actual(file, WorkbookRow("s", number, cells, columns), [rising], problems))
    assert [a.value for a in got if a is not None] == [6, 2.4]
    assert len(problems) == 1 and "row 4, column D (実績値): '0.03'" in problems[0]
    assert "did you mean 3?" in problems[0]


def test_a_unit_typed_after_the_number_is_read_when_it_is_the_kpis() -> None:
    """10,600人 for a KPI counted in 人 is 10,600; 千円 after it is another KPI's unit;
    1.06万人 (a scale word) is not read as 1.06."""
    from sources.actuals_workbook import ActualsFile, WorkbookRow
    from warehouse.actuals_kpis import Kpi
    from warehouse.actuals_rows import row_actual

    persons = Kpi(
        key="k", category_code="ウ", kpi_seq=1, indicator="転入者数", unit="人",
        baseline_value=10413.0, baseline_text="10,413", baseline_year=2023,
        baseline_year_text="令和5年", target_value=12000.0, target_text="12,000",
        target_year=2029, target_year_text="令和11年", first_year=2023,
    )  # fmt: skip
    file = ActualsFile(Path("a.csv"), "0" * 64, "csv (utf-8)")
    columns = {"指標": "1", "年": "2", "実績値": "3"}
    problems: list[str] = []
    got = [
        row_actual(
            file,
            WorkbookRow(None, number, {"指標": "転入者数", "年": 2024, "実績値": typed}, columns),
            [persons],
            problems,
        )
        for number, typed in (
            (2, "10,600人"),
            (3, "１０，７００ 人"),
            (4, "10,600千円"),
            (5, "1.06万人"),
        )
    ]
    assert [a.value for a in got if a is not None] == [10600, 10700]
    assert len(problems) == 2
    assert problems[0].startswith("a.csv, row 4, column 3 (実績値): '10,600千円': typed in 千円")
    assert problems[1].startswith("a.csv, row 5, column 3 (実績値): '1.06万人' is not a number")
