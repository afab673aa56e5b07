"""Where a value comes from: releases, the shipped snapshots (sha256-checked against the
manifest) and the provenance columns every frame carries."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pandas as pd

from sources.manifest import SourceEntry, source_entry
from sources.profile import AreaPrefix
from sources.vision_pdf import file_sha256


class Release(StrEnum):
    """Which publication of a statistic a value belongs to.

    The census publishes 速報 (preliminary) first and 確定 (final) later with different
    numbers; projections are neither. UNVERIFIED marks live tables whose identity could
    not be checked here (see `MIGRATION_STATS_DATA_ID_ENV`).
    """

    PRELIMINARY = "preliminary"
    FINAL = "final"
    PROJECTION = "projection"
    UNVERIFIED = "unverified"


PROVENANCE_COLUMNS = ("source_id", "publisher", "table_id", "release", "release_date")

# Manifest ids of the shipped snapshots.
CENSUS2020_FINAL_SOURCE = "census2020_final_yamagata06"
CENSUS2020_PRELIMINARY_SOURCE = "census2020_preliminary_0003433219"
IPSS2023_SOURCE = "ipss2023_projections_yamagata06"

NATIONAL_CODE = "00000"


class SnapshotIntegrityError(Exception):
    """A shipped snapshot's bytes do not hash to what the manifest says."""


class SnapshotFormatError(ValueError):
    """A snapshot is not in the format its reader expects (header, legend, codes)."""


# --------------------------------------------------------------------------- provenance


def snapshot_file(source_id: str, *, verify: bool = True) -> Path:
    """Path of a shipped snapshot, after checking its sha256 against the manifest."""
    entry = source_entry(source_id)
    path = entry.snapshot
    if verify:
        actual = file_sha256(path)
        if actual != entry.sha256:
            raise SnapshotIntegrityError(
                f"{path} hashes to {actual}, manifest {source_id!r} says {entry.sha256}"
            )
    return path


def provenance_of(entry: SourceEntry) -> dict[str, str]:
    return {
        "source_id": entry.id,
        "publisher": entry.publisher,
        "table_id": str(entry.extra.get("table_id", "")),
        "release": str(Release(entry.extra["release"])),
        "release_date": entry.published,
    }


def with_provenance(
    frame: pd.DataFrame, provenance: dict[str, str], columns: tuple[str, ...]
) -> pd.DataFrame:
    for key, value in provenance.items():
        frame[key] = value
    return frame.loc[:, list(columns)].reset_index(drop=True)


def prefix_text(area_prefix: AreaPrefix | None) -> str:
    """The prefectures of an area filter as a message names them (`33, 34`; `all`)."""
    return "all" if area_prefix is None else ", ".join(area_prefix)


def keep_areas(frame: pd.DataFrame, area_prefix: AreaPrefix | None) -> pd.DataFrame:
    """Keep 全国 plus the areas whose code starts with one of `area_prefix`'s prefecture
    codes (each member in its own prefecture; None keeps all)."""
    if area_prefix is None:
        return frame
    codes = frame["area_code"].astype(str)
    return frame[(codes == NATIONAL_CODE) | codes.str.startswith(area_prefix)]
