"""Section 4 matrices → participation rows with source '4'."""

from __future__ import annotations

import pandas as pd


def test_matrix_participation(frames: dict[str, pd.DataFrame]) -> None:
    part = frames["fact_project_participation"]
    matrix = part[part.source == "4"]
    assert len(matrix) == 44 * 14
    assert sorted(matrix.project_no.unique()) == list(range(1, 45))
    assert matrix.groupby("project_no").municipality_code.nunique().eq(14).all()
    # The header misprints 上山市 as 上市市 on every part.
    kami = matrix[matrix.municipality_name_printed == "上市市"]
    assert set(kami.municipality_code) == {"06207"} and set(kami.name_resolution) == {"misprint"}
    p25 = matrix[(matrix.project_no == 25) & matrix.participates]
    assert p25.municipality_code.tolist() == ["06201", "06301", "06302"]
    assert set(matrix.mark_printed) == {"★", ""}


def test_matrix_category_path(frames: dict[str, pd.DataFrame]) -> None:
    part = frames["fact_project_participation"].drop_duplicates(["source", "project_no"])
    paths = part.pivot(index="project_no", columns="source", values="field_code")
    assert (paths["3(2)"] == paths["4"]).all()
    matrix = part[part.source == "4"].set_index("project_no")
    assert tuple(matrix.loc[30, ["category_code", "subcategory_code", "field_code"]]) == (
        "ウ",
        "B",
        "e",
    )
    assert tuple(matrix.loc[9, ["category_code", "field_code"]]) == ("イ", "a")
    assert pd.isna(matrix.loc[9, "subcategory_code"])
