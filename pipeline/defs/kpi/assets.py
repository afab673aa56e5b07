"""`kpi/actuals`: every workbook in the actuals folder (`VISION_ACTUALS_DIR`, default
`actuals/`) imported into the warehouse, as `vision actuals import --replace` would.

In the folder flow the folder is the record: a workbook saved again with a corrected value
replaces the value of its earlier version (history is kept in `kpi_actual`). A bad
workbook fails the run with the same message as the command, and the warehouse is left
as it was.
"""

import os
from pathlib import Path

import dagster as dg

from pipeline.partitions import VISION_REVISIONS
from pipeline.resources import VisionSettings
from warehouse.actuals import ActualsImportError, import_actuals

ACTUALS_DIR_ENV = "VISION_ACTUALS_DIR"
DEFAULT_ACTUALS_DIR = Path("actuals")
WORKBOOK_SUFFIXES = (".xlsx", ".csv")
# Other spreadsheet formats staff may save the form in: listed with the workbooks so the
# import reads them (.xlsm) or refuses them by name ("expected an .xlsx workbook or a .csv
# file") instead of the folder flow skipping them without a word. Any other file (notes,
# PDFs) is not a workbook.
SPREADSHEET_SUFFIXES = (*WORKBOOK_SUFFIXES, ".xls", ".xlsm", ".xlsb", ".ods")


def actuals_dir() -> Path:
    return Path(os.environ.get(ACTUALS_DIR_ENV) or DEFAULT_ACTUALS_DIR)


def actuals_workbooks(folder: Path | None = None) -> list[Path]:
    """The workbooks of the folder in name order, with any spreadsheet saved in a format
    the import refuses (Excel's lock files ~$… skipped)."""
    folder = folder or actuals_dir()
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in SPREADSHEET_SUFFIXES and not p.name.startswith("~$")
    )


@dg.asset(
    key=["kpi", "actuals"],
    group_name="kpi",
    kinds={"duckdb"},
    pool="duckdb_writer",
    partitions_def=VISION_REVISIONS,
    deps=[dg.AssetKey(["warehouse", "vision"])],
    description="KPI actuals from the municipalities' workbooks in VISION_ACTUALS_DIR "
    "(default actuals/), validated and loaded into kpi_actual with their provenance.",
)
def kpi_actuals(
    context: dg.AssetExecutionContext, settings: VisionSettings
) -> dg.MaterializeResult:
    """Partitioned like the warehouse it writes to (the KPIs it validates against are the
    latest revision's, whatever the partition)."""
    workbooks = actuals_workbooks()
    if not workbooks:
        context.log.info(f"no workbook in {actuals_dir()}")
        return dg.MaterializeResult(metadata={"workbooks": 0, "rows_new": 0})
    try:
        report = import_actuals(settings.warehouse(), workbooks, replace=True)
    except ActualsImportError as exc:
        raise dg.Failure(
            description=f"nothing imported; the warehouse is unchanged:\n{exc}",
            allow_retries=False,
        ) from exc
    return dg.MaterializeResult(
        metadata={
            "workbooks": len(workbooks),
            "imported": dg.MetadataValue.json(report.files),
            "already_imported": dg.MetadataValue.json(report.unchanged_files),
            "rows_new": report.rows_new,
        }
    )


defs = dg.Definitions(assets=[kpi_actuals])
