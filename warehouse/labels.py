"""Names people read for the warehouse's tables, views and columns.

The schema's machine names (`municipality_code`) are for tools; staff opening an export in
Excel read Japanese labels (`市町コード`). The labels are declared once, as seed files next to
the schema (`seeds/relation_labels_ja.csv`, in reading order, and `seeds/column_labels_ja.csv`):
one label per column name, since a column name means one thing in every table that has it.
A name without a declared label is shown as is, never dropped. Coded values that people read
(severity `error` → 誤り, family `ratios` → 比率) have labels too (`seeds/value_labels_ja.csv`);
a label citing a section of the document writes it as a placeholder (`{kpi}`, `{matrix}`,
`{projects}`: the run's profile's section labels, warehouse/profile_labels.py), so no seed
names one document's outline.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from sources.profile import selected_profile_name
from warehouse.paths import WAREHOUSE_DIR
from warehouse.profile_labels import profile_labels

SEEDS_DIR = WAREHOUSE_DIR / "seeds"
LANGUAGES = ("ja", "en")


@cache
def _seed(name: str) -> dict[str, str]:
    path: Path = SEEDS_DIR / name
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)  # header
        return {row[0]: row[1] for row in reader if row}


def relation_label(relation: str, lang: str = "ja") -> str:
    """The table's or view's label (`municipality` → `市町`); the machine name in English."""
    if lang == "en":
        return relation
    return _seed("relation_labels_ja.csv").get(relation, relation)


@cache
def declared_value_labels() -> dict[tuple[str, str], str]:
    """The seed's labels as written, placeholders unformatted."""
    path = SEEDS_DIR / "value_labels_ja.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {(row["column"], row["value"]): row["label"] for row in csv.DictReader(handle)}


@cache
def _value_labels_of(profile: str) -> dict[tuple[str, str], str]:
    labels = profile_labels()  # of the run's profile, which is `profile`
    return {key: label.format_map(labels) for key, label in declared_value_labels().items()}


def _value_labels() -> dict[tuple[str, str], str]:
    """The labels with the run's profile's section labels in their placeholders."""
    return _value_labels_of(selected_profile_name())


def value_label(column: str, value: str, lang: str = "ja") -> str:
    """A coded value in words (`severity` `error` → 誤り, `family` `ratios` → 比率); the
    code itself in English or when no label is declared."""
    if lang == "en":
        return value
    return _value_labels().get((column, value), value)


def labelled_columns() -> frozenset[str]:
    """Columns whose coded values have declared labels."""
    return frozenset(column for column, _ in _value_labels())


def reading_order(relations: Sequence[str]) -> list[str]:
    """Relations in the order people read them (the seed file's order: findings and analyst
    views first, bookkeeping last); undeclared ones after, by name."""
    declared = list(_seed("relation_labels_ja.csv"))
    rank = {name: i for i, name in enumerate(declared)}
    return sorted(relations, key=lambda r: (rank.get(r, len(rank)), r))


def column_labels(columns: Sequence[str], lang: str = "ja") -> list[str]:
    """Labels for the columns of one relation, unique within it: a label two columns would
    share is followed by the machine name, so no header is ambiguous."""
    if lang == "en":
        return list(columns)
    declared = _seed("column_labels_ja.csv")
    labels = [declared.get(c, c) for c in columns]
    shared = {label for label in labels if labels.count(label) > 1}
    return [
        f"{label}（{column}）" if label in shared else label
        for column, label in zip(columns, labels, strict=True)
    ]
