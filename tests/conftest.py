"""Repository-wide fixtures: the shipped vision PDF extracted once per session, the
ground truth (outside the repository, in shared/vision), and isolation of everything a
test writes from the working tree."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.refresh import RefreshSummary, run_refresh
from sources.manifest import default_vision_pdf
from sources.vision_tables_pdf import TableExtraction, extract_tables

REPO_ROOT = Path(__file__).resolve().parents[1]


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


@pytest.fixture(autouse=True)
def _e_stat_not_known_unreachable():
    """Each test starts without the memory of an e-Stat that did not answer (kept per
    process by sources/govstats/fetch.py for the datasets of one refresh)."""
    from sources.govstats import fetch

    fetch._unreachable.clear()


@pytest.fixture(autouse=True, scope="session")
def _isolated_revision_store(tmp_path_factory: pytest.TempPathFactory):
    """PDF revisions registered by refresh tests go to a temporary store, not .dagster/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VISION_REVISION_STORE", str(tmp_path_factory.mktemp("revisions")))
        yield


@pytest.fixture(scope="session")
def refreshed(
    tmp_path_factory: pytest.TempPathFactory, _isolated_revision_store: None
) -> RefreshSummary:
    """`vision refresh` on the embedded PDF, as a newcomer runs it (ephemeral Dagster)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DAGSTER_HOME", raising=False)
        patch.delenv("ESTAT_APP_ID", raising=False)
        # an empty actuals folder: a developer's actuals/ must not leak into the tests
        patch.setenv("VISION_ACTUALS_DIR", str(tmp_path_factory.mktemp("no_actuals")))
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


@pytest.fixture(scope="session")
def planted_editions(
    vision_pdf: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[TableExtraction, TableExtraction]:
    """The earlier and the later edition of tests/fixtures/editions.py, extracted."""
    from tests.fixtures.editions import write_editions

    earlier, later = write_editions(vision_pdf, tmp_path_factory.mktemp("editions"))
    return extract_tables(earlier), extract_tables(later)


@pytest.fixture(scope="session")
def planted_warehouse(
    planted_editions: tuple[TableExtraction, TableExtraction],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, str, str]:
    """(warehouse, earlier revision, later revision): the planted editions loaded newer
    first, without checks."""
    from tests.fixtures.loading import load_editions

    warehouse = tmp_path_factory.mktemp("planted") / "vision.duckdb"
    later, earlier = load_editions(warehouse, reversed(planted_editions))
    return warehouse, earlier, later
