"""Benchmark: `vision check --json` on the shipped PDF, this checkout against a baseline
commit. Not a test: prints medians and the ratio.

    python bench/check_time.py [--baseline REF] [--runs 5]

Baseline named in issue 13: `vision check` stays within 10 % of its time before the text
family (the commit before it, by default `0fd7e3c`). Each run is its own process, as a
user runs it, on a fresh warehouse (extract, load, every check), then once more on the
same warehouse (the answer read back, nothing redone). Runs of the two code versions
alternate, so load from other processes on the machine affects both alike.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASELINE = "0fd7e3c"  # the last commit before the text family (issue 13)


def export(ref: str, target: Path) -> Path:
    """The tree of `ref` written to `target` (git archive), to run the baseline's code."""
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    target.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def timed_check(root: Path, warehouse: Path, store: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its workers) of one `vision check`.
    CPU time is what the code costs; wall time also counts waiting for a shared CPU."""
    env = os.environ | {"PYTHONPATH": str(root), "VISION_REVISION_STORE": str(store)}
    env.pop("DAGSTER_HOME", None)
    env.pop("ESTAT_APP_ID", None)
    code = (
        "import sys; from pipeline.cli import main; "
        f"sys.argv = ['vision', 'check', '--json', '--warehouse', {str(warehouse)!r}]; main()"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=root, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        roots = {"baseline": export(args.baseline, work / "baseline"), "current": REPO_ROOT}
        fresh: dict[str, list[tuple[float, float]]] = {name: [] for name in roots}
        again: dict[str, list[tuple[float, float]]] = {name: [] for name in roots}
        for run in range(args.runs):
            for name, root in roots.items():
                warehouse = work / f"{name}-{run}" / "vision.duckdb"
                store = work / f"{name}-{run}" / "revisions"
                fresh[name].append(timed_check(root, warehouse, store))
                again[name].append(timed_check(root, warehouse, store))
                (fw, fc), (aw, ac) = fresh[name][-1], again[name][-1]
                print(
                    f"run {run + 1} {name}: fresh {fw:.1f} s (cpu {fc:.1f} s), "
                    f"again {aw:.2f} s (cpu {ac:.2f} s)",
                    flush=True,
                )
    for label, times in (("fresh warehouse", fresh), ("already checked", again)):
        for i, measure in enumerate(("wall", "cpu")):
            base = statistics.median(t[i] for t in times["baseline"])
            current = statistics.median(t[i] for t in times["current"])
            print(
                f"{label}, {measure}: baseline {args.baseline} median {base:.2f} s, "
                f"current median {current:.2f} s, ratio {current / base:.3f}"
            )


if __name__ == "__main__":
    main()
