"""`vision_run_failure_sensor`: when a run fails, say so where people look.

Why: a refresh runs unattended (sensors, the weekly schedule). The warehouse is swapped in
only after a complete load, so a failure leaves the previous file readable — but someone
has to learn that the new edition did not arrive. Each failed run appends one JSON line to
`<warehouse>.failures.jsonl` (via `warehouse.load.record_failure`, the same log `vision
refresh` writes) naming the job, the partition and every failed step with its error. When
`VISION_ALERT_WEBHOOK_URL` is set, the same facts are POSTed there as JSON (with a `text`
field, so a Slack/Teams-style incoming webhook shows it as is).

The webhook is best effort: timeouts and HTTP errors are logged, never raised — a broken
alert channel must not turn into failing sensor ticks. The URL is a secret (incoming
webhook URLs embed a token), so only its host is ever logged.

RUNNING by default: it makes no network call unless the webhook is configured.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dagster as dg
import requests

from pipeline.partitions import AREAS, split_partition_key
from sources.areas import AreasError
from warehouse.load import record_failure
from warehouse.paths import DEFAULT_WAREHOUSE, WAREHOUSE_ENV

WEBHOOK_ENV = "VISION_ALERT_WEBHOOK_URL"
WEBHOOK_TIMEOUT: tuple[float, float] = (5.0, 10.0)
MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class FailedStep:
    step_key: str
    error: str


@dataclass(frozen=True)
class FailureReport:
    """The facts of one failed run, for the failure log and the webhook."""

    run_id: str
    job_name: str
    partition_key: str | None
    failed_steps: list[FailedStep]
    run_message: str
    at: str
    tags: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """One readable line: which job, which partition, which steps and why."""
        where = f" (partition {self.partition_key})" if self.partition_key else ""
        head = f"run {self.run_id} of job {self.job_name}{where} failed"
        if not self.failed_steps:
            return f"{head}: {self.run_message}"
        steps = "; ".join(f"{s.step_key}: {s.error}" for s in self.failed_steps)
        return f"{head}: {len(self.failed_steps)} step(s) failed — {steps}"

    def payload(self, failure_log: Path) -> dict[str, Any]:
        return {
            "event": "dagster_run_failure",
            "text": f"vision-pipeline: {self.summary()}",
            "run_id": self.run_id,
            "job": self.job_name,
            "partition": self.partition_key,
            "failed_steps": [{"step_key": s.step_key, "error": s.error} for s in self.failed_steps],
            "message": self.run_message,
            "at": self.at,
            "failure_log": str(failure_log),
            "tags": self.tags,
        }


def error_text(error: Any) -> str:
    """`ClassName: message` of the innermost cause: the outer Dagster error only says
    "error occurred while executing op X", the cause says what actually broke."""
    if error is None:
        return "unknown error"
    while getattr(error, "cause", None) is not None:
        error = error.cause
    message = str(getattr(error, "message", error)).strip()
    cls_name = getattr(error, "cls_name", None)
    if cls_name and not message.startswith(cls_name):
        message = f"{cls_name}: {message}"
    return _shorten(message)


def _shorten(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= MAX_ERROR_CHARS else one_line[: MAX_ERROR_CHARS - 1] + "…"


def failure_report(context: dg.RunFailureSensorContext) -> FailureReport:
    """Collect run id, job, partition and the failed steps with their errors."""
    run = context.dagster_run
    steps = [
        FailedStep(
            step_key=event.step_key or "?",
            error=error_text(getattr(event.event_specific_data, "error", None)),
        )
        for event in context.get_step_failure_events()
    ]
    failure = context.failure_event
    run_error = getattr(failure.event_specific_data, "error", None)
    message = error_text(run_error) if run_error else _shorten(failure.message or "run failed")
    return FailureReport(
        run_id=run.run_id,
        job_name=run.job_name,
        partition_key=run.tags.get("dagster/partition"),
        failed_steps=steps,
        run_message=message,
        at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        tags={k: v for k, v in run.tags.items() if not k.startswith(".dagster")},
    )


def warehouse_path(environ: Mapping[str, str], partition: str | None = None) -> Path:
    """The warehouse the failure log sits beside: the area's in a deployment of several
    (the run's partition names it), else VISION_WAREHOUSE or the default."""
    if partition and AREAS is not None:
        try:
            area, _ = split_partition_key(partition)
        except AreasError:  # an area since removed from the file: the default log
            area = None
        if area is not None:
            return area.warehouse
    return Path(environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)


def post_alert(url: str, payload: dict[str, Any], session: requests.Session, log: Any) -> bool:
    """POST the payload; log (never raise) timeouts, connection and HTTP errors."""
    host = urlsplit(url).netloc or "(invalid URL)"
    try:
        response = session.post(url, json=payload, timeout=WEBHOOK_TIMEOUT)
    except requests.RequestException as exc:
        log.warning(f"failure alert to {host} not sent: {type(exc).__name__}")
        return False
    if response.status_code >= 400:
        log.warning(f"failure alert to {host} rejected: HTTP {response.status_code}")
        return False
    return True


def handle_run_failure(
    context: dg.RunFailureSensorContext,
    session: requests.Session,
    environ: Mapping[str, str] | None = None,
) -> FailureReport:
    """Write the failure line, then alert the webhook if one is configured."""
    environ = os.environ if environ is None else environ
    report = failure_report(context)
    target = warehouse_path(environ, report.partition_key)
    log_path = target.with_name(target.name + ".failures.jsonl")
    try:
        record_failure(target, report.run_id, report.summary())
        context.log.info(f"recorded failure of run {report.run_id} in {log_path}")
    except OSError as exc:  # still try the webhook: it may be the only channel left
        context.log.error(f"could not write {log_path}: {exc}; {report.summary()}")
    url = (environ.get(WEBHOOK_ENV) or "").strip()
    if url:
        post_alert(url, report.payload(log_path), session, context.log)
    return report


def new_session() -> requests.Session:
    """HTTP session for the webhook (a seam: tests pass a recording fake)."""
    return requests.Session()


@dg.run_failure_sensor(
    name="vision_run_failure_sensor",
    description="Appends failed runs to <warehouse>.failures.jsonl and POSTs them to "
    "VISION_ALERT_WEBHOOK_URL when set.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def vision_run_failure_sensor(context: dg.RunFailureSensorContext) -> None:
    """Record the failed run; see the module docstring."""
    with new_session() as session:
        handle_run_failure(context, session)


defs = dg.Definitions(sensors=[vision_run_failure_sensor])
