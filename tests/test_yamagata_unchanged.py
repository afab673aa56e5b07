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
A column added on purpose is listed in ADDED (relation → columns) and left out. A column
moved to another relation, or whose values were renamed, is listed in RESTORED (relation →
column → SQL expression over today's row `r` giving the recorded value), so the move or
the renaming is spelled out here and the rest of the row must still match.
A cell whose column label was wrong when recorded is listed in RELABELLED_CELLS (table →
its rows and columns → the label the document prints above it) or, in a table printed in
parts, RELABELLED_PARTS (table → the row its repeated header starts at): today's label must
be the one printed above it, and the recorded (wrong) label is given back by RESTORED from
the cells themselves.
A relation added since is listed in ADDED_RELATIONS: the relations the warehouse holds
beyond the recorded ones must be exactly those.
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
    # Issue 22, one name per concept: 達成率 is `achievement` in both KPI views.
    "kpi_progress": {"achievement": "progress_share"},
}
# Issue 22: the official statistics say which level each area is (0014_official_area_kind);
# population_by_municipality shows the final census of a year beside the projection.
ADDED: dict[str, tuple[str, ...]] = {
    "fact_official_statistic": ("area_kind",),
    "population_by_municipality": (
        "census_dataset_id",
        "census_value",
        "census_release_id",
        "census_release_date",
    ),
}
# Issue 22, one name per concept: the census's age_under_15 and IPSS's under15 are both
# age_0_14; IPSS's working_age and elderly are age_15_64 and age_65_plus, as the census's.
_IPSS = "r.dataset_id LIKE 'ipss%'"
_RECORDED_MEASURE = (
    f"CASE WHEN r.measure = 'age_0_14' AND {_IPSS} THEN 'under15' "
    "WHEN r.measure = 'age_0_14' THEN 'age_under_15' "
    f"WHEN r.measure = 'age_15_64' AND {_IPSS} THEN 'working_age' "
    f"WHEN r.measure = 'age_65_plus' AND {_IPSS} THEN 'elderly' ELSE r.measure END"
)
_BUDGET_TOTAL = (
    "(SELECT t.{column} FROM project_budget_total AS t WHERE t.project_no = r.project_no)"
)
# Issue 20 (warehouse/cells.py): a row under a first-column label merged down over data rows
# took the merge's first row as its column labels (a KPI's year row had 231,390 for
# 基準値). As printed, table → (rows under such a label, not its first; column → the
# header printed above the column); the other columns of those rows are merged cells.
_KPI_HEADERS = {1: "基準値", 2: "目標値"}
RELABELLED_CELLS: dict[str, tuple[tuple[int, ...], dict[int, str]]] = {
    # p.11 ①大学・短期大学: 山形大学 over its four faculties (rows 1–4), 東北芸術工科大学
    # over its two (rows 6–7); 所在地 is merged beside them.
    "t010": ((2, 3, 4, 7), {1: "学部", 2: "修業 年限", 3: "在籍 学生数"}),
    # p.18, the KPI tables of §3(1) ア, イ, ウ: each indicator prints its values in one row
    # and their years in the row under it; 出典 is merged beside them.
    "t037": ((2, 4, 6, 8, 10, 12), _KPI_HEADERS),
    "t038": ((2, 4, 6), _KPI_HEADERS),
    "t039": ((2, 4, 6, 8, 10, 12), _KPI_HEADERS),
}
_RELABELLED = "concat_ws('/', r.table_id, r.row_index, r.col_index) IN ({})".format(
    ", ".join(
        f"'{table}/{row}/{col}'"
        for table, (rows, columns) in RELABELLED_CELLS.items()
        for row in rows
        for col in columns
    )
)
# The recorded label was the text of the merge's first row (the last row above with a first
# cell of its own) at the column — the text of that row's cell covering it, a cell merged
# across covering the columns right of it — and its occurrence counted the columns left of
# it (from the second) covered by the same text.
_HEAD_ROW = (
    "FROM table_cell AS h WHERE h.revision_id = r.revision_id AND h.table_id = r.table_id "
    "AND h.row_index = (SELECT max(f.row_index) FROM table_cell AS f WHERE "
    "f.revision_id = r.revision_id AND f.table_id = r.table_id AND f.col_index = 0 "
    "AND f.row_index < r.row_index)"
)


def _head_text(column: str) -> str:
    return (
        f"(SELECT trim(any_value(h.text)) {_HEAD_ROW} AND h.col_index = "
        f"(SELECT max(h.col_index) {_HEAD_ROW} AND h.col_index <= {column}))"
    )


_RECORDED_CELL_LABEL = _head_text("r.col_index")
_RECORDED_CELL_OCCURRENCE = (
    "(SELECT count(*) FROM range(1, r.col_index) AS g(c) "
    f"WHERE {_head_text('g.c')} = {_RECORDED_CELL_LABEL})"
)
# Issue 20 (warehouse/cells.py): a table printed in parts prints its header again over its
# second part; that part's rows were labelled by the first part's header (or, in the row
# its merged 項目 covers, by the texts of the repeated header's first row). As printed:
# table → the row its repeated header starts at; every cell from there on is labelled by
# that header (test_a_tables_second_part_reads_the_header_printed_over_it reads it from
# the ground truth's same rows).
RELABELLED_PARTS: dict[str, int] = {
    # p.12 ③山形市立商業高等学校生徒数（令和5年度）: 山辺町 … 大石田町, その他 and 合計
    # under a second 項目 / 住所別 header (rows 4–5).
    "t021": 4,
}
_IN_PART = " OR ".join(
    f"(r.table_id = '{table}' AND r.row_index >= {row})" for table, row in RELABELLED_PARTS.items()
)
_FIRST_CELL_COVERED = (
    "NOT EXISTS (SELECT 1 FROM table_cell AS f WHERE f.revision_id = r.revision_id "
    "AND f.table_id = r.table_id AND f.row_index = r.row_index AND f.col_index = 0)"
)
_TOP_HEADER_LABEL = (
    "(SELECT any_value(h.column_label) FROM table_cell AS h WHERE h.revision_id = "
    "r.revision_id AND h.table_id = r.table_id AND h.is_header AND h.col_index = r.col_index)"
)
_HEADED_BY_ITS_BLOCK = f"({_RELABELLED}) OR (({_IN_PART}) AND {_FIRST_CELL_COVERED})"
_RECORDED_LABELS = {
    "column_label": (
        f"CASE WHEN {_HEADED_BY_ITS_BLOCK} THEN {_RECORDED_CELL_LABEL} "
        f"WHEN {_IN_PART} THEN {_TOP_HEADER_LABEL} ELSE r.column_label END"
    ),
    "column_occurrence": (
        f"CASE WHEN {_HEADED_BY_ITS_BLOCK} THEN {_RECORDED_CELL_OCCURRENCE} "
        "ELSE r.column_occurrence END"
    ),
}
_KPI_COLUMN = "(SELECT k.{column} FROM kpi_progress AS k WHERE k.indicator_key = r.indicator_key)"
RESTORED: dict[str, dict[str, str]] = {
    "table_cell": _RECORDED_LABELS,
    "fact_official_statistic": {"measure": _RECORDED_MEASURE},
    "kpi_actual_source": {
        "numerator_measure": _RECORDED_MEASURE.replace("r.measure", "r.numerator_measure"),
        "computation": (
            "replace(r.computation, 'sum(age_0_14)', "
            f"CASE WHEN {_IPSS} THEN 'sum(under15)' ELSE 'sum(age_under_15)' END)"
        ),
    },
    # Issue 22: a project's total summed once per year row; it is a row of
    # project_budget_total now, not a column repeated on every year.
    "project_budget_by_year": {
        column: _BUDGET_TOTAL.format(column=column)
        for column in (
            "computed_total_thousand_yen",
            "years_without_number",
            "printed_total_thousand_yen",
            "printed_total_text",
        )
    },
    # Issue 22: a KPI's baseline and target were repeated on each of its year rows; they
    # are kpi_progress's columns now (one row per KPI), so every amount of a year row sums.
    "kpi_progress_by_year": {
        column: _KPI_COLUMN.format(column=column)
        for column in (
            "baseline_value",
            "baseline_text",
            "baseline_year",
            "baseline_year_text",
            "target_value",
            "target_text",
            "target_year",
            "target_year_text",
        )
    },
    "kpi_related_statistic": {
        column: _KPI_COLUMN.format(column=column) for column in ("baseline_value", "baseline_year")
    },
    # Issue 22: document_findings holds the latest edition only (every edition:
    # document_findings_all), so its is_latest_revision would always be true.
    "document_findings": {"is_latest_revision": "true"},
    # Issue 20: every welfare column counts facilities; the unit was read from the label's
    # words, where the 人 of 老人ホーム and 介護老人福祉施設 made it persons.
    "fact_welfare_facility": {
        "unit": "CASE WHEN r.column_label LIKE '%人%' THEN '人' ELSE r.unit END"
    },
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


ADDED_RELATIONS: frozenset[str] = frozenset(
    {
        # Issue 22: every edition's findings beside the latest edition's (document_findings),
        # and a project's budget total once per project.
        "document_findings_all",
        "project_budget_total",
        # Issue 20, a warehouse by shape: every number of every data table (fact_measure)
        # and every item of every table that prints names (fact_list_item: the lists, the
        # 【municipality】 blocks and the data tables without a number — 272 rows of the
        # shipped PDF beyond the 62 of its two lists, which the subject views
        # fact_facility_list and fact_financial_institution now read; those two keep their
        # recorded rows above), created from facts.toml.
        "fact_measure",
        "fact_list_item",
    }
)


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
    # Issue 20: totals found by shape; the shipped profile declares no total label, so the
    # rule notes that it did not compare and finds nothing.
    "grid_totals": set(),
    # Issue 20: ratios the profile declares; the shipped profile declares none.
    "declared_ratios": set(),
    # Issue 20: each subject relation's rows read in full (kind not_null): every number of
    # the shipped tables names its member, total or other, and the subject's labels.
    **{
        f"{subject}_not_null": set()
        for subject in (
            "library",
            "medical",
            "welfare",
            "employment",
            "usage",
            "wholesale",
            "commuting",
            "university",
            "ridership",
            "financial",
            "facility_list",
        )
    },
}


def test_the_refreshed_warehouse_holds_what_it_held_before_the_profile(refreshed):
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    added_rows = {"check_id": frozenset(ADDED_RULES)}
    now = warehouse_fingerprint(refreshed.warehouse, RENAMED, DROPPED, ADDED, RESTORED, added_rows)
    missing = sorted(set(recorded) - set(now))
    assert not missing, f"relations gone: {missing}"
    assert set(now) - set(recorded) == ADDED_RELATIONS
    changed = {r: (recorded[r], now[r]) for r in recorded if now[r] != recorded[r]}
    assert not changed, "relations with other rows than before:\n" + "\n".join(
        f"  {r}: {old['rows']} rows before, {new['rows']} now" for r, (old, new) in changed.items()
    )


def test_the_relabelled_cells_read_the_headers_printed_above_them(refreshed):
    import duckdb

    declared = {
        (table, row, col): label
        for table, (rows, columns) in RELABELLED_CELLS.items()
        for row in rows
        for col, label in columns.items()
    }
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as con:
        now = {
            (t, r, c): label
            for t, r, c, label in con.execute(
                "SELECT table_id, row_index, col_index, column_label FROM table_cell "
                f"WHERE NOT is_header AND table_id IN ({', '.join('?' for _ in RELABELLED_CELLS)})"
                " AND col_index > 0",
                list(RELABELLED_CELLS),
            ).fetchall()
            if (t, r, c) in declared
        }
    assert now == declared


def test_a_tables_second_part_reads_the_header_printed_over_it(refreshed, ground_truth):
    import duckdb

    truth = {t["id"]: t for t in ground_truth}
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as con:
        for table, start in RELABELLED_PARTS.items():
            printed = truth[table]
            header = printed["rows"][start : start + printed["header_rows"]]
            expected = {}
            for c in range(printed["n_cols"]):
                parts: list[str] = []
                for row in header:
                    if row[c].strip() and (not parts or parts[-1] != row[c].strip()):
                        parts.append(row[c].strip())
                expected[c] = "/".join(parts) or f"列{c + 1}"
            now = con.execute(
                "SELECT row_index, col_index, column_label FROM table_cell "
                "WHERE table_id = ? AND row_index >= ?",
                [table, start],
            ).fetchall()
            assert now and all(label == expected[c] for _, c, label in now), table


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
