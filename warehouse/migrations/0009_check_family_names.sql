-- One name per check family: 0001 listed the check kpi_cross_section where its family,
-- kpi_consistency, belongs.
COMMENT ON COLUMN check_result.family IS 'Check family: row_sums, ratios, kpi_consistency, cross_table, participation, names, cross_source, text.';
