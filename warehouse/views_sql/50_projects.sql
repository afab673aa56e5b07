-- Budget (事業費見込) of each project by fiscal year: one row per project and fiscal year, so
-- SUM(amount_thousand_yen) is a true total at any grouping. The project's total is not
-- repeated on its year rows (summing them would count it once per year): it is one row of
-- project_budget_total.
CREATE OR REPLACE VIEW project_budget_by_year AS
SELECT
    b.revision_id,
    b.project_no,
    p.project_name,
    b.fiscal_year,
    b.year_text,
    b.value AS amount_thousand_yen,
    b.value_text,
    b.marker,
    b.unit,
    b.page
FROM fact_project_budget AS b
LEFT JOIN dim_project AS p ON p.project_no = b.project_no AND p.revision_id = b.revision_id
WHERE b.revision_id = (SELECT revision_id FROM latest_revision) AND NOT b.is_total
ORDER BY b.project_no, b.fiscal_year;

{{ comments('project_budget_by_year') }}

-- The total of each project's budget, one row per project: computed from its years only
-- when every year is a number, beside the 合計 the card prints where it prints one.
CREATE OR REPLACE VIEW project_budget_total AS
WITH latest AS (
    SELECT * FROM fact_project_budget
    WHERE revision_id = (SELECT revision_id FROM latest_revision)
),
per_project AS (
    SELECT
        revision_id,
        project_no,
        CASE
            WHEN count(*) FILTER (WHERE value IS NULL) = 0 THEN sum(value)
        END AS computed_total,
        count(*) AS years,
        count(*) FILTER (WHERE value IS NULL) AS years_without_number,
        min(page) AS page
    FROM latest
    WHERE NOT is_total
    GROUP BY revision_id, project_no
),
printed_total AS (
    SELECT project_no, value AS printed_total, value_text AS printed_total_text
    FROM latest
    WHERE is_total
)
SELECT
    t.revision_id,
    t.project_no,
    p.project_name,
    t.computed_total AS computed_total_thousand_yen,
    t.years,
    t.years_without_number,
    pt.printed_total AS printed_total_thousand_yen,
    pt.printed_total_text,
    t.page
FROM per_project AS t
LEFT JOIN dim_project AS p ON p.project_no = t.project_no AND p.revision_id = t.revision_id
LEFT JOIN printed_total AS pt ON pt.project_no = t.project_no
ORDER BY t.project_no;

{{ comments('project_budget_total') }}

-- Which municipalities take part in each project, as a matrix: one row per project and
-- place it is printed (the {{ projects }} card's 関連する市町, the section {{ matrix }} list's ★ columns).
CREATE OR REPLACE VIEW project_participation_matrix AS
SELECT
    pp.revision_id,
    pp.project_no,
    any_value(p.project_name) AS project_name,
    any_value(pp.project_name_printed) AS project_name_printed,
    pp.source,
    min(pp.page) AS page,
{% for m in municipalities %}
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '{{ m.code }}') AS {{ m.column }},
{% endfor %}
    count(DISTINCT pp.municipality_code) FILTER (WHERE pp.participates) AS participating_count
FROM fact_project_participation AS pp
LEFT JOIN dim_project AS p ON p.project_no = pp.project_no AND p.revision_id = pp.revision_id
WHERE pp.revision_id = (SELECT revision_id FROM latest_revision)
GROUP BY pp.revision_id, pp.project_no, pp.source
ORDER BY pp.project_no, pp.source;

{{ comments('project_participation_matrix') }}
{% for m in municipalities %}
COMMENT ON COLUMN project_participation_matrix.{{ m.column }} IS '{{ m.name }} ({{ m.code }}) takes part (★), however its name is printed (variants and misprints resolve to its code); NULL when the source prints no mark for it.';
{% endfor %}


