"""A finding: one place where the document contradicts itself (or an official source).

Findings are data, not exceptions: the vision's own inconsistencies must never block a
load. They carry everything a reviewer needs to find the spot in the printed document.

A finding's fields are declared once, by the `Finding` dataclass: FINDING_FIELDS is the
`vision check --json` contract and the columns of the frame the warehouse stores as its
`finding` table; LOCATION_FIELDS begin every comparison frame a rule validates with GX
(a text frame's next are VALUE_FIELDS), so a flagged row becomes a Finding field for field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


class Severity(StrEnum):
    ERROR = "error"  # a number that does not follow, beyond rounding
    WARNING = "warning"  # a presentation difference (wording, rounding style)


@dataclass(frozen=True)
class Finding:
    check_id: str
    family: str
    severity: Severity
    table_id: str
    caption: str
    page: int | None
    row_label: str
    column_label: str
    stated: str
    expected: str
    message: str

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Finding:
        """The inverse of `to_dict`, e.g. for a row of the warehouse's `finding` table."""
        values = {name: record[name] for name in FINDING_FIELDS}
        return cls(**values | {"severity": Severity(record["severity"])})


FINDING_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Finding))
# Where the value is printed, and the value as printed and as expected.
LOCATION_FIELDS = ("table_id", "caption", "page", "row_label", "column_label")
VALUE_FIELDS = ("stated", "expected")


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """The findings as a frame with exactly FINDING_FIELDS (the warehouse's `finding` rows)."""
    import pandas as pd  # here: the CLI imports this module for FINDING_FIELDS alone

    return pd.DataFrame([f.to_dict() for f in findings], columns=list(FINDING_FIELDS))


def findings_json(findings: Iterable[Finding]) -> str:
    """The `vision check --json` contract: a JSON list of FINDING_FIELDS objects."""
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class CheckOutcome:
    """What one rule found, plus how many comparisons it made (so "no findings" can be
    told apart from "nothing was checked")."""

    check_id: str
    family: str
    compared: int
    findings: list[Finding]
    # Missing or unparsable inputs: not the document contradicting itself but data the
    # rule needed and did not get. These block what depends on the data.
    data_errors: list[str] = field(default_factory=list)
    skipped: int = 0
    # Why comparisons were skipped or a rule did not run (e.g. official statistics not
    # supplied); for the report and the check metadata, never a finding.
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.findings and not self.data_errors

    def to_record(self) -> dict[str, object]:
        """The outcome in plain values (its findings counted), for a layer that must not
        depend on these classes: the warehouse's `check_result` rows."""
        return {
            "check_id": self.check_id,
            "family": self.family,
            "compared": self.compared,
            "findings": len(self.findings),
            "skipped": self.skipped,
            "data_errors": list(self.data_errors),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Summary:
    """What a set of outcomes adds up to: rules run and passed, comparisons, findings."""

    rules: int
    rules_passed: int
    rules_skipped: int
    comparisons: int
    consistent: int
    errors: int
    warnings: int
    data_errors: int


def summarize(outcomes: Sequence[CheckOutcome]) -> Summary:
    findings = [f for o in outcomes for f in o.findings]
    comparisons = sum(o.compared for o in outcomes)
    return Summary(
        rules=len(outcomes),
        rules_passed=sum(1 for o in outcomes if o.passed and o.compared > 0),
        rules_skipped=sum(1 for o in outcomes if o.compared == 0 and not o.data_errors),
        comparisons=comparisons,
        consistent=max(comparisons - len(findings), 0),
        errors=sum(1 for f in findings if f.severity == Severity.ERROR),
        warnings=sum(1 for f in findings if f.severity == Severity.WARNING),
        data_errors=sum(len(o.data_errors) for o in outcomes),
    )
