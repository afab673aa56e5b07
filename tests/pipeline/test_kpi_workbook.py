"""kpi_progress.xlsx as a workbook staff sum, chart and print: numbers are numbers with
the KPI's decimals and thousands separators, 達成率 a percentage, plan values rounded to the
KPI's precision, headers that fit, A4 landscape fit to width with the header repeated, and
text that stays text. Expected values come from the warehouse's views and the KPI's
printed baseline and target, never from the workbook."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from rich.cells import cell_len

from pipeline.cli import main
from pipeline.kpi_report import kpi_section
from pipeline.kpi_workbook import PROGRESS_SHEET, XLSX_HEADERS, write_progress_xlsx

HYPERLINK = '=HYPERLINK("http://evil.example","x")'


def printed_decimals(text: str | None) -> int:
    text = (text or "").replace(",", "").strip()
    return len(text.split(".")[1]) if "." in text else 0


@pytest.fixture(scope="module")
def workbook(refreshed, tmp_path_factory) -> tuple[Path, Path]:
    """The shipped warehouse with actuals for one KPI counted in 人 and one in %, the
    second with a 出典 typed as a formula; the progress workbook written from it."""
    tmp = tmp_path_factory.mktemp("kpi_workbook")
    warehouse = tmp / "vision.duckdb"
    warehouse.write_bytes(refreshed.warehouse.read_bytes())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT category_code || '-' || kpi_seq, indicator, baseline_value, baseline_year "
            "FROM kpi_targets WHERE printed_in = '3(1)' AND category_code || '-' || kpi_seq "
            "IN ('ア-1', 'ウ-3')"
        ).fetchall()
    lines = ["区分,指標,年,実績値,出典"]
    for code, indicator, base, year in rows:
        value = f"{base * 1.01:.0f}" if base > 1000 else "31.4"
        source = f'"{HYPERLINK.replace(chr(34), chr(34) * 2)}"' if code == "ウ-3" else "担当課"
        lines.append(f"{code},{indicator},{year + 1},{value},{source}")
    csv = tmp / "actuals.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--lang", "en", "actuals", "import", str(csv), "--warehouse", str(warehouse)]
    )
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(warehouse), read_only=True) as con:
        revision = con.execute("SELECT revision_id FROM latest_revision").fetchone()[0]
        section = kpi_section(con, revision)
    return warehouse, write_progress_xlsx(section, tmp / "kpi_progress.xlsx")


def sheet_rows(path: Path) -> list[dict]:
    sheet = load_workbook(path)[PROGRESS_SHEET]
    header = [c.value for c in sheet[1]]
    return [
        {h: cell for h, cell in zip(header, row, strict=True)} for row in sheet.iter_rows(min_row=2)
    ]


def test_numbers_are_numbers_in_the_kpis_format(workbook) -> None:
    warehouse, path = workbook
    with duckdb.connect(str(warehouse), read_only=True) as con:
        expected = {
            (r[0], r[1]): r[2:]
            for r in con.execute(
                "SELECT y.category_code || '-' || y.kpi_seq, y.year, y.actual_value, "
                "y.plan_value, y.achievement, k.baseline_text, k.target_text, y.unit "
                "FROM kpi_progress_by_year AS y JOIN kpi_progress AS k USING (indicator_key) "
                "WHERE y.actual_value IS NOT NULL"
            ).fetchall()
        }
    rows = {(r["区分"].value, r["年"].value): r for r in sheet_rows(path) if r["年"].value}
    assert expected.keys() == rows.keys()
    for key, (actual, plan, share, base_text, target_text, unit) in expected.items():
        row = rows[key]
        decimals = max(printed_decimals(base_text), printed_decimals(target_text))
        assert row["実績値"].value == pytest.approx(actual) and row["実績値"].data_type == "n"
        if plan is None:  # a year before the baseline (an official series): no plan line
            assert row["計画値"].value is None
        else:
            assert row["計画値"].value == pytest.approx(round(plan, decimals)), key
            fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
            assert row["計画値"].number_format == fmt
        if share is None:  # no achievement before the baseline year
            assert row["達成率"].value is None
        else:
            assert row["達成率"].value == pytest.approx(share)
            assert "%" in row["達成率"].number_format
        assert row["年"].number_format == "0"  # 2024, not 2,024
        if unit == "人":
            assert row["実績値"].number_format.startswith("#,##0")
    # the case: the plan of ア-2 was printed 2,211,233.12, unrounded
    plans = [r["計画値"].value for r in sheet_rows(path) if isinstance(r["計画値"].value, float)]
    assert plans and all(p == round(p, 2) for p in plans)  # never more decimals than any KPI prints


def test_a_sum_over_the_actuals_column_is_the_sum_of_the_actuals(workbook) -> None:
    warehouse, path = workbook
    with duckdb.connect(str(warehouse), read_only=True) as con:
        total = con.execute(
            "SELECT sum(actual_value) FROM kpi_progress_by_year WHERE actual_value IS NOT NULL"
        ).fetchone()[0]
    values = [r["実績値"].value for r in sheet_rows(path)]
    assert sum(v for v in values if isinstance(v, int | float)) == pytest.approx(total)


def test_a_kpi_printed_without_a_baseline_keeps_its_marker_not_zero(workbook) -> None:
    warehouse, path = workbook
    with duckdb.connect(str(warehouse), read_only=True) as con:
        markers = {
            r[0]: r[1]
            for r in con.execute(
                "SELECT category_code || '-' || kpi_seq, baseline_text FROM kpi_targets "
                "WHERE printed_in = '3(1)' AND baseline_value IS NULL"
            ).fetchall()
        }
    assert markers
    for row in sheet_rows(path):
        if row["区分"].value in markers:
            assert row["基準値"].value == markers[row["区分"].value]


def test_text_stays_text(workbook) -> None:
    _warehouse, path = workbook
    sources = [r["出典"] for r in sheet_rows(path) if r["出典"].value == HYPERLINK]
    assert sources and all(c.data_type == "s" for c in sources)


def test_headers_fit_and_the_sheet_prints_on_a4_landscape(workbook) -> None:
    _warehouse, path = workbook
    sheet = load_workbook(path)[PROGRESS_SHEET]
    assert [c.value for c in sheet[1]] == list(XLSX_HEADERS)
    header_height = sheet.row_dimensions[1].height or 15
    for cell in sheet[1]:
        width = sheet.column_dimensions[cell.column_letter].width
        lines = math.ceil(cell_len(cell.value) / max(width - 1, 1))
        assert cell.alignment.wrap_text and header_height >= 15 * lines, cell.value
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            width = sheet.column_dimensions[cell.column_letter].width
            if isinstance(cell.value, str) and cell_len(cell.value) > width:
                height = sheet.row_dimensions[cell.row].height or 15
                assert cell.alignment.wrap_text, cell.coordinate
                assert height >= 15 * math.ceil(cell_len(cell.value) / (width - 1)) - 1
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        int(sheet.PAPERSIZE_A4),
        1,
        0,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows.replace("$", "") == "1:1"
