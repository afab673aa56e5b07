"""`vision refresh` end to end: the shipped PDF, an edition with a wrong 合計, a broken PDF."""

import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.refresh import run_refresh
from sources.manifest import default_vision_pdf
from tests.fixtures.pdf_edit import replace_text

MUNICIPALITIES = 14


def rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(autouse=True)
def _offline_and_ephemeral(monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)


def test_the_population_table_lands_as_printed_with_page_provenance(refreshed):
    population = rows(
        refreshed.warehouse,
        "SELECT row_kind, year, value, value_text, page FROM fact_population "
        "WHERE printed_in = '2(1)ア'",
    )
    assert len(population) == (MUNICIPALITIES + 1) * 4
    assert {r[1] for r in population} == {2020, 2030, 2040, 2050}
    assert {r[4] for r in population} == {8}
    total_2020 = [r for r in population if r[0] == "total" and r[1] == 2020]
    assert [(r[2], r[3]) for r in total_2020] == [(531855, "531,855")]


def test_the_total_row_check_passes_on_the_shipped_pdf(refreshed):
    [check] = [c for c in refreshed.checks if c.name == "population_total_row"]
    assert check.passed
    assert check.compared >= 4
    assert rows(
        refreshed.warehouse,
        "SELECT count(*) FROM document_findings WHERE check_id = 'population_total_row'",
    ) == [(0,)]


def test_a_pdf_with_a_wrong_total_is_loaded_and_the_finding_names_the_cell(tmp_path):
    edited = tmp_path / "wrong_total.pdf"
    # 2050 合計 of 2(1)ア on page 8: 390,148 → 390,147 (the digits the page's font has).
    edited.write_bytes(replace_text(default_vision_pdf().read_bytes(), 8, "390,148", "390,147"))
    summary = run_refresh(edited, tmp_path / "vision.duckdb")
    assert summary.success  # the document's own inconsistency never blocks the load
    [check] = [c for c in summary.checks if c.name == "population_total_row"]
    assert (check.passed, check.severity, check.findings) == (False, "WARN", 1)
    [finding] = rows(
        summary.warehouse,
        "SELECT page, row_label, column_label, stated, expected FROM document_findings "
        "WHERE check_id = 'population_total_row'",
    )
    assert finding == (8, "合計", "将来推計人口/2050年", "390,147", "390,148")


def test_a_truncated_pdf_fails_clearly_and_keeps_the_previous_warehouse(warehouse_copy, tmp_path):
    before = hashlib.sha256(warehouse_copy.read_bytes()).hexdigest()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(default_vision_pdf().read_bytes()[:200_000])
    summary = run_refresh(broken, warehouse_copy)
    assert not summary.success
    assert any("broken.pdf" in e for e in summary.errors), summary.errors
    assert hashlib.sha256(warehouse_copy.read_bytes()).hexdigest() == before
    assert rows(warehouse_copy, "SELECT count(*) FROM municipality") == [(MUNICIPALITIES,)]
    assert summary.failure_log is not None and "broken.pdf" in summary.failure_log.read_text()


def test_the_command_exits_non_zero_on_a_broken_pdf_and_zero_with_nothing_to_do(
    refreshed, warehouse_copy, tmp_path
):
    runner = CliRunner()
    broken = tmp_path / "broken.pdf"
    broken.write_text("<html>not a pdf</html>")
    failed = runner.invoke(
        main, ["refresh", "--pdf", str(broken), "--warehouse", str(warehouse_copy)]
    )
    assert failed.exit_code == 1
    assert "not a PDF" in failed.output
    unchanged = runner.invoke(main, ["refresh", "--warehouse", str(warehouse_copy)])
    assert unchanged.exit_code == 0
    assert "変更なし" in unchanged.output
    in_english = runner.invoke(
        main, ["--lang", "en", "refresh", "--warehouse", str(warehouse_copy)]
    )
    assert "nothing changed" in in_english.output


def test_a_second_edition_lives_beside_the_first_and_vision_diff_names_the_change(
    warehouse_copy, tmp_path
):
    edited = tmp_path / "edition2.pdf"
    # 上山市 2030 projection on page 8: 24,311 → 24,312.
    edited.write_bytes(replace_text(default_vision_pdf().read_bytes(), 8, "24,311", "24,312"))
    assert run_refresh(edited, warehouse_copy).success
    assert rows(warehouse_copy, "SELECT count(*) FROM source_document") == [(2,)]
    result = CliRunner().invoke(
        main, ["diff", "--warehouse", str(warehouse_copy), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["changes"]
    assert [(c["kind"], c["what"], c["old"], c["new"], c["new_page"]) for c in changes] == [
        ("changed", "ア 人口と将来推計人口 上山市 将来推計人口/2030年", "24,311", "24,312", 8)
    ]


def test_with_nothing_to_do_the_pdf_is_still_registered_in_dagster_home(
    warehouse_copy, tmp_path, monkeypatch
):
    """The README's order: a first refresh without DAGSTER_HOME, then with it."""
    import shutil

    import dagster as dg

    from pipeline.partitions import VISION_REVISIONS
    from sources.revision_store import revision_key
    from tests.conftest import REPO_ROOT

    shutil.copyfile(REPO_ROOT / "dagster.yaml", tmp_path / "dagster.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    result = CliRunner().invoke(
        main, ["--lang", "en", "refresh", "--warehouse", str(warehouse_copy)]
    )
    assert result.exit_code == 0, result.output
    assert "nothing changed" in result.output
    key = revision_key(hashlib.sha256(default_vision_pdf().read_bytes()).hexdigest())
    assert f"registered revision {key}" in result.output
    with dg.DagsterInstance.get() as instance:
        assert instance.get_dynamic_partitions(VISION_REVISIONS.name) == [key]


def test_a_refresh_failing_mid_run_leaves_the_previous_warehouse_and_says_where(
    warehouse_copy, monkeypatch
):
    from pipeline.defs.vision import assets
    from warehouse.normalize import FrameError

    def broken_normalization(tables, sha):
        raise FrameError("④山形市立図書館の利用状況", "cell '1,2x4' is not a number")

    monkeypatch.setattr(assets, "build_all_frames", broken_normalization)
    before = hashlib.sha256(warehouse_copy.read_bytes()).hexdigest()
    summary = run_refresh(default_vision_pdf(), warehouse_copy)
    assert not summary.success
    assert any("vision__facts" in e and "④山形市立図書館の利用状況" in e for e in summary.errors), (
        summary.errors
    )
    assert hashlib.sha256(warehouse_copy.read_bytes()).hexdigest() == before
    assert rows(warehouse_copy, "SELECT count(*) FROM fact_population") != [(0,)]


def test_a_pdf_that_is_not_the_vision_is_named_and_said_to_be_so(warehouse_copy, tmp_path):
    from reportlab.pdfgen import canvas

    other = tmp_path / "minutes.pdf"
    page = canvas.Canvas(str(other))
    page.drawString(100, 750, "Minutes of a meeting, not the vision")
    page.save()
    before = hashlib.sha256(warehouse_copy.read_bytes()).hexdigest()
    result = CliRunner().invoke(
        main, ["refresh", "--pdf", str(other), "--warehouse", str(warehouse_copy)]
    )
    assert result.exit_code == 1
    assert len(result.output.splitlines()) <= 3, result.output
    output = " ".join(result.output.split())
    assert str(other) in output
    assert "expected tables not found — is this PDF the vision" in output
    assert "revisions/" not in output  # the user's file is named, not the internal copy
    assert "Error" not in output and "Dependencies" not in output and "__" not in output
    assert "前の倉庫はそのまま" in output
    assert hashlib.sha256(warehouse_copy.read_bytes()).hexdigest() == before


def test_ctrl_c_says_cancelled_and_leaves_the_previous_warehouse(warehouse_copy, monkeypatch):
    from pipeline.defs.vision import assets

    def interrupted(tables, sha):
        raise KeyboardInterrupt

    monkeypatch.setattr(assets, "build_all_frames", interrupted)
    before = hashlib.sha256(warehouse_copy.read_bytes()).hexdigest()
    result = CliRunner().invoke(main, ["refresh", "--force", "--warehouse", str(warehouse_copy)])
    assert result.exit_code == 130, result.output
    assert (
        result.output.splitlines()[-1] == f"中断しました。前の倉庫はそのままです: {warehouse_copy}"
    )
    assert "Interrupt" not in result.output and "Error" not in result.output
    assert hashlib.sha256(warehouse_copy.read_bytes()).hexdigest() == before


def test_refresh_prints_one_line_per_step_and_per_check_family(warehouse_copy):
    """The shipped PDF: the four steps in words, one line per family with its counts (the
    counts from the findings the refresh stored), the warehouse; no internal step names."""
    result = CliRunner().invoke(
        main, ["--lang", "en", "refresh", "--force", "--warehouse", str(warehouse_copy)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    steps = [line.split(":")[0].split("(")[0].strip() for line in lines if line.startswith("  ✓")]
    assert steps == ["✓ extract tables", "✓ normalize", "✓ check", "✓ load into the warehouse"]
    assert "__" not in result.output and "PASS" not in result.output
    counts = rows(
        warehouse_copy,
        "SELECT family, count(*) FILTER (WHERE severity = 'error'), "
        "count(*) FILTER (WHERE severity = 'warning') FROM finding GROUP BY family",
    )
    families = rows(warehouse_copy, "SELECT count(DISTINCT family) FROM check_result")[0][0]
    family_lines = [line for line in lines if line[:1] in "✓!✗" and "compared)" in line]
    assert len(family_lines) == families
    for _, errors, warnings in counts:
        assert any(f"errors {errors}, warnings {warnings}" in line for line in family_lines)
    assert lines[-1].startswith(f"warehouse: {warehouse_copy}")
    assert len(lines) <= 4 + 1 + families + 2
