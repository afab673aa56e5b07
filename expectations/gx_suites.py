"""Great Expectations suites, kept as JSON in `expectations/suites/`, run on pandas frames.

Every consistency rule reduces its table to a *comparison frame*: one row per printed
number that can be recomputed, with the stated value, the computed value and the rounding
tolerance. The suite then asks GX whether each stated value is within its tolerance of the
computed one (`gx_rounding`, an expectation of our own: GX decides, nothing else computes
the comparison) and whether anything needed for the comparison is missing. GX's SQL path
does not compute metrics against DuckDB (upstream GX #11579), so validation runs on pandas
frames in an ephemeral context — nothing is written to disk.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from expectations.findings import LOCATION_FIELDS

SUITES_DIR = Path(__file__).resolve().parent / "suites"

# Columns every comparison frame has — where the number is printed (a Finding's location
# fields), then the numbers compared; rules may add more (e.g. municipality_code).
COMPARISON_COLUMNS = [
    *LOCATION_FIELDS,
    "stated",
    "stated_text",
    "computed",
    "tolerance",
]


@dataclass(frozen=True)
class SuiteResult:
    # Row positions (into the validated frame) that broke each expectation, keyed by
    # (type, the columns it is about): a suite may use one type on several columns.
    unexpected_rows: dict[tuple[str, tuple[str, ...]], list[int]]

    def rows_failing(self, expectation_type: str, *columns: str) -> list[int]:
        """Rows failing the expectations of this type (on exactly these columns, if given)."""
        return sorted(
            {
                row
                for (kind, on), rows in self.unexpected_rows.items()
                if kind == expectation_type and (not columns or on == columns)
                for row in rows
            }
        )


def comparison_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A comparison frame: the rows, its columns in the order every rule shares, then the
    columns a rule adds for its messages (e.g. source)."""
    return frame_of(rows, COMPARISON_COLUMNS)


def frame_of(rows: Sequence[Mapping[str, object]], first: Sequence[str]) -> pd.DataFrame:
    """The rows as a frame whose columns are `first`, then any other key of a row."""
    extra = dict.fromkeys(c for r in rows for c in r if c not in first)
    return pd.DataFrame(rows, columns=[*first, *extra]).reset_index(drop=True)


# Modules `import great_expectations` executes for one expectation the suites never use
# (expect_column_kl_divergence_to_be_less_than: `scipy.stats`, `altair` for its chart),
# referenced only inside that expectation's methods. Together over a second of a refresh's
# main process; deferred until something reads them (see `_defer_import`).
DEFERRED_IMPORTS = ("scipy.stats", "altair")


def _defer_import(name: str) -> None:
    """Stand in for module `name` until an attribute of it is read; it is then imported for
    real and everything goes to it. A module already imported, or not installed (the
    import that needs it then fails as it would have), is left alone.

    importlib.util.LazyLoader would do, but an `import` of a lazy module executes it on
    Python 3.11 (the import system reads its `__spec__`); this stand-in has no spec."""
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    stand_in = types.ModuleType(name, f"{name}, imported when first used")

    def real_attribute(attribute: str) -> object:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    stand_in.__getattr__ = real_attribute  # type: ignore[method-assign]  # PEP 562
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:
        # `from scipy import stats` reads the attribute of the (cheap) package.
        setattr(importlib.import_module(parent), child, stand_in)


@cache
def _context():
    # Imported lazily: `import great_expectations` costs seconds and most CLI commands
    # (query, export, --help) never validate anything.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    for name in DEFERRED_IMPORTS:
        _defer_import(name)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch_definition = (
        context.data_sources.add_pandas("vision_frames")
        .add_dataframe_asset("frame")
        .add_batch_definition_whole_dataframe("whole_frame")
    )
    return context, batch_definition


def prepare() -> None:
    """Import Great Expectations and build its context now rather than at the first
    validation: a refresh does it while the pages are still being analysed in worker
    processes, so the import's seconds overlap the extraction."""
    _context()


@cache
def _suite_spec(name: str) -> dict:
    """The stored suite `expectations/suites/<name>.json` as written."""
    return json.loads((SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def load_suite(name: str):
    """The suite `expectations/suites/<name>.json` as a GX ExpectationSuite."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    import expectations.gx_rounding  # noqa: F401 — registers the suites' own expectation

    spec = _suite_spec(name)
    configs = [ExpectationConfiguration(**e) for e in spec["expectations"]]
    return gx.ExpectationSuite(name=spec["name"], expectations=configs, meta=spec.get("meta", {}))


@cache
def suite_columns(name: str) -> frozenset[str] | None:
    """The columns the suite's expectations read; None when one of them may read others
    (a table-level expectation, a row condition)."""
    read: set[str] = set()
    for expectation in _suite_spec(name)["expectations"]:
        kwargs = expectation["kwargs"]
        if not _columns(kwargs) or "row_condition" in kwargs:
            return None
        read.update(_columns(kwargs))
    return frozenset(read)


def validate(frame: pd.DataFrame, suite_name: str) -> SuiteResult:
    """Validate `frame` against a stored suite; report which rows broke which expectation.

    GX is handed the columns the suite reads, every row: it also fingerprints the whole
    batch it is given (an md5 of every value, pickled when a column holds lists), which
    for the rules' frames with their captions, labels and page lists cost more than the
    validation itself."""
    _, batch_definition = _context()
    suite = load_suite(suite_name)
    read = suite_columns(suite_name)
    if read is not None:
        frame = frame[[c for c in frame.columns if c in read]]
    frame = frame.reset_index(drop=True)
    result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(
        suite, result_format={"result_format": "COMPLETE"}
    )
    unexpected: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for r in result.results:
        if r.exception_info and r.exception_info.get("raised_exception"):
            raise RuntimeError(
                f"suite {suite_name}: {r.expectation_config.type} could not run: "
                f"{r.exception_info.get('exception_message')}"
            )
        if not r.success:
            rows = r.result.get("unexpected_index_list") or []
            key = (r.expectation_config.type, _columns(r.expectation_config.kwargs))
            unexpected.setdefault(key, []).extend(int(i) for i in rows)
    return SuiteResult(unexpected)


def _columns(kwargs: dict) -> tuple[str, ...]:
    """The columns an expectation is about, in its own order."""
    if "column" in kwargs:
        return (kwargs["column"],)
    if "column_A" in kwargs:
        return (kwargs["column_A"], kwargs["column_B"])
    return tuple(kwargs.get("column_list") or ())
