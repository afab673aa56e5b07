"""Benchmark: a full refresh vs a refresh with nothing new, the warehouse load alone, and a
few analyst queries. Not a test: prints medians and ratios.

    python bench/refresh_and_queries.py [--runs 3] [--query-runs 20]

Baselines named in the issues:
- issue 7: a second `vision refresh` with no changes must be ≥ 10× faster than the first;
- issue 4: full load time and analyst query latency (median) are reported;
- issue 22: with DAGSTER_HOME set (the documented production setup, a Dagster instance with
  SQLite storage) a no-op refresh under 0.5 s and a full one no slower than without it
  (measured then: 1.75 s vs 0.37 s no-op, 11.5 s vs 8.1 s full). Both are run here, turn
  about, each in a fresh home with the repository's dagster.yaml.
Each `vision refresh` runs as its own process, as a user runs it (imports included).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from sources.profile import current_profile  # noqa: E402 — after the path is set

# Where the profile says each printing is (the values of printed_in / source).
_PROFILE = current_profile()
POPULATION_LABEL = _PROFILE.table("population").label
KPI_LABEL = _PROFILE.section("kpi").label
CARD_LABEL = _PROFILE.section("projects").label

ANALYST_QUERIES = {
    "population 2020 by municipality": (
        "SELECT m.name, p.value FROM fact_population p JOIN municipality m "
        "ON p.municipality_code = m.code WHERE p.year = 2020 "
        f"AND p.printed_in = '{POPULATION_LABEL}'"
    ),
    "KPI baseline vs target": (
        "SELECT indicator, value_kind, value, year FROM fact_kpi "
        f"WHERE printed_in = '{KPI_LABEL}' "
        "ORDER BY category_code, kpi_seq"
    ),
    "budget per fiscal year": (
        "SELECT fiscal_year, sum(value) FROM fact_project_budget "
        "WHERE NOT is_total GROUP BY fiscal_year ORDER BY fiscal_year"
    ),
    "participants per project": (
        "SELECT project_no, count(*) FILTER (WHERE participates) FROM "
        f"fact_project_participation WHERE source = '{CARD_LABEL}' GROUP BY project_no ORDER BY 1"
    ),
    "findings by family": "SELECT family, count(*) FROM document_findings GROUP BY family",
}


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path = REPO_ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=cwd, env=env)
    return time.perf_counter() - started


def vision(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "vision"), *args]


def bench_refresh(warehouse: Path, runs: int) -> tuple[float, float]:
    full = [timed(vision("refresh", "--force", "--warehouse", str(warehouse))) for _ in range(runs)]
    noop = [timed(vision("refresh", "--warehouse", str(warehouse))) for _ in range(runs)]
    return statistics.median(full), statistics.median(noop)


def bench_dagster_home(tmp: Path, runs: int) -> dict[tuple[str, bool], float]:
    """Median full and no-op refresh without and with DAGSTER_HOME, taken in turns so that
    a busy machine slows both alike. Each setting has its own warehouse, revision store
    and working directory (dagster.yaml's storage paths are relative to it)."""
    times: dict[tuple[str, bool], list[float]] = {}
    settings = {}
    for with_home in (False, True):
        home = tmp / ("home" if with_home else "plain")
        home.mkdir()
        env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
        env["VISION_REVISION_STORE"] = str(home / "revisions")
        if with_home:
            shutil.copyfile(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
            env["DAGSTER_HOME"] = str(home)
        settings[with_home] = (env, home, home / "vision.duckdb")
    for _ in range(runs):
        for with_home, (env, home, warehouse) in settings.items():
            command = vision("refresh", "--force", "--warehouse", str(warehouse))
            times.setdefault(("full", with_home), []).append(timed(command, env, home))
    for _ in range(runs):
        for with_home, (env, home, warehouse) in settings.items():
            command = vision("refresh", "--warehouse", str(warehouse))
            times.setdefault(("no-op", with_home), []).append(timed(command, env, home))
    return {key: statistics.median(values) for key, values in times.items()}


def print_dagster_home(medians: dict[tuple[str, bool], float], runs: int) -> None:
    baselines = {"full": "issue 22: <= 1.0 (was 11.5 / 8.1 = 1.42)", "no-op": "issue 22: was 4.7"}
    for kind in ("full", "no-op"):
        without, with_home = medians[(kind, False)], medians[(kind, True)]
        print(f"vision refresh, {kind}, without DAGSTER_HOME (median of {runs}): {without:7.2f} s")
        print(
            f"vision refresh, {kind}, with DAGSTER_HOME    (median of {runs}): {with_home:7.2f} s"
        )
        print(f"  ratio with / without: {with_home / without:.2f} ({baselines[kind]})")
    noop = medians[("no-op", True)]
    verdict = "yes" if noop < 0.5 else "no"
    print(f"  no-op with DAGSTER_HOME under 0.5 s: {verdict} ({noop:.2f} s; issue 22: was 1.75 s)")


def bench_load(runs: int) -> float:
    from sources.vision_tables_pdf import extract_tables
    from warehouse.load import load_revision
    from warehouse.normalize import build_all_frames
    from warehouse.records import document_record

    extraction = extract_tables()
    sha = extraction.document.sha256
    frames = build_all_frames(extraction.tables, sha)
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            load_revision(Path(tmp) / "vision.duckdb", document_record(extraction.document), frames)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_queries(warehouse: Path, runs: int) -> dict[str, float]:
    results = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for name, sql in ANALYST_QUERIES.items():
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                con.execute(sql).fetchall()
                times.append(time.perf_counter() - started)
            results[name] = statistics.median(times)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query-runs", type=int, default=20)
    parser.add_argument(
        "--dagster-home-only",
        action="store_true",
        help="only the refreshes with and without DAGSTER_HOME (issue 22)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print_dagster_home(bench_dagster_home(Path(tmp), args.runs), args.runs)
    if args.dagster_home_only:
        return
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "vision.duckdb"
        full, noop = bench_refresh(warehouse, args.runs)
        print(f"vision refresh, full (median of {args.runs}):      {full:7.2f} s")
        print(f"vision refresh, nothing new (median of {args.runs}): {noop:7.2f} s")
        print(f"  ratio full / no-op: {full / noop:.1f}x (issue 7 baseline: >= 10x)")
        load = bench_load(args.runs)
        print(f"warehouse load alone (median of {args.runs}):   {load:7.2f} s")
        print(f"analyst queries (median of {args.query_runs}, read-only connection):")
        for name, seconds in bench_queries(warehouse, args.query_runs).items():
            print(f"  {name:34s} {seconds * 1000:7.2f} ms")


if __name__ == "__main__":
    main()
