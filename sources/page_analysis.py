"""The page layouts of a PDF, analysed in worker processes (page ranges), so that a
document of 66 pages takes about half the time on two cores; small documents serially.

An analysis can start ahead of its extraction: `vision refresh` (and `vision check`) start
it before importing Dagster, and the extraction of the same bytes later in the process
(`sources.vision_tables_pdf.extract_tables`) collects it by the document's sha256, the
workers having run meanwhile.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from sources.pdf_tables.page import PageLayout, analyze_page
from sources.vision_pdf import VisionPdfError, open_vision_document
from sources.worker_processes import die_with_parent

# Documents with fewer pages than this are analysed in-process (pool start-up costs more).
MIN_PARALLEL_PAGES = 8


def analyze_page_range(path: str, page_numbers: Sequence[int]) -> list[PageLayout]:
    """`PageLayout`s of the given 1-based pages (one worker's share)."""
    with pdfplumber.open(path) as pdf:
        out = []
        for n in page_numbers:
            page = pdf.pages[n - 1]
            out.append(analyze_page(page))
            page.close()
        return out


def page_chunks(page_count: int, parts: int) -> list[list[int]]:
    """Split pages 1..n into `parts` contiguous ranges of near-equal size."""
    parts = max(1, min(parts, page_count))
    size, extra = divmod(page_count, parts)
    chunks, start = [], 1
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        chunks.append(list(range(start, end)))
        start = end
    return [c for c in chunks if c]


@dataclass
class RunningAnalysis:
    """Page ranges of one document being analysed in worker processes."""

    path: str
    page_numbers: list[int]
    pool: ProcessPoolExecutor
    chunks: list[Future[list[PageLayout]]]

    def layouts(self) -> list[PageLayout]:
        """Every page's layout, in page order, once the workers are done. The workers only
        save time: when one ends abruptly (killed, out of memory) the pages are analysed
        in this process instead, rather than failing the extraction."""
        with self.pool:
            try:
                return [layout for chunk in self.chunks for layout in chunk.result()]
            except BrokenProcessPool:
                return analyze_page_range(self.path, self.page_numbers)

    def cancel(self) -> None:
        """Drop the result; workers that have begun end with their page range."""
        self.pool.shutdown(wait=False, cancel_futures=True)


def start_workers(
    path: str, workers: int | None = None, page_count: int | None = None
) -> RunningAnalysis | None:
    """Start analysing `path`'s page ranges in worker processes; None when the document is
    small enough (or the machine has one core) to be analysed in-process instead."""
    if page_count is None:
        with pdfplumber.open(path) as pdf:
            page_count = len(pdf.pages)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or page_count < MIN_PARALLEL_PAGES:
        return None
    chunks = page_chunks(page_count, workers)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(
        max_workers=len(chunks),
        mp_context=context,
        initializer=die_with_parent,  # never outlive a refresh that was killed
        initargs=(os.getpid(),),
    )
    futures = [pool.submit(analyze_page_range, path, c) for c in chunks]
    return RunningAnalysis(path, list(range(1, page_count + 1)), pool, futures)


def analyze_document(path: Path | str, workers: int | None = None) -> list[PageLayout]:
    """Every page's layout; pages are independent, so ranges run in worker processes."""
    path = str(path)
    running = start_workers(path, workers)
    if running is None:
        with pdfplumber.open(path) as pdf:
            page_count = len(pdf.pages)
        return analyze_page_range(path, range(1, page_count + 1))
    return running.layouts()


# Analyses started ahead of their extraction, by the document's sha256.
_started: dict[str, RunningAnalysis] = {}


def start_analysis(path: Path | str) -> None:
    """Begin analysing the pages of the PDF at `path` now, so that a later `extract_tables`
    of the same bytes in this process finds them done: `vision refresh` starts it before
    importing Dagster, and the workers run while it does. A file the extraction would
    refuse (not a PDF, encrypted, too slow to open, …) is left to it to report."""
    try:
        document = open_vision_document(path)
    except VisionPdfError:
        return
    if document.sha256 in _started:
        return
    running = start_workers(str(document.path), page_count=document.page_count)
    if running is not None:
        _started[document.sha256] = running


def cancel_started_analyses() -> None:
    """Stop the workers of analyses started ahead and never collected (a failed refresh)."""
    while _started:
        _started.popitem()[1].cancel()


def take_started_analysis(sha256: str) -> RunningAnalysis | None:
    """The analysis started ahead for the document with this sha256, if any (once)."""
    return _started.pop(sha256, None)
