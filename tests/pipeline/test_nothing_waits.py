"""Issue 24: nothing waits without end. Through the real `vision` executable (the command
ends its process itself, so a worker left running shows here and not under CliRunner):
a refresh or check that fails early, or is cancelled with Ctrl-C while its page-analysis
workers run, exits at once with its own lines, leaving no process behind."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

VISION = Path(sys.executable).with_name("vision")
# Bound on every wait below; each case ends well within it.
SECONDS = 60

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="needs /proc (Linux) to see the workers"
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _env() -> dict[str, str]:
    env = dict(os.environ) | {"PYTHONDONTWRITEBYTECODE": "1"}
    for name in ("DAGSTER_HOME", "ESTAT_APP_ID", "VISION_DEBUG"):
        env.pop(name, None)
    return env


def _group_members(pgid: int) -> list[int]:
    """Live processes of process group `pgid` (a command and its workers share one)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # after "pid (comm)": state ppid pgrp …; a zombie has already exited
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(VISION), "--lang", "en", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(),
        start_new_session=True,  # its own process group, as a shell gives a command
        # a shell started in the background ignores SIGINT (and so would the command, run
        # from a CI job started so); a user's terminal does not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _finish(run: subprocess.Popen[str]) -> tuple[int, str, float]:
    """(exit code, output, seconds waited) once the command ended; its group killed if not."""
    started = time.monotonic()
    try:
        output = run.communicate(timeout=SECONDS)[0]
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        output = run.communicate()[0]
        pytest.fail(f"still running after {SECONDS} s:\n{output}")
    return run.returncode, output, time.monotonic() - started


@pytest.fixture
def held_warehouse(tmp_path: Path):
    """A DuckDB file another process holds open read-write for the test's duration."""
    target, marker = tmp_path / "held.duckdb", tmp_path / "open"
    duckdb.connect(str(target)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import pathlib, time, duckdb
                con = duckdb.connect({str(target)!r})
                pathlib.Path({str(marker)!r}).touch()
                time.sleep({SECONDS})
                """
            ),
        ]
    )
    deadline = time.monotonic() + SECONDS
    while not marker.exists():
        assert holder.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    try:
        yield target, holder.pid
    finally:
        holder.kill()
        holder.wait()


def test_an_early_failure_ends_the_workers_started_ahead(held_warehouse):
    # `vision check` goes the same way (pipeline/checking.py); one case costs a Dagster import
    target, holder = held_warehouse
    before = digest(target)
    run = _start("refresh", "--warehouse", str(target))
    code, output, _ = _finish(run)
    assert code == 1, output
    assert "open read-write in" in output and f"PID {holder}" in output, output
    assert "Traceback" not in output and len(output.strip().splitlines()) == 2, output
    assert _group_members(run.pid) == []
    assert digest(target) == before


def test_ctrl_c_while_the_workers_run_exits_130_with_one_line(tmp_path):
    run = _start("refresh", "--warehouse", str(tmp_path / "new.duckdb"))
    deadline = time.monotonic() + SECONDS
    # Ctrl-C in the first seconds: the workers analyse pages while Dagster is imported.
    while len(_group_members(run.pid)) < 2:
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()[0]
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGINT)  # what a terminal sends the foreground group
    code, output, waited = _finish(run)
    assert code == 130, output
    assert output.strip() == "cancelled", output
    assert waited < 10
    assert _group_members(run.pid) == []
    assert not (tmp_path / "new.duckdb").exists()
