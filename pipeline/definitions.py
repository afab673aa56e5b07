"""The Dagster code location: every definition under `pipeline/defs/<domain>/`, loaded
without a central registry, plus the resources and the executor."""

from __future__ import annotations

import warnings
from pathlib import Path

import dagster as dg

from pipeline.progress import progress_logger
from pipeline.resources import VisionSettings

# Data versions on Output are a beta parameter; the pipeline relies on them deliberately.
warnings.filterwarnings("ignore", category=dg.BetaWarning)


def build_definitions(warehouse_path: str = "") -> dg.Definitions:
    # In-process by default: `import great_expectations` alone costs ~3 s, and the
    # multiprocess executor pays it again in every step (README: scaling out).
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).resolve().parent),
        dg.Definitions(
            resources={"settings": VisionSettings(warehouse_path=warehouse_path)},
            executor=dg.in_process_executor,
            loggers={"progress": progress_logger},
        ),
    )


defs = build_definitions()
