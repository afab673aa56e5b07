-- The area's population against its path: the censuses, the IPSS 2023 projection and the
-- vision's printed projections, {{ n }}-municipality totals per year.
CREATE OR REPLACE VIEW population_path AS
WITH summed AS (
    SELECT
        f.dataset_id, f.year, r.release_id, r.release, r.release_date, r.loaded_at,
        sum(f.value) AS value,
        count(DISTINCT f.municipality_code) FILTER (WHERE f.value IS NOT NULL) AS areas
    FROM fact_official_statistic AS f
    JOIN statistic_release AS r USING (release_id)
    JOIN municipality AS m ON m.code = f.municipality_code
    WHERE f.measure = 'population' AND f.sex = 'total'
        AND f.dataset_id IN ('census2020_final', 'census2020_preliminary', 'census2025_final',
            'census2025_preliminary', 'ipss2023_projections')
    GROUP BY ALL
),
official AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY dataset_id, year ORDER BY release_date DESC NULLS LAST, loaded_at DESC
        ) AS newest
    FROM summed
),
printed AS (
    -- per printed section, so both places of a year printed twice stay visible
    SELECT
        year, printed_in, sum(value) AS value,
        count(DISTINCT municipality_code) FILTER (WHERE value IS NOT NULL) AS areas,
        min(page) AS page
    FROM fact_population
    WHERE revision_id = (SELECT revision_id FROM latest_revision)
        AND row_kind = 'municipality'
    GROUP BY year, printed_in
)
SELECT
    CASE
        WHEN dataset_id LIKE 'census%' THEN 'census'
        WHEN year = 2020 THEN 'projection_base'
        ELSE 'projection'
    END AS series,
    CASE dataset_id
        WHEN 'census2020_final' THEN '国勢調査（確定値）'
        WHEN 'census2025_final' THEN '国勢調査（確定値）'
        WHEN 'census2020_preliminary' THEN '国勢調査（速報値）'
        WHEN 'census2025_preliminary' THEN '国勢調査（速報値）'
        ELSE '社人研 令和5年推計'
    END AS series_label,
    year, value, dataset_id, release_id, release, release_date, NULL::INTEGER AS page
FROM official
WHERE newest = 1 AND areas = (SELECT count(*) FROM municipality)
UNION ALL
SELECT
    'vision' AS series,
    'ビジョン記載（' || printed_in || '）' AS series_label,
    year, value, NULL, NULL, NULL, NULL, page
FROM printed
WHERE areas = (SELECT count(*) FROM municipality)
ORDER BY year, series, series_label;

{{ comments('population_path') }}

