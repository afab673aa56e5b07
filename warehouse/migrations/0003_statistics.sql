-- Official statistics beside the document's figures: one row per release of a statistic,
-- and their values in long format on the same municipality codes. Releases are never
-- overwritten: a new release (new content hash) gets its own release_id.

CREATE TABLE statistic_release (
    release_id VARCHAR PRIMARY KEY,
    dataset_id VARCHAR NOT NULL,
    source_id VARCHAR,
    title VARCHAR,
    publisher VARCHAR,
    table_id VARCHAR,
    release VARCHAR,
    release_date DATE,
    fetched_mode VARCHAR,
    fetch_note VARCHAR,
    content_hash VARCHAR NOT NULL,
    loaded_at TIMESTAMP WITH TIME ZONE
);
COMMENT ON TABLE statistic_release IS 'One row per release of a government statistic that was loaded (census final/preliminary, IPSS projections, ...). History is kept: a changed content hash is a new release.';
COMMENT ON COLUMN statistic_release.release_id IS 'dataset_id and the first 12 hex digits of content_hash, e.g. census2020_final-3f2a...; stable for the same numbers.';
COMMENT ON COLUMN statistic_release.dataset_id IS 'Dataset the release belongs to: census2020_final, census2020_preliminary, ipss2023_projections.';
COMMENT ON COLUMN statistic_release.source_id IS 'Source manifest id of the shipped snapshot the values came from, or NULL when fetched live.';
COMMENT ON COLUMN statistic_release.title IS 'Title of the statistic.';
COMMENT ON COLUMN statistic_release.publisher IS 'Publisher, e.g. 総務省統計局, 国立社会保障・人口問題研究所.';
COMMENT ON COLUMN statistic_release.table_id IS 'Publisher''s table identifier (e-Stat statsDataId or table number).';
COMMENT ON COLUMN statistic_release.release IS 'final (確定), preliminary (速報), projection, or unverified.';
COMMENT ON COLUMN statistic_release.release_date IS 'Date the publisher released these numbers.';
COMMENT ON COLUMN statistic_release.fetched_mode IS 'live (fetched from the publisher''s API) or snapshot (the copy shipped in sources/data).';
COMMENT ON COLUMN statistic_release.fetch_note IS 'Why a snapshot was used, or what was fetched.';
COMMENT ON COLUMN statistic_release.content_hash IS 'sha256 of the release''s values; equal hashes mean equal numbers.';
COMMENT ON COLUMN statistic_release.loaded_at IS 'When the release was loaded into this warehouse.';

CREATE TABLE fact_official_statistic (
    release_id VARCHAR NOT NULL,
    dataset_id VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    municipality_code VARCHAR,
    area_name VARCHAR,
    measure VARCHAR NOT NULL,
    sex VARCHAR,
    year INTEGER,
    value DOUBLE,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR
);
COMMENT ON TABLE fact_official_statistic IS 'Values of the official statistics for 山形県 and its municipalities, long format, one row per area x measure x sex x year of a release.';
COMMENT ON COLUMN fact_official_statistic.release_id IS 'Release the value belongs to (statistic_release.release_id).';
COMMENT ON COLUMN fact_official_statistic.dataset_id IS 'Dataset (statistic_release.dataset_id), repeated for convenient filtering.';
COMMENT ON COLUMN fact_official_statistic.area_code IS '5-digit area code as published (06000 = 山形県, 00000 = 全国).';
COMMENT ON COLUMN fact_official_statistic.municipality_code IS 'municipality.code when the area is one of the 14 hub-area municipalities, else NULL.';
COMMENT ON COLUMN fact_official_statistic.area_name IS 'Area name as published.';
COMMENT ON COLUMN fact_official_statistic.measure IS 'What is counted: population (total), age_0_4 ..., under15, working_age, elderly.';
COMMENT ON COLUMN fact_official_statistic.sex IS 'total, male or female; NULL when the statistic has no sex breakdown.';
COMMENT ON COLUMN fact_official_statistic.year IS 'Reference year (census: 2020; projections: 2020 base and 2025-2050, as of 1 October).';
COMMENT ON COLUMN fact_official_statistic.value IS 'Numeric value; NULL when the publisher printed a marker instead.';
COMMENT ON COLUMN fact_official_statistic.value_text IS 'Value as published.';
COMMENT ON COLUMN fact_official_statistic.marker IS 'Publisher''s special value (-, ***, X, ...) when no number is given; never turned into 0.';
COMMENT ON COLUMN fact_official_statistic.unit IS 'Unit, e.g. 人.';
