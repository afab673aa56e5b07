"""Ending the `vision` process without Python's teardown.

After a refresh the interpreter holds Dagster, Great Expectations, pandas and the frames
of a whole document; freeing them one by one at exit takes most of a second, which a user
waits for after the summary is printed. Run from the command line, the command therefore
ends the process directly once it is done: the exit handlers still run (logging is
flushed, worker processes are stopped) and so does the flush of stdout and stderr; only
the deallocation of every object is skipped. Every file the commands write is closed by
then (they write through `with` blocks), so nothing is lost.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys


def exit_code(code: object) -> int:
    """The status `sys.exit(code)` would give the process (a text is printed, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def end_process(code: object) -> None:
    """Leave with `code` as `sys.exit` would, but without the interpreter's teardown."""
    status = exit_code(code)
    atexit._run_exitfuncs()  # what a normal exit runs first (CPython's own function)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed, or a broken pipe
            stream.flush()
    os._exit(status)
