"""One writer at a time per warehouse, and never a swap under someone else's open file.

Every command that writes a warehouse takes `writer_lock(path)` first: an OS file lock
(`filelock`, flock on POSIX) on `<warehouse>.lock` beside it, released by the kernel even
when the holder is killed. A second writer waits, saying who holds it, up to a timeout
(`VISION_LOCK_TIMEOUT` seconds, default `DEFAULT_LOCK_TIMEOUT`), then gives up with
`WarehouseBusy` — two refreshes run one after the other and both revisions stay.

The lock only orders this project's writers. Another program (the DuckDB CLI, a notebook)
may hold the DuckDB file itself open read-write; replacing the file under it would lose
what it commits and leave its `.wal` to be replayed onto the new file. DuckDB takes an
exclusive OS lock for a read-write connection and a shared one for a read-only
connection, so `guard_against_other_writers` opens the file read-only: that fails, naming
the holder's program and PID, exactly when someone holds it read-write, and while the
guard stays open nobody else can open it read-write.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from sources.atomic_write import replace_file

LOCK_TIMEOUT_ENV = "VISION_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 300.0
# DuckDB's message when another process holds the file: "... Conflicting lock is held in
# /usr/bin/python3.11 (PID 11692). See also ..."
_DUCKDB_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class WarehouseBusy(Exception):
    """Another process is writing the warehouse, or holds it open read-write."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def owner_path(warehouse: Path) -> Path:
    """Who holds the writer lock (pid, command, since): for the waiting writer's message."""
    return warehouse.with_name(warehouse.name + ".lock.owner")


class LockTimeoutInvalid(WarehouseBusy):
    """VISION_LOCK_TIMEOUT holds no usable number of seconds; nothing was written."""


def lock_timeout() -> float:
    """Seconds a writer waits for the lock: VISION_LOCK_TIMEOUT, else the default. A value
    that is not a finite number of seconds ≥ 0 is refused, not replaced by the default
    (`5m` would otherwise wait 300 s, `nan` would print as a wait of "nan s")."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise LockTimeoutInvalid(
            f"{LOCK_TIMEOUT_ENV}={raw!r} is not a number of seconds; "
            f"set it to e.g. {DEFAULT_LOCK_TIMEOUT:.0f} or unset it"
        )
    return seconds


def _describe_owner(warehouse: Path) -> str:
    try:
        # O_NOFOLLOW: a symlink planted at the note is not read either
        descriptor = os.open(owner_path(warehouse), os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, encoding="utf-8") as note:
            owner = json.loads(note.read(4096))
        return f"PID {owner['pid']} ({owner['command']}, since {owner['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"


def _write_owner(warehouse: Path) -> None:
    command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv else "python"
    record = {
        "pid": os.getpid(),
        "command": command[:200],
        "since": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }
    # Only a nicer message for waiters; the lock itself is what counts.
    with suppress(OSError):
        replace_file(owner_path(warehouse), json.dumps(record, ensure_ascii=False))


@contextmanager
def writer_lock(
    warehouse: Path,
    *,
    timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block (re-entrant within a thread).

    When another process holds it, `on_wait` is told who and for how long this one will
    wait; after `timeout` seconds (default: `lock_timeout()`) WarehouseBusy is raised.
    """
    timeout = lock_timeout() if timeout is None else timeout
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(warehouse), is_singleton=True)
    if not lock.is_locked:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            holder = _describe_owner(warehouse)
            if on_wait is not None:
                on_wait(
                    f"{warehouse} is being written by {holder}; "
                    f"waiting up to {timeout:.0f} s for it to finish"
                )
            try:
                lock.acquire(timeout=timeout)
            except Timeout:
                raise WarehouseBusy(
                    f"{warehouse} is still being written by {holder} after {timeout:.0f} s; "
                    f"run again when it has finished (or raise {LOCK_TIMEOUT_ENV})"
                ) from None
        first = True
    else:
        lock.acquire()  # re-entry: only counts
        first = False
    try:
        if first:
            _write_owner(warehouse)
        yield
    finally:
        if first:
            owner_path(warehouse).unlink(missing_ok=True)
        lock.release()


def describe_duckdb_holder(error: duckdb.Error) -> str | None:
    """'PROGRAM (PID n)' from DuckDB's lock-conflict message, or None for other errors."""
    match = _DUCKDB_HOLDER.search(str(error))
    return f"{match['program']} (PID {match['pid']})" if match else None


def refuse_if_open_read_write(warehouse: Path) -> None:
    """WarehouseBusy now when another process holds `warehouse` read-write, so a refresh
    says so before its work rather than after (the load checks again before the swap)."""
    with guard_against_other_writers(warehouse):
        pass


@contextmanager
def guard_against_other_writers(warehouse: Path) -> Iterator[None]:
    """Refuse (WarehouseBusy) when another process holds `warehouse` open read-write, and
    keep it that way for the block by holding a read-only connection (a shared lock)."""
    if not warehouse.is_file():
        yield
        return
    try:
        guard = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as exc:
        holder = describe_duckdb_holder(exc)
        if holder is None:
            raise
        raise WarehouseBusy(
            f"{warehouse} is open read-write in {holder}; replacing it now would lose what "
            "that process writes. Close that connection (or open it with read_only=True) "
            "and run again"
        ) from exc
    try:
        yield
    finally:
        guard.close()
