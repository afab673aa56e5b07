"""Page analysis in worker processes: the workers only save time, never the result."""

import os

from sources import page_analysis
from sources.manifest import default_vision_pdf

PARENT = os.getpid()
_ANALYZE = page_analysis.analyze_page_range


def _dies_in_a_worker(path, page_numbers):
    # Stands for a worker killed mid-analysis (SIGKILL, out of memory).
    if os.getpid() != PARENT:
        os._exit(1)
    return _ANALYZE(path, page_numbers)


def test_a_worker_that_dies_leaves_the_pages_to_the_parent(monkeypatch):
    path = str(default_vision_pdf())
    monkeypatch.setattr(page_analysis, "MIN_PARALLEL_PAGES", 2)
    monkeypatch.setattr(page_analysis, "analyze_page_range", _dies_in_a_worker)
    running = page_analysis.start_workers(path, workers=2, page_count=2)
    assert running is not None and len(running.chunks) == 2
    layouts = running.layouts()
    assert [layout.page_number for layout in layouts] == [1, 2]
    assert layouts == _ANALYZE(path, [1, 2])
