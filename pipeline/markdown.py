"""Markdown for the report's tables."""

from __future__ import annotations


def markdown_cell(text: object) -> str:
    """Text that stays in its Markdown table cell: | escaped, line breaks as spaces."""
    return str(text).replace("|", "\\|").replace("\n", " ")
