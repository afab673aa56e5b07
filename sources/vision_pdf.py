"""The vision PDF as a document: identity (sha256), page count, and a clear error when the
file is not a readable PDF.

Table extraction lives in `sources/vision_tables_pdf.py`; this module only answers "which
document is this and can we read it".
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sources.manifest import default_vision_pdf

# Limits on what a refresh agrees to open (the vision is about 1 MB and opens in well
# under a second). pdfminer's search for objects in a damaged file is quadratic: a large
# file that merely starts with %PDF- could otherwise hold a refresh for an hour.
MAX_PDF_MB_ENV = "VISION_PDF_MAX_MB"
DEFAULT_MAX_PDF_MB = 100.0
OPEN_SECONDS_ENV = "VISION_PDF_OPEN_SECONDS"
DEFAULT_OPEN_SECONDS = 60.0


class VisionPdfError(Exception):
    """The file is missing, not a PDF, truncated, or does not look like the vision."""


class _OpenTimedOut(BaseException):
    """Raised from the alarm handler; a BaseException so pdfminer's broad
    `except Exception` blocks cannot swallow it."""


def _env_limit(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def max_pdf_bytes() -> int:
    return int(_env_limit(MAX_PDF_MB_ENV, DEFAULT_MAX_PDF_MB) * 1024 * 1024)


def open_time_limit() -> float:
    return _env_limit(OPEN_SECONDS_ENV, DEFAULT_OPEN_SECONDS)


def check_pdf_file(path: Path) -> int:
    """The size of `path` if it can be a vision PDF to read: an existing regular file
    within the size limit; VisionPdfError naming the file and what to do otherwise.
    Cheap (no PDF parsing), so even the no-op refresh calls it before hashing."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise VisionPdfError(f"{path}: no such file") from None
    except OSError as exc:
        raise VisionPdfError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise VisionPdfError(f"{path} is a directory; give the PDF file itself")
    if not stat.S_ISREG(info.st_mode):
        raise VisionPdfError(
            f"{path} is not a regular file (a device, pipe or socket); give a PDF file"
        )
    limit = max_pdf_bytes()
    if info.st_size > limit:
        raise VisionPdfError(
            f"{path}: {info.st_size / 2**20:.0f} MB is over the {limit / 2**20:.0f} MB limit "
            f"for a vision PDF; is it the right file? (raise {MAX_PDF_MB_ENV} if it is)"
        )
    return info.st_size


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
    size = check_pdf_file(pdf_path)
    with pdf_path.open("rb") as handle:
        head = handle.read(5)
    if head != b"%PDF-":
        raise VisionPdfError(f"{pdf_path}: not a PDF (starts with {head!r}, expected b'%PDF-')")
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
        sha256=file_sha256(pdf_path),
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
