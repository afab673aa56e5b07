"""One writer at a time: concurrent loads both land, a process holding the file read-write
is never swapped under, and a killed writer's committed rows survive the next load."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.warehouse.test_load import count, digest, document, findings
from warehouse.load import load_revision
from warehouse.lock import (
    DEFAULT_LOCK_TIMEOUT,
    LOCK_TIMEOUT_ENV,
    LockTimeoutInvalid,
    WarehouseBusy,
    lock_timeout,
    writer_lock,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
# Every child process here ends by itself within this many seconds.
CHILD_SECONDS = 30


def _wait_for(path: Path, child: subprocess.Popen, seconds: float = CHILD_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def _loader(target: Path, revision: str, rows: int, marker: Path, hold: float) -> str:
    """A script that loads `revision`, touching `marker` and pausing `hold` s before the
    swap (so a second loader certainly overlaps it)."""
    return textwrap.dedent(
        f"""
        import pathlib, sys, time
        sys.path.insert(0, {str(REPO_ROOT)!r})
        from tests.warehouse.test_load import document, findings
        from warehouse.load import load_revision
        def pause(_con):
            pathlib.Path({str(marker)!r}).touch()
            time.sleep({hold})
        load_revision(pathlib.Path({str(target)!r}), document({revision!r}),
                      findings({rows}), validate=pause,
                      on_wait=lambda m: print("waiting:", m, file=sys.stderr, flush=True))
        """
    )


def test_two_loads_started_together_both_keep_their_revision(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r0"), findings(1))
    first_marker, second_marker = tmp_path / "first", tmp_path / "second"
    first = subprocess.Popen(
        [sys.executable, "-c", _loader(target, "r1", 2, first_marker, 2.0)],
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for(first_marker, first)  # the first holds the lock and is about to swap
    second = subprocess.Popen(
        [sys.executable, "-c", _loader(target, "r2", 3, second_marker, 0.0)],
        stderr=subprocess.PIPE,
        text=True,
    )
    _, first_err = first.communicate(timeout=CHILD_SECONDS)
    _, second_err = second.communicate(timeout=CHILD_SECONDS)
    assert (first.returncode, second.returncode) == (0, 0), (first_err, second_err)
    assert "waiting:" in second_err and f"PID {first.pid}" in second_err, second_err
    assert count(target, "SELECT count(DISTINCT revision_id) FROM finding") == 3
    assert count(target, "SELECT count(*) FROM finding WHERE revision_id = 'r1'") == 2
    assert count(target, "SELECT count(*) FROM finding WHERE revision_id = 'r2'") == 3


def test_a_writer_that_cannot_get_the_lock_in_time_gives_up_naming_the_holder(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(2))
    before = digest(target)
    marker = tmp_path / "holding"
    holder = subprocess.Popen(
        [sys.executable, "-c", _loader(target, "r9", 1, marker, CHILD_SECONDS / 2)],
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(marker, holder)
        waits: list[str] = []
        started = time.monotonic()
        busy = pytest.raises(WarehouseBusy, match=rf"PID {holder.pid}.*after 1 s")
        with busy, writer_lock(target, timeout=1.0, on_wait=waits.append):
            pass
        assert time.monotonic() - started < 5
        assert waits and "waiting up to 1 s" in waits[0]
    finally:
        holder.kill()
        holder.wait()
    assert digest(target) == before


def _holder_script(target: Path, marker: Path) -> str:
    """Opens `target` read-write like the DuckDB CLI or a notebook would, commits a row,
    signals, then stays (bounded) until killed."""
    return textwrap.dedent(
        f"""
        import pathlib, time, duckdb
        con = duckdb.connect({str(target)!r})
        con.execute("CREATE TABLE IF NOT EXISTS analyst_note (note VARCHAR)")
        con.execute("INSERT INTO analyst_note VALUES ('keep me')")
        pathlib.Path({str(marker)!r}).touch()
        time.sleep({CHILD_SECONDS})
        """
    )


def test_a_load_refuses_while_another_process_holds_the_file_read_write(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(2))
    marker = tmp_path / "open"
    holder = subprocess.Popen([sys.executable, "-c", _holder_script(target, marker)])
    try:
        _wait_for(marker, holder)
        before = digest(target)
        with pytest.raises(WarehouseBusy, match=rf"open read-write in .*PID {holder.pid}"):
            load_revision(target, document("r2"), findings(3))
        assert digest(target) == before
    finally:
        holder.kill()
        holder.wait()
    assert not list(tmp_path.glob("vision.duckdb.tmp-*"))


def test_rows_committed_by_a_killed_writer_survive_the_next_load(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(2))
    marker = tmp_path / "open"
    holder = subprocess.Popen([sys.executable, "-c", _holder_script(target, marker)])
    _wait_for(marker, holder)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert target.with_name("vision.duckdb.wal").exists()  # committed, not checkpointed
    load_revision(target, document("r2"), findings(3))
    assert not target.with_name("vision.duckdb.wal").exists()
    assert count(target, "SELECT count(*) FROM analyst_note") == 1
    assert count(target, "SELECT count(DISTINCT revision_id) FROM finding") == 2


def test_the_lock_is_re_entrant_within_a_process(tmp_path):
    target = tmp_path / "vision.duckdb"
    with writer_lock(target, timeout=0.5):
        load_revision(target, document("r1"), findings(1))
    assert count(target, "SELECT count(*) FROM finding") == 1


@pytest.mark.parametrize("raw", ["5m", "nan", "inf", "-1"])
def test_a_lock_timeout_that_is_no_number_of_seconds_is_refused_before_writing(
    tmp_path, monkeypatch, raw
):
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, raw)
    target = tmp_path / "vision.duckdb"
    with pytest.raises(LockTimeoutInvalid, match=f"{LOCK_TIMEOUT_ENV}='{raw}'"):
        load_revision(target, document("r1"), findings(1))
    assert not target.exists()


@pytest.mark.parametrize(("raw", "seconds"), [("", DEFAULT_LOCK_TIMEOUT), (" 2.5 ", 2.5)])
def test_the_lock_timeout_is_read_in_seconds(monkeypatch, raw, seconds):
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, raw)
    assert lock_timeout() == seconds
