"""`vision actuals`: the workbook staff fill in with the KPI actuals, and its import."""

from __future__ import annotations

from pathlib import Path

import click

WAREHOUSE_OPTION = click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    help="DuckDB file. Default: VISION_WAREHOUSE, else warehouse/vision.duckdb.",
)


@click.group()
def actuals() -> None:
    """KPI actuals reported by the municipalities (workbook template and import)."""


@actuals.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("kpi_actuals.xlsx"),
    show_default=True,
    help="Workbook to write (.xlsx).",
)
@WAREHOUSE_OPTION
def template(out: Path, warehouse: Path | None) -> None:
    """Write the workbook staff fill in: one row per KPI and year (baseline year + 1 to
    target year), with the actuals already in the warehouse pre-filled."""
    from pipeline.cli_errors import os_advice
    from pipeline.messages import say
    from warehouse.actuals_template import write_template
    from warehouse.paths import resolve_warehouse
    from warehouse.query import WarehouseMissing, connect_read_only

    try:
        with connect_read_only(resolve_warehouse(warehouse)) as con:
            rows = write_template(con, out)
    except WarehouseMissing as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(
            say("actuals.cannot_write", out=out, reason=os_advice(exc))
        ) from exc
    if rows == 0:
        raise click.ClickException(say("actuals.no_kpis"))
    click.echo(say("actuals.template", out=out, rows=rows), err=True)
    click.echo(str(out))


@actuals.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Let these files' values win over different values imported earlier (history kept).",
)
@WAREHOUSE_OPTION
def import_(files: tuple[Path, ...], replace: bool, warehouse: Path | None) -> None:
    """Validate FILES (.xlsx, or CSV in UTF-8 / UTF-8 with BOM / CP932) and load their actuals.

    Nothing is loaded unless every row of every file is valid; each error names the file,
    sheet, row, column and value (in English, under the chosen language's framing). A
    value is read as Excel shows it (a percent-formatted cell as its percentage, text and
    full-width digits as numbers); a value far from its KPI's scale (0.905 for a KPI at
    90 %), a formula without its saved result, a merged value cell and a 年度 where the
    KPI counts 年 are refused by row. Hidden sheets and columns not of the form are not
    imported, each noted. Importing the same file again changes nothing; with --replace
    its values are applied again.
    """
    from pipeline.messages import say
    from warehouse.actuals import ActualsImportError, import_actuals
    from warehouse.load import WarehouseError
    from warehouse.paths import resolve_warehouse

    target = resolve_warehouse(warehouse)
    try:
        report = import_actuals(target, list(files), replace=replace)
    except (ActualsImportError, WarehouseError) as exc:
        raise click.ClickException(say("actuals.rejected", problems=exc)) from exc
    for note in report.notes:
        click.echo(say("actuals.not_imported", note=note), err=True)
    if not report.files:
        named = report.unchanged_files or [str(f) for f in files]
        click.echo(say("actuals.unchanged", files=", ".join(named)))
        return
    click.echo(
        say(
            "actuals.imported",
            files=", ".join(report.files),
            read=report.rows_read,
            new=report.rows_new,
            warehouse=target,
        )
    )
