"""The Dagster code location (`pyproject.toml`, `-m pipeline.definitions`): its definitions
built once, at import (see `pipeline/code_location.py`)."""

from __future__ import annotations

from pipeline.code_location import build_definitions

defs = build_definitions()
