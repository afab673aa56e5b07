"""The views' descriptions come from their declaration, warehouse/views.toml, written once.

`tests/fixtures/view_comments.json` was recorded from d at 1eea5ac (issue 15), when each
COMMENT ON statement was still written out in the views' SQL, for the shipped profile and the
second area's: every view's comment and its columns (name, type, comment) in order. Moving
the descriptions into views.toml, with the ones several views share declared once, must
leave every view and comment as it was. A description changed on purpose re-records the
file (`_described_views(schema_connection())` under each profile).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from warehouse.docs import schema_connection
from warehouse.subjects import declared_subjects
from warehouse.views import comment_statements

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "view_comments.json"


def _described_views(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The analyst views (the profile's subject relations are views too, described by the
    profile: warehouse.subjects)."""
    subjects = declared_subjects()
    views = [
        (name, comment)
        for name, comment in con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal ORDER BY view_name"
        ).fetchall()
        if name not in subjects
    ]
    return {
        name: {
            "comment": comment,
            "columns": [
                list(c)
                for c in con.execute(
                    "SELECT column_name, data_type, comment FROM duckdb_columns() "
                    "WHERE table_name = ? ORDER BY column_index",
                    [name],
                ).fetchall()
            ],
        }
        for name, comment in views
    }


@pytest.mark.parametrize("profile", ["yamagata", "hachinohe_2nd"])
def test_the_views_and_their_comments_are_as_recorded(profile, monkeypatch) -> None:
    from sources.profile import PROFILE_ENV
    from tests.fixtures.second_area import PROFILE_DIR

    if profile == "hachinohe_2nd":
        monkeypatch.setenv(PROFILE_ENV, str(PROFILE_DIR))
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))[profile]
    con = schema_connection()
    try:
        now = _described_views(con)
    finally:
        con.close()
    assert sorted(now) == sorted(recorded)
    changed = sorted(v for v in recorded if now[v] != recorded[v])
    assert not changed, f"views described otherwise than recorded: {changed}"


def test_a_shared_description_is_written_once_and_labels_are_filled_in() -> None:
    declaration = {
        "shared": {"rev": "Revision of {core_city}'s vision."},
        "view": {"v": {"comment": "All {n}.", "columns": {"a": "@rev", "b": "Own."}}},
    }
    comments = comment_statements(declaration, {"core_city": "X市", "n": "3"})
    assert comments("v").splitlines() == [
        "COMMENT ON VIEW v IS 'All 3.';",
        "COMMENT ON COLUMN v.a IS 'Revision of X市''s vision.';",
        "COMMENT ON COLUMN v.b IS 'Own.';",
    ]


def test_an_unknown_shared_description_or_column_name_is_refused() -> None:
    unknown = {"view": {"v": {"comment": "c", "columns": {"a": "@missing"}}}}
    with pytest.raises(KeyError):
        comment_statements(unknown, {})("v")
    quoted = {"view": {"v": {"comment": "c", "columns": {"A b": "d"}}}}
    with pytest.raises(ValueError, match="plain column name"):
        comment_statements(quoted, {})("v")
