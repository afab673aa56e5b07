"""Live from e-Stat when possible, else the shipped snapshot, and a record of which and why."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import pandas as pd

from sources.area import DEFAULT_AREA_PREFIX
from sources.estat.client import EStatClient
from sources.estat.faults import (
    EStatApiError,
    EStatRequestError,
    EStatResponseError,
    EStatUnavailable,
)
from sources.govstats.datasets import DATASETS, DatasetSpec
from sources.govstats.downloads import DownloadError, outcome_values, read_import
from sources.govstats.hashing import content_hash
from sources.govstats.import_store import latest_import
from sources.govstats.provenance import (
    NATIONAL_CODE,
    PROVENANCE_COLUMNS,
    SnapshotFormatError,
    keep_areas,
    prefix_text,
)
from sources.manifest import source_entry
from sources.profile import AreaPrefix

# file: downloaded from e-Stat elsewhere and imported (`vision statistics import`).
FetchMode = Literal["live", "file", "snapshot", "unavailable"]
# A snapshot read for an area it does not cover (the reason starts with this).
OTHER_AREA_REASON = "no municipality of prefecture"


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


def _has_area_rows(frame: pd.DataFrame) -> bool:
    return bool((frame["area_code"].astype(str) != NATIONAL_CODE).any())


def _fallback(
    spec: DatasetSpec, reason: str, area_prefix: AreaPrefix | None
) -> tuple[pd.DataFrame, FetchOutcome]:
    """Without a live answer: the newest imported download of the dataset, else its
    shipped snapshot."""
    folder = latest_import(spec.id)
    if folder is not None:
        try:
            download = read_import(folder, spec.id, area_prefix=area_prefix)
        except DownloadError as exc:
            reason = f"{reason}; import {folder.name} unreadable ({exc})"
        else:
            values = outcome_values(download)
            values["reason"] = f"{values['reason']}; {reason}"  # the file first: it is the source
            return download.frame, FetchOutcome(**values, release=str(spec.release))  # type: ignore[arg-type]
    if spec.read_snapshot is None or spec.snapshot_source_id is None:
        frame = pd.DataFrame(columns=list(PROVENANCE_COLUMNS))
        outcome = FetchOutcome(
            spec.id, "unavailable", f"{reason}; no snapshot shipped", 0, content_hash(frame)
        )
        return frame, outcome
    frame = spec.read_snapshot(area_prefix)
    # Some snapshots were cut for one area and their readers ignore the prefix: rows of
    # another prefecture never stand for this area's (another profile gets 全国 at most).
    kept = keep_areas(frame, area_prefix)
    if len(kept) < len(frame):
        frame = kept.reset_index(drop=True)
    if area_prefix is not None and not _has_area_rows(frame):
        reason = (
            f"{OTHER_AREA_REASON} {prefix_text(area_prefix)} (shipped for another area); {reason}"
        )
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
    """Why the live route failed, on one line (it is said on the refresh's statistics line)."""
    if isinstance(exc, EStatUnavailable):
        reason = "no ESTAT_APP_ID"
    elif isinstance(exc, EStatRequestError):
        reason = f"network error: {exc}"
    elif isinstance(exc, EStatApiError):
        reason = f"e-Stat API error: {exc}"
    elif isinstance(exc, EStatResponseError):
        reason = f"bad e-Stat response: {exc}"
    elif isinstance(exc, SnapshotFormatError):
        reason = f"unexpected table: {exc}"
    else:
        reason = f"live fetch failed ({type(exc).__name__}: {exc})"
    return " ".join(reason.split())


# When e-Stat could not be reached (no answer in time, connection refused, a redirect
# away from it), the datasets after it in the same process do not wait for it again:
# a refresh reads five of them, and each would otherwise spend the whole request deadline.
UNREACHABLE_RECHECK_SECONDS = 600.0
_unreachable: dict[str, tuple[float, str]] = {}


def _known_unreachable(client_key: str) -> str | None:
    seen = _unreachable.get(client_key)
    if seen is None or time.monotonic() - seen[0] > UNREACHABLE_RECHECK_SECONDS:
        return None
    return seen[1]


def _note_unreachable(client_key: str, exc: Exception) -> None:
    if isinstance(exc, EStatRequestError) and exc.http_status is None:
        _unreachable[client_key] = (time.monotonic(), _failure_reason(exc))


def fetch_or_snapshot(
    dataset_id: str,
    client: EStatClient | None = None,
    *,
    area_prefix: AreaPrefix | None = DEFAULT_AREA_PREFIX,
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
    except EStatUnavailable as exc:
        return _fallback(spec, _failure_reason(exc), area_prefix)
    earlier = _known_unreachable(live_client.base_url)
    if earlier is not None:
        return _fallback(spec, f"e-Stat not reached earlier in this run ({earlier})", area_prefix)
    try:
        frame, data = spec.live(live_client, spec, area_prefix)
    except Exception as exc:  # whatever the live route did, the snapshot stands in
        _note_unreachable(live_client.base_url, exc)
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
