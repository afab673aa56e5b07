"""Human-readable summaries printed at the end of a command."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pipeline.refresh import RefreshSummary


def print_refresh_summary(summary: RefreshSummary, console: Console | None = None) -> None:
    console = console or Console()
    if summary.table_rows:
        tables = Table(title="Tables loaded", title_justify="left")
        tables.add_column("table")
        tables.add_column("rows", justify="right")
        for name, rows in summary.table_rows.items():
            tables.add_row(name, f"{rows:,}")
        console.print(tables)
    for dataset, how in summary.statistics.items():
        console.print(f"statistics {dataset}: {how}", markup=False)
    for check in summary.checks:
        if check.passed:
            mark = "[green]PASS[/green]"
            detail = f"{check.compared} compared"
        elif check.severity == "ERROR":
            mark = "[red]ERROR[/red]"
            detail = "; ".join(check.data_errors)
        else:
            mark = "[yellow]WARN[/yellow]"
            detail = f"{check.findings} finding(s) in {check.compared} compared"
        console.print(f"{mark} {check.name}: {detail}")
    if summary.success:
        console.print(
            f"[bold]Warehouse:[/bold] {summary.warehouse} ({summary.seconds:.1f} s)",
            soft_wrap=True,
        )
    else:
        console.print("[red bold]Refresh failed[/red bold]; the previous warehouse is untouched.")
        for error in summary.errors:
            console.print(f"  {error}", soft_wrap=True, markup=False)
        if summary.failure_log:
            console.print(f"  logged in {summary.failure_log}", soft_wrap=True)
