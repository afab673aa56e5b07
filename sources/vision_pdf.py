"""The vision PDF as a document: identity (sha256), page count, and a clear error when the
file is not a readable PDF.

Table extraction lives in `sources/vision_tables_pdf.py`; this module only answers "which
document is this and can we read it".
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from sources.input_limits import (
    InputLimits,
    InputRefused,
    LimitSettingError,
    input_limits,
    open_input,
)
from sources.manifest import default_vision_pdf

# Limits on what a refresh agrees to open (sources/input_limits.py; the vision is about
# 1 MB and opens in well under a second). pdfminer's search for objects in a damaged file
# is quadratic: a large file that merely starts with %PDF- could otherwise hold a refresh
# for an hour, so the trailer is looked at first.
MAX_PDF_MB_ENV = InputLimits.env_name("pdf_max_mb")
OPEN_SECONDS_ENV = InputLimits.env_name("pdf_open_seconds")
PDF_MAGIC = b"%PDF-"
# Where a PDF's trailer is looked for: its last bytes (the format says the last 1024; some
# writers and servers append a little after %%EOF).
TRAILER_WINDOW = 4096
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.ASCII)
# What `startxref` must point at (give or take a few bytes written by a careless tool):
# a classic cross-reference table or a cross-reference stream object.
_XREF_AT = re.compile(rb"xref|\d+\s+\d+\s+obj", re.ASCII)
XREF_SLACK = 64


class VisionPdfError(Exception):
    """The file is missing, not a PDF, truncated, or does not look like the vision."""


class _OpenTimedOut(BaseException):
    """Raised from the alarm handler; a BaseException so pdfminer's broad
    `except Exception` blocks cannot swallow it."""


def max_pdf_bytes() -> int:
    return input_limits().max_bytes("pdf_max_mb")


def open_time_limit() -> float:
    return input_limits().pdf_open_seconds


def _shown(head: bytes) -> str:
    """The first bytes as a person would read them (a web page's `<html`, not b'<html')."""
    return head.decode("utf-8", errors="replace")


def _trailer_problem(handle: BinaryIO, size: int) -> str | None:
    """Why the PDF's trailer cannot be read (truncated, junk after a PDF header), or None.
    Only the head, the last few kB and the bytes `startxref` points at are read."""
    handle.seek(0)
    if size == 0:
        return "empty file (0 bytes); download or save the vision PDF again"
    head = handle.read(len(PDF_MAGIC))
    if head != PDF_MAGIC:
        return (
            f"not a PDF (it starts with {_shown(head)!r}, not %PDF-); name the vision PDF "
            "itself, not a web page or another file"
        )
    handle.seek(max(size - TRAILER_WINDOW, 0))
    found = list(_STARTXREF.finditer(handle.read(TRAILER_WINDOW)))
    if not found:
        return (
            "no trailer (startxref … %%EOF) at the end of the file; the file is truncated "
            "or not a PDF — download or save it again"
        )
    offset = int(found[-1][1])
    handle.seek(max(offset - XREF_SLACK, 0))
    if offset >= size or not _XREF_AT.search(handle.read(3 * XREF_SLACK)):
        return (
            f"its trailer points at byte {offset}, where there is no cross-reference "
            "table; the file is damaged — download or save it again"
        )
    return None


def check_pdf_file(path: Path) -> int:
    """The size of `path` if it can be a vision PDF to read: an existing regular file
    within the size limit, starting like a PDF and ending with a trailer that points at a
    cross-reference table; VisionPdfError naming the file and what to do otherwise.
    Cheap (a few kB read, no parsing), so even the no-op refresh calls it before hashing."""
    try:
        with open_input(path, "a vision PDF", "pdf_max_mb") as handle:
            size = os.fstat(handle.fileno()).st_size
            problem = _trailer_problem(handle, size)
    except FileNotFoundError:
        raise VisionPdfError(f"{path}: no such file") from None
    except OSError as exc:
        raise VisionPdfError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (InputRefused, LimitSettingError) as exc:
        raise VisionPdfError(str(exc)) from None
    if problem:
        raise VisionPdfError(f"{path}: {problem}")
    return size


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (SIGALRM, so only in the main thread; other
    threads — none of the project's callers — run without the limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def _alarm(_signum: int, _frame: object) -> None:
        raise _OpenTimedOut

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _is_encrypted_error(exc: BaseException) -> bool:
    """pdfminer's password errors, also when pdfplumber wraps them (PdfminerException)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    causes = [exc, exc.__cause__, exc.__context__, *getattr(exc, "args", ())]
    return any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes)


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
    with open_input(path, "a file") as handle:  # never a FIFO or device: they do not end
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# The documents this process has opened, by the sha256 of their bytes: a refresh identifies
# its PDF when it starts the page analysis, before the run and in the run (the revision
# store's copy); the same bytes are parsed once (about 0.1 s each). Only documents that
# opened are kept; a file is still checked and hashed every time.
_OPENED: dict[str, VisionDocument] = {}
OPENED_KEPT = 16


def open_vision_document(
    path: Path | str | None = None, *, verified_sha256: str | None = None
) -> VisionDocument:
    """Identify the vision PDF at `path` (the embedded default when None).

    `verified_sha256`: the file's hash, when the caller has just verified it (a revision
    store read with `verify=True`), so the identity is not established twice.

    Raises VisionPdfError naming the file and what is wrong with it, so a refresh can stop
    before it touches the warehouse.
    """
    pdf_path = Path(path) if path is not None else default_vision_pdf()
    size = check_pdf_file(pdf_path)
    sha256 = verified_sha256 or file_sha256(pdf_path)
    opened = _OPENED.get(sha256)
    if opened is not None:
        return replace(opened, path=pdf_path.resolve(), size_bytes=size)
    document = _open_document(pdf_path, sha256, size)
    if len(_OPENED) >= OPENED_KEPT:
        _OPENED.pop(next(iter(_OPENED)))
    _OPENED[sha256] = document
    return document


def _open_document(pdf_path: Path, sha256: str, size: int) -> VisionDocument:
    """Parse the checked file: its page count, title and cover text, or VisionPdfError."""
    # Imported here: hashing a file (the no-op refresh) must not pay for pdfplumber.
    import pdfplumber

    seconds = open_time_limit()
    try:
        with _time_limit(seconds), pdfplumber.open(pdf_path) as pdf:
            page_count = len(pdf.pages)
            title = str((pdf.metadata or {}).get("Title", "") or "")
            if page_count == 0:
                raise VisionPdfError(f"{pdf_path}: the PDF has no pages")
            cover_text = pdf.pages[0].extract_text() or ""
    except VisionPdfError:
        raise
    except _OpenTimedOut:
        raise VisionPdfError(
            f"{pdf_path}: still not open after {seconds:g} s (limit {OPEN_SECONDS_ENV}); "
            "the file is damaged or not the vision"
        ) from None
    except Exception as exc:
        if not _is_encrypted_error(exc):
            raise _unreadable(pdf_path, exc) from exc
        raise VisionPdfError(
            f"{pdf_path} is encrypted with a password needed to open it; save an "
            "unencrypted copy and read that (a PDF protected only by an owner password, "
            "against printing or copying, is read as is)"
        ) from exc
    return VisionDocument(
        path=pdf_path.resolve(),
        sha256=sha256,
        page_count=page_count,
        title=title,
        size_bytes=size,
        cover_text=cover_text,
    )


def _unreadable(pdf_path: Path, exc: Exception) -> VisionPdfError:
    """pdfminer raises a zoo of types on damaged files; name the type and the cause."""
    cause = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Exception) else exc
    detail = f"{type(cause).__name__}: {cause}".rstrip(": ")
    return VisionPdfError(
        f"{pdf_path}: unreadable PDF ({detail}); is the file truncated or corrupt?"
    )
