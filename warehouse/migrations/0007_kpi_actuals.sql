-- KPI actuals: the municipalities' own figures (imported workbooks, with their provenance and
-- history) and the declared rules that turn actuals into progress. The rules' rows are seed
-- data (warehouse/seeds/kpi.toml), written on every load by warehouse/seeds.py; this file
-- only declares the tables.

DROP TABLE IF EXISTS kpi_actual_source;
CREATE TABLE kpi_actual_source (
    indicator_key VARCHAR NOT NULL,
    dataset_id VARCHAR NOT NULL,
    priority INTEGER NOT NULL,
    measure_definition VARCHAR NOT NULL,
    computation VARCHAR NOT NULL,
    numerator_measure VARCHAR NOT NULL,
    denominator_measure VARCHAR,
    sex VARCHAR,
    reference_years INTEGER[],
    scale DOUBLE NOT NULL,
    unit VARCHAR,
    comparability_note VARCHAR,
    source_label VARCHAR NOT NULL,
    PRIMARY KEY (indicator_key, dataset_id)
);
COMMENT ON TABLE kpi_actual_source IS 'Declared mapping from a KPI (fact_kpi.indicator_key) to an official statistic (fact_official_statistic.dataset_id) that measures it, with the rule the KPI views use to compute the actual. Seed data from warehouse/seeds/kpi.toml; projections are never actuals.';
COMMENT ON COLUMN kpi_actual_source.indicator_key IS 'KPI the statistic measures (fact_kpi.indicator_key, the NFKC-normalized indicator name).';
COMMENT ON COLUMN kpi_actual_source.dataset_id IS 'Official dataset providing the actual (statistic_release.dataset_id).';
COMMENT ON COLUMN kpi_actual_source.priority IS 'Preference among datasets with an actual of the same reference year: the lower number wins.';
COMMENT ON COLUMN kpi_actual_source.measure_definition IS 'What the actual is, in words (Japanese, shown in the report): population, area, reference date, release.';
COMMENT ON COLUMN kpi_actual_source.computation IS 'How the actual is computed from fact_official_statistic, in words.';
COMMENT ON COLUMN kpi_actual_source.numerator_measure IS 'fact_official_statistic.measure summed over the 14 hub-area municipalities (the value itself when denominator_measure is NULL).';
COMMENT ON COLUMN kpi_actual_source.denominator_measure IS 'fact_official_statistic.measure summed over the same municipalities to divide by; NULL for a count.';
COMMENT ON COLUMN kpi_actual_source.sex IS 'fact_official_statistic.sex to use (total); NULL when the statistic has no sex breakdown.';
COMMENT ON COLUMN kpi_actual_source.reference_years IS 'Reference years of the dataset that are actuals; NULL = every year the dataset has.';
COMMENT ON COLUMN kpi_actual_source.scale IS 'Factor applied to the ratio, 100 for a percentage, 1 otherwise.';
COMMENT ON COLUMN kpi_actual_source.unit IS 'Unit of the computed actual; equals the KPI''s unit (fact_kpi.unit).';
COMMENT ON COLUMN kpi_actual_source.source_label IS 'Short name of the statistic for the report''s 出典 column, e.g. 令和7年国勢調査（確定値）.';
COMMENT ON COLUMN kpi_actual_source.comparability_note IS 'Why the comparison with the baseline is only indicative (e.g. the baseline comes from another survey); NULL when the baseline has the same source.';

CREATE TABLE kpi_rule (
    indicator_key VARCHAR PRIMARY KEY,
    direction VARCHAR NOT NULL CHECK (direction IN ('increase', 'decrease')),
    first_year INTEGER,
    note VARCHAR
);
COMMENT ON TABLE kpi_rule IS 'Per-KPI rules that cannot be read from the printed baseline and target (seed data, warehouse/seeds/kpi.toml): the better direction when the target equals the baseline, the first year of a KPI printed without a baseline year.';
COMMENT ON COLUMN kpi_rule.indicator_key IS 'KPI (fact_kpi.indicator_key).';
COMMENT ON COLUMN kpi_rule.direction IS 'increase or decrease: which way is better. Used only where target = baseline; otherwise the direction is taken from the target.';
COMMENT ON COLUMN kpi_rule.first_year IS 'First year actuals are collected for, when the vision prints no baseline year (新規連携事業数: the vision period''s first year); NULL otherwise.';
COMMENT ON COLUMN kpi_rule.note IS 'Why the rule is declared (Japanese).';

CREATE TABLE kpi_grade (
    grade VARCHAR NOT NULL,
    min_achievement DOUBLE,
    label VARCHAR NOT NULL,
    applies_to VARCHAR NOT NULL CHECK (applies_to IN ('progress', 'maintain_met', 'maintain_missed')),
    PRIMARY KEY (grade, applies_to)
);
COMMENT ON TABLE kpi_grade IS 'Grade thresholds (評価 A–D) on the achievement rate (達成率), seed data from warehouse/seeds/kpi.toml: a KPI gets the best grade whose min_achievement it reaches. Maintenance KPIs (target = baseline) get the grade of maintain_met or maintain_missed.';
COMMENT ON COLUMN kpi_grade.grade IS 'Grade letter (A–D).';
COMMENT ON COLUMN kpi_grade.min_achievement IS 'Lowest achievement rate (1.0 = target reached) for the grade; NULL for the lowest grade and the maintenance grades.';
COMMENT ON COLUMN kpi_grade.label IS 'Meaning of the grade in Japanese, shown in the report.';
COMMENT ON COLUMN kpi_grade.applies_to IS 'progress (graded by achievement), maintain_met or maintain_missed (target = baseline).';

CREATE TABLE kpi_related_series (
    indicator_key VARCHAR NOT NULL,
    dataset_id VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('related', 'baseline_reproduction')),
    series_label VARCHAR NOT NULL,
    definition VARCHAR NOT NULL,
    difference_note VARCHAR NOT NULL,
    PRIMARY KEY (indicator_key, dataset_id, measure)
);
COMMENT ON TABLE kpi_related_series IS 'Official statistics shown beside a KPI as 参考 (role related: a different definition, never an actual) or used to recompute its baseline (role baseline_reproduction: the cited source with the same definition). Seed data from warehouse/seeds/kpi.toml.';
COMMENT ON COLUMN kpi_related_series.indicator_key IS 'KPI (fact_kpi.indicator_key).';
COMMENT ON COLUMN kpi_related_series.dataset_id IS 'Dataset of the series (statistic_release.dataset_id); the same measure and year in several datasets is taken from the newest release.';
COMMENT ON COLUMN kpi_related_series.measure IS 'fact_official_statistic.measure, summed over the 14 municipalities.';
COMMENT ON COLUMN kpi_related_series.role IS 'related (参考, different definition) or baseline_reproduction (same definition as the baseline''s source).';
COMMENT ON COLUMN kpi_related_series.series_label IS 'Name of the series in Japanese, e.g. 転入者数（日本人移動者、全移動）.';
COMMENT ON COLUMN kpi_related_series.definition IS 'What the series counts, in Japanese.';
COMMENT ON COLUMN kpi_related_series.difference_note IS 'How it differs from the KPI''s definition, in Japanese (shown in the report).';

CREATE TABLE kpi_actual_import (
    import_id VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    file_format VARCHAR NOT NULL,
    imported_at TIMESTAMP WITH TIME ZONE NOT NULL,
    replace_requested BOOLEAN NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_new INTEGER NOT NULL
);
COMMENT ON TABLE kpi_actual_import IS 'One row per workbook imported with vision actuals import (or the kpi/actuals asset); importing the same bytes again is a no-op and adds no row.';
COMMENT ON COLUMN kpi_actual_import.import_id IS 'Identifier of the import (first 16 hex digits of the file''s sha256 and the import time).';
COMMENT ON COLUMN kpi_actual_import.file_name IS 'File name as given (without its folder).';
COMMENT ON COLUMN kpi_actual_import.file_sha256 IS 'sha256 of the file''s bytes.';
COMMENT ON COLUMN kpi_actual_import.file_format IS 'xlsx or csv (with its encoding: utf-8, utf-8-sig, cp932).';
COMMENT ON COLUMN kpi_actual_import.imported_at IS 'When the import was committed.';
COMMENT ON COLUMN kpi_actual_import.replace_requested IS 'True when --replace allowed values to differ from earlier imports.';
COMMENT ON COLUMN kpi_actual_import.rows_read IS 'Rows with an actual value in the file.';
COMMENT ON COLUMN kpi_actual_import.rows_new IS 'Rows that added or changed a value (rows equal to the current value are not stored again).';

CREATE TABLE kpi_actual (
    import_id VARCHAR NOT NULL,
    indicator_key VARCHAR NOT NULL,
    category_code VARCHAR,
    kpi_seq INTEGER,
    year INTEGER NOT NULL,
    value DOUBLE NOT NULL,
    value_text VARCHAR NOT NULL,
    unit VARCHAR,
    source_note VARCHAR,
    remark VARCHAR,
    entered_by VARCHAR,
    file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    sheet VARCHAR,
    row_number INTEGER NOT NULL,
    imported_at TIMESTAMP WITH TIME ZONE NOT NULL
);
COMMENT ON TABLE kpi_actual IS 'KPI actuals reported by the municipalities (workbooks filled from vision actuals template), one row per KPI × year × import. History is kept: the latest import of a KPI and year wins (view kpi_actual_latest).';
COMMENT ON COLUMN kpi_actual.import_id IS 'Import the row came with (kpi_actual_import.import_id).';
COMMENT ON COLUMN kpi_actual.indicator_key IS 'KPI (fact_kpi.indicator_key).';
COMMENT ON COLUMN kpi_actual.category_code IS 'Category ア / イ / ウ as in the workbook''s 区分.';
COMMENT ON COLUMN kpi_actual.kpi_seq IS 'Order of the KPI within its category, from the workbook''s 区分.';
COMMENT ON COLUMN kpi_actual.year IS 'Year the actual describes (western; the KPI''s 年 as printed in the vision).';
COMMENT ON COLUMN kpi_actual.value IS 'Actual in the KPI''s unit.';
COMMENT ON COLUMN kpi_actual.value_text IS 'The 実績値 cell as entered.';
COMMENT ON COLUMN kpi_actual.unit IS 'Unit of the KPI (fact_kpi.unit).';
COMMENT ON COLUMN kpi_actual.source_note IS '出典 as entered.';
COMMENT ON COLUMN kpi_actual.remark IS '備考 as entered.';
COMMENT ON COLUMN kpi_actual.entered_by IS '入力者 as entered.';
COMMENT ON COLUMN kpi_actual.file_name IS 'Workbook the value came from.';
COMMENT ON COLUMN kpi_actual.file_sha256 IS 'sha256 of that workbook.';
COMMENT ON COLUMN kpi_actual.sheet IS 'Sheet of the workbook (NULL for CSV).';
COMMENT ON COLUMN kpi_actual.row_number IS 'Row of the sheet or CSV file (1-based, as Excel numbers rows).';
COMMENT ON COLUMN kpi_actual.imported_at IS 'When the import was committed.';
