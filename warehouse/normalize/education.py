"""Education: high schools / 専修学校 / 特別支援 as lists.

The universities and the city high school's students by residence are subject relations of
the profile (fact_university, fact_usage_by_residence: warehouse.subjects).
"""

from __future__ import annotations

import re

from sources.tables import ExtractedTable
from warehouse.normalize.common import (
    ListCell,
    Record,
    classify_label,
    list_records,
    spec_tables,
    squash_cjk_spaces,
)


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
