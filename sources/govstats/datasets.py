"""The datasets a refresh knows: each one's snapshot reader and live e-Stat table."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sources import census2025, ssdse_a
from sources.estat.client import EStatClient
from sources.estat.shapes import StatsData
from sources.govstats.census2020 import (
    CENSUS_COLUMNS,
    census_frame_from_stats_data,
    read_census_2020,
    read_census_2020_preliminary,
)
from sources.govstats.ipss import read_ipss_2023
from sources.govstats.provenance import (
    CENSUS2020_FINAL_SOURCE,
    CENSUS2020_PRELIMINARY_SOURCE,
    IPSS2023_SOURCE,
    PROVENANCE_COLUMNS,
    Release,
    SnapshotFormatError,
    keep_areas,
    provenance_of,
    snapshot_file,
    with_provenance,
)
from sources.manifest import source_entry
from sources.profile import AreaPrefix

# e-Stat tables used by the live path (ids verified against real response bodies).
CENSUS_STAT_CODE = "00200521"  # 国勢調査
CENSUS2020_FINAL_STATS_DATA_ID = "0003445078"  # 人口等基本集計 1-1-1 男女別人口
CENSUS2020_PRELIMINARY_STATS_DATA_ID = "0003433219"  # 速報集計 1-1 男女別人口

# 住民基本台帳人口移動報告: no copy of its municipal table could be checked here, so the
# statsDataId is configuration, and the live answer is tagged Release.UNVERIFIED.
MIGRATION_STAT_CODE = "00200523"  # 住民基本台帳人口移動報告 (e-Stat toukei code)
MIGRATION_STATS_DATA_ID_ENV = "ESTAT_MIGRATION_STATS_DATA_ID"


LiveFetch = Callable[[EStatClient, "DatasetSpec", str | None], tuple[pd.DataFrame, StatsData]]


@dataclass(frozen=True)
class DatasetSpec:
    """A dataset the refresh knows: its snapshot reader and its live e-Stat table (if any)."""

    id: str
    title: str
    release: Release
    snapshot_source_id: str | None
    read_snapshot: Callable[[AreaPrefix | None], pd.DataFrame] | None
    stats_data_id: str | None
    live: LiveFetch | None
    expected_stat_code: str | None = None
    verified: bool = True
    no_live_reason: str = "no live source"
    stats_data_id_env: str | None = None  # table id comes from this variable instead
    # e-Stat's database CSV download of the table, where one is read (`vision statistics
    # import`; the getStatsData JSON of the live table is read by `live` itself).
    read_csv_download: Callable[[Path, AreaPrefix | None], pd.DataFrame] | None = None

    def live_stats_data_id(self) -> str | None:
        if self.stats_data_id_env:
            return os.environ.get(self.stats_data_id_env, "").strip() or None
        return self.stats_data_id


def _check_stat_code(spec: DatasetSpec, data: StatsData, stats_data_id: str) -> None:
    code = (data.table.raw.get("STAT_NAME") or {}).get("@code") if data.table else None
    if spec.expected_stat_code and code not in (None, spec.expected_stat_code):
        raise SnapshotFormatError(
            f"table {stats_data_id} belongs to statistic {code}, expected {spec.expected_stat_code}"
        )


def _fetch_live(client: EStatClient, spec: DatasetSpec, **filters: object) -> tuple[str, StatsData]:
    """The spec's live table (its id and body), checked to belong to the expected statistic."""
    stats_data_id = spec.live_stats_data_id()
    assert stats_data_id is not None
    data = client.fetch_stats_data(stats_data_id, **filters)
    _check_stat_code(spec, data, stats_data_id)
    return stats_data_id, data


def _release_date(data: StatsData) -> str:
    return (data.table.open_date if data.table else None) or ""


def _census_provenance(spec: DatasetSpec, data: StatsData, stats_data_id: str) -> dict[str, str]:
    """Where a census table read from the e-Stat API comes from (published by 総務省統計局)."""
    return {
        "source_id": f"estat-api:{stats_data_id}",
        "publisher": "総務省統計局",
        "table_id": stats_data_id,
        "release": str(spec.release),
        "release_date": _release_date(data),
    }


def _live_census(
    client: EStatClient, spec: DatasetSpec, area_prefix: AreaPrefix | None
) -> tuple[pd.DataFrame, StatsData]:
    stats_data_id, data = _fetch_live(client, spec)
    provenance = _census_provenance(spec, data, stats_data_id)
    return census_frame_from_stats_data(data, provenance, area_prefix), data


def _live_generic(
    client: EStatClient, spec: DatasetSpec, area_prefix: AreaPrefix | None
) -> tuple[pd.DataFrame, StatsData]:
    """Any e-Stat table as the client's tidy frame plus provenance (release unverified)."""
    stats_data_id, data = _fetch_live(client, spec)
    frame = data.frame
    if "area_code" in frame.columns:
        frame = keep_areas(frame, area_prefix)
    frame = frame.copy()
    frame["source_id"] = f"estat-api:{stats_data_id}"
    frame["publisher"] = (data.table.raw.get("GOV_ORG") or {}).get("$", "") if data.table else ""
    frame["table_id"] = stats_data_id
    frame["release"] = str(spec.release)
    frame["release_date"] = _release_date(data)
    return frame.reset_index(drop=True), data


def _live_census2025(
    client: EStatClient, spec: DatasetSpec, area_prefix: AreaPrefix | None
) -> tuple[pd.DataFrame, StatsData]:
    """The 2025 final census for the member municipalities (cdArea), ages by name."""
    stats_data_id, data = _fetch_live(client, spec, cdArea=list(census2025.hub_area_codes()))
    try:
        frame = census2025.census2025_frame_from_stats_data(data)
    except census2025.Census2025FormatError as exc:
        raise SnapshotFormatError(str(exc)) from exc
    provenance = _census_provenance(spec, data, stats_data_id)
    return with_provenance(frame, provenance, CENSUS2025_COLUMNS), data


def _snapshot_reader(
    source_id: str, read: Callable[[Path], pd.DataFrame], columns: tuple[str, ...]
) -> Callable[[AreaPrefix | None], pd.DataFrame]:
    """Reader of a shipped snapshot (sha256-checked) with the manifest's provenance."""

    def _read(_prefix: AreaPrefix | None) -> pd.DataFrame:
        frame = read(snapshot_file(source_id))
        return with_provenance(frame, provenance_of(source_entry(source_id)), columns)

    return _read


CENSUS2025_COLUMNS = (*CENSUS_COLUMNS, "year")
SSDSE_COLUMNS = (*ssdse_a.FRAME_COLUMNS, *PROVENANCE_COLUMNS)
SSDSE_EDITIONS = (2024, 2025, 2026)


def ssdse_source_id(edition: int) -> str:
    return f"ssdse_a_{edition}_yamagata06"


DATASETS: dict[str, DatasetSpec] = {
    spec.id: spec
    for spec in (
        DatasetSpec(
            id="census2020_final",
            title="令和2年国勢調査 男女別人口 (確定)",
            release=Release.FINAL,
            snapshot_source_id=CENSUS2020_FINAL_SOURCE,
            read_snapshot=lambda prefix: _total_only(read_census_2020(area_prefix=prefix)),
            stats_data_id=CENSUS2020_FINAL_STATS_DATA_ID,
            live=_live_census,
            expected_stat_code=CENSUS_STAT_CODE,
            read_csv_download=lambda path, prefix: _total_only(
                read_census_2020(path, area_prefix=prefix)
            ),
        ),
        DatasetSpec(
            id="census2020_preliminary",
            title="令和2年国勢調査 男女別人口 (速報)",
            release=Release.PRELIMINARY,
            snapshot_source_id=CENSUS2020_PRELIMINARY_SOURCE,
            read_snapshot=lambda prefix: read_census_2020_preliminary(area_prefix=prefix),
            stats_data_id=CENSUS2020_PRELIMINARY_STATS_DATA_ID,
            live=_live_census,
            expected_stat_code=CENSUS_STAT_CODE,
        ),
        DatasetSpec(
            id="ipss2023_projections",
            title="日本の地域別将来推計人口（令和5（2023）年推計）",
            release=Release.PROJECTION,
            snapshot_source_id=IPSS2023_SOURCE,
            read_snapshot=lambda _prefix: read_ipss_2023(),
            stats_data_id=None,
            live=None,
            no_live_reason="no live source (IPSS publishes workbooks, not an API)",
        ),
        DatasetSpec(
            id="migration_report",
            title="住民基本台帳人口移動報告 (転入者数・転出者数)",
            release=Release.UNVERIFIED,
            snapshot_source_id=None,
            read_snapshot=None,
            stats_data_id=None,
            live=_live_generic,
            expected_stat_code=MIGRATION_STAT_CODE,
            verified=False,
            stats_data_id_env=MIGRATION_STATS_DATA_ID_ENV,
        ),
        DatasetSpec(
            id="census2025_final",
            title="令和7年国勢調査 人口等基本集計 男女・年齢別人口 (確定)",
            release=Release.FINAL,
            snapshot_source_id=census2025.CENSUS2025_FINAL_SOURCE,
            read_snapshot=_snapshot_reader(
                census2025.CENSUS2025_FINAL_SOURCE,
                census2025.read_final_excerpt,
                CENSUS2025_COLUMNS,
            ),
            stats_data_id=census2025.CENSUS2025_FINAL_STATS_DATA_ID,
            live=_live_census2025,
            expected_stat_code=CENSUS_STAT_CODE,
        ),
        DatasetSpec(
            id="census2025_preliminary",
            title="令和7年国勢調査 人口速報集計 (速報)",
            release=Release.PRELIMINARY,
            snapshot_source_id=census2025.CENSUS2025_PRELIMINARY_SOURCE,
            read_snapshot=_snapshot_reader(
                census2025.CENSUS2025_PRELIMINARY_SOURCE,
                census2025.read_preliminary_council,
                CENSUS2025_COLUMNS,
            ),
            stats_data_id=None,
            live=None,
            no_live_reason="no live source (the preliminary count is superseded by the "
            "final table 0004065920)",
        ),
        *(
            DatasetSpec(
                id=f"ssdse_a_{edition}",
                title=f"SSDSE-A {edition}（教育用標準データセット・市区町村）",
                release=Release.FINAL,
                snapshot_source_id=ssdse_source_id(edition),
                read_snapshot=_snapshot_reader(
                    ssdse_source_id(edition), ssdse_a.read_ssdse_a, SSDSE_COLUMNS
                ),
                stats_data_id=None,
                live=None,
                no_live_reason="no live source (統計センター publishes SSDSE as CSV files)",
            )
            for edition in SSDSE_EDITIONS
        ),
    )
}


def _total_only(frame: pd.DataFrame) -> pd.DataFrame:
    """The census snapshot restricted to what the live table has: total population by sex."""
    return frame[frame["measure"] == "total"].reset_index(drop=True)
