"""A warehouse built by an earlier version: the read-only commands say to run `vision
refresh` (which migrates it) instead of failing on a view or column it lacks."""

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from warehouse.load import apply_migrations, migrations, outdated_migrations


def _as_an_earlier_version_left_it(warehouse: Path) -> str:
    """Forget the newest migration, as a warehouse built before it was written."""
    newest = migrations()[-1].name
    with duckdb.connect(str(warehouse)) as con:
        con.execute("DELETE FROM schema_migration WHERE name = ?", [newest])
    return newest


def _revision(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT revision_id FROM source_document").fetchone()[0]


@pytest.mark.parametrize("command", ["diff", "report"])
def test_an_outdated_warehouse_is_named_with_what_to_run(warehouse_copy, tmp_path, command):
    newest = _as_an_earlier_version_left_it(warehouse_copy)
    revision = _revision(warehouse_copy)[:12]
    args = {
        "diff": ["diff", revision, revision],
        "report": ["report", "--revision", revision, "--out", str(tmp_path / "out")],
    }[command]
    result = CliRunner().invoke(main, [*args, "--warehouse", str(warehouse_copy)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 2, result.output
    assert str(warehouse_copy) in lines[0] and newest in lines[0]
    assert f"vision refresh --warehouse {warehouse_copy}" in lines[1]
    assert "Traceback" not in result.output and "DuckDB" not in result.output
    assert not (tmp_path / "out" / "report.html").exists()


def test_the_refresh_migrator_brings_it_up_to_date(tmp_path, monkeypatch):
    """A file an earlier version built (every migration but the newest applied; the newest
    need not be repeatable, e.g. a column rename) is brought up to date."""
    from warehouse import load

    every = migrations()
    newest = every[-1].name
    with duckdb.connect(str(tmp_path / "earlier.duckdb")) as con:
        with monkeypatch.context() as earlier:
            earlier.setattr(load, "migrations", lambda: every[:-1])
            apply_migrations(con)
        assert outdated_migrations(con) == [newest]
        assert apply_migrations(con) == [newest]
        assert outdated_migrations(con) == []


def test_a_file_without_a_migration_record_is_left_to_the_command(tmp_path):
    with duckdb.connect(str(tmp_path / "other.duckdb")) as con:
        assert outdated_migrations(con) == []
