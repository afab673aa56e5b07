"""Markdown for the report's tables."""

from __future__ import annotations


def markdown_text(value: object) -> object:
    """A value printed in Markdown with < and > as HTML entities: Markdown passes raw HTML
    through (a `<script>` in a PDF cell would run in a rendered report.md). Without a `<`
    no tag can open, so `&` stays as typed (R&D reads as R&D in the file too)."""
    if not isinstance(value, str):
        return value
    return value.replace("<", "&lt;").replace(">", "&gt;")


def markdown_cell(text: object) -> str:
    """Text that stays in its Markdown table cell: | escaped, line breaks as spaces."""
    return str(text).replace("|", "\\|").replace("\n", " ")
