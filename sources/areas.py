"""Several areas in one deployment: the areas file and the area a step works under.

A data engineer serving a prefecture, or several 連携中枢都市圏, runs one Dagster code
location over several profiles. The deployment declares its areas in a TOML file named by
`$VISION_AREAS` (example: `areas.example.toml`):

    [[area]]
    key = "my_area"                 # the area's partition key: the profile's name
    profile = "profiles_local/my_area"  # a shipped profile, or the path of one
    warehouse = "warehouse/my_area.duckdb"
    pdf_url = "https://…/vision.pdf"   # optional: where the area publishes its PDF
    actuals = "actuals/my_area"     # optional: its KPI actuals (default actuals/<key>)

Relative paths are read from the folder of the areas file. Each area has its own warehouse
file (two areas never share one: their facts, findings and load history are one area's).

Without `$VISION_AREAS` the deployment is one area — the run's profile and its warehouse —
and nothing else changes (pipeline/partitions.py keeps plain revision partitions then).

`area_scope(area)` makes `area` the one every call in this context works under: the
profile `current_profile()` reads (sources.profile) and the warehouse `resolve_warehouse()`
returns (warehouse.paths) consult it before `$VISION_PROFILE` and `$VISION_WAREHOUSE`. A
`ContextVar` rather than the environment: two steps of two areas may run in one process
(Dagster's in-process executor, threads), and each must see its own.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from sources.input_limits import InputRefused, LimitSettingError, read_input

AREAS_ENV = "VISION_AREAS"
_KEY = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_KNOWN = ("key", "profile", "warehouse", "pdf_url", "actuals")


class AreasError(ValueError):
    """An areas file that cannot be used: unreadable, not TOML, or an area wrong."""


@dataclass(frozen=True)
class Area:
    """One area of the deployment: its partition key, profile, warehouse and inputs."""

    key: str
    profile: str  # a shipped profile's name, or an absolute path (its profile.toml's folder)
    warehouse: Path
    actuals: Path  # its KPI actuals folder
    pdf_url: str | None = None


def read_areas(path: Path) -> tuple[Area, ...]:
    """The areas declared in the TOML file at `path`; AreasError naming the file, the area
    and the key of anything wrong."""
    try:
        # Read like a profile: a FIFO or device is refused instead of waited on, and a
        # byte-order mark (Windows Notepad's UTF-8) is not taken for a TOML statement.
        raw = read_input(path, "an areas file (TOML)", "profile_max_kb")
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (InputRefused, LimitSettingError) as err:
        raise AreasError(f"{err}; {AREAS_ENV} must name an areas file") from None
    except OSError as err:
        raise AreasError(
            f"{path}: cannot be read ({err.strerror or err}); {AREAS_ENV} must name "
            "an areas file (see areas.example.toml)"
        ) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise AreasError(f"{path}: not a UTF-8 TOML file ({err})") from None
    rows = data.get("area")
    if set(data) - {"area"} or not isinstance(rows, list) or not rows:
        raise AreasError(f"{path}: expected one [[area]] table per area and nothing else")
    areas = tuple(_area(path, i, row) for i, row in enumerate(rows, start=1))
    for attribute in ("key", "warehouse"):
        values = [getattr(a, attribute) for a in areas]
        twice = next((v for v in values if values.count(v) > 1), None)
        if twice is not None:
            # One warehouse per area: two areas in one file would mix their facts and
            # findings, and their runs would queue on each other's writer.
            raise AreasError(f"{path}: {attribute} {str(twice)!r} is given to two areas")
    return areas


def _area(path: Path, number: int, row: object) -> Area:
    where = f"{path}: [[area]] #{number}"
    if not isinstance(row, dict):
        raise AreasError(f"{where} must be a table")
    unknown = sorted(set(row) - set(_KNOWN))
    if unknown:
        raise AreasError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(_KNOWN)})")
    for required in ("key", "profile", "warehouse"):
        if not isinstance(row.get(required), str) or not row[required].strip():
            raise AreasError(f"{where}: {required!r} must be given as text")
    for optional in ("pdf_url", "actuals"):
        if optional in row and not isinstance(row[optional], str):
            raise AreasError(f"{where}: {optional!r} must be text")
    for name, value in row.items():
        if "\x00" in value:  # no path or address holds one; os would refuse it untold
            raise AreasError(f"{where}: {name!r} holds a NUL character; remove it")
    key = row["key"].strip()
    if not _KEY.match(key):
        # A partition key of a multi-partition cannot hold | , [ ]; a sensor name is built
        # from it too.
        raise AreasError(f"{where}: key {key!r} must be lower-case letters, digits and _")
    base = path.resolve().parent
    profile = row["profile"].strip()
    if "/" in profile or os.sep in profile or profile.endswith(".toml"):
        profile = str((base / profile).resolve())
    actuals = row.get("actuals", "").strip()
    return Area(
        key=key,
        profile=profile,
        warehouse=(base / row["warehouse"].strip()).resolve(),
        pdf_url=row.get("pdf_url", "").strip() or None,
        actuals=(base / (actuals or f"actuals/{key}")).resolve(),
    )


def areas_file() -> Path | None:
    """The areas file `$VISION_AREAS` names, or None: one area, the run's profile."""
    configured = os.environ.get(AREAS_ENV, "").strip()
    return Path(configured) if configured else None


def configured_areas() -> tuple[Area, ...] | None:
    """The deployment's areas, or None when `$VISION_AREAS` is not set. Every area's
    profile is read now: a wrong path or key stops the code location (or the command) from
    loading with one line, rather than failing each of the area's runs."""
    path = areas_file()
    if path is None:
        return None
    areas = read_areas(path)
    check_profiles(path, areas)
    return areas


def check_profiles(path: Path, areas: tuple[Area, ...]) -> None:
    """AreasError naming the areas file, the area and the profile's own problem."""
    from sources.profile import ProfileError, load_profile  # profile.py imports this module

    for area in areas:
        try:
            load_profile(area.profile)
        except ProfileError as err:
            raise AreasError(f"{path}: area {area.key!r}: {err}") from None


def find_area(areas: tuple[Area, ...], key: str) -> Area:
    """The area called `key`; AreasError listing the known ones otherwise."""
    for area in areas:
        if area.key == key:
            return area
    known = ", ".join(a.key for a in areas)
    raise AreasError(f"no area {key!r} in {areas_file() or 'the areas file'} (areas: {known})")


_SCOPE: ContextVar[Area | None] = ContextVar("vision_area", default=None)


def scoped_area() -> Area | None:
    """The area this context works under (`area_scope`), or None."""
    return _SCOPE.get()


@contextmanager
def area_scope(area: Area | None) -> Iterator[Area | None]:
    """Work under `area` (its profile and warehouse) until the block ends; None changes
    nothing."""
    token = _SCOPE.set(area) if area is not None else None
    try:
        yield area
    finally:
        if token is not None:
            _SCOPE.reset(token)


def enter_area(area: Area) -> None:
    """Work under `area` for the rest of this context (the `vision` command, one area per
    process)."""
    _SCOPE.set(area)


def area_of_profile(areas: tuple[Area, ...], profile_name: str) -> Area | None:
    """The area whose profile is `profile_name` (a shipped name or a path, compared by the
    profile.toml both mean), or None."""
    from sources.profile import ProfileError, profile_path  # profile.py imports this module

    try:
        wanted = profile_path(profile_name).resolve()
    except ProfileError:
        return None
    for area in areas:
        try:
            if profile_path(area.profile).resolve() == wanted:
                return area
        except ProfileError:
            continue
    return None
