"""The `vision` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
PDF_HELP = "Vision PDF to read (another edition or rendering). Default: the embedded one."
WAREHOUSE_HELP = "DuckDB file to build or update. Default: warehouse/vision.duckdb."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """第2期 山形連携中枢都市圏ビジョン → a checked DuckDB warehouse.

    Start with `vision refresh`; then query with `vision query "SQL"` or the duckdb CLI.
    """


@main.command()
@click.option("--pdf", type=EXISTING_FILE, help=PDF_HELP)
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path), help=WAREHOUSE_HELP)
def refresh(pdf: Path | None, warehouse: Path | None) -> None:
    """Extract, normalize, check and load everything (in-process).

    Exits 0 when the pipeline ran, whatever the document's findings; non-zero when it
    could not run — the previous warehouse is then left untouched.
    """
    from pipeline.refresh import run_refresh
    from pipeline.summary import print_refresh_summary

    click.echo(f"vision refresh: {pdf or 'embedded vision PDF'}", err=True)
    summary = run_refresh(pdf, warehouse)
    print_refresh_summary(summary)
    sys.exit(0 if summary.success else 1)


if __name__ == "__main__":
    main()
