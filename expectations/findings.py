"""A finding: one place where the document contradicts itself (or an official source).

Findings are data, not exceptions: the vision's own inconsistencies must never block a
load. They carry everything a reviewer needs to find the spot in the printed document.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum

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


FINDING_COLUMNS = [f.name for f in fields(Finding)]


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    return pd.DataFrame([f.to_dict() for f in findings], columns=FINDING_COLUMNS)


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
