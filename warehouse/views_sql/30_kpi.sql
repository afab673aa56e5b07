-- KPIs as printed, one row per KPI per section ({{ kpi }} tables and the section {{ matrix }} list).
CREATE OR REPLACE VIEW kpi_targets AS
SELECT
    revision_id,
    printed_in,
    category_code,
    any_value(category_title) AS category_title,
    kpi_seq,
    any_value(indicator) AS indicator,
    indicator_key,
    any_value(indicator_printed) AS indicator_printed,
    any_value(qualifier) AS qualifier,
    any_value(unit) AS unit,
    any_value(value) FILTER (WHERE value_kind = 'baseline') AS baseline_value,
    any_value(value_text) FILTER (WHERE value_kind = 'baseline') AS baseline_text,
    any_value(marker) FILTER (WHERE value_kind = 'baseline') AS baseline_marker,
    any_value(year) FILTER (WHERE value_kind = 'baseline') AS baseline_year,
    any_value(year_text) FILTER (WHERE value_kind = 'baseline') AS baseline_year_text,
    any_value(value) FILTER (WHERE value_kind = 'target') AS target_value,
    any_value(value_text) FILTER (WHERE value_kind = 'target') AS target_text,
    any_value(marker) FILTER (WHERE value_kind = 'target') AS target_marker,
    any_value(year) FILTER (WHERE value_kind = 'target') AS target_year,
    any_value(year_text) FILTER (WHERE value_kind = 'target') AS target_year_text,
    any_value(source) AS source,
    min(page) AS page,
    any_value(table_id) AS table_id
FROM fact_kpi
WHERE revision_id = (SELECT revision_id FROM latest_revision)
GROUP BY revision_id, printed_in, category_code, kpi_seq, indicator_key
ORDER BY printed_in, category_code, kpi_seq;

{{ comments('kpi_targets') }}

-- KPI actuals from the official statistics declared in kpi_actual_source: one row per KPI and
-- reference year (the {{ n }} municipalities complete; best priority, then newest release).
CREATE OR REPLACE VIEW kpi_official_actual AS
WITH hub AS (
    SELECT count(*) AS n FROM municipality
),
candidate AS (
    SELECT
        s.indicator_key, s.dataset_id, s.priority, s.measure_definition, s.scale,
        s.denominator_measure, s.comparability_note, s.source_label, f.release_id, f.year,
        sum(f.value) FILTER (WHERE f.measure = s.numerator_measure) AS numerator,
        count(DISTINCT f.municipality_code) FILTER (
            WHERE f.measure = s.numerator_measure AND f.value IS NOT NULL
        ) AS numerator_areas,
        sum(f.value) FILTER (WHERE f.measure = s.denominator_measure) AS denominator,
        count(DISTINCT f.municipality_code) FILTER (
            WHERE f.measure = s.denominator_measure AND f.value IS NOT NULL
        ) AS denominator_areas
    FROM kpi_actual_source AS s
    JOIN fact_official_statistic AS f
        ON f.dataset_id = s.dataset_id
        AND f.sex IS NOT DISTINCT FROM s.sex
        AND f.measure IN (s.numerator_measure, s.denominator_measure)
        AND (s.reference_years IS NULL OR list_contains(s.reference_years, f.year))
    JOIN municipality AS m ON m.code = f.municipality_code
    GROUP BY ALL
),
ranked AS (
    SELECT
        c.indicator_key, c.year, c.dataset_id, c.release_id, c.measure_definition,
        c.comparability_note, c.source_label, r.release_date, r.release, r.publisher,
        r.table_id, r.title,
        CASE
            WHEN c.denominator_measure IS NULL THEN c.numerator * c.scale
            ELSE c.numerator / c.denominator * c.scale
        END AS value,
        row_number() OVER (
            PARTITION BY c.indicator_key, c.year
            ORDER BY c.priority, r.release_date DESC NULLS LAST, c.release_id
        ) AS best
    FROM candidate AS c
    JOIN statistic_release AS r USING (release_id)
    WHERE c.numerator_areas = (SELECT n FROM hub)
        AND (c.denominator_measure IS NULL OR c.denominator_areas = (SELECT n FROM hub))
        AND (c.denominator_measure IS NULL OR c.denominator <> 0)
)
SELECT
    indicator_key, year, value, dataset_id, release_id, release_date, release, publisher,
    table_id, title, source_label, measure_definition, comparability_note
FROM ranked
WHERE best = 1;

{{ comments('kpi_official_actual') }}

-- The workbook actual that counts for each KPI and year: the latest import wins; earlier
-- imports stay in kpi_actual as history.
CREATE OR REPLACE VIEW kpi_actual_latest AS
SELECT * EXCLUDE (newest)
FROM (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY indicator_key, year ORDER BY imported_at DESC, import_id DESC
        ) AS newest
    FROM kpi_actual
)
WHERE newest = 1;

{{ comments('kpi_actual_latest') }}

-- KPI progress by year: for each {{ kpi }} KPI of the latest revision, every year from the one
-- after the baseline to the target year (and any earlier year that has an actual), with the
-- straight plan line from baseline to target, the actual (the municipalities' workbook
-- figure, which follows the KPI's own definition, else the official statistic), the
-- achievement rate and the grade.
CREATE OR REPLACE VIEW kpi_progress_by_year AS
WITH kpi AS (
    SELECT
        k.revision_id, k.category_code, k.category_title, k.kpi_seq, k.indicator,
        k.indicator_key, k.unit, k.source, k.page, k.baseline_value, k.baseline_text,
        k.baseline_marker, k.baseline_year, k.baseline_year_text, k.target_value,
        k.target_text, k.target_year, k.target_year_text,
        -- a count printed without a baseline (—) starts from 0 in the year before its first
        coalesce(k.baseline_value, CASE WHEN r.first_year IS NOT NULL THEN 0 END) AS base,
        coalesce(k.baseline_year, r.first_year - 1) AS start_year,
        CASE
            WHEN k.target_value > coalesce(k.baseline_value, 0) THEN 'increase'
            WHEN k.target_value < coalesce(k.baseline_value, 0) THEN 'decrease'
            ELSE r.direction
        END AS direction,
        r.note AS rule_note
    FROM kpi_targets AS k
    LEFT JOIN kpi_rule AS r USING (indicator_key)
    WHERE k.printed_in = '{{ kpi }}'
),
years AS (
    SELECT indicator_key, unnest(range(start_year + 1, target_year + 1)) AS year
    FROM kpi
    WHERE start_year IS NOT NULL AND target_year IS NOT NULL
    UNION
    SELECT indicator_key, year FROM kpi_actual_latest
    UNION
    SELECT indicator_key, year FROM kpi_official_actual
),
merged AS (
    SELECT
        k.*,
        y.year,
        CASE
            WHEN k.base IS NULL OR k.target_value IS NULL OR k.start_year IS NULL
                OR k.target_year <= k.start_year OR y.year <= k.start_year THEN NULL
            ELSE k.base + (k.target_value - k.base)
                * (y.year - k.start_year) / (k.target_year - k.start_year)
        END AS plan_value,
        coalesce(w.value, o.value) AS actual_value,
        CASE WHEN w.value IS NOT NULL THEN 'workbook' WHEN o.value IS NOT NULL THEN 'official' END
            AS actual_origin,
        CASE
            WHEN w.value IS NOT NULL THEN coalesce(w.source_note, w.file_name)
            WHEN o.value IS NOT NULL THEN o.source_label || '、' || o.publisher
                || coalesce('、' || strftime(o.release_date, '%Y年%-m月%-d日') || '公表', '')
        END AS actual_source,
        w.file_name AS workbook_file, w.file_sha256 AS workbook_sha256, w.sheet AS workbook_sheet,
        w.row_number AS workbook_row, w.import_id, w.imported_at, w.entered_by, w.remark,
        o.dataset_id AS official_dataset_id, o.release_id AS official_release_id,
        o.release_date AS official_release_date, o.table_id AS official_table_id,
        o.measure_definition AS official_definition,
        CASE WHEN w.value IS NULL THEN o.comparability_note END AS comparability_note
    FROM kpi AS k
    JOIN years AS y USING (indicator_key)
    LEFT JOIN kpi_actual_latest AS w ON w.indicator_key = k.indicator_key AND w.year = y.year
    LEFT JOIN kpi_official_actual AS o ON o.indicator_key = k.indicator_key AND o.year = y.year
),
judged AS (
    SELECT
        *,
        CASE
            WHEN actual_value IS NULL OR base IS NULL OR target_value IS NULL THEN NULL
            WHEN year <= start_year THEN NULL
            -- maintaining a level: the actual against the level (1 or more = maintained)
            WHEN target_value = base AND direction = 'increase' AND base <> 0
                THEN actual_value / base
            WHEN target_value = base AND direction = 'decrease' AND actual_value <> 0
                THEN base / actual_value
            WHEN target_value = base THEN NULL
            ELSE (actual_value - base) / (target_value - base)
        END AS achievement,
        CASE
            WHEN actual_value IS NULL OR base IS NULL OR year <= start_year THEN NULL
            WHEN target_value = base THEN
                CASE
                    WHEN direction = 'increase' AND actual_value >= base THEN 'maintain_met'
                    WHEN direction = 'decrease' AND actual_value <= base THEN 'maintain_met'
                    WHEN direction IS NULL THEN NULL
                    ELSE 'maintain_missed'
                END
            ELSE 'progress'
        END AS grading
    FROM merged
)
-- The KPI's baseline and target are of the KPI's grain: they are columns of kpi_progress,
-- not repeated on every year row, so each amount here sums over years without double counting.
SELECT
    j.revision_id, j.category_code, j.category_title, j.kpi_seq, j.indicator, j.indicator_key,
    j.unit, j.source, j.page, j.direction, j.year, j.plan_value, j.actual_value, j.actual_origin, j.actual_source,
    j.workbook_file, j.workbook_sha256, j.workbook_sheet, j.workbook_row, j.import_id,
    j.imported_at, j.entered_by, j.remark, j.official_dataset_id, j.official_release_id,
    j.official_release_date, j.official_table_id, j.official_definition, j.comparability_note,
    j.achievement,
    CASE
        WHEN j.actual_value IS NULL OR j.plan_value IS NULL THEN NULL
        WHEN j.direction = 'increase' THEN j.actual_value >= j.plan_value
        WHEN j.direction = 'decrease' THEN j.actual_value <= j.plan_value
    END AS on_plan,
    g.grade,
    g.label AS grade_label,
    CASE
        WHEN j.actual_value IS NULL THEN NULL
        WHEN j.grading = 'maintain_met' THEN '維持'
        WHEN j.grading = 'maintain_missed' THEN '未達'
        WHEN j.achievement >= 1 THEN '達成'
        WHEN j.plan_value IS NULL THEN NULL
        WHEN (j.direction = 'increase' AND j.actual_value >= j.plan_value)
            OR (j.direction = 'decrease' AND j.actual_value <= j.plan_value) THEN '計画どおり'
        ELSE '計画より遅れ'
    END AS status
FROM judged AS j
LEFT JOIN LATERAL (
    SELECT grade, label
    FROM kpi_grade
    WHERE applies_to = j.grading
        AND (j.grading <> 'progress' OR j.achievement >= coalesce(min_achievement, '-inf'::DOUBLE))
    ORDER BY min_achievement DESC NULLS LAST
    LIMIT 1
) AS g ON true
ORDER BY j.category_code, j.kpi_seq, j.year;

{{ comments('kpi_progress_by_year') }}

-- KPI progress: one row per {{ kpi }} KPI, at its latest actual.
CREATE OR REPLACE VIEW kpi_progress AS
WITH latest AS (
    SELECT * EXCLUDE (newest)
    FROM (
        SELECT
            *,
            row_number() OVER (PARTITION BY indicator_key ORDER BY year DESC) AS newest
        FROM kpi_progress_by_year
        WHERE actual_value IS NOT NULL
    )
    WHERE newest = 1
),
counts AS (
    SELECT indicator_key, count(actual_value) AS actual_years
    FROM kpi_progress_by_year
    GROUP BY indicator_key
),
declared AS (
    SELECT indicator_key, string_agg(dataset_id, ', ' ORDER BY priority) AS datasets
    FROM kpi_actual_source
    GROUP BY indicator_key
),
related AS (
    SELECT indicator_key, string_agg(DISTINCT series_label || '：' || difference_note, ' / ')
        AS related_note
    FROM kpi_related_series
    GROUP BY indicator_key
)
SELECT
    k.revision_id, k.category_code, k.category_title, k.kpi_seq, k.indicator, k.indicator_key,
    k.unit, k.source, k.page,
    k.baseline_value, k.baseline_text, k.baseline_year, k.baseline_year_text,
    k.target_value, k.target_text, k.target_year, k.target_year_text,
    l.direction,
    l.actual_value, l.year AS actual_reference_year, l.actual_origin, l.actual_source,
    l.official_dataset_id AS actual_dataset_id, l.official_release_id AS actual_release_id,
    l.official_release_date AS actual_release_date, l.official_definition AS actual_definition,
    l.workbook_file, l.workbook_sheet, l.workbook_row, l.import_id, l.imported_at,
    l.comparability_note, coalesce(c.actual_years, 0) AS actual_years,
    l.plan_value, l.achievement, l.on_plan, l.status, l.grade, l.grade_label,
    CASE
        WHEN l.actual_value IS NULL AND d.datasets IS NULL
            THEN '実績なし：実績が入力されていない（vision actuals template の様式で入力し、'
                || 'vision actuals import で読み込む。出典：' || coalesce(k.source, '記載なし') || '）'
        WHEN l.actual_value IS NULL
            THEN '実績なし：実績が入力されておらず、対応する統計（' || d.datasets
                || '）にも{{ n }}市町そろった値がない'
        WHEN l.year <= k.baseline_year
            THEN '最新の実績（' || l.year || '年）が基準年（' || k.baseline_year
                || '年）以前のため、達成率は算出しない'
        WHEN k.target_value IS NULL
            THEN '目標値が「' || coalesce(k.target_text, '空欄')
                || '」と記載され数値でないため、達成率は算出しない'
        WHEN k.baseline_value IS NULL AND l.plan_value IS NULL
            THEN '基準値が「' || coalesce(k.baseline_text, '空欄')
                || '」と記載され数値でないため、達成率は算出しない'
        WHEN k.baseline_value IS NULL
            THEN '基準値なし（' || coalesce(k.baseline_text, '空欄')
                || '）：0からの目標値までの到達度'
        WHEN k.target_value = k.baseline_value
            THEN '目標値が基準値と同じ（水準の維持）：達成率は実績値÷基準値、基準値以上なら維持、下回れば未達'
    END AS progress_note,
    r.related_note
FROM kpi_targets AS k
LEFT JOIN latest AS l USING (indicator_key)
LEFT JOIN counts AS c USING (indicator_key)
LEFT JOIN declared AS d USING (indicator_key)
LEFT JOIN related AS r USING (indicator_key)
WHERE k.printed_in = '{{ kpi }}'
ORDER BY k.category_code, k.kpi_seq;

{{ comments('kpi_progress') }}

-- Related official series beside each KPI (参考), and the recomputed baseline where the KPI's
-- cited source is loaded with the same definition: the {{ n }}-municipality sum of each declared
-- measure and year, from the newest release carrying that year.
CREATE OR REPLACE VIEW kpi_related_statistic AS
WITH sums AS (
    SELECT
        s.indicator_key, s.role, s.series_label, s.definition, s.difference_note, f.measure,
        f.year, f.dataset_id, f.release_id, r.release_date, r.title,
        sum(f.value) AS value,
        count(DISTINCT f.municipality_code) FILTER (WHERE f.value IS NOT NULL) AS areas
    FROM kpi_related_series AS s
    JOIN fact_official_statistic AS f ON f.dataset_id = s.dataset_id AND f.measure = s.measure
    JOIN municipality AS m ON m.code = f.municipality_code
    JOIN statistic_release AS r ON r.release_id = f.release_id
    GROUP BY ALL
),
newest AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY indicator_key, measure, year
            ORDER BY release_date DESC NULLS LAST, dataset_id DESC
        ) AS rank
    FROM sums
    WHERE areas = (SELECT count(*) FROM municipality)
)
SELECT
    n.indicator_key, k.category_code, k.kpi_seq, k.indicator, n.role, n.series_label, n.year,
    n.value, n.dataset_id, n.release_id, n.title, n.definition, n.difference_note,
    -- the printed baseline is kpi_progress's; only the difference, on the baseline year's row
    CASE WHEN n.role = 'baseline_reproduction' AND n.year = k.baseline_year
        THEN n.value - k.baseline_value END AS baseline_difference
FROM newest AS n
LEFT JOIN kpi_targets AS k ON k.indicator_key = n.indicator_key AND k.printed_in = '{{ kpi }}'
WHERE n.rank = 1
ORDER BY k.category_code, k.kpi_seq, n.year;

{{ comments('kpi_related_statistic') }}

