"""Messages that name the table: a failure or a rule that could not run names the table as
printed (caption, page), the profile's declaration (file, line, key) and what to change.

Each test plants one fault — a profile key edited, a printed number made unreadable, a
frame left without rows — and asserts the message points at exactly that table and key.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pandas as pd
import pytest

from expectations.registry import rules
from pipeline.refresh import RefreshSummary
from pipeline.summary import failure_lines
from sources.profile import load_profile
from sources.profile_match import DECLARED_TABLES, EXPLAIN_HINT, match_profile
from sources.vision_tables_pdf import check_expectations, missing_summary, profile_expectations
from tests.pipeline.test_profile_explain import edited_profile
from warehouse.normalize import FrameError, build_all_frames


def _declared_at(profile, key: str) -> str:
    """`file:line [[tables]] key = "key"`, the line found in the file itself."""
    lines = profile.path.read_text(encoding="utf-8").splitlines()
    line = lines.index(f'key = "{key}"') + 1
    return f'{profile.path}:{line} [[tables]] key = "{key}"'


def test_a_missing_table_names_its_declaration_the_nearest_table_and_the_fix(
    vision_extraction, tmp_path: Path
) -> None:
    shipped = match_profile(vision_extraction.tables, load_profile("yamagata_2nd"))
    (population,) = [
        t for t, found in shipped.tables if any(d.spec.key == "population" for d in found)
    ]
    profile = load_profile(
        str(edited_profile(tmp_path, "population", "人口と将来推計人口'", "人口の推計'"))
    )
    expectations = profile_expectations(profile)
    missing, _ = check_expectations(vision_extraction.tables, expectations)
    (message,) = missing
    assert f"'{profile.table('population').name}'" in message
    assert _declared_at(profile, "population") in message
    assert f"nearest p.{population.pages[0]} '{population.caption}'" in message
    assert "caption = '" in message and "/人口の推計/" in message
    assert EXPLAIN_HINT in missing_summary(missing, expectations)


def test_most_tables_missing_names_the_profile_file_and_the_explain_command(
    vision_extraction, tmp_path: Path
) -> None:
    profile = load_profile("yamagata_2nd")
    expectations = profile_expectations(profile)
    # Only the first four tables of the document: the rest are missing.
    missing, _ = check_expectations(vision_extraction.tables[:4], expectations)
    assert len(missing) > 3
    text = missing_summary(missing, expectations)
    assert f"of {len(expectations)} expected tables not found" in text
    assert f"({profile.path}; {EXPLAIN_HINT})" in text
    # The summary line a refresh prints keeps the file and the hint (its first sentence).
    failed = RefreshSummary(
        success=False,
        warehouse=Path("/w/v.duckdb"),
        pdf=Path("/in/x.pdf"),
        seconds=1.0,
        run_id="r",
        errors=[f"vision__tables: /in/x.pdf: {text}"],
    )
    headline = failure_lines(failed)[0]
    assert str(profile.path) in headline and "vision profile explain" in headline


def test_an_unreadable_number_names_the_page_and_the_declaration(vision_extraction) -> None:
    profile = load_profile("yamagata_2nd")
    tables = copy.deepcopy(vision_extraction.tables)
    shipped = match_profile(tables, profile)
    (medical,) = [
        t for t, found in shipped.tables if any(d.spec.key == "medical_facility" for d in found)
    ]
    row = medical.rows[medical.header_rows]
    row[1] = "1,2x4"  # a number no reader can parse
    with pytest.raises(FrameError) as raised:
        build_all_frames(tables, "r" * 64)
    message = str(raised.value)
    assert message.startswith(medical.caption)
    assert "1,2x4" in message
    assert f"p.{medical.pages[0]}; read under '{profile.table('medical_facility').name}'" in message
    assert _declared_at(profile, "medical_facility") in message and EXPLAIN_HINT in message


def test_a_rule_without_rows_names_the_tables_they_are_read_from() -> None:
    (rule,) = [r for r in rules() if r.check_id == "budget_total"]
    declared = ["'連携事業【n】' (13 tables, p.19-31; profile.toml:406 [[tables]] key = \"x\")"]
    empty = pd.DataFrame()
    empty.attrs[DECLARED_TABLES] = declared
    outcome = rule.run({name: empty for name in rule.inputs})
    (error,) = outcome.data_errors
    assert error.startswith("no rows in fact_project_budget")
    assert declared[0] in error and EXPLAIN_HINT in error


def test_the_frames_carry_the_declarations_they_are_read_from(vision_extraction) -> None:
    profile = load_profile("yamagata_2nd")
    frames = build_all_frames(vision_extraction.tables, "r" * 64)
    budget = frames["fact_project_budget"].attrs[DECLARED_TABLES]
    (card,) = budget
    assert _declared_at(profile, "project_card") in card
    cards = [t for t in vision_extraction.tables if t.kind == "card"]
    assert f"{len(cards)} tables, p.{cards[0].pages[0]}-{cards[-1].pages[-1]}" in card
    population = frames["fact_population"].attrs[DECLARED_TABLES]
    assert any(_declared_at(profile, "population") in text for text in population)
    assert not re.search(r"None|nan", " ".join(budget + population))


def test_an_unexpected_table_names_the_declaration_to_correct(
    vision_extraction, tmp_path: Path
) -> None:
    shipped = match_profile(vision_extraction.tables, load_profile("yamagata_2nd"))
    welfare = [
        t for t, found in shipped.tables if any(d.spec.key == "welfare_facility" for d in found)
    ]
    folder = edited_profile(tmp_path, "welfare_facility", "社会福祉施設'", "介護保険施設'")
    profile = load_profile(str(folder))
    _, warnings = check_expectations(vision_extraction.tables, profile_expectations(profile))
    for table in welfare:
        (warning,) = [w for w in warnings if f"unexpected table {table.id} " in w]
        assert warning.endswith(
            f"the nearest, {_declared_at(profile, 'welfare_facility')}, differs in its caption"
        )
