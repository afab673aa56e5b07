"""Where the pipeline reads the vision from and writes the warehouse to."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from sources.manifest import default_vision_pdf
from warehouse.load import DEFAULT_WAREHOUSE


class VisionSettings(dg.ConfigurableResource):
    """The warehouse file the pipeline writes. Empty means `warehouse/vision.duckdb`, or
    the environment variable VISION_WAREHOUSE (for `dagster dev` and scheduled runs)."""

    warehouse_path: str = ""

    def warehouse(self) -> Path:
        return Path(self.warehouse_path or os.environ.get("VISION_WAREHOUSE") or DEFAULT_WAREHOUSE)


def resolve_pdf(path: Path | str | None) -> Path:
    """The PDF a command reads: the one given, else VISION_PDF, else the embedded one.

    Inside Dagster runs the PDF of a revision comes from the revision store instead."""
    return Path(path or os.environ.get("VISION_PDF") or default_vision_pdf())
