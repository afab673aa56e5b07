"""Where the warehouse lives by default. Kept free of heavy imports: `vision refresh` with
nothing new must answer in well under a second."""

from __future__ import annotations

import os
from pathlib import Path

WAREHOUSE_DIR = Path(__file__).resolve().parent
DEFAULT_WAREHOUSE = WAREHOUSE_DIR / "vision.duckdb"
WAREHOUSE_ENV = "VISION_WAREHOUSE"


def resolve_warehouse(path: Path | str | None = None) -> Path:
    """The warehouse a command uses: the one given, else VISION_WAREHOUSE, else
    `warehouse/vision.duckdb`."""
    return Path(path or os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)
