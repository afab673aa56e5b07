"""Official statistics behind the vision: readers for the shipped snapshots, and live refresh.

Why this module exists: the vision quotes the 2020 census and the IPSS 2023 projections,
and its KPIs are measured by official statistics. Every frame produced here is *long*
(one value per row) and carries its provenance — which manifest snapshot or live table
it came from, the publisher, the table id, the release (速報 preliminary / 確定 final /
projection) and the release date — so a cross-check can always compare like with like
(e.g. 山形市 2020: preliminary 247,747 vs final 247,590).

Offline is the normal case: without `ESTAT_APP_ID` or without network, `fetch_or_snapshot`
returns the shipped snapshot and says why, so a refresh summary can report it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from sources import census2025, ssdse_a
from sources.estat import (
    KNOWN_MARKERS,
    EStatApiError,
    EStatClient,
    EStatError,
    EStatRequestError,
    EStatResponseError,
    EStatUnavailable,
    StatsData,
    decode_stats_data,
    parse_value_text,
)
from sources.manifest import SourceEntry, source_entry
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
CENSUS_COLUMNS = (
    "area_code",
    "area_name",
    "sex",
    "measure",
    "measure_label",
    "unit",
    "value",
    "value_text",
    "marker",
    *PROVENANCE_COLUMNS,
)
IPSS_COLUMNS = (
    "area_code",
    "area_name",
    "area_kind",
    "year",
    "basis",
    "metric",
    "value",
    *PROVENANCE_COLUMNS,
)

# Manifest ids of the shipped snapshots.
CENSUS2020_FINAL_SOURCE = "census2020_final_yamagata06"
CENSUS2020_PRELIMINARY_SOURCE = "census2020_preliminary_0003433219"
IPSS2023_SOURCE = "ipss2023_projections_yamagata06"

# e-Stat tables used by the live path (ids verified against real response bodies).
CENSUS_STAT_CODE = "00200521"  # 国勢調査
CENSUS2020_FINAL_STATS_DATA_ID = "0003445078"  # 人口等基本集計 1-1-1 男女別人口
CENSUS2020_PRELIMINARY_STATS_DATA_ID = "0003433219"  # 速報集計 1-1 男女別人口

# 住民基本台帳人口移動報告: no copy of its municipal table could be checked here, so the
# statsDataId is configuration, and the live answer is tagged Release.UNVERIFIED.
MIGRATION_STAT_CODE = "00200523"  # 住民基本台帳人口移動報告 (e-Stat toukei code)
MIGRATION_STATS_DATA_ID_ENV = "ESTAT_MIGRATION_STATS_DATA_ID"

SEX_BY_CODE = {"0": "total", "1": "male", "2": "female"}
NATIONAL_CODE = "00000"
DEFAULT_AREA_PREFIX = "06"  # 山形県
# A snapshot read for an area it does not cover (the reason starts with this).
OTHER_AREA_REASON = "no municipality of prefecture"


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


def _provenance(entry: SourceEntry) -> dict[str, str]:
    return {
        "source_id": entry.id,
        "publisher": entry.publisher,
        "table_id": str(entry.extra.get("table_id", "")),
        "release": str(Release(entry.extra["release"])),
        "release_date": entry.published,
    }


def _with_provenance(
    frame: pd.DataFrame, provenance: dict[str, str], columns: tuple[str, ...]
) -> pd.DataFrame:
    for key, value in provenance.items():
        frame[key] = value
    return frame.loc[:, list(columns)].reset_index(drop=True)


def _keep_areas(frame: pd.DataFrame, area_prefix: str | None) -> pd.DataFrame:
    """Keep 全国 plus the areas whose code starts with `area_prefix` (None keeps all)."""
    if area_prefix is None:
        return frame
    codes = frame["area_code"].astype(str)
    return frame[(codes == NATIONAL_CODE) | codes.str.startswith(area_prefix)]


def _has_area_rows(frame: pd.DataFrame) -> bool:
    return bool((frame["area_code"].astype(str) != NATIONAL_CODE).any())


# --------------------------------------------------------------------------- census CSV


_AGE_RANGE = re.compile(r"^(\d+)～(\d+)歳$")
_AGE_PLUS = re.compile(r"^(\d+)歳以上$")
_AGE_UNDER = re.compile(r"^(\d+)歳未満$")


def measure_name(label: str) -> str:
    """Census age column header → stable ascii measure name.

    総数 → total, 0～4歳 → age_0_4, 100歳以上 → age_100_plus, 年齢「不詳」 → age_unknown,
    （再掲）15歳未満 → age_under_15, （再掲）15～64歳 → age_15_64 (再掲 groups never collide
    with the 5-year groups).
    """
    text = label.replace("（再掲）", "").strip()
    if text == "総数":
        return "total"
    if text == "年齢「不詳」":
        return "age_unknown"
    for pattern, template in (
        (_AGE_RANGE, "age_{}_{}"),
        (_AGE_PLUS, "age_{}_plus"),
        (_AGE_UNDER, "age_under_{}"),
    ):
        match = pattern.match(text)
        if match:
            return template.format(*match.groups())
    raise SnapshotFormatError(f"unknown census age column {label!r}")


@dataclass(frozen=True)
class _EStatCsv:
    """An e-Stat database CSV split into its parts."""

    legend: dict[str, str]  # marker symbol → meaning, from the metadata lines
    header: list[str]
    rows: list[list[str]]


def _read_estat_csv(path: Path) -> _EStatCsv:
    """Split an e-Stat DB CSV into metadata legend, column header and data rows.

    The file starts with metadata lines (統計名：, 表番号：, … and the marker legend such as
    `"***","当該数値がないもの"`), then a line of class codes and the column header line
    that begins with `表章事項 コード`.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    header_at = next(
        (i for i, row in enumerate(lines) if row and row[0] == "表章事項 コード"), None
    )
    if header_at is None:
        raise SnapshotFormatError(f"{path}: no '表章事項 コード' header line")
    legend = {
        row[0]: row[1]
        for row in lines[:header_at]
        if len(row) == 2 and row[0] and not row[0].endswith("：")
    }
    rows = [row for row in lines[header_at + 1 :] if row]
    return _EStatCsv(legend=legend, header=lines[header_at], rows=rows)


def _column(header: list[str], predicate: Callable[[str], bool], what: str) -> int:
    for i, name in enumerate(header):
        if predicate(name):
            return i
    raise SnapshotFormatError(f"census CSV has no {what} column")


def _parse_cell(text: str, legend: dict[str, str]) -> tuple[float, str | None]:
    value, marker = parse_value_text(text)
    if marker is not None and marker not in legend and marker not in KNOWN_MARKERS:
        raise SnapshotFormatError(f"census CSV cell {text!r} is neither a number nor a marker")
    return value, marker


def _census_csv_rows(table: _EStatCsv) -> list[dict[str, Any]]:
    header = table.header
    sex_at = _column(header, lambda h: h == "男女 コード", "男女 コード")
    nat_at = _column(header, lambda h: h == "国籍総数か日本人 コード", "国籍 コード")
    area_at = _column(
        header, lambda h: "市区町村" in h and h.endswith(" コード"), "市区町村 コード"
    )
    unit_at = _column(header, lambda h: h == "表章事項", "表章事項")
    first_measure = _column(header, lambda h: h == "総数", "総数")
    measures = [(i, header[i], measure_name(header[i])) for i in range(first_measure, len(header))]
    out: list[dict[str, Any]] = []
    for row in table.rows:
        if row[nat_at] != "0":  # 国籍総数 only; 日本人 rows are not part of this extract
            continue
        unit_match = re.search(r"【(.+?)】", row[unit_at])
        for i, label, measure in measures:
            value, marker = _parse_cell(row[i], table.legend)
            out.append(
                {
                    "area_code": row[area_at],
                    "area_name": row[area_at + 1],
                    "sex": SEX_BY_CODE[row[sex_at]],
                    "measure": measure,
                    "measure_label": label,
                    "unit": unit_match.group(1) if unit_match else None,
                    "value": value,
                    "value_text": row[i],
                    "marker": marker,
                }
            )
    return out


def read_census_2020(
    path: Path | str | None = None, *, area_prefix: str | None = DEFAULT_AREA_PREFIX
) -> pd.DataFrame:
    """2020 census final (確定) counts by area, sex and age group, long.

    Default: the shipped Yamagata extract of 表2-7-1 (sha256-checked). `measure == "total"`
    is the total population. Former (2000-era) municipalities appear with names like
    （旧：藤島町）; they are areas of their own, not part of today's totals — filter by code.
    Markers (`-`, `***`) keep value NaN, never 0. A custom `path` must hold the same table
    (e.g. the all-Japan download): the provenance columns always name the manifest entry.
    """
    entry = source_entry(CENSUS2020_FINAL_SOURCE)
    csv_path = Path(path) if path is not None else snapshot_file(entry.id)
    frame = pd.DataFrame(_census_csv_rows(_read_estat_csv(csv_path)), columns=CENSUS_COLUMNS[:9])
    frame["value"] = frame["value"].astype("float64")
    frame = _keep_areas(frame, area_prefix)
    return _with_provenance(frame, _provenance(entry), CENSUS_COLUMNS)


# --------------------------------------------------------------------------- census via API


def census_frame_from_stats_data(
    data: StatsData, provenance: dict[str, str], area_prefix: str | None = DEFAULT_AREA_PREFIX
) -> pd.DataFrame:
    """Decoded 男女別人口 table (tab × cat01=男女 × area × time) → census long frame.

    Raises SnapshotFormatError if the table's cat01 axis is not 男女, so a wrong statsDataId
    cannot silently become "population".
    """
    axes = {obj.id: obj.name for obj in data.class_objs}
    if data.frame.empty:
        return pd.DataFrame(columns=list(CENSUS_COLUMNS))
    if axes.get("cat01") != "男女" or "area" not in axes:
        raise SnapshotFormatError(f"not a 男女別人口 by area table (axes: {axes})")
    src = _keep_areas(data.frame, area_prefix)
    frame = pd.DataFrame(
        {
            "area_code": src["area_code"],
            "area_name": src["area_name"],
            "sex": src["cat01_code"].map(SEX_BY_CODE),
            "measure": "total",
            "measure_label": "総数",
            "unit": src["unit"],
            "value": src["value"].astype("float64"),
            "value_text": src["value_text"],
            "marker": src["marker"],
        }
    )
    return _with_provenance(frame, provenance, CENSUS_COLUMNS)


def read_census_2020_preliminary(
    path: Path | str | None = None, *, area_prefix: str | None = DEFAULT_AREA_PREFIX
) -> pd.DataFrame:
    """2020 census preliminary (速報) counts by area and sex, from the shipped API body.

    Same columns as `read_census_2020` (measure is always "total"); release "preliminary".
    """
    entry = source_entry(CENSUS2020_PRELIMINARY_SOURCE)
    body_path = Path(path) if path is not None else snapshot_file(entry.id)
    body = json.loads(body_path.read_text(encoding="utf-8"))
    return census_frame_from_stats_data(decode_stats_data(body), _provenance(entry), area_prefix)


# --------------------------------------------------------------------------- IPSS


IPSS_METRICS = {
    "population": "population",
    "under15": "under15",
    "workingAge": "working_age",
    "elderly": "elderly",
}


def read_ipss_2023(path: Path | str | None = None) -> pd.DataFrame:
    """IPSS 2023 municipal projections for 山形県, long: one row per area × year × metric.

    `basis` is "census" for the base year 2020 (the census count IPSS starts from) and
    "projection" for 2025–2050; release is "projection" for all rows (it is the release the
    numbers were published in).
    """
    entry = source_entry(IPSS2023_SOURCE)
    json_path = Path(path) if path is not None else snapshot_file(entry.id)
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    metrics = doc["metrics"]
    if set(metrics) != set(IPSS_METRICS):
        raise SnapshotFormatError(f"{json_path}: unexpected IPSS metrics {metrics}")
    rows = [
        {
            "area_code": rec["code"],
            "area_name": rec["municipality"] or rec["prefecture"],
            "area_kind": rec["kind"],
            "year": int(year),
            "basis": "census" if year == doc["baseYear"] else "projection",
            "metric": IPSS_METRICS[metric],
            "value": float(value),
        }
        for rec in doc["records"]
        for year, values in zip(doc["years"], rec["values"], strict=True)
        for metric, value in zip(metrics, values, strict=True)
    ]
    frame = pd.DataFrame(rows, columns=IPSS_COLUMNS[:7])
    return _with_provenance(frame, _provenance(entry), IPSS_COLUMNS)


# --------------------------------------------------------------------------- hashing


def _canonical(value: Any) -> Any:
    """JSON-stable form of a cell: NaN/None → None, integral floats → int."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else repr(value)
    if hasattr(value, "item"):  # numpy scalar
        return _canonical(value.item())
    if pd.isna(value):
        return None
    return value if isinstance(value, int | str | bool) else str(value)


def content_hash(frame: pd.DataFrame, columns: list[str] | None = None) -> str:
    """sha256 of a frame's values, independent of row order and of provenance columns.

    Two fetches of the same numbers hash the same even when they came from different
    routes (snapshot vs live), so a changed hash means changed numbers: a new release or a
    revision.
    """
    cols = columns or sorted(c for c in frame.columns if c not in PROVENANCE_COLUMNS)
    lines = sorted(
        json.dumps([_canonical(v) for v in row], ensure_ascii=False)
        for row in frame.loc[:, cols].itertuples(index=False, name=None)
    )
    digest = hashlib.sha256(json.dumps(cols).encode("utf-8"))
    for line in lines:
        digest.update(b"\n" + line.encode("utf-8"))
    return digest.hexdigest()


# --------------------------------------------------------------------------- snapshot or live


FetchMode = Literal["live", "snapshot", "unavailable"]


@dataclass(frozen=True)
class FetchOutcome:
    """How a dataset was obtained, for the refresh summary and release detection."""

    dataset_id: str
    mode: FetchMode
    reason: str | None
    rows: int
    content_hash: str
    source_id: str | None = None  # manifest id (snapshot) or "estat-api:<id>" (live)
    stats_data_id: str | None = None
    release: str | None = None
    release_date: str | None = None  # OPEN_DATE (live) or the manifest's published
    updated_date: str | None = None  # live only; catalogue maintenance date, not a revision
    table_title: str | None = None
    fetched_at: str | None = None

    @property
    def summary(self) -> str:
        """e.g. "live (e-Stat 0003445078, 12258 rows)" / "snapshot (reason: no ESTAT_APP_ID)"."""
        if self.mode == "live":
            return f"live (e-Stat {self.stats_data_id}, {self.rows} rows)"
        return f"{self.mode} (reason: {self.reason})"

    def __str__(self) -> str:
        return f"{self.dataset_id}: {self.summary}"


LiveFetch = Callable[[EStatClient, "DatasetSpec", str | None], tuple[pd.DataFrame, StatsData]]


@dataclass(frozen=True)
class DatasetSpec:
    """A dataset the refresh knows: its snapshot reader and its live e-Stat table (if any)."""

    id: str
    title: str
    release: Release
    snapshot_source_id: str | None
    read_snapshot: Callable[[str | None], pd.DataFrame] | None
    stats_data_id: str | None
    live: LiveFetch | None
    expected_stat_code: str | None = None
    verified: bool = True
    no_live_reason: str = "no live source"
    stats_data_id_env: str | None = None  # table id comes from this variable instead

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
    client: EStatClient, spec: DatasetSpec, area_prefix: str | None
) -> tuple[pd.DataFrame, StatsData]:
    stats_data_id, data = _fetch_live(client, spec)
    provenance = _census_provenance(spec, data, stats_data_id)
    return census_frame_from_stats_data(data, provenance, area_prefix), data


def _live_generic(
    client: EStatClient, spec: DatasetSpec, area_prefix: str | None
) -> tuple[pd.DataFrame, StatsData]:
    """Any e-Stat table as the client's tidy frame plus provenance (release unverified)."""
    stats_data_id, data = _fetch_live(client, spec)
    frame = data.frame
    if "area_code" in frame.columns:
        frame = _keep_areas(frame, area_prefix)
    frame = frame.copy()
    frame["source_id"] = f"estat-api:{stats_data_id}"
    frame["publisher"] = (data.table.raw.get("GOV_ORG") or {}).get("$", "") if data.table else ""
    frame["table_id"] = stats_data_id
    frame["release"] = str(spec.release)
    frame["release_date"] = _release_date(data)
    return frame.reset_index(drop=True), data


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
    )
}


def _live_census2025(
    client: EStatClient, spec: DatasetSpec, area_prefix: str | None
) -> tuple[pd.DataFrame, StatsData]:
    """The 2025 final census for the 14 hub-area municipalities (cdArea), ages by name."""
    stats_data_id, data = _fetch_live(client, spec, cdArea=list(census2025.HUB_AREA_CODES))
    try:
        frame = census2025.census2025_frame_from_stats_data(data)
    except census2025.Census2025FormatError as exc:
        raise SnapshotFormatError(str(exc)) from exc
    provenance = _census_provenance(spec, data, stats_data_id)
    return _with_provenance(frame, provenance, CENSUS2025_COLUMNS), data


def _snapshot_reader(
    source_id: str, read: Callable[[Path], pd.DataFrame], columns: tuple[str, ...]
) -> Callable[[str | None], pd.DataFrame]:
    """Reader of a shipped snapshot (sha256-checked) with the manifest's provenance."""

    def _read(_prefix: str | None) -> pd.DataFrame:
        frame = read(snapshot_file(source_id))
        return _with_provenance(frame, _provenance(source_entry(source_id)), columns)

    return _read


CENSUS2025_COLUMNS = (*CENSUS_COLUMNS, "year")
SSDSE_COLUMNS = (
    "area_code",
    "area_name",
    "item_code",
    "measure",
    "measure_label",
    "year",
    "value",
    "value_text",
    "unit",
    *PROVENANCE_COLUMNS,
)
SSDSE_EDITIONS = (2024, 2025, 2026)


def ssdse_source_id(edition: int) -> str:
    return f"ssdse_a_{edition}_yamagata06"


DATASETS.update(
    {
        spec.id: spec
        for spec in (
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
)


def _total_only(frame: pd.DataFrame) -> pd.DataFrame:
    """The census snapshot restricted to what the live table has: total population by sex."""
    return frame[frame["measure"] == "total"].reset_index(drop=True)


def _fallback(
    spec: DatasetSpec, reason: str, area_prefix: str | None
) -> tuple[pd.DataFrame, FetchOutcome]:
    if spec.read_snapshot is None or spec.snapshot_source_id is None:
        frame = pd.DataFrame(columns=list(PROVENANCE_COLUMNS))
        outcome = FetchOutcome(
            spec.id, "unavailable", f"{reason}; no snapshot shipped", 0, content_hash(frame)
        )
        return frame, outcome
    frame = spec.read_snapshot(area_prefix)
    # Some snapshots were cut for one area and their readers ignore the prefix: rows of
    # another prefecture never stand for this area's (another profile gets 全国 at most).
    kept = _keep_areas(frame, area_prefix)
    if len(kept) < len(frame):
        frame = kept.reset_index(drop=True)
    if area_prefix is not None and not _has_area_rows(frame):
        reason = f"{OTHER_AREA_REASON} {area_prefix} (shipped for another area); {reason}"
    entry = source_entry(spec.snapshot_source_id)
    outcome = FetchOutcome(
        dataset_id=spec.id,
        mode="snapshot",
        reason=reason,
        rows=len(frame),
        content_hash=content_hash(frame),
        source_id=entry.id,
        stats_data_id=entry.extra.get("stats_data_id"),
        release=str(spec.release),
        release_date=entry.published,
        table_title=entry.title,
    )
    return frame, outcome


def _failure_reason(exc: Exception) -> str:
    if isinstance(exc, EStatUnavailable):
        return "no ESTAT_APP_ID"
    if isinstance(exc, EStatRequestError):
        return f"network error: {exc}"
    if isinstance(exc, EStatApiError):
        return f"e-Stat API error: {exc}"
    if isinstance(exc, EStatResponseError):
        return f"bad e-Stat response: {exc}"
    return f"unexpected table: {exc}"


def fetch_or_snapshot(
    dataset_id: str,
    client: EStatClient | None = None,
    *,
    area_prefix: str | None = DEFAULT_AREA_PREFIX,
) -> tuple[pd.DataFrame, FetchOutcome]:
    """Fetch a dataset live from e-Stat when possible, else read its shipped snapshot.

    Never raises for "offline" conditions (no app id, network down, API error): the outcome
    says which route was taken and why, for the refresh summary. `client` defaults to
    `EStatClient.from_env()`. Datasets without a snapshot (住民基本台帳人口移動報告) come back
    empty with mode "unavailable" when the live route is not possible.
    """
    spec = DATASETS[dataset_id]
    if spec.live is None:
        return _fallback(spec, spec.no_live_reason, area_prefix)
    if spec.live_stats_data_id() is None:
        reason = f"statsDataId not configured (set {spec.stats_data_id_env})"
        return _fallback(spec, reason, area_prefix)
    try:
        live_client = client or EStatClient.from_env()
        frame, data = spec.live(live_client, spec, area_prefix)
    except (EStatError, SnapshotFormatError) as exc:
        return _fallback(spec, _failure_reason(exc), area_prefix)
    table = data.table
    outcome = FetchOutcome(
        dataset_id=spec.id,
        mode="live",
        reason=None if spec.verified else "table id from configuration, not verified",
        rows=len(frame),
        content_hash=content_hash(frame),
        source_id=f"estat-api:{spec.live_stats_data_id()}",
        stats_data_id=spec.live_stats_data_id(),
        release=str(spec.release),
        release_date=table.open_date if table else None,
        updated_date=table.updated_date if table else None,
        table_title=table.title if table else None,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return frame, outcome
