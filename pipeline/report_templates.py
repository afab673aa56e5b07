"""The jinja2 environments every part of the review report is rendered in: templates from
`pipeline/templates/`, the filters and helpers they share. HTML is autoescaped, Markdown
is not — every value printed in it has its < and > escaped instead (`<script>` is
shown as text by a Markdown viewer) and its table cells go through the `cell` filter."""

from __future__ import annotations

import jinja2

from pipeline.diff_output import pages, shown
from pipeline.kpi_report import SECTION_TITLE
from pipeline.kpi_text import number_text, share_text
from pipeline.markdown import markdown_cell, markdown_text
from pipeline.report_findings import FINDING_HEADINGS, cell_class, cell_text, severity_title
from pipeline.report_revision import by_section, edition_name
from warehouse.changes import KINDS


def rule_text(check_id: str) -> str:
    """What a rule compares, in the words staff read in Dagster (its description), for the
    report's notes: its id is an internal name."""
    from expectations.registry import rules

    described = {rule.check_id: rule.description.rstrip("。") for rule in rules()}
    return described.get(check_id, check_id)


def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates"),
        autoescape=autoescape,
        # Markdown renderers pass HTML through: every value's < and > shown as text there.
        finalize=None if autoescape else markdown_text,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        cell=markdown_cell,
        by_section=by_section,
        grouped="{:,}".format,
        number=number_text,
        share=share_text,
    )
    env.globals.update(
        shown=shown,
        pages=pages,
        kind_title=KINDS.get,
        edition_name=edition_name,
        finding_headings=FINDING_HEADINGS,
        cell_text=cell_text,
        cell_class=cell_class,
        severity_title=severity_title,
        rule_text=rule_text,
        kpi_title=SECTION_TITLE,
    )
    return env


HTML = _environment(autoescape=True)
MARKDOWN = _environment(autoescape=False)
