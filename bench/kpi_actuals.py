"""Benchmark: importing a KPI actuals workbook (15 KPIs × up to 7 years), and the no-op
refresh after it. Not a test: prints medians against the issue's baselines.

    python bench/kpi_actuals.py [--warehouse PATH] [--runs 5]

Baselines (issue 10): the import takes under 1 s; the no-op refresh stays under 1 s.
Each import and refresh runs as its own process (`vision …`), as a user runs it, imports
included; the import is also timed in-process (validation + staged copy + swap only).
The warehouse is copied first (default: warehouse/vision.duckdb, built by `vision refresh`).
"""

from __future__ import annotations

import argparse
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

YEARS_PER_KPI = 7


def workbook(warehouse: Path, out: Path) -> int:
    """15 KPIs × the last 7 years of each KPI's period (fewer where the period is shorter),
    each value baseline plus a step per year toward the target."""
    from openpyxl import Workbook

    from sources.actuals_workbook import ACTUALS_HEADERS
    from sources.profile import current_profile
    from warehouse.actuals_kpis import load_kpis

    with duckdb.connect(str(warehouse), read_only=True) as con:
        kpis = load_kpis(con)
        values = {
            r[0]: (r[1] or 0.0, r[2])
            for r in con.execute(
                "SELECT indicator_key, baseline_value, target_value FROM kpi_targets "
                "WHERE printed_in = ?",
                [current_profile().section("kpi").label],
            ).fetchall()
        }
    book = Workbook()
    sheet = book.active
    sheet.title = "実績入力"
    header = list(ACTUALS_HEADERS)
    sheet.append(header)
    rows = 0
    for kpi in kpis:
        years = list(range(kpi.first_year, kpi.target_year + 1))[-YEARS_PER_KPI:]
        base, target = values[kpi.key]
        for i, year in enumerate(years, start=1):
            row = dict.fromkeys(header)
            row.update(区分=kpi.code, 指標=kpi.indicator, 年=year, 出典="bench", 入力者="bench")
            row["実績値"] = round(base + (target - base) * i / (len(years) + 1), 2)
            sheet.append([row[h] for h in header])
            rows += 1
    book.save(out)
    return rows


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=REPO_ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=REPO_ROOT / "warehouse/vision.duckdb")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from warehouse.actuals import import_actuals

    vision = str(Path(sys.executable).with_name("vision"))
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.duckdb"
        shutil.copyfile(args.warehouse, base)
        book = Path(tmp) / "actuals.xlsx"
        rows = workbook(base, book)
        cli, inproc = [], []
        for run in range(args.runs):
            target = Path(tmp) / f"run{run}.duckdb"
            shutil.copyfile(base, target)
            cli.append(timed([vision, "actuals", "import", str(book), "--warehouse", str(target)]))
            shutil.copyfile(base, target)
            started = time.perf_counter()
            import_actuals(target, [book])
            inproc.append(time.perf_counter() - started)
        noop = [
            timed([vision, "refresh", "--warehouse", str(Path(tmp) / "run0.duckdb")])
            for _ in range(args.runs)
        ]
    print(f"workbook: {rows} rows (15 KPIs × up to {YEARS_PER_KPI} years)")
    print(f"vision actuals import (process): median {statistics.median(cli):.3f} s  (< 1 s)")
    print(f"import_actuals (in-process):     median {statistics.median(inproc):.3f} s")
    print(f"no-op vision refresh (process):  median {statistics.median(noop):.3f} s  (< 1 s)")


if __name__ == "__main__":
    main()
