"""Fixtures: the ground-truth frames (via the normalize tests' loader), the official
statistics snapshots as the warehouse passes them to the rules, and the outcome of every
rule on them — each built once per session.
"""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.findings import CheckOutcome
from expectations.registry import rules, run_checks
from sources.govstats.fetch import fetch_or_snapshot
from tests.warehouse.normalize.conftest import SHA, frames, gt_json, gt_tables  # noqa: F401
from warehouse.official import official_frames, official_release

__all__ = ["SHA"]


@pytest.fixture(scope="session")
def official() -> dict[str, pd.DataFrame]:
    """The shipped snapshots of the datasets the rules read (never e-Stat: no app id),
    shaped as fact_official_statistic the way the refresh shapes them."""
    datasets = dict.fromkeys(d for rule in rules() for d in rule.official)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("ESTAT_APP_ID", raising=False)
        return official_frames([official_release(d, *fetch_or_snapshot(d)) for d in datasets])


@pytest.fixture(scope="session")
def all_frames(
    frames: dict[str, pd.DataFrame],  # noqa: F811
    official: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    return {**frames, **official}


@pytest.fixture(scope="session")
def gt_outcomes(all_frames: dict[str, pd.DataFrame]) -> list[CheckOutcome]:
    return run_checks(all_frames)
