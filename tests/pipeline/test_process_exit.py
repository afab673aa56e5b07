"""The command line ends without the interpreter's teardown (pipeline/process_exit.py):
what it printed still arrives through a pipe, its exit status is the command's, an open
file it wrote through a `with` block is complete and the warehouse lock is free."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from pipeline.process_exit import exit_code
from warehouse.lock import writer_lock

REPO = Path(__file__).resolve().parents[2]
ROWS = 50_000  # far more than one pipe buffer, so nothing reaches the reader unless flushed


def _run(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO)},
    )


def _vision(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`vision <args>` as from a shell: arguments from sys.argv, so the direct exit is taken."""
    return _run(
        f"""
        import sys
        sys.argv = ["vision", *{args!r}]
        from pipeline.cli import main
        main()
        raise SystemExit("the command line did not end the process")
        """,
        tmp_path,
    )


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), ("a message", 1)])
def test_the_status_is_the_one_sys_exit_would_give(code, status, capsys):
    assert exit_code(code) == status
    assert capsys.readouterr().err == ("a message\n" if isinstance(code, str) else "")


def test_a_long_output_arrives_whole_through_a_pipe_with_status_zero(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"CREATE TABLE numbers AS SELECT range AS n FROM range({ROWS})")
    done = _vision(
        [
            "query",
            "SELECT n FROM numbers ORDER BY n",
            "--format",
            "csv",
            "--warehouse",
            str(warehouse),
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip("\n").splitlines()
    assert lines[0] == "n"
    assert lines[1:] == [str(n) for n in range(ROWS)]


def test_a_failing_command_keeps_its_non_zero_status_and_its_message(tmp_path):
    not_a_warehouse = tmp_path / "notes.duckdb"
    not_a_warehouse.write_text("not a database")
    failed = _vision(["query", "SELECT 1", "--warehouse", str(not_a_warehouse)], tmp_path)
    assert failed.returncode == 1, failed.stderr
    assert "notes.duckdb" in failed.stderr
    assert "Traceback" not in failed.stderr
    misused = _vision(["query", "SELECT 1", "--warehouse", str(tmp_path / "no.duckdb")], tmp_path)
    assert misused.returncode == 2  # click's status for a usage error


def test_files_written_in_with_blocks_are_complete_and_the_lock_is_released(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    written = tmp_path / "out.txt"
    done = _run(
        f"""
        from pathlib import Path
        from pipeline.process_exit import end_process
        from warehouse.lock import writer_lock
        with writer_lock(Path({str(warehouse)!r}), timeout=0):
            with open({str(written)!r}, "w") as out:
                out.write("x" * {ROWS})
            print("done", flush=False)
            end_process(3)
        """,
        tmp_path,
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout == "done\n"
    assert written.read_text() == "x" * ROWS
    with writer_lock(warehouse, timeout=0):  # raises WarehouseBusy if still held
        pass
