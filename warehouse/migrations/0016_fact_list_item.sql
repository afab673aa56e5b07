-- Issue 20, a warehouse by shape: every named item of every list table, one row each,
-- whatever the table's subject (warehouse/normalize/list_items.py). Its comments come
-- from warehouse/schema/facts.toml, written on every load.
CREATE TABLE fact_list_item (
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
    seq INTEGER,
    name VARCHAR,
    item_text VARCHAR,
    marker VARCHAR,
    revision_id VARCHAR
);
