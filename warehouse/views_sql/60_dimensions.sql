-- Dimension views over the facts: how printed names map to municipality codes, and the KPIs.

CREATE OR REPLACE VIEW municipality_name_variant AS
WITH printed AS (
{% for relation in naming_relations %}
    {{ "UNION ALL" if not loop.first }}
    SELECT revision_id, '{{ relation }}' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM {{ relation }} WHERE municipality_code IS NOT NULL
{% endfor %}
)
SELECT
    p.revision_id,
    p.municipality_name_printed AS printed_name,
    p.municipality_code,
    m.name AS official_name,
    p.name_resolution,
    list_sort(list_distinct(list(p.page))) AS pages,
    list_sort(list_distinct(list(p.fact_table))) AS fact_tables,
    count(*) AS occurrences
FROM printed AS p
JOIN municipality AS m ON m.code = p.municipality_code
WHERE p.name_resolution <> 'official'
GROUP BY ALL
ORDER BY p.revision_id, p.municipality_code, printed_name;
{{ comments('municipality_name_variant') }}

CREATE OR REPLACE VIEW indicator AS
SELECT
    revision_id,
    indicator_key,
    any_value(indicator ORDER BY printed_in) AS indicator,
    any_value(unit ORDER BY printed_in) AS unit,
    any_value(category_code ORDER BY printed_in) AS category_code,
    any_value(category_title ORDER BY printed_in) AS category_title,
    any_value(source ORDER BY printed_in) AS source,
    list_sort(list_distinct(list(printed_in))) AS printed_in
FROM fact_kpi
GROUP BY revision_id, indicator_key
ORDER BY revision_id, category_code, indicator_key;
{{ comments('indicator') }}
