-- Analyst views; recreated on every refresh, so they always match the tables beneath.

CREATE OR REPLACE VIEW latest_revision AS
SELECT *
FROM source_document
ORDER BY published DESC NULLS LAST, loaded_at DESC
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
