"""The warehouse is replaced atomically: readers never see a half-load and a failed or
killed refresh leaves the previous file as it was."""

import hashlib
import subprocess
import sys
import textwrap
import time

import duckdb
import pandas as pd
import pytest

from warehouse.load import DocumentRecord, WarehouseError, load_revision


def document(revision: str) -> DocumentRecord:
    return DocumentRecord(
        revision_id=revision,
        title="第2期 山形連携中枢都市圏ビジョン",
        publisher="山形市",
        revision_label=None,
        published=None,
        official_url=None,
        source_path="/tmp/vision.pdf",
        page_count=66,
    )


def findings(n: int) -> dict[str, pd.DataFrame]:
    frame = pd.DataFrame(
        {
            "check_id": ["c"] * n,
            "family": ["row_sums"] * n,
            "severity": ["error"] * n,
            "page": list(range(n)),
            "stated": ["1"] * n,
            "expected": ["2"] * n,
        }
    )
    return {"finding": frame}


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path, sql: str) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


def test_reloading_a_revision_replaces_its_rows(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(3))
    load_revision(target, document("r1"), findings(2))
    assert count(target, "SELECT count(*) FROM finding") == 2
    assert count(target, "SELECT count(*) FROM load_run") == 2
    assert count(target, "SELECT count(*) FROM municipality") == 14


def test_a_second_revision_keeps_the_first(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(3))
    load_revision(target, document("r2"), findings(1))
    assert count(target, "SELECT count(DISTINCT revision_id) FROM finding") == 2
    assert count(target, "SELECT count(*) FROM source_document") == 2


def test_a_failed_validation_leaves_the_previous_warehouse_untouched(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(3))
    before = digest(target)

    def refuse(_con):
        raise WarehouseError("validation failed on purpose")

    with pytest.raises(WarehouseError, match="on purpose"):
        load_revision(target, document("r2"), findings(5), validate=refuse)
    assert digest(target) == before
    # Nothing left beside it but the writer lock file (kept: waiters share its inode).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vision.duckdb", "vision.duckdb.lock"]


def test_a_frame_that_does_not_fit_the_schema_is_refused_with_its_table_named(tmp_path):
    target = tmp_path / "vision.duckdb"
    bad = {"finding": pd.DataFrame({"no_such_column": [1]})}
    with pytest.raises(WarehouseError, match=r"finding.*no_such_column"):
        load_revision(target, document("r1"), bad)
    assert not target.exists()


def _measures(*cells: tuple[int, int]) -> dict[str, pd.DataFrame]:
    """fact_measure rows of one printed table, one per (row_index, col_index) given."""
    return {
        "fact_measure": pd.DataFrame(
            {
                "table_id": ["t007"] * len(cells),
                "page": [12] * len(cells),
                "row_index": [r for r, _ in cells],
                "col_index": [c for _, c in cells],
                "value": [1.0] * len(cells),
            }
        )
    }


def test_a_cell_read_twice_refuses_the_load_naming_the_fact_its_grain_and_page(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), _measures((1, 1), (1, 2), (2, 1)))
    before = digest(target)
    with pytest.raises(WarehouseError) as refused:
        load_revision(target, document("r1"), _measures((1, 1), (1, 2), (1, 2)))
    message = str(refused.value)
    assert message.startswith("fact_measure: 2 rows share table_id=t007, row_index=1, col_index=2")
    assert "(p.12)" in message and "vision profile explain" in message
    assert digest(target) == before
    # Other revisions never collide: the grain holds within one revision.
    load_revision(target, document("r2"), _measures((1, 1), (1, 2), (2, 1)))


def test_a_reader_keeps_reading_while_a_refresh_swaps_the_file(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(3))
    reader = duckdb.connect(str(target), read_only=True)
    try:
        load_revision(target, document("r1"), findings(7))
        # The open reader still sees the complete old file, never a mix.
        assert reader.execute("SELECT count(*) FROM finding").fetchone()[0] == 3
    finally:
        reader.close()
    assert count(target, "SELECT count(*) FROM finding") == 7


def test_a_refresh_killed_half_way_leaves_the_previous_warehouse_readable(tmp_path):
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(3))
    before = digest(target)
    marker = tmp_path / "loading"
    script = textwrap.dedent(
        f"""
        import pathlib, time
        import pandas as pd
        from warehouse.load import DocumentRecord, load_revision
        def stall(_con):
            pathlib.Path({str(marker)!r}).touch()
            time.sleep(60)
        doc = DocumentRecord("r2", "t", None, None, None, None, "p", 1)
        frame = pd.DataFrame({{"check_id": ["c"], "family": ["f"], "severity": ["error"]}})
        load_revision(pathlib.Path({str(target)!r}), doc, {{"finding": frame}}, validate=stall)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the loader exited before reaching the stall"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        child.kill()
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    assert digest(target) == before
    assert count(target, "SELECT count(*) FROM finding") == 3
    # The killed loader's copy is cleaned up by the next refresh.
    assert list(tmp_path.glob("vision.duckdb.tmp-*"))
    load_revision(target, document("r1"), findings(3))
    assert not list(tmp_path.glob("vision.duckdb.tmp-*"))


def _upsert_as_the_older_code(con: duckdb.DuckDBPyConnection, doc: DocumentRecord) -> None:
    """The document row as the code of an older schema wrote it: before
    0010_revision_id.sql, source_document also held the PDF's sha256 (= revision_id)."""
    columns = {r[0] for r in con.execute("DESCRIBE source_document").fetchall()}
    extra = ", sha256" if "sha256" in columns else ""
    con.execute(
        f"INSERT INTO source_document (revision_id, title, source_path, page_count{extra}) "
        f"VALUES (?, ?, ?, ?{', ?' if extra else ''})",
        [doc.revision_id, doc.title, doc.source_path, doc.page_count]
        + ([doc.revision_id] if extra else []),
    )


def test_a_refresh_applies_new_migrations_to_an_existing_warehouse_and_keeps_its_rows(
    tmp_path, monkeypatch
):
    """A warehouse built before 0010-0013 (source_document.sha256, the facts'
    document_sha256, dim_project.role_yamagata) is migrated by the next refresh: its
    rows stay, under the renamed column."""
    from warehouse import load, views

    every_migration = load.migrations()
    first_new = next(i for i, p in enumerate(every_migration) if p.name.startswith("0010_"))
    target = tmp_path / "vision.duckdb"
    monkeypatch.setattr(load, "migrations", lambda: every_migration[:first_new])
    # the older code's views, seed rows and comments matched its schema; today's need
    # every migration
    empty_views = tmp_path / "views_of_the_older_code"
    empty_views.mkdir()
    (empty_views / "views.sql").write_text("SELECT 1;", encoding="utf-8")
    with monkeypatch.context() as older:
        older.setattr(views, "VIEWS_SQL", empty_views)
        older.setattr(views, "view_statements", lambda _con, _reserved: [])
        older.setattr(load, "write_seeds", lambda _con: None)
        older.setattr(load, "write_comments", lambda _con: None)
        older.setattr(load, "create_declared_tables", lambda _con: [])
        older.setattr(load, "duplicated_grain", lambda _con, _revision: None)
        older.setattr(load, "_upsert_document", _upsert_as_the_older_code)
        load_revision(target, document("r1"), findings(3))
    with duckdb.connect(str(target)) as con:
        assert con.execute("SELECT sha256 FROM source_document").fetchall() == [("r1",)]
        con.execute(
            "INSERT INTO dim_project (revision_id, document_sha256, table_id, project_no, "
            "role_yamagata) VALUES ('r1', 'r1', 't', 1, '事業の実施')"
        )
        con.execute(
            "INSERT INTO fact_population (revision_id, document_sha256, table_id, value) "
            "VALUES ('r1', 'r1', 't', 42)"
        )
    monkeypatch.setattr(load, "migrations", lambda: every_migration)
    report = load_revision(target, document("r2"), findings(1))
    assert report.migrations_applied == [p.name for p in every_migration[first_new:]]
    assert count(target, "SELECT count(*) FROM schema_migration") == len(every_migration)
    assert count(target, "SELECT count(*) FROM finding WHERE revision_id = 'r1'") == 3
    assert count(target, "SELECT count(*) FROM source_document") == 2
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT revision_id, role_core_city FROM dim_project").fetchall() == [
            ("r1", "事業の実施")
        ]
        assert con.execute("SELECT revision_id, value FROM fact_population").fetchall() == [
            ("r1", 42)
        ]
        kept = {r[0] for r in con.execute("DESCRIBE fact_population").fetchall()}
        assert "document_sha256" not in kept


def test_rebuilding_the_same_revision_keeps_the_file_size(warehouse_path, tmp_path):
    """Three rebuilds of the shipped revision with the same rows (what `vision refresh
    --force` does to the warehouse) leave the file within 5 % of the first build's size."""
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        revision = con.execute("SELECT revision_id FROM latest_revision").fetchone()[0]
        tables = {
            name: con.execute(
                f'SELECT * EXCLUDE (revision_id) FROM "{name}" WHERE revision_id = ?', [revision]
            ).df()
            for name in ("table_cell", "fact_population", "fact_list_item", "finding")
        }
    target = tmp_path / "vision.duckdb"
    load_revision(target, document(revision), tables)
    first = target.stat().st_size
    for _ in range(3):
        load_revision(target, document(revision), tables)
    assert count(target, "SELECT count(*) FROM table_cell") == len(tables["table_cell"])
    assert abs(target.stat().st_size - first) <= 0.05 * first, (first, target.stat().st_size)


def test_a_failing_migration_is_one_line_and_leaves_the_warehouse_as_it_was(tmp_path, monkeypatch):
    """DuckDB's binder errors run on with "Did you mean" lines; the message names the
    migration and the error's first line, and the previous file is untouched."""
    from warehouse import load

    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(2))
    before = digest(target)
    broken = tmp_path / "9999_broken.sql"
    broken.write_text("ALTER TABLE dim_project RENAME COLUMN rol TO role;", encoding="utf-8")
    every_migration = load.migrations()
    monkeypatch.setattr(load, "migrations", lambda: [*every_migration, broken])
    with pytest.raises(WarehouseError) as failed:
        load_revision(target, document("r2"), findings(1))
    message = str(failed.value)
    assert message.startswith("migration 9999_broken.sql failed: ")
    assert "\n" not in message
    assert digest(target) == before
    assert not list(tmp_path.glob("vision.duckdb.tmp-*"))


def test_a_fact_column_of_another_type_than_declared_refuses_the_load_and_keeps_the_warehouse(
    tmp_path,
):
    """A warehouse whose fact column clashes with facts.toml (here: fact_kpi.page, declared
    INTEGER, made VARCHAR) is refused while the staged copy is migrated: the refresh fails
    with a WarehouseError naming the column and the previous file keeps every byte."""
    target = tmp_path / "vision.duckdb"
    load_revision(target, document("r1"), findings(3))
    with duckdb.connect(str(target)) as con:
        con.execute("ALTER TABLE fact_kpi ALTER COLUMN page TYPE VARCHAR")
    before = digest(target)
    with pytest.raises(WarehouseError, match=r"fact_kpi\.page is VARCHAR .* INTEGER"):
        load_revision(target, document("r2"), findings(1))
    assert digest(target) == before
    assert count(target, "SELECT count(*) FROM load_run") == 1
    # no staged copy is left beside it (the writer lock file stays, as after every load)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vision.duckdb", "vision.duckdb.lock"]
