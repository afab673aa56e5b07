"""Where commands write their files (`--out`): checked before any work is done.

An empty `--out` is refused (it would mean the current directory, and an export would
scatter dozens of files there); a file or a device where a directory is expected is
explained; missing directories are created. Files are written beside their target and
renamed over it, so a symlink planted at `report.md` is replaced, never followed, and a
reader never sees half a file.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.messages import say
from sources.atomic_write import replace_file
from warehouse.paths import cannot_write_in

__all__ = ["OutputPathError", "prepare_output_dir", "replace_file"]


class OutputPathError(Exception):
    """The output location cannot be used; the message names it and says what to do."""


def prepare_output_dir(out: Path | str | None, option: str = "--out") -> Path:
    """The directory `out`, created if missing; OutputPathError when it cannot be one."""
    if out is None or not str(out).strip():
        raise OutputPathError(say("out.empty", option=option))
    path = Path(out)
    if path.exists() and not path.is_dir():
        kind = say("out.file") if path.is_file() else say("out.special")
        raise OutputPathError(say("out.not_a_directory", path=path, kind=kind, option=option))
    ancestor = path
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputPathError(say("out.under_a_file", path=path, ancestor=ancestor, option=option))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputPathError(
            say("out.cannot_create", path=path, reason=exc.strerror or exc)
        ) from exc
    problem = cannot_write_in(path)
    if problem is not None:
        raise OutputPathError(
            say("out.cannot_write", path=path, reason=problem.strerror or problem, option=option)
        )
    return path
