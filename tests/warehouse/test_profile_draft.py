"""`vision profile draft`: a first profile from the document alone.

Expected values come from the shipped profile (the hand-written declaration of the shipped
PDF), from the national list's official codes, and from a document typeset here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph

from pipeline.cli import main
from sources.municipality_list import find_members, national_list
from sources.profile import load_profile, read_profile
from sources.profile_match import match_profile
from sources.vision_tables_pdf import TableExtraction, extract_tables
from tests.conftest import shared_vision_dir
from tests.fixtures.typeset_tables import BODY, GOTHIC, HEADING, body, grid, render
from warehouse.profile_draft import KPI_FILE, draft_profile, render_profile


def _write(extraction: TableExtraction, folder: Path) -> Path:
    doc = extraction.document
    draft = draft_profile(doc.title, doc.cover_text, extraction.text, extraction.tables)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kpi.toml").write_text(KPI_FILE, encoding="utf-8")
    path = folder / "profile.toml"
    path.write_text(render_profile(draft, doc.path.name), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped_draft(vision_extraction: TableExtraction, tmp_path_factory) -> Path:
    return _write(vision_extraction, tmp_path_factory.mktemp("draft") / "yamagata")


def test_the_draft_of_the_shipped_pdf_finds_the_14_members_and_the_core_city(shipped_draft):
    shipped = load_profile("yamagata_2nd").region
    drafted = read_profile(shipped_draft).region
    assert [(m.code, m.name, m.kind) for m in drafted.municipalities] == [
        (m.code, m.name, m.kind) for m in shipped.municipalities
    ]
    assert drafted.core_city.code == shipped.core_city.code
    assert (drafted.prefecture, drafted.prefecture_code) == (shipped.prefecture, "06")
    assert drafted.name == shipped.name


def test_the_draft_of_the_shipped_pdf_declares_every_table_the_shipped_profile_does(
    shipped_draft, vision_extraction
):
    """Keys may differ: each shipped declaration's tables are matched by one drafted
    declaration of the same kind and shape, read with the same layout and role (how the
    cells print their content, which of the population tables are the targets)."""
    tables = vision_extraction.tables
    shipped = match_profile(tables, load_profile("yamagata_2nd"))
    drafted = match_profile(tables, read_profile(shipped_draft))
    assert not drafted.unmatched
    drafted_of = {t.id: [d.spec for d in found] for t, found in drafted.tables}
    for table, found in shipped.tables:
        for declaration in found:
            spec = declaration.spec
            read = [(d.kind, d.shape, *_how(d)) for d in drafted_of[table.id]]
            assert read == [(spec.kind, spec.shape, *_how(spec))], (spec.key, table.id)


def _how(spec) -> tuple[str | None, str | None]:
    return spec.options.get("layout"), spec.options.get("role")


def test_the_draft_reads_the_ridership_unit_from_the_heading_above_the_lines(shipped_draft):
    shipped = load_profile("yamagata_2nd").tables_of_shape("station_ridership")
    drafted = read_profile(shipped_draft).tables_of_shape("station_ridership")
    assert [dict(t.options) for t in drafted] == [dict(t.options) for t in shipped]


def test_shared_names_take_the_prefecture_of_the_other_members():
    # 朝日町 is a town of 山形県, 富山県 and 三重県; 府中市 a city of 東京都 and 広島県.
    cells = [["山形市", "朝日町", "天童市"], ["山形市", "朝日町", "天童市", "府中市"]]
    found = {e.municipality.name: e.municipality.code for e in find_members(cells, "", "")}
    assert found == {"山形市": "06201", "朝日町": "06323", "天童市": "06210"}


def test_the_national_list_holds_every_municipality_with_a_five_digit_code():
    listed = national_list()
    assert len(listed) == 1741 - 23  # the snapshot's 市区町村 without Tokyo's 23 特別区
    assert all(len(m.code) == 5 and m.code.isdigit() and m.kind in "市町村" for m in listed)


# --- a document typeset here ------------------------------------------------------------

TITLE = ParagraphStyle("title", fontName=GOTHIC, fontSize=20, leading=28)
# Official codes (全国地方公共団体コード) of the members typeset below.
MEMBERS = {"鳥取市": "31201", "岩美町": "31302", "若桜町": "31325", "智頭町": "31328"}
# More rows than a table of users by residence prints (profile_draft.USAGE_COLUMNS_MAX_ROWS).
INDUSTRIES = ("建設業", "製造業", "卸売業、小売業", "宿泊業、飲食サービス業", "医療、福祉")


@pytest.fixture(scope="module")
def typeset(tmp_path_factory) -> Path:
    names = list(MEMBERS)
    rows = [["市町名", "人口", "世帯数"]] + [
        [n, f"{10_000 * (i + 1):,}", f"{4_000 * (i + 1):,}"] for i, n in enumerate(names)
    ]
    rows.append(["合計", f"{sum(10_000 * (i + 1) for i in range(4)):,}", "40,000"])
    facilities = [["市町名", "主な施設"]] + [[n, f"{n}民会館、{n}立図書館"] for n in names]
    kpi = [
        ["指標", "基準値", "目標値", "出典"],
        ["観光入込客数（人）", "100,000", "120,000", "調査"],
    ]
    story = [
        Paragraph("第1期 テスト圏域連携中枢都市圏ビジョン", TITLE),
        Paragraph("令和7年3月1日 策定", BODY),
        Paragraph("・".join(names), BODY),
        Paragraph("鳥取市", BODY),
        PageBreak(),
        Paragraph("1 圏域の名称及び構成市町", HEADING),
        Paragraph("圏域は、" + "、".join(names) + "で構成します。米子市との交流も進めます。", BODY),
        Paragraph("2 圏域の現状", HEADING),
        *body(2),  # a document is mostly body text: its style tells headings apart
        Paragraph("①人口と世帯", HEADING),
        grid(rows),
        Paragraph("②主な施設", HEADING),
        grid(facilities),
        Paragraph("③近隣の市", HEADING),
        grid([["市名", "人口"], ["米子市", "146,000"]]),
        Paragraph("④産業別事業所数", HEADING),
        # the first three members across the columns (the grid has four columns)
        grid(
            [["産業", *names[:3]]]
            + [[k, *(str(10 * (i + 1) + j) for i in range(3))] for j, k in enumerate(INDUSTRIES)]
        ),
        Paragraph("⑤主な行事", HEADING),
        grid(
            [
                ["行事", "内容"],
                ["圏域フェア", "特産品の展示と販売"],
                ["圏域駅伝", "構成市町を結ぶ駅伝"],
            ]
        ),
        Paragraph("3 連携協約に基づき推進する具体的取組", HEADING),
        Paragraph("ア 観光の振興", HEADING),
        grid(kpi),
    ]
    return render(tmp_path_factory.mktemp("typeset"), story, lambda page: str(page))


@pytest.fixture(scope="module")
def typeset_draft(typeset: Path, tmp_path_factory) -> Path:
    extraction = extract_tables(typeset, expectations=(), strict=False, workers=1)
    return _write(extraction, tmp_path_factory.mktemp("draft") / "test_area")


def test_a_typeset_document_gives_its_members_core_city_and_tables(typeset_draft, typeset):
    profile = read_profile(typeset_draft)
    assert {m.name: m.code for m in profile.region.municipalities} == MEMBERS  # not 米子市
    assert profile.region.core_city.name == "鳥取市"
    assert profile.region.name == "テスト圏域連携中枢都市圏"
    assert profile.document.title == "第1期 テスト圏域連携中枢都市圏ビジョン"
    shapes = {spec.name: spec.shape for spec in profile.tables}
    assert shapes["①人口と世帯"] == "per_municipality_measures"
    assert shapes["②主な施設"] == "lists_per_municipality"
    assert shapes["ア 観光の振興"] == "kpi_table"
    # numbers with the members across the columns: read as measures; words: a list
    assert shapes["④産業別事業所数"] == "measures"
    assert shapes["⑤主な行事"] == "named_list"
    extraction = extract_tables(typeset, expectations=(), strict=False, workers=1)
    assert not match_profile(extraction.tables, profile).unmatched
    text = typeset_draft.read_text(encoding="utf-8")
    # each member says where it was found: the first three also head ④'s columns
    assert text.count("# found on the cover, §1, 3 tables") == 3
    assert text.count("# found on the cover, §1, 2 tables") == 1


def test_the_cli_writes_the_draft_and_refuses_to_overwrite(typeset: Path, tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "drafted"
    first = runner.invoke(main, ["profile", "draft", str(typeset), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert read_profile(out / "profile.toml").region.core_city.code == MEMBERS["鳥取市"]
    again = runner.invoke(main, ["profile", "draft", str(typeset), "--out", str(out)])
    assert again.exit_code != 0
    assert "profile.toml" in again.output and "Traceback" not in again.output


# --- another area's vision (shared/corpus/bingo_3rd, a development stand-in) ---------------

CORPUS = shared_vision_dir().parent / "corpus" / "bingo_3rd"


@pytest.mark.skipif(not (CORPUS / "vision_bingo.pdf").exists(), reason=f"{CORPUS} not present")
def test_the_draft_of_the_corpus_finds_its_members_across_two_prefectures(tmp_path: Path):
    """Expected: the members and codes the corpus prints in its own 表1-1 (ground truth),
    福山市 (the cover's publisher) as core city; every table declared."""
    truth = json.loads((CORPUS / "ground_truth_tables.json").read_text(encoding="utf-8"))
    overview = next(t for t in truth if t["id"] == "T1-1")
    header = overview["rows"][0]
    name, code = header.index("市町名"), header.index("市町村コード")
    members = {r[name]: r[code] for r in overview["rows"][1:] if r[code].isdigit()}
    out = tmp_path / "bingo"
    result = CliRunner().invoke(
        main, ["profile", "draft", str(CORPUS / "vision_bingo.pdf"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    profile = read_profile(out / "profile.toml")
    assert {m.name: m.code for m in profile.region.municipalities} == members
    assert profile.region.core_city.name == "福山市"
    extraction = extract_tables(CORPUS / "vision_bingo.pdf", expectations=(), strict=False)
    match = match_profile(extraction.tables, profile)
    assert not match.unmatched
    assert all(found for _, found in match.tables)
    assert len(extraction.tables) == len(truth)
