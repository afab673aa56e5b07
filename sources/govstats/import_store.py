"""Where `vision statistics import` keeps downloaded statistics, read without pandas (the
no-op refresh's fingerprint lists the store; sources.govstats.downloads reads the files).

Layout: `<root>/<dataset_id>/<UTC time>-<sha256 of the files, 12>/<files>`; root
`VISION_STATISTICS_DIR`, else `<repo>/.dagster/statistics` (beside the revisions).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
STORE_ENV = "VISION_STATISTICS_DIR"
DEFAULT_STORE = REPO_ROOT / ".dagster" / "statistics"
PARTIAL_SUFFIX = ".partial"


def store_root() -> Path:
    configured = os.environ.get(STORE_ENV, "").strip()
    return Path(configured) if configured else DEFAULT_STORE


def imports(dataset_id: str, root: Path | None = None) -> list[Path]:
    """The import folders of a dataset, oldest first (their names start with the time)."""
    base = (root or store_root()) / dataset_id
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.endswith(PARTIAL_SUFFIX))


def latest_import(dataset_id: str, root: Path | None = None) -> Path | None:
    found = imports(dataset_id, root)
    return found[-1] if found else None


def imports_fingerprint(root: Path | None = None) -> dict[str, str]:
    """The newest import of each dataset by folder name (time and sha256)."""
    base = root or store_root()
    if not base.is_dir():
        return {}
    return {
        dataset.name: f"file:{folder.name}"
        for dataset in sorted(base.iterdir())
        if dataset.is_dir() and (folder := latest_import(dataset.name, base)) is not None
    }
