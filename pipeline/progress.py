"""A Dagster logger that shows a refresh's progress as one short line per step, instead
of Dagster's full event log (which stays available in `dagster dev`)."""

from __future__ import annotations

import logging
import sys
import time

import dagster as dg

_STEP_EVENTS = {"STEP_SUCCESS": "✓", "STEP_FAILURE": "✗"}


class ProgressHandler(logging.Handler):
    def __init__(self, stream=None) -> None:
        # Dagster logs step events at DEBUG; the handler picks the few it shows.
        super().__init__(logging.DEBUG)
        self.stream = stream or sys.stderr
        self.started: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None:
            if record.levelno >= logging.WARNING:
                self.stream.write(f"  ! {meta.get('orig_message', record.getMessage())}\n")
            return
        kind = event.event_type_value
        step = event.step_key or ""
        if kind == "STEP_START":
            self.started[step] = time.perf_counter()
            self.stream.write(f"  … {step}\n")
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE"):
            took = time.perf_counter() - self.started.get(step, time.perf_counter())
            self.stream.write(f"  {_STEP_EVENTS[kind]} {step} ({took:.1f} s)\n")
        self.stream.flush()


@dg.logger(description="One line per step: what is running and how long it took.")
def progress_logger(_init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("vision.progress")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    if not logger.handlers:
        logger.addHandler(ProgressHandler())
    return logger
