"""Assets of the vision document: the PDF, its tables, its text, and the normalized fact
frames."""

from collections.abc import Callable

import dagster as dg
import pandas as pd

from pipeline.partitions import (
    EDITION_TAG,
    PUBLISHED_TAG,
    VISION_PARTITIONS,
    area_step,
    edition_tags,
    revision_of,
)
from sources.revision_store import RevisionStore
from sources.tables import ExtractedTable
from sources.vision_pdf import VisionDocument, open_vision_document
from sources.vision_tables_pdf import TableExtraction, extract_tables
from sources.vision_text_pdf import text_frame
from warehouse.normalize import build_all_frames


def _vision_asset(
    name: str, kind: str, **ins: dg.AssetIn
) -> Callable[[Callable[..., object]], dg.AssetsDefinition]:
    """An asset of one edition of the vision (a revision partition, of an area when the
    deployment has several), keyed vision/<name>, run under its area."""
    asset = dg.asset(
        key=["vision", name],
        group_name="vision",
        kinds={kind},
        ins=ins or None,
        partitions_def=VISION_PARTITIONS,
    )
    return lambda step: asset(area_step(step))


@_vision_asset("pdf", "pdf")
def vision_pdf(context: dg.AssetExecutionContext) -> dg.Output[VisionDocument]:
    """The vision PDF of this revision partition: path, sha256 (the revision id), pages.

    The bytes come from the revision store, where the sensor or `vision refresh` put them
    under the partition key, so a run reads exactly the edition that was detected."""
    stored = RevisionStore().get(revision_of(context), verify=True)
    document = open_vision_document(stored.path, verified_sha256=stored.sha256)
    context.add_output_metadata(
        {
            "path": dg.MetadataValue.path(str(document.path)),
            "sha256": document.sha256,
            "page_count": document.page_count,
            "title": document.title,
            # The partition key is a hash: the edition, as the cover names it, beside it.
            **{
                tag.removeprefix("vision/"): value
                for tag, value in edition_tags(document).items()
                if tag in (EDITION_TAG, PUBLISHED_TAG)
            },
        }
    )
    return dg.Output(document, data_version=dg.DataVersion(document.sha256))


PDF = dg.AssetIn(key=["vision", "pdf"])
TABLES = dg.AssetIn(key=["vision", "tables"])


@_vision_asset("tables", "pdfplumber", vision_pdf=PDF)
def vision_tables(context: dg.AssetExecutionContext, vision_pdf: VisionDocument) -> TableExtraction:
    """Every ruled table of the PDF as a grid of cell texts, with caption, section and pages."""
    extraction = extract_tables(vision_pdf)
    for warning in extraction.warnings:
        context.log.warning(warning)
    context.add_output_metadata(
        {
            "tables": len(extraction.tables),
            "warnings": len(extraction.warnings),
            "captions": dg.MetadataValue.md(_caption_list(extraction.tables)),
        }
    )
    return extraction


@_vision_asset("text", "pandas", vision_tables=TABLES)
def vision_text(context: dg.AssetExecutionContext, vision_tables: TableExtraction) -> pd.DataFrame:
    """The document's text outside its tables — headings, 目次 entries with their printed
    page numbers, paragraphs, notes — one row per block with its page (read by the text
    rules, family 8; not loaded into the warehouse)."""
    frame = text_frame(vision_tables.text)
    context.add_output_metadata(
        {"blocks": len(frame)} | {kind: int(n) for kind, n in frame["kind"].value_counts().items()}
    )
    return frame


@_vision_asset("facts", "pandas", vision_pdf=PDF, vision_tables=TABLES)
def vision_facts(
    context: dg.AssetExecutionContext, vision_pdf: VisionDocument, vision_tables: TableExtraction
) -> dict[str, pd.DataFrame]:
    """The tables normalized into long-format fact frames (one per warehouse table), each
    row carrying its provenance: document sha256, page, table, row and column label."""
    frames = build_all_frames(vision_tables.tables, vision_pdf.sha256)
    context.add_output_metadata(
        {name: len(frame) for name, frame in frames.items()}
        | {"population_preview": dg.MetadataValue.md(_population_preview(frames))}
    )
    return frames


def _caption_list(tables: list[ExtractedTable]) -> str:
    return "\n".join(f"- {t.id} p.{','.join(map(str, t.pages))} {t.caption}" for t in tables)


def _population_preview(frames: dict[str, pd.DataFrame]) -> str:
    population = frames.get("fact_population")
    if population is None or population.empty:
        return "(none)"
    return "```\n" + population.head(20).to_string(index=False) + "\n```"
