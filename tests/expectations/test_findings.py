"""A finding's fields, declared once: the `vision check --json` records, the warehouse's
frame, and the counts a set of outcomes adds up to."""

import json
from dataclasses import fields

from expectations.findings import (
    FINDING_FIELDS,
    LOCATION_FIELDS,
    VALUE_FIELDS,
    Finding,
    findings_frame,
    findings_json,
    summarize,
)
from tests.fixtures.findings import OUTCOMES


def test_json_has_exactly_the_contract_fields():
    records = json.loads(findings_json([f for o in OUTCOMES for f in o.findings]))
    assert [list(r) for r in records] == [list(FINDING_FIELDS)] * 2
    assert records[0]["severity"] == "error" and records[0]["page"] == 10
    assert records[1]["stated"] == "90.2" and records[1]["expected"] == "90"


def test_summary_counts_passed_checks_and_consistent_comparisons():
    s = summarize(OUTCOMES)
    assert (s.rules, s.rules_passed, s.rules_skipped) == (4, 1, 1)
    assert (s.comparisons, s.consistent, s.errors, s.warnings) == (112, 110, 1, 1)


def test_the_frame_has_the_json_fields_and_the_gx_frames_begin_with_where_and_what():
    frame = findings_frame([f for o in OUTCOMES for f in o.findings])
    assert tuple(frame.columns) == FINDING_FIELDS == tuple(f.name for f in fields(Finding))
    assert frame.severity.tolist() == ["error", "warning"]
    assert set(LOCATION_FIELDS + VALUE_FIELDS) < set(FINDING_FIELDS)
