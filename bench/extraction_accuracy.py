"""Accuracy and speed of table extraction on the shipped vision PDF (not a test).

Compares, against ``shared/vision/ground_truth_tables.json``:

* this project's extractor (`sources.vision_tables_pdf.extract_tables`, parallel and serial),
* pdfplumber's default ``page.extract_tables()`` over all pages,
* camelot ``flavor="lattice"`` (if camelot-py is installed).

Cell accuracy: a ground-truth table is paired with the extracted table it agrees with
best (ours: by position in document order; baselines, which return bare grids: among the
grids found on the table's first page). A cell counts as correct when the text at the
same (row, column) matches after normalization; missing rows/columns count as wrong.
Three normalizations are reported: ``exact``; ``nfkc`` (NFKC, whitespace runs collapsed);
``nfkc-nows`` (NFKC, all whitespace removed — the fairest to baselines that keep
renderer line breaks inside cells).

Usage: python bench/extraction_accuracy.py [--pdf PATH] [--truth PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sources.japanese_text import nfkc_key  # noqa: E402
from sources.manifest import default_vision_pdf  # noqa: E402
from sources.vision_tables_pdf import extract_tables  # noqa: E402

Grid = list[list[str]]

NORMALIZERS: dict[str, Callable[[str], str]] = {
    "exact": lambda s: s,
    "nfkc": nfkc_key,
    "nfkc-nows": lambda s: re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)),
}


def cell_score(truth: Grid, got: Grid, norm: Callable[[str], str]) -> tuple[int, int]:
    """(correct, total) cells of `truth` reproduced at the same position in `got`."""
    total = sum(len(r) for r in truth)
    correct = 0
    for i, row in enumerate(truth):
        for j, cell in enumerate(row):
            if i < len(got) and j < len(got[i]) and norm(got[i][j] or "") == norm(cell):
                correct += 1
    return correct, total


def clean(grid: Sequence[Sequence[Any]]) -> Grid:
    return [["" if c is None else str(c) for c in row] for row in grid]


def pair_by_page(
    truth: list[dict[str, Any]], found: dict[int, list[Grid]], norm: Callable[[str], str]
) -> dict[str, tuple[int, int]]:
    """Greedy pairing of each truth table with the best unused grid on its first page."""
    used: set[tuple[int, int]] = set()
    out = {}
    for t in truth:
        page = t["pages"][0]
        best, best_key = (0, sum(len(r) for r in t["rows"])), None
        for k, grid in enumerate(found.get(page, [])):
            if (page, k) in used:
                continue
            score = cell_score(t["rows"], grid, norm)
            if score[0] > best[0]:
                best, best_key = score, (page, k)
        if best_key is not None:
            used.add(best_key)
        out[t["id"]] = best
    return out


def run_pdfplumber(pdf_path: Path) -> tuple[dict[int, list[Grid]], float]:
    import pdfplumber

    start = time.perf_counter()
    found: dict[int, list[Grid]] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            found[page.page_number] = [clean(t) for t in page.extract_tables()]
    return found, time.perf_counter() - start


def run_camelot(pdf_path: Path) -> tuple[dict[int, list[Grid]], float] | str:
    try:
        import camelot
    except ImportError as exc:
        return f"camelot not installed ({exc})"
    start = time.perf_counter()
    try:
        tables = camelot.read_pdf(str(pdf_path), pages="all", flavor="lattice")
    except Exception as exc:  # camelot needs a rasterizer backend; report why it failed
        return f"camelot failed: {type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - start
    found: dict[int, list[Grid]] = defaultdict(list)
    for t in tables:
        found[int(t.page)].append(clean(t.df.values.tolist()))
    return dict(found), elapsed


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return result, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=default_vision_pdf())
    parser.add_argument(
        "--truth", type=Path, default=REPO.parent / "shared/vision/ground_truth_tables.json"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    parser.add_argument("--no-camelot", action="store_true")
    args = parser.parse_args()
    truth = json.loads(args.truth.read_text(encoding="utf-8"))

    ours, t_ours = timed(lambda: extract_tables(args.pdf), args.repeat)
    _, t_serial = timed(lambda: extract_tables(args.pdf, workers=1), 1)
    plumber, t_plumber = timed(lambda: run_pdfplumber(args.pdf), args.repeat)
    plumber_found, t_plumber = plumber[0], min(t_plumber, plumber[1])
    camelot_result: Any = "skipped" if args.no_camelot else run_camelot(args.pdf)

    ours_by_id = {t.id: t.rows for t in ours.tables}
    tools: dict[str, Callable[[str], dict[str, tuple[int, int]]]] = {
        "ours": lambda n: {
            t["id"]: cell_score(t["rows"], ours_by_id.get(t["id"], []), NORMALIZERS[n])
            for t in truth
        },
        "pdfplumber": lambda n: pair_by_page(truth, plumber_found, NORMALIZERS[n]),
    }
    if isinstance(camelot_result, tuple):
        camelot_found = camelot_result[0]
        tools["camelot"] = lambda n: pair_by_page(truth, camelot_found, NORMALIZERS[n])

    kinds = sorted({t["kind"] for t in truth})
    print(f"PDF: {args.pdf}  ({len(truth)} ground-truth tables, {os.cpu_count()} cores)\n")
    print("Cell accuracy (correct / ground-truth cells):")
    header = f"{'tool':<11}{'norm':<11}" + "".join(f"{k:>11}" for k in kinds) + f"{'overall':>10}"
    print(header)
    per_table: dict[str, dict[str, tuple[int, int]]] = {}
    for tool, score in tools.items():
        for norm in NORMALIZERS:
            scores = score(norm)
            if norm == "nfkc-nows":
                per_table[tool] = scores
            by_kind = defaultdict(lambda: [0, 0])
            for t in truth:
                c, n = scores[t["id"]]
                by_kind[t["kind"]][0] += c
                by_kind[t["kind"]][1] += n
            all_c = sum(v[0] for v in by_kind.values())
            all_n = sum(v[1] for v in by_kind.values())
            cells = "".join(f"{100 * by_kind[k][0] / by_kind[k][1]:>10.2f}%" for k in kinds)
            print(f"{tool:<11}{norm:<11}{cells}{100 * all_c / all_n:>9.2f}%")
    print("\nPer table (nfkc-nows), tables where any tool is below 100%:")
    print(
        f"{'id':<6}{'kind':<10}{'pages':<9}" + "".join(f"{t:>12}" for t in per_table) + "  caption"
    )
    for t in truth:
        row = {tool: s[t["id"]] for tool, s in per_table.items()}
        if all(c == n for c, n in row.values()):
            continue
        pages = "-".join(str(p) for p in sorted(set(t["pages"])))
        cells = "".join(f"{100 * c / n:>11.1f}%" for c, n in row.values())
        print(f"{t['id']:<6}{t['kind']:<10}{pages:<9}{cells}  {t['caption'][:40]}")

    print("\nWall time (best of runs):")
    print(
        f"  ours (parallel, {os.cpu_count()} cores) {t_ours:7.2f} s   ratio to pdfplumber "
        f"{t_ours / t_plumber:.2f}x"
    )
    print(f"  ours (serial)               {t_serial:7.2f} s   ratio {t_serial / t_plumber:.2f}x")
    print(f"  pdfplumber extract_tables   {t_plumber:7.2f} s   1.00x")
    if isinstance(camelot_result, tuple):
        t_cam = camelot_result[1]
        print(f"  camelot lattice             {t_cam:7.2f} s   ratio {t_cam / t_plumber:.2f}x")
    else:
        print(f"  camelot: {camelot_result}")


if __name__ == "__main__":
    main()
