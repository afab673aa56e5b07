"""KPI progress: `kpi/actuals` (the municipalities' workbooks from the actuals folder) and
the sensor that notices a new or changed workbook."""
