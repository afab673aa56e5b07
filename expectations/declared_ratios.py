"""Family 2 — ratios the profile declares (`[[document.ratios]]`), checked in every table
whose column headers carry the declared words, read from the printed cells.

Two kinds, by the words of the column headers (a header path is the header rows' texts
joined by "/"; a column's siblings share its path but for the last part):
* share: `value` = sibling `numerator` ÷ the column `denominator` × scale
  (構成比 = 人数 ÷ 総人口 × 100);
* change: `value` = (sibling `to` − sibling `from`) ÷ `from` × scale
  (増減率 = (2050年 − 2020年) ÷ 2020年 × 100).
A printed ratio is compared within the rounding of its printed digits; a row missing a
number is skipped. A profile declaring no ratio is not checked (noted).
"""

from __future__ import annotations

import pandas as pd

from expectations import families
from expectations.compare import comparison_row, numeric_findings, outcome
from expectations.findings import CheckOutcome
from expectations.grid_totals import NO_CELLS_NOTE, NOT_GRIDS, cell_value
from expectations.gx_suites import comparison_frame
from sources.japanese_text import compact_key
from sources.profile import RatioDeclaration, current_profile

FAMILY = families.RATIOS
NO_RATIOS_NOTE = "プロファイルに比率の式（ratios）がないため照合していない"
NO_COLUMNS_NOTE = "宣言された比率の列がどの表にもないため照合していない"
SEPARATOR = "/"


def _labels(table: pd.DataFrame) -> dict[int, str]:
    """Column → its header path as printed, from the first body row (a later row under a
    label merged down the first column may carry another row's texts as its labels)."""
    body = table[~table["is_header"].astype(bool)]
    first = body[body["row_index"] == body["row_index"].min()]
    return dict(zip(first["col_index"].astype(int), first["column_label"].astype(str), strict=True))


def _paths(labels: dict[int, str]) -> dict[int, tuple[str, ...]]:
    """Column → its header path, each part as a comparison key."""
    return {c: tuple(compact_key(p) for p in label.split(SEPARATOR)) for c, label in labels.items()}


def _sibling(paths: dict[int, tuple[str, ...]], path: tuple[str, ...], word: str) -> int | None:
    return next((c for c, p in paths.items() if p[:-1] == path[:-1] and p[-1] == word), None)


def _formula_columns(
    paths: dict[int, tuple[str, ...]], ratio: RatioDeclaration
) -> list[tuple[int, int, int]]:
    """(value column, first operand, second operand) of each declared ratio in a table:
    (value, numerator, denominator) for a share, (value, from, to) for a change."""
    value = compact_key(ratio.value)
    out = []
    for col, path in paths.items():
        if path[-1] != value:
            continue
        if ratio.kind == "share":
            first = _sibling(paths, path, compact_key(ratio.numerator))
            whole = compact_key(ratio.denominator)
            second = next((c for c, p in paths.items() if whole in p), None)
        else:
            first = _sibling(paths, path, compact_key(ratio.start))
            second = _sibling(paths, path, compact_key(ratio.end))
        if first is not None and second is not None:
            out.append((col, first, second))
    return out


def _computed(ratio: RatioDeclaration, first: float, second: float) -> float | None:
    if ratio.kind == "share":
        return None if second == 0 else first / second * ratio.scale
    return None if first == 0 else (second - first) / first * ratio.scale


def _formula(ratio: RatioDeclaration, first: str, second: str) -> str:
    if ratio.kind == "share":
        return f"{first} ÷ {second} × {ratio.scale:g}"
    return f"({second} − {first}) ÷ {first} × {ratio.scale:g}"


def _message(row: pd.Series, expected: str) -> str:
    return (
        f"{row['row_label']}の{row['column_label']}は {row['stated_text']} と記載されているが、"
        f"{row['formula']} で計算すると {expected}"
    )


def check_declared_ratios(frames: dict[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    ratios = current_profile().document.ratios
    if not ratios:
        return CheckOutcome(check_id, FAMILY, 0, [], [], notes=[NO_RATIOS_NOTE])
    cells = frames.get("table_cell")
    if cells is None or cells.empty:  # frames built without the printed cells
        return CheckOutcome(check_id, FAMILY, 0, [], [], notes=[NO_CELLS_NOTE])
    cells = cells[~cells["table_kind"].isin(NOT_GRIDS) & ~cells["is_header"].astype(bool)]
    rows: list[dict[str, object]] = []
    skipped = 0
    found = False  # a declared ratio's columns in some table, all its rows skipped or not
    for _, table in cells.groupby("table_id", sort=False):
        labels = _labels(table)
        texts = table.pivot(index="row_index", columns="col_index", values="text")
        grid = table.set_index(["row_index", "col_index"])
        for ratio in ratios:
            for col, first_col, second_col in _formula_columns(_paths(labels), ratio):
                found = True
                names = [labels[c].split(SEPARATOR)[-1] for c in (first_col, second_col)]
                for row_index, printed in texts[[col, first_col, second_col]].iterrows():
                    if printed.isna().any():  # a cell the row does not have
                        continue
                    # None for a marker or a text, as grid_totals reads them
                    stated, first, second = (cell_value(t)[0] for t in printed)
                    if stated is None or first is None or second is None:
                        skipped += stated is not None
                        continue
                    cell = grid.loc[(row_index, col)]
                    located = pd.Series(
                        cell.to_dict()
                        | {"column_label": labels[col], "value": stated, "value_text": cell["text"]}
                    )
                    computed = _computed(ratio, first, second)
                    rows.append(comparison_row(located, computed, formula=_formula(ratio, *names)))
    if not rows:
        return CheckOutcome(
            check_id, FAMILY, 0, [], [], skipped, [] if found else [NO_COLUMNS_NOTE]
        )
    result = numeric_findings(comparison_frame(rows), check_id, FAMILY, _message)
    return outcome(check_id, FAMILY, [result], skipped=skipped)
