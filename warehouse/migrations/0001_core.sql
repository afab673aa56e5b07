-- Core of the warehouse: where each value came from, who the municipalities are, what each
-- refresh did, and what the data-quality checks found. Fact tables follow in 0002.

CREATE TABLE source_document (
    revision_id VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    title VARCHAR,
    publisher VARCHAR,
    revision_label VARCHAR,
    published DATE,
    official_url VARCHAR,
    source_path VARCHAR,
    page_count INTEGER,
    loaded_at TIMESTAMP WITH TIME ZONE
);
COMMENT ON TABLE source_document IS 'One row per revision (edition or rendering) of the vision PDF that was loaded. Facts point here through revision_id.';
COMMENT ON COLUMN source_document.revision_id IS 'Identifier of the revision: the sha256 of the PDF file, so the same bytes are always the same revision.';
COMMENT ON COLUMN source_document.sha256 IS 'sha256 of the PDF file as read (hex).';
COMMENT ON COLUMN source_document.title IS 'Document title from the PDF metadata, e.g. 第2期 山形連携中枢都市圏ビジョン.';
COMMENT ON COLUMN source_document.publisher IS 'Publisher, e.g. 山形市 (from the source manifest when the file is the shipped one).';
COMMENT ON COLUMN source_document.revision_label IS 'Revision as the publisher names it, e.g. 令和8年2月20日改訂; NULL when unknown.';
COMMENT ON COLUMN source_document.published IS 'Publication date of the revision; NULL when unknown.';
COMMENT ON COLUMN source_document.official_url IS 'Official page the document is published on.';
COMMENT ON COLUMN source_document.source_path IS 'Local path the PDF was read from at load time.';
COMMENT ON COLUMN source_document.page_count IS 'Number of pages of the PDF.';
COMMENT ON COLUMN source_document.loaded_at IS 'When this revision was (last) loaded.';

CREATE TABLE municipality (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    county VARCHAR,
    is_core_city BOOLEAN NOT NULL,
    name_en VARCHAR
);
COMMENT ON TABLE municipality IS 'The 14 municipalities of the Yamagata hub-city area (山形連携中枢都市圏).';
COMMENT ON COLUMN municipality.code IS '5-digit 全国地方公共団体コード without check digit, as e-Stat and IPSS use it (e.g. 06201).';
COMMENT ON COLUMN municipality.name IS 'Official name, e.g. 山形市.';
COMMENT ON COLUMN municipality.kind IS '市 (city) or 町 (town).';
COMMENT ON COLUMN municipality.county IS '郡 the town belongs to; NULL for cities.';
COMMENT ON COLUMN municipality.is_core_city IS 'True for the 連携中枢都市 (山形市).';
COMMENT ON COLUMN municipality.name_en IS 'Romanized name.';

CREATE TABLE load_run (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    status VARCHAR NOT NULL,
    revision_id VARCHAR,
    inputs VARCHAR,
    message VARCHAR
);
COMMENT ON TABLE load_run IS 'One row per refresh that produced this warehouse file (failed refreshes never replace the file; they are logged next to it in <warehouse>.failures.jsonl).';
COMMENT ON COLUMN load_run.run_id IS 'Identifier of the refresh (the Dagster run id when run by Dagster).';
COMMENT ON COLUMN load_run.started_at IS 'When the load into the new file started.';
COMMENT ON COLUMN load_run.finished_at IS 'When the load was validated, just before the file was swapped in.';
COMMENT ON COLUMN load_run.status IS 'succeeded for every row in a published file.';
COMMENT ON COLUMN load_run.revision_id IS 'Revision of the vision loaded by this refresh (source_document.revision_id).';
COMMENT ON COLUMN load_run.inputs IS 'JSON object: each input (PDF, statistic snapshots) with path and sha256.';
COMMENT ON COLUMN load_run.message IS 'Summary of the load (tables and row counts).';

CREATE TABLE check_result (
    revision_id VARCHAR NOT NULL,
    check_id VARCHAR NOT NULL,
    family VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    compared INTEGER NOT NULL,
    findings INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    data_errors VARCHAR
);
COMMENT ON TABLE check_result IS 'One row per data-quality check run on a revision: how many values it compared and what it found.';
COMMENT ON COLUMN check_result.revision_id IS 'Revision checked (source_document.revision_id).';
COMMENT ON COLUMN check_result.check_id IS 'Check identifier, e.g. population_total_row.';
COMMENT ON COLUMN check_result.family IS 'Check family: row_sums, ratios, kpi_cross_section, cross_table, participation, names, cross_source.';
COMMENT ON COLUMN check_result.status IS 'passed, findings (the document contradicts itself; never blocks the load) or data_error (inputs missing or unparsable).';
COMMENT ON COLUMN check_result.compared IS 'Number of comparisons the check made.';
COMMENT ON COLUMN check_result.findings IS 'Number of findings (rows in document_findings).';
COMMENT ON COLUMN check_result.skipped IS 'Comparisons skipped because a value was a marker such as * (not estimated).';
COMMENT ON COLUMN check_result.data_errors IS 'Newline-separated descriptions of missing or unparsable inputs; NULL when none.';

CREATE TABLE finding (
    revision_id VARCHAR NOT NULL,
    check_id VARCHAR NOT NULL,
    family VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    stated VARCHAR,
    expected VARCHAR,
    message VARCHAR
);
COMMENT ON TABLE finding IS 'Places where the document contradicts itself or an official source, as found by the checks. Read it through the document_findings view.';
COMMENT ON COLUMN finding.revision_id IS 'Revision the finding is in (source_document.revision_id).';
COMMENT ON COLUMN finding.check_id IS 'Check that found it (check_result.check_id).';
COMMENT ON COLUMN finding.family IS 'Check family (see check_result.family).';
COMMENT ON COLUMN finding.severity IS 'error: a number that does not follow beyond rounding; warning: a presentation difference such as wording.';
COMMENT ON COLUMN finding.table_id IS 'Table the value is printed in (t001… in document order of that revision).';
COMMENT ON COLUMN finding.caption IS 'Caption of that table as printed.';
COMMENT ON COLUMN finding.page IS 'Page number (1-based, as in the PDF) where the value is printed.';
COMMENT ON COLUMN finding.row_label IS 'Row label of the value, e.g. 合計.';
COMMENT ON COLUMN finding.column_label IS 'Column label of the value; multi-level headers joined with /.';
COMMENT ON COLUMN finding.stated IS 'The value as printed.';
COMMENT ON COLUMN finding.expected IS 'The value the check computed, formatted like the printed one.';
COMMENT ON COLUMN finding.message IS 'Explanation in Japanese for the reviewer.';
