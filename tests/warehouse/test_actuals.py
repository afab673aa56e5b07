"""KPI actuals from workbooks: the template round trip for all 15 KPIs, every bad-workbook
case (rejected with file, sheet, row and column named, warehouse byte-identical), CSV
encodings, history and re-imports. Expected values are derived from the warehouse's KPI
rows (baseline plus a step per year), never copied from output."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli import main
from sources.actuals_workbook import ACTUALS_HEADERS
from sources.profile import current_profile
from warehouse.actuals_template import wareki
from warehouse.seeds import kpi_grades

SHEET = "実績入力"
YOUTH_KEY = "総人口における年少人口(0歳~14歳)の割合"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kpi_rows(warehouse: Path) -> dict[str, tuple]:
    """code → (indicator_key, baseline, baseline_year, target, target_year, unit)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT category_code || '-' || kpi_seq, indicator_key, baseline_value, "
            "baseline_year, target_value, target_year, unit FROM kpi_targets "
            "WHERE printed_in = '3(1)'"
        ).fetchall()
    return {r[0]: r[1:] for r in rows}


def first_years() -> dict[str, int]:
    rules = current_profile().kpi.rules
    return {r.indicator_key: r.first_year for r in rules if r.first_year is not None}


def run(*args: str) -> object:
    """The command as a user runs it, in English (the problem lines' words are English)."""
    return CliRunner().invoke(main, ["--lang", "en", *args])


def write_template(warehouse: Path, out: Path) -> Path:
    result = run("actuals", "template", "--warehouse", str(warehouse), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def planned(kpi: tuple, year: int) -> float:
    """Baseline plus half the yearly step of the straight line to the target (a KPI
    without a baseline starts from 0 the year before its declared first year)."""
    key, base, base_year, target, target_year, _unit = kpi
    start = base_year if base_year is not None else first_years()[key] - 1
    base = base if base is not None else 0.0
    step = (target - base) / (target_year - start)
    return round(base + step * (year - start) / 2, 2)


def fill(template: Path, out: Path, warehouse: Path) -> dict[str, dict[int, float]]:
    """Fill every row of the template; returns code → year → value written."""
    kpis = kpi_rows(warehouse)
    book = load_workbook(template)
    sheet = book[SHEET]
    header = [c.value for c in sheet[1]]
    at = {h: header.index(h) for h in header}
    written: dict[str, dict[int, float]] = {}
    for row in sheet.iter_rows(min_row=2):
        code, year = row[at["区分"]].value, row[at["年"]].value
        value = planned(kpis[code], year)
        row[at["実績値"]].value = value
        row[at["出典"]].value = f"{code} 担当課集計"
        row[at["入力者"]].value = "企画調整課"
        written.setdefault(code, {})[year] = value
    book.save(out)
    return written


@pytest.fixture(scope="module")
def base_warehouse(refreshed, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("actuals") / "vision.duckdb"
    shutil.copyfile(refreshed.warehouse, target)
    return target


@pytest.fixture(scope="module")
def template(base_warehouse: Path, tmp_path_factory) -> Path:
    return write_template(base_warehouse, tmp_path_factory.mktemp("tpl") / "kpi_actuals.xlsx")


@pytest.fixture
def wh(base_warehouse: Path, tmp_path: Path) -> Path:
    target = tmp_path / "vision.duckdb"
    shutil.copyfile(base_warehouse, target)
    return target


@pytest.fixture
def filled(template: Path, wh: Path, tmp_path: Path) -> tuple[Path, dict]:
    out = tmp_path / "filled.xlsx"
    return out, fill(template, out, wh)


# --------------------------------------------------------------------------- template


def test_the_template_has_one_row_per_kpi_and_year_from_baseline_to_target(
    template: Path, base_warehouse: Path
) -> None:
    kpis = kpi_rows(base_warehouse)
    expected = set()
    for code, (key, _b, base_year, _t, target_year, _u) in kpis.items():
        first = base_year + 1 if base_year is not None else first_years()[key]
        expected |= {(code, year) for year in range(first, target_year + 1)}
    book = load_workbook(template)
    sheet = book[SHEET]
    assert [c.value for c in sheet[1]] == list(ACTUALS_HEADERS)
    header = list(ACTUALS_HEADERS)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {(r[header.index("区分")], r[header.index("年")]) for r in rows} == expected
    assert len(rows) == len(expected) and len(kpis) == 15
    assert all(r[header.index("実績値")] is None for r in rows)
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref.startswith("A1:")
    value_col = "ABCDEFGHIJKLM"[header.index("実績値")]
    validated = {str(c) for dv in sheet.data_validations.dataValidation for c in dv.sqref}
    assert " ".join(validated).count(value_col) >= 1
    ranges = {
        (dv.type, dv.operator, dv.formula1, dv.formula2)
        for dv in sheet.data_validations.dataValidation
    }
    assert ("decimal", "between", "0", "100.0") in ranges
    # the Japanese columns are wide enough for their longest text
    assert sheet.column_dimensions["B"].width >= 30


def test_filled_template_gives_all_15_kpis_an_actual_and_an_achievement(
    filled: tuple[Path, dict], wh: Path
) -> None:
    path, written = filled
    result = run("actuals", "import", str(path), "--warehouse", str(wh))
    assert result.exit_code == 0, result.output
    kpis = kpi_rows(wh)
    with duckdb.connect(str(wh), read_only=True) as con:
        got = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT category_code || '-' || kpi_seq, actual_value, actual_reference_year, "
                "achievement, grade, actual_origin, workbook_file, workbook_sheet, workbook_row "
                "FROM kpi_progress"
            ).fetchall()
        }
    assert len(got) == 15
    for code, (value, year, share, grade, origin, file, sheet, row) in got.items():
        _key, base, _by, target, _ty, _unit = kpis[code]
        assert year == max(written[code]) and value == pytest.approx(written[code][year]), code
        if target == base:  # maintaining a level: actual / baseline
            assert share == pytest.approx(value / base)
        else:
            assert share == pytest.approx((value - (base or 0)) / (target - (base or 0))), code
        assert grade is not None
        assert (origin, file, sheet) == ("workbook", path.name, SHEET) and row >= 2


# Per-year KPI views and the key that makes a row of them.
BY_YEAR_VIEWS = {
    "kpi_progress_by_year": "indicator_key",
    "kpi_related_statistic": "indicator_key || series_label",
}


def test_no_amount_of_a_kpi_is_repeated_on_its_year_rows(filled: tuple[Path, dict], wh: Path):
    """Issue 22: SUM over years must not count a KPI's baseline or target once per year.
    With actuals for several years loaded, no numeric column of a per-year view holds the
    same value on every year row of every KPI — such a column is of the KPI's grain and
    belongs to kpi_progress."""
    path, _ = filled
    assert run("actuals", "import", str(path), "--warehouse", str(wh)).exit_code == 0
    with duckdb.connect(str(wh), read_only=True) as con:
        for view, key in BY_YEAR_VIEWS.items():
            numeric = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                    "AND data_type IN ('DOUBLE', 'DECIMAL(18,3)', 'BIGINT', 'INTEGER') "
                    "AND column_name NOT IN ('year', 'kpi_seq', 'page', 'workbook_row')",
                    [view],
                ).fetchall()
            ]
            assert numeric, view
            for column in numeric:
                [(keys, repeated)] = con.execute(
                    f"SELECT count(*), count(*) FILTER (WHERE distinct_values = 1) FROM ("
                    f"SELECT {key}, count(DISTINCT {column}) AS distinct_values FROM {view} "
                    f"WHERE {column} IS NOT NULL GROUP BY ALL HAVING count(*) > 1)"
                ).fetchall()
                assert keys == 0 or repeated < keys, f"{view}.{column} repeats per key"


def test_the_plan_line_and_the_status_follow_the_direction_of_the_target(
    filled: tuple[Path, dict], wh: Path
) -> None:
    """Half the yearly step is behind the straight line whichever way the target points
    (圏域外への転出者数 falls toward 11,000); a maintained level is 維持."""
    path, written = filled
    assert run("actuals", "import", str(path), "--warehouse", str(wh)).exit_code == 0
    kpis = kpi_rows(wh)
    with duckdb.connect(str(wh), read_only=True) as con:
        got = con.execute(
            "SELECT category_code || '-' || kpi_seq, year, plan_value, direction, on_plan, "
            "status FROM kpi_progress_by_year WHERE actual_origin = 'workbook'"
        ).fetchall()
    assert len(got) == sum(len(v) for v in written.values())
    for code, year, plan, direction, on_plan, status in got:
        key, base, base_year, target, target_year, _unit = kpis[code]
        start = base_year if base_year is not None else first_years()[key] - 1
        base = base or 0.0
        assert plan == pytest.approx(
            base + (target - base) * (year - start) / (target_year - start)
        )
        if target == base:
            assert status == "維持" and direction == "increase", code
        else:
            assert direction == ("increase" if target > base else "decrease"), code
            assert on_plan is False and status == "計画より遅れ", (code, year)


def test_an_older_warehouse_gets_the_actuals_tables_on_import(filled, wh: Path) -> None:
    """A warehouse built before migration 0007 (no actuals tables, views of its time)."""
    path, _written = filled
    with duckdb.connect(str(wh)) as con:
        for view in (
            "kpi_progress",
            "kpi_progress_by_year",
            "kpi_actual_latest",
            "kpi_official_actual",
            "kpi_related_statistic",
            "population_path",
        ):
            con.execute(f"DROP VIEW IF EXISTS {view}")
        for table in (
            "kpi_actual",
            "kpi_actual_import",
            "kpi_rule",
            "kpi_grade",
            "kpi_related_series",
        ):
            con.execute(f"DROP TABLE {table}")
        con.execute("DELETE FROM schema_migration WHERE name = '0007_kpi_actuals.sql'")
    result = run("actuals", "import", str(path), "--warehouse", str(wh))
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(wh), read_only=True) as con:
        assert con.execute(
            "SELECT count(*) FROM kpi_progress WHERE grade IS NOT NULL"
        ).fetchone() == (15,)
        assert con.execute("SELECT count(*) FROM kpi_grade").fetchone()[0] == len(kpi_grades())


def test_the_report_shows_every_imported_actual(filled, wh: Path, tmp_path: Path) -> None:
    from pipeline.checking import outcomes_from_warehouse
    from pipeline.kpi_text import number_text
    from pipeline.report import write_report

    path, written = filled
    assert run("actuals", "import", str(path), "--warehouse", str(wh)).exit_code == 0
    with duckdb.connect(str(wh), read_only=True) as con:
        revision = con.execute("SELECT revision_id FROM latest_revision").fetchone()[0]
    files = write_report(wh, revision, outcomes_from_warehouse(wh, revision), tmp_path / "r")
    markdown = files.markdown.read_text(encoding="utf-8")
    html = files.html.read_text(encoding="utf-8")
    kpis = kpi_rows(wh)
    lines = markdown.splitlines()
    for code, years in written.items():
        row = next(line for line in lines if line.startswith(f"| {code} |"))
        for year, value in years.items():
            assert f" {number_text(value, kpis[code][5])} |" in row, (code, year)
    for text in (markdown, html):
        for bad in ("nan", "None", "<NA>", "NaT"):
            assert bad not in text.replace("Nanum", ""), bad
    assert html.count('class="kpi-chart"') == 15
    assert files.progress_xlsx is not None
    sheet = load_workbook(files.progress_xlsx).active
    assert [c.value for c in sheet[1]][:3] == ["区分", "指標", "単位"]


def test_the_template_prefills_imported_actuals(filled, wh: Path, tmp_path: Path) -> None:
    path, written = filled
    assert run("actuals", "import", str(path), "--warehouse", str(wh)).exit_code == 0
    again = write_template(wh, tmp_path / "next_year.xlsx")
    header = list(ACTUALS_HEADERS)
    rows = list(load_workbook(again)[SHEET].iter_rows(min_row=2, values_only=True))
    for r in rows:
        code, year = r[header.index("区分")], r[header.index("年")]
        assert r[header.index("実績値")] == pytest.approx(written[code][year])
        assert r[header.index("入力者")] == "企画調整課"
    # the same workbook goes round: the pre-filled values are not stored a second time
    result = run("actuals", "import", str(again), "--warehouse", str(wh))
    assert result.exit_code == 0, result.output
    assert "0 new or changed" in result.output
    with duckdb.connect(str(wh), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM kpi_actual").fetchone()[0] == sum(
            len(v) for v in written.values()
        )


def test_importing_the_same_file_again_changes_nothing(filled, wh: Path) -> None:
    path, _ = filled
    assert run("actuals", "import", str(path), "--warehouse", str(wh)).exit_code == 0
    before = sha(wh)
    result = run("actuals", "import", str(path), "--warehouse", str(wh))
    assert result.exit_code == 0 and "nothing changed" in result.output
    assert sha(wh) == before


def test_staff_read_the_import_in_japanese_by_default(filled, wh: Path, monkeypatch) -> None:
    from pipeline.messages import MESSAGES

    monkeypatch.delenv("VISION_LANG", raising=False)
    path, written = filled
    args = ["actuals", "import", str(path), "--warehouse", str(wh)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    rows = sum(len(v) for v in written.values())
    expected = MESSAGES["actuals.imported"]["ja"].format(
        files=path.name, read=rows, new=rows, warehouse=wh
    )
    assert first.output.strip() == expected
    again = CliRunner().invoke(main, args)
    assert again.output.strip() == MESSAGES["actuals.unchanged"]["ja"].format(files=path.name)


def test_replace_keeps_history_and_the_latest_import_wins(filled, wh: Path, tmp_path) -> None:
    path, written = filled
    assert run("actuals", "import", str(path), "--warehouse", str(wh)).exit_code == 0
    book = load_workbook(path)
    sheet = book[SHEET]
    header = list(ACTUALS_HEADERS)
    cell = sheet.cell(2, header.index("実績値") + 1)
    code = sheet.cell(2, 1).value
    year = sheet.cell(2, header.index("年") + 1).value
    cell.value = written[code][year] + 1
    corrected = tmp_path / "corrected.xlsx"
    book.save(corrected)
    refused = run("actuals", "import", str(corrected), "--warehouse", str(wh))
    assert refused.exit_code != 0 and "--replace" in refused.output
    result = run("actuals", "import", str(corrected), "--replace", "--warehouse", str(wh))
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(wh), read_only=True) as con:
        key = kpi_rows(wh)[code][0]
        history = con.execute(
            "SELECT value, file_name FROM kpi_actual WHERE indicator_key = ? AND year = ? "
            "ORDER BY imported_at",
            [key, year],
        ).fetchall()
        latest = con.execute(
            "SELECT value FROM kpi_actual_latest WHERE indicator_key = ? AND year = ?",
            [key, year],
        ).fetchone()[0]
    assert history == [
        (pytest.approx(written[code][year]), path.name),
        (pytest.approx(written[code][year] + 1), corrected.name),
    ]
    assert latest == pytest.approx(written[code][year] + 1)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_every_accepted_encoding(wh: Path, tmp_path: Path, encoding: str) -> None:
    kpis = kpi_rows(wh)
    code = "ウ-3"
    key, _base, base_year, _target, _ty, _unit = kpis[code]
    value = planned(kpis[code], base_year + 1)
    text = (
        "区分,指標,年,実績値,出典,入力者\n"
        + f"{code},大学生の地元定着率,{base_year + 1},{value},独自集計,山形市\n"
    )
    path = tmp_path / f"actuals_{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    result = run("actuals", "import", str(path), "--warehouse", str(wh))
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(wh), read_only=True) as con:
        got = con.execute(
            "SELECT value, sheet, row_number, entered_by FROM kpi_actual WHERE indicator_key = ?",
            [key],
        ).fetchall()
    assert got == [(pytest.approx(value), None, 2, "山形市")]


def test_a_csv_value_with_quotes_and_a_nul_is_stored_as_written(wh: Path, tmp_path: Path) -> None:
    """The import writes its rows as SQL literals: a quote or a NUL in a remark must reach
    the warehouse unchanged, not end the statement."""
    kpis = kpi_rows(wh)
    code = "ウ-3"
    key, _base, base_year, _target, _ty, _unit = kpis[code]
    remark = "前年比\x00増 ('暫定' 値)"
    path = tmp_path / "actuals.csv"
    value = planned(kpis[code], base_year + 1)
    path.write_text(
        f'区分,指標,年,実績値,備考\n{code},大学生の地元定着率,{base_year + 1},{value},"{remark}"\n',
        encoding="utf-8",
    )
    result = run("actuals", "import", str(path), "--warehouse", str(wh))
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(wh), read_only=True) as con:
        got = con.execute("SELECT remark FROM kpi_actual WHERE indicator_key = ?", [key])
        assert got.fetchall() == [(remark,)]


# --------------------------------------------------------------------------- bad workbooks


def edited(template: Path, tmp_path: Path, edits: dict[tuple[int, str], object]) -> Path:
    """The template with a valid first row (its KPI's baseline value) and the given cell
    edits."""
    book = load_workbook(template)
    sheet = book[SHEET]
    header = list(ACTUALS_HEADERS)
    baseline = sheet.cell(2, header.index("基準値") + 1).value
    sheet.cell(2, header.index("実績値") + 1).value = float(str(baseline).replace(",", ""))
    for (row, column), value in edits.items():
        sheet.cell(row, header.index(column) + 1).value = value
    out = tmp_path / "bad.xlsx"
    book.save(out)
    return out


def rejected(path: Path, wh: Path, *parts: str, replace: bool = False) -> str:
    before = sha(wh)
    args = ["actuals", "import", str(path), "--warehouse", str(wh)]
    result = run(*args, *(["--replace"] if replace else []))
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    for part in parts:
        assert part in result.output, (part, result.output)
    assert sha(wh) == before
    return result.output


def test_unknown_kpi_is_rejected_with_the_closest_suggested(template, wh, tmp_path) -> None:
    path = edited(template, tmp_path, {(3, "指標"): "圏域全体の従業員数", (3, "実績値"): 5})
    out = rejected(
        path, wh, "bad.xlsx, sheet 実績入力, row 3, column B (指標)", "圏域全体の従業員数"
    )
    assert "did you mean '圏域全体の従業者数'" in out


def test_a_non_number_is_rejected(template, wh, tmp_path) -> None:
    path = edited(template, tmp_path, {(4, "実績値"): "約23万"})
    rejected(path, wh, "row 4, column J (実績値)", "'約23万' is not a number")


def test_a_percentage_over_100_is_rejected(template, wh, tmp_path) -> None:
    header = list(ACTUALS_HEADERS)
    rows = list(load_workbook(template)[SHEET].iter_rows(min_row=2, values_only=True))
    row = next(i for i, r in enumerate(rows, start=2) if r[header.index("単位")] == "%")
    path = edited(template, tmp_path, {(row, "実績値"): 104.5})
    rejected(path, wh, f"row {row}, column J (実績値)", "104.5", "between 0 and 100")


def test_a_negative_count_is_rejected(template, wh, tmp_path) -> None:
    path = edited(template, tmp_path, {(5, "実績値"): -3})
    rejected(path, wh, "row 5, column J (実績値)", "negative")


def test_a_year_outside_baseline_to_target_is_rejected(template, wh, tmp_path) -> None:
    kpis = kpi_rows(wh)
    target_year = kpis["ア-1"][4]
    path = edited(template, tmp_path, {(2, "年"): target_year + 1})
    rejected(path, wh, "row 2, column H (年)", f"{target_year + 1} is outside ア-1")


def test_the_same_kpi_and_year_twice_with_different_values_is_rejected(
    template, wh, tmp_path
) -> None:
    book = load_workbook(template)
    sheet = book[SHEET]
    header = list(ACTUALS_HEADERS)
    row2 = [c.value for c in sheet[2]]
    sheet.cell(2, header.index("実績値") + 1).value = 100
    sheet.append([*row2[: header.index("実績値")], 200])
    path = tmp_path / "twice.xlsx"
    book.save(path)
    last = sheet.max_row
    rejected(path, wh, f"twice.xlsx, sheet 実績入力, row {last}, column J (実績値)", "row 2")


def test_a_value_different_from_an_earlier_import_needs_replace(filled, wh, tmp_path) -> None:
    path, written = filled
    assert run("actuals", "import", str(path), "--warehouse", str(wh)).exit_code == 0
    csv = tmp_path / "other.csv"
    code, year = "ア-1", min(written["ア-1"])
    other = written[code][year] + 1
    csv.write_text(
        f"区分,指標,年,実績値\n{code},圏域全体の従業者数,{year},{other}\n", encoding="utf-8"
    )
    rejected(csv, wh, "other.csv, row 2, column 4 (実績値)", f"imported earlier from {path.name}")


def test_an_empty_workbook_is_rejected(template, wh) -> None:
    rejected(template, wh, "kpi_actuals.xlsx", "no 実績値 is filled in")


def test_a_foreign_workbook_is_rejected(wh, tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "売上"
    book.active.append(["月", "売上高"])
    book.active.append(["4月", 1200])
    path = tmp_path / "sales.xlsx"
    book.save(path)
    rejected(path, wh, "sales.xlsx", "no visible sheet has the header row")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    rejected(broken, wh, "broken.xlsx", "not a readable .xlsx workbook")


@pytest.mark.parametrize(
    ("year", "printed"),
    [
        (2025, "令和7年"),
        (2019, "令和元年"),
        (2018, "平成30年"),
        (1989, "平成元年"),
        (1988, "昭和63年"),
    ],
)
def test_the_template_names_every_year_in_its_era(year: int, printed: str) -> None:
    """A baseline before 令和 (an older edition's) gives 平成 years, never a bare 2018年."""
    assert wareki(year) == printed
