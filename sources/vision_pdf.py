"""The vision PDF as a document: identity (sha256), page count, and a clear error when the
file is not a readable PDF.

Table extraction lives in `sources/vision_tables_pdf.py`; this module only answers "which
document is this and can we read it".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sources.manifest import default_vision_pdf


class VisionPdfError(Exception):
    """The file is missing, not a PDF, truncated, or does not look like the vision."""


@dataclass(frozen=True)
class VisionDocument:
    path: Path
    sha256: str
    page_count: int
    title: str
    size_bytes: int
    cover_text: str = ""  # page 1 as text: the title and the edition's dates (vision_edition)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_vision_document(path: Path | str | None = None) -> VisionDocument:
    """Identify the vision PDF at `path` (the embedded default when None).

    Raises VisionPdfError naming the file and what is wrong with it, so a refresh can stop
    before it touches the warehouse.
    """
    pdf_path = Path(path) if path is not None else default_vision_pdf()
    if not pdf_path.is_file():
        raise VisionPdfError(f"{pdf_path}: no such file")
    size = pdf_path.stat().st_size
    with pdf_path.open("rb") as handle:
        head = handle.read(5)
    if head != b"%PDF-":
        raise VisionPdfError(f"{pdf_path}: not a PDF (starts with {head!r}, expected b'%PDF-')")
    # Imported here: hashing a file (the no-op refresh) must not pay for pdfplumber.
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(pdf_path) as pdf:
            page_count = len(pdf.pages)
            title = str((pdf.metadata or {}).get("Title", "") or "")
            if page_count == 0:
                raise VisionPdfError(f"{pdf_path}: the PDF has no pages")
            cover_text = pdf.pages[0].extract_text() or ""
    except VisionPdfError:
        raise
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise VisionPdfError(
            f"{pdf_path}: unreadable PDF ({type(exc).__name__}: {exc}); "
            "is the file truncated or corrupt?"
        ) from exc
    except Exception as exc:  # pdfminer raises a zoo of types on damaged files
        raise VisionPdfError(f"{pdf_path}: unreadable PDF ({type(exc).__name__}: {exc})") from exc
    return VisionDocument(
        path=pdf_path.resolve(),
        sha256=file_sha256(pdf_path),
        page_count=page_count,
        title=title,
        size_bytes=size,
        cover_text=cover_text,
    )
