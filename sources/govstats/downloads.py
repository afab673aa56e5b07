"""Statistics downloaded from e-Stat elsewhere, read exactly as a live fetch reads them.

Why: a machine without network (or without an e-Stat application id) could only read the
shipped snapshots, and editing a snapshot is refused by its manifest hash. A getStatsData
body saved from the API (one JSON file per page) or, for the 2020 census, e-Stat's
database CSV download, becomes a release of its own: the JSON is served to the very code
a live fetch runs (`DownloadedTables` stands in for the HTTP transport, so RESULT.STATUS,
paging, the table id, the statistic code and the table's axes are checked as they are for
an answer of e-Stat), and the files are kept in an import store that a refresh reads before
the shipped snapshot (`latest_import`). Provenance: the file names and their sha256, the
table id, title and OPEN_DATE from the body.

Layout of the store: `<root>/<dataset_id>/<UTC time>-<sha256 of the files, 12>/<files>`;
root `VISION_STATISTICS_DIR`, else `<repo>/.dagster/statistics` (beside the revisions).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sources.area import DEFAULT_AREA_PREFIX
from sources.estat.client import EStatClient
from sources.estat.faults import EStatError, EStatResponseError
from sources.govstats.datasets import DATASETS, DatasetSpec
from sources.govstats.hashing import content_hash
from sources.govstats.import_store import PARTIAL_SUFFIX, store_root
from sources.govstats.provenance import NATIONAL_CODE, SnapshotFormatError, prefix_text
from sources.input_limits import InputRefused, refuse_special
from sources.profile import AreaPrefix

# Not a real application id: the stand-in client never sends a request.
_NO_APP_ID = "downloaded-file"
_JSON_SUFFIXES = (".json",)
_CSV_SUFFIXES = (".csv",)


class DownloadError(Exception):
    """A downloaded file that cannot become a release: the message names the file."""


@dataclass(frozen=True)
class Download:
    """A dataset read from downloaded files: its frame and how it was obtained."""

    dataset_id: str
    frame: pd.DataFrame
    files: tuple[Path, ...]
    sha256: str  # of the files' bytes, in the order given
    stats_data_id: str | None
    table_title: str | None
    release_date: str | None

    @property
    def source_id(self) -> str:
        return f"file:{self.sha256[:12]}"

    @property
    def file_names(self) -> str:
        return ", ".join(p.name for p in self.files)


class DownloadedTables(EStatClient):
    """An e-Stat client whose answers are downloaded getStatsData bodies (one per page),
    never the network: every check of a live fetch after the transport runs unchanged."""

    def __init__(self, bodies: Mapping[Path, bytes]) -> None:
        super().__init__(_NO_APP_ID, max_body_bytes=max(map(len, bodies.values()), default=0))
        self._downloaded = [
            (path, content, _page_info(path, content)) for path, content in bodies.items()
        ]

    def _send_with_retries(self, endpoint: str, params: Mapping[str, Any]) -> tuple[int, bytes]:
        if endpoint != "getStatsData":
            raise EStatResponseError(endpoint, "a downloaded file answers getStatsData only")
        wanted = str(params.get("statsDataId", ""))
        start = int(str(params.get("startPosition", 1)))
        for path, content, (table_id, first) in self._downloaded:
            if table_id not in (None, wanted):
                raise EStatResponseError(
                    endpoint, f"{path.name} holds table {table_id}, this dataset reads {wanted}"
                )
            if first == start:
                return 200, content
        page = "the first page" if start == 1 else f"the page from value {start} (NEXT_KEY)"
        raise EStatResponseError(
            endpoint, f"no file holds {page}: download every page and import them together"
        )


def _object(value: object) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _page_info(path: Path, content: bytes) -> tuple[str | None, int]:
    """(table id, position of the page's first value) of a getStatsData body. A body of
    another endpoint is refused here; one that is not JSON is left for the client's own
    checks (they say what is wrong with it)."""
    try:
        body = json.loads(content)
    except ValueError:
        return None, 1
    if not isinstance(body, dict) or "GET_STATS_DATA" not in body:
        roots = ", ".join(map(str, body)) if isinstance(body, dict) else type(body).__name__
        raise DownloadError(f"{path}: not a getStatsData answer (its root is {roots})")
    # A part of another shape is read as absent here; the client's checks name it.
    data = _object(_object(body["GET_STATS_DATA"]).get("STATISTICAL_DATA"))
    table = _object(data.get("TABLE_INF"))
    first = _object(data.get("RESULT_INF")).get("FROM_NUMBER", 1)
    try:
        return (str(table["@id"]) if "@id" in table else None), int(str(first))
    except ValueError:
        return None, 1


def read_download(
    dataset_id: str, files: Sequence[Path], *, area_prefix: AreaPrefix | None = DEFAULT_AREA_PREFIX
) -> Download:
    """Read `files` as dataset `dataset_id`, checked like a live fetch; DownloadError
    (naming the file and what to do) when they cannot be."""
    spec = DATASETS.get(dataset_id)
    if spec is None:
        raise DownloadError(f"unknown dataset {dataset_id!r} (known: {', '.join(DATASETS)})")
    if not files:
        raise DownloadError("no file given")
    contents: dict[Path, bytes] = {}
    for path in files:
        try:
            refuse_special(path, "a file downloaded from e-Stat")  # a FIFO would block
            contents[path] = path.read_bytes()
        except InputRefused as exc:
            raise DownloadError(str(exc)) from None
        except OSError as exc:
            raise DownloadError(f"{path}: {exc.strerror or exc}") from None
    suffixes = {p.suffix.lower() for p in files}
    if suffixes <= set(_JSON_SUFFIXES):
        frame, table_id, title, release_date = _read_json(spec, contents, area_prefix)
    elif suffixes <= set(_CSV_SUFFIXES) and len(files) == 1 and spec.read_csv_download:
        try:
            frame = spec.read_csv_download(files[0], area_prefix)
        except (SnapshotFormatError, ValueError, KeyError, UnicodeDecodeError) as exc:
            raise DownloadError(f"{files[0]}: not e-Stat's CSV of {spec.title}: {exc}") from None
        table_id, title, release_date = None, spec.title, None
    else:
        raise DownloadError(f"{files[0]}: {_formats(spec)}")
    if not (frame["area_code"].astype(str) != NATIONAL_CODE).any():
        raise DownloadError(
            f"{files[0]}: no area of prefecture {prefix_text(area_prefix)} in the file: "
            "download the table for the area's municipalities"
        )
    digest = hashlib.sha256(b"".join(contents[p] for p in files)).hexdigest()
    download = Download(dataset_id, frame, tuple(files), digest, table_id, title, release_date)
    return _with_file_provenance(download)


def _read_json(
    spec: DatasetSpec, contents: Mapping[Path, bytes], area_prefix: AreaPrefix | None
) -> tuple[pd.DataFrame, str | None, str | None, str | None]:
    first = next(iter(contents))
    if spec.live is None:
        raise DownloadError(f"{first}: {_formats(spec)}")
    try:
        client = DownloadedTables(contents)
        frame, data = spec.live(client, spec, area_prefix)
    except (EStatError, SnapshotFormatError) as exc:
        raise DownloadError(f"{first}: {exc}") from None
    table = data.table
    return (
        frame,
        spec.live_stats_data_id(),
        table.title if table else None,
        table.open_date if table else None,
    )


def _formats(spec: DatasetSpec) -> str:
    accepted = []
    if spec.live is not None:
        accepted.append(f"the getStatsData JSON of table {spec.live_stats_data_id()}")
    if spec.read_csv_download is not None:
        accepted.append("e-Stat's database CSV download")
    if not accepted:
        return f"dataset {spec.id} has no e-Stat table to import ({spec.no_live_reason})"
    return f"dataset {spec.id} imports " + " or ".join(accepted)


def _with_file_provenance(download: Download) -> Download:
    """The frame's provenance columns name the files, not the API or the manifest."""
    frame = download.frame.copy()
    frame["source_id"] = download.source_id
    if download.stats_data_id:
        frame["table_id"] = download.stats_data_id
    if "release_date" in frame.columns:
        frame["release_date"] = download.release_date or ""
    return Download(
        download.dataset_id,
        frame,
        download.files,
        download.sha256,
        download.stats_data_id,
        download.table_title,
        download.release_date,
    )


def keep_download(download: Download, root: Path | None = None) -> Path:
    """Copy the files into the import store; return their folder."""
    now = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = (root or store_root()) / download.dataset_id / f"{now}-{download.sha256[:12]}"
    staging = folder.with_name(folder.name + PARTIAL_SUFFIX)
    staging.mkdir(parents=True)
    for path in download.files:
        shutil.copyfile(path, staging / path.name)
    staging.rename(folder)  # a refresh never sees half an import
    return folder


def read_import(
    folder: Path, dataset_id: str, *, area_prefix: AreaPrefix | None = DEFAULT_AREA_PREFIX
) -> Download:
    """An import folder read again (its files in name order: pages are found by their
    position, not their order)."""
    return read_download(
        dataset_id, sorted(p for p in folder.iterdir() if p.is_file()), area_prefix=area_prefix
    )


def outcome_values(download: Download) -> dict[str, object]:
    """The fields of a FetchOutcome for this download (fetch.py builds it)."""
    return {
        "dataset_id": download.dataset_id,
        "mode": "file",
        "reason": f"imported {download.file_names} (sha256 {download.sha256[:12]})",
        "rows": len(download.frame),
        "content_hash": content_hash(download.frame),
        "source_id": download.source_id,
        "stats_data_id": download.stats_data_id,
        "release_date": download.release_date,
        "table_title": download.table_title,
    }
