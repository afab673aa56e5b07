"""The `vision` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from expectations.findings import FINDING_FIELDS, findings_json
from pipeline.actuals_cli import actuals
from pipeline.cli_errors import AlreadyFramed, GuardedGroup
from pipeline.profile_cli import profile
from pipeline.statistics_cli import statistics

EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
# Kept as text: click would turn an empty --out into "." (the current directory).
OUTPUT_DIR = click.Path(file_okay=False, path_type=str)
PDF_HELP = "Vision PDF to read (another edition or rendering). Default: the embedded one."
WAREHOUSE_HELP = (
    "DuckDB file to build or update. Default: $VISION_WAREHOUSE, else warehouse/vision.duckdb."
)
READ_WAREHOUSE_HELP = (
    "DuckDB warehouse to read (opened read-only; never changed). "
    "Default: $VISION_WAREHOUSE, else warehouse/vision.duckdb."
)
CHECK_WAREHOUSE_HELP = (
    "DuckDB warehouse holding the checks; the PDF is loaded into it first when it does not "
    "already hold it. Default: $VISION_WAREHOUSE, else warehouse/vision.duckdb."
)


def format_option(choices: list[str], default: str, help_text: str):
    """`--format` (into `fmt`): one of `choices`, `default` unless given."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help=help_text,
    )


TABLE_FORMAT = format_option(
    ["table", "csv", "json"],
    "table",
    "table: aligned columns for reading (Japanese wide characters included); "
    "csv or json: for other tools.",
)
PDF = click.option("--pdf", type=EXISTING_FILE, help=PDF_HELP)
READ_WAREHOUSE = click.option("--warehouse", type=EXISTING_FILE, help=READ_WAREHOUSE_HELP)
CHECK_WAREHOUSE = click.option(
    "--warehouse", type=click.Path(dir_okay=False, path_type=Path), help=CHECK_WAREHOUSE_HELP
)
# A folder a command writes its files into.
NEW_OUT_DIR = click.option(
    "--out",
    "out_dir",
    type=OUTPUT_DIR,
    required=True,
    help="Directory to write into (created if needed).",
)


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vision-pipeline")
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default="ja",
    show_default=True,
    envvar="VISION_LANG",
    help="Language of messages and of CSV/Excel export labels (ja: staff; en: machine names "
    "and English messages). Also VISION_LANG.",
)
@click.option(
    "--profile",
    "profile_name",
    metavar="NAME",
    envvar="VISION_PROFILE",
    help="The document family to read, as described by its profile: a profile shipped in "
    "profiles/ (default: the shipped one) or the path of a profile.toml or of its folder. "
    "Also VISION_PROFILE.",
)
def main(lang: str, profile_name: str | None) -> None:
    """The vision named by the profile → a checked DuckDB warehouse.

    Start with `vision refresh`; then query with `vision query "SQL"` or the duckdb CLI.

    \b
    メッセージは日本語（英語は --lang en）。ヘルプは英語のみ。
    Messages are in Japanese unless --lang en; this help is in English only.
    """
    from pipeline.messages import set_language

    set_language(lang)
    if profile_name:
        use_profile(profile_name)
    use_area()


def use_area() -> None:
    """In a deployment of several areas ($VISION_AREAS), work under the area whose profile
    is the run's: its warehouse is the default one of every command, and `refresh` loads
    its partition. A profile no area names changes nothing (refresh then refuses)."""
    from sources.areas import AREAS_ENV, AreasError, area_of_profile, configured_areas, enter_area

    try:
        areas = configured_areas()
    except AreasError as err:
        raise click.BadParameter(str(err), param_hint=f"${AREAS_ENV}") from None
    if not areas:
        return
    from sources.profile import selected_profile_name

    area = area_of_profile(areas, selected_profile_name())
    if area is not None:
        enter_area(area)


def use_profile(name: str) -> None:
    """Make profile `name` the run's: checked now (a bad one stops the command with one
    line), then named in VISION_PROFILE so this process and every run it starts (Dagster
    runs included) read it. A path is passed on absolute: runs may start elsewhere."""
    from sources.profile import PROFILE_ENV, ProfileError, load_profile

    try:
        profile = load_profile(name)
    except ProfileError as err:
        raise click.BadParameter(str(err), param_hint="'--profile'") from None
    is_path = profile.path.parent.name != name
    os.environ[PROFILE_ENV] = str(profile.path.resolve()) if is_path else name
    # Imported only now: the datasets' readers fix the members of the run's profile.
    from sources.govstats.datasets import DATASETS

    unknown = [d for d in profile.kpi.dataset_ids if d not in DATASETS]
    if unknown:
        raise click.BadParameter(
            f"{profile.path.parent}: the KPI declarations name datasets that do not exist: "
            f"{', '.join(unknown)} (known: {', '.join(DATASETS)})",
            param_hint="'--profile'",
        )


@main.command()
@PDF
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path), help=WAREHOUSE_HELP)
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every table loaded with its rows.")
def refresh(pdf: Path | None, warehouse: Path | None, force: bool, verbose: bool) -> None:
    """Extract, normalize, check and load everything (in-process).

    When the PDF, the statistics snapshots and the pipeline code are all unchanged since
    the last successful load of this revision, says "nothing changed" and stops.
    Prints one line per step (extract tables → normalize → check → load), one line per
    check family with its counts (誤り / 注意) and the warehouse path. Exits 0 when the
    pipeline ran (or had nothing to do), whatever the document's findings; non-zero when
    it could not run or was cancelled (Ctrl-C) — the previous warehouse is then untouched.
    """
    from pipeline.fingerprint import is_unchanged, refresh_fingerprint
    from pipeline.messages import say
    from sources.manifest import resolve_vision_pdf
    from warehouse.paths import remove_abandoned_copies, resolve_warehouse

    pdf_path, target = resolve_vision_pdf(pdf), resolve_warehouse(warehouse)
    remove_abandoned_copies(target)  # left by killed refreshes, even when nothing changed
    fingerprint = refresh_fingerprint(pdf_path) if pdf_path.is_file() else None
    unchanged = fingerprint is not None and is_unchanged(fingerprint, target)
    if unchanged and not force:
        click.echo(say("refresh.unchanged", warehouse=target))
        if os.environ.get("DAGSTER_HOME"):
            from pipeline.dagster_home import ensure_registered

            key = ensure_registered(pdf_path)
            if key:
                click.echo(say("refresh.registered", revision=key))
        return

    from sources.page_analysis import cancel_started_analyses, start_analysis

    if fingerprint is not None:
        # The pages are analysed in worker processes while Dagster is imported and set up.
        start_analysis(pdf_path)
    from pipeline.summary import print_cancelled, print_refresh_summary, was_interrupted

    try:
        from pipeline.refresh import run_refresh

        summary = run_refresh(pdf, warehouse)
    except KeyboardInterrupt:
        print_cancelled(target)
        sys.exit(130)
    finally:
        cancel_started_analyses()  # not collected when the run stopped before extracting
    print_refresh_summary(summary, verbose=verbose)
    if was_interrupted(summary):
        sys.exit(130)
    sys.exit(0 if summary.success else 1)


@main.command()
@click.argument("pdf", type=EXISTING_FILE, required=False)
@NEW_OUT_DIR
@format_option(
    ["json", "csv", "parquet"],
    "json",
    "json: one tables.json shaped like ground_truth_tables.json; csv/parquet: one file "
    "per table plus an index.",
)
def extract(pdf: Path | None, out_dir: str, fmt: str) -> None:
    """Write every table of the vision PDF (default: the embedded one) without loading it.

    Needs no profile: every table found is written. The profile's expected tables (when
    `--profile` is given, or for the embedded PDF) only add warnings."""
    from pipeline.output_paths import prepare_output_dir
    from sources.extraction_export import write_extraction
    from sources.profile import PROFILE_ENV
    from sources.vision_pdf import VisionPdfError
    from sources.vision_tables_pdf import extract_tables, profile_expectations

    out = prepare_output_dir(out_dir)
    profiled = pdf is None or bool(os.environ.get(PROFILE_ENV, "").strip())
    try:
        extraction = extract_tables(
            pdf, expectations=profile_expectations() if profiled else (), strict=False
        )
    except VisionPdfError as exc:
        raise click.ClickException(str(exc)) from exc
    from pipeline.messages import say

    for warning in extraction.warnings:
        click.echo(say("extract.warning", warning=warning), err=True)
    written = write_extraction(extraction.document, extraction.tables, out, fmt)
    click.echo(
        say("extract.done", count=len(extraction.tables), path=extraction.document.path), err=True
    )
    for path in written:
        click.echo(str(path))


def _checked(pdf: Path | None, warehouse: Path | None):
    """Make sure the PDF is loaded and checked; its revision and check outcomes."""
    from pipeline.checking import CheckNotPossible, ensure_checked
    from sources.manifest import resolve_vision_pdf
    from sources.vision_pdf import VisionPdfError
    from warehouse.paths import resolve_warehouse

    try:
        checked = ensure_checked(resolve_vision_pdf(pdf), resolve_warehouse(warehouse))
    except CheckNotPossible as exc:
        raise AlreadyFramed(str(exc)) from exc
    except VisionPdfError as exc:
        raise click.ClickException(str(exc)) from exc
    return checked, checked.check_outcomes()


@main.command()
@PDF
@CHECK_WAREHOUSE
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help=f"Print the findings as a JSON list (fields: {', '.join(FINDING_FIELDS)}).",
)
def check(pdf: Path | None, warehouse: Path | None, as_json: bool) -> None:
    """List where the vision contradicts itself (and the official statistics).

    Extracts, loads and checks the PDF first when the warehouse does not already hold it
    (so it works on a fresh machine). Findings are data: the exit code is 0 whatever they
    are, and non-zero only when the PDF could not be checked.
    """
    if pdf is None and _embedded_pdf_is_another_areas():
        # As for the report: another area's findings are those of its latest edition.
        from pipeline.checking import outcomes_from_warehouse

        outcomes = outcomes_from_warehouse(*_loaded_revision(None, warehouse))
    else:
        _, outcomes = _checked(pdf, warehouse)
    findings = [f for o in outcomes for f in o.findings]
    if as_json:
        click.echo(findings_json(findings))
        return
    from rich.console import Console

    from pipeline.messages import say
    from pipeline.summary import families_from_outcomes, finding_line, print_family_lines

    for f in findings:
        click.echo(finding_line(f))
    families = families_from_outcomes(outcomes)
    stderr = Console(stderr=True)
    print_family_lines(families, stderr)
    stderr.print(
        say(
            "check.total",
            findings=len(findings),
            errors=sum(c.errors for c in families),
            warnings=sum(c.warnings for c in families),
            rules=len(outcomes),
        ),
        markup=False,
        highlight=False,
    )


@main.command()
@PDF
@click.option(
    "--revision",
    help="Loaded edition to report on: its revision id or a unique prefix (default: the "
    "latest edition, by the dates on the covers).",
)
@CHECK_WAREHOUSE
@click.option(
    "--out",
    "out_dir",
    type=OUTPUT_DIR,
    default="out/report",
    show_default=True,
    help="Directory to write into.",
)
def report(pdf: Path | None, revision: str | None, warehouse: Path | None, out_dir: str) -> None:
    """Write the review report (report.md and report.html, in Japanese), the council
    document of KPI progress (progress.html, A4 with page numbers, and progress.md) and
    kpi_progress.xlsx.

    Names the edition it describes (the cover's date, sha256 prefix) and when it was
    generated; findings grouped by check family with pages and both values, KPI progress
    as a table and a chart, and the changes since the edition published before it.
    Reports on the latest loaded edition (by the dates on the covers) unless --revision
    or --pdf names another. Loads and checks the PDF (default: the embedded one) first
    when the warehouse does not hold it checked with this code, like `vision check`.
    """
    from pipeline.checking import outcomes_from_warehouse
    from pipeline.output_paths import prepare_output_dir
    from pipeline.report import write_report

    out = prepare_output_dir(out_dir)
    if pdf is not None and revision is not None:
        raise click.UsageError("give --pdf or --revision, not both")
    if revision is None and pdf is None and _embedded_pdf_is_another_areas():
        # The embedded PDF is the shipped area's: another profile's report is on what its
        # own refreshes loaded (the latest edition), never on a load of that PDF.
        target, revision_id = _loaded_revision(None, warehouse)
    elif revision is None:
        checked, _ = _checked(pdf, warehouse)
        target = checked.warehouse
        revision_id = checked.revision_id if pdf is not None else _latest_revision(target)
    else:
        target, revision_id = _loaded_revision(revision, warehouse)
    outcomes = outcomes_from_warehouse(target, revision_id)
    files = write_report(target, revision_id, outcomes, out)
    click.echo(str(files.markdown))
    click.echo(str(files.html))
    click.echo(str(files.progress_xlsx))
    click.echo(str(files.progress_markdown))
    click.echo(str(files.progress_html))


def _embedded_pdf_is_another_areas() -> bool:
    from sources.profile import DEFAULT_PROFILE, selected_profile_name

    return selected_profile_name() != DEFAULT_PROFILE


def _latest_revision(warehouse: Path) -> str:
    from warehouse.query import connect_read_only

    with connect_read_only(warehouse) as con:
        return con.execute("SELECT revision_id FROM latest_revision").fetchone()[0]


def _loaded_revision(revision: str | None, warehouse: Path | None) -> tuple[Path, str]:
    """The warehouse and the loaded edition `revision` (an id or a unique prefix) names,
    or its latest edition when `revision` is None."""
    from pipeline.warehouse_schema import OutdatedWarehouse, require_current_schema
    from warehouse.diff import RevisionNotFound, resolve_revision
    from warehouse.paths import resolve_warehouse
    from warehouse.query import WarehouseMissing, connect_read_only

    target = resolve_warehouse(warehouse)
    try:
        with connect_read_only(target) as con:
            require_current_schema(con, target)
            if revision is None:
                latest = con.execute("SELECT revision_id FROM latest_revision").fetchone()
                if latest is None:
                    raise click.ClickException(
                        f"{target}: no edition loaded; run vision refresh --pdf PDF first"
                    )
                return target, latest[0]
            return target, resolve_revision(con, revision)
    except (RevisionNotFound, WarehouseMissing, OutdatedWarehouse) as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@TABLE_FORMAT
@READ_WAREHOUSE
def diff(old: str | None, new: str | None, fmt: str, warehouse: Path | None) -> None:
    """What changed between two loaded editions of the vision, one row per change.

    OLD and NEW are revision ids (the PDF's sha256, or a unique prefix such as the
    12-digit partition key). Without them, the two newest editions in publication order
    (the dates on their covers), whatever order they were loaded in. Each change has a
    kind (changed, renamed, added, removed), what changed in the document's words (e.g. a
    project card's 事業費見込 2026年度 (令和8年度)), old and new value and the page in each
    edition. Load an edition first with `vision refresh --pdf PATH`.
    """
    import duckdb

    from pipeline.diff_output import print_diff
    from pipeline.warehouse_schema import OutdatedWarehouse, require_current_schema
    from warehouse.diff import RevisionNotFound, diff_revisions
    from warehouse.paths import resolve_warehouse
    from warehouse.query import WarehouseMissing, connect_read_only

    if (old is None) != (new is None):
        raise click.UsageError("give both OLD and NEW, or neither")
    target = resolve_warehouse(warehouse)
    try:
        with connect_read_only(target) as con:
            require_current_schema(con, target)
            if old is None or new is None:
                old, new = _last_two(con)
            result = diff_revisions(con, old, new)
    except (RevisionNotFound, WarehouseMissing, OutdatedWarehouse) as exc:
        raise click.ClickException(str(exc)) from exc
    except duckdb.CatalogException as exc:
        from pipeline.messages import say

        raise click.ClickException(
            say(
                "diff.not_a_warehouse",
                warehouse=target,
                cause=str(exc).splitlines()[0],
            )
        ) from exc
    print_diff(result, fmt)


def _last_two(con) -> tuple[str, str]:
    """The two newest editions, or what to do when the warehouse holds only one."""
    from pipeline.messages import say
    from warehouse.diff import RevisionNotFound, last_two_revisions

    try:
        return last_two_revisions(con)
    except RevisionNotFound as exc:
        raise click.ClickException(say("diff.one_edition", cause=exc)) from exc


@main.command()
@click.argument("sql")
@TABLE_FORMAT
@READ_WAREHOUSE
def query(sql: str, fmt: str, warehouse: Path | None) -> None:
    """Run SQL against the warehouse (read-only) and print the result.

    Example: vision query "SELECT * FROM document_findings"
    """
    import duckdb

    from warehouse.paths import resolve_warehouse
    from warehouse.query import (
        QueryRefused,
        QueryTimeout,
        WarehouseMissing,
        format_frame,
        run_query,
    )
    from warehouse.reader import duckdb_text

    try:
        frame = run_query(resolve_warehouse(warehouse), sql)
    except duckdb.PermissionException as exc:
        from pipeline.messages import say

        raise click.ClickException(say("query.refused", cause=duckdb_text(exc))) from exc
    except duckdb.Error as exc:
        raise click.ClickException(duckdb_text(exc)) from exc
    except (WarehouseMissing, QueryRefused, QueryTimeout) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(format_frame(frame, fmt))
    if fmt == "table":  # the count is for a person reading the table, not for tools
        from pipeline.messages import say

        click.echo(say("query.rows", rows=len(frame)), err=True)


@main.command()
@format_option(
    ["csv", "parquet", "xlsx"],
    "csv",
    "csv: one file per table, UTF-8 with BOM, text quoted (opens in Excel); xlsx: one "
    "workbook, a sheet per table; parquet: native types and machine names, for tools.",
)
@NEW_OUT_DIR
@READ_WAREHOUSE
def export(fmt: str, out_dir: str, warehouse: Path | None) -> None:
    """Export every warehouse table and view.

    CSV and Excel are for people: Japanese sheet names and column headers (`vision --lang
    en export` keeps the machine names), lists joined with 、, codes such as 06201 and years
    kept as text; Excel sheets have a frozen header, a filter and fitted widths.
    """
    from pipeline.messages import language
    from pipeline.output_paths import prepare_output_dir
    from warehouse.paths import resolve_warehouse
    from warehouse.query import ForeignRelation, QueryTimeout, WarehouseMissing, export_warehouse

    out = prepare_output_dir(out_dir)
    target = resolve_warehouse(warehouse)
    try:
        written = export_warehouse(target, out, fmt, language())
    except ForeignRelation as exc:
        raise click.ClickException(f"{target}: {exc}") from exc
    except (WarehouseMissing, QueryTimeout) as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        click.echo(str(path))


main.add_command(actuals)
main.add_command(statistics)
main.add_command(profile)

if __name__ == "__main__":
    main()
