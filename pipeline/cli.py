"""The `vision` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.cli_errors import GuardedGroup

EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
# Kept as text: click would turn an empty --out into "." (the current directory).
OUTPUT_DIR = click.Path(file_okay=False, path_type=str)
PDF_HELP = "Vision PDF to read (another edition or rendering). Default: the embedded one."
WAREHOUSE_HELP = "DuckDB file to build or update. Default: warehouse/vision.duckdb."
TABLE_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vision-pipeline")
def main() -> None:
    """第2期 山形連携中枢都市圏ビジョン → a checked DuckDB warehouse.

    Start with `vision refresh`; then query with `vision query "SQL"` or the duckdb CLI.
    """


@main.command()
@click.option("--pdf", type=EXISTING_FILE, help=PDF_HELP)
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path), help=WAREHOUSE_HELP)
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
def refresh(pdf: Path | None, warehouse: Path | None, force: bool) -> None:
    """Extract, normalize, check and load everything (in-process).

    When the PDF, the statistics snapshots and the pipeline code are all unchanged since
    the last successful load of this revision, says "nothing changed" and stops.
    Exits 0 when the pipeline ran (or had nothing to do), whatever the document's
    findings; non-zero when it could not run — the previous warehouse is then untouched.
    """
    from pipeline.fingerprint import is_unchanged, refresh_fingerprint
    from sources.manifest import resolve_vision_pdf
    from warehouse.paths import remove_abandoned_copies, resolve_warehouse

    pdf_path, target = resolve_vision_pdf(pdf), resolve_warehouse(warehouse)
    remove_abandoned_copies(target)  # left by killed refreshes, even when nothing changed
    unchanged = pdf_path.is_file() and is_unchanged(refresh_fingerprint(pdf_path), target)
    if unchanged and not force:
        click.echo(
            f"nothing changed: {target} already holds this revision "
            "built from the same inputs and code (use --force to rebuild)"
        )
        return

    from pipeline.refresh import run_refresh
    from pipeline.summary import print_refresh_summary

    click.echo(f"vision refresh: {pdf or 'embedded vision PDF'}", err=True)
    summary = run_refresh(pdf, warehouse)
    print_refresh_summary(summary)
    sys.exit(0 if summary.success else 1)


@main.command()
@click.argument("pdf", type=EXISTING_FILE, required=False)
@click.option(
    "--out",
    "out_dir",
    type=OUTPUT_DIR,
    required=True,
    help="Directory to write into (created if needed).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "parquet"]),
    default="json",
    show_default=True,
    help="json: one tables.json shaped like ground_truth_tables.json; csv/parquet: one file "
    "per table plus an index.",
)
def extract(pdf: Path | None, out_dir: str, fmt: str) -> None:
    """Write every table of the vision PDF (default: the embedded one) without loading it."""
    from pipeline.output_paths import prepare_output_dir
    from sources.extraction_export import write_extraction
    from sources.vision_pdf import VisionPdfError
    from sources.vision_tables_pdf import MissingTableError, extract_tables

    out = prepare_output_dir(out_dir)
    try:
        extraction = extract_tables(pdf)
    except (VisionPdfError, MissingTableError) as exc:
        raise click.ClickException(str(exc)) from exc
    for warning in extraction.warnings:
        click.echo(f"warning: {warning}", err=True)
    written = write_extraction(extraction.document, extraction.tables, out, fmt)
    click.echo(f"{len(extraction.tables)} tables from {extraction.document.path}", err=True)
    for path in written:
        click.echo(str(path))


def _checked(pdf: Path | None, warehouse: Path | None):
    """Make sure the PDF is loaded and checked; its revision and check outcomes."""
    from pipeline.checking import CheckNotPossible, ensure_checked, outcomes_from_warehouse
    from sources.manifest import resolve_vision_pdf
    from sources.vision_pdf import VisionPdfError
    from warehouse.paths import resolve_warehouse

    try:
        checked = ensure_checked(resolve_vision_pdf(pdf), resolve_warehouse(warehouse))
    except (CheckNotPossible, VisionPdfError) as exc:
        raise click.ClickException(str(exc)) from exc
    return checked, outcomes_from_warehouse(checked.warehouse, checked.revision_id)


@main.command()
@click.option("--pdf", type=EXISTING_FILE, help=PDF_HELP)
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path), help=WAREHOUSE_HELP)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the findings as a JSON list (fields: check_id, family, severity, table_id, "
    "caption, page, row_label, column_label, stated, expected, message).",
)
def check(pdf: Path | None, warehouse: Path | None, as_json: bool) -> None:
    """List where the vision contradicts itself (and the official statistics).

    Extracts, loads and checks the PDF first when the warehouse does not already hold it
    (so it works on a fresh machine). Findings are data: the exit code is 0 whatever they
    are, and non-zero only when the PDF could not be checked.
    """
    from expectations.report import findings_json

    _, outcomes = _checked(pdf, warehouse)
    findings = [f for o in outcomes for f in o.findings]
    if as_json:
        click.echo(findings_json(findings))
        return
    for f in findings:
        click.echo(
            f"p.{f.page} [{f.severity}] {f.caption} {f.row_label}/{f.column_label}: "
            f"{f.stated} ≠ {f.expected} — {f.message}"
        )
    passed = sum(o.passed for o in outcomes)
    click.echo(f"{len(findings)} finding(s); {passed} of {len(outcomes)} checks passed", err=True)


@main.command()
@click.option("--pdf", type=EXISTING_FILE, help=PDF_HELP)
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path), help=WAREHOUSE_HELP)
@click.option(
    "--out",
    "out_dir",
    type=OUTPUT_DIR,
    default="out/report",
    show_default=True,
    help="Directory to write into.",
)
def report(pdf: Path | None, warehouse: Path | None, out_dir: str) -> None:
    """Write the review report (report.md and report.html, in Japanese).

    Findings grouped by check family with pages and both values, KPI progress as a table
    and a chart, and the changes since the previously loaded revision. Loads and checks
    the PDF first when needed, like `vision check`.
    """
    from pipeline.output_paths import prepare_output_dir
    from pipeline.report import write_report

    out = prepare_output_dir(out_dir)
    checked, outcomes = _checked(pdf, warehouse)
    files = write_report(checked.warehouse, checked.revision_id, outcomes, out)
    click.echo(str(files.markdown))
    click.echo(str(files.html))


@main.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@TABLE_FORMAT
@click.option("--warehouse", type=EXISTING_FILE, help=WAREHOUSE_HELP)
def diff(old: str | None, new: str | None, fmt: str, warehouse: Path | None) -> None:
    """Value-level changes between two loaded revisions of the vision.

    OLD and NEW are revision ids (the PDF's sha256, or a unique prefix such as the
    12-digit partition key). Without them, the two most recently loaded revisions.
    Lists changed cells (table caption, row, column, old, new) and added/removed tables
    and projects. Load an edition first with `vision refresh --pdf PATH`.
    """
    import duckdb

    from pipeline.diff_output import print_diff
    from warehouse.diff import RevisionNotFound, diff_revisions, last_two_revisions
    from warehouse.paths import resolve_warehouse
    from warehouse.query import WarehouseMissing, connect_read_only

    if (old is None) != (new is None):
        raise click.UsageError("give both OLD and NEW, or neither")
    try:
        with connect_read_only(resolve_warehouse(warehouse)) as con:
            if old is None or new is None:
                old, new = last_two_revisions(con)
            result = diff_revisions(con, old, new)
    except (RevisionNotFound, WarehouseMissing) as exc:
        raise click.ClickException(str(exc)) from exc
    except duckdb.CatalogException as exc:
        raise click.ClickException(
            f"{resolve_warehouse(warehouse)} holds no vision warehouse "
            f"({str(exc).splitlines()[0]}); load a revision with `vision refresh` first"
        ) from exc
    print_diff(result, fmt)


@main.command()
@click.argument("sql")
@TABLE_FORMAT
@click.option("--warehouse", type=EXISTING_FILE, help=WAREHOUSE_HELP)
def query(sql: str, fmt: str, warehouse: Path | None) -> None:
    """Run SQL against the warehouse (read-only) and print the result.

    Example: vision query "SELECT * FROM document_findings"
    """
    import duckdb

    from warehouse.paths import resolve_warehouse
    from warehouse.query import QueryRefused, WarehouseMissing, format_frame, run_query

    try:
        frame = run_query(resolve_warehouse(warehouse), sql)
    except duckdb.PermissionException as exc:
        raise click.ClickException(
            f"refused: {str(exc).splitlines()[0]}\n"
            "vision query reads the warehouse only; use `vision export` to write files"
        ) from exc
    except (duckdb.Error, WarehouseMissing, QueryRefused) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(format_frame(frame, fmt))


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "xlsx"]),
    default="csv",
    show_default=True,
    help="csv: UTF-8 with BOM (opens in Excel); xlsx: one sheet per table.",
)
@click.option(
    "--out",
    "out_dir",
    type=OUTPUT_DIR,
    required=True,
    help="Directory to write into (created if needed).",
)
@click.option("--warehouse", type=EXISTING_FILE, help=WAREHOUSE_HELP)
def export(fmt: str, out_dir: str, warehouse: Path | None) -> None:
    """Export every warehouse table and view."""
    from pipeline.output_paths import prepare_output_dir
    from warehouse.paths import resolve_warehouse
    from warehouse.query import WarehouseMissing, export_warehouse

    out = prepare_output_dir(out_dir)
    try:
        written = export_warehouse(resolve_warehouse(warehouse), out, fmt)
    except WarehouseMissing as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        click.echo(str(path))


if __name__ == "__main__":
    main()
