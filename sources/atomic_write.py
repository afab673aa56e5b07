"""Writing the product's files so that a symlink is never followed and no reader ever
sees half a file.

Every file `vision` writes — exports, reports, the actuals template, extracted tables, the
lock's owner note — is written to a new file beside its target (created exclusively, so
nothing planted there is opened) and renamed over the target name: a symlink planted at
`municipality.csv` is replaced by a regular file and its target is left alone. Append-only
logs are opened with O_NOFOLLOW, refusing a symlink in their place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _default_mode() -> int:
    """What `open()` would give a new file: 0o666 less the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def staged_path(path: Path) -> Iterator[Path]:
    """A new, empty file beside `path` for a library that writes to a path (openpyxl,
    pandas, DuckDB); renamed over `path` when the block ends without an exception,
    removed otherwise."""
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    staged = Path(name)
    try:
        yield staged
        os.chmod(staged, _default_mode())
        _sync(staged)  # on disk before the name points at it: a crash leaves old or new
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def replacing(path: Path, mode: str = "w", **options: Any) -> Iterator[IO[Any]]:
    """An open file (`mode` 'w' or 'wb', `options` as for `open`) whose content replaces
    `path` when the block ends without an exception."""
    with staged_path(path) as staged, open(staged, mode, **options) as handle:
        yield handle


def replace_file(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    """Write `content` (text in `encoding`, or bytes) to `path` via a file renamed over it."""
    data = content.encode(encoding) if isinstance(content, str) else content
    with replacing(path, "wb") as out:
        out.write(data)
    return Path(path)


def append_line(path: Path, line: str, encoding: str = "utf-8") -> None:
    """Append `line` and a newline to the log at `path` in one write, creating it if
    missing; OSError (ELOOP) when `path` is a symlink, which is never followed."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags, 0o666)
    try:
        os.write(descriptor, (line + "\n").encode(encoding))
    finally:
        os.close(descriptor)
