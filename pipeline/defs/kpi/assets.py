"""`kpi/actuals`: every workbook in the actuals folder (`VISION_ACTUALS_DIR`, default
`actuals/`) imported into the warehouse, as `vision actuals import FILES` would.

The folder follows the command's rules exactly: a value that differs from one imported
earlier (by the command, or an earlier version of a workbook in the folder) fails the run
with the command's message unless the run asks for replace (run config
`{"replace": true}`, the command's `--replace`); then the folder's values win and the
history is kept in `kpi_actual`. A bad workbook fails the run with the same message as the
command, and the warehouse is left as it was. Notes on what was not imported (hidden
sheets, columns not of the form) are logged as warnings and kept in the metadata.
"""

import os
from pathlib import Path

import dagster as dg

from pipeline.partitions import VISION_PARTITIONS, area_step
from pipeline.resources import VisionSettings
from sources.areas import scoped_area
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
    """The area's actuals folder when working under one of a deployment's areas (its
    `actuals`, else `actuals/<area>` beside the areas file), else VISION_ACTUALS_DIR, else
    `actuals/`."""
    area = scoped_area()
    if area is not None:
        return area.actuals
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


class ActualsImportConfig(dg.Config):
    """Run config of kpi/actuals."""

    replace: bool = False  # let the folder's values win over different ones imported earlier


@dg.asset(
    key=["kpi", "actuals"],
    group_name="kpi",
    kinds={"duckdb"},
    pool="duckdb_writer",
    partitions_def=VISION_PARTITIONS,
    deps=[dg.AssetKey(["warehouse", "vision"])],
    description="KPI actuals from the municipalities' workbooks in VISION_ACTUALS_DIR "
    "(default actuals/), validated and loaded into kpi_actual with their provenance.",
)
@area_step
def kpi_actuals(
    context: dg.AssetExecutionContext, settings: VisionSettings, config: ActualsImportConfig
) -> dg.MaterializeResult:
    """Partitioned like the warehouse it writes to (the KPIs it validates against are the
    latest revision's, whatever the partition)."""
    workbooks = actuals_workbooks()
    if not workbooks:
        context.log.info(f"no workbook in {actuals_dir()}")
        return dg.MaterializeResult(metadata={"workbooks": 0, "rows_new": 0})
    try:
        report = import_actuals(settings.warehouse(), workbooks, replace=config.replace)
    except ActualsImportError as exc:
        raise dg.Failure(
            description=f"nothing imported; the warehouse is unchanged:\n{exc}",
            allow_retries=False,
        ) from exc
    for note in report.notes:
        context.log.warning(note)
    return dg.MaterializeResult(
        metadata={
            "workbooks": len(workbooks),
            "replace": config.replace,
            "not_imported": dg.MetadataValue.json(report.notes),
            "imported": dg.MetadataValue.json(report.files),
            "already_imported": dg.MetadataValue.json(report.unchanged_files),
            "rows_new": report.rows_new,
        }
    )


defs = dg.Definitions(assets=[kpi_actuals])
