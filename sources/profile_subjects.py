"""A profile's subject relations (`[subjects] declarations`, e.g. `subjects.toml`): what one
document's tables are about, read and checked for form here.

Each `[subject.<name>]` declares a relation: its `description`, its `columns` (in
warehouse/schema/facts.toml's syntax), the profile's tables it `reads`, the `sql` SELECT
over the warehouse's facts that fills it, and the `[[subject.<name>.check]]` rules run on
it: a rule `id`, the `kind` of check (one the rules know, expectations.registry), a
`description` staff read next to its findings and the kind's parameters. The warehouse
makes each relation a view (warehouse.subjects); the rules run its checks
(expectations.registry). A profile without the file has no subject relations.

Every key in `reads` is a `[[tables]]` key of profile.toml, or one listed in its `[subjects]
not_printed` (a declarations file shared with a document that does not print that table);
every table key the SELECT names (compared with `table_key`, or asked of `table_option`)
is in `reads`. Besides the facts and `table_cell`, the SELECT may use the macros of
warehouse/subjects_macros.sql and `table_option(table_key, option)`, the value of a
table's `options` in profile.toml (e.g. the `unit` its heading states), NULL when none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sources.profile_reader import Reader, read_toml

_CHECK_KEYS = ("id", "kind", "description")
SUBJECT_KEYS = ("description", "columns", "reads", "sql", "check")


@dataclass(frozen=True)
class SubjectCheck:
    """A rule the profile runs on one of its subject relations."""

    check_id: str
    kind: str
    description: str
    subject: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    where: str = ""  # the file and key, for a message about the declaration


@dataclass(frozen=True)
class SubjectDeclaration:
    name: str
    description: str
    reads: tuple[str, ...]
    sql: str
    columns: tuple[Any, ...]  # facts.toml's column entries, checked by warehouse.schema
    checks: tuple[SubjectCheck, ...] = ()


def read_subjects(path: Path) -> tuple[SubjectDeclaration, ...]:
    """The subject relations declared in the file at `path`, in order; ProfileError naming
    the file and key of anything missing or of the wrong type."""
    top = Reader(path, "the file", read_toml(path))
    top.only("subject")
    subjects = Reader(path, "[subject]", top.child("subject", dict, {}))
    return tuple(
        _subject(Reader(path, f"[subject.{name}]", spec), name)
        for name, spec in subjects.data.items()
    )


def _subject(r: Reader, name: str) -> SubjectDeclaration:
    r.only(*SUBJECT_KEYS)
    reads = r.child("reads", list, [])
    if not all(isinstance(key, str) for key in reads):
        r.fail(f"{r.where}.reads: a list of the profile's table keys")
    checks = r.child("check", list, [])
    return SubjectDeclaration(
        name=name,
        description=r.text("description"),
        reads=tuple(reads),
        sql=r.text("sql").strip(),
        columns=tuple(r.child("columns", list)),
        checks=tuple(
            _check(Reader(r.path, f"{r.where}.check #{i}", c), name)
            for i, c in enumerate(checks, start=1)
        ),
    )


def _check(r: Reader, subject: str) -> SubjectCheck:
    params = {key: value for key, value in r.data.items() if key not in _CHECK_KEYS}
    return SubjectCheck(
        check_id=r.text("id"),
        kind=r.text("kind"),
        description=r.text("description"),
        subject=subject,
        params=MappingProxyType(params),
        where=f"{r.path}: {r.where}",
    )
