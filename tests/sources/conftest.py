"""Shared fixtures: the shipped vision PDF is extracted once per test session."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from sources.manifest import default_vision_pdf
from sources.vision_tables_pdf import TableExtraction, extract_tables

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_vision_dir() -> Path:
    """`shared/vision` beside the repository (overridable with VISION_SHARED_DIR)."""
    return Path(os.environ.get("VISION_SHARED_DIR", REPO_ROOT.parent / "shared" / "vision"))


@pytest.fixture(scope="session")
def ground_truth() -> list[dict[str, Any]]:
    path = shared_vision_dir() / "ground_truth_tables.json"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def vision_pdf() -> Path:
    return default_vision_pdf()


@pytest.fixture(scope="session")
def vision_extraction(vision_pdf: Path) -> TableExtraction:
    return extract_tables(vision_pdf)
