"""The page layouts of a PDF, analysed in worker processes (page ranges), so that a
document of 66 pages takes about half the time on two cores; small documents serially.

An analysis can start ahead of its extraction: `vision refresh` (and `vision check`) start
it before importing Dagster, and the extraction of the same bytes later in the process
(`sources.vision_tables_pdf.extract_tables`) collects it by the document's sha256, the
workers having run meanwhile.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pdfplumber

from sources.pdf_tables.page import PageLayout, analyze_page
from sources.vision_pdf import VisionPdfError, open_vision_document
from sources.worker_processes import die_with_parent

# Documents with fewer pages than this are analysed in-process (pool start-up costs more).
MIN_PARALLEL_PAGES = 8
# How long a killed worker may take to be reaped (it ends at once; this only bounds a wait).
WORKER_REAP_SECONDS = 5.0


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
class _Worker:
    """One worker process analysing one page range; its result comes back over a pipe."""

    pages: list[int]
    process: BaseProcess
    results: Connection

    def layouts(self, path: str) -> list[PageLayout]:
        """The range's layouts from the worker; when it ended without them (killed, out of
        memory, an error) the range is analysed in this process instead, which raises the
        error itself if there is one."""
        try:
            return self.results.recv()
        except (EOFError, OSError):
            return analyze_page_range(path, self.pages)

    def end(self) -> None:
        """Kill the process (its result is no longer wanted) and reap it: nothing is left
        running, or waited for, when the command exits."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=WORKER_REAP_SECONDS)
        self.results.close()


@dataclass(eq=False)
class RunningAnalysis:
    """Page ranges of one document being analysed in worker processes."""

    path: str
    workers: list[_Worker]

    @property
    def chunks(self) -> list[list[int]]:
        return [w.pages for w in self.workers]

    def layouts(self) -> list[PageLayout]:
        """Every page's layout, in page order, once the workers are done. The workers only
        save time: a range whose worker ended abruptly is analysed in this process."""
        try:
            return [layout for w in self.workers for layout in w.layouts(self.path)]
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Drop the result: every worker is killed and reaped now (a worker finishing its
        range first would hold a failed or cancelled command for up to a minute)."""
        for worker in self.workers:
            worker.end()
        _running.discard(self)


# Every analysis whose workers may still run (ended at exit, whatever the exit).
_running: set[RunningAnalysis] = set()


def _work(path: str, pages: list[int], results: Connection, parent_pid: int) -> None:
    """A worker's whole life: its range's layouts sent to the parent, or nothing."""
    # Ctrl-C reaches the whole process group; the parent decides, and kills the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent_pid)
    try:
        results.send(analyze_page_range(path, pages))
    except BaseException:  # the parent redoes the range and reports any error itself
        pass
    finally:
        results.close()


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C while a worker is forked. Arriving during the fork, it would be raised in
    an at-fork hook (logging's), where Python prints and drops it: the command would go on
    as if never interrupted. Held, it is raised as soon as the worker has started; the
    worker starts with it held and ignores it from its first line.

    Blocking the signal holds it for this thread only: the kernel hands it to another
    thread (an import or a context built in the background), and Python then runs the
    handler in this one — inside the fork's hooks. So the handler is also replaced, by one
    that only notes the Ctrl-C, for the fork's length; a noted one is raised after it."""
    noted: list[int] = []
    replace = threading.current_thread() is threading.main_thread()
    previous_handler = signal.getsignal(signal.SIGINT)
    if replace:
        signal.signal(signal.SIGINT, lambda signum, _frame: noted.append(signum))
    previous_mask = (
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        if hasattr(signal, "pthread_sigmask")
        else None
    )
    try:
        yield
    finally:
        if previous_mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)
        if replace:
            signal.signal(signal.SIGINT, previous_handler)
    if noted:
        _deliver(previous_handler)


def _deliver(handler: object) -> None:
    """A Ctrl-C noted while held, as the handler it was held from would take it."""
    if handler is signal.SIG_IGN:
        return
    if callable(handler):
        handler(signal.SIGINT, None)
        return
    raise KeyboardInterrupt


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
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    running = RunningAnalysis(path, [])
    _running.add(running)
    for pages in page_chunks(page_count, workers):
        receiver, sender = context.Pipe(duplex=False)
        # daemon: multiprocessing's own exit handler kills it rather than waiting for it
        process = context.Process(
            target=_work, args=(path, pages, sender, os.getpid()), daemon=True
        )
        with _ctrl_c_held():
            process.start()
        sender.close()  # the worker holds the only sending end: its exit is our EOF
        running.workers.append(_Worker(pages, process, receiver))
    return running


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


@atexit.register
def _end_every_worker() -> None:
    """At exit (also `pipeline.process_exit`'s), whatever path the command took: no
    worker outlives or holds up the command."""
    _started.clear()
    for running in list(_running):
        running.cancel()


def take_started_analysis(sha256: str) -> RunningAnalysis | None:
    """The analysis started ahead for the document with this sha256, if any (once)."""
    return _started.pop(sha256, None)
