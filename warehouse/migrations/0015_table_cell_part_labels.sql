-- Issue 20 (warehouse/cells.py): a row under a first-column label merged down over data
-- rows keeps the header's labels (only a block whose first row names columns, a card's
-- schedule, relabels its rows), and a table printed in parts labels each part by the
-- header printed over it.
COMMENT ON COLUMN table_cell.column_label IS 'Header texts above the cell joined with /; in a table printed in parts, the header printed again over its part; inside a card''s schedule block, the fiscal year heading of the column.';
