"""How the `vision` command fails: one or two lines naming the input and what to do, a
non-zero exit, and no traceback (`VISION_DEBUG=1` shows it).

Commands raise the project's own errors, whose messages already name the input; this
module is the one place that turns them — and the operating system's and DuckDB's
errors, which do not say what to do — into such a message. Anything unforeseen still ends
in one line that says how to see the details. The framing ("Error:", the hints) is in the
chosen language (pipeline/messages.py); the cause keeps its own words.
"""

from __future__ import annotations

import errno
import os
from typing import IO, Any

import click

from pipeline.messages import MESSAGES, say

DEBUG_ENV = "VISION_DEBUG"
EXIT_CANCELLED = 130  # 128 + SIGINT, what shells report for Ctrl-C


def debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip() not in ("", "0")


def first_line(text: str) -> str:
    text = str(text).strip()
    return text.splitlines()[0] if text else ""


def os_advice(exc: OSError) -> str:
    """What to do about an OS error, in the chosen language (the OS's words when unforeseen)."""
    name = errno.errorcode.get(exc.errno or -1, "")
    if f"os.{name}" in MESSAGES:
        return say(f"os.{name}")
    return exc.strerror or type(exc).__name__


def explain_os_error(exc: OSError) -> str:
    where = exc.filename or ""
    if exc.filename2:
        where = f"{where} → {exc.filename2}"
    advice = os_advice(exc)
    return f"{where}: {advice}" if where else advice


def explain(exc: BaseException, inputs: list[str] | None = None) -> str:
    """The one- or two-line message shown for `exc`."""
    import duckdb  # already imported by every command that can raise its errors

    if isinstance(exc, OSError) and not isinstance(exc, duckdb.Error):
        return explain_os_error(exc)
    if isinstance(exc, duckdb.Error):
        from warehouse.reader import duckdb_text

        return say("error.duckdb", message=duckdb_text(exc))
    message = first_line(str(exc))
    if type(exc).__module__.split(".")[0] in {"pipeline", "sources", "warehouse", "expectations"}:
        return message or type(exc).__name__
    if inputs:
        return say(
            "error.unexpected_input",
            inputs=", ".join(inputs),
            kind=type(exc).__name__,
            message=message[:200],
            env=DEBUG_ENV,
        )
    return say("error.unexpected", kind=type(exc).__name__, message=message, env=DEBUG_ENV)


def named_inputs(args: list[str]) -> list[str]:
    """The command line's arguments that name existing files: what an unforeseen error
    was most likely about (`--opt=path` counted too)."""
    found = []
    for arg in args:
        candidate = arg.split("=", 1)[1] if arg.startswith("--") and "=" in arg else arg
        if candidate.startswith("-") or not candidate:
            continue
        try:
            if os.path.lexists(candidate) and not os.path.isdir(candidate):
                found.append(candidate)
        except (OSError, ValueError):
            continue
    return found


class CommandFailed(click.ClickException):
    """A command's failure, shown under the chosen language's "Error:"."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(say("error", message=self.format_message()), err=True, file=file)


class AlreadyFramed(click.ClickException):
    """A failure whose message carries its own framing (the refresh's "✗ … failed" lines),
    shown as it is."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True, file=file)


class Cancelled(AlreadyFramed):
    """Ctrl-C in a command that has nothing of its own to say about it."""

    exit_code = EXIT_CANCELLED

    def __init__(self) -> None:
        super().__init__(say("error.cancelled"))


class GuardedGroup(click.Group):
    """A click group whose commands fail with `explain`'s message instead of a traceback,
    framed in the chosen language. Usage errors keep click's own (English) form, like --help."""

    def main(self, args: Any = None, *rest: Any, **options: Any) -> Any:
        """From the command line (arguments from sys.argv, click ending the process), end
        it without the interpreter's teardown once the command is done (see
        pipeline/process_exit.py); called with arguments (tests, other programs), as click."""
        if args is not None or rest or not options.get("standalone_mode", True):
            return super().main(args, *rest, **options)
        try:
            return super().main(args, **options)
        except SystemExit as done:
            from pipeline.process_exit import end_process

            end_process(done.code)

    def invoke(self, ctx: click.Context) -> Any:
        # the subcommand and its arguments, not yet parsed (click keeps them apart until 9)
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.UsageError, click.Abort, CommandFailed, AlreadyFramed):
            raise
        except click.ClickException as exc:
            failed = CommandFailed(exc.format_message())
            failed.exit_code = exc.exit_code
            raise failed from exc
        except KeyboardInterrupt as exc:
            raise Cancelled() from exc
        except Exception as exc:
            if debug_enabled():
                raise
            raise CommandFailed(explain(exc, named_inputs(args))) from exc
