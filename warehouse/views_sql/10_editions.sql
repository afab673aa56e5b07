-- Analyst views; recreated on every refresh, so they always match the tables beneath.
-- A jinja2 template (warehouse/views.py): its placeholders are the profile's section labels,
-- its municipalities and their count, so no area's names are written here.

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

-- What the checks found in every loaded edition; document_findings keeps the latest one,
-- so an analyst's count or SUM never mixes editions unless they ask for it.
CREATE OR REPLACE VIEW document_findings_all AS
SELECT
    f.check_id, f.family, f.severity, f.caption, f.page, f.row_label, f.column_label,
    f.stated, f.expected, f.message, f.table_id, f.revision_id,
    d.revision_label,
    f.revision_id = (SELECT revision_id FROM latest_revision) AS is_latest_revision
FROM finding AS f
LEFT JOIN source_document AS d USING (revision_id)
ORDER BY f.revision_id, f.family, f.page, f.check_id;

CREATE OR REPLACE VIEW document_findings AS
SELECT * EXCLUDE (is_latest_revision)
FROM document_findings_all
WHERE is_latest_revision
ORDER BY family, page, check_id;

{{ comments('latest_revision') }}
{{ comments('document_findings') }}
{{ comments('document_findings_all') }}

