-- Issue 20: the last two subject facts 0002 created for the first document, the named
-- lists (fact_facility_list) and the office counts printed in text
-- (fact_financial_institution), are now that profile's subject relations too (its
-- subjects.toml): views over fact_list_item, which reads every table that prints names
-- (kind list, school, or a data table without a number), and table_cell, recreated on every
-- load (warehouse/subjects.py). An edition loaded before fact_list_item read those tables is
-- read again by `vision refresh --pdf` of it.
DROP TABLE IF EXISTS fact_facility_list;
DROP TABLE IF EXISTS fact_financial_institution;
