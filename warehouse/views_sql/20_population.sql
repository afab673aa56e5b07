-- Population of each municipality and year as the document prints it ({{ population }} census 2020 and
-- projections; {{ population_target }} projections 2020–2050), one row per municipality and year so that
-- SUM(value) GROUP BY year gives the document's 合計: 2030/2040/2050 and 2020 are printed in
-- both sections, and the row keeps the places (and whether they print the same number).
-- Beside it the official figure of the same year: the final census for 2020, the IPSS 2023
-- projection for later years (newest release), and the final census of the year wherever
-- one is loaded (2020, 2025): a projected year that has since been counted shows both.
CREATE OR REPLACE VIEW population_by_municipality AS
WITH official_release AS (
    SELECT
        release_id, dataset_id, release_date, release,
        row_number() OVER (
            PARTITION BY dataset_id ORDER BY release_date DESC NULLS LAST, loaded_at DESC
        ) AS newest
    FROM statistic_release
    WHERE dataset_id IN ('census2020_final', 'ipss2023_projections')
),
official AS (
    SELECT
        f.municipality_code, f.year, f.dataset_id, f.value, f.value_text,
        r.release_id, r.release_date, r.release
    FROM fact_official_statistic AS f
    JOIN official_release AS r USING (release_id, dataset_id)
    WHERE r.newest = 1 AND f.measure = 'population' AND f.sex = 'total'
        AND f.municipality_code IS NOT NULL
        AND (f.dataset_id = 'census2020_final') = (f.year = 2020)
),
census AS (
    SELECT
        f.municipality_code, f.year, f.dataset_id, f.value, r.release_id, r.release_date,
        row_number() OVER (
            PARTITION BY f.municipality_code, f.year
            ORDER BY r.release_date DESC NULLS LAST, r.loaded_at DESC
        ) AS newest
    FROM fact_official_statistic AS f
    JOIN statistic_release AS r USING (release_id, dataset_id)
    WHERE r.release = 'final' AND f.dataset_id LIKE 'census%'
        AND f.measure = 'population' AND f.sex = 'total' AND f.municipality_code IS NOT NULL
),
printed AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY municipality_code, year ORDER BY printed_in, page, table_id
        ) AS place_order,
        list(printed_in ORDER BY printed_in, page, table_id) OVER same_year AS places,
        list(page ORDER BY printed_in, page, table_id) OVER same_year AS place_pages,
        count(DISTINCT coalesce(CAST(value AS VARCHAR), value_text)) OVER same_year
            AS printed_numbers
    FROM fact_population
    WHERE revision_id = (SELECT revision_id FROM latest_revision)
        AND row_kind = 'municipality'
    WINDOW same_year AS (
        PARTITION BY municipality_code, year ORDER BY printed_in, page, table_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    )
)
SELECT
    p.revision_id,
    p.municipality_code,
    m.name AS municipality_name,
    p.municipality_name_printed,
    p.year,
    p.measure,
    p.value,
    p.value_text,
    p.marker,
    p.places AS printed_in,
    p.place_pages AS pages,
    p.printed_numbers = 1 AS printed_values_agree,
    p.page,
    p.table_id,
    p.caption,
    o.dataset_id AS official_dataset_id,
    o.value AS official_value,
    o.release_id AS official_release_id,
    o.release_date AS official_release_date,
    o.release AS official_release,
    p.value - o.value AS difference,
    c.dataset_id AS census_dataset_id,
    c.value AS census_value,
    c.release_id AS census_release_id,
    c.release_date AS census_release_date
FROM printed AS p
JOIN municipality AS m ON m.code = p.municipality_code
LEFT JOIN official AS o ON o.municipality_code = p.municipality_code AND o.year = p.year
LEFT JOIN census AS c
    ON c.municipality_code = p.municipality_code AND c.year = p.year AND c.newest = 1
WHERE p.place_order = 1
ORDER BY p.year, p.municipality_code;

{{ comments('population_by_municipality') }}

