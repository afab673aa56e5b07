"""Where the pipeline reads the vision from and writes the warehouse to."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from sources.manifest import default_vision_pdf
from warehouse.load import DEFAULT_WAREHOUSE


class VisionSettings(dg.ConfigurableResource):
    """Input PDF and output warehouse. Empty means the defaults: the embedded vision PDF
    and `warehouse/vision.duckdb`; the environment variables VISION_PDF and
    VISION_WAREHOUSE override them for `dagster dev` and scheduled runs."""

    pdf_path: str = ""
    warehouse_path: str = ""

    def pdf(self) -> Path:
        return Path(self.pdf_path or os.environ.get("VISION_PDF") or default_vision_pdf())

    def warehouse(self) -> Path:
        return Path(self.warehouse_path or os.environ.get("VISION_WAREHOUSE") or DEFAULT_WAREHOUSE)
