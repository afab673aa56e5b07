"""Shared fixtures: one real refresh of the shipped PDF into a temporary warehouse."""

import shutil
from pathlib import Path

import pytest

from pipeline.refresh import RefreshSummary, run_refresh
from sources.manifest import default_vision_pdf


@pytest.fixture(scope="session")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> RefreshSummary:
    """`vision refresh` on the embedded PDF, as a newcomer runs it (ephemeral Dagster)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DAGSTER_HOME", raising=False)
        patch.delenv("ESTAT_APP_ID", raising=False)
        warehouse = tmp_path_factory.mktemp("refreshed") / "vision.duckdb"
        summary = run_refresh(default_vision_pdf(), warehouse)
    assert summary.success, summary.errors
    return summary


@pytest.fixture
def warehouse_copy(refreshed: RefreshSummary, tmp_path: Path) -> Path:
    """A private copy of the refreshed warehouse that a test may overwrite."""
    target = tmp_path / "vision.duckdb"
    shutil.copyfile(refreshed.warehouse, target)
    return target
