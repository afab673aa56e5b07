"""Rows for the warehouse's core tables: the document's identity, the check outcomes and
the official releases, shaped from what the other layers produce."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from sources.manifest import default_vision_entry
from sources.vision_edition import read_edition
from sources.vision_pdf import VisionDocument
from warehouse.load import DocumentRecord
from warehouse.official import OfficialRelease


def document_record(document: VisionDocument) -> DocumentRecord:
    """The document's identity. The edition's dates come from its cover; for the shipped
    snapshot whose cover could not be read, from the manifest; otherwise they are unknown
    rather than guessed. The publisher is known only for the shipped bytes."""
    entry = default_vision_entry()
    known = entry.sha256 == document.sha256
    edition = read_edition(document.cover_text)
    dates = _iso(edition.adopted_on), _iso(edition.revised_on), _iso(edition.published_on)
    if edition.published_on is not None:
        label, dated_by = edition.label, "cover"
    elif known:
        label, dated_by = entry.extra.get("revision_label"), "manifest"
        dates = entry.extra.get("first_published"), entry.published, entry.published
    else:
        label, dated_by = None, None
    return DocumentRecord(
        revision_id=document.sha256,
        title=document.title or entry.title,
        publisher=entry.publisher if known else None,
        revision_label=label,
        published=dates[2],
        official_url=entry.official_url,
        source_path=str(document.path),
        page_count=document.page_count,
        adopted_on=dates[0],
        revised_on=dates[1],
        revision_number=edition.revision_number,
        dated_by=dated_by,
    )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def check_tables(
    outcomes: Sequence[Mapping[str, Any]], findings: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The rules' outcomes as the `check_result` table and their findings as the `finding`
    table. An outcome is a plain record (check_id, family, compared, findings — a count —,
    skipped, data_errors, notes), so the warehouse needs nothing of the rules' classes."""
    results = pd.DataFrame(
        [
            {
                "check_id": o["check_id"],
                "family": o["family"],
                "status": _status(o),
                "compared": o["compared"],
                "findings": o["findings"],
                "skipped": o["skipped"],
                "data_errors": "\n".join(o["data_errors"]) or None,
                "notes": "\n".join(o["notes"]) or None,
            }
            for o in outcomes
        ]
    )
    return {"check_result": results, "finding": findings}


def _status(outcome: Mapping[str, Any]) -> str:
    if outcome["data_errors"]:
        return "data_error"
    return "findings" if outcome["findings"] else "passed"


def release_tables(releases: list[OfficialRelease]) -> dict[str, pd.DataFrame]:
    return {
        "statistic_release": pd.concat([r.release for r in releases], ignore_index=True),
        "fact_official_statistic": pd.concat([r.facts for r in releases], ignore_index=True),
    }
