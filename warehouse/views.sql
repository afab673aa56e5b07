-- Analyst views; recreated on every refresh, so they always match the tables beneath.
-- A jinja2 template (warehouse/views.py): its placeholders are the profile's section labels,
-- its municipalities and their count, so no area's names are written here.

-- The newest edition: by the publication date its cover prints (sources/vision_edition.py),
-- whatever order the files were loaded in. Only a revision whose cover prints no date (a
-- rendering without a cover) counts as published when it was loaded, and `ordered_by` says so.
CREATE OR REPLACE VIEW latest_revision AS
SELECT
    *,
    CASE WHEN published IS NOT NULL THEN 'publication date'
         ELSE 'load time (no date on the cover)' END AS ordered_by
FROM source_document
ORDER BY coalesce(published, CAST(loaded_at AS DATE)) DESC, loaded_at DESC
LIMIT 1;

CREATE OR REPLACE VIEW document_findings AS
SELECT
    f.check_id, f.family, f.severity, f.caption, f.page, f.row_label, f.column_label,
    f.stated, f.expected, f.message, f.table_id, f.revision_id,
    d.revision_label,
    f.revision_id = (SELECT revision_id FROM latest_revision) AS is_latest_revision
FROM finding AS f
LEFT JOIN source_document AS d USING (revision_id)
ORDER BY f.revision_id, f.family, f.page, f.check_id;

COMMENT ON VIEW latest_revision IS 'The newest loaded edition of the vision (by the publication date on its cover; by load time only when the cover prints no date): one row of source_document. Every analyst view below reads this revision only.';
COMMENT ON VIEW document_findings IS 'What the data-quality checks found, with the revision label and whether the finding is in the latest revision.';
COMMENT ON COLUMN latest_revision.revision_id IS 'Identifier of the newest revision: the sha256 of its PDF.';
COMMENT ON COLUMN latest_revision.title IS 'Document title from the PDF metadata.';
COMMENT ON COLUMN latest_revision.publisher IS 'Publisher, e.g. {{ core_city }}.';
COMMENT ON COLUMN latest_revision.revision_label IS 'The edition as its cover names it, e.g. 令和8年2月20日 改訂; NULL when the cover prints no date.';
COMMENT ON COLUMN latest_revision.published IS 'Publication date of the edition (the latest date on its cover); NULL when unknown, the load date then stands in (see ordered_by).';
COMMENT ON COLUMN latest_revision.official_url IS 'Official page the document is published on.';
COMMENT ON COLUMN latest_revision.source_path IS 'Local path the PDF was read from at load time.';
COMMENT ON COLUMN latest_revision.page_count IS 'Number of pages of the PDF.';
COMMENT ON COLUMN latest_revision.loaded_at IS 'When this revision was (last) loaded.';
COMMENT ON COLUMN latest_revision.adopted_on IS 'Adoption date (策定) printed on the cover.';
COMMENT ON COLUMN latest_revision.revised_on IS 'Date of the latest revision (改訂) printed on the cover; NULL when none.';
COMMENT ON COLUMN latest_revision.revision_number IS 'n of 第n回改訂; NULL when not printed.';
COMMENT ON COLUMN latest_revision.dated_by IS 'Where the dates come from: cover, manifest, or NULL.';
COMMENT ON COLUMN latest_revision.ordered_by IS 'Why this revision is the latest: publication date, or load time (no date on the cover) when no loaded edition could be dated.';
COMMENT ON COLUMN document_findings.check_id IS 'Check that found it (check_result.check_id).';
COMMENT ON COLUMN document_findings.family IS 'Check family: row_sums, ratios, kpi_consistency, cross_table, participation, names, cross_source, text.';
COMMENT ON COLUMN document_findings.severity IS 'error: a number that does not follow beyond rounding; warning: a presentation difference such as wording.';
COMMENT ON COLUMN document_findings.caption IS 'Caption of the table the value is printed in.';
COMMENT ON COLUMN document_findings.page IS 'Page the value is printed on.';
COMMENT ON COLUMN document_findings.row_label IS 'Row label of the value, e.g. 合計.';
COMMENT ON COLUMN document_findings.column_label IS 'Column label of the value; multi-level headers joined with /.';
COMMENT ON COLUMN document_findings.stated IS 'The value as printed.';
COMMENT ON COLUMN document_findings.expected IS 'The value the check computed (or the official figure), formatted like the printed one.';
COMMENT ON COLUMN document_findings.message IS 'Explanation in Japanese for the reviewer.';
COMMENT ON COLUMN document_findings.table_id IS 'Table the value is printed in (t001… in document order of that revision).';
COMMENT ON COLUMN document_findings.revision_id IS 'Revision the finding is in (source_document.revision_id).';
COMMENT ON COLUMN document_findings.revision_label IS 'Revision label of that revision (source_document.revision_label).';
COMMENT ON COLUMN document_findings.is_latest_revision IS 'True when the finding is in the latest revision (latest_revision.revision_id).';

-- Population of each municipality and year as the document prints it ({{ population }} census 2020 and
-- projections; {{ population_target }} projections 2020–2050), one row per municipality and year so that
-- SUM(value) GROUP BY year gives the document's 合計: 2030/2040/2050 and 2020 are printed in
-- both sections, and the row keeps the places (and whether they print the same number).
-- Beside it the official figure of the same year: the final census for 2020, the IPSS 2023
-- projection for later years (newest release).
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
    p.value - o.value AS difference
FROM printed AS p
JOIN municipality AS m ON m.code = p.municipality_code
LEFT JOIN official AS o ON o.municipality_code = p.municipality_code AND o.year = p.year
WHERE p.place_order = 1
ORDER BY p.year, p.municipality_code;

COMMENT ON VIEW population_by_municipality IS 'Population of each of the {{ n }} municipalities by year as printed in the latest revision, one row per municipality and year (SUM(value) GROUP BY year gives the document''s 合計): {{ population }} prints the 2020 census and projections for 2030/2040/2050, {{ population_target }} projections for 2020–2050; a year printed in both keeps its places in printed_in and takes its value from the first ({{ population }}). With the official figure of the same municipality and year beside it: the final 2020 census for 2020, the IPSS 2023 projection for later years (newest loaded release of each).';
COMMENT ON COLUMN population_by_municipality.revision_id IS 'Revision of the vision the printed value is from (latest_revision.revision_id).';
COMMENT ON COLUMN population_by_municipality.municipality_code IS '5-digit municipality code (municipality.code).';
COMMENT ON COLUMN population_by_municipality.municipality_name IS 'Official municipality name (municipality.name).';
COMMENT ON COLUMN population_by_municipality.municipality_name_printed IS 'Municipality name as printed in the row of the first place (misprints kept).';
COMMENT ON COLUMN population_by_municipality.year IS 'Calendar year of the population (as of 1 October).';
COMMENT ON COLUMN population_by_municipality.measure IS 'census or projection, as the first place labels the column ({{ population }} prints 2020 as the census, {{ population_target }} as a projection).';
COMMENT ON COLUMN population_by_municipality.value IS 'Population printed in the document (persons), at the first place it is printed.';
COMMENT ON COLUMN population_by_municipality.value_text IS 'The printed cell text at that place.';
COMMENT ON COLUMN population_by_municipality.marker IS 'Symbol printed instead of a number; NULL when a number is printed.';
COMMENT ON COLUMN population_by_municipality.printed_in IS 'Every section printing this municipality and year: {{ population }} and/or {{ population_target }}.';
COMMENT ON COLUMN population_by_municipality.pages IS 'Page of each place in printed_in, in the same order.';
COMMENT ON COLUMN population_by_municipality.printed_values_agree IS 'True when every place prints the same figure; false when the document contradicts itself (see document_findings, check population_cross_table).';
COMMENT ON COLUMN population_by_municipality.page IS 'Page of the PDF the value is taken from (the first place).';
COMMENT ON COLUMN population_by_municipality.table_id IS 'Table the value is taken from (t001… in document order).';
COMMENT ON COLUMN population_by_municipality.caption IS 'Caption of that table as printed.';
COMMENT ON COLUMN population_by_municipality.official_dataset_id IS 'census2020_final for 2020, ipss2023_projections for later years; NULL when no official figure is loaded.';
COMMENT ON COLUMN population_by_municipality.official_value IS 'Official population of the same municipality and year, total of both sexes (persons).';
COMMENT ON COLUMN population_by_municipality.official_release_id IS 'Release the official value is from (statistic_release.release_id).';
COMMENT ON COLUMN population_by_municipality.official_release_date IS 'Date the publisher released the official value.';
COMMENT ON COLUMN population_by_municipality.official_release IS 'final (確定 census) or projection (IPSS).';
COMMENT ON COLUMN population_by_municipality.difference IS 'value − official_value (persons); 0 when the document quotes the official figure exactly.';

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

COMMENT ON VIEW kpi_targets IS 'Each KPI of the latest revision as printed, one row per KPI per section where it is printed ({{ kpi }} tables and the section {{ matrix }} list): indicator, unit, baseline and target value and year (printed text kept), source, page.';
COMMENT ON COLUMN kpi_targets.revision_id IS 'Revision of the vision (latest_revision.revision_id).';
COMMENT ON COLUMN kpi_targets.printed_in IS 'Section the KPI is printed in: {{ kpi }} or {{ matrix }}.';
COMMENT ON COLUMN kpi_targets.category_code IS 'Category ア / イ / ウ.';
COMMENT ON COLUMN kpi_targets.category_title IS 'Category title as printed after its code (ア, イ, ウ).';
COMMENT ON COLUMN kpi_targets.kpi_seq IS 'Order of the KPI within its category (1-based); (category_code, kpi_seq) pairs the {{ kpi }} and section {{ matrix }} rows.';
COMMENT ON COLUMN kpi_targets.indicator IS 'Indicator name (before the unit in brackets).';
COMMENT ON COLUMN kpi_targets.indicator_key IS 'Comparison key: indicator NFKC-normalized without spaces and ・ (kpi_actual_source.indicator_key).';
COMMENT ON COLUMN kpi_targets.indicator_printed IS 'Indicator as printed, with unit and notes.';
COMMENT ON COLUMN kpi_targets.qualifier IS 'Note printed after the unit, e.g. （民営事業所）, or the ※ note; NULL when none.';
COMMENT ON COLUMN kpi_targets.unit IS 'Unit of baseline and target (人, %, 百万円, 千円); NULL for counts printed without a unit.';
COMMENT ON COLUMN kpi_targets.baseline_value IS 'Baseline (基準値) as a number; NULL when a marker such as — is printed.';
COMMENT ON COLUMN kpi_targets.baseline_text IS 'Baseline as printed.';
COMMENT ON COLUMN kpi_targets.baseline_marker IS 'Marker printed instead of a baseline number (—); NULL when a number is printed.';
COMMENT ON COLUMN kpi_targets.baseline_year IS 'Year of the baseline (western, 令和5年 → 2023); NULL when not printed.';
COMMENT ON COLUMN kpi_targets.baseline_year_text IS 'Baseline year as printed (令和5年).';
COMMENT ON COLUMN kpi_targets.target_value IS 'Target (目標値) as a number.';
COMMENT ON COLUMN kpi_targets.target_text IS 'Target as printed.';
COMMENT ON COLUMN kpi_targets.target_marker IS 'Marker printed instead of a target number; NULL when a number is printed.';
COMMENT ON COLUMN kpi_targets.target_year IS 'Year of the target (western, 令和11年 → 2029).';
COMMENT ON COLUMN kpi_targets.target_year_text IS 'Target year as printed.';
COMMENT ON COLUMN kpi_targets.source IS 'Source of the KPI as printed (出典), e.g. 経済センサス.';
COMMENT ON COLUMN kpi_targets.page IS 'Page the KPI is printed on.';
COMMENT ON COLUMN kpi_targets.table_id IS 'Table the KPI is printed in.';

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

COMMENT ON VIEW kpi_official_actual IS 'KPI actuals computed from official statistics by the kpi_actual_source rules: one row per KPI and reference year, over the {{ n }} municipalities (all {{ n }} must have a number), from the best-priority dataset and its newest release. Projections are never declared, so never appear.';
COMMENT ON COLUMN kpi_official_actual.indicator_key IS 'KPI (fact_kpi.indicator_key).';
COMMENT ON COLUMN kpi_official_actual.year IS 'Reference year the statistic describes (not its release year).';
COMMENT ON COLUMN kpi_official_actual.value IS 'Actual in the KPI''s unit.';
COMMENT ON COLUMN kpi_official_actual.dataset_id IS 'Dataset the actual is computed from (statistic_release.dataset_id).';
COMMENT ON COLUMN kpi_official_actual.release_id IS 'Release the actual is computed from (statistic_release.release_id).';
COMMENT ON COLUMN kpi_official_actual.release_date IS 'Date the publisher released those numbers.';
COMMENT ON COLUMN kpi_official_actual.release IS 'final (確定), preliminary (速報), projection or unverified.';
COMMENT ON COLUMN kpi_official_actual.publisher IS 'Publisher of the statistic.';
COMMENT ON COLUMN kpi_official_actual.table_id IS 'Publisher''s table id (e-Stat statsDataId).';
COMMENT ON COLUMN kpi_official_actual.title IS 'Title of the statistic.';
COMMENT ON COLUMN kpi_official_actual.source_label IS 'Short name of the statistic (kpi_actual_source.source_label).';
COMMENT ON COLUMN kpi_official_actual.measure_definition IS 'What the actual measures, in Japanese (kpi_actual_source.measure_definition).';
COMMENT ON COLUMN kpi_official_actual.comparability_note IS 'Why the comparison with the baseline is only indicative, in Japanese; NULL when comparable.';

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

COMMENT ON VIEW kpi_actual_latest IS 'The current workbook actual of each KPI and year: the row of the latest import (kpi_actual keeps every import as history).';
COMMENT ON COLUMN kpi_actual_latest.import_id IS 'Import the value came with (kpi_actual_import.import_id).';
COMMENT ON COLUMN kpi_actual_latest.indicator_key IS 'KPI (fact_kpi.indicator_key).';
COMMENT ON COLUMN kpi_actual_latest.category_code IS 'Category ア / イ / ウ.';
COMMENT ON COLUMN kpi_actual_latest.kpi_seq IS 'Order of the KPI within its category.';
COMMENT ON COLUMN kpi_actual_latest.year IS 'Year the actual describes.';
COMMENT ON COLUMN kpi_actual_latest.value IS 'Actual in the KPI''s unit.';
COMMENT ON COLUMN kpi_actual_latest.value_text IS 'The 実績値 cell as entered.';
COMMENT ON COLUMN kpi_actual_latest.unit IS 'Unit of the KPI.';
COMMENT ON COLUMN kpi_actual_latest.source_note IS '出典 as entered.';
COMMENT ON COLUMN kpi_actual_latest.remark IS '備考 as entered.';
COMMENT ON COLUMN kpi_actual_latest.entered_by IS '入力者 as entered.';
COMMENT ON COLUMN kpi_actual_latest.file_name IS 'Workbook the value came from.';
COMMENT ON COLUMN kpi_actual_latest.file_sha256 IS 'sha256 of that workbook.';
COMMENT ON COLUMN kpi_actual_latest.sheet IS 'Sheet of the workbook (NULL for CSV).';
COMMENT ON COLUMN kpi_actual_latest.row_number IS 'Row in the sheet or file (1-based).';
COMMENT ON COLUMN kpi_actual_latest.imported_at IS 'When the import was committed.';

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
SELECT
    j.revision_id, j.category_code, j.category_title, j.kpi_seq, j.indicator, j.indicator_key,
    j.unit, j.source, j.page, j.baseline_value, j.baseline_text, j.baseline_year,
    j.baseline_year_text, j.target_value, j.target_text, j.target_year, j.target_year_text,
    j.direction, j.year, j.plan_value, j.actual_value, j.actual_origin, j.actual_source,
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

COMMENT ON VIEW kpi_progress_by_year IS 'Each {{ kpi }} KPI of the latest revision for every year from the one after its baseline to its target year (and any other year with an actual): the straight plan line, the actual (the latest workbook import, which follows the KPI''s own definition, else the official statistic of kpi_official_actual), its provenance, the achievement rate and the grade (kpi_grade).';
COMMENT ON COLUMN kpi_progress_by_year.revision_id IS 'Revision of the vision (latest_revision.revision_id).';
COMMENT ON COLUMN kpi_progress_by_year.category_code IS 'Category ア / イ / ウ.';
COMMENT ON COLUMN kpi_progress_by_year.category_title IS 'Category title.';
COMMENT ON COLUMN kpi_progress_by_year.kpi_seq IS 'Order of the KPI within its category (1-based).';
COMMENT ON COLUMN kpi_progress_by_year.indicator IS 'Indicator name.';
COMMENT ON COLUMN kpi_progress_by_year.indicator_key IS 'Comparison key (fact_kpi.indicator_key).';
COMMENT ON COLUMN kpi_progress_by_year.unit IS 'Unit of baseline, target, plan and actual.';
COMMENT ON COLUMN kpi_progress_by_year.source IS 'Source of the KPI as printed (出典).';
COMMENT ON COLUMN kpi_progress_by_year.page IS 'Page the KPI is printed on ({{ kpi }}).';
COMMENT ON COLUMN kpi_progress_by_year.baseline_value IS 'Baseline as a number; NULL when a marker such as — is printed.';
COMMENT ON COLUMN kpi_progress_by_year.baseline_text IS 'Baseline as printed.';
COMMENT ON COLUMN kpi_progress_by_year.baseline_year IS 'Year of the baseline (western).';
COMMENT ON COLUMN kpi_progress_by_year.baseline_year_text IS 'Baseline year as printed.';
COMMENT ON COLUMN kpi_progress_by_year.target_value IS 'Target as a number.';
COMMENT ON COLUMN kpi_progress_by_year.target_text IS 'Target as printed.';
COMMENT ON COLUMN kpi_progress_by_year.target_year IS 'Year of the target (western).';
COMMENT ON COLUMN kpi_progress_by_year.target_year_text IS 'Target year as printed.';
COMMENT ON COLUMN kpi_progress_by_year.direction IS 'increase or decrease: which way is better, from the target (11,633 → 11,000 improves when it falls), or kpi_rule.direction when the target equals the baseline.';
COMMENT ON COLUMN kpi_progress_by_year.year IS 'Year (western; the KPI''s own 年).';
COMMENT ON COLUMN kpi_progress_by_year.plan_value IS 'The straight line from the baseline (its year) to the target (its year) at this year; a KPI without a baseline starts from 0 in the year before kpi_rule.first_year.';
COMMENT ON COLUMN kpi_progress_by_year.actual_value IS 'Actual of the year in the KPI''s unit; NULL when none was reported or published.';
COMMENT ON COLUMN kpi_progress_by_year.actual_origin IS 'workbook (the municipalities'' figure, kpi_actual_latest) or official (kpi_official_actual).';
COMMENT ON COLUMN kpi_progress_by_year.actual_source IS 'Source of the actual in Japanese: the workbook''s 出典, or the statistic''s title, publisher, release and date.';
COMMENT ON COLUMN kpi_progress_by_year.workbook_file IS 'Workbook the actual came from (workbook actuals).';
COMMENT ON COLUMN kpi_progress_by_year.workbook_sha256 IS 'sha256 of that workbook.';
COMMENT ON COLUMN kpi_progress_by_year.workbook_sheet IS 'Sheet of that workbook.';
COMMENT ON COLUMN kpi_progress_by_year.workbook_row IS 'Row of that sheet (1-based).';
COMMENT ON COLUMN kpi_progress_by_year.import_id IS 'Import the actual came with (kpi_actual_import.import_id).';
COMMENT ON COLUMN kpi_progress_by_year.imported_at IS 'When it was imported.';
COMMENT ON COLUMN kpi_progress_by_year.entered_by IS '入力者 of the workbook row.';
COMMENT ON COLUMN kpi_progress_by_year.remark IS '備考 of the workbook row.';
COMMENT ON COLUMN kpi_progress_by_year.official_dataset_id IS 'Dataset of the official actual (statistic_release.dataset_id).';
COMMENT ON COLUMN kpi_progress_by_year.official_release_id IS 'Release of the official actual (statistic_release.release_id).';
COMMENT ON COLUMN kpi_progress_by_year.official_release_date IS 'Date that release was published.';
COMMENT ON COLUMN kpi_progress_by_year.official_table_id IS 'Publisher''s table id of the official actual.';
COMMENT ON COLUMN kpi_progress_by_year.official_definition IS 'What the official actual measures, in Japanese.';
COMMENT ON COLUMN kpi_progress_by_year.comparability_note IS 'Why comparing the official actual with the baseline is only indicative; NULL for workbook actuals.';
COMMENT ON COLUMN kpi_progress_by_year.achievement IS '達成率 = (actual − baseline) / (target − baseline): 0 at the baseline, 1 at the target, negative when moving away (the direction comes with the sign of target − baseline). For a target equal to the baseline (maintaining a level) it is actual / baseline (baseline / actual when lower is better): 1 or more = maintained. NULL without an actual and for years up to the baseline year.';
COMMENT ON COLUMN kpi_progress_by_year.on_plan IS 'True when the actual is on or beyond the plan line in the KPI''s direction; NULL without an actual or a plan value.';
COMMENT ON COLUMN kpi_progress_by_year.grade IS '評価 A–D from the achievement by the kpi_grade thresholds (maintenance KPIs: maintain_met / maintain_missed).';
COMMENT ON COLUMN kpi_progress_by_year.grade_label IS 'Meaning of the grade in Japanese (kpi_grade.label).';
COMMENT ON COLUMN kpi_progress_by_year.status IS '達成, 計画どおり, 計画より遅れ (against the plan line), or 維持 / 未達 for a target equal to the baseline; NULL without an actual.';

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
    l.plan_value, l.achievement AS progress_share, l.on_plan, l.status, l.grade, l.grade_label,
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

COMMENT ON VIEW kpi_progress IS 'Each KPI of {{ kpi }} of the latest revision with baseline, target and its latest actual (kpi_progress_by_year: the municipalities'' workbook figure, else an official statistic declared in kpi_actual_source; projections are never actuals), the achievement rate, the plan line, the grade, and progress_note (Japanese, for the report) saying why no achievement is computed or how it is read.';
COMMENT ON COLUMN kpi_progress.revision_id IS 'Revision of the vision (latest_revision.revision_id).';
COMMENT ON COLUMN kpi_progress.category_code IS 'Category ア / イ / ウ.';
COMMENT ON COLUMN kpi_progress.category_title IS 'Category title.';
COMMENT ON COLUMN kpi_progress.kpi_seq IS 'Order of the KPI within its category (1-based).';
COMMENT ON COLUMN kpi_progress.indicator IS 'Indicator name.';
COMMENT ON COLUMN kpi_progress.indicator_key IS 'Comparison key (kpi_actual_source.indicator_key).';
COMMENT ON COLUMN kpi_progress.unit IS 'Unit of baseline, target and actual.';
COMMENT ON COLUMN kpi_progress.source IS 'Source of the KPI as printed (出典).';
COMMENT ON COLUMN kpi_progress.page IS 'Page the KPI is printed on ({{ kpi }}).';
COMMENT ON COLUMN kpi_progress.baseline_value IS 'Baseline as a number; NULL when a marker such as — is printed.';
COMMENT ON COLUMN kpi_progress.baseline_text IS 'Baseline as printed.';
COMMENT ON COLUMN kpi_progress.baseline_year IS 'Year of the baseline (western).';
COMMENT ON COLUMN kpi_progress.baseline_year_text IS 'Baseline year as printed.';
COMMENT ON COLUMN kpi_progress.target_value IS 'Target as a number.';
COMMENT ON COLUMN kpi_progress.target_text IS 'Target as printed.';
COMMENT ON COLUMN kpi_progress.target_year IS 'Year of the target (western).';
COMMENT ON COLUMN kpi_progress.target_year_text IS 'Target year as printed.';
COMMENT ON COLUMN kpi_progress.direction IS 'increase or decrease: which way is better (kpi_progress_by_year.direction); NULL without an actual.';
COMMENT ON COLUMN kpi_progress.actual_value IS 'Latest actual in the KPI''s unit (latest year; workbook before official within a year); NULL when none.';
COMMENT ON COLUMN kpi_progress.actual_reference_year IS 'Year the actual describes (not the release or import year).';
COMMENT ON COLUMN kpi_progress.actual_origin IS 'workbook or official.';
COMMENT ON COLUMN kpi_progress.actual_source IS 'Source of the actual in Japanese (workbook 出典, or the statistic with publisher, release and date).';
COMMENT ON COLUMN kpi_progress.actual_dataset_id IS 'Dataset of an official actual (statistic_release.dataset_id); NULL for workbook actuals.';
COMMENT ON COLUMN kpi_progress.actual_release_id IS 'Release of an official actual (statistic_release.release_id).';
COMMENT ON COLUMN kpi_progress.actual_release_date IS 'Date the publisher released the numbers behind an official actual.';
COMMENT ON COLUMN kpi_progress.actual_definition IS 'What an official actual measures, in words (kpi_actual_source.measure_definition).';
COMMENT ON COLUMN kpi_progress.workbook_file IS 'Workbook of a workbook actual.';
COMMENT ON COLUMN kpi_progress.workbook_sheet IS 'Sheet of that workbook.';
COMMENT ON COLUMN kpi_progress.workbook_row IS 'Row of that sheet (1-based).';
COMMENT ON COLUMN kpi_progress.import_id IS 'Import of a workbook actual (kpi_actual_import.import_id).';
COMMENT ON COLUMN kpi_progress.imported_at IS 'When the workbook actual was imported.';
COMMENT ON COLUMN kpi_progress.comparability_note IS 'Why comparing an official actual with the baseline is only indicative (Japanese).';
COMMENT ON COLUMN kpi_progress.actual_years IS 'Number of years with an actual.';
COMMENT ON COLUMN kpi_progress.plan_value IS 'The straight plan line''s value in the year of the actual.';
COMMENT ON COLUMN kpi_progress.progress_share IS '達成率 of the latest actual: (actual − baseline) / (target − baseline), 0 at the baseline, 1 at the target; for a target equal to the baseline, actual / baseline (1 or more = maintained). NULL without an actual or for an actual up to the baseline year (see progress_note).';
COMMENT ON COLUMN kpi_progress.on_plan IS 'True when the latest actual is on or beyond the plan line.';
COMMENT ON COLUMN kpi_progress.status IS '達成, 計画どおり, 計画より遅れ, 維持 or 未達 (kpi_progress_by_year.status).';
COMMENT ON COLUMN kpi_progress.grade IS '評価 A–D (kpi_grade).';
COMMENT ON COLUMN kpi_progress.grade_label IS 'Meaning of the grade in Japanese.';
COMMENT ON COLUMN kpi_progress.progress_note IS 'Why progress_share is NULL, or how it is read (no baseline, maintenance); NULL otherwise.';
COMMENT ON COLUMN kpi_progress.related_note IS 'Related official series shown beside the KPI as 参考 and how they differ (kpi_related_series), in Japanese; NULL when none.';

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
    k.baseline_value, k.baseline_year,
    CASE WHEN n.role = 'baseline_reproduction' AND n.year = k.baseline_year
        THEN n.value - k.baseline_value END AS baseline_difference
FROM newest AS n
LEFT JOIN kpi_targets AS k ON k.indicator_key = n.indicator_key AND k.printed_in = '{{ kpi }}'
WHERE n.rank = 1
ORDER BY k.category_code, k.kpi_seq, n.year;

COMMENT ON VIEW kpi_related_statistic IS 'Official series declared beside a KPI (kpi_related_series), summed over the {{ n }} municipalities per year from the newest release: 参考 series with another definition (never an actual) and baseline reproductions (the KPI''s cited source, same definition), with the difference from the printed baseline.';
COMMENT ON COLUMN kpi_related_statistic.indicator_key IS 'KPI (fact_kpi.indicator_key).';
COMMENT ON COLUMN kpi_related_statistic.category_code IS 'Category ア / イ / ウ.';
COMMENT ON COLUMN kpi_related_statistic.kpi_seq IS 'Order of the KPI within its category.';
COMMENT ON COLUMN kpi_related_statistic.indicator IS 'Indicator name.';
COMMENT ON COLUMN kpi_related_statistic.role IS 'related (参考) or baseline_reproduction.';
COMMENT ON COLUMN kpi_related_statistic.series_label IS 'Name of the series in Japanese.';
COMMENT ON COLUMN kpi_related_statistic.year IS 'Reference year of the value.';
COMMENT ON COLUMN kpi_related_statistic.value IS 'Sum over the {{ n }} municipalities.';
COMMENT ON COLUMN kpi_related_statistic.dataset_id IS 'Dataset (edition) the value is taken from.';
COMMENT ON COLUMN kpi_related_statistic.release_id IS 'Release the value is taken from.';
COMMENT ON COLUMN kpi_related_statistic.title IS 'Title of the dataset.';
COMMENT ON COLUMN kpi_related_statistic.definition IS 'What the series counts (Japanese).';
COMMENT ON COLUMN kpi_related_statistic.difference_note IS 'How it differs from the KPI (Japanese).';
COMMENT ON COLUMN kpi_related_statistic.baseline_value IS 'The KPI''s printed baseline.';
COMMENT ON COLUMN kpi_related_statistic.baseline_year IS 'The KPI''s baseline year.';
COMMENT ON COLUMN kpi_related_statistic.baseline_difference IS 'value − baseline_value for a baseline reproduction in the baseline year (a warning when not 0); NULL otherwise.';

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

COMMENT ON VIEW population_path IS 'Population of the {{ n }}-municipality area by year and series: the 2020 and 2025 censuses (final and preliminary), the IPSS 2023 projection (2020 base and 2025–2050) and the vision''s printed figures (latest revision, per section). Answers how the area''s population compares with its projected path (2025: census 501,401 against IPSS 509,061).';
COMMENT ON COLUMN population_path.series IS 'census, projection_base (IPSS 2020 = census with unknown ages distributed), projection, or vision (as printed).';
COMMENT ON COLUMN population_path.series_label IS 'The series in Japanese, for charts.';
COMMENT ON COLUMN population_path.year IS 'Year (as of 1 October).';
COMMENT ON COLUMN population_path.value IS 'Population of the {{ n }} municipalities (sum; all {{ n }} required).';
COMMENT ON COLUMN population_path.dataset_id IS 'Dataset of an official series; NULL for the vision.';
COMMENT ON COLUMN population_path.release_id IS 'Release of an official series (newest of its dataset).';
COMMENT ON COLUMN population_path.release IS 'final, preliminary or projection.';
COMMENT ON COLUMN population_path.release_date IS 'Date that release was published.';
COMMENT ON COLUMN population_path.page IS 'First page of the printed figures (vision series); NULL otherwise.';

-- Budget (事業費見込) of each project by fiscal year, with a total computed only when every
-- year is a number, and the printed 合計 where the card prints one.
CREATE OR REPLACE VIEW project_budget_by_year AS
WITH latest AS (
    SELECT * FROM fact_project_budget
    WHERE revision_id = (SELECT revision_id FROM latest_revision)
),
per_project AS (
    SELECT
        project_no,
        CASE
            WHEN count(*) FILTER (WHERE value IS NULL) = 0 THEN sum(value)
        END AS computed_total,
        count(*) FILTER (WHERE value IS NULL) AS years_without_number
    FROM latest
    WHERE NOT is_total
    GROUP BY project_no
),
printed_total AS (
    SELECT project_no, value AS printed_total, value_text AS printed_total_text
    FROM latest
    WHERE is_total
)
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
    b.page,
    t.computed_total AS computed_total_thousand_yen,
    t.years_without_number,
    pt.printed_total AS printed_total_thousand_yen,
    pt.printed_total_text
FROM latest AS b
LEFT JOIN dim_project AS p ON p.project_no = b.project_no AND p.revision_id = b.revision_id
LEFT JOIN per_project AS t ON t.project_no = b.project_no
LEFT JOIN printed_total AS pt ON pt.project_no = b.project_no
WHERE NOT b.is_total
ORDER BY b.project_no, b.fiscal_year;

COMMENT ON VIEW project_budget_by_year IS 'Estimated cost (事業費見込, 千円, {{ core_city }} and partner municipalities together) of each project of the latest revision by fiscal year, with the markers kept (— no cost, * not estimated; never 0), a per-project total computed only when every year is a number, and the printed 合計 where the card prints one.';
COMMENT ON COLUMN project_budget_by_year.revision_id IS 'Revision of the vision (latest_revision.revision_id).';
COMMENT ON COLUMN project_budget_by_year.project_no IS 'Project number (the n of 【n】).';
COMMENT ON COLUMN project_budget_by_year.project_name IS 'Project name from its card (dim_project.project_name).';
COMMENT ON COLUMN project_budget_by_year.fiscal_year IS 'Fiscal year (FY2025 = 2025年度 (令和7年度), April–March).';
COMMENT ON COLUMN project_budget_by_year.year_text IS 'Fiscal-year heading as printed.';
COMMENT ON COLUMN project_budget_by_year.amount_thousand_yen IS 'Estimated cost in thousand yen; NULL when a marker is printed.';
COMMENT ON COLUMN project_budget_by_year.value_text IS 'The printed cell text.';
COMMENT ON COLUMN project_budget_by_year.marker IS '— (no cost) or * (not estimated) when printed instead of a number; NULL otherwise.';
COMMENT ON COLUMN project_budget_by_year.unit IS 'Unit of the amounts: 千円.';
COMMENT ON COLUMN project_budget_by_year.page IS 'Page of the project card.';
COMMENT ON COLUMN project_budget_by_year.computed_total_thousand_yen IS 'Sum over the fiscal years of the project, computed only when every year is a number; NULL otherwise (a marker is not 0).';
COMMENT ON COLUMN project_budget_by_year.years_without_number IS 'Number of fiscal years of the project printed with a marker instead of a number.';
COMMENT ON COLUMN project_budget_by_year.printed_total_thousand_yen IS 'The 合計 printed on the card (thousand yen); NULL when the card prints none.';
COMMENT ON COLUMN project_budget_by_year.printed_total_text IS 'The printed 合計 cell text; NULL when the card prints none.';

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

COMMENT ON VIEW project_participation_matrix IS 'Participation of the {{ n }} municipalities in each project of the latest revision, one row per project and place printed (source {{ projects }}: the card''s 関連する市町 (★); source {{ matrix }}: the list''s ★ columns), one boolean column per municipality (true = ★), plus the count. Compare the two sources of a project to see where the document disagrees with itself.';
COMMENT ON COLUMN project_participation_matrix.revision_id IS 'Revision of the vision (latest_revision.revision_id).';
COMMENT ON COLUMN project_participation_matrix.project_no IS 'Project number.';
COMMENT ON COLUMN project_participation_matrix.project_name IS 'Project name from its card (dim_project.project_name).';
COMMENT ON COLUMN project_participation_matrix.project_name_printed IS 'Project name as printed in this source (may differ between card and list).';
COMMENT ON COLUMN project_participation_matrix.source IS '{{ projects }} (project card) or {{ matrix }} (section {{ matrix }} list).';
COMMENT ON COLUMN project_participation_matrix.page IS 'Page the participation is printed on.';
{% for m in municipalities %}
COMMENT ON COLUMN project_participation_matrix.{{ m.column }} IS '{{ m.name }} ({{ m.code }}) takes part (★), however its name is printed (variants and misprints resolve to its code); NULL when the source prints no mark for it.';
{% endfor %}
COMMENT ON COLUMN project_participation_matrix.participating_count IS 'Number of municipalities marked ★ for the project in this source.';


-- Dimension views over the facts: how printed names map to municipality codes, and the KPIs.

CREATE OR REPLACE VIEW municipality_name_variant AS
WITH printed AS (
    SELECT revision_id, 'fact_commuting' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_commuting WHERE municipality_code IS NOT NULL
    UNION ALL
    SELECT revision_id, 'fact_employment' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_employment WHERE municipality_code IS NOT NULL
    UNION ALL
    SELECT revision_id, 'fact_facility_list' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_facility_list WHERE municipality_code IS NOT NULL
    UNION ALL
    SELECT revision_id, 'fact_financial_institution' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_financial_institution WHERE municipality_code IS NOT NULL
    UNION ALL
    SELECT revision_id, 'fact_library' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_library WHERE municipality_code IS NOT NULL
    UNION ALL
    SELECT revision_id, 'fact_medical_facility' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_medical_facility WHERE municipality_code IS NOT NULL
    UNION ALL
    SELECT revision_id, 'fact_population' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_population WHERE municipality_code IS NOT NULL
    UNION ALL
    SELECT revision_id, 'fact_project_participation' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_project_participation WHERE municipality_code IS NOT NULL
    UNION ALL
    SELECT revision_id, 'fact_university' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_university WHERE municipality_code IS NOT NULL
    UNION ALL
    SELECT revision_id, 'fact_usage_by_residence' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_usage_by_residence WHERE municipality_code IS NOT NULL
    UNION ALL
    SELECT revision_id, 'fact_welfare_facility' AS fact_table, municipality_name_printed, municipality_code,
           name_resolution, page, caption
    FROM fact_welfare_facility WHERE municipality_code IS NOT NULL
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
COMMENT ON VIEW municipality_name_variant IS 'Every printed municipality name that is not the official one (known variants and misprints found in the document), mapped to its code, per revision.';
COMMENT ON COLUMN municipality_name_variant.revision_id IS 'Revision the name is printed in (source_document.revision_id).';
COMMENT ON COLUMN municipality_name_variant.printed_name IS 'The name as printed (a variant or a misprint).';
COMMENT ON COLUMN municipality_name_variant.municipality_code IS 'Code of the municipality it was resolved to (municipality.code).';
COMMENT ON COLUMN municipality_name_variant.official_name IS 'Official name of that municipality.';
COMMENT ON COLUMN municipality_name_variant.name_resolution IS 'variant (a known other spelling) or misprint (closest official name).';
COMMENT ON COLUMN municipality_name_variant.pages IS 'Pages the printed name appears on.';
COMMENT ON COLUMN municipality_name_variant.fact_tables IS 'Fact tables holding rows under that printed name.';
COMMENT ON COLUMN municipality_name_variant.occurrences IS 'Number of fact rows printed with that name.';

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
COMMENT ON VIEW indicator IS 'The KPIs (成果指標) of each revision, one row per indicator, with the sections it is printed in.';
COMMENT ON COLUMN indicator.revision_id IS 'Revision (source_document.revision_id).';
COMMENT ON COLUMN indicator.indicator_key IS 'Normalized indicator name used to match the KPI between sections {{ kpi }} and {{ matrix }}.';
COMMENT ON COLUMN indicator.indicator IS 'Indicator name as printed in section {{ kpi }} (or section {{ matrix }} when only there).';
COMMENT ON COLUMN indicator.unit IS 'Unit from the name''s suffix, e.g. 人, %, 百万円; NULL when none is printed.';
COMMENT ON COLUMN indicator.category_code IS 'Category ア / イ / ウ of the KPI.';
COMMENT ON COLUMN indicator.category_title IS 'Title of the category.';
COMMENT ON COLUMN indicator.source IS 'Source (出典) printed for the KPI.';
COMMENT ON COLUMN indicator.printed_in IS 'Sections the KPI is printed in: {{ kpi }} and/or {{ matrix }}.';
