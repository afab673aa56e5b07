"""Issue 24, the part about the warehouse's readers and the files the product writes: a
reader reaches no file (EXPLAIN ANALYZE, the temp folder, a planted view), a query stops at
its time limit or at Ctrl-C, a file is never written through a symlink, the warehouse keeps
its permissions, and text never turns into a formula or live HTML.

Every case runs the `vision` command (in-process through click, or as a process where a
signal is involved) against a copy of a loaded warehouse whose sha256 is compared after
each refused case.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.warehouse.test_load import document, findings
from warehouse.load import load_revision

REPO_ROOT = Path(__file__).resolve().parents[2]
VISION = Path(sys.executable).with_name("vision")
SECRET = "root-secret-line"
FORMULA = '=HYPERLINK("http://evil.example","x")'


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vision(*args: str, env: dict[str, str] | None = None):
    result = CliRunner(env=env).invoke(main, ["--lang", "en", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def refused(result, *needles: str, max_lines: int = 2) -> str:
    assert result.exit_code != 0, result.output
    for needle in needles:
        assert needle in result.output, (needle, result.output)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) <= max_lines, result.output
    return result.output


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Path]:
    """A small loaded warehouse (the loader's own tables and views), unchanged by the test."""
    target = tmp_path / "w" / "vision.duckdb"
    load_revision(target, document("r1"), findings(2))
    before = digest(target)
    yield target
    assert digest(target) == before


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ readers reach no file


@pytest.mark.parametrize(
    "sql",
    [
        "EXPLAIN ANALYZE COPY (SELECT 'x') TO '{out}'",
        "explain analyse copy (select 'x') to '{out}' (FORMAT csv)",
        "EXPLAIN (ANALYZE) COPY (SELECT 'x') TO '{out}'",
        "EXPLAIN (ANALYZE, FORMAT json) COPY (SELECT 'x') TO '{out}'",
        "/* c */ EXPLAIN -- c\n ANALYZE COPY (SELECT 'x') TO '{out}'",
        "EXPLAIN ANALYZE INSERT INTO municipality SELECT * FROM municipality",
        "SELECT 1; EXPLAIN ANALYZE COPY (SELECT 'x') TO '{out}'",
    ],
)
def test_explain_analyze_cannot_run_a_write(small, sql):
    folder = small.with_name(small.name + ".tmp")
    out = folder / "out.csv"
    result = vision("query", sql.format(out=out, folder=folder), "--warehouse", str(small))
    refused(result, "refused: EXPLAIN of", "reads only")
    assert not out.exists() and not (folder / "schema.sql").exists()


@pytest.mark.parametrize(
    "sql", ["EXPLAIN SELECT 1", "EXPLAIN ANALYZE SELECT count(*) FROM municipality"]
)
def test_explain_of_a_read_still_explains(small, sql):
    result = vision("query", sql, "--warehouse", str(small))
    assert result.exit_code == 0 and "plan" in result.output, result.output


@pytest.mark.parametrize(
    "sql", ["SELECT * FROM glob('{tmp}/*')", "SELECT * FROM read_text('{tmp}/etc/passwd')"]
)
def test_the_temp_folder_beside_the_warehouse_reaches_nothing(small, sql):
    folder = small.with_name(small.name + ".tmp")
    folder.mkdir()
    (folder / "etc").symlink_to("/etc")
    result = vision("query", sql.format(tmp=folder), "--warehouse", str(small))
    refused(result, "refused: Permission Error")


def plant_view(warehouse: Path, secret: Path) -> str:
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"CREATE VIEW planted AS SELECT * FROM read_text('{secret}')")
    return digest(warehouse)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_a_view_planted_to_read_a_file_is_not_exported(tmp_path, secret, fmt):
    warehouse = tmp_path / "vision.duckdb"
    load_revision(warehouse, document("r1"), findings(2))
    before = plant_view(warehouse, secret)
    out = tmp_path / "out"
    result = vision("export", "--format", fmt, "--out", str(out), "--warehouse", str(warehouse))
    refused(result, "planted reads files outside the warehouse", "vision refresh")
    assert digest(warehouse) == before
    for written in out.rglob("*"):
        assert SECRET.encode() not in written.read_bytes(), written
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no private folder left


def test_a_load_drops_a_planted_view_and_keeps_its_own(tmp_path, secret):
    warehouse = tmp_path / "vision.duckdb"
    load_revision(warehouse, document("r1"), findings(2))
    plant_view(warehouse, secret)
    load_revision(warehouse, document("r2"), findings(1))  # what every refresh runs
    with duckdb.connect(str(warehouse), read_only=True) as con:
        views = {
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
    assert "planted" not in views and "document_findings" in views


def test_a_query_past_its_time_limit_is_stopped(small):
    started = time.monotonic()
    result = vision(
        "query",
        "SELECT count(*) FROM range(1000000000000)",
        "--warehouse",
        str(small),
        env={"VISION_QUERY_TIMEOUT": "1"},
    )
    took = time.monotonic() - started
    refused(result, "stopped after 1 s", "VISION_QUERY_TIMEOUT")
    assert took < 20, took


def test_ctrl_c_during_a_query_exits_130_with_one_line(small):
    endless = "SELECT count(*) FROM range(1000000000000)"
    run = subprocess.Popen(
        [str(VISION), "--lang", "en", "query", endless, "--warehouse", str(small)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ) | {"PYTHONPATH": str(REPO_ROOT)},
        # a shell started in the background ignores SIGINT; a user's terminal does not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(3)  # the interpreter has started and the query runs
    sent = time.monotonic()
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    assert time.monotonic() - sent < 10
    assert run.returncode == 130, (out, err)
    assert err.strip() == "cancelled", err


def test_every_reader_of_the_warehouse_opens_it_through_one_function():
    """Only the writer (warehouse/load.py) and the writer's lock guard connect directly."""
    direct = re.compile(r"duckdb\.connect\(.*read_only=True")
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for package in ("pipeline", "warehouse", "sources")
        for path in (REPO_ROOT / package).rglob("*.py")
        if direct.search(path.read_text(encoding="utf-8"))
    ]
    assert sorted(offenders) == ["warehouse/lock.py", "warehouse/reader.py"]


# ------------------------------------------------------------- writes never follow a link


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("csv", "municipality.csv"), ("xlsx", "vision.xlsx"), ("parquet", "municipality.parquet")],
)
def test_an_export_replaces_a_symlink_and_leaves_its_target_alone(small, tmp_path, fmt, name):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(victim)
    result = vision("export", "--format", fmt, "--out", str(out), "--warehouse", str(small))
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (out / name).is_file() and not (out / name).is_symlink()


def test_the_actuals_template_replaces_a_symlink(warehouse_copy, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "kpi_actuals.xlsx"
    out.symlink_to(victim)
    before = digest(warehouse_copy)
    result = vision("actuals", "template", "--out", str(out), "--warehouse", str(warehouse_copy))
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "keep me" and not out.is_symlink()
    assert digest(warehouse_copy) == before


@pytest.mark.parametrize(("fmt", "name"), [("json", "tables.json"), ("csv", "index.csv")])
def test_extracted_tables_replace_a_symlink(vision_extraction, tmp_path, fmt, name):
    from sources.extraction_export import write_extraction

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(victim)
    write_extraction(vision_extraction.document, vision_extraction.tables[:2], out, fmt)
    assert victim.read_text(encoding="utf-8") == "keep me" and not (out / name).is_symlink()


def test_the_lock_owner_note_replaces_a_symlink(small, tmp_path):
    from warehouse.lock import owner_path, writer_lock

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    owner_path(small).symlink_to(victim)
    with writer_lock(small):
        assert owner_path(small).is_file() and not owner_path(small).is_symlink()
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_the_failure_log_is_never_appended_through_a_symlink(small, tmp_path):
    from pipeline.refresh import RefreshSummary, log_failure

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    log = small.with_name(small.name + ".failures.jsonl")
    log.symlink_to(victim)
    summary = RefreshSummary(False, small, Path("v.pdf"), 0.0, "run", errors=["boom"])
    log_failure(summary)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert "symbolic link, not followed" in summary.failure_log_problem


def test_the_warehouse_keeps_its_mode_owner_and_group_across_a_load(tmp_path):
    warehouse = tmp_path / "vision.duckdb"
    load_revision(warehouse, document("r1"), findings(2))
    os.chmod(warehouse, 0o440)
    owner = (65534, 65534) if os.geteuid() == 0 else (-1, -1)
    os.chown(warehouse, *owner)
    before = warehouse.stat()
    load_revision(warehouse, document("r2"), findings(1))
    after = warehouse.stat()
    assert oct(after.st_mode & 0o7777) == "0o440"
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert after.st_ino != before.st_ino  # it was swapped, not written in place


# ------------------------------------------------------------ text never runs as code


@pytest.fixture
def hostile_text(warehouse_copy: Path) -> Path:
    """A loaded warehouse whose PDF text (a table cell, a facility name) and a finding's
    printed value carry formulas and a script."""
    with duckdb.connect(str(warehouse_copy)) as con:
        con.execute(
            "UPDATE table_cell SET text = ? WHERE table_id = 't001' AND col_index = 0", [FORMULA]
        )
        con.execute("UPDATE fact_list_item SET name = '=1+1' WHERE seq = 1")
        con.execute(
            "UPDATE finding SET stated = '<script>alert(1)</script>' "
            "WHERE rowid = (SELECT min(rowid) FROM finding)"
        )
    return warehouse_copy


def formulas(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_an_xlsx_export_keeps_pdf_text_as_text(hostile_text, tmp_path):
    out = tmp_path / "out"
    result = vision(
        "export", "--format", "xlsx", "--out", str(out), "--warehouse", str(hostile_text)
    )
    assert result.exit_code == 0, result.output
    (book,) = out.glob("*.xlsx")
    assert formulas(book) == []
    texts = {
        cell.value
        for sheet in openpyxl.load_workbook(book).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.quotePrefix
    }
    assert {FORMULA, "=1+1"} <= texts


def test_a_csv_export_prefixes_text_that_would_start_a_formula(tmp_path):
    warehouse = tmp_path / "vision.duckdb"
    stated = [FORMULA, "+cmd", "-2+3", "@SUM(A1)", "\t=1", "-12.5", "△5"]
    frame = findings(len(stated))["finding"].assign(stated=stated, page=-3)
    load_revision(warehouse, document("r1"), {"finding": frame})
    out = tmp_path / "out"
    result = vision("export", "--format", "csv", "--out", str(out), "--warehouse", str(warehouse))
    assert result.exit_code == 0, result.output
    with (out / "finding.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["stated"] for row in rows] == [
        "'" + FORMULA,
        "'+cmd",
        "'-2+3",
        "'@SUM(A1)",
        "'\t=1",
        "-12.5",
        "△5",
    ]
    # a negative number stays a number: unquoted (QUOTE_NONNUMERIC) and without a prefix
    with (out / "finding.csv").open(encoding="utf-8-sig", newline="") as handle:
        first = list(csv.reader(handle, quoting=csv.QUOTE_NONNUMERIC))[1]
    assert -3.0 in first


def test_report_md_shows_a_script_as_text_and_kpi_progress_has_no_formula(hostile_text, tmp_path):
    out = tmp_path / "report"
    with duckdb.connect(str(hostile_text), read_only=True) as con:
        (revision,) = con.execute("SELECT revision_id FROM latest_revision").fetchone()
    # --revision: report what is loaded (without it the PDF's checks would run again)
    result = vision(
        "report", "--revision", revision, "--out", str(out), "--warehouse", str(hostile_text)
    )
    assert result.exit_code == 0, result.output
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    assert "<script>" not in (out / "report.html").read_text(encoding="utf-8")
    assert formulas(out / "kpi_progress.xlsx") == []


def test_a_formula_typed_as_a_source_stays_text_in_the_template_and_kpi_progress(
    warehouse_copy, tmp_path
):
    template = tmp_path / "kpi_actuals.xlsx"
    assert (
        vision(
            "actuals", "template", "--out", str(template), "--warehouse", str(warehouse_copy)
        ).exit_code
        == 0
    )
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    # a plausible actual: the KPI's own baseline (its first number, e.g. 231,390 of 231,390人)
    baseline = re.match(r"[\d,.]+", str(row[header.index("基準値")].value))
    assert baseline is not None
    row[header.index("実績値")].value = float(baseline.group().replace(",", ""))
    source = row[header.index("出典")]
    source.value, source.data_type = FORMULA, "s"  # typed as text, as Excel keeps '=…
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    imported = vision("actuals", "import", str(filled), "--warehouse", str(warehouse_copy))
    assert imported.exit_code == 0, imported.output
    again = tmp_path / "again.xlsx"
    assert (
        vision(
            "actuals", "template", "--out", str(again), "--warehouse", str(warehouse_copy)
        ).exit_code
        == 0
    )
    assert formulas(again) == []
    cells = [c for r in openpyxl.load_workbook(again).worksheets[0].iter_rows() for c in r]
    assert any(c.value == FORMULA and c.quotePrefix for c in cells)
    out = tmp_path / "report"
    assert vision("report", "--out", str(out), "--warehouse", str(warehouse_copy)).exit_code == 0
    assert formulas(out / "kpi_progress.xlsx") == []
    progress = [
        c.value
        for r in openpyxl.load_workbook(out / "kpi_progress.xlsx").active.iter_rows()
        for c in r
    ]
    assert FORMULA in progress


# ------------------------------------------------------------------------- messages


def test_a_duckdb_error_is_one_line_without_the_sql_echo(small):
    result = vision("query", "SELECT nosuch FROM municipality", "--warehouse", str(small))
    output = refused(result, 'Referenced column "nosuch" not found', max_lines=1)
    assert "LINE 1" not in output and "^" not in output


EXACT = (
    "SELECT 170141183460469231731687303715884105727::HUGEINT AS h, "
    "12345678901234567890123456789012345678::DECIMAL(38,0) AS d, "
    "'ab\\x00'::BLOB AS b, [1, 2, NULL] AS l, [[1, 2], [3]] AS ll"
)


def test_query_prints_hugeint_decimal_blob_and_lists_exactly(small):
    table = vision("query", EXACT, "--warehouse", str(small))
    assert table.exit_code == 0, table.output
    row = table.output.splitlines()[2].split()
    assert row == [
        "170141183460469231731687303715884105727",
        "12345678901234567890123456789012345678",
        "ab\\x00",
        "1、2、NULL",
        "[1,",
        "2]、[3]",
    ]
    as_json = vision("query", EXACT, "--format", "json", "--warehouse", str(small))
    import json

    assert json.loads(as_json.output) == [
        {
            "h": 170141183460469231731687303715884105727,
            "d": 12345678901234567890123456789012345678,
            "b": "ab\\x00",
            "l": [1, 2, None],
            "ll": [[1, 2], [3]],
        }
    ]
    as_csv = vision("query", EXACT, "--format", "csv", "--warehouse", str(small))
    assert as_csv.output.splitlines()[1] == (
        "170141183460469231731687303715884105727,12345678901234567890123456789012345678,"
        'ab\\x00,"[1, 2, NULL]","[[1, 2], [3]]"'
    )


@pytest.fixture
def damaged_xlsx(tmp_path: Path) -> Path:
    """A zip that is an .xlsx in every part but one sheet's XML, cut short."""
    import zipfile

    whole = tmp_path / "whole.xlsx"
    openpyxl.Workbook().save(whole)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b"<worksheet><sheetData><row>"
            target.writestr(item, data)
    return damaged


def test_damaged_or_absurd_actuals_are_named_with_what_to_do(
    warehouse_copy, tmp_path, damaged_xlsx
):
    huge = tmp_path / "huge.csv"
    huge.write_text("指標,年,実績値\nx,2024,1" + "0" * 400 + "\n", encoding="utf-8")
    before = digest(warehouse_copy)
    result = vision(
        "actuals", "import", str(damaged_xlsx), str(huge), "--warehouse", str(warehouse_copy)
    )
    output = refused(
        result, "damaged.xlsx: cannot be read (ParseError", "save it again", max_lines=6
    )
    assert "huge.csv, row 2, column 3 (実績値)" in output and "is not a number" in output
    assert "unexpected error" not in output
    assert digest(warehouse_copy) == before


def test_a_profile_nested_too_deeply_is_named(small, tmp_path):
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = vision("--profile", str(deep), "query", "SELECT 1", "--warehouse", str(small))
    refused(result, f"{deep}: nested too deeply", "shipped profile.toml", max_lines=4)


def test_an_unforeseen_error_names_the_files_given(small, tmp_path, monkeypatch):
    data = tmp_path / "data.csv"
    data.write_text("x\n", encoding="utf-8")

    def broken(path):
        raise TypeError("something nobody foresaw")

    monkeypatch.setattr("warehouse.actuals.read_actuals_file", broken)
    result = vision("actuals", "import", str(data), "--warehouse", str(small))
    refused(result, f"while processing {data}", "TypeError", "VISION_DEBUG=1")


def test_a_symlink_at_the_lock_is_refused_not_followed(small, tmp_path):
    from pipeline.cli_errors import explain
    from pipeline.messages import say
    from warehouse.lock import lock_path, writer_lock

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    lock_path(small).unlink(missing_ok=True)  # left by the load that made it
    lock_path(small).symlink_to(victim)
    with pytest.raises(OSError) as refused_lock, writer_lock(small):
        pass
    assert victim.read_text(encoding="utf-8") == "keep me"
    message = explain(refused_lock.value)
    assert message == f"{lock_path(small)}: {say('os.ELOOP')}"  # in the chosen language


def test_extracted_csv_keeps_pdf_text_that_looks_like_a_formula_as_text(
    vision_extraction, tmp_path
):
    from sources.extraction_export import write_extraction

    table = vision_extraction.tables[0]
    planted = [[FORMULA, "-12.5", *row[2:]] for row in table.rows]
    write_extraction(
        vision_extraction.document, [dataclasses.replace(table, rows=planted)], tmp_path, "csv"
    )
    with (tmp_path / f"{table.id}.csv").open(encoding="utf-8-sig", newline="") as handle:
        first = next(csv.reader(handle))
    assert first[:2] == ["'" + FORMULA, "-12.5"]
