-- The comments 0001, 0003 and 0007 wrote named one area (its municipalities, prefecture and
-- document); the warehouse holds whichever area its profile describes, so they say what the
-- columns hold for any. (Comments only: no table or row changes.)
COMMENT ON TABLE municipality IS 'The municipalities of the area the warehouse describes (the region of its profile, profiles/<name>/profile.toml); facts refer to them by code.';
COMMENT ON COLUMN municipality.code IS '5-digit 全国地方公共団体コード without check digit, as e-Stat and IPSS use it (the 2-digit prefecture code, then 3 digits).';
COMMENT ON COLUMN municipality.name IS 'Official name (ending in 市, 町 or 村).';
COMMENT ON COLUMN municipality.is_core_city IS 'True for the 連携中枢都市 (the core city of the area).';
COMMENT ON COLUMN source_document.title IS 'Document title from the PDF metadata (else the shipped edition''s title from the source manifest).';
COMMENT ON COLUMN source_document.publisher IS 'Publisher (from the source manifest when the file is the shipped one).';
COMMENT ON TABLE fact_official_statistic IS 'Values of the official statistics for the prefecture of the area and its municipalities, long format, one row per area x measure x sex x year of a release.';
COMMENT ON COLUMN fact_official_statistic.area_code IS '5-digit area code as published (<prefecture code>000 = the prefecture, 00000 = 全国).';
COMMENT ON COLUMN fact_official_statistic.municipality_code IS 'municipality.code when the area is one of the area''s municipalities, else NULL.';
COMMENT ON COLUMN kpi_actual_source.numerator_measure IS 'fact_official_statistic.measure summed over the area''s municipalities (the value itself when denominator_measure is NULL).';
COMMENT ON COLUMN kpi_related_series.measure IS 'fact_official_statistic.measure, summed over the area''s municipalities.';
