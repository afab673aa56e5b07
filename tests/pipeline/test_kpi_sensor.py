"""kpi_actuals_sensor with Dagster's sensor test context: a run for a new or changed
workbook in the actuals folder, none for an unchanged one; and the kpi/actuals asset fails
a run on a bad workbook, leaving the warehouse as it was."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipeline.defs.kpi.assets import ACTUALS_DIR_ENV
from pipeline.defs.kpi.sensors import ACTUALS_ASSET, kpi_actuals_sensor
from pipeline.partitions import VISION_REVISIONS

REVISION = "c861fc555b2e"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "actuals"
    path.mkdir()
    monkeypatch.setenv(ACTUALS_DIR_ENV, str(path))
    return path


@pytest.fixture
def instance() -> dg.DagsterInstance:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(VISION_REVISIONS.name, [REVISION])
    return instance


def tick(instance: dg.DagsterInstance, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        cursor=cursor, instance=instance, sensor_name="kpi_actuals_sensor"
    )
    result = kpi_actuals_sensor(context)
    assert isinstance(result, dg.SensorResult)
    return result


def test_a_new_workbook_requests_one_run_and_an_unchanged_one_none(folder, instance) -> None:
    empty = tick(instance, None)
    assert not empty.run_requests and "no new or changed workbook" in str(empty.skip_reason)
    (folder / "yamagata.xlsx").write_bytes(b"workbook v1")
    (folder / "~$yamagata.xlsx").write_bytes(b"excel lock file")  # never a workbook
    first = tick(instance, empty.cursor)
    assert len(first.run_requests) == 1
    request = first.run_requests[0]
    assert request.asset_selection == [ACTUALS_ASSET] and request.partition_key == REVISION
    assert json.loads(first.cursor) == {"yamagata.xlsx": hashlib.sha256(b"workbook v1").hexdigest()}
    again = tick(instance, first.cursor)
    assert not again.run_requests and again.cursor == first.cursor


def test_a_changed_workbook_requests_a_run_and_touching_it_does_not(folder, instance) -> None:
    path = folder / "tendo.xlsx"
    path.write_bytes(b"workbook v1")
    first = tick(instance, None)
    path.write_bytes(b"workbook v1")  # saved again, same bytes
    assert not tick(instance, first.cursor).run_requests
    path.write_bytes(b"workbook v2")
    changed = tick(instance, first.cursor)
    assert len(changed.run_requests) == 1
    assert changed.run_requests[0].run_key != first.run_requests[0].run_key
    assert "tendo.xlsx" in changed.run_requests[0].tags["kpi/changed_workbooks"]


def test_a_bad_workbook_fails_the_run_and_keeps_the_warehouse(
    folder, warehouse_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.definitions import build_definitions

    (folder / "bad.csv").write_text("区分,指標,年,実績値\nア-1,圏域全体の従業者数,2024,たくさん\n")
    before = hashlib.sha256(warehouse_copy.read_bytes()).hexdigest()
    defs = build_definitions(str(warehouse_copy))
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(VISION_REVISIONS.name, [REVISION])
    job = defs.resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(
        instance=instance,
        partition_key=REVISION,
        asset_selection=[ACTUALS_ASSET],
        raise_on_error=False,
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    message = failure.step_failure_data.error.message
    assert "bad.csv, row 2, column 4 (実績値)" in message and "'たくさん'" in message
    assert hashlib.sha256(warehouse_copy.read_bytes()).hexdigest() == before
    shutil.rmtree(folder)


def test_a_form_saved_as_xls_is_listed_for_the_import_to_refuse_not_skipped(
    folder, warehouse_copy
) -> None:
    from pipeline.defs.kpi.assets import actuals_workbooks
    from warehouse.actuals import ActualsImportError, import_actuals

    for name in ("b.xlsx", "a.xls", "notes.txt", "~$b.xlsx", "scan.pdf"):
        (folder / name).write_bytes(b"x")
    (folder / "old.csv").mkdir()
    assert [p.name for p in actuals_workbooks()] == ["a.xls", "b.xlsx"]
    with pytest.raises(ActualsImportError, match=r"a\.xls: "):
        import_actuals(warehouse_copy, actuals_workbooks())


def _run_actuals(warehouse: Path, run_config: dict | None = None) -> dg.ExecuteInProcessResult:
    from pipeline.definitions import build_definitions

    defs = build_definitions(str(warehouse))
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(VISION_REVISIONS.name, [REVISION])
    return defs.resolve_implicit_global_asset_job_def().execute_in_process(
        instance=instance,
        partition_key=REVISION,
        asset_selection=[ACTUALS_ASSET],
        raise_on_error=False,
        run_config=run_config or {},
    )


def test_the_folder_follows_the_command_conflict_rule_unless_replace_is_configured(
    folder, warehouse_copy: Path, tmp_path: Path
) -> None:
    """A value imported with the command is not overridden by a workbook dropped into the
    folder: the run fails with the command's message; run config replace lets it win."""
    import duckdb
    from click.testing import CliRunner

    from pipeline.cli import main

    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        key, indicator, base, year = con.execute(
            "SELECT indicator_key, indicator, baseline_value, baseline_year + 1 FROM "
            "kpi_targets WHERE printed_in = '3(1)' AND category_code = 'ア' AND kpi_seq = 1"
        ).fetchone()
    earlier = tmp_path / "cli.csv"
    earlier.write_text(f"指標,年,実績値\n{indicator},{year},{base + 100:.0f}\n", encoding="utf-8")
    cli = CliRunner().invoke(
        main,
        ["--lang", "en", "actuals", "import", str(earlier), "--warehouse", str(warehouse_copy)],
    )
    assert cli.exit_code == 0, cli.output
    (folder / "city.csv").write_text(
        f"指標,年,実績値,メモ\n{indicator},{year},{base + 200:.0f},速報値\n", encoding="utf-8"
    )
    command = CliRunner().invoke(
        main,
        ["--lang", "en", "actuals", "import", str(folder / "city.csv"), "--warehouse",
         str(warehouse_copy)],
    )  # fmt: skip
    assert command.exit_code != 0
    before = hashlib.sha256(warehouse_copy.read_bytes()).hexdigest()
    result = _run_actuals(warehouse_copy)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    message = failure.step_failure_data.error.message
    conflict = next(line for line in command.output.splitlines() if "city.csv, row 2" in line)
    assert conflict in message and "run config replace: true" in message
    assert hashlib.sha256(warehouse_copy.read_bytes()).hexdigest() == before
    replaced = _run_actuals(
        warehouse_copy, {"ops": {"kpi__actuals": {"config": {"replace": True}}}}
    )
    assert replaced.success
    [materialization] = replaced.asset_materializations_for_node("kpi__actuals")
    [note] = materialization.metadata["not_imported"].value
    assert note.startswith("city.csv, column 4 (メモ): not a column of the form")
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        assert con.execute(
            "SELECT value, file_name FROM kpi_actual_latest WHERE indicator_key = ? AND year = ?",
            [key, year],
        ).fetchone() == (base + 200, "city.csv")
