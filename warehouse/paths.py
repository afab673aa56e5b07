"""Where the warehouse lives by default. Kept free of heavy imports: `vision refresh` with
nothing new must answer in well under a second."""

from __future__ import annotations

import os
from pathlib import Path

from sources.areas import scoped_area
from sources.input_limits import refuse_special

WAREHOUSE_DIR = Path(__file__).resolve().parent
DEFAULT_WAREHOUSE = WAREHOUSE_DIR / "vision.duckdb"
WAREHOUSE_ENV = "VISION_WAREHOUSE"


def resolve_warehouse(path: Path | str | None = None) -> Path:
    """The warehouse a command uses: the one given, else the area's when working under one
    (sources.areas), else VISION_WAREHOUSE, else `warehouse/vision.duckdb`; InputRefused
    when that is a FIFO or device, which DuckDB would wait on for ever."""
    area = scoped_area()
    scoped = area.warehouse if area is not None else None
    chosen = Path(path or scoped or os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)
    refuse_special(chosen, "a DuckDB warehouse file")
    return chosen


# A refresh builds `<warehouse>.tmp-<pid>-<random>` beside the warehouse, then renames it.
STAGED_INFIX = ".tmp-"


def quote_identifier(name: str) -> str:
    """`name` as a DuckDB identifier in SQL text (double quotes, inner quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def remove_abandoned_copies(target: Path) -> list[Path]:
    """Delete staged copies left beside `target` by refreshes that were killed (their
    process is gone); a running refresh's copy is left alone. Cheap enough for every
    refresh, the no-op one included."""
    removed = []
    try:
        leftovers = list(target.parent.glob(f"{glob_escape(target.name)}{STAGED_INFIX}*"))
    except OSError:
        return removed
    for leftover in leftovers:
        pid = leftover.name[len(target.name) + len(STAGED_INFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                continue  # a read-only directory: nothing this refresh can do about it
            removed.append(leftover)
    return removed


def glob_escape(name: str) -> str:
    """`name` with glob metacharacters escaped, for Path.glob."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def cannot_write_in(directory: Path) -> OSError | None:
    """Why no file can be created in `directory`, or None when one can. Tried for real
    (a temporary file, removed at once): permission bits alone miss read-only mounts,
    ACLs and file systems such as sysfs, and say nothing for root."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".vision-probe-"):
            return None
    except OSError as exc:
        return exc
