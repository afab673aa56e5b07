"""The items of one edition the diff compares: every printed value, keyed by what it is.

Every printed value is compared by what it *is*, never by where it sits on the page:

* the cover: title, 策定 and 改訂 dates, 第n回改訂;
* a KPI: (where printed, category, indicator; baseline or target; value or year), and its
  printed name and source; a KPI renamed where it stood is one `renamed` row;
* a project, by its number: name (a change is one `renamed` row), category, the
  agreement's texts, the card's texts, each municipality's mark under 関連する市町, each
  schedule row and fiscal year, the budget per fiscal year;
* a section-4 list row: the project's name there and its ★ per municipality;
* every other table cell (section 2's tables, facility lists …) by caption + row label +
  column label: the row's first cell and the table's header rows, never a data row, with
  occurrence numbers where a label repeats (`table_cell`).

Each compared value is an *item* with a key, a name in the document's words (`what`), the
printed text and its page (`warehouse.changes` compares two editions' items).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from sources.profile import current_profile
from warehouse.editions import LoadedEdition, edition, wareki_date
from warehouse.profile_labels import profile_labels
from warehouse.subjects import municipality_relations

COVER_SECTION = "表紙"
_ITEM_COLUMNS = [
    "key",
    "section_table",
    "entity",
    "entity_what",
    "entity_value",
    "part",
    "part_what",
    "part_value",
    "what",
    "value",
    "page",
    "renames",
]

# $matrix, $projects: the profile's labels of those sections; $card: its card caption.
_PLACE = "CASE {col} WHEN $matrix THEN {col} || ' 一覧表' ELSE {col} END"

_KPI_ITEMS = f"""
SELECT
    concat_ws('/', 'kpi', printed_in, category_code, indicator_key, value_kind, f.field) AS key,
    table_id AS section_table,
    concat_ws('/', 'kpi', printed_in, category_code, indicator_key) AS entity,
    '成果指標 ' || category_code || ' ' || indicator || ' (' || {_PLACE.format(col="printed_in")}
        || ')' AS entity_what,
    indicator AS entity_value,
    NULL AS part, NULL AS part_what, NULL AS part_value,
    '成果指標 ' || category_code || ' ' || indicator || ' '
        || CASE value_kind WHEN 'target' THEN '目標' ELSE '基準' END
        || CASE f.field WHEN 'value' THEN '値' ELSE '年' END
        || ' (' || {_PLACE.format(col="printed_in")} || ')' AS what,
    CASE f.field WHEN 'value' THEN value_text ELSE year_text END AS value,
    page,
    false AS renames
FROM fact_kpi, (VALUES ('value'), ('year')) AS f(field)
WHERE revision_id = $r
UNION ALL
SELECT DISTINCT
    concat_ws('/', 'kpi', printed_in, category_code, indicator_key, f.field),
    table_id,
    concat_ws('/', 'kpi', printed_in, category_code, indicator_key),
    '成果指標 ' || category_code || ' ' || indicator || ' (' || {_PLACE.format(col="printed_in")}
        || ')',
    indicator,
    NULL, NULL, NULL,
    '成果指標 ' || category_code || ' ' || indicator || ' '
        || CASE f.field WHEN 'printed' THEN '指標名（単位・注記）' ELSE '出典' END
        || ' (' || {_PLACE.format(col="printed_in")} || ')',
    CASE f.field WHEN 'printed' THEN indicator_printed ELSE source END,
    min(page) OVER (PARTITION BY printed_in, category_code, indicator_key),
    f.field = 'printed'
FROM fact_kpi, (VALUES ('printed'), ('source')) AS f(field)
WHERE revision_id = $r
"""

# Where an entity sits when its name is its key: a KPI renamed in place keeps its place
# (section, category, order), so a KPI missing from one edition and one added at the same
# place are one renamed KPI, whose values are then compared as usual.
_KPI_SLOTS = """
SELECT DISTINCT concat_ws('/', 'kpi', printed_in, category_code, indicator_key) AS entity,
       concat_ws('/', printed_in, category_code, kpi_seq) AS slot
FROM fact_kpi WHERE revision_id = $r
"""

# Project card fields compared as text: (column, the card's words for it).
PROJECT_FIELDS = [
    ("category", "区分"),
    ("agreement_content", "連携協約 取組内容"),
    ("role_core_city", "連携協約 連携中枢都市の役割"),
    ("role_partners", "連携協約 連携市町の役割"),
    ("description", "事業内容"),
    ("expected_effect", "期待される効果"),
    ("subsidies_text", "活用を想定する補助制度等"),
    ("role_sharing_text", "役割分担の考え方"),
    ("cost_sharing_text", "費用負担の考え方"),
    ("budget_note", "事業費見込の注記"),
]

_PROJECT = "replace($card, '{number}', CAST(p.project_no AS VARCHAR))"
_PROJECT_ENTITY = "'project/' || p.project_no"
_PROJECT_HEAD = f"""
    p.table_id AS section_table, {_PROJECT_ENTITY} AS entity, {_PROJECT} AS entity_what,
    d.project_name AS entity_value
"""

_PROJECT_ITEMS = f"""
WITH d AS (SELECT * FROM dim_project WHERE revision_id = $r),
fields AS (
    SELECT project_no, table_id, page, project_name,
           concat_ws(' ', category_code, category_title, subcategory_code, subcategory_title,
                     field_code, field_title) AS category,
           {", ".join(c for c, _ in PROJECT_FIELDS[1:])}
    FROM d
),
texts AS (
    UNPIVOT (SELECT * EXCLUDE (project_name) FROM fields)
    ON {", ".join(c for c, _ in PROJECT_FIELDS)} INTO NAME field VALUE text
),
names AS (SELECT * FROM (VALUES {", ".join(f"('{c}', '{w}')" for c, w in PROJECT_FIELDS)})
          AS n(field, words))
SELECT {_PROJECT_ENTITY} || '/name' AS key, {_PROJECT_HEAD},
       NULL AS part, NULL AS part_what, NULL AS part_value,
       {_PROJECT} || ' 事業名' AS what, p.project_name AS value, p.page, true AS renames
FROM d AS p JOIN d USING (project_no)
UNION ALL
SELECT {_PROJECT_ENTITY} || '/' || p.field, {_PROJECT_HEAD}, NULL, NULL, NULL,
       {_PROJECT} || ' ' || n.words, p.text, p.page, false
FROM texts AS p JOIN names AS n USING (field) JOIN d USING (project_no)
UNION ALL
SELECT {_PROJECT_ENTITY} || '/member/' || p.municipality_code, {_PROJECT_HEAD}, NULL, NULL, NULL,
       {_PROJECT} || ' 関連する市町 ' || m.name, p.mark_printed, p.page, false
FROM fact_project_participation AS p JOIN d USING (project_no)
JOIN municipality AS m ON m.code = p.municipality_code
WHERE p.revision_id = $r AND p.source = $projects
UNION ALL
SELECT {_PROJECT_ENTITY} || '/schedule/' || p.activity_seq, {_PROJECT_HEAD},
       {_PROJECT_ENTITY} || '/schedule/' || p.activity_seq,
       {_PROJECT} || ' 実施スケジュール ' || p.activity, p.activity,
       {_PROJECT} || ' 実施スケジュール 取組' || p.activity_seq, any_value(p.activity),
       min(p.page), false
FROM fact_project_schedule AS p JOIN d USING (project_no)
WHERE p.revision_id = $r
GROUP BY ALL
UNION ALL
SELECT {_PROJECT_ENTITY} || '/schedule/' || p.activity_seq || '/' || p.fiscal_year, {_PROJECT_HEAD},
       {_PROJECT_ENTITY} || '/schedule/' || p.activity_seq,
       {_PROJECT} || ' 実施スケジュール ' || p.activity, p.activity,
       {_PROJECT} || ' 実施スケジュール ' || p.activity || ' ' || p.year_text,
       p.status_printed, p.page, false
FROM fact_project_schedule AS p JOIN d USING (project_no)
WHERE p.revision_id = $r
UNION ALL
SELECT {_PROJECT_ENTITY} || '/budget/' || coalesce(CAST(p.fiscal_year AS VARCHAR), 'total'),
       {_PROJECT_HEAD}, NULL, NULL, NULL,
       {_PROJECT} || ' 事業費見込 ' || p.year_text, p.value_text, p.page, false
FROM fact_project_budget AS p JOIN d USING (project_no)
WHERE p.revision_id = $r
"""

_LIST = "'【' || p.project_no || '】'"
_LIST_HEAD = f"""
    p.table_id AS section_table, 'list/' || p.project_no AS entity,
    {_LIST} || ' (' || $matrix || ' 一覧表)' AS entity_what, p.project_name_printed AS entity_value,
    NULL AS part, NULL AS part_what, NULL AS part_value
"""

_LIST_ITEMS = f"""
WITH p AS (
    SELECT * FROM fact_project_participation WHERE revision_id = $r AND source = $matrix
)
SELECT DISTINCT 'list/' || p.project_no || '/name' AS key, {_LIST_HEAD},
       {_LIST} || ' 事業名 (' || $matrix || ' 一覧表)' AS what, p.project_name_printed AS value,
       min(p.page) OVER (PARTITION BY p.project_no) AS page, false AS renames
FROM p
UNION ALL
SELECT 'list/' || p.project_no || '/' || p.municipality_code, {_LIST_HEAD},
       {_LIST} || ' × ' || m.name || ' (' || $matrix || ' 一覧表)', p.mark_printed, p.page, false
FROM p JOIN municipality AS m ON m.code = p.municipality_code
"""

# Tables the items above cover; every other table is compared cell by cell.
_DOMAIN_TABLES = """
SELECT table_id FROM fact_kpi WHERE revision_id = $r
UNION SELECT table_id FROM dim_project WHERE revision_id = $r
UNION SELECT agreement_table_id FROM dim_project WHERE revision_id = $r
UNION SELECT table_id FROM fact_project_participation WHERE revision_id = $r
UNION SELECT table_id FROM fact_project_schedule WHERE revision_id = $r
UNION SELECT table_id FROM fact_project_budget WHERE revision_id = $r
"""

# A caption or label printed more than once is told apart by its order: 表 その2.
# A table printed without a caption is named as the text findings name it.
UNCAPTIONED = "表題のない表"
_NTH = "CASE WHEN {n} > 0 THEN ' その' || ({n} + 1) ELSE '' END"

# Facts of the template's fixed parts whose rows name a municipality (table_id, row_label →
# municipality_code); the profile's subject relations that do are added to them.
MUNICIPALITY_FACTS = ("fact_population",)
_MUNICIPALITY_ROWS = "{municipality_rows}"


def _municipality_rows() -> str:
    return " UNION ALL ".join(
        f"SELECT table_id, row_label, municipality_code FROM {t} "
        "WHERE revision_id = $r AND municipality_code IS NOT NULL"
        for t in municipality_relations(MUNICIPALITY_FACTS)
    )


# Column labels come from the header rows only (never from a data row that heads a block,
# as `table_cell.column_label` does on project cards): a column without a header cell of
# its own is under the merged header cell to its left.
_CELL_ITEMS = f"""
WITH base AS (
    SELECT * FROM table_cell
    WHERE revision_id = $r AND table_id NOT IN ({_DOMAIN_TABLES})
),
-- A row that is one municipality's (its facts say so) is identified by the municipality,
-- so a misprinted name corrected in a later edition is one change, not a row out and in.
row_codes AS (
    SELECT table_id, row_label, any_value(municipality_code) AS code
    FROM ({_MUNICIPALITY_ROWS})
    GROUP BY ALL HAVING count(DISTINCT municipality_code) = 1
),
row_keys AS (
    SELECT *, row_number() OVER (PARTITION BY table_id, row_key ORDER BY row_index) - 1
        AS row_key_occurrence
    FROM (
        SELECT DISTINCT b.table_id, b.row_index,
            coalesce('市町' || r.code, 'label/' || b.row_label) AS row_key
        FROM base AS b LEFT JOIN row_codes AS r USING (table_id, row_label)
    )
),
heads AS (
    SELECT table_id, col_index, any_value(column_label) AS header_label
    FROM base WHERE is_header GROUP BY ALL
),
labelled AS (
    SELECT b.*, coalesce(h.header_label, '列' || (b.col_index + 1)) AS header_label
    FROM base AS b ASOF LEFT JOIN heads AS h
        ON b.table_id = h.table_id AND b.col_index >= h.col_index
    WHERE NOT b.is_header
),
keyed AS (SELECT * FROM labelled JOIN row_keys USING (table_id, row_index)),
c AS (
    SELECT *,
        row_number() OVER (
            PARTITION BY table_id, row_index, header_label ORDER BY col_index
        ) - 1 AS header_occurrence,
        concat_ws('/', section, caption, table_occurrence) AS table_key,
        coalesce(nullif(trim(caption), ''), '{UNCAPTIONED}') || {_NTH.format(n="table_occurrence")}
            AS table_name,
        row_label || {_NTH.format(n="row_occurrence")} AS row_name
    FROM keyed
)
SELECT
    concat_ws('/', 'cell', table_key, row_key, row_key_occurrence, header_label,
              header_occurrence) AS key,
    table_id AS section_table,
    'table/' || table_key AS entity, '表 ' || table_name AS entity_what,
    table_name AS entity_value,
    concat_ws('/', 'row', table_key, row_key, row_key_occurrence) AS part,
    table_name || ' ' || row_name AS part_what, row_name AS part_value,
    table_name || ' ' || row_name || ' ' || header_label
        || {_NTH.format(n="header_occurrence")} AS what,
    text AS value, page, false AS renames
FROM c
"""


def _sections(con: duckdb.DuckDBPyConnection, revision_id: str) -> dict[str, str]:
    """table_id → the top-level section heading it is printed under."""
    return dict(
        con.execute(
            "SELECT DISTINCT table_id, split_part(section, ' > ', 1) FROM table_cell "
            "WHERE revision_id = ?",
            [revision_id],
        ).fetchall()
    )


def _cover_items(ed: LoadedEdition) -> pd.DataFrame:
    values = [
        ("cover/title", "表題", ed.title),
        ("cover/adopted", "表紙 策定日", wareki_date(ed.adopted_on)),
        ("cover/revised", "表紙 改訂日", wareki_date(ed.revised_on)),
        ("cover/revision_number", "表紙 改訂の回数", ed.revision_number_text),
    ]
    return pd.DataFrame(
        [
            {
                "key": key,
                "section_table": None,
                "entity": "cover",
                "entity_what": "表紙",
                "entity_value": ed.title,
                "part": None,
                "part_what": None,
                "part_value": None,
                "what": what,
                "value": value,
                "page": 1,
                "renames": False,
            }
            for key, what, value in values
            if value is not None
        ],
        columns=_ITEM_COLUMNS,
    )


def revision_items(con: duckdb.DuckDBPyConnection, revision_id: str) -> pd.DataFrame:
    """Every compared value of one revision (see the module docstring), with its section."""
    frames = [_cover_items(edition(con, revision_id))]
    labels = profile_labels()
    params = {
        "r": revision_id,
        "matrix": labels["matrix"],
        "projects": labels["projects"],
        "card": current_profile().document.cards.caption,
    }
    cell_items = _CELL_ITEMS.replace(_MUNICIPALITY_ROWS, _municipality_rows())
    for sql in (_KPI_ITEMS, _PROJECT_ITEMS, _LIST_ITEMS, cell_items):
        used = {name: value for name, value in params.items() if f"${name}" in sql}
        frame = con.execute(sql, used).df()
        frames.append(frame.set_axis(_ITEM_COLUMNS, axis=1))
    items = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    slots = con.execute(_KPI_SLOTS, {"r": revision_id}).df()
    items = items.merge(slots, on="entity", how="left")
    sections = _sections(con, revision_id)
    items["section"] = [
        COVER_SECTION if t is None or pd.isna(t) else sections.get(t, "")
        for t in items["section_table"]
    ]
    return items.astype({"page": "Int64"})
