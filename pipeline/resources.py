"""Where the pipeline reads the vision from and writes the warehouse to."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from warehouse.paths import resolve_warehouse


class VisionSettings(dg.ConfigurableResource):
    """The warehouse file the pipeline writes. Empty means `warehouse/vision.duckdb`, or
    the environment variable VISION_WAREHOUSE (for `dagster dev` and scheduled runs)."""

    warehouse_path: str = ""

    def warehouse(self) -> Path:
        return resolve_warehouse(self.warehouse_path)
