"""How the `vision` command fails: one or two lines naming the input and what to do, a
non-zero exit, and no traceback (`VISION_DEBUG=1` shows it).

Commands raise the project's own errors, whose messages already name the input; this
module is the one place that turns them — and the operating system's and DuckDB's
errors, which do not say what to do — into such a message. Anything unforeseen still ends
in one line that says how to see the details.
"""

from __future__ import annotations

import errno
import os
from typing import Any

import click

DEBUG_ENV = "VISION_DEBUG"

# What to do about an OS error, by errno: the message names the path, this says the fix.
_OS_ADVICE = {
    errno.EACCES: "permission denied; choose a location you can write, or fix its permissions",
    errno.EPERM: "operation not permitted; choose another location",
    errno.EROFS: "the file system is read-only; choose a writable location",
    errno.ENOTDIR: "a part of this path is a file, not a directory; choose another path",
    errno.EISDIR: "this is a directory; give a file path",
    errno.ENOENT: "no such file or directory; check the path",
    errno.ENOSPC: "no space left on the device; free some space and run again",
    errno.EEXIST: "something else already exists there; choose another path",
}


def debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip() not in ("", "0")


def first_line(text: str) -> str:
    text = str(text).strip()
    return text.splitlines()[0] if text else ""


def explain_os_error(exc: OSError) -> str:
    where = exc.filename or ""
    if exc.filename2:
        where = f"{where} → {exc.filename2}"
    advice = _OS_ADVICE.get(exc.errno or -1, exc.strerror or type(exc).__name__)
    return f"{where}: {advice}" if where else advice


def explain(exc: BaseException) -> str:
    """The one- or two-line message shown for `exc`."""
    import duckdb  # already imported by every command that can raise its errors

    if isinstance(exc, OSError) and not isinstance(exc, duckdb.Error):
        return explain_os_error(exc)
    if isinstance(exc, duckdb.Error):
        return (
            f"DuckDB: {first_line(str(exc))}\n"
            "is the warehouse a file built by `vision refresh`? (VISION_DEBUG=1 for details)"
        )
    message = first_line(str(exc))
    if type(exc).__module__.split(".")[0] in {"pipeline", "sources", "warehouse", "expectations"}:
        return message or type(exc).__name__
    return (
        f"unexpected error: {type(exc).__name__}: {message}\n"
        f"run again with {DEBUG_ENV}=1 to see where it happened"
    )


class GuardedGroup(click.Group):
    """A click group whose commands fail with `explain`'s message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if debug_enabled():
                raise
            raise click.ClickException(explain(exc)) from exc
