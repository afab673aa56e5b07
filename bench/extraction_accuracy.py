"""Accuracy and speed of table extraction, per document and per layout (not a test).

For every document (default: the shipped vision PDF with ``shared/vision/
ground_truth_tables.json``, and the corpus stand-in ``shared/corpus/bingo_3rd/
vision_bingo.pdf`` with its ground truth, when present) it prints, side by side:

* this project's extractor (`sources.vision_tables_pdf.extract_tables`, no profile
  expectations: what `vision extract` writes for any PDF),
* pdfplumber's default ``page.extract_tables()`` over all pages,
* camelot 2.0 ``flavor="lattice"`` and ``flavor="hybrid"`` (run in a subprocess by the
  interpreter given with ``--camelot-python`` or ``$CAMELOT_PYTHON``, default this one;
  a "camelot not installed" line when it cannot import camelot),

the share of ground-truth body rows reproduced exactly, overall and per layout tag
(the truth's ``layouts``; its ``kind`` when it has none), the cell accuracy, and the wall
time of each tool. Scoring is `tests/fixtures/extraction_score.py` (the tests use it too):
a truth table is paired with the best grid starting on its first page, so a table split
across a page break loses the rows of its other part.

With ``--baseline REF`` it also times extraction of the shipped PDF by this checkout and
by the code of git ref REF (exported with ``git archive``), each run its own process,
alternating so that load from other processes affects both alike: wall and CPU seconds
(parent and worker processes), medians, and the ratio.

Usage: python bench/extraction_accuracy.py [--doc PDF TRUTH]... [--repeat N]
       [--norm exact|nfkc|nfkc-nows|reader] [--no-camelot] [--camelot-python PATH]
       [--baseline REF] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from check_time import export  # noqa: E402  (bench/ is the script's own folder on sys.path)

from sources.manifest import default_vision_pdf  # noqa: E402
from sources.vision_tables_pdf import extract_tables  # noqa: E402
from tests.fixtures.extraction_score import (  # noqa: E402
    ALL,
    NORMALIZERS,
    Grid,
    clean,
    grids_by_first_page,
    pair_and_score,
    per_layout,
)

Found = dict[int, list[Grid]]

# Run by the camelot interpreter: every table of every page, per flavour, with its time.
CAMELOT_SCRIPT = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
try:
    import camelot
except ImportError as exc:
    print(json.dumps({"error": f"camelot not installed ({exc})"})); sys.exit(0)
out = {}
for flavor in sys.argv[2:]:
    start = time.perf_counter()
    try:
        tables = camelot.read_pdf(sys.argv[1], pages="all", flavor=flavor)
    except Exception as exc:
        out[flavor] = {"error": f"camelot {flavor} failed: {type(exc).__name__}: {exc}"}
        continue
    found = {}
    for t in tables:
        found.setdefault(str(t.page), []).append(t.df.values.tolist())
    out[flavor] = {"seconds": time.perf_counter() - start, "found": found}
print(json.dumps(out, ensure_ascii=False))
"""
CAMELOT_FLAVORS = ("lattice", "hybrid")


def shared_dir() -> Path | None:
    """The `shared/` folder next to the repository (or next to its worktrees' parent)."""
    for parent in REPO.parents:
        if (parent / "shared").is_dir():
            return parent / "shared"
    return None


def default_documents() -> list[tuple[Path, Path]]:
    shared = shared_dir()
    if shared is None:
        return []
    docs = [(default_vision_pdf(), shared / "vision/ground_truth_tables.json")]
    corpus = shared / "corpus/bingo_3rd"
    docs.append((corpus / "vision_bingo.pdf", corpus / "ground_truth_tables.json"))
    return [(pdf, truth) for pdf, truth in docs if pdf.exists() and truth.exists()]


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    best, result = float("inf"), None
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return result, best


def run_ours(pdf: Path, workers: int | None = None) -> Found:
    extraction = extract_tables(pdf, expectations=(), strict=False, workers=workers)
    return grids_by_first_page(extraction.tables)


def run_pdfplumber(pdf: Path) -> Found:
    import pdfplumber

    found: Found = {}
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            found[page.page_number] = [clean(t) for t in page.extract_tables()]
    return found


def run_camelot(pdf: Path, python: str) -> dict[str, tuple[Found, float] | str]:
    """camelot's tables per flavour with its time, or the reason it did not run."""
    try:
        proc = subprocess.run(
            [python, "-c", CAMELOT_SCRIPT, str(pdf), *CAMELOT_FLAVORS],
            capture_output=True,
            text=True,
            check=False,
        )
        payload = json.loads(proc.stdout.strip().splitlines()[-1])
    except (OSError, ValueError, IndexError) as exc:
        return {f: f"camelot could not run with {python}: {exc}" for f in CAMELOT_FLAVORS}
    if "error" in payload:
        return {f: payload["error"] for f in CAMELOT_FLAVORS}
    out: dict[str, tuple[Found, float] | str] = {}
    for flavor in CAMELOT_FLAVORS:
        res = payload.get(flavor, {"error": "no result"})
        if "error" in res:
            out[flavor] = res["error"]
            continue
        found = {int(p): [clean(g) for g in grids] for p, grids in res["found"].items()}
        out[flavor] = (found, float(res["seconds"]))
    return out


def print_document(
    pdf: Path,
    truth: Sequence[Mapping[str, Any]],
    results: Mapping[str, tuple[Found, float] | str],
    norm: str,
) -> None:
    tools = {name: r for name, r in results.items() if not isinstance(r, str)}
    layouts = {
        name: per_layout(pair_and_score(truth, found, NORMALIZERS[norm]))
        for name, (found, _) in tools.items()
    }
    ours = layouts["ours"]
    first_seen = {t: min(truth_index(truth, i) for i in ours[t].ids) for t in ours if t != ALL}
    tags = [ALL, *sorted(first_seen, key=first_seen.__getitem__)]
    print(f"\n== {pdf.name}: {len(truth)} ground-truth tables, {ours[ALL].rows} body rows")
    print(f"rows exact ({norm}) — share of ground-truth body rows reproduced exactly")
    head = f"{'layout':<28}{'tables':>7}{'rows':>6}" + "".join(f"{n:>17}" for n in tools)
    print(head)
    for tag in tags:
        cells = "".join(f"{layouts[n][tag].rows_ratio * 100:>16.1f}%" for n in tools)
        print(f"{tag:<28}{ours[tag].tables:>7}{ours[tag].rows:>6}{cells}")
    cells = "".join(f"{layouts[n][ALL].cells_ratio * 100:>16.1f}%" for n in tools)
    print(f"{'cells exact (all)':<41}{cells}")
    times = "".join(f"{t:>16.2f}s" for _, t in tools.values())
    print(f"{'wall time':<41}{times}")
    base = tools["pdfplumber"][1] if "pdfplumber" in tools else None
    if base:
        ratios = "".join(f"{t / base:>16.2f}x" for _, t in tools.values())
        print(f"{'time ÷ pdfplumber':<41}{ratios}")
    for name, r in results.items():
        if isinstance(r, str):
            print(f"  {name}: {r}")
    below = [
        s
        for s in pair_and_score(truth, tools["ours"][0], NORMALIZERS[norm])
        if s.rows_exact < s.rows
    ]
    if below:
        print("  ours below 100 %: " + ", ".join(f"{s.id} {s.rows_exact}/{s.rows}" for s in below))


def timed_extract(root: Path, pdf: Path) -> tuple[float, float]:
    """(wall, CPU seconds incl. worker processes) of one extraction of `pdf` by the code at
    `root`, in a process of its own (imports excluded: timed inside it)."""
    code = (
        "import sys, time; from sources.vision_tables_pdf import extract_tables; "
        "t = time.perf_counter(); "
        f"extract_tables({str(pdf)!r}); print(time.perf_counter() - t)"
    )
    env = os.environ | {"PYTHONPATH": str(root)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=root, env=env
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(out.strip().splitlines()[-1]), cpu


def compare_with_baseline(ref: str, runs: int) -> None:
    """This checkout against `ref` on the shipped PDF, runs alternating."""
    pdf = default_vision_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        roots = {"this checkout": REPO, f"baseline {ref}": export(ref, Path(tmp) / "baseline")}
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in roots}
        for _ in range(runs):
            for name, root in roots.items():
                times[name].append(timed_extract(root, pdf))
    print(f"\n== extraction of {pdf.name}, this checkout vs {ref} (median of {runs} runs)")
    medians = {
        name: (statistics.median(w for w, _ in ts), statistics.median(c for _, c in ts))
        for name, ts in times.items()
    }
    base_wall, base_cpu = medians[f"baseline {ref}"]
    for name, (wall, cpu) in medians.items():
        print(
            f"  {name:<24} wall {wall:6.2f}s ({wall / base_wall:.2f}x)  "
            f"cpu {cpu:6.2f}s ({cpu / base_cpu:.2f}x)"
        )


def truth_index(truth: Sequence[Mapping[str, Any]], table_id: str) -> int:
    return next(i for i, t in enumerate(truth) if t["id"] == table_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc", nargs=2, action="append", type=Path, metavar=("PDF", "TRUTH"))
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    parser.add_argument("--norm", choices=sorted(NORMALIZERS), default="nfkc")
    parser.add_argument("--no-camelot", action="store_true")
    parser.add_argument(
        "--camelot-python", default=os.environ.get("CAMELOT_PYTHON", sys.executable)
    )
    parser.add_argument("--baseline", help="also time the shipped PDF's extraction at this ref")
    parser.add_argument("--runs", type=int, default=3, help="runs per code version (--baseline)")
    parser.add_argument("--only-baseline", action="store_true", help="skip the accuracy part")
    args = parser.parse_args()
    if args.baseline:
        compare_with_baseline(args.baseline, args.runs)
        if args.only_baseline:
            return
    documents = args.doc or default_documents()
    if not documents:
        sys.exit("no document: pass --doc PDF GROUND_TRUTH.json")
    print(f"{os.cpu_count()} cores; timings are the best of {args.repeat} runs (camelot: one)")
    for pdf, truth_path in documents:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        results: dict[str, tuple[Found, float] | str] = {}
        results["ours"] = timed(lambda pdf=pdf: run_ours(pdf), args.repeat)
        results["ours serial"] = timed(lambda pdf=pdf: run_ours(pdf, workers=1), 1)
        results["pdfplumber"] = timed(lambda pdf=pdf: run_pdfplumber(pdf), args.repeat)
        if args.no_camelot:
            results["camelot"] = "camelot skipped (--no-camelot)"
        else:
            for flavor, r in run_camelot(pdf, args.camelot_python).items():
                results[f"camelot {flavor}"] = r
        print_document(pdf, truth, results, args.norm)


if __name__ == "__main__":
    main()
