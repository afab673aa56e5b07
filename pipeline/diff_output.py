"""How `vision diff` prints a RevisionDiff: a change list grouped by section (table), or
one record per change (csv, json)."""

from __future__ import annotations

import csv
import io
import json

import click
from rich.cells import cell_len

from pipeline.messages import change_kind, say
from warehouse.changes import CHANGE_COLUMNS, KINDS
from warehouse.diff import RevisionDiff
from warehouse.editions import LoadedEdition

NOTHING = "（なし）"  # the value does not exist in that edition
BLANK = "（空欄）"  # printed as an empty cell


def shown(value: object) -> str:
    """A compared value as a reader should see it: never None, never an empty string."""
    if value is None:
        return NOTHING
    return str(value) if str(value).strip() else BLANK


def pages(change: dict[str, object]) -> str:
    old, new = change["old_page"], change["new_page"]
    if old is None and new is None:
        return "p.—"
    if old is None or new is None or old == new:
        return f"p.{new if new is not None else old}"
    return f"p.{old} → p.{new}"


def edition_json(edition: LoadedEdition) -> dict[str, object]:
    return {
        "revision_id": edition.revision_id,
        "label": edition.label,
        "published": edition.published.isoformat() if edition.published else None,
    }


def diff_json(result: RevisionDiff) -> dict[str, object]:
    return {
        "old": edition_json(result.old),
        "new": edition_json(result.new),
        "changes": result.records(),
    }


def diff_csv(result: RevisionDiff) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CHANGE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(result.records())
    return out.getvalue()


def padded(text: str, width: int) -> str:
    """`text` filled with spaces to `width` terminal cells (a Japanese character takes two)."""
    return text + " " * max(0, width - cell_len(text))


def diff_text(result: RevisionDiff) -> str:
    """The change list for reading, in the chosen language (csv and json keep the kinds'
    machine names for tools)."""
    lines = [f"{result.old.full_name} → {result.new.full_name}"]
    records = result.records()
    if not records:
        return "\n".join([*lines, say("diff.none")])
    lines.append(say("diff.count", count=len(records)))
    kind_width = max(cell_len(change_kind(kind)) for kind in KINDS) + 1
    section = None
    for change in records:
        if change["section"] != section:
            section = change["section"]
            lines += ["", str(section)]
        lines.append(
            f"  {padded(change_kind(str(change['kind'])), kind_width)} {change['what']}: "
            f"{shown(change['old'])} → {shown(change['new'])} ({pages(change)})"
        )
    return "\n".join(lines)


def print_diff(result: RevisionDiff, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(diff_json(result), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(diff_csv(result), nl=False)
    else:
        click.echo(diff_text(result))
