"""A Dagster logger that shows a refresh as one short line per step, in words a user knows
(extract tables → normalize → check → load), instead of Dagster's event log (which stays
available in `dagster dev`).

Steps are recognised by their asset key: `vision/tables` is "extract tables", the findings
step, which runs every rule and reports them as the asset checks of `vision/findings`, is
"check", and so on. Opening the PDF and reading the statistics snapshots take a
moment and are reported in the summary instead. A failed step prints nothing here: the
summary says what failed and why, in one or two lines, and the steps that were skipped
because of it are not listed. On a terminal the running step shows a spinner with the time elapsed.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

import dagster as dg
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from expectations.registry import rules
from pipeline.messages import say

# Step keys are the asset key joined with "__".
STEP_LABELS = {
    "vision__tables": "step.tables",
    "vision__facts": "step.facts",
    "vision__findings": "step.checks",
    "warehouse__vision": "step.warehouse",
}
QUIET_STEPS = ("vision__pdf", "statistics__")
FINDINGS_STEP = "vision__findings"


def step_label(step: str) -> str | None:
    """The step in words (`vision__tables` → 表の抽出); None for steps not shown."""
    return say(STEP_LABELS[step]) if step in STEP_LABELS else None


class ProgressHandler(logging.Handler):
    def __init__(self, stream: TextIO | None = None) -> None:
        # Dagster logs step events at DEBUG; the handler picks the few it shows.
        super().__init__(logging.DEBUG)
        self.stream = stream or sys.stderr
        self.started: dict[str, float] = {}
        self.details: dict[str, str] = {}
        console = Console(file=self.stream)
        self.live: Progress | None = None
        self.task: TaskID | None = None
        if console.is_terminal:
            self.live = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[count]}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None:
            # Warnings logged by a running step (e.g. an extraction warning); Dagster's own
            # notes about steps it skipped after a failure are left to the summary.
            if record.levelno >= logging.WARNING and meta.get("step_key") in self.started:
                self._write(f"  ! {meta.get('orig_message', record.getMessage())}")
            return
        kind = event.event_type_value
        step = event.step_key or ""
        if kind == "STEP_START":
            self._start(step)
        elif kind == "ASSET_MATERIALIZATION":
            self.details[step] = _detail(step, event)
        elif kind == "STEP_SUCCESS":
            self._finish(step)
        elif kind == "STEP_FAILURE":
            self.started.pop(step, None)
            self._stop_live()

    def _start(self, step: str) -> None:
        self.started[step] = time.perf_counter()
        if step_label(step):
            self._start_live(say("step.running", step=step_label(step)), None)

    def _finish(self, step: str) -> None:
        started = self.started.pop(step, time.perf_counter())
        label = step_label(step)
        self._stop_live()
        if label:
            seconds = time.perf_counter() - started
            detail = self.details.get(step, "")
            self._write(
                "  " + say("step.done", mark="✓", step=label, detail=detail, seconds=seconds)
            )

    def _start_live(self, description: str, total: int | None) -> None:
        if self.live is None:
            return
        self._stop_live()
        self.live.start()
        count = f"0/{total}" if total else ""
        self.task = self.live.add_task(description, total=total, count=count)

    def _stop_live(self) -> None:
        if self.live is not None and self.task is not None:
            self.live.remove_task(self.task)
            self.live.stop()
            self.task = None

    def _write(self, line: str) -> None:
        if self.live is not None and self.task is not None:
            self.live.console.print(line, markup=False, highlight=False)
            return
        self.stream.write(line + "\n")
        self.stream.flush()


def _detail(step: str, event: dg.DagsterEvent) -> str:
    """What a step produced, from its materialization's metadata: tables found, rows."""
    materialization = event.step_materialization_data.materialization
    metadata = {k: v.value for k, v in materialization.metadata.items()}
    if step == "vision__tables" and "tables" in metadata:
        return say("step.tables_detail", count=metadata["tables"])
    if step == FINDINGS_STEP:
        return say("step.checks_detail", count=metadata.get("rules", len(rules())))
    if step == "vision__facts":
        counts = [v for v in metadata.values() if isinstance(v, int) and not isinstance(v, bool)]
        return say("step.facts_detail", count=len(counts), rows=sum(counts))
    return ""


@dg.logger(description="One line per step in words a user knows, with a progress indicator.")
def progress_logger(_init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("vision.progress")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    # A fresh handler per run: each refresh counts its own steps.
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(ProgressHandler())
    return logger
