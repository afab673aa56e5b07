"""The DuckDB warehouse, rebuilt atomically from the fact frames and the check findings."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from expectations.findings import CheckOutcome, findings_frame
from expectations.registry import run_checks
from pipeline.resources import VisionSettings
from sources.manifest import default_vision_entry
from sources.vision_pdf import VisionDocument
from warehouse.load import DocumentRecord, load_revision


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


def check_tables(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Run every rule and shape the outcomes as the `check_result` and `finding` tables."""
    outcomes = run_checks(frames)
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


@dg.asset(
    key=["warehouse", "vision"],
    group_name="warehouse",
    kinds={"duckdb"},
    pool="duckdb_writer",
)
def warehouse_vision(
    context: dg.AssetExecutionContext,
    settings: VisionSettings,
    vision_pdf: VisionDocument,
    vision_facts: dict[str, pd.DataFrame],
) -> dg.MaterializeResult:
    """`warehouse/vision.duckdb`: facts of every loaded revision, the checks' findings and
    the load history. Built in a new file and swapped in only when complete."""
    tables = dict(vision_facts) | check_tables(vision_facts)
    report = load_revision(
        settings.warehouse(),
        document_record(vision_pdf),
        tables,
        inputs={"vision_pdf": {"path": str(vision_pdf.path), "sha256": vision_pdf.sha256}},
        run_id=context.run_id,
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.warehouse)),
            "revision_id": vision_pdf.sha256,
            "migrations_applied": dg.MetadataValue.json(report.migrations_applied),
            "row_counts": dg.MetadataValue.json(report.row_counts),
        }
    )
