"""What a refresh's result depends on, as one comparable value.

A refresh whose fingerprint equals the one recorded by the last successful load of the
same revision would rebuild an identical warehouse, so `vision refresh` skips it. The
fingerprint covers the PDF bytes, the statistics' snapshots (or "live", which can only be
known by fetching, so it never counts as unchanged), the profile the document is read
with (another profile, or an edited one, reads the same PDF differently), and the
pipeline's own code and SQL — a new rule or migration must re-run even when no input
changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import duckdb

from sources.govstats.import_store import imports_fingerprint
from sources.manifest import load_manifest
from sources.profile import current_profile
from sources.vision_pdf import check_pdf_file, file_sha256
from warehouse.reader import open_reader

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CODE_PACKAGES = ("pipeline", "sources", "warehouse", "expectations")
CODE_SUFFIXES = (".py", ".sql", ".json", ".toml")
# Snapshot data files are covered by their manifest sha256, not hashed again as code.
DATA_DIR_NAMES = ("data",)
# A revision id is a PDF's sha256 in hex (the only text put into the SQL unbound).
_SHA256 = re.compile(r"[0-9a-f]{64}")


def code_fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for package in CODE_PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.suffix not in CODE_SUFFIXES or not path.is_file():
                continue
            if any(part in DATA_DIR_NAMES for part in path.relative_to(root).parts):
                continue
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def statistics_fingerprint() -> dict[str, str]:
    """Every shipped statistics snapshot by its manifest sha256 and the newest imported
    download of each dataset — or "live" for all of
    them when e-Stat may be asked, since then only fetching tells whether they changed."""
    live = bool(os.environ.get("ESTAT_APP_ID"))
    snapshots = {
        entry.id: "live" if live else f"snapshot:{entry.sha256}"
        for entry in load_manifest()
        if entry.kind != "vision_pdf"
    }
    # A download imported with `vision statistics import` is read before the snapshot.
    return snapshots | {f"import:{d}": v for d, v in imports_fingerprint().items()}


def profile_fingerprint() -> dict[str, str]:
    """The run's profile, by name and by the bytes of its files (profile.toml and the KPI
    declarations it names: editing either changes what a refresh writes)."""
    profile = current_profile()
    digest = hashlib.sha256()
    for path in profile.files:
        digest.update(path.name.encode() + b"\0" + file_sha256(path).encode())
    return {"name": profile.name, "sha256": digest.hexdigest()}


def refresh_fingerprint(pdf: Path, *, pdf_sha256: str | None = None) -> dict[str, object]:
    """What a load was made from; `pdf_sha256` when the PDF's hash is already known (the
    run's document), else the file is hashed."""
    if pdf_sha256 is None:
        check_pdf_file(pdf)  # never hash a device (/dev/zero has no end) or an oversized file
        pdf_sha256 = file_sha256(pdf)
    return {
        "pdf_sha256": pdf_sha256,
        "statistics": statistics_fingerprint(),
        "profile": profile_fingerprint(),
        "code": code_fingerprint(),
    }


def is_unchanged(fingerprint: dict[str, object], warehouse: Path) -> bool:
    """True when the warehouse's last successful load of this revision had this
    fingerprint and nothing depends on live data."""
    statistics = fingerprint.get("statistics", {})
    if not warehouse.exists() or "live" in dict(statistics).values():  # type: ignore[arg-type]
        return False
    revision = str(fingerprint["pdf_sha256"])
    if not _SHA256.fullmatch(revision):
        return False
    try:
        with open_reader(warehouse) as con:
            # The hex digest written into the SQL, not bound: DuckDB imports pandas to bind
            # a Python parameter, a third of a no-op refresh's time.
            row = con.execute(
                "SELECT inputs FROM load_run WHERE status = 'succeeded' "
                f"AND revision_id = '{revision}' ORDER BY finished_at DESC LIMIT 1"
            ).fetchone()
    except duckdb.Error:
        return False  # unreadable or older schema: rebuild
    if row is None:
        return False
    recorded = json.loads(row[0] or "{}").get("fingerprint")
    return recorded == fingerprint
