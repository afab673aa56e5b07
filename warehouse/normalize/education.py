"""Education: universities as facts, high schools / 専修学校 / 特別支援 as lists.

The city high school's students by residence is a usage table: the profile's subject
relation fact_usage_by_residence (warehouse.subjects).
"""

from __future__ import annotations

import re

import pandas as pd

from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    FrameError,
    ListCell,
    Record,
    classify_label,
    column_labels,
    label_key,
    list_records,
    make_frame,
    municipality_columns,
    number,
    provenance,
    spec_table,
    spec_tables,
    squash_cjk_spaces,
    value_columns,
)
from warehouse.printed_values import marker_of

_UNIVERSITY_COLUMNS = {
    "school": "学校名",
    "faculty": "学部",
    "years": "修業年限",
    "students": "在籍学生数",
    "place": "所在地",
}


def _column_index(table: ExtractedTable, labels: list[str], word: str) -> int:
    for col, label in enumerate(labels):
        if word in label_key(label):
            return col
    raise FrameError(table.caption, f"no column {word!r} in header {labels}")


def build_university(tables: list[ExtractedTable], revision_id: str) -> pd.DataFrame:
    """fact_university: enrolled students per school × faculty, with study years and place."""
    table = spec_table(tables, "university")
    if table is None:
        return make_frame("fact_university", [])
    labels = column_labels(table)
    col = {key: _column_index(table, labels, word) for key, word in _UNIVERSITY_COLUMNS.items()}
    records = []
    for index, row in enumerate(table.body, start=table.header_rows):
        school = squash_cjk_spaces(row[col["school"]])
        faculty_text = row[col["faculty"]].strip()
        years_text = row[col["years"]].strip()
        years = re.fullmatch(r"(\d+)\s*年", years_text)
        if years is None:
            raise FrameError(table.caption, f"study years {years_text!r} of {school!r}")
        students = number(table, row[col["students"]], f"students of {school!r}")
        record = provenance(table, index, revision_id, school, labels[col["students"]])
        record |= municipality_columns(classify_label(row[col["place"]], table.caption))
        record |= {
            "school_name": school,
            "faculty": None
            if marker_of(faculty_text) is not None
            else squash_cjk_spaces(faculty_text),
            "faculty_text": faculty_text,
            "study_years": int(years.group(1)),
            "study_years_text": years_text,
        }
        record |= value_columns(students, "人")
        records.append(record)
    return make_frame("fact_university", records)


def school_list(tables: list[ExtractedTable], revision_id: str) -> list[Record]:
    """List records of the schools: one table per municipality (`【<municipality>】` header).

    A row is (type, founder, names) or, where founder and names are one merged cell,
    (type, names) with no founder.
    """
    found = spec_tables(tables, "school")
    records: list[Record] = []
    for table in found:
        place = re.sub(r"[【】\[\]]", "", table.rows[0][0]).strip()
        ref = classify_label(place, table.caption)
        for index, row in enumerate(table.body, start=table.header_rows):
            school_type = squash_cjk_spaces(row[0])
            merged = len(row) < 3 or row[1] == row[2]
            founder = None if merged else squash_cjk_spaces(row[1])
            names = row[1] if merged else row[2]
            row_label = school_type if founder is None else f"{school_type}/{founder}"
            cell = ListCell(table, index, row_label, None, ref, "school", school_type, founder)
            records += list_records(cell, names, revision_id)
    return records
