"""The report's account of editions: which edition it describes, and what changed since
the edition published before it (`warehouse.diff`), as an HTML table and in Markdown.

Rendered with jinja2 templates (`pipeline/templates/report_*.j2`); HTML is autoescaped.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from zoneinfo import ZoneInfo

import jinja2

from pipeline.diff_output import pages, shown
from warehouse.changes import KINDS
from warehouse.diff import RevisionDiff
from warehouse.editions import LoadedEdition

REPORT_TIMEZONE = ZoneInfo("Asia/Tokyo")

CSS = """
.edition { color: #333; background: #f4f4f4; padding: 0.5em 0.8em; }
table.change-list { table-layout: fixed; }
table.change-list col.kind { width: 6em; }
table.change-list col.what { width: 40%; }
table.change-list col.page { width: 5em; }
table.change-list td.value { font-variant-numeric: tabular-nums; }
table.change-list tr.added td:first-child { color: #070; }
table.change-list tr.removed td:first-child { color: #b00; }
table.change-list tr.renamed td:first-child, table.change-list tr.changed td:first-child {
  color: #a60;
}
"""


def markdown_cell(text: object) -> str:
    """Text that stays in its Markdown table cell: | escaped, line breaks as spaces."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _groupby_section(changes: list[dict[str, object]]) -> list[tuple[str, list]]:
    return [(str(s), list(rows)) for s, rows in groupby(changes, key=lambda c: c["section"])]


def edition_name(edition: LoadedEdition) -> str:
    """令和8年2月20日 改訂（b919f03748c4）: the cover's words, then the file."""
    return f"{edition.name}（{edition.short_id}）" if edition.label else edition.name


def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["groupby_section"] = _groupby_section
    env.filters["cell"] = markdown_cell
    env.globals.update(shown=shown, pages=pages, kind_title=KINDS.get, edition_name=edition_name)
    return env


_HTML = _environment(autoescape=True)
_MARKDOWN = _environment(autoescape=False)


def changes_html(diff: RevisionDiff | None) -> str:
    changes = diff.records() if diff is not None else []
    return _HTML.get_template("report_changes.html.j2").render(diff=diff, changes=changes)


def changes_markdown(diff: RevisionDiff | None) -> str:
    changes = diff.records() if diff is not None else []
    return _MARKDOWN.get_template("report_changes.md.j2").render(diff=diff, changes=changes)


def generated_at(now: dt.datetime | None = None) -> str:
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(REPORT_TIMEZONE)
    return f"{moment:%Y-%m-%d %H:%M}（日本時間）"


def edition_html(edition: LoadedEdition, ordered_by: str | None, generated: str) -> str:
    """Which edition the report describes, and when it was generated."""
    return _HTML.get_template("report_edition.html.j2").render(
        edition=edition,
        ordered_by=ordered_by,
        generated=generated,
    )


def edition_markdown(edition: LoadedEdition, ordered_by: str | None, generated: str) -> str:
    return _MARKDOWN.get_template("report_edition.md.j2").render(
        edition=edition,
        ordered_by=ordered_by,
        generated=generated,
    )
