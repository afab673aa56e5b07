"""What a command prints at its end, for people: one line per check family with its counts
(誤り / 注意), the warehouse, and — when the refresh could not run — one or two lines saying
what failed, why, and that the previous warehouse is untouched."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from expectations.families import FAMILIES
from expectations.findings import CheckOutcome, Finding, Severity
from pipeline.messages import MESSAGES, family_name, say
from pipeline.progress import STEP_LABELS
from pipeline.refresh import CheckLine, RefreshSummary
from sources.govstats.fetch import OTHER_AREA_REASON

# "vision__tables: sources.vision_tables_pdf.MissingTableError: /x.pdf: 30 of 30 …"
_STEP_PREFIX = re.compile(r"^(?P<step>[a-z0-9_]+__[a-z0-9_]+): ")
# A qualified exception class in front of its message (Dagster's error text has one).
_CLASS_PATH = re.compile(r"^(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Interrupt\w*): ")
_INTERRUPTED = ("DagsterExecutionInterruptedError", "KeyboardInterrupt")
# The first sentence says what is wrong and what to ask; the rest is detail for the log.
_FIRST_SENTENCE = re.compile(r"^(.{20,}?[?.。？])\s")
CAUSE_MAX = 500
# Shown only when it fails: the import of the actuals folder has no progress line.
ACTUALS_STEP = "kpi__actuals"


@dataclass
class FamilyCounts:
    family: str
    errors: int = 0
    warnings: int = 0
    compared: int = 0
    data_errors: list[str] = field(default_factory=list)


def families_from_lines(lines: Iterable[CheckLine]) -> list[FamilyCounts]:
    """Per family, from the asset checks' results of a refresh."""
    by_family: dict[str, FamilyCounts] = {}
    for line in lines:
        counts = by_family.setdefault(line.family, FamilyCounts(line.family))
        counts.errors += line.errors
        counts.warnings += line.warnings
        counts.compared += line.compared
        counts.data_errors += line.data_errors
    return list(by_family.values())


def families_from_outcomes(outcomes: Iterable[CheckOutcome]) -> list[FamilyCounts]:
    """Per family, from the check outcomes stored in the warehouse (`vision check`)."""
    by_family: dict[str, FamilyCounts] = {}
    for outcome in outcomes:
        counts = by_family.setdefault(outcome.family, FamilyCounts(outcome.family))
        counts.errors += sum(f.severity == Severity.ERROR for f in outcome.findings)
        counts.warnings += sum(f.severity == Severity.WARNING for f in outcome.findings)
        counts.compared += outcome.compared
        counts.data_errors += outcome.data_errors
    return list(by_family.values())


def in_family_order(families: list[FamilyCounts]) -> list[FamilyCounts]:
    """Families in the order they are listed (`expectations.families.FAMILIES`: row sums
    first, the text last); an unknown family goes last."""
    rank = {family: i for i, family in enumerate(FAMILIES)}
    return sorted(families, key=lambda c: (rank.get(c.family, len(rank)), c.family))


def family_line(counts: FamilyCounts) -> str:
    """`! 比率: 誤り 2・注意 5（比較 163 件）` — ✓ nothing found, ! findings, ✗ data missing,
    － nothing compared."""
    if counts.data_errors:
        mark, text = "✗", say("check.data_error", errors="; ".join(counts.data_errors))
    elif counts.errors or counts.warnings:
        mark, text = "!", say("check.counts", errors=counts.errors, warnings=counts.warnings)
    elif not counts.compared:
        # nothing the family compares is printed or loaded: not a pass
        mark, text = "－", say("check.not_compared")
    else:
        mark, text = "✓", say("check.none")
    return say(
        "check.family",
        mark=mark,
        family=family_name(counts.family),
        counts=text,
        compared=counts.compared,
    )


def finding_line(finding: Finding) -> str:
    """One finding of `vision check` on one line: page, severity, where (the labels it has)
    and both values, then the message."""
    page = f"p.{finding.page}" if finding.page is not None else "p.—"
    where = "/".join(label for label in (finding.row_label, finding.column_label) if label)
    place = " ".join(part for part in (finding.caption, where) if part)
    return (
        f"{page} [{say(f'severity.{finding.severity}')}] {place}: "
        f"{finding.stated} ≠ {finding.expected} — {finding.message}"
    )


_STYLE = {"✓": "green", "!": "yellow", "✗": "red"}


def print_family_lines(families: list[FamilyCounts], console: Console) -> None:
    for counts in in_family_order(families):
        line = family_line(counts)
        console.print(line, style=_STYLE.get(line[0]), markup=False, highlight=False)


# "snapshot (reason: no ESTAT_APP_ID)" / "live (e-Stat 0003445078, 12258 rows)"
_FETCHED = re.compile(r"^(?P<mode>\w+)(?: \((?:reason: )?(?P<note>.*)\))?$")


# Reasons a dataset was read from its snapshot that every refresh without a key repeats:
# said once in words, with the datasets they apply to (other notes are kept as they are).
_KNOWN_REASONS = (
    (OTHER_AREA_REASON, "statistics.other_area"),
    ("no ESTAT_APP_ID", "statistics.no_app_id"),
    ("no live source", "statistics.no_live"),
)


def _reason_words(note: str) -> str | None:
    for prefix, key in _KNOWN_REASONS:
        if note.startswith(prefix):
            return say(key)
    return None


def _statistics_line(statistics: dict[str, str]) -> str:
    """`公的統計: 同梱のスナップショット（ESTAT_APP_ID 未設定: census2020_final, …）` — how the
    datasets were obtained, grouped by how and why."""
    by_mode: dict[str, dict[str | None, list[str]]] = {}
    for dataset, fetched in statistics.items():
        match = _FETCHED.match(fetched)
        mode, note = (match["mode"], match["note"]) if match else (fetched, None)
        reason = _reason_words(note) if note and mode != "live" else None
        listed = f"{dataset}: {note}" if note and reason is None else dataset
        by_mode.setdefault(mode, {}).setdefault(reason, []).append(listed)
    parts = []
    for mode, reasons in by_mode.items():
        words = say(f"statistics.{mode}") if f"statistics.{mode}" in MESSAGES else mode
        groups = [
            f"{reason}: {', '.join(datasets)}" if reason else ", ".join(datasets)
            for reason, datasets in reasons.items()
        ]
        parts.append(say("statistics.group", how=words, groups=say("statistics.sep").join(groups)))
    return say("refresh.statistics", sources=say("statistics.sep").join(parts))


def failure_lines(summary: RefreshSummary) -> list[str]:
    """At most two lines: what failed and why, and that the previous warehouse is untouched."""
    errors = summary.errors or ["?"]
    first = errors[0]
    step = None
    match = _STEP_PREFIX.match(first)
    if match:
        step, first = match["step"], first[match.end() :]
    cause = _CLASS_PATH.sub("", first.strip())
    sentence = _FIRST_SENTENCE.match(cause)
    cause = (sentence.group(1) if sentence else cause)[:CAUSE_MAX]
    if len(errors) > 1:
        cause += f" (+{len(errors) - 1})"
    label = _step_words(step)
    headline = (
        say("refresh.failed", step=label, cause=cause)
        if label
        else say("refresh.failed_any", cause=cause)
    )
    if summary.failure_log:
        intact = say("refresh.intact", log=summary.failure_log)
    elif summary.failure_log_problem:
        intact = say("refresh.intact_unlogged", problem=summary.failure_log_problem)
    else:
        intact = say("refresh.intact_nolog")
    return [headline, intact]


def _step_words(step: str | None) -> str | None:
    if step is None:
        return None
    if step in STEP_LABELS:
        return say(STEP_LABELS[step])
    if step.startswith("statistics__"):
        return say("step.statistics")
    if step == "vision__pdf":
        return say("step.pdf")
    if step == ACTUALS_STEP:
        return say("step.actuals")
    return step


def was_interrupted(summary: RefreshSummary) -> bool:
    return any(marker in error for error in summary.errors for marker in _INTERRUPTED)


def print_cancelled(warehouse: Path, console: Console | None = None) -> None:
    console = console or Console(stderr=True)
    console.print(say("refresh.cancelled", warehouse=warehouse), markup=False, soft_wrap=True)


def print_refresh_summary(
    summary: RefreshSummary, console: Console | None = None, verbose: bool = False
) -> None:
    console = console or Console()
    if not summary.success:
        if was_interrupted(summary):
            print_cancelled(summary.warehouse, console)
            return
        for line in failure_lines(summary):
            console.print(line, markup=False, soft_wrap=True, highlight=False)
        return
    if summary.statistics:
        console.print(_statistics_line(summary.statistics), markup=False, soft_wrap=True)
    print_family_lines(families_from_lines(summary.checks), console)
    if verbose and summary.table_rows:
        tables = Table(title=say("refresh.rows_title"), title_justify="left")
        tables.add_column(say("refresh.rows_table"))
        tables.add_column(say("refresh.rows_count"), justify="right")
        for name, rows in summary.table_rows.items():
            tables.add_row(name, f"{rows:,}")
        for name, rows in summary.subject_rows.items():
            tables.add_row(say("refresh.rows_subject", name=name), f"{rows:,}")
        console.print(tables)
    elif summary.table_rows:
        counts = {"tables": len(summary.table_rows), "rows": sum(summary.table_rows.values())}
        if summary.subject_rows:
            counts["views"] = len(summary.subject_rows)
        console.print(
            say("refresh.rows_and_subjects" if "views" in counts else "refresh.rows", **counts)
        )
    console.print(
        say("refresh.warehouse", warehouse=summary.warehouse, seconds=summary.seconds),
        soft_wrap=True,
        markup=False,
        highlight=False,
    )
