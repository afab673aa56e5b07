"""Issue 20, proof of generality on a document another designer laid out: the corpus
stand-in shared/corpus/bingo_3rd (備後圏域, 8 municipalities across 広島県 and 岡山県) goes
through the product as a user runs it — `vision --profile tests/profiles/bingo_3rd refresh
--pdf …` in a subprocess — into a temporary warehouse. Issue 21: the same again with the
profile `vision profile draft` writes from the PDF alone, unedited.

Every expected value is read from the corpus's own ground truth (ground_truth_tables.json:
the printed grid of every table) and its list of planted slips (plants.json), never from the
output: the clean PDF gives no finding, the planted one each of its ten slips (on its page,
stating the planted text) and nothing that is not one of them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import shared_vision_dir
from tests.fixtures.ground_truth_numbers import (
    assert_every_number_is_a_measure,
    extracted_ids,
    measure_rows,
)
from tests.fixtures.newcomer import newcomer_env
from tests.fixtures.pdf_edit import replace_text

REPO = Path(__file__).resolve().parents[1]
PROFILE_DIR = REPO / "tests" / "profiles" / "bingo_3rd"
CORPUS = shared_vision_dir().parent / "corpus" / "bingo_3rd"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "ground_truth_tables.json").exists(), reason=f"{CORPUS} not present"
)

_PROJECT = re.compile(r"^【(\d+)】(.*)$")


def _vision(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def truth() -> dict[str, dict[str, Any]]:
    tables = json.loads((CORPUS / "ground_truth_tables.json").read_text(encoding="utf-8"))
    return {t["id"]: t for t in tables}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return newcomer_env(tmp_path_factory, "bingo")


@pytest.fixture(scope="module", params=["written", "drafted"])
def profile(request, env, tmp_path_factory) -> Path:
    """The hand-written test profile, or the one `vision profile draft` writes, unedited."""
    if request.param == "written":
        return PROFILE_DIR
    drafted = tmp_path_factory.mktemp("bingo_draft") / "profile"
    done = _vision(
        "profile", "draft", str(CORPUS / "vision_bingo.pdf"), "--out", str(drafted), env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return drafted


def _refresh(profile: Path, pdf: Path, env: dict[str, str], folder: Path) -> tuple[Path, str]:
    warehouse = folder / "vision.duckdb"
    done = _vision(
        "--profile",
        str(profile),
        "refresh",
        "--pdf",
        str(pdf),
        "--warehouse",
        str(warehouse),
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return warehouse, done.stdout


@pytest.fixture(scope="module")
def clean(profile, env, tmp_path_factory) -> tuple[Path, str]:
    pdf = CORPUS / "vision_bingo.pdf"
    return _refresh(profile, pdf, env, tmp_path_factory.mktemp("bingo_clean"))


@pytest.fixture(scope="module")
def planted(profile, env, tmp_path_factory) -> tuple[Path, str]:
    pdf = CORPUS / "vision_bingo_planted.pdf"
    return _refresh(profile, pdf, env, tmp_path_factory.mktemp("bingo_planted"))


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _nfkc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


# --- what the ground truth prints ---------------------------------------------------------


def _kpis(table: dict[str, Any]) -> set[tuple[str, str, str, str, str, str]]:
    """(No., unit, baseline, its year, target, its year) of each KPI row, by header word."""
    header = table["rows"][0]

    def col(word: str) -> int:
        return next(i for i, h in enumerate(header) if h.startswith(word))

    cols = [col(w) for w in ("No", "単位", "基準値", "基準年", "目標値", "目標年")]
    return {tuple(row[c] for c in cols) for row in table["rows"][table["header_rows"] :]}


def _card(table: dict[str, Any]) -> dict[str, Any]:
    """A card's number, name, members with their marks and its budget row by header."""
    rows = table["rows"]
    number, name = _PROJECT.match(rows[0][1]).groups()
    names_at = next(i for i, r in enumerate(rows) if r[1] == "福山市" or r[0] == "連携市町")
    members = dict(zip(rows[names_at][1:], rows[names_at + 1][1:], strict=True))
    years, amounts = rows[-2], rows[-1]
    budget = {years[c]: amounts[c] for c in range(3, len(years))}
    return {"no": int(number), "name": name, "members": members, "budget": budget}


def _cards(truth) -> list[dict[str, Any]]:
    return [_card(t) for t in truth.values() if t["kind"] == "card"]


def _matrix(table: dict[str, Any]) -> dict[int, dict[str, str]]:
    """Project number → {member: mark} of the participation matrix."""
    names = table["rows"][table["header_rows"] - 1]
    out = {}
    for row in table["rows"][table["header_rows"] :]:
        match = _PROJECT.match(row[2])
        if match:
            out[int(match.group(1))] = {
                names[c]: row[c] for c in range(len(row)) if names[c].endswith(("市", "町"))
            }
    return out


# --- the clean document -------------------------------------------------------------------


def test_the_corpus_refreshes_through_the_cli(clean):
    _, out = clean
    assert "倉庫" in out


def test_every_kpi_of_both_sections_is_in_the_warehouse(clean, truth):
    warehouse, _ = clean
    rows = _rows(
        warehouse,
        "SELECT printed_in, category_code, kpi_seq, unit, value_kind, value_text, year_text "
        "FROM fact_kpi",
    )
    got: dict[str, dict[str, dict[str, tuple[str, str]]]] = {}
    units: dict[tuple[str, str], str] = {}
    for printed_in, code, seq, unit, kind, value_text, year_text in rows:
        number = f"{code}-{seq}"
        got.setdefault(printed_in, {}).setdefault(number, {})[kind] = (value_text, year_text)
        units[(printed_in, number)] = unit
    section3 = set().union(*(_kpis(t) for t in truth.values() if t["kind"] == "kpi"))
    section4 = _kpis(next(t for t in truth.values() if t["kind"] == "kpi_list"))
    assert len(section3) == len(section4) == 13
    for printed_in, expected in (("第3章(1)", section3), ("第4章", section4)):
        found = {
            (n, units[(printed_in, n)], *v["baseline"], *v["target"])
            for n, v in got[printed_in].items()
        }
        assert found == {(_nfkc(k[0]), _nfkc(k[1]), *k[2:]) for k in expected}


def test_every_project_card_is_a_project(clean, truth):
    warehouse, _ = clean
    got = dict(_rows(warehouse, "SELECT project_no, project_name FROM dim_project"))
    assert got == {card["no"]: card["name"] for card in _cards(truth)}
    assert len(got) == 12


def test_every_budget_cell_of_the_cards_is_loaded(clean, truth):
    warehouse, _ = clean
    rows = _rows(warehouse, "SELECT project_no, year_text, value_text FROM fact_project_budget")
    expected = {
        (c["no"], year, amount) for c in _cards(truth) for year, amount in c["budget"].items()
    }
    assert len(expected) == 12 * 6  # 令和6～10年度 and 計
    assert set(rows) == expected and len(rows) == len(expected)
    # The fiscal years are read as years: 令和6年度 is FY2024.
    years = _rows(warehouse, "SELECT DISTINCT fiscal_year FROM fact_project_budget")
    assert {y for (y,) in years} == {2024, 2025, 2026, 2027, 2028, None}


def test_participation_from_the_cards_and_the_matrix(clean, truth):
    warehouse, _ = clean
    rows = _rows(
        warehouse,
        "SELECT source, project_no, municipality_name_printed, mark_printed, participates "
        "FROM fact_project_participation",
    )
    cards = {(c["no"], name, mark) for c in _cards(truth) for name, mark in c["members"].items()}
    matrix = _matrix(truth["T4-1"])
    in_matrix = {(no, name, mark) for no, marks in matrix.items() for name, mark in marks.items()}
    assert len(cards) == len(in_matrix) == 12 * 8
    got = {
        source: {(no, name, mark) for s, no, name, mark, _ in rows if s == source}
        for source in ("第3章(2)", "第4章")
    }
    assert got == {"第3章(2)": cards, "第4章": in_matrix}
    taking_part = {(s, no, name) for s, no, name, _, takes in rows if takes}
    assert taking_part == {("第3章(2)", no, name) for no, name, mark in cards if mark == "●"} | {
        ("第4章", no, name) for no, name, mark in in_matrix if mark == "●"
    }


def test_the_members_are_read_in_their_own_prefectures(clean):
    warehouse, _ = clean
    by_prefecture = dict(
        _rows(warehouse, "SELECT left(code, 2), count(*) FROM municipality GROUP BY 1")
    )
    assert by_prefecture == {"34": 6, "33": 2}


def test_no_relation_is_named_for_another_documents_subjects(clean):
    """The subject relations are the profile's: the corpus's warehouse holds none of the
    shipped profile's (fact_library, fact_employment, …), not even empty."""
    from sources.profile import load_profile

    warehouse, _ = clean
    shipped = [s.name for s in load_profile("yamagata_2nd").subjects]
    assert shipped
    relations = {
        name for (name,) in _rows(warehouse, "SELECT table_name FROM information_schema.tables")
    }
    assert relations & set(shipped) == set()
    assert {"fact_measure", "fact_list_item", "fact_kpi"} <= relations


def test_the_clean_document_has_no_finding(clean):
    """build/selfcheck.py finds no inconsistency in the clean PDF (README), so neither may
    the product."""
    warehouse, _ = clean
    assert _rows(warehouse, "SELECT count(*) FROM document_findings") == [(0,)]


# --- fact_measure: every number of every data table, by shape ----------------------------


def _table(truth, caption_start: str) -> dict[str, Any]:
    return next(t for t in truth.values() if t["caption"].startswith(caption_start))


def _member_codes(truth) -> dict[str, str]:
    """Member name → the 市町村コード 表1-1 prints (its total row prints none)."""
    overview = _table(truth, "表1-1")
    column = overview["rows"][0].index("市町村コード")
    body = overview["rows"][overview["header_rows"] :]
    return {row[0]: row[column] for row in body if row[column].strip()}


def test_every_number_of_every_data_table_is_a_measure(clean, truth):
    warehouse, _ = clean
    compared = assert_every_number_is_a_measure(warehouse, list(truth.values()))
    markers = _rows(warehouse, "SELECT count(*) FROM fact_measure WHERE marker IS NOT NULL")
    assert compared > 0 and markers[0][0] > 0


def test_members_across_the_header_are_the_columns_municipalities(clean, truth):
    """表2-9 prints the members across, 産業 merged down over its two measures."""
    warehouse, _ = clean
    codes = _member_codes(truth)
    table = _table(truth, "表2-9")
    header = table["rows"][table["header_rows"] - 1]
    ids = extracted_ids(warehouse, list(truth.values()))
    rows = measure_rows(warehouse, ids[table["id"]])
    found = set()
    for (r, c), row in rows.items():
        printed = table["rows"][r]
        if header[c] in codes:
            assert (row["municipality_code"], row["area_axis"]) == (codes[header[c]], "column")
            assert row["row_label"] == f"{printed[0]}/{printed[1]}"
            assert row["measure"] == row["row_label"]
            found.add(header[c])
    assert found == set(codes)


def test_members_down_under_their_prefecture_are_the_rows_municipalities(clean, truth):
    """表2-1 prints each prefecture vertically over its members, the year in its caption."""
    warehouse, _ = clean
    codes = _member_codes(truth)
    table = _table(truth, "表2-1")
    assert "（令和2年）" in table["caption"]
    ids = extracted_ids(warehouse, list(truth.values()))
    rows = measure_rows(warehouse, ids[table["id"]])
    found = set()
    for (r, _), row in rows.items():
        prefecture, name = table["rows"][r][:2]
        assert (row["period_year"], row["is_fiscal_year"]) == (2018 + 2, False)
        if name in codes:
            assert row["row_label"] == f"{prefecture}/{name}"
            assert (row["municipality_code"], row["area_axis"]) == (codes[name], "row")
            found.add(name)
    assert found == set(codes)


def test_a_wareki_fiscal_year_in_a_header_is_the_western_year(clean, truth):
    """表1-4's header prints 基準値（平成29年度） and 目標値（令和5年度）."""
    warehouse, _ = clean
    table = _table(truth, "表1-4")
    header = table["rows"][0]
    expected = {
        header.index("基準値（平成29年度）"): (1988 + 29, True),
        header.index("目標値（令和5年度）"): (2018 + 5, True),
    }
    ids = extracted_ids(warehouse, list(truth.values()))
    rows = measure_rows(warehouse, ids[table["id"]])
    for c, year in expected.items():
        got = {
            (row["period_year"], row["is_fiscal_year"])
            for (_, col), row in rows.items()
            if col == c
        }
        assert got == {year}


# --- the planted document -----------------------------------------------------------------


def _plants() -> dict[str, dict[str, Any]]:
    plants = json.loads((CORPUS / "plants.json").read_text(encoding="utf-8"))["plants"]
    return {p["id"]: p for p in plants}


def _found(warehouse: Path, plant: dict[str, Any]) -> bool:
    """Whether a finding on the plant's page states the planted printed text."""
    rows = _rows(warehouse, "SELECT stated, page FROM document_findings")
    return any(plant["printed"] in str(stated) and page == plant["page"] for stated, page in rows)


def test_the_planted_document_has_no_finding_but_its_plants(planted):
    """Each finding of the planted PDF states a planted text on its page (P08's matrix
    counts and P01/P02/P07's side effects aside, which README lists)."""
    warehouse, _ = planted
    plants = _plants().values()
    rows = _rows(warehouse, "SELECT stated, page FROM document_findings")
    assert rows
    for stated, page in rows:
        assert any(p["printed"] in str(stated) and p["page"] == page for p in plants), stated


def test_a_misspelt_member_in_a_table_no_subject_fact_reads_is_a_names_finding(planted):
    """The names rule reads the row labels fact_measure resolves: a member's name misspelt
    in a data table is found where it is printed, as a misprint of the member it means."""
    warehouse, _ = planted
    plants = [p for p in _plants().values() if p["type"] == "misspelt_municipality"]
    assert plants
    rows = _rows(
        warehouse,
        "SELECT page, stated, expected FROM document_findings "
        "WHERE check_id = 'municipality_names'",
    )
    for plant in plants:
        assert (plant["page"], plant["printed"], plant["correct"]) in rows


@pytest.mark.parametrize("plant_id", [f"P{n:02d}" for n in range(1, 11)])
def test_each_planted_slip_is_found(planted, plant_id):
    warehouse, _ = planted
    assert _found(warehouse, _plants()[plant_id])


def test_the_report_is_on_the_areas_own_edition_not_the_embedded_pdf(
    planted, profile, env, tmp_path
):
    """`vision report` without --pdf reports the warehouse's latest edition: the embedded
    PDF is another area's."""
    warehouse, _ = planted
    done = _vision(
        "--profile",
        str(profile),
        "report",
        "--warehouse",
        str(warehouse),
        "--out",
        str(tmp_path),
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    progress = (tmp_path / "progress.md").read_text(encoding="utf-8")
    first_kpi = next(
        t
        for t in json.loads((CORPUS / "ground_truth_tables.json").read_text(encoding="utf-8"))
        if t["id"] == "T3-1"
    )
    assert _nfkc(first_kpi["rows"][first_kpi["header_rows"]][1]) in _nfkc(progress)
    assert not re.search(r"\b(nan|None|NaN)\b|<NA>", progress)


def test_check_lists_the_areas_own_findings(planted, profile, env):
    warehouse, _ = planted
    done = _vision(
        "--profile", str(profile), "check", "--warehouse", str(warehouse), "--json", env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(json.loads(done.stdout)) == len(_plants())


# --- the census: each member against its own prefecture's statistics --------------------

CENSUS_CSV = shared_vision_dir().parent / "govstats" / "census2020" / "population_census_2020.csv"


def _projection_table(truth) -> tuple[dict[str, Any], int]:
    """表2-4 (members × years, 2020 counted) and the column of its 2020 population."""
    table = _table(truth, "表2-4")
    return table, next(i for i, label in enumerate(table["rows"][0]) if label.startswith("2020"))


@pytest.fixture(scope="module")
def census_compared(env, truth, tmp_path_factory) -> tuple[Path, str, str, str]:
    """e-Stat's all-Japan census CSV imported (`vision statistics import`) and the corpus
    refreshed with one 2020 population of a member outside the core city's prefecture
    changed in the PDF: (warehouse, member, printed, planted)."""
    folder = tmp_path_factory.mktemp("bingo_census")
    table, column = _projection_table(truth)
    codes = _member_codes(truth)
    core = next(iter(codes.values()))
    member, printed = next(
        (row[0], row[column])
        for row in table["rows"][table["header_rows"] :]
        if codes.get(row[0], core)[:2] != core[:2]
    )
    planted = printed[:-3] + str((int(printed[-3]) + 1) % 10) + printed[-2:]
    pdf = folder / "census_slip.pdf"
    clean = (CORPUS / "vision_bingo.pdf").read_bytes()
    pdf.write_bytes(replace_text(clean, table["pages"][0], printed, planted))
    warehouse = folder / "vision.duckdb"
    done = _vision(
        "--profile", str(PROFILE_DIR), "statistics", "import", "--dataset", "census2020_final",
        str(CENSUS_CSV), "--pdf", str(pdf), "--warehouse", str(warehouse),
        env=env | {"VISION_STATISTICS_DIR": str(folder / "statistics")},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return warehouse, member, printed, planted


@pytest.mark.skipif(not CENSUS_CSV.exists(), reason=f"{CENSUS_CSV} not present")
def test_each_members_population_is_compared_with_the_census_of_its_own_prefecture(
    census_compared, truth
) -> None:
    """Every member's 2020 population (and the area's total) is compared with the census
    rows of its own prefecture, 広島県 and 岡山県 alike; the one changed in the PDF is the
    census rule's only finding, expecting what the clean document prints (the census)."""
    warehouse, member, printed, planted = census_compared
    members = len(_member_codes(truth))
    [(compared,)] = _rows(
        warehouse, "SELECT compared FROM check_result WHERE check_id = 'census2020_population'"
    )
    assert compared == members + 1
    prefectures = _rows(
        warehouse,
        "SELECT DISTINCT left(o.municipality_code, 2) FROM fact_official_statistic AS o "
        "JOIN municipality AS m ON m.code = o.municipality_code "
        "WHERE o.dataset_id = 'census2020_final' ORDER BY 1",
    )
    assert prefectures == [("33",), ("34",)]
    found = _rows(
        warehouse,
        "SELECT row_label, stated, expected FROM document_findings "
        "WHERE check_id = 'census2020_population'",
    )
    assert found == [(member, planted, printed)]
