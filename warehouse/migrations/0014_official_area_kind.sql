-- Issue 22, for analysts: the official statistics hold the country, the prefecture, the
-- area's municipalities, the prefecture's other municipalities and former (merged)
-- municipalities side by side, so SUM(value) over a release counted some people two or
-- three times. area_kind says which each row is; warehouse/official.py writes it on load,
-- this fills it in for the rows already loaded. The age groups get one name whoever
-- published them (census 15歳未満 age_under_15 and IPSS under15 → age_0_14, IPSS
-- working_age → age_15_64 and elderly → age_65_plus, as the census names them).
ALTER TABLE fact_official_statistic ADD COLUMN area_kind VARCHAR;
UPDATE fact_official_statistic SET area_kind = CASE
    WHEN area_code = '00000' THEN 'country'
    WHEN regexp_full_match(area_code, '[0-9]{2}000') THEN 'prefecture'
    WHEN municipality_code IS NOT NULL THEN 'member'
    WHEN NOT regexp_full_match(area_code, '[0-9]+') OR contains(area_name, '旧') THEN 'former'
    ELSE 'non_member'
END;
UPDATE fact_official_statistic SET measure = CASE measure
    WHEN 'age_under_15' THEN 'age_0_14'
    WHEN 'under15' THEN 'age_0_14'
    WHEN 'working_age' THEN 'age_15_64'
    WHEN 'elderly' THEN 'age_65_plus'
    ELSE measure
END;
UPDATE kpi_actual_source SET numerator_measure = 'age_0_14'
    WHERE numerator_measure IN ('age_under_15', 'under15');
UPDATE kpi_related_series SET measure = 'age_0_14' WHERE measure IN ('age_under_15', 'under15');
COMMENT ON COLUMN fact_official_statistic.area_kind IS 'What the area is: country (全国), prefecture, member (one of the area''s municipalities, municipality_code set), non_member (another municipality of the prefecture) or former (a municipality merged since, e.g. （旧：鶴岡市）). Sum within one level: the levels overlap.';
COMMENT ON COLUMN fact_official_statistic.measure IS 'What is counted: population (total), age_0_14, age_15_64, age_65_plus (one name per age group whoever published it), employees_private, establishments_private, in_migrants, out_migrants.';
COMMENT ON COLUMN fact_official_statistic.year IS 'Reference year the value describes (census: its year; projections: 2020 base and 2025-2050, as of 1 October; SSDSE-A: the year of each series).';
