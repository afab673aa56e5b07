"""How `vision diff` prints a RevisionDiff."""

from __future__ import annotations

import json

import click
import pandas as pd

from warehouse.diff import RevisionDiff
from warehouse.query import format_frame


def diff_json(result: RevisionDiff) -> dict[str, object]:
    def records(frame: pd.DataFrame) -> list[dict[str, object]]:
        return json.loads(frame.to_json(orient="records", force_ascii=False))

    return {
        "old": result.old,
        "new": result.new,
        "changed_cells": records(result.changed),
        "added_tables": records(result.added_tables),
        "removed_tables": records(result.removed_tables),
        "added_projects": records(result.added_projects),
        "removed_projects": records(result.removed_projects),
    }


def print_diff(result: RevisionDiff, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(diff_json(result), ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        click.echo(format_frame(result.changed, "csv"), nl=False)
        return
    click.echo(f"{result.old[:12]} → {result.new[:12]}")
    if result.is_empty:
        click.echo("no differences")
        return
    sections = (
        ("changed cells", result.changed),
        ("added tables", result.added_tables),
        ("removed tables", result.removed_tables),
        ("added projects", result.added_projects),
        ("removed projects", result.removed_projects),
    )
    for title, frame in sections:
        if not frame.empty:
            click.echo(f"\n{title} ({len(frame)}):")
            click.echo(format_frame(frame, "table"))
