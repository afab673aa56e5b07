-- One name per concept: a revision of the vision is identified by revision_id (the sha256
-- of its PDF). 0001 also gave source_document a column sha256 and 0002 every fact table a
-- column document_sha256, each always equal to revision_id; they go, and revision_id stays
-- the one name. The analyst views are re-created from views.sql by the load that applies
-- this migration. IF EXISTS: applying it to a file that already lost them changes nothing.
ALTER TABLE source_document DROP COLUMN IF EXISTS sha256;
ALTER TABLE fact_population DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_commuting DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_medical_facility DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_welfare_facility DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_usage_by_residence DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_university DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_library DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_employment DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_wholesale_retail DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_financial_institution DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_rail_ridership DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_facility_list DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_kpi DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE dim_project DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_project_participation DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_project_schedule DROP COLUMN IF EXISTS document_sha256;
ALTER TABLE fact_project_budget DROP COLUMN IF EXISTS document_sha256;
