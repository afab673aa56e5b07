"""Family 1 — totals found by shape: in any table whose rows (or columns) are the member
municipalities, a row (column) labelled with one of the profile's total labels
(`[document] total_labels`, e.g. 圏域計) equals the sum of the members' rows (columns).

Read from the printed cells (`table_cell`), so a table needs no subject builder to be
checked. A document whose profile declares no total label is not checked (noted); rows or
columns that are neither a member nor a total (県計, 構成比) are no part of the sum. A part
printed as a none-marker (－) counts as zero, one that is not a number makes the total
unverifiable (skipped), as for the subject tables (`expectations.row_sums`).
"""

from __future__ import annotations

import pandas as pd

from expectations.compare import numeric_findings, outcome, text_or_empty
from expectations.findings import CheckOutcome
from expectations.row_sums import FAMILY, _column_message, _row_message, total_row_comparisons
from sources.japanese_text import compact_key as label_key
from sources.japanese_text import parse_number
from sources.municipalities import resolve_municipality
from sources.profile import current_profile

NO_TOTAL_LABELS_NOTE = "プロファイルに合計の行・列の見出し（total_labels）がないため照合していない"
# Tables whose cells are not a grid of measures.
NO_CELLS_NOTE = "表のセルが渡されていないため照合していない"
NOT_GRIDS = frozenset({"card", "matrix", "agreement"})
# At least this many members must label the rows (columns) for a total to total them.
MIN_MEMBERS = 2


def _member(text: object) -> str | None:
    resolved = resolve_municipality(text_or_empty(text).strip())
    return resolved.municipality.code if resolved is not None else None


def cell_value(text: object) -> tuple[float | None, str | None, bool]:
    """(value, marker, whether it is a count) of a printed cell; a text that is no number
    is a marker of itself. Only whole numbers are counts: a share, rate or average (67.6%,
    2.33) is not the sum of the members' and is left out."""
    try:
        parsed = parse_number(text_or_empty(text))
    except ValueError:
        return None, text_or_empty(text), True
    value = None if parsed.value is None else float(parsed.value)
    return value, parsed.marker, parsed.decimals == 0 and not parsed.is_percent


def _parts(table: pd.DataFrame, line: str, across: str, totals: frozenset[str]) -> pd.DataFrame:
    """Long rows of the grid along `line` (row_index or col_index), each cell tagged
    member / total, grouped by the index `across` it (column for total rows)."""
    body = table[~table["is_header"].astype(bool)]
    if line == "row_index":
        labels = body[body["col_index"] == 0].set_index("row_index")["text"]
    else:
        header = table[table["is_header"].astype(bool)]
        last = header[header["row_index"] == header["row_index"].max()]
        labels = last.set_index("col_index")["text"]
    kinds = {
        i: "total" if label_key(text_or_empty(t)) in totals else ("member" if _member(t) else None)
        for i, t in labels.items()
    }
    if list(kinds.values()).count("member") < MIN_MEMBERS or "total" not in kinds.values():
        return pd.DataFrame()
    # The first row and column print labels, no part of a sum.
    cells = body[body[line].map(kinds).notna() & (body[across] != 0) & (body["col_index"] != 0)]
    parsed = pd.DataFrame(
        [cell_value(t) for t in cells["text"]],
        columns=["value", "marker", "is_count"],
        index=cells.index,
    )
    column_label = cells["column_label"]
    if line == "col_index":
        column_label = cells["col_index"].map(labels).fillna(column_label)
    return cells[["table_id", "caption", "page", "row_label"]].assign(
        column_label=column_label,
        group=[f"{line}:{int(i)}" for i in cells[across]],
        row_kind=cells[line].map(kinds),
        value_text=cells["text"],
        **parsed,
    )


def _counts_only(frame: pd.DataFrame) -> pd.DataFrame:
    """The groups (a column of total rows, a row of total columns) printed as counts."""
    counted = frame.groupby(["table_id", "group"])["is_count"].transform("all")
    return frame[counted.astype(bool)]


def check_grid_totals(frames: dict[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    totals = current_profile().document.total_keys
    if not totals:
        return CheckOutcome(check_id, FAMILY, 0, [], [], notes=[NO_TOTAL_LABELS_NOTE])
    cells = frames.get("table_cell")
    if cells is None or cells.empty:  # frames built without the printed cells
        return CheckOutcome(check_id, FAMILY, 0, [], [], notes=[NO_CELLS_NOTE])
    cells = cells[~cells["table_kind"].isin(NOT_GRIDS)]
    results, skipped = [], 0
    for line, across, message in (
        ("row_index", "col_index", _row_message),
        ("col_index", "row_index", _column_message),
    ):
        tables = [_parts(t, line, across, totals) for _, t in cells.groupby("table_id", sort=False)]
        tables = [t for t in tables if not t.empty]
        if not tables:
            continue
        comparisons, skipped_here = total_row_comparisons(
            _counts_only(pd.concat(tables)), ("table_id", "group")
        )
        skipped += skipped_here
        # A total column totals the members' columns: what its message says it sums.
        results.append(
            numeric_findings(comparisons.assign(parts="各市町"), check_id, FAMILY, message)
        )
    return outcome(check_id, FAMILY, results, skipped=skipped)
