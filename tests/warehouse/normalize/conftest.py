"""Fixtures: the ground-truth tables as the extractor will deliver them, and the frames.

The ground truth lives outside the repository (../shared/vision relative to the repo root,
or wherever VISION_GROUND_TRUTH points); without it these tests skip with the reason.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sources.tables import ExtractedTable
from warehouse.normalize import build_all_frames

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_GT = REPO_ROOT.parent / "shared" / "vision" / "ground_truth_tables.json"
SHA = "0" * 63 + "1"


def ground_truth_path() -> Path:
    return Path(os.environ.get("VISION_GROUND_TRUTH", DEFAULT_GT))


@pytest.fixture(scope="session")
def gt_json() -> list[dict[str, Any]]:
    path = ground_truth_path()
    if not path.is_file():
        pytest.skip(f"ground truth not found at {path} (set VISION_GROUND_TRUTH)")
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["tables"] if isinstance(data, dict) else data


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
