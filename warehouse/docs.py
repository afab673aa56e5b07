"""Generate `docs/warehouse.md`: the data dictionary and example queries with their results.

The dictionary is read from the schema itself: every migration (which writes the fact
tables' comments from their declaration, warehouse/schema/facts.toml) and the views
(`views_sql/*.sql`) are applied to an empty in-memory DuckDB, and the `COMMENT ON` text
of each table, view and column is taken from `duckdb_tables()`, `duckdb_views()` and
`duckdb_columns()` (DuckDB keeps comments on views and on view columns too). The example
queries below run against a built warehouse and their results are written as Markdown
tables; the tests run them again and compare.

    python -m warehouse.docs --warehouse warehouse/vision.duckdb   # writes docs/warehouse.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sources.atomic_write import replace_file
from warehouse.load import apply_migrations
from warehouse.paths import DEFAULT_WAREHOUSE
from warehouse.profile_labels import profile_labels
from warehouse.reader import open_reader
from warehouse.schema import declared_facts
from warehouse.views import rebuild_views

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "warehouse.md"
EXAMPLES_HEADING = "## Example queries"


@dataclass(frozen=True)
class Example:
    title: str
    sql: str


# Written for any profile: {kpi}, {matrix}, {projects} and {n} are its section labels and
# number of municipalities (warehouse.profile_labels).
_EXAMPLES: list[Example] = [
    Example(
        "Population 2020 by municipality, as printed and in the final census",
        """\
SELECT municipality_code, municipality_name, value AS printed, official_value AS census_final,
       difference, official_release_date, page
FROM population_by_municipality
WHERE year = 2020
ORDER BY municipality_code""",
    ),
    Example(
        "KPI targets of {kpi}",
        """\
SELECT category_code, kpi_seq, indicator, unit, baseline_text, baseline_year_text,
       target_text, target_year_text, source, page
FROM kpi_targets
WHERE printed_in = '{kpi}'
ORDER BY category_code, kpi_seq""",
    ),
    Example(
        "KPIs printed differently in {kpi} and in the section {matrix} list",
        """\
SELECT a.category_code, a.kpi_seq, a.indicator,
       a.baseline_text AS baseline_3_1, b.baseline_text AS baseline_4,
       a.target_text AS target_3_1, b.target_text AS target_4, a.page AS page_3_1,
       b.page AS page_4
FROM kpi_targets AS a
JOIN kpi_targets AS b USING (category_code, kpi_seq)
WHERE a.printed_in = '{kpi}' AND b.printed_in = '{matrix}'
  AND (a.baseline_value IS DISTINCT FROM b.baseline_value
       OR a.target_value IS DISTINCT FROM b.target_value)
ORDER BY a.category_code, a.kpi_seq""",
    ),
    Example(
        "KPI progress toward the 2029 targets",
        """\
SELECT category_code, kpi_seq, indicator, unit, baseline_text, baseline_year, target_text,
       round(actual_value, 2) AS actual, actual_reference_year, actual_origin,
       actual_dataset_id, round(achievement, 3) AS achievement, status, grade,
       progress_note
FROM kpi_progress
ORDER BY category_code, kpi_seq""",
    ),
    Example(
        "Estimated project cost by fiscal year (千円; markers counted, never summed as 0)",
        """\
SELECT fiscal_year,
       sum(amount_thousand_yen) AS estimated_thousand_yen,
       count(amount_thousand_yen) AS projects_with_amount,
       count(*) FILTER (WHERE marker = '—') AS projects_no_cost,
       count(*) FILTER (WHERE marker = '*') AS projects_not_estimated
FROM project_budget_by_year
GROUP BY fiscal_year
ORDER BY fiscal_year""",
    ),
    Example(
        "Project totals: computed from the years against the printed 合計",
        """\
SELECT project_no, project_name, computed_total_thousand_yen, printed_total_thousand_yen,
       printed_total_text, years, years_without_number, page
FROM project_budget_total
WHERE printed_total_thousand_yen IS NOT NULL OR years_without_number > 0
ORDER BY project_no""",
    ),
    Example(
        "Projects not joined by all {n} municipalities (card {projects} vs list {matrix})",
        """\
SELECT project_no, project_name,
       max(participating_count) FILTER (WHERE source = '{projects}') AS municipalities_card,
       max(participating_count) FILTER (WHERE source = '{matrix}') AS municipalities_list
FROM project_participation_matrix
GROUP BY project_no, project_name
HAVING min(participating_count) < {n}
ORDER BY project_no""",
    ),
    Example(
        "Findings of the data-quality checks by family (latest revision)",
        """\
SELECT family, severity, count(*) AS findings, min(page) AS first_page
FROM document_findings
GROUP BY family, severity
ORDER BY family, severity""",
    ),
]

EXAMPLES: list[Example] = [
    Example(e.title.format(**profile_labels()), e.sql.format(**profile_labels())) for e in _EXAMPLES
]

INTRO = """\
# Warehouse data dictionary

<!-- Generated by `python -m warehouse.docs --warehouse warehouse/vision.duckdb` from the
fact tables' declaration (warehouse/schema/facts.toml), the COMMENTs in
warehouse/migrations/*.sql, the profile's subject relations (its subjects.toml) and the
views' declaration (warehouse/views.toml); do not edit by hand. -->

The DuckDB warehouse built by `vision refresh` (`warehouse/vision.duckdb`). Facts are long
format, one row per printed value, with the printed text and markers (`—`, `*`, …) kept and
never turned into 0, and provenance (revision, table, page, row and column label).
Official statistics carry their release. The analyst views read the latest revision only
(`latest_revision`); the fact tables keep every loaded revision.

**KPI actuals.** `kpi_progress_by_year` (one row per KPI and year) and `kpi_progress` (one
row per KPI, at its latest actual) take each actual from the municipalities' workbooks
(`vision actuals import`; `kpi_actual_latest`, every import kept in `kpi_actual`) and, for a
KPI and year without one, from an official statistic that `kpi_actual_source` declares to
measure the KPI (`kpi_official_actual`; projections are never actuals). `actual_origin` says
which, with the workbook, sheet and row or the release behind the value. `achievement`
(達成率) and `grade` (評価) follow from the actual, the baseline and the target; where
there is no actual, or it predates the baseline, `progress_note` says why.

**Summing.** The amounts of the views sum over their rows without counting anything twice:
a total is a row of its own view (`project_budget_total`), never a column repeated on each
year (`project_budget_by_year`); `population_by_municipality`
has one row per municipality and year, and `document_findings` holds the latest edition
only (every edition: `document_findings_all`). `fact_official_statistic` holds areas of
several levels side by side — keep one `area_kind` (country, prefecture, member,
non_member, former) before summing. The KPI views hold one row per KPI (and year), each in
its own unit (add within one KPI only): a KPI's baseline and target are columns of
`kpi_progress`, one row per KPI, never repeated on the year rows of `kpi_progress_by_year`
or `kpi_related_statistic`, so their plan and actual values sum over years.
"""


def schema_connection() -> duckdb.DuckDBPyConnection:
    """An empty in-memory warehouse: every migration, the profile's subject relations and
    the views, no rows."""
    con = duckdb.connect(":memory:")
    apply_migrations(con)
    rebuild_views(con)
    return con


def _cell(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    text = str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _objects(con: duckdb.DuckDBPyConnection, kind: str) -> list[tuple[str, str | None]]:
    if kind == "table":
        sql = (
            "SELECT table_name, comment FROM duckdb_tables() "
            "WHERE NOT internal AND schema_name = 'main' ORDER BY table_name"
        )
    else:
        sql = (
            "SELECT view_name, comment FROM duckdb_views() "
            "WHERE NOT internal AND schema_name = 'main' ORDER BY view_name"
        )
    return [(r[0], r[1]) for r in con.execute(sql).fetchall()]


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str, str | None]]:
    rows = con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [name],
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def dictionary_markdown(con: duckdb.DuckDBPyConnection | None = None) -> str:
    """The data dictionary (intro, tables, views) of the schema, as Markdown."""
    con = con or schema_connection()
    parts = [INTRO]
    for heading, kind in (("## Tables", "table"), ("## Views", "view")):
        objects = _objects(con, kind)
        parts.append(heading + "\n")
        parts.append(", ".join(f"[`{n}`](#{n})" for n, _ in objects) + "\n")
        for name, comment in objects:
            columns = [(f"`{c}`", t, d or "") for c, t, d in _columns(con, name)]
            parts.append(
                f"### {name}\n\n{comment or ''}\n\n{_grain_line(name)}"
                + markdown_table(["column", "type", "description"], columns)
                + "\n"
            )
    return "\n".join(parts)


def _grain_line(name: str) -> str:
    """What tells the fact's rows of one revision apart, when facts.toml declares it."""
    fact = declared_facts().get(name)
    if fact is None or not fact.grain:
        return ""
    keys = ", ".join(f"`{c}`" for c in fact.grain)
    return f"Grain: one row per {keys} in a revision (a load breaking it is refused).\n\n"


def run_example(con: duckdb.DuckDBPyConnection, example: Example) -> str:
    """The example's result as a Markdown table."""
    relation = con.execute(example.sql)
    header = [d[0] for d in relation.description]
    return markdown_table(header, relation.fetchall())


def example_markdown(example: Example, result: str) -> str:
    return f"### {example.title}\n\n```sql\n{example.sql}\n```\n\n{result}\n"


def examples_markdown(warehouse: Path) -> str:
    con = open_reader(warehouse)
    try:
        parts = [
            EXAMPLES_HEADING + "\n",
            f"Results on the shipped PDF ({_revision_line(con)}).\n",
        ]
        parts += [example_markdown(e, run_example(con, e)) for e in EXAMPLES]
    finally:
        con.close()
    return "\n".join(parts)


def _revision_line(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("SELECT title, revision_label FROM latest_revision").fetchone()
    if row is None:
        return "no revision loaded"
    return " ".join(str(v) for v in row if v)


def render(warehouse: Path) -> str:
    return dictionary_markdown() + "\n" + examples_markdown(warehouse)


def split_document(text: str) -> tuple[str, str]:
    """(dictionary part, example part) of a generated document."""
    head, sep, tail = text.partition("\n" + EXAMPLES_HEADING + "\n")
    return head, sep.lstrip("\n") + tail


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse.docs", description=__doc__)
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=DEFAULT_WAREHOUSE,
        help="built warehouse the example queries run against (default: %(default)s)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output file (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    if not args.warehouse.is_file():
        print(f"no warehouse at {args.warehouse}; run `vision refresh` first", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    replace_file(args.out, render(args.warehouse))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
