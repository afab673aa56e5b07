"""Benchmark: a cold `vision refresh` against a bare pdfplumber `extract_tables()` pass over
the same PDF. Not a test: prints medians and the ratio refresh ÷ pdfplumber.

    python bench/refresh_vs_pdfplumber.py [--runs 3] [--profile-phases] [--baseline REF]

Baseline named in issue 15: a cold `vision refresh` is no slower than a bare pdfplumber
pass (open the embedded PDF, `page.extract_tables()` on every page, one process): ratio
≤ 1.0. The two alternate, run by run, so load from other processes on the machine
affects both alike. Each refresh is its own process, as a user runs it (imports included),
and cold: a new warehouse, a new revision store, an empty actuals folder, no DAGSTER_HOME
(an ephemeral instance) and no ESTAT_APP_ID (the statistics snapshots, no e-Stat cache).
Nothing of an earlier run is reused but Python's bytecode cache.

`--profile-phases` also runs one instrumented cold refresh and prints where its wall time
goes: the functions of each phase are wrapped with a timer in the refresh's own process;
what no phase claims is Dagster's orchestration (step events, the check steps, I/O
managers) and the CLI.
"""

from __future__ import annotations

import argparse
import atexit
import importlib.abc
import importlib.machinery
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from check_time import export  # noqa: E402  (bench/ is the script's own folder on sys.path)

IMPORTS_LABEL = "imports (Dagster, pandas, pipeline)"
# Phases of a refresh: (label, module, function, the phase it runs inside or ""). Every
# reference to the function is wrapped (assets import them by name); a phase inside another
# is listed under it and left out of the sum.
PHASES: tuple[tuple[str, str, str, str], ...] = (
    ("page analysis started (fork)", "sources.page_analysis", "start_analysis", ""),
    ("Dagster definitions", "pipeline.code_location", "build_definitions", ""),
    ("open PDF + revision store", "sources.revision_store", "RevisionStore.add", ""),
    ("Dagster instance (ephemeral)", "pipeline.refresh", "dagster_instance", ""),
    ("GX context (import + build)", "expectations.gx_suites", "prepare", ""),
    ("waiting for the page analysis", "sources.page_analysis", "RunningAnalysis.layouts", ""),
    ("table assembly", "sources.vision_tables_pdf", "assemble", ""),
    ("text extraction", "sources.vision_text_pdf", "document_text", ""),
    ("text frame", "sources.vision_text_pdf", "text_frame", ""),
    ("normalization", "warehouse.normalize", "build_all_frames", ""),
    ("table cells", "warehouse.cells", "table_cells", ""),
    ("statistics snapshots", "warehouse.official", "official_frames", ""),
    ("rules", "expectations.registry", "run_checks", ""),
    ("GX validation", "expectations.gx_suites", "validate", "rules"),
    ("DuckDB load + views", "warehouse.load", "load_revision", ""),
    ("compacted copy", "warehouse.load", "_compacted", "DuckDB load + views"),
    ("row counts", "pipeline.refresh", "warehouse_row_counts", ""),
    ("summary printed", "pipeline.summary", "print_refresh_summary", ""),
)


def cold_environment(tmp: Path) -> tuple[dict[str, str], Path]:
    """The environment and warehouse path of a cold refresh in the fresh folder `tmp`."""
    (tmp / "actuals").mkdir()
    env = os.environ | {
        "VISION_ACTUALS_DIR": str(tmp / "actuals"),
        "VISION_REVISION_STORE": str(tmp / "revisions"),
    }
    for name in ("DAGSTER_HOME", "ESTAT_APP_ID", "VISION_WAREHOUSE", "VISION_PDF"):
        env.pop(name, None)
    return env, tmp / "vision.duckdb"


def timed_refresh(root: Path = REPO_ROOT) -> float:
    """Wall seconds of one cold `vision refresh` of the code at `root` (this checkout: the
    installed `vision` command; an exported baseline: the same entry point run from it)."""
    with tempfile.TemporaryDirectory() as tmp:
        env, warehouse = cold_environment(Path(tmp))
        command = [str(Path(sys.executable).parent / "vision")]
        if root != REPO_ROOT:
            env["PYTHONPATH"] = str(root)
            command = [sys.executable, "-c", "from pipeline.cli import main; main()"]
        started = time.perf_counter()
        subprocess.run(
            [*command, "refresh", "--warehouse", str(warehouse)],
            check=True,
            capture_output=True,
            cwd=root,
            env=env,
        )
        return time.perf_counter() - started


def timed_pdfplumber() -> float:
    """A bare pdfplumber pass in its own process: open the PDF, extract_tables() per page."""
    code = (
        "import pdfplumber, sys\n"
        "with pdfplumber.open(sys.argv[1]) as pdf:\n"
        "    for page in pdf.pages:\n"
        "        page.extract_tables()\n"
        "        page.close()\n"
    )
    from sources.manifest import default_vision_pdf

    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, str(default_vision_pdf())], check=True, cwd=REPO_ROOT
    )
    return time.perf_counter() - started


# --------------------------------------------------------------------------------------
# Phase profile (runs inside the refresh's process)
# --------------------------------------------------------------------------------------


def _timer(label: str, function, spent: dict[str, float]):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

    timed.__wrapped__ = function
    return timed


def _wrap_phases(module, spent: dict[str, float]) -> None:
    """Wrap the functions of `module` named in PHASES, as soon as it has been executed:
    modules that import them by name later get the wrapped ones."""
    for label, module_name, attribute, _ in PHASES:
        if module_name != module.__name__:
            continue
        owner_name, _, name = attribute.rpartition(".")
        owner = getattr(module, owner_name) if owner_name else module
        setattr(owner, name, _timer(label, getattr(owner, name), spent))


class _PhaseFinder(importlib.abc.MetaPathFinder):
    """Times the import of `pipeline.summary` (Dagster, pandas and the definitions come
    with it) and wraps the PHASES functions of each module as it is imported, so the
    refresh runs in its usual order (the pages are analysed while Dagster is imported)."""

    IMPORTS = "pipeline.summary"

    def __init__(self, spent: dict[str, float]) -> None:
        self.spent = spent
        self.modules = {m for _, m, _, _ in PHASES} | {self.IMPORTS}

    def find_spec(self, fullname, path, target=None):
        if fullname not in self.modules:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader, spent = spec.loader, self.spent
        execute = loader.exec_module

        def exec_module(module):
            started = time.perf_counter()
            execute(module)
            if fullname == self.IMPORTS:
                spent[IMPORTS_LABEL] = time.perf_counter() - started
            _wrap_phases(module, spent)

        loader.exec_module = exec_module
        return spec


def phase_child(warehouse: str, out: str) -> None:
    """Run one refresh in this process with every phase timed; write the times to `out`."""
    started = time.perf_counter()
    spent: dict[str, float] = {}
    sys.meta_path.insert(0, _PhaseFinder(spent))
    from pipeline.cli import main as vision

    def write() -> None:  # at exit: the command ends the process itself
        spent["(in process)"] = time.perf_counter() - started
        Path(out).write_text(json.dumps(spent), encoding="utf-8")

    atexit.register(write)
    sys.argv = ["vision", "refresh", "--warehouse", warehouse]
    vision()


def profile_phases() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env, warehouse = cold_environment(Path(tmp))
        out = Path(tmp) / "phases.json"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--phase-child", str(warehouse), str(out)],
            check=True,
            capture_output=True,
            cwd=REPO_ROOT,
            env=env,
        )
        wall = time.perf_counter() - started
        spent = json.loads(out.read_text(encoding="utf-8"))
    in_process = spent.pop("(in process)")
    print(f"where a cold refresh's {wall:.2f} s go (one instrumented run, main process):")
    print(f"  {'Python start-up + exit':38s} {wall - in_process:6.2f} s")
    print(f"  {IMPORTS_LABEL:38s} {spent.get(IMPORTS_LABEL, 0.0):6.2f} s")
    for label, _, _, parent in PHASES:
        if not parent:
            print(f"  {label:38s} {spent.get(label, 0.0):6.2f} s")
            for child, _, _, inside in PHASES:
                if inside == label:
                    print(f"    {'of which ' + child:36s} {spent.get(child, 0.0):6.2f} s")
    claimed = sum(spent.get(label, 0.0) for label, _, _, parent in PHASES if not parent)
    rest = in_process - claimed - spent.get(IMPORTS_LABEL, 0.0)
    print(f"  {'Dagster orchestration + CLI (the rest)':38s} {rest:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile-phases", action="store_true")
    parser.add_argument("--baseline", help="also time a cold refresh of this git ref")
    parser.add_argument("--phase-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase_child:
        phase_child(*args.phase_child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        roots = {"refresh": REPO_ROOT}
        if args.baseline:
            roots[f"refresh@{args.baseline}"] = export(args.baseline, Path(tmp) / "baseline")
        times: dict[str, list[float]] = {"pdfplumber": []} | {name: [] for name in roots}
        for run in range(args.runs):
            times["pdfplumber"].append(timed_pdfplumber())
            for name, root in roots.items():
                times[name].append(timed_refresh(root))
            print(f"run {run + 1}: " + ", ".join(f"{n} {t[-1]:.2f} s" for n, t in times.items()))
    medians = {name: statistics.median(t) for name, t in times.items()}
    plumber = medians.pop("pdfplumber")
    print(f"{'bare pdfplumber extract_tables() pass':40s} {plumber:6.2f} s (median of {args.runs})")
    for name, seconds in medians.items():
        print(f"{'cold vision ' + name:40s} {seconds:6.2f} s  ratio {seconds / plumber:.2f}")
    print(f"ratio refresh / pdfplumber: {medians['refresh'] / plumber:.2f} (issue 15: <= 1.0)")
    if args.profile_phases:
        profile_phases()


if __name__ == "__main__":
    main()
