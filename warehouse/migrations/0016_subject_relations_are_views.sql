-- Issue 20: what a table is about is its profile's business. The subject facts 0002 created
-- for the first document are now that profile's subject relations (its subjects.toml),
-- views over fact_measure and table_cell that every load recreates (warehouse/subjects.py):
-- the tables go, so a warehouse of another area holds no empty tables named for another
-- document's subjects. Their numbers stay in fact_measure; an edition loaded before
-- fact_measure existed (stop 26 and earlier) is read again by `vision refresh --pdf` of it.
DROP TABLE IF EXISTS fact_commuting;
DROP TABLE IF EXISTS fact_medical_facility;
DROP TABLE IF EXISTS fact_welfare_facility;
DROP TABLE IF EXISTS fact_usage_by_residence;
DROP TABLE IF EXISTS fact_university;
DROP TABLE IF EXISTS fact_library;
DROP TABLE IF EXISTS fact_employment;
DROP TABLE IF EXISTS fact_wholesale_retail;
DROP TABLE IF EXISTS fact_rail_ridership;
