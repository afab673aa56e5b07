"""docs/warehouse.md is generated from the schema and its example results are true."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from warehouse.docs import (
    DEFAULT_OUT,
    EXAMPLES,
    Example,
    dictionary_markdown,
    main,
    run_example,
    split_document,
)


@pytest.fixture(scope="module")
def documented() -> str:
    return DEFAULT_OUT.read_text(encoding="utf-8")


def _section(text: str, title: str) -> str:
    """The text of the example section headed `### title`, up to the next heading."""
    start = text.index(f"\n### {title}\n")
    end = text.find("\n### ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def test_the_dictionary_is_up_to_date_with_the_schema(documented: str) -> None:
    """Regenerate with `python -m warehouse.docs --warehouse warehouse/vision.duckdb`."""
    fresh = dictionary_markdown()
    assert split_document(documented)[0].rstrip() == fresh.rstrip()


def test_the_command_regenerates_the_document(
    warehouse_path: Path, tmp_path: Path, documented: str
) -> None:
    out = tmp_path / "warehouse.md"
    assert main(["--warehouse", str(warehouse_path), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == documented


def test_the_dictionary_lists_every_table_and_view_column(documented: str) -> None:
    dictionary = split_document(documented)[0]
    # the view columns named after municipalities are documented like any other column
    for name in ("kpi_actual_source", "kpi_progress", "project_participation_matrix"):
        assert f"\n### {name}\n" in dictionary
    assert "| `大石田町` | BOOLEAN |" in dictionary
    assert "| `progress_note` | VARCHAR |" in dictionary


def test_there_are_five_to_eight_examples_with_distinct_titles() -> None:
    assert 5 <= len(EXAMPLES) <= 8
    assert len({e.title for e in EXAMPLES}) == len(EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.title for e in EXAMPLES])
def test_each_example_returns_the_documented_result(
    example: Example, warehouse_path: Path, documented: str
) -> None:
    section = _section(split_document(documented)[1], example.title)
    sql = re.search(r"```sql\n(.*?)\n```", section, re.S)
    assert sql is not None and sql.group(1) == example.sql
    documented_table = section[sql.end() :].strip()
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        result = run_example(con, example)
    finally:
        con.close()
    assert result.count("\n") >= 2, "an example should return rows on the shipped PDF"
    assert result == documented_table
