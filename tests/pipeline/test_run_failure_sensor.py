"""vision_run_failure_sensor on a real failed run: the failure line and the webhook POST
(to a fake transport — no traffic leaves the process)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import requests

from pipeline.defs.ops import run_failure
from pipeline.defs.ops.run_failure import (
    WAREHOUSE_ENV,
    WEBHOOK_ENV,
    handle_run_failure,
    vision_run_failure_sensor,
)
from tests.fixtures.http import FakeServer

WEBHOOK = "https://hooks.example.invalid/services/T000/B000/secret-token"


class WebhookAdapter(FakeServer):
    """Records POSTed JSON bodies; answers `status` or raises `error`."""

    def __init__(self, status: int = 200, error: Exception | None = None) -> None:
        super().__init__()
        self.status = status
        self.error = error
        self.posts: list[tuple[str, dict[str, Any]]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        body = request.body.decode() if isinstance(request.body, bytes) else request.body
        self.posts.append((str(request.url), json.loads(body or "null")))
        if self.error is not None:
            raise self.error
        response = requests.Response()
        response.status_code = self.status
        response._content = b"ok"
        response.request = request
        return response


@dg.asset(key=["vision", "pdf"])
def good_pdf() -> int:
    return 1


@dg.asset(key=["vision", "tables"], deps=[good_pdf])
def broken_tables() -> int:
    raise ValueError("no ruled table found on page 12 (caption 人口の推移)")


@pytest.fixture(scope="module")
def failed_run() -> tuple[dg.DagsterInstance, dg.DagsterRun, dg.DagsterEvent]:
    """One real failed run of a two-asset job (vision/pdf succeeds, vision/tables fails)."""
    instance = dg.DagsterInstance.ephemeral()
    defs = dg.Definitions(
        assets=[good_pdf, broken_tables],
        jobs=[dg.define_asset_job("refresh_all", selection=dg.AssetSelection.all())],
    )
    result = defs.resolve_job_def("refresh_all").execute_in_process(
        instance=instance, raise_on_error=False
    )
    assert not result.success
    return instance, result.dagster_run, result.get_run_failure_event()


def failure_context(
    failed: tuple[dg.DagsterInstance, dg.DagsterRun, dg.DagsterEvent],
) -> dg.RunFailureSensorContext:
    instance, run, event = failed
    return dg.build_run_status_sensor_context(
        sensor_name="vision_run_failure_sensor",
        dagster_instance=instance,
        dagster_run=run,
        dagster_event=event,
    ).for_run_failure()


def read_lines(warehouse: Path) -> list[dict[str, Any]]:
    log = warehouse.with_name(warehouse.name + ".failures.jsonl")
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_sensor_writes_one_clear_line_and_posts_the_webhook(
    failed_run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "vision.duckdb"
    monkeypatch.setenv(WAREHOUSE_ENV, str(warehouse))
    monkeypatch.setenv(WEBHOOK_ENV, WEBHOOK)
    hook = WebhookAdapter()
    monkeypatch.setattr(run_failure, "new_session", hook.session)

    vision_run_failure_sensor(failure_context(failed_run))

    [line] = read_lines(warehouse)
    run = failed_run[1]
    assert line["run_id"] == run.run_id
    assert "job refresh_all" in line["message"]
    assert "1 step(s) failed" in line["message"]
    assert "vision__tables: ValueError: no ruled table found on page 12" in line["message"]
    assert line["at"]
    assert not warehouse.exists()  # only the log is written, never the warehouse

    [(url, payload)] = hook.posts
    assert url == WEBHOOK
    assert payload["run_id"] == run.run_id and payload["job"] == "refresh_all"
    assert payload["failed_steps"] == [
        {
            "step_key": "vision__tables",
            "error": "ValueError: no ruled table found on page 12 (caption 人口の推移)",
        }
    ]
    assert payload["text"].startswith("vision-pipeline: run ")
    assert payload["failure_log"].endswith("vision.duckdb.failures.jsonl")


def test_without_a_webhook_only_the_line_is_written(failed_run: Any, tmp_path: Path) -> None:
    hook = WebhookAdapter()
    warehouse = tmp_path / "w.duckdb"
    handle_run_failure(failure_context(failed_run), hook.session(), {WAREHOUSE_ENV: str(warehouse)})
    assert len(read_lines(warehouse)) == 1
    assert hook.posts == []


@pytest.mark.parametrize(
    "hook",
    [
        WebhookAdapter(error=requests.ConnectTimeout("connect timed out")),
        WebhookAdapter(error=requests.ConnectionError("connection refused")),
        WebhookAdapter(status=500),
    ],
)
def test_webhook_failures_are_logged_never_raised(
    failed_run: Any, tmp_path: Path, hook: WebhookAdapter, capfd: pytest.CaptureFixture[str]
) -> None:
    warehouse = tmp_path / "w.duckdb"
    env = {WAREHOUSE_ENV: str(warehouse), WEBHOOK_ENV: WEBHOOK}
    report = handle_run_failure(failure_context(failed_run), hook.session(), env)
    assert report.failed_steps[0].step_key == "vision__tables"
    assert len(hook.posts) == 1
    assert len(read_lines(warehouse)) == 1
    logged = capfd.readouterr().err
    assert "failure alert to hooks.example.invalid" in logged
    assert "secret-token" not in logged  # the webhook URL is a secret: host only


def test_failure_report_without_failed_steps_uses_the_run_message() -> None:
    report = run_failure.FailureReport(
        run_id="abc",
        job_name="refresh_all",
        partition_key="c861fc555b2e",
        failed_steps=[],
        run_message="DagsterExecutionInterruptedError: run was terminated",
        at="2027-02-15T00:00:00+00:00",
    )
    assert report.summary() == (
        "run abc of job refresh_all (partition c861fc555b2e) failed: "
        "DagsterExecutionInterruptedError: run was terminated"
    )
