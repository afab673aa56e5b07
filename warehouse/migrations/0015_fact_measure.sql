-- Issue 20, a warehouse by shape: every number printed in a data table, one row each,
-- whatever the table's subject (warehouse/measures.py). Its comments come from
-- warehouse/schema/facts.toml, written on every load.
CREATE TABLE fact_measure (
    table_key VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_index INTEGER,
    col_index INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    area_axis VARCHAR,
    measure VARCHAR,
    period_year INTEGER,
    is_fiscal_year BOOLEAN,
    period_text VARCHAR,
    value DOUBLE,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    footnote VARCHAR,
    revision_id VARCHAR
);
