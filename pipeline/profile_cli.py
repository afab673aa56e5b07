"""`vision profile explain`: every table the extractor sees beside the profile's
declaration it matches, the declarations that match nothing with the nearest table and
why, and what each matched table's shape will read — the view for correcting a profile.

The matching is `sources.profile_match`, the reading `warehouse.shape_reading`; this module
only words them (pipeline/messages.py) and lays them out for a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.messages import say

if TYPE_CHECKING:
    # Imported where used: `vision` loads this module for every command, and pandas and
    # the profile matcher would cost a no-op refresh a third of a second.
    import pandas as pd

    from sources.profile import Profile
    from sources.profile_match import ProfileMatch, Unmatched
    from sources.tables import ExtractedTable

EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
# The section path is long; the overview shows its innermost level (the detail all of it).
SECTION_SEPARATOR = " > "
# Labels listed per reading before `…`.
LISTED_LABELS = 8
# The overview keeps to a terminal's width: longer captions and sections are cut (`…`);
# the detail below prints them whole.
OVERVIEW_CHARS = 28


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= OVERVIEW_CHARS else text[: OVERVIEW_CHARS - 1] + "…"


def _page(table: ExtractedTable) -> str:
    first, last = table.pages[0], table.pages[-1]
    return str(first) if first == last else f"{first}-{last}"


def overview(match: ProfileMatch) -> pd.DataFrame:
    import pandas as pd

    """One row per table: page, id, caption, kind, header rows, unit, innermost section,
    and the keys of the declarations it matches."""
    none = say("explain.none")
    rows = [
        (
            _page(t),
            t.id,
            _short(t.caption),
            t.kind,
            t.header_rows,
            t.unit or none,
            _short(t.section.split(SECTION_SEPARATOR)[-1]) or none,
            ", ".join(d.spec.key for d in found) or none,
        )
        for t, found in match.tables
    ]
    columns = ("page", "id", "caption", "kind", "header", "unit", "section", "declared")
    return pd.DataFrame(rows, columns=[say(f"explain.col.{c}") for c in columns])


def _kpi_label(label: str) -> str:
    """`baseline=基準値` (a KPI column's role and its header) in the chosen language."""
    role, _, header = label.partition("=")
    return f"{say(f'explain.kpi.{role}')}={header}"


def _labels(labels: Sequence[str]) -> str:
    shown = "、".join(" ".join(label.split()) for label in labels[:LISTED_LABELS])
    return shown + ("、…" if len(labels) > LISTED_LABELS else "")


def _header(table: ExtractedTable) -> str:
    """The last header row as printed, a merged cell once (the grid repeats its text in
    every column it covers)."""
    cells = [" ".join(c.split()) for c in table.header[-1]] if table.header else []
    shown = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]
    return " | ".join(shown) or say("explain.none")


def readings_lines(match: ProfileMatch) -> list[str]:
    """Per matched table: where it is declared, its section and header rows, and what
    its shape reads from it."""
    from warehouse.shape_reading import shape_reading

    lines = [say("explain.readings")]
    if not match.matched:
        lines.append("    " + say("explain.none"))
    for table, found in match.tables:
        for d in found:
            lines.append(
                say(
                    "explain.table",
                    page=_page(table),
                    id=table.id,
                    caption=" ".join(table.caption.split()),
                    place=d.place,
                    shape=d.spec.shape,
                )
            )
            lines.append("    " + say("explain.section", section=table.section))
            lines.append("    " + say("explain.header_rows", header=_header(table)))
            for reading in shape_reading(table, d.spec):
                role = say(f"explain.role.{reading.role}")
                lines.append(
                    "    "
                    + say(
                        "explain.reading",
                        role=role,
                        count=len(reading.labels),
                        labels=_labels(
                            [_kpi_label(x) for x in reading.labels]
                            if reading.role == "kpi_columns"
                            else reading.labels
                        ),
                    )
                )
    return lines


def reason_line(unmatched: Unmatched, reason: str) -> str:
    """Why the nearest table is not matched, and what to change in the declaration."""
    from sources.profile_match import suggested_caption

    spec, table = unmatched.declaration.spec, unmatched.nearest.table  # type: ignore[union-attr]
    if reason == "caption":
        return say(
            "explain.reason.caption",
            caption=" ".join(table.caption.split()),
            pattern=spec.caption,
            suggest=suggested_caption(table),
        )
    if reason == "kind":
        return say("explain.reason.kind", found=table.kind, declared=spec.kind)
    return say("explain.reason.section", section=table.section, pattern=spec.section_pattern)


def unmatched_lines(match: ProfileMatch, total: int) -> list[str]:
    """Each declaration short of tables, its nearest table and the reasons it differs."""
    if not match.unmatched:
        return [say("explain.all_matched", count=total)]
    lines = [say("explain.unmatched", count=len(match.unmatched), total=total)]
    for u in match.unmatched:
        spec = u.declaration.spec
        lines.append(
            say(
                "explain.declaration",
                place=u.declaration.place,
                name=spec.name,
                caption=spec.caption,
                kind=spec.kind,
                section=spec.section_pattern,
                found=u.found,
                need=spec.min_count,
            )
        )
        if u.nearest is None:
            lines.append("    " + say("explain.no_candidate"))
            continue
        t = u.nearest.table
        lines.append(
            "    "
            + say(
                "explain.nearest",
                page=_page(t),
                id=t.id,
                caption=" ".join(t.caption.split()),
                kind=t.kind,
                similarity=u.nearest.similarity,
            )
        )
        lines += ["      " + reason_line(u, reason) for reason in u.nearest.reasons]
    return lines


def explain_text(pdf: Path, tables: Sequence[ExtractedTable], profile: Profile) -> str:
    """The whole explanation, as printed."""
    from sources.profile_match import match_profile
    from warehouse.query import frame_table

    match = match_profile(tables, profile)
    parts = [
        say(
            "explain.head",
            pdf=pdf,
            tables=len(tables),
            matched=match.matched,
            profile=profile.path,
        ),
        "",
        frame_table(overview(match)),
        "",
        *readings_lines(match),
        "",
        *unmatched_lines(match, len(profile.tables)),
    ]
    return "\n".join(parts)


@click.group()
def profile() -> None:
    """Profiles: how a document is described (see README, "A new area")."""


@profile.command()
@click.argument("pdf", type=EXISTING_FILE)
@click.option(
    "--profile",
    "profile_name",
    metavar="DIR",
    help="Profile to explain against (a shipped name, a folder or a profile.toml). "
    "Default: the run's profile (vision --profile, VISION_PROFILE, else the shipped one).",
)
def explain(pdf: Path, profile_name: str | None) -> None:
    """Every table of PDF beside the profile declaration it matches.

    Lists each table the extractor sees (page, caption, kind, header rows, unit, section),
    the declaration ([[tables]] key, file and line) it matches and what that declaration's
    shape will read from it (municipality rows, totals, years, KPI columns…); then each
    declaration that matches no table, with the nearest table and why it does not match
    (caption pattern, kind, section) and what to change. Informative: exits 0 whatever
    matches.
    """
    from pipeline.cli import use_profile
    from sources.profile import ProfileError, current_profile
    from sources.vision_pdf import VisionPdfError
    from sources.vision_tables_pdf import extract_tables

    if profile_name:
        use_profile(profile_name)
    chosen = current_profile()
    try:
        extraction = extract_tables(pdf, expectations=(), strict=False)
        text = explain_text(extraction.document.path, extraction.tables, chosen)
    except (VisionPdfError, ProfileError) as exc:  # a pattern too slow is a ProfileError
        raise click.ClickException(str(exc)) from exc
    click.echo(text)


@profile.command()
@click.argument("pdf", type=EXISTING_FILE)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write profile.toml and kpi.toml into (created; existing files are kept).",
)
def draft(pdf: Path, out: Path) -> None:
    """Write a first profile of PDF's area: profile.toml and kpi.toml in DIR.

    Everything is guessed from the document: the members (names of the national list of
    municipalities printed in its tables, on the cover and in §1), the core city, title and
    edition, the sections, and every table with its caption pattern, kind, shape and key;
    each guess carries a comment saying what it was guessed from. Then: `vision profile
    explain --profile DIR PDF`, edit what is wrong, `vision --profile DIR refresh --pdf PDF`.
    """
    from sources.atomic_write import replace_file
    from sources.profile import PROFILE_FILE, ProfileError, read_profile
    from sources.vision_pdf import VisionPdfError
    from sources.vision_tables_pdf import extract_tables
    from warehouse.profile_draft import KPI_FILE, draft_profile, render_profile

    target = out / PROFILE_FILE
    kpi = out / "kpi.toml"
    for existing in (target, kpi):
        if existing.exists():
            raise click.ClickException(say("draft.exists", path=existing))
    try:
        extraction = extract_tables(pdf, expectations=(), strict=False)
    except VisionPdfError as exc:
        raise click.ClickException(str(exc)) from exc
    doc = extraction.document
    drafted = draft_profile(doc.title, doc.cover_text, extraction.text, extraction.tables)
    out.mkdir(parents=True, exist_ok=True)
    replace_file(kpi, KPI_FILE.encode("utf-8"))
    replace_file(target, render_profile(drafted, pdf.name).encode("utf-8"))
    click.echo(
        say(
            "draft.written",
            path=target,
            members=len(drafted.members),
            tables=len(drafted.tables),
            found=len(extraction.tables),
        )
    )
    for note in drafted.notes:
        click.echo("  " + say(f"draft.note.{note}"))
    try:
        read_profile(target)
    except ProfileError as exc:  # e.g. members of two prefectures before profiles allow it
        click.echo(say("draft.invalid", error=exc))
