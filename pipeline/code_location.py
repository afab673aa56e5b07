"""The definitions of the Dagster code location: every definition under
`pipeline/defs/<domain>/`, loaded without a central registry, plus the resources and the
executor. Built on demand: `pipeline/definitions.py` (the module Dagster loads) builds them
once at import, `vision refresh` once for its warehouse — not both in one process."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import dagster as dg

from pipeline.progress import progress_logger
from pipeline.resources import VisionSettings

# Data versions on Output are a beta parameter; the pipeline relies on them deliberately.
warnings.filterwarnings("ignore", category=dg.BetaWarning)


class _OncePerMessage(logging.Filter):
    """Let each distinct message through once: the components loader repeats its warnings
    for every definition it loads (e.g. a location name given with `-m`)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in self.seen:
            return False
        self.seen.add(message)
        return True


_COMPONENTS_LOGGER = logging.getLogger("dagster.components.core.component_tree")
if not any(isinstance(f, _OncePerMessage) for f in _COMPONENTS_LOGGER.filters):
    _COMPONENTS_LOGGER.addFilter(_OncePerMessage())


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
