"""Fixtures: the ground-truth frames (via the normalize tests' loader), the official
statistics snapshots, and the outcome of every rule on them — each built once per session.
"""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.cross_source import official_frames
from expectations.findings import CheckOutcome
from expectations.registry import run_checks
from tests.warehouse.normalize.conftest import SHA, frames, gt_json, gt_tables  # noqa: F401

__all__ = ["SHA"]


@pytest.fixture(scope="session")
def official() -> dict[str, pd.DataFrame]:
    return official_frames()


@pytest.fixture(scope="session")
def all_frames(
    frames: dict[str, pd.DataFrame],  # noqa: F811
    official: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    return {**frames, **official}


@pytest.fixture(scope="session")
def gt_outcomes(all_frames: dict[str, pd.DataFrame]) -> list[CheckOutcome]:
    return run_checks(all_frames)
