"""Ruled tables of one PDF page: ruling lines → cells → a grid with spans and cell text.

This module knows geometry only (no captions, sections or document rules; those live in
`sources/vision_tables_pdf.py`). Per page it returns a `PageLayout`:

* the page's tables (`PageTable`), each a set of `TableCell`s (bbox + text): ruled ones
  found from the drawn ruling lines by pdfplumber's lattice finder
  (`page.find_tables()`), the others as below;
* the page's text lines *outside* tables (`TextLine`, with font family and size), which
  the document level reads for headings and captions;
* single ruled boxes (`PageLayout.frames`): a framed paragraph, or the first row of a
  table the renderer broke across pages right after it.


Tables without a full grid are found too, from pdfplumber's own objects: rows of tiny
squares (a dotted rule as Chromium/Skia prints it) become rules for the lattice finder;
horizontal rules and shaded fills enclose booktabs and zebra tables; an outer frame, or
nothing at all, holds a table whose columns come from the text's alignment. Each
`PageTable` says how it was found (`layout`: grid, frame, rules, unruled).

Modules, one geometric idea each (in the style of pdfplumber's table.py): `grid` (cells
laid on row/column boundaries), `lines` (glyphs grouped into text lines), `cell_text`
(wrapped vs broken lines inside a cell, 縦書き cells), `rules` (dotted rules, horizontal
rules, fill bands), `regions` (where a table without a grid lies; charts are not
tables), `aligned` (columns from alignment, rows from rules/fills/baselines, multi-level
headers), `page` (one page's tables, frames and text), `settings` (every tolerance of
the above, validated).
"""
