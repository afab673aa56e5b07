-- An edition is identified by the dates its cover prints (策定, 改訂, 第n回改訂), so the newest
-- edition is the latest whatever order the files were loaded in (sources/vision_edition.py).
ALTER TABLE source_document ADD COLUMN adopted_on DATE;
ALTER TABLE source_document ADD COLUMN revised_on DATE;
ALTER TABLE source_document ADD COLUMN revision_number INTEGER;
ALTER TABLE source_document ADD COLUMN dated_by VARCHAR;
COMMENT ON COLUMN source_document.adopted_on IS 'Adoption date (策定) printed on the cover, e.g. 2025-02-17 for 令和7年2月17日 策定; NULL when the cover prints none.';
COMMENT ON COLUMN source_document.revised_on IS 'Date of the latest revision (改訂/改定) printed on the cover; NULL for an edition printed without a revision line.';
COMMENT ON COLUMN source_document.revision_number IS 'n of 第n回改訂 (or the number of revision lines when the cover lists several); NULL when not printed.';
COMMENT ON COLUMN source_document.dated_by IS 'Where published and revision_label come from: cover (read from the PDF), manifest (the shipped file''s entry in sources/manifest.json), or NULL when nothing dates the edition.';
COMMENT ON COLUMN source_document.revision_label IS 'The edition as its cover names it: the line of its newest date, e.g. 令和8年2月20日 改訂 or 令和7年2月17日 策定; NULL when the cover prints no date.';
COMMENT ON COLUMN source_document.published IS 'Publication date of the edition: the latest date on its cover (revised_on, else adopted_on); NULL when unknown.';
