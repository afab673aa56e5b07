"""`vision check` and `vision report`: make sure a revision is loaded and checked, then read
its check results back from the warehouse.

Both commands must work on a fresh machine without a prior refresh, and must not redo
work that a refresh already did: the revision is (re)loaded only when the warehouse does
not hold it built from the same inputs and code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from expectations.findings import FINDING_FIELDS, CheckOutcome, Finding
from pipeline.fingerprint import is_unchanged, refresh_fingerprint
from warehouse.reader import open_reader


@dataclass(frozen=True)
class Checked:
    revision_id: str
    warehouse: Path
    refreshed: bool
    # The outcomes of the refresh this call ran; None when the warehouse already held them.
    outcomes: list[CheckOutcome] | None = None

    def check_outcomes(self) -> list[CheckOutcome]:
        """The revision's outcomes: the run's own, else those the warehouse holds."""
        if self.outcomes is not None:
            return in_report_order(self.outcomes)
        return outcomes_from_warehouse(self.warehouse, self.revision_id)


class CheckNotPossible(Exception):
    """The revision could not be loaded and checked; the message says why."""


def ensure_checked(pdf: Path, warehouse: Path) -> Checked:
    """Load and check `pdf` into `warehouse` unless that was already done."""
    fingerprint = refresh_fingerprint(pdf)
    revision_id = str(fingerprint["pdf_sha256"])
    if is_unchanged(fingerprint, warehouse):
        return Checked(revision_id, warehouse, refreshed=False)
    from sources.page_analysis import cancel_started_analyses, start_analysis

    start_analysis(pdf)  # the pages are analysed in workers while Dagster is imported
    try:
        from pipeline.refresh import run_refresh  # imports Dagster: only when needed

        summary = run_refresh(pdf, warehouse)
    finally:
        cancel_started_analyses()  # not collected when the run stopped before extracting
    if not summary.success:
        from pipeline.summary import failure_lines, was_interrupted

        if was_interrupted(summary):
            raise KeyboardInterrupt  # the command says it was cancelled, in its language
        # the refresh's own two lines (step and cause in words, the warehouse untouched),
        # not Dagster's step names and class paths
        raise CheckNotPossible("\n".join(failure_lines(summary)))
    return Checked(revision_id, warehouse, refreshed=True, outcomes=summary.outcomes)


def in_report_order(outcomes: list[CheckOutcome]) -> list[CheckOutcome]:
    """Outcomes by family and rule, each rule's findings by page, then table, row, column
    and text: one order, whether the outcomes come from the run or from the warehouse."""
    return [
        replace(o, findings=sorted(o.findings, key=_finding_order))
        for o in sorted(outcomes, key=lambda o: (o.family, o.check_id))
    ]


def _finding_order(finding: Finding) -> tuple[object, ...]:
    return (
        finding.page is None,
        finding.page or 0,
        finding.table_id,
        finding.row_label,
        finding.column_label,
        finding.stated,
        finding.expected,
        finding.message,
    )


def outcomes_from_warehouse(warehouse: Path, revision_id: str) -> list[CheckOutcome]:
    """The check outcomes of one revision, rebuilt from `check_result` and `finding`."""
    with open_reader(warehouse) as con:
        results = con.execute(
            "SELECT check_id, family, compared, skipped, data_errors, notes FROM check_result "
            "WHERE revision_id = ? ORDER BY family, check_id",
            [revision_id],
        ).fetchall()
        findings = con.execute(
            f"SELECT {', '.join(FINDING_FIELDS)} FROM finding WHERE revision_id = ? "
            "ORDER BY family, page, check_id",
            [revision_id],
        ).fetchall()
    by_check: dict[str, list[Finding]] = {}
    for row in findings:
        finding = Finding.from_record(dict(zip(FINDING_FIELDS, row, strict=True)))
        by_check.setdefault(finding.check_id, []).append(finding)
    return in_report_order(
        [
            CheckOutcome(
                check_id=check_id,
                family=family,
                compared=compared,
                findings=by_check.get(check_id, []),
                data_errors=(data_errors or "").splitlines(),
                skipped=skipped,
                notes=(notes or "").splitlines(),
            )
            for check_id, family, compared, skipped, data_errors, notes in results
        ]
    )
