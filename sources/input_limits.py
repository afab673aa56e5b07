"""What the pipeline agrees to read, checked before it reads: one validated settings
object (`input_limits()`, each limit overridable by the environment variable its message
names) and the one way input files are opened (`open_input`).

Why before: a FIFO blocks the first read for ever, `/dev/zero` never ends, a 15 MB zip
bomb unpacks to gigabytes inside openpyxl, a million-row CSV takes minutes to validate,
and a damaged PDF sends pdfminer into a quadratic search. Each is refused from what can
be learnt cheaply — the file's type and size, a zip's directory, a row count — with one
line naming the file, the limit and the variable that raises it.
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import Field, dataclass, fields
from pathlib import Path
from typing import BinaryIO


class InputRefused(ValueError):
    """An input refused before it was read: the message names it and the limit."""


class LimitSettingError(ValueError):
    """An environment variable meant to raise a limit holds something else."""


@dataclass(frozen=True)
class InputLimits:
    """Each field's variable is `VISION_<FIELD>` (upper case), e.g. VISION_PDF_MAX_MB."""

    # The vision is about 1 MB and opens in well under a second.
    pdf_max_mb: float = 100.0
    pdf_open_seconds: float = 60.0
    # An actuals workbook holds a few hundred rows in a few hundred kB.
    workbook_max_mb: float = 20.0
    workbook_max_unpacked_mb: float = 50.0  # the xlsx's parts, as its zip directory says
    workbook_max_ratio: float = 200.0  # unpacked / packed size of any one part
    workbook_max_rows: int = 10_000  # holding values, per sheet or CSV
    workbook_max_columns: int = 100  # up to the last one holding a value
    xml_max_depth: int = 64  # nesting of an xlsx part's elements (Excel writes < 10)
    profile_max_kb: float = 1024.0
    pattern_seconds: float = 1.0  # CPU time of one search with a profile's pattern

    @staticmethod
    def env_name(field: str) -> str:
        return f"VISION_{field.upper()}"

    def max_bytes(self, field: str) -> int:
        value = getattr(self, field)
        return int(value * (1024 * 1024 if field.endswith("_mb") else 1024))


def _parse(name: str, text: str, kind: type) -> float | int:
    try:
        value = kind(text)
    except ValueError:
        value = None
    # inf (or 1e400) would be no limit, and no byte count either: int(inf) raises.
    if value is None or not 0 < value < math.inf:
        raise LimitSettingError(
            f"{name}={text!r}: not a positive {'whole ' if kind is int else ''}number"
        )
    return value


def input_limits() -> InputLimits:
    """The limits in force: the defaults, each overridden by its variable when set.
    Read at every use, so a test or a long-lived process sees a change; parsed once per
    set of values (a refresh asks thousands of times)."""
    return _limits(tuple(os.environ.get(name, "") for name in _ENV_NAMES))


def _limits(values: tuple[str, ...]) -> InputLimits:
    if values in _PARSED:
        return _PARSED[values]
    overrides = {}
    for item, name, text in zip(fields(InputLimits), _ENV_NAMES, values, strict=True):
        if text.strip():
            overrides[item.name] = _parse(name, text.strip(), _kind(item))
    _PARSED[values] = limits = InputLimits(**overrides)
    return limits


def input_limit(field: str) -> float:
    """One limit in force (`input_limits().<field>`), reading its variable alone: for a
    check made thousands of times a refresh (each profile pattern's time limit)."""
    name = InputLimits.env_name(field)
    text = os.environ.get(name, "").strip()
    if not text:
        return getattr(_DEFAULTS, field)
    item = next(f for f in fields(InputLimits) if f.name == field)
    return _parse(name, text, _kind(item))


def _kind(item: Field) -> type:
    """What a limit's variable is read as: a whole number or a decimal."""
    return int if item.type in ("int", int) else float


_ENV_NAMES = tuple(InputLimits.env_name(item.name) for item in fields(InputLimits))
_DEFAULTS = InputLimits()
# Parsed limits by the variables' values (a bad value raises, and is not kept).
_PARSED: dict[tuple[str, ...], InputLimits] = {}


def _mb(size: float) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 1024:.0f} kB"


def open_input(path: Path, what: str, limit: str | None = None) -> BinaryIO:
    """`path` opened for reading once it is known to be a regular file within the size
    limit `limit` (an `InputLimits` field); InputRefused naming it and `what` it should
    be ("a vision PDF") otherwise, OSError when it cannot be opened. A FIFO is opened
    without waiting for a writer, then refused by its type."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputRefused(f"{path} is a directory, not {what}")
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused(
                f"{path} is not a regular file (a device, pipe or socket); give {what}"
            )
        if limit is not None:
            refuse_over(path, info.st_size, limit, what)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def refuse_special(path: Path, what: str) -> None:
    """InputRefused when `path` exists and is a FIFO, device or socket (a stat, which does
    not block): for files opened by others, such as DuckDB, that would wait on them."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing or unreadable: the command that opens it says so
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InputRefused(f"{path} is not a regular file (a device, pipe or socket); give {what}")


def refuse_over(path: Path, size: float, limit: str, what: str) -> None:
    """InputRefused when `size` bytes are over the `limit` field of the limits in force."""
    limits = input_limits()
    allowed = limits.max_bytes(limit)
    if size > allowed:
        raise InputRefused(
            f"{path}: {_mb(size)} is over the {_mb(allowed)} limit for {what}; "
            f"is it the right file? (raise {InputLimits.env_name(limit)} if it is)"
        )


def read_input(path: Path, what: str, limit: str) -> bytes:
    """The bytes of `path` (see `open_input`); a file that grew past the limit while it
    was read is refused too."""
    with open_input(path, what, limit) as handle:
        data = handle.read(input_limits().max_bytes(limit) + 1)
    refuse_over(path, len(data), limit, what)
    return data
