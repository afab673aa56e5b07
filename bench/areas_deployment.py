"""Benchmark: two areas in one deployment vs each area on its own. Not a test: prints
medians and the ratio.

    python bench/areas_deployment.py [--runs 2] [--profile DIR --pdf PDF]

Baseline (named in issue 21, "several areas in one deployment"): the two areas refreshed
one after the other as a single-area user runs them — `vision refresh` (the shipped
profile, the embedded PDF) and `vision --profile DIR refresh --pdf PDF`, each its own
process and warehouse, no areas file. Measured: one process loading the code location with
an areas file naming both and materializing one revision of each (`area|revision`) into
their two warehouses, then the crossed cell refused (tests/fixtures/areas_deployment.py,
what the test runs). The second area defaults to the corpus stand-in beside the
repository (shared/corpus/bingo_3rd with the test profile written for it). Runs turn
about, each in fresh folders; e-Stat is not asked (snapshots).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "bingo_3rd"
SHIPPED = "yamagata_2nd"
OTHER = "other"


def _environment(folder: Path, **extra: str) -> dict[str, str]:
    drop = ("DAGSTER_HOME", "ESTAT_APP_ID", "VISION_PROFILE", "VISION_WAREHOUSE", "VISION_AREAS")
    base = {k: v for k, v in os.environ.items() if k not in drop}
    return base | {
        "PYTHONPATH": str(REPO_ROOT),
        "VISION_REVISION_STORE": str(folder / "revisions"),
        "VISION_ACTUALS_DIR": str(folder / "no_actuals"),
        **extra,
    }


def _timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - started


def separately(profile: Path, pdf: Path) -> dict[str, float]:
    """The two areas as two single-area refreshes, one after the other."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = _environment(folder)
        vision = [sys.executable, "-m", "pipeline.cli"]
        shipped = _timed(
            [*vision, "refresh", "--warehouse", str(folder / "a.duckdb")], env, REPO_ROOT
        )
        other = _timed(
            [
                *vision,
                "--profile",
                str(profile),
                "refresh",
                "--pdf",
                str(pdf),
                "--warehouse",
                str(folder / "b.duckdb"),
            ],
            env,
            REPO_ROOT,
        )
    return {"shipped": shipped, "other": other, "total": shipped + other}


def together(profile: Path, pdf: Path) -> dict[str, float]:
    """One process, the code location over both areas, one run per area and the crossed
    cell."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        areas = folder / "areas.toml"
        areas.write_text(
            f'[[area]]\nkey = "{SHIPPED}"\nprofile = "{SHIPPED}"\nwarehouse = "a.duckdb"\n'
            f'[[area]]\nkey = "{OTHER}"\nprofile = "{profile.resolve()}"\nwarehouse = "b.duckdb"\n',
            encoding="utf-8",
        )
        from sources.manifest import resolve_vision_pdf

        out = folder / "report.json"
        total = _timed(
            [
                sys.executable,
                "-m",
                "tests.fixtures.areas_deployment",
                str(out),
                f"{SHIPPED}={resolve_vision_pdf(None)}",
                f"{OTHER}={pdf.resolve()}",
                "--",
                f"{SHIPPED}:{OTHER}",
            ],
            _environment(folder, VISION_AREAS=str(areas)),
            folder,
        )
        report = json.loads(out.read_text(encoding="utf-8"))
    runs = {r["partition"].split("|")[0]: r for r in report["runs"]}
    if not all(r["success"] for r in runs.values()):
        raise SystemExit(f"a run of the deployment failed: {report['runs']}")
    return {
        "shipped": runs[SHIPPED]["seconds"],
        "other": runs[OTHER]["seconds"],
        "crossed (refused)": report["crossed"][0]["seconds"],
        "total": total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--profile", type=Path, default=REPO_ROOT / "tests/profiles/bingo_3rd")
    parser.add_argument("--pdf", type=Path, default=CORPUS / "vision_bingo.pdf")
    args = parser.parse_args()
    if not args.pdf.is_file():
        raise SystemExit(f"{args.pdf}: not found (give --profile DIR --pdf PDF of a second area)")
    sys.path.insert(0, str(REPO_ROOT))
    measured: dict[str, list[dict[str, float]]] = {"separately": [], "together": []}
    for _ in range(args.runs):
        measured["separately"].append(separately(args.profile, args.pdf))
        measured["together"].append(together(args.profile, args.pdf))
    medians = {
        way: {k: statistics.median(run[k] for run in runs) for k in runs[0]}
        for way, runs in measured.items()
    }
    for way, values in medians.items():
        print(f"{way:<11} " + "  ".join(f"{k} {v:6.1f} s" for k, v in values.items()))
    ratio = medians["together"]["total"] / medians["separately"]["total"]
    print(
        f"one deployment of two areas ÷ two single-area refreshes: {ratio:.2f} "
        f"(median of {args.runs}; each 'separately' run is two processes with imports)"
    )


if __name__ == "__main__":
    main()
