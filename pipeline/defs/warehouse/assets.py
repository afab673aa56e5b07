"""The DuckDB warehouse, rebuilt atomically from the fact frames and the findings asset."""

import dagster as dg
import pandas as pd

from expectations.findings import CheckOutcome, findings_frame
from pipeline.defs.statistics.assets import LOADED_DATASETS
from pipeline.fingerprint import refresh_fingerprint
from pipeline.partitions import VISION_PARTITIONS, area_step
from pipeline.resources import VisionSettings
from sources.vision_pdf import VisionDocument
from warehouse.load import load_revision
from warehouse.official import OfficialRelease
from warehouse.records import check_tables, document_record, release_tables


@dg.asset(
    key=["warehouse", "vision"],
    group_name="warehouse",
    kinds={"duckdb"},
    pool="duckdb_writer",
    partitions_def=VISION_PARTITIONS,
    ins={
        "vision_pdf": dg.AssetIn(key=["vision", "pdf"]),
        "vision_facts": dg.AssetIn(key=["vision", "facts"]),
        "vision_findings": dg.AssetIn(key=["vision", "findings"]),
    }
    | {f"official_{d}": dg.AssetIn(key=["statistics", d]) for d in LOADED_DATASETS},
)
@area_step
def warehouse_vision(
    context: dg.AssetExecutionContext,
    settings: VisionSettings,
    vision_pdf: VisionDocument,
    vision_facts: dict[str, pd.DataFrame],
    vision_findings: list[CheckOutcome],
    **officials: OfficialRelease,
) -> dg.MaterializeResult:
    """`warehouse/vision.duckdb`: facts of every loaded revision, the official statistics,
    the checks' findings and the load history. Built in a new file and swapped in only
    when complete."""
    releases = [officials[f"official_{d}"] for d in LOADED_DATASETS]
    # The rules ran once, in vision/findings; the warehouse gets their outcomes as plain
    # records and frames. (The text is checked but not loaded: the findings carry its pages.)
    tables = dict(vision_facts) | check_tables(
        [o.to_record() for o in vision_findings],
        findings_frame([f for o in vision_findings for f in o.findings]),
    )
    inputs = {
        "fingerprint": refresh_fingerprint(vision_pdf.path, pdf_sha256=vision_pdf.sha256),
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
        on_wait=context.log.warning,
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.warehouse)),
            "revision_id": vision_pdf.sha256,
            "migrations_applied": dg.MetadataValue.json(report.migrations_applied),
            "row_counts": dg.MetadataValue.json(report.row_counts),
        }
    )
