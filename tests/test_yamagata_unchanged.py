"""The profile refactoring (issue 15) changes how the Yamagata vision is read, not what is
read: `vision refresh` on the embedded PDF must fill the warehouse exactly as it did before.

`tests/fixtures/yamagata_fingerprint.json` was recorded from main at 1749ecf, before the
refactoring (`python -m tests.fixtures.warehouse_fingerprint W`). A relation the refactoring
adds is allowed; one that disappears or holds other rows is not. A column renamed on
purpose is listed in RENAMED (relation → new name → recorded name) and compared under the
recorded name, so the rename is visible here and nothing else may change with it. A column
dropped because it only duplicated another one is listed in DROPPED (relation → dropped
column → the column it duplicated) and given back as a copy of that column before hashing:
the recorded rows must then match exactly, which proves it was a duplicate everywhere.
A rule added since is listed in ADDED_RULES with every finding it reports on the shipped
PDF, each judged a real slip of the document: its rows are left out of the comparison
(check_result, finding, document_findings) and checked against that list instead.
"""

import json
from pathlib import Path

import pytest

from tests.fixtures.warehouse_fingerprint import warehouse_fingerprint

RECORDED = Path(__file__).parent / "fixtures" / "yamagata_fingerprint.json"
RENAMED: dict[str, dict[str, str]] = {
    # Issue 15: the agreement's role of the core city, named for the role (0011_role_core_city).
    "dim_project": {"role_core_city": "role_yamagata"},
}
# Issue 15, one name per concept: every fact table held document_sha256 and the document
# tables sha256, always equal to revision_id (migration 0010_revision_id.sql drops them).
FACT_TABLES_WITH_DOCUMENT_SHA256 = (
    "dim_project",
    "fact_commuting",
    "fact_employment",
    "fact_facility_list",
    "fact_financial_institution",
    "fact_kpi",
    "fact_library",
    "fact_medical_facility",
    "fact_population",
    "fact_project_budget",
    "fact_project_participation",
    "fact_project_schedule",
    "fact_rail_ridership",
    "fact_university",
    "fact_usage_by_residence",
    "fact_welfare_facility",
    "fact_wholesale_retail",
)
DROPPED: dict[str, dict[str, str]] = {
    **{t: {"document_sha256": "revision_id"} for t in FACT_TABLES_WITH_DOCUMENT_SHA256},
    "source_document": {"sha256": "revision_id"},
    "latest_revision": {"sha256": "revision_id"},
}


# Issue 23: rules added since the recording → (page, printed form) of each finding, as an
# editor reads the shipped PDF.
ADDED_RULES: dict[str, set[tuple[int, str]]] = {
    "official_names": {
        # The programme's name (総務省's 連携中枢都市圏) with 核 for 枢: p.17 and p.30.
        (17, "連携中核都市圏"),
        # The publisher of the IPSS projections without its ・, twice on p.17; the
        # source note on p.8 prints it right.
        (17, "国立社会保障人口問題研究所"),
    },
    "compound_terms": {
        # Project 【30】's card calls the portal site 移住促進ポータルサイト once; the
        # cards print 山形連携中枢都市圏移住ポータルサイト everywhere else.
        (48, "山形連携中枢都市圏移住促進ポータルサイト"),
    },
}


def test_the_refreshed_warehouse_holds_what_it_held_before_the_profile(refreshed):
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    added = {"check_id": frozenset(ADDED_RULES)}
    now = warehouse_fingerprint(refreshed.warehouse, RENAMED, DROPPED, added)
    missing = sorted(set(recorded) - set(now))
    assert not missing, f"relations gone: {missing}"
    changed = {r: (recorded[r], now[r]) for r in recorded if now[r] != recorded[r]}
    assert not changed, "relations with other rows than before:\n" + "\n".join(
        f"  {r}: {old['rows']} rows before, {new['rows']} now" for r, (old, new) in changed.items()
    )


def test_the_rules_added_since_report_what_was_judged(refreshed):
    import duckdb

    with duckdb.connect(str(refreshed.warehouse), read_only=True) as con:
        rules = dict(
            con.execute(
                "SELECT check_id, findings FROM check_result WHERE check_id IN "
                f"({', '.join('?' for _ in ADDED_RULES)})",
                list(ADDED_RULES),
            ).fetchall()
        )
        found = con.execute(
            "SELECT check_id, page, row_label FROM document_findings WHERE check_id IN "
            f"({', '.join('?' for _ in ADDED_RULES)})",
            list(ADDED_RULES),
        ).fetchall()
    assert rules == {rule: len(expected) for rule, expected in ADDED_RULES.items()}
    assert {rule: {(p, r) for c, p, r in found if c == rule} for rule in ADDED_RULES} == ADDED_RULES


@pytest.mark.parametrize("relation", ["finding", "fact_kpi", "table_cell"])
def test_the_fingerprint_sees_a_changed_row(refreshed, tmp_path, relation):
    """A single changed value must change the fingerprint (else the test above proves nothing)."""
    import shutil

    import duckdb

    copy = tmp_path / "w.duckdb"
    shutil.copyfile(refreshed.warehouse, copy)
    before = warehouse_fingerprint(copy)[relation]
    with duckdb.connect(str(copy)) as con:
        column = con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND data_type = 'VARCHAR' AND column_name NOT IN ('revision_id') "
            "ORDER BY ordinal_position LIMIT 1",
            [relation],
        ).fetchone()[0]
        con.execute(
            f'UPDATE "{relation}" SET "{column}" = "{column}" || \'x\' '
            f'WHERE rowid = (SELECT min(rowid) FROM "{relation}" WHERE "{column}" IS NOT NULL)'
        )
    assert warehouse_fingerprint(copy)[relation] != before
