"""The review report's findings part, as data for its templates
(`pipeline/templates/report_findings.*.j2`): the summary, then per check family its
counts, its rules' notes and data errors, and its findings in page order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from expectations.families import family_title, in_family_order
from expectations.findings import CheckOutcome, Finding, Summary, summarize
from expectations.registry import NOT_PRINTED_NOTE
from warehouse.labels import value_label

# The findings table's columns: a Finding's fields (FINDING_FIELDS), with their headings.
FINDING_HEADINGS = {
    "severity": "重要度",
    "page": "ページ",
    "caption": "表",
    "row_label": "行",
    "column_label": "列",
    "stated": "記載値",
    "expected": "照合先の値",
    "message": "内容",
}
# The HTML class of a column's cells; the severity column's is the finding's severity.
CELL_CLASSES = {"page": "page", "row_label": "label", "column_label": "label"}


@dataclass(frozen=True)
class FamilySection:
    """One check family's part of the report."""

    title: str
    outcomes: list[CheckOutcome]
    findings: list[Finding]

    @property
    def passed(self) -> int:
        return sum(1 for o in self.outcomes if o.passed and o.compared > 0)

    @property
    def compared(self) -> int:
        return sum(o.compared for o in self.outcomes)

    @property
    def has_notes(self) -> bool:
        return any(o.notes or o.data_errors for o in self.outcomes)

    @property
    def not_printed(self) -> int:
        """Rules not run because the document prints none of their tables: counted in one
        line, not listed (another area's vision may print few of the shipped tables)."""
        return sum(1 for o in self.outcomes if _only_not_printed(o))

    @property
    def noted(self) -> list[CheckOutcome]:
        """The outcomes whose notes or data errors the report lists one by one."""
        return [o for o in self.outcomes if (o.notes or o.data_errors) and not _only_not_printed(o)]


def _only_not_printed(outcome: CheckOutcome) -> bool:
    return outcome.notes == [NOT_PRINTED_NOTE] and not outcome.data_errors


@dataclass(frozen=True)
class FindingsPart:
    summary: Summary
    families: list[FamilySection]


def page_label(finding: Finding) -> str:
    return f"p.{finding.page}" if finding.page is not None else "p.—"


def severity_title(severity: str) -> str:
    """誤り / 注意: the words the warehouse declares for its `severity` values."""
    return value_label("severity", str(severity), "ja")


def cell_text(finding: Finding, field: str) -> object:
    """What the findings table shows in `field`'s column."""
    if field == "severity":
        return severity_title(finding.severity)
    if field == "page":
        return page_label(finding)
    return getattr(finding, field)


def cell_class(finding: Finding, field: str) -> str | None:
    return str(finding.severity) if field == "severity" else CELL_CLASSES.get(field)


def in_page_order(findings: Iterable[Finding]) -> list[Finding]:
    """Findings as a reader meets them: by page (unpaged last), table, check."""
    return sorted(
        findings,
        key=lambda f: (f.page if f.page is not None else 10**6, f.table_id, f.check_id),
    )


def family_section(family: str, outcomes: Sequence[CheckOutcome]) -> FamilySection:
    group = [o for o in outcomes if o.family == family]
    findings = in_page_order(f for o in group for f in o.findings)
    return FamilySection(family_title(family), group, findings)


def findings_part(outcomes: Sequence[CheckOutcome]) -> FindingsPart:
    families = in_family_order(o.family for o in outcomes)
    return FindingsPart(summarize(outcomes), [family_section(f, outcomes) for f in families])
