"""Reading actuals workbooks: a damaged file is refused with a message naming it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from sources.actuals_workbook import REQUIRED_HEADERS, WorkbookReadError, read_actuals_file


def workbook(path: Path) -> Path:
    book = Workbook()
    book.active.title = "実績"
    book.active.append(list(REQUIRED_HEADERS))
    book.active.append(["転入者数", 2025, 1234])
    book.save(path)
    return path


def test_a_workbook_is_read_with_its_rows_located(tmp_path) -> None:
    file = read_actuals_file(workbook(tmp_path / "ok.xlsx"))
    (row,) = file.rows
    assert (row.sheet, row.row_number, row.cells["実績値"]) == ("実績", 2, 1234)
    assert row.columns == {"指標": "A", "年": "B", "実績値": "C"}


def test_a_workbook_whose_sheet_is_cut_short_is_refused(tmp_path) -> None:
    good = workbook(tmp_path / "good.xlsx")
    damaged = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            out.writestr(item, data)
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(damaged.getvalue())
    with pytest.raises(WorkbookReadError, match=r"damaged\.xlsx: sheet '実績' cannot be read"):
        read_actuals_file(path)
