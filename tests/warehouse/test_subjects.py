"""warehouse/subjects: a profile's subject relations are views over the facts by shape; the
rules read the same SELECT over the refresh's frames; a SELECT that is wrong, or reads
anything but the facts, is refused when the profile is read, naming the subject."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sources.profile import NOT_IN_DOCUMENT, PROFILE_ENV, load_profile
from warehouse.normalize.common import make_frame
from warehouse.schema import SchemaError
from warehouse.subjects import declared_subjects, subject_frames

SHIPPED = Path(__file__).resolve().parents[2] / "profiles" / "yamagata_2nd"


def _profile_with(tmp_path: Path, subjects: str, not_printed: str = "") -> Path:
    """The shipped profile, with `subjects` as its subjects file (and the table key
    `not_printed` in its [subjects] not_printed)."""
    folder = tmp_path / "area"
    folder.mkdir()
    for name in ("profile.toml", "kpi.toml"):
        (folder / name).write_text((SHIPPED / name).read_text(encoding="utf-8"), encoding="utf-8")
    if not_printed:
        profile = folder / "profile.toml"
        declared = 'declarations = "subjects.toml"'
        text = profile.read_text(encoding="utf-8")
        profile.write_text(
            text.replace(declared, f"{declared}\nnot_printed = [{not_printed!r}]"), "utf-8"
        )
    (folder / "subjects.toml").write_text(subjects, encoding="utf-8")
    return folder


_COUNT = """
[subject.fact_count]
description = "Counts per municipality."
reads = ["{key}"]
sql = "{sql}"
columns = ["@source", "@municipality", {{ name = "value", type = "BIGINT" }}, "revision_id"]
"""


def _subjects(tmp_path: Path, sql: str, key: str = "library") -> dict:
    folder = _profile_with(tmp_path, _COUNT.format(sql=sql, key=key))
    return declared_subjects(load_profile(str(folder)))


def test_a_subject_is_its_select_with_the_declared_columns_and_types(tmp_path) -> None:
    (subject,) = _subjects(tmp_path, "SELECT * FROM fact_measure").values()
    assert [c.name for c in subject.fact.columns][-2:] == ["value", "revision_id"]
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE fact_measure AS SELECT 't1' AS table_id, 'cap' AS caption, 3 AS page, "
        "'06201' AS municipality_code, '山形市' AS municipality_name_printed, "
        "'official' AS name_resolution, 'municipality' AS row_kind, 12.0 AS value, "
        "'r' AS revision_id, 'extra' AS measure"
    )
    rows = con.execute(f"SELECT * FROM ({subject.view_select()})").fetchall()
    assert rows == [("t1", "cap", 3, "06201", "山形市", "official", "municipality", 12, "r")]


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("SELECT * FROM fact_nowhere", "fact_nowhere"),
        ("SELECT table_id FROM fact_measure", "caption"),
        ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    ],
)
def test_a_wrong_select_is_refused_naming_the_subject(tmp_path, sql, says) -> None:
    with pytest.raises(SchemaError) as refused:
        _subjects(tmp_path, sql)
    assert "[subject.fact_count]" in str(refused.value)
    assert says.split("(")[0] in str(refused.value) or "access" in str(refused.value).lower()


def test_a_subject_named_like_a_fact_is_refused(tmp_path) -> None:
    folder = _profile_with(
        tmp_path,
        _COUNT.replace("fact_count", "fact_measure").format(sql="SELECT 1", key="library"),
    )
    with pytest.raises(SchemaError, match="fact_measure"):
        declared_subjects(load_profile(str(folder)))


def test_a_subject_of_tables_the_document_does_not_print_is_marked_so(
    tmp_path, monkeypatch
) -> None:
    folder = _profile_with(
        tmp_path, _COUNT.format(sql="SELECT * FROM fact_measure", key="none"), not_printed="none"
    )
    monkeypatch.setenv(PROFILE_ENV, str(folder))
    (frame,) = subject_frames({"fact_measure": make_frame("fact_measure", [])}).values()
    assert frame.empty and frame.attrs[NOT_IN_DOCUMENT]


@pytest.mark.parametrize("name", ["kpi_actual", "kpi_progress"])
def test_a_subject_named_like_a_table_or_view_of_the_warehouse_is_refused(
    tmp_path, monkeypatch, name
) -> None:
    """A profile cannot drop the municipalities' actuals (a table) or hide an analyst view
    by naming a subject like it: one line naming the name, the table's rows untouched."""
    from warehouse.load import apply_migrations
    from warehouse.views import rebuild_views

    declared = _COUNT.replace("fact_count", name)
    folder = _profile_with(
        tmp_path, declared.format(sql="SELECT * FROM fact_measure", key="library")
    )
    monkeypatch.setenv(PROFILE_ENV, str(folder))
    con = duckdb.connect()
    apply_migrations(con)
    before = con.execute("SELECT count(*) FROM kpi_actual").fetchone()
    with pytest.raises(SchemaError, match=f"subject '{name}' is the name of a"):
        rebuild_views(con)
    assert con.execute("SELECT count(*) FROM kpi_actual").fetchone() == before


def test_the_marker_macro_reads_a_cell_as_marker_of_does() -> None:
    """is_marker (made from the markers' declaration) agrees with marker_of on every
    character of the BMP, the declared markers, and spaced or wide forms of them."""
    from sources.japanese_text import NUMBER_MARKERS
    from warehouse.printed_values import marker_of
    from warehouse.subjects import macros_sql

    texts = [chr(p) for p in range(0x10000) if not 0xD800 <= p < 0xE000]
    texts += [*NUMBER_MARKERS, " - ", "（同左)", "(同 左）", "　＊\n", "ｘｘ", "-1", "理学部", ""]
    con = duckdb.connect()
    con.execute(macros_sql())
    con.execute("CREATE TABLE t AS SELECT unnest(?) AS text", [texts])
    read = dict(con.execute("SELECT text, is_marker(text) FROM t").fetchall())
    assert {t for t in texts if read[t]} == {t for t in texts if marker_of(t) is not None}


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM fact_measure WHERE table_key IN ('library', 'employment')",
        "SELECT * FROM fact_measure AS m WHERE 'employment' = m.table_key",
        "SELECT * REPLACE (table_option('employment', 'unit') AS unit) FROM fact_measure",
    ],
)
def test_a_select_naming_a_table_its_reads_does_not_list_is_refused(tmp_path, sql) -> None:
    """The SELECT's table keys, read by DuckDB's parser (not by a pattern over the text):
    one its reads does not list is named, with the subject."""
    with pytest.raises(SchemaError) as refused:
        _subjects(tmp_path, sql)
    message = str(refused.value)
    assert "[subject.fact_count] sql reads the table 'employment'" in message
    assert "(reads: library)" in message


def test_a_select_naming_only_the_tables_it_reads_is_accepted(tmp_path) -> None:
    sql = (
        "SELECT * REPLACE (table_option(table_key, 'unit') AS unit) FROM fact_measure "
        "WHERE table_key IN ('library') AND caption <> 'employment'"
    )
    assert list(_subjects(tmp_path, sql)) == ["fact_count"]


_UNIT = """
[subject.fact_ridership]
description = "Passengers per station."
reads = ["rail_ridership"]
sql = "SELECT *, table_option(table_key, 'unit') AS printed_unit FROM fact_measure"
columns = [
    "@source", { name = "printed_unit", type = "VARCHAR", description = "Unit." }, "revision_id"
]
"""


def _measure_row(key: str) -> dict:
    from warehouse.schema import declared_facts

    row = {c.name: None for c in declared_facts()["fact_measure"].columns}
    return row | {"table_key": key, "table_id": "t1", "caption": "c", "page": 2, "revision_id": "r"}


@pytest.mark.parametrize("unit", ["人/日", "千人/年"])
def test_a_tables_options_are_what_table_option_gives_in_the_frames_and_the_view(
    tmp_path, monkeypatch, unit
) -> None:
    """The unit the profile declares for a table reaches the subject as declared, in the
    rules' frames and in the warehouse's view alike; a table with no such option gives NULL."""
    from warehouse.load import apply_migrations
    from warehouse.subjects import view_statements

    folder = _profile_with(tmp_path, _UNIT)
    profile = folder / "profile.toml"
    text = profile.read_text(encoding="utf-8")
    assert 'unit = "人/日"' in text
    profile.write_text(text.replace('unit = "人/日"', f'unit = "{unit}"'), "utf-8")
    monkeypatch.setenv(PROFILE_ENV, str(folder))
    rows = [_measure_row("rail_ridership"), _measure_row("library")]
    (frame,) = subject_frames({"fact_measure": make_frame("fact_measure", rows)}).values()
    assert frame["printed_unit"].tolist()[0] == unit and frame["printed_unit"].isna().tolist()[1]
    con = duckdb.connect()
    apply_migrations(con)
    con.executemany(
        f"INSERT INTO fact_measure BY NAME SELECT {', '.join(f'? AS {c}' for c in rows[0])}",
        [list(r.values()) for r in rows],
    )
    for statement in view_statements(con):
        con.execute(statement)
    viewed = con.execute("SELECT printed_unit FROM fact_ridership ORDER BY 1 NULLS LAST")
    assert viewed.fetchall() == [(unit,), (None,)]


def test_a_row_naming_no_member_is_one_finding_of_its_subject_not_a_refusal(ground_truth):
    """Planted: the shipped library table (ground truth) with one member's row label made
    a name no member has. fact_measure keeps its numbers with no area; the subject's
    not_null check finds that one row, at its table, page and row; the table as printed
    finds nothing."""
    from expectations.registry import rules
    from sources.profile import current_profile
    from sources.tables import ExtractedTable
    from warehouse.normalize.common import is_table_of
    from warehouse.normalize.measures import build_measures

    profile = current_profile()
    (library,) = [s for s in profile.subjects if s.name == "fact_library"]
    (check,) = [c for c in library.checks if c.kind == "not_null"]
    assert "row_kind" in check.params["columns"]
    spec = profile.table(library.reads[0])
    printed = next(t for t in map(ExtractedTable.from_json, ground_truth) if is_table_of(spec, t))
    members = {m.name for m in profile.region.municipalities}
    planted_at = next(r for r, row in enumerate(printed.rows) if row[0] in members)
    planted = ExtractedTable.from_json(printed.to_json())
    planted.rows[planted_at][0] = "架空町"
    assert "架空町" not in members
    (rule,) = [r for r in rules(profile) if r.check_id == check.check_id]

    def findings(table: ExtractedTable) -> list:
        frames = {"fact_measure": build_measures([table], "0" * 64)}
        outcome = rule.run(subject_frames(frames))
        assert outcome.compared > 0 and outcome.data_errors == []
        return outcome.findings

    assert findings(printed) == []
    (found,) = findings(planted)
    numbers = sum(1 for text in planted.rows[planted_at][1:] if text.strip())
    assert (found.caption, found.page, found.row_label) == (
        printed.caption,
        printed.page_of_row(planted_at),
        "架空町",
    )
    assert len(found.column_label.split("、")) == numbers
    assert "が読み取れない（前提: " in found.message
    assert "fact_library" not in found.message and "row_kind" not in found.message
