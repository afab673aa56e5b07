-- Analyst views; recreated on every refresh, so they always match the tables beneath.

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
COMMENT ON COLUMN latest_revision.sha256 IS 'sha256 of the PDF file (hex).';
COMMENT ON COLUMN latest_revision.title IS 'Document title from the PDF metadata.';
COMMENT ON COLUMN latest_revision.publisher IS 'Publisher, e.g. 山形市.';
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
COMMENT ON COLUMN document_findings.family IS 'Check family: row_sums, ratios, kpi_cross_section, cross_table, participation, names, cross_source.';
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

-- Population of each municipality as the document prints it (2(1)ア census 2020 and
-- projections; 2(3) projections 2020–2050), with the official figure of the same year beside
-- it: the final census for 2020, the IPSS 2023 projection for later years (newest release).
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
    p.printed_in,
    p.page,
    p.table_id,
    p.caption,
    o.dataset_id AS official_dataset_id,
    o.value AS official_value,
    o.release_id AS official_release_id,
    o.release_date AS official_release_date,
    o.release AS official_release,
    p.value - o.value AS difference
FROM fact_population AS p
JOIN municipality AS m ON m.code = p.municipality_code
LEFT JOIN official AS o ON o.municipality_code = p.municipality_code AND o.year = p.year
WHERE p.revision_id = (SELECT revision_id FROM latest_revision)
    AND p.row_kind = 'municipality'
ORDER BY p.printed_in, p.year, p.municipality_code;

COMMENT ON VIEW population_by_municipality IS 'Population of each of the 14 municipalities as printed in the latest revision (2(1)ア: census 2020 and projections 2030/2040/2050; 2(3): projections 2020–2050), with the official figure of the same municipality and year beside it: the final 2020 census for 2020, the IPSS 2023 projection for later years (newest loaded release of each). One row per municipality × year × section.';
COMMENT ON COLUMN population_by_municipality.revision_id IS 'Revision of the vision the printed value is from (latest_revision.revision_id).';
COMMENT ON COLUMN population_by_municipality.municipality_code IS '5-digit municipality code (municipality.code).';
COMMENT ON COLUMN population_by_municipality.municipality_name IS 'Official municipality name (municipality.name).';
COMMENT ON COLUMN population_by_municipality.municipality_name_printed IS 'Municipality name as printed in the row (misprints kept).';
COMMENT ON COLUMN population_by_municipality.year IS 'Calendar year of the population (as of 1 October).';
COMMENT ON COLUMN population_by_municipality.measure IS 'census or projection, as the document labels the column (2(3) prints 2020 as a projection).';
COMMENT ON COLUMN population_by_municipality.value IS 'Population printed in the document (persons).';
COMMENT ON COLUMN population_by_municipality.value_text IS 'The printed cell text.';
COMMENT ON COLUMN population_by_municipality.marker IS 'Symbol printed instead of a number; NULL when a number is printed.';
COMMENT ON COLUMN population_by_municipality.printed_in IS 'Section the table is printed in: 2(1)ア or 2(3).';
COMMENT ON COLUMN population_by_municipality.page IS 'Page of the PDF the value is printed on.';
COMMENT ON COLUMN population_by_municipality.table_id IS 'Table the value is printed in (t001… in document order).';
COMMENT ON COLUMN population_by_municipality.caption IS 'Caption of that table as printed.';
COMMENT ON COLUMN population_by_municipality.official_dataset_id IS 'census2020_final for 2020, ipss2023_projections for later years; NULL when no official figure is loaded.';
COMMENT ON COLUMN population_by_municipality.official_value IS 'Official population of the same municipality and year, total of both sexes (persons).';
COMMENT ON COLUMN population_by_municipality.official_release_id IS 'Release the official value is from (statistic_release.release_id).';
COMMENT ON COLUMN population_by_municipality.official_release_date IS 'Date the publisher released the official value.';
COMMENT ON COLUMN population_by_municipality.official_release IS 'final (確定 census) or projection (IPSS).';
COMMENT ON COLUMN population_by_municipality.difference IS 'value − official_value (persons); 0 when the document quotes the official figure exactly.';

-- KPIs as printed, one row per KPI per section (3(1) tables and the section 4 list).
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

COMMENT ON VIEW kpi_targets IS 'Each KPI of the latest revision as printed, one row per KPI per section where it is printed (3(1) tables and the section 4 list): indicator, unit, baseline and target value and year (printed text kept), source, page.';
COMMENT ON COLUMN kpi_targets.revision_id IS 'Revision of the vision (latest_revision.revision_id).';
COMMENT ON COLUMN kpi_targets.printed_in IS 'Section the KPI is printed in: 3(1) or 4.';
COMMENT ON COLUMN kpi_targets.category_code IS 'Category ア / イ / ウ.';
COMMENT ON COLUMN kpi_targets.category_title IS 'Category title, e.g. 圏域全体の経済成長のけん引.';
COMMENT ON COLUMN kpi_targets.kpi_seq IS 'Order of the KPI within its category (1-based); (category_code, kpi_seq) pairs the 3(1) and section 4 rows.';
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

-- KPI progress: each 3(1) KPI of the latest revision with its latest official actual, where
-- kpi_actual_source declares a loaded statistic that measures it.
CREATE OR REPLACE VIEW kpi_progress AS
WITH hub AS (
    SELECT count(*) AS n FROM municipality
),
candidate AS (
    SELECT
        s.indicator_key, s.dataset_id, s.priority, s.measure_definition, s.scale,
        s.denominator_measure, f.release_id, f.year,
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
actual AS (
    SELECT
        c.indicator_key, c.dataset_id, c.release_id, c.year, c.measure_definition,
        r.release_date,
        CASE
            WHEN c.denominator_measure IS NULL THEN c.numerator * c.scale
            ELSE c.numerator / c.denominator * c.scale
        END AS value,
        row_number() OVER (
            PARTITION BY c.indicator_key
            ORDER BY c.year DESC, c.priority, r.release_date DESC NULLS LAST, c.release_id
        ) AS newest
    FROM candidate AS c
    JOIN statistic_release AS r USING (release_id)
    WHERE c.numerator_areas = (SELECT n FROM hub)
        AND (c.denominator_measure IS NULL OR c.denominator_areas = (SELECT n FROM hub))
        AND (c.denominator_measure IS NULL OR c.denominator <> 0)
),
declared AS (
    SELECT indicator_key, string_agg(dataset_id, ', ' ORDER BY priority) AS datasets
    FROM kpi_actual_source
    GROUP BY indicator_key
),
progress AS (
    SELECT
        k.*,
        a.value AS actual_value,
        a.year AS actual_reference_year,
        a.dataset_id AS actual_dataset_id,
        a.release_id AS actual_release_id,
        a.release_date AS actual_release_date,
        a.measure_definition AS actual_definition,
        d.datasets AS declared_datasets
    FROM kpi_targets AS k
    LEFT JOIN actual AS a ON a.indicator_key = k.indicator_key AND a.newest = 1
    LEFT JOIN declared AS d ON d.indicator_key = k.indicator_key
    WHERE k.printed_in = '3(1)'
)
SELECT
    revision_id, category_code, category_title, kpi_seq, indicator, indicator_key, unit,
    source, page,
    baseline_value, baseline_text, baseline_year, baseline_year_text,
    target_value, target_text, target_year, target_year_text,
    actual_value, actual_reference_year, actual_dataset_id, actual_release_id,
    actual_release_date, actual_definition,
    CASE
        WHEN actual_value IS NULL OR baseline_value IS NULL OR target_value IS NULL THEN NULL
        WHEN actual_reference_year < baseline_year THEN NULL
        WHEN target_value = baseline_value THEN NULL
        ELSE (actual_value - baseline_value) / (target_value - baseline_value)
    END AS progress_share,
    CASE
        WHEN declared_datasets IS NULL
            THEN '実績なし：この指標を測る公的統計が読み込まれていない（出典：'
                || coalesce(source, '?') || '）'
        WHEN actual_value IS NULL
            THEN '実績なし：対応する統計（' || declared_datasets
                || '）に14市町そろった値がない'
        WHEN baseline_value IS NULL
            THEN '基準値が「' || coalesce(baseline_text, '空欄')
                || '」と記載され数値でないため、進捗は算出しない'
        WHEN target_value IS NULL
            THEN '目標値が「' || coalesce(target_text, '空欄')
                || '」と記載され数値でないため、進捗は算出しない'
        WHEN actual_reference_year < baseline_year
            THEN '最新の実績（' || actual_reference_year || '年）が基準年（'
                || baseline_year || '年）より前のため、進捗は算出しない'
        WHEN target_value = baseline_value
            THEN '目標値が基準値と同じ（水準の維持）のため進捗率は定義できない。実績値と目標値を比べる'
    END AS progress_note
FROM progress
ORDER BY category_code, kpi_seq;

COMMENT ON VIEW kpi_progress IS 'Each KPI of 3(1) of the latest revision with baseline, target, the latest official actual where a loaded statistic is declared to measure it (kpi_actual_source; projections are never actuals), and the share of the way from baseline to target. progress_note says (in Japanese, for the report) why the share is NULL.';
COMMENT ON COLUMN kpi_progress.revision_id IS 'Revision of the vision (latest_revision.revision_id).';
COMMENT ON COLUMN kpi_progress.category_code IS 'Category ア / イ / ウ.';
COMMENT ON COLUMN kpi_progress.category_title IS 'Category title.';
COMMENT ON COLUMN kpi_progress.kpi_seq IS 'Order of the KPI within its category (1-based).';
COMMENT ON COLUMN kpi_progress.indicator IS 'Indicator name.';
COMMENT ON COLUMN kpi_progress.indicator_key IS 'Comparison key (kpi_actual_source.indicator_key).';
COMMENT ON COLUMN kpi_progress.unit IS 'Unit of baseline, target and actual.';
COMMENT ON COLUMN kpi_progress.source IS 'Source of the KPI as printed (出典).';
COMMENT ON COLUMN kpi_progress.page IS 'Page the KPI is printed on (3(1)).';
COMMENT ON COLUMN kpi_progress.baseline_value IS 'Baseline as a number; NULL when a marker such as — is printed.';
COMMENT ON COLUMN kpi_progress.baseline_text IS 'Baseline as printed.';
COMMENT ON COLUMN kpi_progress.baseline_year IS 'Year of the baseline (western).';
COMMENT ON COLUMN kpi_progress.baseline_year_text IS 'Baseline year as printed.';
COMMENT ON COLUMN kpi_progress.target_value IS 'Target as a number.';
COMMENT ON COLUMN kpi_progress.target_text IS 'Target as printed.';
COMMENT ON COLUMN kpi_progress.target_year IS 'Year of the target (western).';
COMMENT ON COLUMN kpi_progress.target_year_text IS 'Target year as printed.';
COMMENT ON COLUMN kpi_progress.actual_value IS 'Latest official actual in the KPI''s unit, computed from fact_official_statistic by the kpi_actual_source rule (latest reference year, then priority, then release date); NULL when none.';
COMMENT ON COLUMN kpi_progress.actual_reference_year IS 'Reference year of the actual (the year the statistic describes, not the release year).';
COMMENT ON COLUMN kpi_progress.actual_dataset_id IS 'Dataset the actual comes from (statistic_release.dataset_id).';
COMMENT ON COLUMN kpi_progress.actual_release_id IS 'Release the actual comes from (statistic_release.release_id).';
COMMENT ON COLUMN kpi_progress.actual_release_date IS 'Date the publisher released the numbers behind the actual.';
COMMENT ON COLUMN kpi_progress.actual_definition IS 'What the actual measures, in words (kpi_actual_source.measure_definition).';
COMMENT ON COLUMN kpi_progress.progress_share IS '(actual − baseline) / (target − baseline): 0 at the baseline, 1 at the target, negative when moving away. NULL when no actual, a marker baseline, an actual older than the baseline year, or target = baseline (see progress_note).';
COMMENT ON COLUMN kpi_progress.progress_note IS 'Why progress_share is NULL; NULL when it was computed.';

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

COMMENT ON VIEW project_budget_by_year IS 'Estimated cost (事業費見込, 千円, 山形市 and partner municipalities together) of each project of the latest revision by fiscal year, with the markers kept (— no cost, * not estimated; never 0), a per-project total computed only when every year is a number, and the printed 合計 where the card prints one.';
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
-- place it is printed (the 3(2) card's 関連する市町, the section 4 list's ★ columns).
CREATE OR REPLACE VIEW project_participation_matrix AS
SELECT
    pp.revision_id,
    pp.project_no,
    any_value(p.project_name) AS project_name,
    any_value(pp.project_name_printed) AS project_name_printed,
    pp.source,
    min(pp.page) AS page,
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06201') AS "山形市",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06206') AS "寒河江市",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06207') AS "上山市",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06208') AS "村山市",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06210') AS "天童市",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06211') AS "東根市",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06212') AS "尾花沢市",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06301') AS "山辺町",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06302') AS "中山町",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06321') AS "河北町",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06322') AS "西川町",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06323') AS "朝日町",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06324') AS "大江町",
    bool_or(pp.participates) FILTER (WHERE pp.municipality_code = '06341') AS "大石田町",
    count(DISTINCT pp.municipality_code) FILTER (WHERE pp.participates) AS participating_count
FROM fact_project_participation AS pp
LEFT JOIN dim_project AS p ON p.project_no = pp.project_no AND p.revision_id = pp.revision_id
WHERE pp.revision_id = (SELECT revision_id FROM latest_revision)
GROUP BY pp.revision_id, pp.project_no, pp.source
ORDER BY pp.project_no, pp.source;

COMMENT ON VIEW project_participation_matrix IS 'Participation of the 14 municipalities in each project of the latest revision, one row per project and place printed (source 3(2): the card''s 関連する市町 (★); source 4: the list''s ★ columns), one boolean column per municipality (true = ★), plus the count. Compare the two sources of a project to see where the document disagrees with itself.';
COMMENT ON COLUMN project_participation_matrix.revision_id IS 'Revision of the vision (latest_revision.revision_id).';
COMMENT ON COLUMN project_participation_matrix.project_no IS 'Project number.';
COMMENT ON COLUMN project_participation_matrix.project_name IS 'Project name from its card (dim_project.project_name).';
COMMENT ON COLUMN project_participation_matrix.project_name_printed IS 'Project name as printed in this source (may differ between card and list).';
COMMENT ON COLUMN project_participation_matrix.source IS '3(2) (project card) or 4 (section 4 list).';
COMMENT ON COLUMN project_participation_matrix.page IS 'Page the participation is printed on.';
COMMENT ON COLUMN project_participation_matrix."山形市" IS '山形市 (06201) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."寒河江市" IS '寒河江市 (06206) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."上山市" IS '上山市 (06207) takes part (★), including where it is misprinted 上市市 or 上山町; NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."村山市" IS '村山市 (06208) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."天童市" IS '天童市 (06210) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."東根市" IS '東根市 (06211) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."尾花沢市" IS '尾花沢市 (06212) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."山辺町" IS '山辺町 (06301) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."中山町" IS '中山町 (06302) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."河北町" IS '河北町 (06321) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."西川町" IS '西川町 (06322) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."朝日町" IS '朝日町 (06323) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."大江町" IS '大江町 (06324) takes part (★); NULL when the source prints no mark for it.';
COMMENT ON COLUMN project_participation_matrix."大石田町" IS '大石田町 (06341) takes part (★); NULL when the source prints no mark for it.';
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
COMMENT ON COLUMN municipality_name_variant.printed_name IS 'The name as printed, e.g. 上市市.';
COMMENT ON COLUMN municipality_name_variant.municipality_code IS 'Code of the municipality it was resolved to (municipality.code).';
COMMENT ON COLUMN municipality_name_variant.official_name IS 'Official name of that municipality, e.g. 上山市.';
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
COMMENT ON COLUMN indicator.indicator_key IS 'Normalized indicator name used to match the KPI between sections 3(1) and 4.';
COMMENT ON COLUMN indicator.indicator IS 'Indicator name as printed in section 3(1) (or section 4 when only there).';
COMMENT ON COLUMN indicator.unit IS 'Unit from the name''s suffix, e.g. 人, %, 百万円; NULL when none is printed.';
COMMENT ON COLUMN indicator.category_code IS 'Category ア / イ / ウ of the KPI.';
COMMENT ON COLUMN indicator.category_title IS 'Title of the category.';
COMMENT ON COLUMN indicator.source IS 'Source (出典) printed for the KPI.';
COMMENT ON COLUMN indicator.printed_in IS 'Sections the KPI is printed in: 3(1) and/or 4.';
