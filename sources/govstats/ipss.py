"""The IPSS 2023 municipal population projections, long."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from sources.govstats.provenance import (
    IPSS2023_SOURCE,
    PROVENANCE_COLUMNS,
    SnapshotFormatError,
    provenance_of,
    snapshot_file,
    with_provenance,
)
from sources.manifest import source_entry

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


IPSS_METRICS = {
    "population": "population",
    "under15": "under15",
    "workingAge": "working_age",
    "elderly": "elderly",
}


def read_ipss_2023(path: Path | str | None = None) -> pd.DataFrame:
    """IPSS 2023 municipal projections for the area's prefecture, long: one row per area ×
    year × metric.

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
    return with_provenance(frame, provenance_of(entry), IPSS_COLUMNS)
