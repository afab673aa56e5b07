"""Fixtures: the ground-truth tables as the extractor will deliver them, and the frames.

The ground truth lives outside the repository (../shared/vision relative to the repo root,
or wherever VISION_SHARED_DIR points); without it these tests skip with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sources.tables import ExtractedTable
from warehouse.normalize import build_all_frames

REPO_ROOT = Path(__file__).resolve().parents[3]
SHA = "0" * 63 + "1"


@pytest.fixture(scope="session")
def gt_json(ground_truth: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ground-truth tables (the session fixture of tests/conftest.py)."""
    return ground_truth


@pytest.fixture(scope="session")
def gt_tables(gt_json: list[dict[str, Any]]) -> list[ExtractedTable]:
    return [ExtractedTable.from_json(t) for t in gt_json]


@pytest.fixture(scope="session")
def frames(gt_tables: list[ExtractedTable]) -> dict[str, pd.DataFrame]:
    return build_all_frames(gt_tables, SHA)


def gt_by_caption(gt_json: list[dict[str, Any]], pattern: str) -> list[dict[str, Any]]:
    """Ground-truth tables whose caption matches `pattern` (raw dicts, for expected values)."""
    return [t for t in gt_json if re.search(pattern, t["caption"])]


def body(table: dict[str, Any]) -> list[list[str]]:
    return table["rows"][table["header_rows"] :]
