"""Family 8 (text): slips planted in an edited copy of the shipped PDF and in a re-rendered
copy are reported with their pages; the unedited PDF reports none of them."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from expectations.document_text import DOCUMENT_TEXT, marker_for, numbering, title_of
from expectations.findings import CheckOutcome, Finding
from expectations.text_structure import Numbered, coded_styles
from sources.vision_tables_pdf import TableExtraction, extract_tables
from tests.expectations.helpers import TEXT_RULES, text_outcomes
from tests.fixtures.pdf_edit import replace_text
from tests.fixtures.render_vision import render_vision

# (page, printed, replacement): each a slip a proofreader should catch.
MISSPELT_TERM = (3, "生活関連機能サービス", "生活関係機能サービス")  # a paragraph, p.3
HEADING_CHANGED = (6, "具体的取組の期間", "具体的取組の年間")  # heading (3), 目次 on p.2
NUMBERING_GAP = (16, "②圏域内鉄道", "③圏域内鉄道")  # (オ): ① then ③
LIST_ITEM_REPEATED = (60, "③相談", "④相談")  # a card's ①②③④⑤ list: ② then ④, ④ twice
PDF_EDITS = (MISSPELT_TERM, HEADING_CHANGED, NUMBERING_GAP, LIST_ITEM_REPEATED)


@pytest.fixture(scope="module")
def shipped(vision_extraction: TableExtraction) -> dict[str, CheckOutcome]:
    return text_outcomes(vision_extraction)


@pytest.fixture(scope="module")
def edited(vision_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, CheckOutcome]:
    pdf = vision_pdf.read_bytes()
    for page, old, new in PDF_EDITS:
        pdf = replace_text(pdf, page, old, new)
    path = tmp_path_factory.mktemp("text_slips") / "edited.pdf"
    path.write_bytes(pdf)
    return text_outcomes(extract_tables(path))


def _findings(outcomes: dict[str, CheckOutcome], check_id: str) -> list[Finding]:
    outcome = outcomes[check_id]
    assert outcome.data_errors == []
    return outcome.findings


def _with(findings: list[Finding], text: str) -> list[Finding]:
    return [f for f in findings if text in f.stated or text in f.expected or text in f.message]


# --------------------------------------------------------------------------------------
# Planted in an edited copy of the shipped PDF
# --------------------------------------------------------------------------------------


def test_misspelt_term_is_reported_with_its_page_and_the_frequent_form(shipped, edited) -> None:
    page, right, wrong = MISSPELT_TERM
    found = _with(_findings(edited, "term_variants"), wrong)
    assert [(f.page, f.severity.value) for f in found] == [(page, "warning")]
    assert right in found[0].expected
    assert f"p.{page}" in found[0].message
    assert _with(_findings(shipped, "term_variants"), wrong) == []


def test_heading_changed_against_the_toc_is_reported(shipped, edited) -> None:
    page, toc_words, heading_words = HEADING_CHANGED
    found = _with(_findings(edited, "table_of_contents"), heading_words)
    assert [f.page for f in found] == [page]
    assert toc_words in found[0].expected and heading_words in found[0].stated
    assert "目次（p.2）" in found[0].message
    assert _with(_findings(shipped, "table_of_contents"), heading_words) == []


def test_numbering_gap_is_reported(shipped, edited) -> None:
    page, _, gap = NUMBERING_GAP
    found = [f for f in _findings(edited, "heading_numbering") if f.page == page]
    assert [(f.stated, f.expected) for f in found] == [("③", "②")]
    assert gap in found[0].message
    assert [f for f in _findings(shipped, "heading_numbering") if f.page == page] == []


def test_numbering_slip_in_a_cards_list_is_reported(shipped, edited) -> None:
    page, _, _ = LIST_ITEM_REPEATED
    found = [f for f in _findings(edited, "heading_numbering") if f.page == page]
    # ①②④④⑤: ④ where ③ belongs, then ④ again where ④ belongs
    assert [(f.stated, f.expected) for f in found] == [("④", "③"), ("④", "⑤")]
    assert all(f.row_label == "事業内容" and f.table_id for f in found)
    assert [f for f in _findings(shipped, "heading_numbering") if f.page == page] == []


def test_the_edits_add_no_other_text_finding(shipped, edited) -> None:
    before = {
        (f.check_id, f.page, f.stated, f.expected) for o in shipped.values() for f in o.findings
    }
    after = {
        (f.check_id, f.page, f.stated, f.expected) for o in edited.values() for f in o.findings
    }
    assert len(after - before) == len(PDF_EDITS) + 1  # the list edit makes two
    assert before <= after


# --------------------------------------------------------------------------------------
# Planted in a re-rendered copy (rows cannot be removed from a PDF in place)
# --------------------------------------------------------------------------------------

REMOVED = "朝日町"  # its row dropped from the second 社会福祉施設等 table
COPIED_FROM, COPIED_TO = 1, 12  # project 1's budget amounts printed on project 12's card


def _project_card(tables: list[dict[str, Any]], number: int) -> dict[str, Any]:
    return next(
        t for t in tables if t["kind"] == "card" and t["caption"] == f"連携事業【{number}】"
    )


def _budget_row(card: dict[str, Any]) -> int:
    return next(i for i, row in enumerate(card["rows"]) if row[1].startswith("事業費見込"))


@pytest.fixture(scope="module")
def rerendered(
    ground_truth: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, CheckOutcome], dict[str, CheckOutcome], list[dict[str, Any]]]:
    """The tables of 2(1)ウ(ア) and the first 12 project cards, re-typeset as printed and
    with the two slips planted; (outcomes as printed, outcomes planted, planted tables)."""
    part = [
        t
        for t in ground_truth
        if t["section"].endswith("(ア) 医療・福祉機能")
        or (t["kind"] == "card" and int(t["caption"][5:-1]) <= COPIED_TO)
    ]
    planted = copy.deepcopy(part)
    welfare = [t for t in planted if "社会福祉施設" in t["caption"]][1]
    drop = next(i for i, row in enumerate(welfare["rows"]) if row[0] == REMOVED)
    welfare["rows"].pop(drop)
    welfare["spans"] = [
        {**s, "row": s["row"] - (s["row"] > drop)} for s in welfare["spans"] if s["row"] != drop
    ]
    source, target = _project_card(planted, COPIED_FROM), _project_card(planted, COPIED_TO)
    i, j = _budget_row(source), _budget_row(target)
    assert len(source["rows"][i]) == len(target["rows"][j])
    target["rows"][j] = target["rows"][j][:2] + source["rows"][i][2:]
    out = []
    for name, tables in (("printed", part), ("planted", planted)):
        path = tmp_path_factory.mktemp("rerendered") / f"{name}.pdf"
        render_vision(tables, path)
        out.append(text_outcomes(extract_tables(path, strict=False), part=True))
    return out[0], out[1], planted


def test_removed_municipality_row_is_reported(rerendered) -> None:
    printed, planted, _ = rerendered
    found = _with(_findings(planted, "municipality_coverage"), REMOVED)
    assert len(found) == 1
    assert "社会福祉施設" in found[0].caption and found[0].page is not None
    assert found[0].expected == "14市町"
    assert _with(_findings(printed, "municipality_coverage"), REMOVED) == []


def test_budget_row_copied_to_another_card_is_reported(rerendered) -> None:
    printed, planted, _ = rerendered
    found = _with(_findings(planted, "copied_budget_rows"), f"【{COPIED_TO}】")
    assert len(found) == 1
    assert f"【{COPIED_FROM}】" in found[0].expected
    assert found[0].page is not None and found[0].table_id
    assert _findings(printed, "copied_budget_rows") == []


def test_shipped_pdf_reports_the_removed_row_and_copy_nowhere(shipped) -> None:
    coverage = _findings(shipped, "municipality_coverage")
    assert _with(coverage, REMOVED) == []
    assert _with(_findings(shipped, "copied_budget_rows"), f"【{COPIED_TO}】") == []


# --------------------------------------------------------------------------------------
# Pieces
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("③図書館", ("①", "③", 3)),
        ("(イ) 教育機能", ("(ア)", "(イ)", 2)),
        ("（2） 圏域の将来像", ("(1)", "(2)", 2)),
        ("ウ 圏域全体", ("ア", "ウ", 3)),
        ("3 連携協約", ("1", "3", 3)),
        ("C 資源制約", ("A", "C", 3)),
        ("f 地域振興の充実", ("a", "f", 6)),
        ("【山形市】", None),
        ("2025年度", None),
        ("(ッ) 小書きのかな", None),  # no letter of the (ア) series: not numbered, no error
    ],
)
def test_numbering_of_a_heading(text: str, expected) -> None:
    assert numbering(text) == expected


def test_marker_for_and_title_of() -> None:
    assert [marker_for("①", 4), marker_for("(ア)", 3), marker_for("a", 2)] == ["④", "(ウ)", "b"]
    assert title_of("(1) 圏域の状況") == "圏域の状況"
    assert title_of("⑥金融機関") == "金融機関"


def test_a_style_that_mostly_skips_is_read_as_a_code() -> None:
    def series(*values: int) -> list[Numbered]:
        return [Numbered("a", marker_for("a", v), v, "", 1) for v in values]

    counted = {("s1", "a"): series(1, 2, 3), ("s2", "a"): series(1, 2), ("s3", "a"): series(1, 3)}
    assert coded_styles(counted) == set()
    coded = counted | {("s4", "a"): series(3, 6), ("s5", "a"): series(1, 3, 9)}
    assert coded_styles(coded) == {"a"}


def test_text_rules_without_text_are_skipped_with_a_note() -> None:
    for rule in TEXT_RULES:
        outcome = rule.run({"fact_population": pd.DataFrame({"x": [1]})})
        assert outcome.findings == [] and outcome.data_errors == [] and outcome.notes


def test_a_document_without_toc_is_not_a_data_error() -> None:
    outcome = next(r for r in TEXT_RULES if r.check_id == "table_of_contents").run(
        {DOCUMENT_TEXT: pd.DataFrame({"kind": ["heading"], "text": ["1 はじめに"], "page": [1]})}
    )
    assert outcome.data_errors == [] and outcome.findings == [] and outcome.notes


def _text(*blocks: tuple[str, int, int | None, str, str]) -> dict[str, pd.DataFrame]:
    """A document text frame from (kind, page, rank, text, toc_page) tuples; folio = page."""
    rows = [
        {"kind": k, "page": p, "folio": str(p), "rank": r, "section": "", "text": t, "toc_page": tp}
        for k, p, r, t, tp in blocks
    ]
    return {DOCUMENT_TEXT: pd.DataFrame(rows)}


def _toc_findings(frames: dict[str, pd.DataFrame]) -> list[Finding]:
    return next(r for r in TEXT_RULES if r.check_id == "table_of_contents").run(frames).findings


def test_toc_entry_without_heading_and_heading_left_out_of_the_toc() -> None:
    findings = _toc_findings(
        _text(
            ("heading", 1, None, "目次", ""),
            ("toc", 1, 0, "1 はじめに", "2"),
            ("toc", 1, 0, "2 圏域の状況", "3"),
            ("toc", 1, 0, "3 取組", "4"),
            ("heading", 2, 0, "1 はじめに", ""),
            ("heading", 3, 0, "2 圏域の状況", ""),
            ("heading", 3, 1, "(1) 人口", ""),  # its parent's children are not listed: fine
            ("heading", 4, 0, "4 成果指標", ""),  # listed siblings, itself not listed
        )
    )
    assert {(f.page, f.stated, f.expected) for f in findings} == {
        (1, "3 取組", "（本文に対応する見出しなし）"),
        (4, "（目次に記載なし）", "4 成果指標"),
    }


def test_toc_page_numbers_one_wrong_entry_or_a_stale_toc() -> None:
    headings = [("heading", p, 0, f"{n} 見出し{n}", "") for n, p in ((1, 2), (2, 3), (3, 5))]
    one_wrong = _toc_findings(
        _text(
            ("heading", 1, None, "目次", ""),
            ("toc", 1, 0, "1 見出し1", "2"),
            ("toc", 1, 0, "2 見出し2", "3"),
            ("toc", 1, 0, "3 見出し3", "4"),
            *headings,
        )
    )
    assert [(f.page, f.stated, f.expected) for f in one_wrong] == [(1, "4", "5")]
    stale = _toc_findings(
        _text(
            ("heading", 1, None, "目次", ""),
            ("toc", 1, 0, "1 見出し1", "4"),
            ("toc", 1, 0, "2 見出し2", "5"),
            ("toc", 1, 0, "3 見出し3", "1"),  # runs backwards: reported on its own too
            *headings,
        )
    )
    assert len(stale) == 2
    assert stale[0].stated.startswith("3/3項目が不一致")
    assert (stale[1].stated, stale[1].expected) == ("1", "5")


def _municipality_table(table_id: str, names: list[str], page: int) -> pd.DataFrame:
    rows = [("市町名", True)] + [(n, False) for n in names] + [("合計", False)]
    return pd.DataFrame(
        {
            "table_id": table_id,
            "caption": f"表{table_id}",
            "section": "2 > (1) > ウ",
            "table_kind": "data",
            "page": page,
            "row_index": range(len(rows)),
            "col_index": 0,
            "is_header": [h for _, h in rows],
            "row_label": [n for n, _ in rows],
            "text": [n for n, _ in rows],
        }
    )


def test_coverage_missing_and_unknown_municipality_rows() -> None:
    from sources.municipalities import OFFICIAL_NAMES

    names = list(OFFICIAL_NAMES)
    other = [n if n != "大江町" else "米沢市" for n in names]  # 大江町's row names another city
    cells = pd.concat(
        [_municipality_table("t1", names, 3), _municipality_table("t2", other, 4)],
        ignore_index=True,
    )
    rule = next(r for r in TEXT_RULES if r.check_id == "municipality_coverage")
    findings = rule.run({"table_cell": cells}).findings
    assert {(f.table_id, f.page, f.stated) for f in findings} == {
        ("t2", 4, "13市町（大江町なし）"),
        ("t2", 4, "米沢市"),
    }


def test_a_table_without_caption_or_row_label_is_named_in_words() -> None:
    """Cells as a warehouse returns them (NULL caption and row label): the messages name
    the table in words and never show None or nan."""
    from sources.municipalities import OFFICIAL_NAMES

    names = list(OFFICIAL_NAMES)
    complete = _municipality_table("t1", names, 3)
    untitled = _municipality_table("t2", names[:-1], 4).assign(caption=None)
    listed = pd.DataFrame(
        {
            "table_id": "t3",
            "caption": [float("nan")],
            "page": 5,
            "row_label": [None],
            "text": ["①相談 ②支援 ④連携"],  # a card's list with a gap
        }
    )
    cells = pd.concat([complete, untitled], ignore_index=True)
    coverage = next(r for r in TEXT_RULES if r.check_id == "municipality_coverage")
    numbering_rule = next(r for r in TEXT_RULES if r.check_id == "heading_numbering")
    text = _text(("heading", 1, 0, "1 はじめに", ""))
    findings = (
        coverage.run({"table_cell": cells}).findings
        + numbering_rule.run(
            text | {"table_cell": pd.concat([cells, listed], ignore_index=True)}
        ).findings
    )
    assert {(f.table_id, f.page) for f in findings} == {("t2", 4), ("t3", 5)}
    for f in findings:
        shown = " ".join((f.caption, f.row_label, f.stated, f.expected, f.message))
        assert "None" not in shown and "nan" not in shown, shown
        assert f.caption == "表題のない表" and "「表題のない表」" in f.message
