"""Every connection to the warehouse that is not the loader's writer: `vision query`,
`export`, `report`, `diff`, `check`, the actuals template and the refresh's own reads.

DuckDB's `read_only=True` only protects the database file. A view stored in the file runs
with the reader's settings, so a view planted to `read_csv('/etc/passwd')` would be
exported as a table, and `COPY … TO` or `read_text` could reach any file. A reader is
therefore opened with:

- external access off and the configuration locked, so no statement (and no stored view)
  reads or writes a file, loads an extension or turns that back on;
- no temporary directory: DuckDB otherwise keeps `<warehouse>.tmp/` beside the file and
  lets even a locked connection read and write there (a symlink in it reaches `/etc`). A
  reader spills nothing to disk; `writable_dir` names the one private folder an export
  may write its Parquet files in;
- a time limit: a timer interrupts the connection (`VISION_QUERY_TIMEOUT` seconds).
"""

from __future__ import annotations

import math
import os
import re
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.lock import describe_duckdb_holder

QUERY_TIMEOUT_ENV = "VISION_QUERY_TIMEOUT"
DEFAULT_QUERY_TIMEOUT = 300.0
# Set before the database starts; nothing a statement does can change them afterwards.
READER_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    # '' = no spilling directory at all (not DuckDB's default `<warehouse>.tmp/`).
    "temp_directory": "",
}


# DuckDB repeats the statement under its message: "LINE 1: SELECT …" and a caret line.
_SQL_ECHO = re.compile(r"\s*LINE \d+:")


class WarehouseMissing(Exception):
    """No usable warehouse at the path; the message says what to do."""


class QueryTimeout(Exception):
    """A statement ran past the time limit and was interrupted."""


def open_reader(path: Path, *, writable_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only, locked-down connection to `path` (DuckDB errors as DuckDB raises them).

    `writable_dir`: a private, freshly made folder the connection may write files in (an
    export's Parquet files, renamed into place by the caller); nothing else is reachable.
    """
    con = duckdb.connect(str(path), read_only=True, config=dict(READER_CONFIG))
    try:
        if writable_dir is not None:
            # allowed_directories can only be set on a running database, before locking.
            con.execute("SET allowed_directories = ?", [[f"{writable_dir.resolve()}/"]])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def connect_read_only(path: Path, *, writable_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """`open_reader`, with a missing, busy or foreign file explained (WarehouseMissing)."""
    if not path.exists():
        raise WarehouseMissing(f"{path}: no warehouse yet; run `vision refresh` first")
    if path.is_dir():
        raise WarehouseMissing(f"{path} is a directory; give the warehouse's .duckdb file")
    try:
        return open_reader(path, writable_dir=writable_dir)
    except duckdb.IOException as exc:
        holder = describe_duckdb_holder(exc)
        if holder is not None:
            raise WarehouseMissing(
                f"{path} is open read-write in {holder}; close that connection "
                "(or open it with read_only=True there) and run again"
            ) from exc
        detail = "" if "not a valid DuckDB database" in str(exc) else f" ({_first_line(exc)})"
        raise WarehouseMissing(
            f"{path} is not a DuckDB warehouse{detail}; give the file `vision refresh` "
            "built, or run `vision refresh --warehouse PATH`"
        ) from exc


def query_timeout() -> float:
    """Seconds a reader's statement may run: VISION_QUERY_TIMEOUT, else the default."""
    raw = os.environ.get(QUERY_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_QUERY_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise QueryTimeout(
            f"{QUERY_TIMEOUT_ENV}={raw!r} is not a number of seconds; "
            f"set it to e.g. {DEFAULT_QUERY_TIMEOUT:.0f} or unset it"
        )
    return seconds


@contextmanager
def time_limited(con: duckdb.DuckDBPyConnection, what: str) -> Iterator[None]:
    """Interrupt `con` when the block runs longer than `query_timeout()` (QueryTimeout then
    names `what` and the setting to raise) or when Ctrl-C is pressed (KeyboardInterrupt)."""
    seconds = query_timeout()
    fired, cancelled = threading.Event(), threading.Event()

    def stop() -> None:
        fired.set()
        con.interrupt()

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        with _interrupted_by_ctrl_c(con, cancelled):
            yield
    except duckdb.InterruptException as exc:
        if fired.is_set() and not cancelled.is_set():
            raise QueryTimeout(
                f"{what}: stopped after {seconds:g} s; narrow it down, or raise "
                f"{QUERY_TIMEOUT_ENV} (seconds)"
            ) from exc
        raise KeyboardInterrupt from exc
    finally:
        timer.cancel()
    if cancelled.is_set():
        raise KeyboardInterrupt


@contextmanager
def _interrupted_by_ctrl_c(con: duckdb.DuckDBPyConnection, cancelled: threading.Event):
    """Ctrl-C interrupts `con` at once. Python runs a signal handler only between
    bytecodes of the main thread, which waits inside DuckDB; the signal's byte on a
    wake-up socket is seen by a watching thread right away."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(
        signal.SIGINT
    ) in (signal.SIG_IGN, None):
        yield
        return
    receiver, sender = socket.socketpair()
    sender.setblocking(False)

    def watch() -> None:
        while data := receiver.recv(64):
            if signal.SIGINT in data:
                cancelled.set()
                con.interrupt()

    previous_handler = signal.signal(signal.SIGINT, lambda *_: cancelled.set())
    previous_fd = signal.set_wakeup_fd(sender.fileno(), warn_on_full_buffer=False)
    watcher = threading.Thread(target=watch, name="vision-ctrl-c", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous_fd)
        signal.signal(signal.SIGINT, previous_handler)
        sender.close()
        watcher.join(timeout=5)
        receiver.close()


def duckdb_text(exc: BaseException, limit: int = 300) -> str:
    """DuckDB's message on one line: its first two lines of prose (the error and, for a
    binder error, the candidates), without the `LINE 1:` echo of the SQL and its caret."""
    lines = [
        line.strip()
        for line in str(exc).splitlines()
        if line.strip() and not _SQL_ECHO.match(line) and line.strip() != "^"
    ]
    text = " ".join(lines[:2]) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


_first_line = duckdb_text
