"""fact_usage_by_residence: 済生館, 休日夜間診療所, 市立図書館, 市立商業高校 (two-part)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .conftest import gt_by_caption


def _non_blank_cells(rows: list[list[str]]) -> int:
    return sum(1 for row in rows for cell in row[1:] if cell.strip())


def test_row_count(gt_json: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> None:
    expected = 0
    for pattern in ("済生館", "休日夜間診療所", "市立図書館の利用状況"):
        (t,) = gt_by_caption(gt_json, pattern)
        expected += _non_blank_cells(t["rows"][t["header_rows"] :])
    (school,) = gt_by_caption(gt_json, "商業高等学校生徒数")
    expected += _non_blank_cells([r for r in school["rows"] if r[0] != "項目"])
    assert len(frames["fact_usage_by_residence"]) == expected == 211


def test_saiseikan(frames: dict[str, pd.DataFrame]) -> None:
    use = frames["fact_usage_by_residence"]
    sai = use[use.facility == "山形市立病院済生館"]
    assert set(sai.fiscal_year) == {2023}
    inpatient = sai[(sai.municipality_code == "06201") & (sai.service == "入院")].set_index(
        "measure"
    )
    assert inpatient.loc["count", "value"] == 94093 and inpatient.loc["share", "value"] == 67.6
    assert inpatient.loc["share", "unit"] == "%"
    other = sai[sai.row_kind == "other"]
    assert (
        set(other.municipality_name_printed) == {"その他"} and other.municipality_code.isna().all()
    )
    total = sai[sai.row_kind == "total"]
    assert set(total.measure) == {"count"}  # the 合計 row's blank shares are not facts


def test_commercial_high_school_two_parts(frames: dict[str, pd.DataFrame]) -> None:
    use = frames["fact_usage_by_residence"]
    school = use[use.facility == "山形市立商業高等学校"]
    counts = school[school.measure == "count"]
    assert counts[counts.row_kind == "municipality"].municipality_code.nunique() == 14
    assert counts[counts.row_kind == "total"].value.tolist() == [837]
    assert counts[counts.row_kind == "other"].value.tolist() == [36]
    assert counts[counts.municipality_code == "06201"].value.tolist() == [448]
    assert set(school.column_label[school.municipality_code == "06302"]) == {"住所別/中山町"}


def test_library_usage(frames: dict[str, pd.DataFrame]) -> None:
    use = frames["fact_usage_by_residence"]
    lib = use[use.facility == "山形市立図書館"]
    assert lib[(lib.row_kind == "total")].value.tolist() == [13358]
    assert set(lib.fiscal_year) == {2023}


def test_one_service_per_single_level_table(frames: dict[str, pd.DataFrame]) -> None:
    use = frames["fact_usage_by_residence"]
    lib = use[use.facility == "山形市立図書館"]
    assert set(lib.service) == {"利用者"} and set(lib.measure) == {"count", "share"}
    clinic = use[use.facility.str.contains("休日夜間")]
    assert set(clinic.service) == {"休日夜間診療所", "休日歯科診療所"}
