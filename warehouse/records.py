"""Rows for the warehouse's core tables: the document's identity, the check outcomes and
the official releases, shaped from what the other layers produce."""

from __future__ import annotations

import pandas as pd

from expectations.findings import CheckOutcome, findings_frame
from expectations.registry import run_checks
from sources.manifest import default_vision_entry
from sources.vision_pdf import VisionDocument
from warehouse.load import DocumentRecord
from warehouse.official import OfficialRelease, official_frames


def document_record(document: VisionDocument) -> DocumentRecord:
    """The document's identity; publisher and dates come from the manifest when the bytes
    are the shipped snapshot's, otherwise they are unknown rather than guessed."""
    entry = default_vision_entry()
    known = entry.sha256 == document.sha256
    return DocumentRecord(
        revision_id=document.sha256,
        sha256=document.sha256,
        title=document.title or entry.title,
        publisher=entry.publisher if known else None,
        revision_label=entry.extra.get("revision_label") if known else None,
        published=entry.published if known else None,
        official_url=entry.official_url,
        source_path=str(document.path),
        page_count=document.page_count,
    )


def check_tables(
    frames: dict[str, pd.DataFrame], releases: list[OfficialRelease]
) -> dict[str, pd.DataFrame]:
    """Run every rule and shape the outcomes as the `check_result` and `finding` tables."""
    outcomes = run_checks(frames | official_frames(releases))
    results = pd.DataFrame(
        [
            {
                "check_id": o.check_id,
                "family": o.family,
                "status": _status(o),
                "compared": o.compared,
                "findings": len(o.findings),
                "skipped": o.skipped,
                "data_errors": "\n".join(o.data_errors) or None,
                "notes": "\n".join(o.notes) or None,
            }
            for o in outcomes
        ]
    )
    findings = findings_frame([f for o in outcomes for f in o.findings])
    return {"check_result": results, "finding": findings}


def _status(outcome: CheckOutcome) -> str:
    if outcome.data_errors:
        return "data_error"
    return "findings" if outcome.findings else "passed"


def release_tables(releases: list[OfficialRelease]) -> dict[str, pd.DataFrame]:
    return {
        "statistic_release": pd.concat([r.release for r in releases], ignore_index=True),
        "fact_official_statistic": pd.concat([r.facts for r in releases], ignore_index=True),
    }
