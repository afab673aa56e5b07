"""Ruled tables of one PDF page: ruling lines → cells → a grid with spans and cell text.

This module knows geometry only (no captions, sections or document rules; those live in
`sources/vision_tables_pdf.py`). Per page it returns a `PageLayout`:

* the page's ruled tables (`PageTable`), each a set of `TableCell`s (bbox + text) found
  from the drawn ruling lines by pdfplumber's lattice finder (`page.find_tables()`);
* the page's text lines *outside* tables (`TextLine`, with font family and size), which
  the document level reads for headings and captions;
* single ruled boxes (`PageLayout.frames`): a framed paragraph, or the first row of a
  table the renderer broke across pages right after it.


Modules, one geometric idea each (in the style of pdfplumber's table.py): `grid` (cells
laid on row/column boundaries), `lines` (glyphs grouped into text lines), `cell_text`
(wrapped vs broken lines inside a cell), `page` (one page's tables, frames and text).
"""
