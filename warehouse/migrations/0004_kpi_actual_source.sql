-- Which official statistic measures which KPI, declared rather than guessed. The view
-- kpi_progress computes each KPI's actual from fact_official_statistic with the rule of the
-- rows here (sum of numerator_measure over the 14 municipalities of the hub area, divided
-- by the sum of denominator_measure, times scale), for the reference years allowed here.
--
-- What the shipped snapshots can honestly provide (decided when this table was added):
-- * 総人口における年少人口（0歳～14歳）の割合 (%), KPI ウ-5, for the 14-municipality area:
--   - census2020_final: age_under_15 ÷ population, sex = total. The census snapshot CSV has
--     the age groups, but the census2020_final dataset loads the total population by sex
--     only, so today this rule finds no rows and kpi_progress says so. It lights up as soon
--     as the loader keeps the census age groups (measure age_under_15).
--   - ipss2023_projections, reference year 2020 only: under15 ÷ population. IPSS's 2020
--     figures are its base population — the 2020 census with unknown ages distributed
--     (不詳補完値), an observation, not a projection; its totals equal the final census.
--     The 2025–2050 values are projections and are never used as actuals.
-- * No other KPI has a loaded official statistic: 経済センサス, 山形県市町村民経済計算,
--   山形県観光者数調査, 住民基本台帳人口移動報告, 学校基本調査, … are not shipped.
-- The mapping itself is seed data: warehouse/seeds/kpi.toml.

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
    PRIMARY KEY (indicator_key, dataset_id)
);
COMMENT ON TABLE kpi_actual_source IS 'Declared mapping from a KPI (fact_kpi.indicator_key) to an official statistic (fact_official_statistic.dataset_id) that measures it, with the rule kpi_progress uses to compute the actual. Only what the loaded statistics honestly measure is declared; projections are never actuals.';
COMMENT ON COLUMN kpi_actual_source.indicator_key IS 'KPI the statistic measures (fact_kpi.indicator_key, the NFKC-normalized indicator name).';
COMMENT ON COLUMN kpi_actual_source.dataset_id IS 'Official dataset providing the actual (statistic_release.dataset_id).';
COMMENT ON COLUMN kpi_actual_source.priority IS 'Preference among datasets with an actual of the same reference year: the lower number wins (the later reference year always wins first).';
COMMENT ON COLUMN kpi_actual_source.measure_definition IS 'What the actual is, in words: population, area, sex, reference date and the release it comes from.';
COMMENT ON COLUMN kpi_actual_source.computation IS 'How the actual is computed from fact_official_statistic, in words.';
COMMENT ON COLUMN kpi_actual_source.numerator_measure IS 'fact_official_statistic.measure summed over the 14 hub-area municipalities (the value itself when denominator_measure is NULL).';
COMMENT ON COLUMN kpi_actual_source.denominator_measure IS 'fact_official_statistic.measure summed over the same municipalities to divide by; NULL for a count.';
COMMENT ON COLUMN kpi_actual_source.sex IS 'fact_official_statistic.sex to use (total); NULL when the statistic has no sex breakdown.';
COMMENT ON COLUMN kpi_actual_source.reference_years IS 'Reference years of the dataset that are actuals (e.g. [2020] for the IPSS base year); NULL = every year the dataset has.';
COMMENT ON COLUMN kpi_actual_source.scale IS 'Factor applied to the ratio, 100 for a percentage, 1 otherwise.';
COMMENT ON COLUMN kpi_actual_source.unit IS 'Unit of the computed actual; equals the KPI''s unit (fact_kpi.unit).';

-- The rows once inserted here are declared in warehouse/seeds/kpi.toml (0007 recreates
-- this table with more columns; the seed fills it on every load).

-- schema_migration is created by warehouse/load.py before the first migration runs; it is
-- documented here so that every table of the warehouse carries a comment.
COMMENT ON TABLE schema_migration IS 'Migrations (warehouse/migrations/*.sql) applied to this warehouse file, each once, in name order.';
COMMENT ON COLUMN schema_migration.name IS 'File name of the migration, e.g. 0004_kpi_actual_source.sql.';
COMMENT ON COLUMN schema_migration.applied_at IS 'When the migration was applied to this file.';
