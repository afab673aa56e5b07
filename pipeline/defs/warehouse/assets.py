"""The DuckDB warehouse, rebuilt atomically from the fact frames and the check findings."""

import dagster as dg
import pandas as pd

from expectations.findings import CheckOutcome, findings_frame
from expectations.registry import run_checks
from pipeline.fingerprint import refresh_fingerprint
from pipeline.partitions import VISION_REVISIONS
from pipeline.resources import VisionSettings
from sources.manifest import default_vision_entry
from sources.vision_pdf import VisionDocument
from warehouse.load import DocumentRecord, load_revision
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


@dg.asset(
    key=["warehouse", "vision"],
    group_name="warehouse",
    kinds={"duckdb"},
    pool="duckdb_writer",
    partitions_def=VISION_REVISIONS,
    ins={
        "vision_pdf": dg.AssetIn(key=["vision", "pdf"]),
        "vision_facts": dg.AssetIn(key=["vision", "facts"]),
        "official_census2020_final": dg.AssetIn(key=["statistics", "census2020_final"]),
        "official_census2020_preliminary": dg.AssetIn(key=["statistics", "census2020_preliminary"]),
        "official_ipss2023_projections": dg.AssetIn(key=["statistics", "ipss2023_projections"]),
    },
)
def warehouse_vision(
    context: dg.AssetExecutionContext,
    settings: VisionSettings,
    vision_pdf: VisionDocument,
    vision_facts: dict[str, pd.DataFrame],
    official_census2020_final: OfficialRelease,
    official_census2020_preliminary: OfficialRelease,
    official_ipss2023_projections: OfficialRelease,
) -> dg.MaterializeResult:
    """`warehouse/vision.duckdb`: facts of every loaded revision, the official statistics,
    the checks' findings and the load history. Built in a new file and swapped in only
    when complete."""
    releases = [
        official_census2020_final,
        official_census2020_preliminary,
        official_ipss2023_projections,
    ]
    tables = dict(vision_facts) | check_tables(vision_facts, releases)
    inputs = {
        "fingerprint": refresh_fingerprint(vision_pdf.path),
        "vision_pdf": {"path": str(vision_pdf.path), "sha256": vision_pdf.sha256},
    } | {
        r.dataset_id: r.release.iloc[0][["release_id", "fetched_mode", "content_hash"]].to_dict()
        for r in releases
    }
    report = load_revision(
        settings.warehouse(),
        document_record(vision_pdf),
        tables,
        releases=release_tables(releases),
        inputs=inputs,
        run_id=context.run.run_id,
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.warehouse)),
            "revision_id": vision_pdf.sha256,
            "migrations_applied": dg.MetadataValue.json(report.migrations_applied),
            "row_counts": dg.MetadataValue.json(report.row_counts),
        }
    )
