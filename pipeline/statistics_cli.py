"""`vision statistics`: official statistics downloaded from e-Stat elsewhere, imported as a
release of their own (for a machine without network or without an e-Stat application id)."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.actuals_cli import WAREHOUSE_OPTION


@click.group()
def statistics() -> None:
    """Official statistics: import a table downloaded from e-Stat."""


@statistics.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--dataset",
    required=True,
    help="Dataset the files are (census2020_final, census2025_final, …; see README).",
)
@click.option(
    "--pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Vision PDF the refresh after the import loads (default: as vision refresh).",
)
@WAREHOUSE_OPTION
@click.pass_context
def import_(
    ctx: click.Context,
    files: tuple[Path, ...],
    dataset: str,
    pdf: Path | None,
    warehouse: Path | None,
) -> None:
    """Check FILES like a live e-Stat fetch and make them the dataset's new release.

    FILES: the getStatsData JSON of the dataset's table as e-Stat's API returns it (every
    page, when the answer has a NEXT_KEY), or for census2020_final e-Stat's database CSV
    download. The files are kept in the import store (VISION_STATISTICS_DIR, default
    .dagster/statistics), which a refresh reads when e-Stat cannot be asked, before the
    shipped snapshot; then the warehouse is refreshed. Nothing is kept when a file is
    refused.
    """
    from pipeline.cli import refresh
    from pipeline.messages import say
    from sources.govstats.downloads import DownloadError, keep_download, read_download

    try:
        download = read_download(dataset, list(files))
        folder = keep_download(download)
    except DownloadError as exc:
        raise click.ClickException(say("statistics.refused", problem=exc)) from exc
    except OSError as exc:
        raise click.ClickException(say("statistics.refused", problem=exc)) from exc
    click.echo(
        say(
            "statistics.imported",
            dataset=dataset,
            files=download.file_names,
            rows=len(download.frame),
            sha=download.sha256[:12],
            folder=folder,
        )
    )
    ctx.invoke(refresh, pdf=pdf, warehouse=warehouse, force=False, verbose=False)
