"""`vision refresh`: materialize every asset in-process and summarize what happened."""

from __future__ import annotations

import contextlib
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

# Private module, public behaviour: the class behind `dg.fs_io_manager`, subclassed so the
# files stay exactly those `dagster dev` reads.
from dagster._core.storage.fs_io_manager import PickledObjectFilesystemIOManager

from expectations.findings import CheckOutcome
from expectations.gx_suites import prepare as prepare_validation
from pipeline.code_location import build_definitions
from pipeline.dagster_home import keep_edition, sqlite_storage_kept_open
from pipeline.defs.vision.checks import FINDINGS_KEY
from pipeline.partitions import AREAS, VISION_REVISIONS, edition_tags, partition_key
from pipeline.resources import VisionSettings
from sources.areas import Area, areas_file, scoped_area
from sources.manifest import resolve_vision_pdf
from sources.profile import selected_profile_name
from sources.revision_store import RevisionStoreError
from sources.vision_pdf import VisionPdfError, open_vision_document
from warehouse.load import WarehouseError, check_target, record_failure
from warehouse.lock import WarehouseBusy, refuse_if_open_read_write
from warehouse.paths import quote_identifier
from warehouse.reader import open_reader
from warehouse.subjects import declared_subjects

_PROJECT_ERROR_PREFIX = re.compile(r"^(?:pipeline|sources|warehouse|expectations)(?:\.\w+)+: ")


@dataclass(frozen=True)
class CheckLine:
    name: str
    passed: bool
    severity: str
    findings: int
    compared: int
    data_errors: list[str]
    family: str = ""
    errors: int = 0
    warnings: int = 0


@dataclass
class RefreshSummary:
    success: bool
    warehouse: Path
    pdf: Path
    seconds: float
    run_id: str
    table_rows: dict[str, int] = field(default_factory=dict)
    # The profile's subject relations (views over the facts, warehouse.subjects) and their rows.
    subject_rows: dict[str, int] = field(default_factory=dict)
    checks: list[CheckLine] = field(default_factory=list)
    # How each official statistic was obtained: live from e-Stat, or the shipped snapshot
    # and why (e.g. "snapshot (reason: no ESTAT_APP_ID)").
    statistics: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    failure_log: Path | None = None
    # Why the failure could not be logged either (a read-only directory): said after the
    # original error, never instead of it.
    failure_log_problem: str | None = None
    # The rules' outcomes the run loaded, so a command that refreshed in order to check
    # reports them without reading them back from the warehouse it has just written.
    outcomes: list[CheckOutcome] | None = None


def dagster_instance() -> dg.DagsterInstance:
    """The instance configured by DAGSTER_HOME (runs then show in `dagster dev`), or an
    ephemeral one when it is unset."""
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def _in_memory_outputs(instance: dg.DagsterInstance) -> dict[str, object]:
    """Keep step outputs in memory when the instance is ephemeral: its storage is a
    temporary folder removed with it, so pickling every output there (and reading the
    findings back for each of the checks) is work nobody can use. With DAGSTER_HOME the
    outputs are also written where `dagster dev` re-materializes from them, but the run
    reads them back from memory (`RememberingFilesystemIOManager`)."""
    if not instance.is_persistent:
        return {"io_manager": dg.mem_io_manager}
    manager = RememberingFilesystemIOManager(base_dir=instance.storage_directory())
    return {"io_manager": dg.IOManagerDefinition.hardcoded_io_manager(manager)}


class RememberingFilesystemIOManager(PickledObjectFilesystemIOManager):
    """Dagster's filesystem IO manager (same files, same layout: `dagster dev` reads what
    this writes) that also keeps each output of this process's run in memory and hands it
    to the steps downstream instead of unpickling it again. Why: the 25 checks each load
    `vision/findings`; from disk that is 50 loads and 100 debug events written to the
    instance's SQLite log — seconds of a refresh with DAGSTER_HOME set."""

    def __init__(self, base_dir: str) -> None:
        super().__init__(base_dir=base_dir)
        self._outputs: dict[tuple[tuple[str, ...], str | None], object] = {}

    @staticmethod
    def _key(
        context: dg.InputContext | dg.OutputContext,
    ) -> tuple[tuple[str, ...], str | None] | None:
        if not context.has_asset_key:
            return None
        if not context.has_asset_partitions:
            return (tuple(context.asset_key.path), None)
        keys = context.asset_partition_keys
        return (tuple(context.asset_key.path), keys[0]) if len(keys) == 1 else None

    def handle_output(self, context: dg.OutputContext, obj: object) -> None:
        super().handle_output(context, obj)
        key = self._key(context)
        if key is not None:
            self._outputs[key] = obj

    def load_input(self, context: dg.InputContext) -> object:
        key = self._key(context)
        if key is not None and key in self._outputs:
            return self._outputs[key]
        return super().load_input(context)


def _remember_registered_partitions(instance: dg.DagsterInstance) -> None:
    """Answer "is this revision a partition?" from memory once the instance said yes.

    Why: during a run Dagster asks it for every partition key it validates (about 230
    times per refresh), and a persistent instance answers each with a new SQLite
    connection — over a second; an ephemeral one with a query of its in-memory SQLite
    through SQLAlchemy each time (a tenth of a second). A key registered stays registered
    for the run's length; a key not (yet) registered is still asked every time."""
    ask = instance.has_dynamic_partition
    known: set[tuple[str, str]] = set()

    def has_dynamic_partition(partitions_def_name: str, partition_key: str) -> bool:
        if (partitions_def_name, partition_key) in known:
            return True
        if ask(partitions_def_name, partition_key):
            known.add((partitions_def_name, partition_key))
            return True
        return False

    instance.has_dynamic_partition = has_dynamic_partition  # type: ignore[method-assign]


def warehouse_row_counts(path: Path) -> dict[str, int]:
    """Rows of each table of the warehouse at `path` (its views are not stored rows)."""
    return _row_counts(
        path,
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' ORDER BY 1",
    )


def subject_row_counts(path: Path) -> dict[str, int]:
    """Rows of each of the run's profile's subject relations (views) the warehouse has."""
    names = list(declared_subjects())
    query = (
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_type = 'VIEW' AND list_contains(?, table_name) ORDER BY 1"
    )
    return _row_counts(path, query, [names]) if names else {}


def _row_counts(
    path: Path, relations: str, parameters: list[object] | None = None
) -> dict[str, int]:
    if not path.exists():
        return {}
    with open_reader(path) as con:
        names = [r[0] for r in con.execute(relations, parameters or []).fetchall()]
        return {
            n: con.execute(f"SELECT count(*) FROM {quote_identifier(n)}").fetchone()[0]
            for n in names
        }


def _not_started(
    settings: VisionSettings, pdf: Path, run_id: str, started: float, error: str
) -> RefreshSummary:
    summary = RefreshSummary(
        success=False,
        warehouse=settings.warehouse(),
        pdf=pdf,
        seconds=time.perf_counter() - started,
        run_id=run_id,
        errors=[error],
    )
    log_failure(summary)
    return summary


def _ensure_partition(instance: dg.DagsterInstance, key: str) -> bool:
    """Add `key` to the vision_revision partitions unless it is there; True if added."""
    assert VISION_REVISIONS.name is not None
    if instance.has_dynamic_partition(VISION_REVISIONS.name, key):
        return False
    instance.add_dynamic_partitions(VISION_REVISIONS.name, [key])
    return True


def register_revision(pdf: Path) -> str | None:
    """Keep `pdf` in the revision store and register it as a partition of the instance at
    DAGSTER_HOME, without running anything: a refresh with nothing to do still leaves the
    PDF materializable from Dagster, whether or not the refresh that loaded it ran with
    DAGSTER_HOME set. Returns the partition key when it was newly registered."""
    revision = keep_edition(pdf)
    with dagster_instance() as instance:
        return revision.key if _ensure_partition(instance, revision.key) else None


def _no_area(areas: tuple[Area, ...]) -> str | None:
    """Why this refresh cannot run in a deployment of `areas`: the run's profile is none of
    theirs, so there is no partition to load it into."""
    if scoped_area() is not None:
        return None
    return (
        f"profile {selected_profile_name()} is not the profile of any area of {areas_file()} "
        f"(areas: {', '.join(a.key for a in areas)}); choose one with vision --profile"
    )


def log_failure(summary: RefreshSummary) -> None:
    """Append the failure to the log beside the warehouse; when that is impossible too
    (a read-only directory), say so after the original error rather than instead of it."""
    try:
        summary.failure_log = record_failure(
            summary.warehouse, summary.run_id, "; ".join(summary.errors)
        )
    except OSError as exc:
        log = summary.warehouse.with_name(summary.warehouse.name + ".failures.jsonl")
        reason = exc.strerror or str(exc)
        if not log.parent.is_dir():
            reason = f"{log.parent} is not a directory"
        elif log.is_symlink():
            reason = "a symbolic link, not followed; remove it (a log is a plain file)"
        summary.failure_log_problem = f"{log}: {reason}"


def run_refresh(pdf: Path | None = None, warehouse: Path | None = None) -> RefreshSummary:
    defs = build_definitions(str(warehouse or ""))
    settings = VisionSettings(warehouse_path=str(warehouse or ""))
    pdf = resolve_vision_pdf(pdf)
    job = defs.resolve_implicit_global_asset_job_def()
    started = time.perf_counter()
    run_id = str(uuid.uuid4())
    refused = _no_area(AREAS) if AREAS is not None else None
    if refused:
        return _not_started(settings, pdf, run_id, started, refused)
    try:
        # A warehouse that cannot be written fails now, not after the whole run.
        check_target(settings.warehouse())
        refuse_if_open_read_write(settings.warehouse())
    except (WarehouseError, WarehouseBusy) as exc:
        return _not_started(settings, pdf, run_id, started, str(exc))
    try:
        # Refuse a broken file before it becomes a revision, with its own path in the
        # message (inside the run the PDF is read from the revision store).
        document = open_vision_document(pdf)
        revision = keep_edition(pdf)
    except VisionPdfError as exc:
        return _not_started(settings, pdf, run_id, started, str(exc))
    except (OSError, RevisionStoreError) as exc:
        return _not_started(settings, pdf, run_id, started, f"{pdf}: {exc}")
    with dagster_instance() as instance:
        _ensure_partition(instance, revision.key)
        _remember_registered_partitions(instance)
        prepare_validation()  # while the pages started by the CLI are being analysed
        kept_open = (
            sqlite_storage_kept_open() if instance.is_persistent else contextlib.nullcontext()
        )
        with kept_open:
            result = job.execute_in_process(
                instance=instance,
                run_id=run_id,
                partition_key=partition_key(scoped_area(), revision.key),
                raise_on_error=False,
                run_config={"loggers": {"progress": {}}},
                resources=_in_memory_outputs(instance),
                tags=edition_tags(document),
            )
    summary = RefreshSummary(
        success=result.success,
        warehouse=settings.warehouse(),
        pdf=pdf,
        seconds=time.perf_counter() - started,
        run_id=run_id,
    )
    for evaluation in result.get_asset_check_evaluations():
        meta = {k: v.value for k, v in evaluation.metadata.items()}
        summary.checks.append(
            CheckLine(
                name=evaluation.check_name,
                passed=evaluation.passed,
                severity=evaluation.severity.value,
                findings=int(meta.get("findings", 0)),
                compared=int(meta.get("compared", 0)),
                data_errors=list(meta.get("data_errors") or []),
                family=str(meta.get("family", "")),
                errors=int(meta.get("errors", 0)),
                warnings=int(meta.get("warnings", 0)),
            )
        )
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        if materialization and materialization.asset_key.path[0] == "statistics":
            fetched = materialization.metadata.get("fetched")
            summary.statistics[materialization.asset_key.path[-1]] = str(
                fetched.value if fetched else ""
            )
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            if error and error.cls_name == "DagsterAssetCheckFailedError":
                continue  # the failed checks say what is wrong (below)
            cause = error.cause.message.strip() if error and error.cause else ""
            message = cause or (error.message.strip() if error else "unknown error")
            # The project's own errors already name the input; their class path does not
            # help a reader ("warehouse.lock.WarehouseBusy: …").
            message = _PROJECT_ERROR_PREFIX.sub("", message)
            summary.errors.append(f"{event.step_key}: {message}")
    blocked = [c for c in summary.checks if not c.passed and c.severity == "ERROR"]
    if blocked:
        # A blocking ERROR check fails the findings step: the warehouse is not rebuilt.
        summary.success = False
        for check in blocked:
            # A rule's data errors may start with its own id already: said once.
            errors = [e.removeprefix(f"{check.name}: ") for e in check.data_errors]
            summary.errors.append(f"check {check.name}: " + "; ".join(errors))
    if not result.success and not summary.errors:
        summary.errors.append("the run did not complete (a blocking check failed with ERROR?)")
    # Inside the run the PDF is read from the revision store; name the file the user gave.
    for stored in {str(revision.path), str(revision.path.resolve())}:
        summary.errors = [e.replace(stored, str(pdf)) for e in summary.errors]
    if summary.success:
        summary.table_rows = warehouse_row_counts(summary.warehouse)
        summary.subject_rows = subject_row_counts(summary.warehouse)
        summary.outcomes = result.asset_value(FINDINGS_KEY)
    else:
        log_failure(summary)
    return summary
