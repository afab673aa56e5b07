"""Shared helpers: labels, lists, row kinds, and finding tables by caption (not id/page)."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from sources.profile import current_profile
from sources.tables import ExtractedTable
from warehouse.normalize import FrameError, build_all_frames
from warehouse.normalize.common import (
    classify_label,
    column_labels,
    is_table_of,
    municipality_columns,
    printed_items,
    spec_tables,
    split_list,
    squash_cjk_spaces,
    try_classify_label,
)

from .conftest import SHA


def test_squash_cjk_spaces() -> None:
    assert squash_cjk_spaces("子育て支援 センター") == "子育て支援センター"
    assert squash_cjk_spaces("JR 山形新幹線") == "JR 山形新幹線"
    assert squash_cjk_spaces("  高 校 ") == "高校"


def test_split_list_keeps_bracketed_commas() -> None:
    text = "大森山公園(市民体育館、テニスコート)、大森緑地公園(野球場、弓道場)、レークピア白水"
    assert split_list(text) == [
        "大森山公園(市民体育館、テニスコート)",
        "大森緑地公園(野球場、弓道場)",
        "レークピア白水",
    ]
    assert split_list("甲事業(乙) 丙事業 丁事業", split_spaces=True) == [
        "甲事業(乙)",
        "丙事業",
        "丁事業",
    ]
    assert split_list("P R 事業", split_spaces=True) == ["P R 事業"]


def test_multi_level_header_labels(gt_tables: list[ExtractedTable]) -> None:
    (table,) = [t for t in gt_tables if "済生館" in t.caption]
    assert column_labels(table) == [
        "居住地",
        "入院/患者数",
        "入院/比率",
        "外来/患者数",
        "外来/比率",
        "合計/患者数",
        "合計/比率",
    ]


def test_row_kinds_and_misprints() -> None:
    assert classify_label("合計", "c").row_kind == "total"
    assert classify_label("その他", "c").row_kind == "other"
    ref = classify_label("山形市（県立）", "c")
    assert (ref.code, ref.printed) == ("06201", "山形市（県立）")
    # The fuzzy resolver alone would read 上山町 as 山辺町; the position corrects it.
    ref = classify_label("上山町", "c", expected_code="06207")
    assert (ref.code, ref.resolution) == ("06207", "misprint")
    with pytest.raises(FrameError, match="c: row label"):
        classify_label("県庁所在地", "c")
    # a shape reader asks of every label: no member, total or other is None, not an error
    assert try_classify_label("県庁所在地", "c") is None
    assert try_classify_label("合計", "c").row_kind == "total"
    # a row that names no area has the same four columns, all NULL
    assert municipality_columns(None) == dict.fromkeys(municipality_columns(ref))
    assert municipality_columns(ref)["municipality_code"] == "06207"


def test_missing_table_names_the_caption(gt_tables: list[ExtractedTable]) -> None:
    without = [t for t in gt_tables if "済生館" not in t.caption]
    with pytest.raises(FrameError) as info:
        build_all_frames(without, SHA)
    assert "済生館" in str(info.value) and "済生館" in info.value.caption


def test_unparsable_number_names_the_caption(gt_tables: list[ExtractedTable]) -> None:
    broken = []
    for table in gt_tables:
        if "通勤通学" in table.caption:
            rows = [list(r) for r in table.rows]
            rows[2][1] = "22,76x"
            table = dataclasses.replace(table, rows=rows)
        broken.append(table)
    with pytest.raises(FrameError, match=r"通勤通学.*22,76x"):
        build_all_frames(broken, SHA)


def test_tables_are_found_by_caption_not_id_or_page(
    gt_tables: list[ExtractedTable], frames: dict[str, pd.DataFrame]
) -> None:
    """Another rendering numbers tables and pages differently: the data must not change."""
    renumbered = [
        dataclasses.replace(t, id=f"x{i:03d}", pages=[p + 3 for p in t.pages])
        for i, t in enumerate(reversed(gt_tables))
    ]
    renumbered.reverse()
    other = build_all_frames(renumbered, SHA)
    for name, frame in frames.items():
        drop = [c for c in ("table_id", "page", "agreement_table_id") if c in frame.columns]
        pd.testing.assert_frame_equal(
            frame.drop(columns=drop).reset_index(drop=True),
            other[name].drop(columns=drop).reset_index(drop=True),
        )
        if "page" in frame.columns:
            assert (other[name]["page"] == frame["page"] + 3).all()


def test_a_table_is_found_as_the_profile_declares_it(gt_tables: list[ExtractedTable]) -> None:
    """Caption, section and kind all count: the caption alone is not enough."""
    spec = current_profile().table("employment")
    (table,) = spec_tables(gt_tables, "employment")
    assert is_table_of(spec, table)
    assert not is_table_of(spec, dataclasses.replace(table, kind="list"))
    assert not is_table_of(spec, dataclasses.replace(table, section="4 他の節"))


def test_a_missing_declared_table_is_named_as_printed(gt_tables: list[ExtractedTable]) -> None:
    spec = current_profile().table("welfare_facility")  # the profile needs three of them
    (first, *_) = spec_tables(gt_tables, spec.key)
    fewer = [t for t in gt_tables if t is not first]
    with pytest.raises(FrameError, match=re.escape(spec.name)) as caught:
        build_all_frames(fewer, SHA)
    assert f"need {spec.min_count}, found {spec.min_count - 1}" in str(caught.value)


def test_printed_items_of_a_list_cell() -> None:
    # names split at 、 outside brackets; a marker is one item without a name; empty: none
    assert printed_items("市民会館、文化ホール（大・小）") == [
        ("市民会館", None),
        ("文化ホール（大・小）", None),
    ]
    assert printed_items("－") == [(None, "－")]
    assert printed_items("  ") == []
