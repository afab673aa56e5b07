"""A refresh with DAGSTER_HOME set: what the instance knows is read without Dagster when it
can be, and the run reads its outputs back from memory while still writing them where
`dagster dev` reads them."""

import os
import shutil
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import dagster as dg
import pytest

from pipeline.dagster_home import REVISION_PARTITIONS, event_index_path, partition_registered
from pipeline.partitions import VISION_REVISIONS
from pipeline.refresh import RememberingFilesystemIOManager, register_revision
from sources.manifest import default_vision_pdf
from sources.revision_store import RevisionStore
from tests.conftest import REPO_ROOT


@pytest.fixture
def home(tmp_path, monkeypatch):
    """The documented setup: the repository's dagster.yaml, Dagster started from its folder."""
    shutil.copyfile(REPO_ROOT / "dagster.yaml", tmp_path / "dagster.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.setenv("VISION_REVISION_STORE", str(tmp_path / "revisions"))
    return tmp_path


def test_the_partitions_name_is_the_one_dagster_uses():
    assert VISION_REVISIONS.name == REVISION_PARTITIONS


def test_the_shipped_configuration_points_at_its_sqlite_index(home):
    # Relative, as dagster.yaml says: from the directory Dagster is started in.
    assert event_index_path(home) == Path(".dagster/storage/history/runs/index.db")


def test_a_home_without_configuration_keeps_its_index_in_the_home(tmp_path):
    assert event_index_path(tmp_path) == tmp_path / "history" / "runs" / "index.db"


@pytest.mark.parametrize(
    "config",
    [
        "storage:\n  postgres:\n    postgres_url: postgresql://x/y\n",
        "storage:\n  sqlite:\n    base_dir:\n      env: SOME_DIR\n",
        "event_log_storage:\n  module: x\n  class: Y\n",
        "storage: [broken\n",
    ],
)
def test_any_other_storage_is_left_to_dagster(tmp_path, config):
    (tmp_path / "dagster.yaml").write_text(config)
    assert event_index_path(tmp_path) is None


def test_a_partition_dagster_registered_is_read_back_without_dagster(home):
    pdf = default_vision_pdf()
    key = RevisionStore().add(pdf).key
    assert partition_registered(REVISION_PARTITIONS, key) is None  # no instance yet
    assert register_revision(pdf) == key  # Dagster writes it
    assert partition_registered(REVISION_PARTITIONS, key) is True
    assert partition_registered(REVISION_PARTITIONS, "0" * 12) is None  # ask Dagster
    assert partition_registered("another_partitions", key) is None


def test_a_refresh_with_nothing_to_do_does_not_import_dagster_once_registered(home, warehouse_copy):
    """The no-op refresh with DAGSTER_HOME set: the 1.4 s of importing Dagster and opening
    its instance were the whole difference to the one without (issue 22); importing pandas
    was most of what remained of both (0.5 s → 0.2 s)."""
    pdf = default_vision_pdf()
    register_revision(pdf)
    script = textwrap.dedent(
        f"""
        import sys
        from pipeline.cli import main
        try:
            main(["--lang", "en", "refresh", "--warehouse", {str(warehouse_copy)!r}])
        except SystemExit:
            pass
        print("dagster imported:", "dagster" in sys.modules)
        print("pandas imported:", "pandas" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=home,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert "nothing changed" in result.stdout, result.stdout + result.stderr
    assert "registered revision" not in result.stdout
    assert "dagster imported: False" in result.stdout
    assert "pandas imported: False" in result.stdout


PARTITIONS = dg.StaticPartitionsDefinition(["a", "b"])


@dg.asset(partitions_def=PARTITIONS)
def upstream(context: dg.AssetExecutionContext) -> str:
    return f"value of {context.partition_key}"


@dg.asset(partitions_def=PARTITIONS)
def downstream(upstream: str) -> str:
    return upstream.upper()


def test_outputs_are_written_for_dagster_dev_and_read_back_from_memory(tmp_path, monkeypatch):
    manager = RememberingFilesystemIOManager(base_dir=str(tmp_path))
    loaded_from_disk: list[str] = []
    monkeypatch.setattr(
        manager, "load_from_path", lambda context, path: loaded_from_disk.append(path) or ""
    )
    result = dg.materialize(
        [upstream, downstream],
        partition_key="b",
        resources={"io_manager": dg.IOManagerDefinition.hardcoded_io_manager(manager)},
    )
    assert result.success
    assert result.output_for_node("downstream") == "VALUE OF B"
    assert loaded_from_disk == []
    # The files dagster's own fs_io_manager reads: <base>/<asset key>/<partition>.
    assert (tmp_path / "upstream" / "b").is_file()
    assert (tmp_path / "downstream" / "b").is_file()


def test_an_output_of_another_run_is_still_read_from_disk(tmp_path):
    first = RememberingFilesystemIOManager(base_dir=str(tmp_path))
    resources = {"io_manager": dg.IOManagerDefinition.hardcoded_io_manager(first)}
    assert dg.materialize([upstream], partition_key="a", resources=resources).success
    second = RememberingFilesystemIOManager(base_dir=str(tmp_path))
    result = dg.materialize(
        [upstream.to_source_asset(), downstream],
        partition_key="a",
        resources={"io_manager": dg.IOManagerDefinition.hardcoded_io_manager(second)},
    )
    assert result.output_for_node("downstream") == "VALUE OF A"


def _wal_database(path: Path) -> None:
    import sqlite3

    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("CREATE TABLE event_logs (id INTEGER PRIMARY KEY, event TEXT)")
        con.commit()


def _one_event(engine, n: int) -> int:
    """What Dagster's SQLite storage does per event: connect, insert, commit, close."""
    from sqlalchemy import text

    with engine.connect() as con:
        con.execute(text("INSERT INTO event_logs (event) VALUES (:e)"), {"e": f"event {n}"})
        synchronous = con.execute(text("PRAGMA synchronous")).scalar()
        con.commit()
    return synchronous


def test_the_storage_stays_open_while_a_run_writes_its_events(home):
    """Dagster opens and closes a connection per event; closing the last one checkpoints
    and deletes the WAL every time. Inside `sqlite_storage_kept_open` a kept connection
    makes every close not the last (the WAL file stays) and commits sync at WAL's NORMAL
    level; outside the instance's storage nothing changes."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from pipeline.dagster_home import sqlite_storage_kept_open

    shard = home / ".dagster/storage/history/runs/run-1.db"
    elsewhere = home / "elsewhere.db"
    for path in (shard, elsewhere):
        _wal_database(path)
    engines = {p: create_engine(f"sqlite:///{p}", poolclass=NullPool) for p in (shard, elsewhere)}
    wal = {p: p.with_name(p.name + "-wal") for p in engines}

    with sqlite_storage_kept_open():
        levels = {p: [_one_event(e, n) for n in range(3)] for p, e in engines.items()}
        assert wal[shard].exists()  # not checkpointed away after each event
        assert not wal[elsewhere].exists()
    assert levels[shard] == [1, 1, 1]  # NORMAL
    assert levels[elsewhere] == [2, 2, 2]  # FULL, SQLite's default
    assert not wal[shard].exists()  # checkpointed once, at the end
    _one_event(engines[shard], 9)
    assert not wal[shard].exists()  # the listener is gone
    import sqlite3

    with closing(sqlite3.connect(shard)) as con:
        assert con.execute("SELECT count(*) FROM event_logs").fetchone() == (4,)


def test_another_storage_is_left_alone(tmp_path, monkeypatch):
    from pipeline.dagster_home import sqlite_storage_kept_open

    (tmp_path / "dagster.yaml").write_text("storage:\n  postgres:\n    postgres_url: x\n")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with sqlite_storage_kept_open():
        pass


def test_the_event_log_uses_one_engine_per_file_while_a_run_writes(home):
    """Dagster's SQLite event log asks for a new engine (and connection) for every event;
    inside `sqlite_storage_kept_open` each file gets one engine whose pool keeps its
    connection, every event still written; afterwards Dagster's own function is back."""
    from dagster._core.storage.event_log.sqlite import sqlite_event_log
    from sqlalchemy.pool import NullPool

    from pipeline.dagster_home import sqlite_storage_kept_open

    shard = home / ".dagster/storage/history/runs/run-2.db"
    _wal_database(shard)
    url = f"sqlite:///{shard}"
    dagsters_own = sqlite_event_log.create_engine
    with sqlite_storage_kept_open():
        engines = [sqlite_event_log.create_engine(url, poolclass=NullPool) for _ in range(3)]
        assert engines[0] is engines[1] is engines[2]
        assert not isinstance(engines[0].pool, NullPool)
        for n in range(5):
            _one_event(engines[0], n)
    assert sqlite_event_log.create_engine is dagsters_own
    import sqlite3

    with closing(sqlite3.connect(shard)) as con:
        assert con.execute("SELECT count(*) FROM event_logs").fetchone() == (5,)
