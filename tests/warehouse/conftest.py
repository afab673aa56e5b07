"""Connections to the session's refreshed warehouse (see `refreshed` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipeline.refresh import RefreshSummary


@pytest.fixture(scope="session")
def warehouse_path(refreshed: RefreshSummary) -> Path:
    return Path(refreshed.warehouse)


@pytest.fixture
def wh(warehouse_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the refreshed warehouse."""
    con = duckdb.connect(str(warehouse_path), read_only=True)
    yield con
    con.close()
