-- Every extracted cell of every table, as printed: the finest level of provenance, and
-- what `vision diff` compares between revisions.

CREATE TABLE table_cell (
    revision_id VARCHAR NOT NULL,
    table_id VARCHAR NOT NULL,
    caption VARCHAR,
    section VARCHAR,
    table_kind VARCHAR,
    table_occurrence INTEGER,
    page INTEGER,
    row_index INTEGER,
    col_index INTEGER,
    is_header BOOLEAN,
    row_label VARCHAR,
    row_occurrence INTEGER,
    column_label VARCHAR,
    column_occurrence INTEGER,
    text VARCHAR
);
COMMENT ON TABLE table_cell IS 'Every cell of every table extracted from a revision of the vision, as printed (a merged cell once, at its top-left position).';
COMMENT ON COLUMN table_cell.revision_id IS 'Revision the cell is printed in (source_document.revision_id).';
COMMENT ON COLUMN table_cell.table_id IS 'Table in document order of that revision (t001, t002, ...).';
COMMENT ON COLUMN table_cell.caption IS 'Caption of the table as printed, e.g. ア 人口と将来推計人口 or 連携事業【12】.';
COMMENT ON COLUMN table_cell.section IS 'Heading path of the table, e.g. 2 連携中枢都市圏の中長期的な将来像 > (1) 圏域の状況 > ア 人口と将来推計人口.';
COMMENT ON COLUMN table_cell.table_kind IS 'data, list, school, agreement, card (project card) or matrix (section 4 project x municipality matrix).';
COMMENT ON COLUMN table_cell.table_occurrence IS 'Which table of that section and caption this is (0 for the first), for captions printed more than once.';
COMMENT ON COLUMN table_cell.page IS 'Page (1-based) the cell is printed on.';
COMMENT ON COLUMN table_cell.row_index IS 'Row position in the table grid (0-based, header rows first).';
COMMENT ON COLUMN table_cell.col_index IS 'Column position in the table grid (0-based).';
COMMENT ON COLUMN table_cell.is_header IS 'True for the header rows.';
COMMENT ON COLUMN table_cell.row_label IS 'Text of the row''s first cell (plus the second cell inside a vertically merged block such as a card''s schedule); (見出し) for header rows.';
COMMENT ON COLUMN table_cell.row_occurrence IS 'Which row with this label in the table (0 for the first).';
COMMENT ON COLUMN table_cell.column_label IS 'Header texts above the cell joined with /; inside a card''s schedule block, the fiscal year heading of the column.';
COMMENT ON COLUMN table_cell.column_occurrence IS 'Which column with this label in the row (0 for the first).';
COMMENT ON COLUMN table_cell.text IS 'Cell text as printed (lookalike characters repaired, line breaks inside the cell joined).';
