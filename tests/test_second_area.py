"""Issue 15, proof of generality: another area's vision, on the same national template, is
extracted, loaded, checked and reported from its profile alone, with no code change.

The second document (`tests/fixtures/second_area.py`, profile
`tests/profiles/hachinohe_2nd`) is re-typeset from the shipped vision's ground truth: five
municipalities of another prefecture with their real codes, another subset of section-2
tables under other captions (one with its columns in another order), its own KPI names and
figures, and another card caption. It is rendered twice: with the planted slips of
`PLANTS` and without. Both go through the product as a user runs it (`vision --profile
DIR refresh`, `check`, `report`, in a subprocess: the profile is chosen per process).

Expected findings come from the plants and the unplanted tables (sums, printed texts),
never from the output; the unplanted document must report none of them, and the planted
one must report exactly its plants on top of what the unplanted one reports (the shipped
vision's own slips, carried over renamed).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from sources.profile import load_profile
from tests.fixtures.newcomer import newcomer_env
from tests.fixtures.second_area import (
    CARRIED_MISPRINTS,
    COLUMN_ORDERS,
    DOCUMENT_TITLE,
    PLANTS,
    PROFILE_DIR,
    RENAMED_MEMBERS,
    SECTION2,
    Plant,
    printed_at,
    second_area_tables,
)

pytest.importorskip("reportlab")

from tests.fixtures.render_vision import render_variant

# Tables the shipped profile declares and the second one does not, with the facts read
# from them: those facts must be empty (not an error) for the second document.
UNDECLARED_FACTS = {
    "welfare_facility": "fact_welfare_facility",
    "hospital_usage": "fact_usage_by_residence",
    "university": "fact_university",
    "wholesale_retail": "fact_wholesale_retail",
    "financial_institution": "fact_financial_institution",
    "rail_ridership": "fact_rail_ridership",
    "base_hospital": "fact_facility_list",
}
# Facts of the tables the second profile declares: these must hold rows.
DECLARED_FACTS = (
    "fact_population",
    "fact_commuting",
    "fact_employment",
    "fact_library",
    "fact_medical_facility",
    "fact_kpi",
    "dim_project",
    "fact_project_participation",
    "fact_project_budget",
)
# The fact each table of COLUMN_ORDERS is read into.
REORDERED_FACTS = {"t003": "fact_medical_facility"}
FINDING_KEY = ("check_id", "family", "caption", "row_label", "column_label", "stated", "expected")
_FIGURE = re.compile(r"^[\d,]+")


def _vision(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--profile", str(PROFILE_DIR), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[1],
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return newcomer_env(tmp_path_factory, "second_area")


@pytest.fixture(scope="module")
def documents(ground_truth, tmp_path_factory) -> dict[str, tuple[list[dict[str, Any]], Path]]:
    """The second document without and with its plants: (tables, rendered PDF)."""
    out = {}
    folder = tmp_path_factory.mktemp("second_area_pdf")
    for name, plants in (("plain", ()), ("planted", PLANTS)):
        tables = second_area_tables(ground_truth, plants)
        path = folder / f"{name}.pdf"
        render_variant(tables, path, "a4_mincho_gothic", title=DOCUMENT_TITLE)
        out[name] = (tables, path)
    return out


@pytest.fixture(scope="module")
def refreshed(documents, env, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Each document refreshed into its own warehouse: (warehouse, refresh output)."""
    out = {}
    for name, (_, pdf) in documents.items():
        warehouse = tmp_path_factory.mktemp(f"second_area_{name}") / "vision.duckdb"
        done = _vision("refresh", "--pdf", str(pdf), "--warehouse", str(warehouse), env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        out[name] = (warehouse, done.stdout)
    return out


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _findings(warehouse: Path) -> list[dict[str, Any]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        frame = con.execute(f"SELECT {', '.join(FINDING_KEY)} FROM finding").fetchdf()
    return [
        {k: (None if v is None or v != v else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def _number(text: str) -> int:
    return int(_FIGURE.match(text.strip()).group(0).replace(",", ""))


def _table(tables: list[dict[str, Any]], plant: Plant) -> dict[str, Any]:
    return next(t for t in tables if t["caption"] == plant.caption and t["kind"] == plant.kind)


def _expected(plant: Plant, plain: list[dict[str, Any]]) -> tuple[str, str]:
    """(stated, expected) a finding of `plant` must carry, from the plant and the
    unplanted tables: a total against the sum of what it totals, a KPI figure against the
    other section's, a misprint against the official name it was printed for."""
    table = _table(plain, plant)
    body = table["rows"][table["header_rows"] :]
    stated = _FIGURE.match(plant.printed).group(0) if plant.family != "names" else plant.printed
    if plant.family == "names":
        return stated, plant.row_label
    if plant.family == "kpi_consistency":
        return stated, _FIGURE.match(printed_at(plain, plant)).group(0)
    if table["kind"] == "card":  # a budget row's total: the sum of its years
        row = next(r for r in body if r[1].strip().startswith(plant.row_label))
        years = [c for c in row[2 : plant.column] if _FIGURE.fullmatch(c.strip())]
        return stated, f"{sum(_number(c) for c in years):,}"
    members = [r for r in body if r[0].strip() != plant.row_label]  # the 合計 row's column
    return stated, f"{sum(_number(r[plant.column]) for r in members):,}"


def test_both_documents_refresh(refreshed):
    for _, output in refreshed.values():
        assert "倉庫" in output


def test_the_warehouse_holds_the_second_area_and_nothing_of_the_shipped_one(refreshed):
    warehouse, _ = refreshed["planted"]
    second, shipped = load_profile(str(PROFILE_DIR)).region, load_profile().region
    assert {r[0] for r in _rows(warehouse, "SELECT code FROM municipality")} == set(second.codes)
    population = _rows(
        warehouse,
        "SELECT DISTINCT municipality_code FROM fact_population WHERE row_kind = 'municipality'",
    )
    assert {r[0] for r in population} == set(second.codes)
    # Member names and the region's name of the shipped area nowhere; its prefecture (and
    # its name at all) only where a shipped snapshot's provenance says what the file holds;
    # its codes as no value.
    names = [*shipped.names, shipped.name]
    hits = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main' AND data_type = 'VARCHAR'"
        ).fetchall()
        for table, column in columns:
            sql = f'SELECT DISTINCT "{column}" FROM "{table}"'
            values = {v for (v,) in con.execute(sql).fetchall()}
            values.discard(None)
            provenance = table == "statistic_release"
            words = names + (
                [] if provenance else [shipped.prefecture, shipped.core_city.name[:-1]]
            )
            hits += [f"{table}.{column}: {w}" for w in words if any(w in v for v in values)]
            hits += [f"{table}.{column}: {c}" for c in set(shipped.codes) & values]
            if column == "municipality_code":
                assert values <= set(second.codes), (table, values - set(second.codes))
    assert hits == []


def test_tables_the_profile_does_not_declare_give_empty_facts(refreshed):
    second, shipped = load_profile(str(PROFILE_DIR)), load_profile()
    warehouse, _ = refreshed["planted"]
    for key, fact in UNDECLARED_FACTS.items():
        assert shipped.declares(key) and not second.declares(key), key
        assert _rows(warehouse, f'SELECT count(*) FROM "{fact}"') == [(0,)], fact
    for fact in DECLARED_FACTS:
        assert _rows(warehouse, f'SELECT count(*) FROM "{fact}"')[0][0] > 0, fact
    # No rule failed for want of data; the ones on undeclared tables say why they did not run.
    results = _rows(warehouse, "SELECT check_id, status, data_errors, notes FROM check_result")
    assert [r for r in results if r[2]] == []
    skipped_for_tables = [r[0] for r in results if r[3] and "掲載されていない" in r[3]]
    assert "welfare_total_row" in skipped_for_tables
    assert "duplicate_list_entries" in skipped_for_tables


def test_a_table_printed_in_another_column_order_is_read_by_its_headers(documents, refreshed):
    """Every figure of the reordered table lands under its own header in the facts (a
    reader going by position would put 医師数 under 病院/施設数)."""
    plain_tables, _ = documents["plain"]
    warehouse, _ = refreshed["plain"]
    captions = {tid: caption for tid, caption, _ in SECTION2}
    for tid, order in COLUMN_ORDERS.items():
        assert list(order) != sorted(order)
        table = next(t for t in plain_tables if t["caption"] == captions[tid])
        head, sub = table["rows"][0], table["rows"][1]
        printed = {
            (row[0], (h if h == s else f"{h}/{s}").replace(" ", "")): row[j]
            for row in table["rows"][table["header_rows"] :]
            for j, (h, s) in enumerate(zip(head, sub, strict=True))
            if j > 0 and row[0] != "合計"
        }
        loaded = {
            (r, c.replace(" ", "")): v
            for r, c, v in _rows(
                warehouse,
                f'SELECT row_label, column_label, value_text FROM "{REORDERED_FACTS[tid]}" '
                f"WHERE caption = '{captions[tid]}' AND row_kind = 'municipality'",
            )
        }
        assert loaded == printed


def test_statistics_of_the_shipped_area_are_not_compared_with_this_one(refreshed):
    warehouse, output = refreshed["planted"]
    prefix = load_profile(str(PROFILE_DIR)).region.prefecture_code
    sql = "SELECT DISTINCT area_code FROM fact_official_statistic"
    codes = {c for (c,) in _rows(warehouse, sql)}
    assert all(c == "00000" or c.startswith(prefix) for c in codes), codes
    assert "この圏域の市町村を含まないため照合に使わない" in output
    cross_source = _rows(warehouse, "SELECT count(*) FROM finding WHERE family = 'cross_source'")
    assert cross_source == [(0,)]
    (census_note,) = _rows(
        warehouse, "SELECT notes FROM check_result WHERE check_id = 'census2020_population'"
    )[0]
    assert "この圏域の市町村が含まれていない" in census_note


def test_each_planted_slip_is_found_once_where_it_was_planted(documents, refreshed):
    plain_tables, _ = documents["plain"]
    planted = _findings(refreshed["planted"][0])
    for plant in PLANTS:
        stated, expected = _expected(plant, plain_tables)
        hits = [
            f
            for f in planted
            if (f["family"], f["caption"], f["stated"]) == (plant.family, plant.caption, stated)
        ]
        assert len(hits) == 1, (plant, hits)
        (hit,) = hits
        assert hit["expected"] == expected, plant
        if plant.family == "names":
            assert hit["row_label"] == plant.printed
        else:
            assert plant.row_label.startswith(hit["row_label"].split(" ")[0]), (plant, hit)
        header = _table(plain_tables, plant)["rows"]
        column_words = {row[plant.column] for row in header if plant.column < len(row)}
        if plant.family != "names":
            assert any(hit["column_label"].split("/")[-1] in w for w in column_words), hit


def test_the_unplanted_document_reports_only_the_shipped_visions_own_slips(documents, refreshed):
    plain_tables, _ = documents["plain"]
    plain = _findings(refreshed["plain"][0])
    planted = _findings(refreshed["planted"][0])
    key = lambda f: tuple(f[k] for k in FINDING_KEY)  # noqa: E731
    plain_keys = sorted(map(key, plain))
    added = sorted(set(map(key, planted)) - set(plain_keys))
    assert len(added) == len(PLANTS)
    assert sorted(set(map(key, planted)) - set(added)) == sorted(set(plain_keys))
    for plant in PLANTS:
        assert not [f for f in plain if f["stated"] and plant.printed.startswith(f["stated"])]
    # The shipped vision's misprinted member, renamed, is found wherever the second
    # document prints it (it is no plant).
    for _shipped, member, printed in CARRIED_MISPRINTS:
        meant = RENAMED_MEMBERS[member]
        found = [f for f in plain if f["family"] == "names" and f["stated"] == printed]
        assert found and all(f["expected"] == meant for f in found)
        printing = {
            t["caption"] for t in plain_tables if any(printed in c for r in t["rows"] for c in r)
        }
        assert {f["caption"] for f in found} == printing


def test_vision_check_lists_the_findings_of_the_finding_table(documents, refreshed, env):
    warehouse, _ = refreshed["planted"]
    _, pdf = documents["planted"]
    done = _vision("check", "--pdf", str(pdf), "--warehouse", str(warehouse), "--json", env=env)
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert sorted(tuple(f[k] for k in FINDING_KEY) for f in listed) == sorted(
        tuple(f[k] for k in FINDING_KEY) for f in _findings(warehouse)
    )


def test_the_report_is_the_second_profiles_and_names_the_planted_slips(
    documents, refreshed, env, tmp_path
):
    warehouse, _ = refreshed["planted"]
    _, pdf = documents["planted"]
    out = tmp_path / "report"
    done = _vision(
        "report", "--pdf", str(pdf), "--warehouse", str(warehouse), "--out", str(out), env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    markdown = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    title = load_profile(str(PROFILE_DIR)).report.title
    assert markdown.splitlines()[0] == f"# {title}"
    assert f"<title>{title}</title>" in html
    assert load_profile().report.title not in markdown + html
    for plant in PLANTS:
        stated, expected = _expected(plant, documents["plain"][0])
        rows = [line for line in markdown.splitlines() if plant.caption in line]
        assert any(f"| {stated} | {expected} |" in line for line in rows), plant
    for word in ("nan", "None", "NaT"):
        assert not re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", markdown + html), word
    assert "<NA>" not in markdown and "&lt;NA&gt;" not in html
    # the council document is the second area's too, nothing of the shipped one
    council = (out / "progress.html").read_text(encoding="utf-8")
    council += (out / "progress.md").read_text(encoding="utf-8")
    assert load_profile(str(PROFILE_DIR)).region.name in council
    assert load_profile().region.name not in council
    for word in ("nan", "None", "NaT"):
        assert not re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", council), word
