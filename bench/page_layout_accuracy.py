"""Page-level table finding per layout (not a test): rows of a ground truth found on its
pages by `sources.pdf_tables` alone, before any document-level assembly.

For every ground-truth table, its body rows (after `header_rows`, non-empty) count as
found when some table the page analysis finds on the table's pages has a row equal to it
cell by cell (NFKC key, or the printed text with ``--exact``; each found row used once).
This isolates page geometry (rules, fills, alignment, spans, cell text) from captions and
page-break joins, which
`bench/extraction_accuracy.py` scores. Printed per layout tag when the ground truth has
`layouts` (as the corpus stand-ins do), with the page tables' own `layout` counts, tables
found that hold no ground-truth row, and the serial analysis time.

Usage: python bench/page_layout_accuracy.py --pdf PDF --truth GROUND_TRUTH.json [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sources.japanese_text import nfkc_key  # noqa: E402
from sources.page_analysis import analyze_document  # noqa: E402
from sources.pdf_tables.page import PageLayout  # noqa: E402


def row_key(row: list[str], exact: bool = False) -> tuple[str, ...]:
    """A row for comparison: the printed text (`exact`) or its NFKC keys."""
    return tuple(row) if exact else tuple(nfkc_key(c) for c in row)


def score(
    truth: list[dict[str, Any]], layouts: list[PageLayout], verbose: bool, exact: bool = False
) -> dict[str, list[int]]:
    """{layout tag: [rows found, rows]} over the ground truth's tables."""
    by_page = {layout.page_number: layout for layout in layouts}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for table in truth:
        first, last = table["pages"][0], table["pages"][-1]
        found: Counter[tuple[str, ...]] = Counter()
        for page in range(first, last + 1):
            for t in by_page[page].tables:
                found.update(row_key(r, exact) for r in t.grid().rows)
        body = [r for r in table["rows"][table["header_rows"] :] if any(r)]
        ok, missed = 0, []
        for row in body:
            key = row_key(row, exact)
            if found[key] > 0:
                found[key] -= 1
                ok += 1
            else:
                missed.append(row)
        for tag in [*table.get("layouts", []), "all"]:
            totals[tag][0] += ok
            totals[tag][1] += len(body)
        if verbose and missed:
            print(f"  {table['id']}: {ok}/{len(body)}; first missed {missed[0]}")
    return totals


def unmatched(truth: list[dict[str, Any]], layouts: list[PageLayout]) -> list[str]:
    """Tables found that hold no row of any ground-truth table (a chart, a band, …)."""
    keys = {row_key(r) for t in truth for r in t["rows"]}
    out = []
    for layout in layouts:
        for t in layout.tables:
            if not any(row_key(r) in keys for r in t.grid().rows):
                out.append(f"page {layout.page_number} {t.layout} {[round(v) for v in t.bbox]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--exact", action="store_true", help="compare printed text, not NFKC")
    args = parser.parse_args()
    truth = json.loads(args.truth.read_text(encoding="utf-8"))
    start = time.perf_counter()
    layouts = analyze_document(args.pdf, workers=1)
    elapsed = time.perf_counter() - start
    totals = score(truth, layouts, args.verbose, args.exact)
    how = "printed text" if args.exact else "NFKC keys"
    print(f"PDF: {args.pdf}  ({len(truth)} ground-truth tables, rows compared by {how})")
    print(f"{'layout':<30}{'rows found':>12}{'share':>9}")
    for tag in sorted(totals, key=lambda t: (t != "all", t)):
        ok, n = totals[tag]
        print(f"{tag:<30}{f'{ok}/{n}':>12}{100 * ok / n:>8.2f}%")
    kinds = Counter(t.layout for layout in layouts for t in layout.tables)
    print("page tables by how they were found: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    extra = unmatched(truth, layouts)
    print(f"tables without any ground-truth row: {len(extra)}" + "".join(f"\n  {e}" for e in extra))
    print(f"page analysis (serial): {elapsed:.2f} s")


if __name__ == "__main__":
    main()
