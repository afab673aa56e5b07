"""`vision diff` prints the change list of the planted editions in every format."""

import csv
import io
import json

from click.testing import CliRunner
from rich.cells import cell_len

from pipeline.cli import main
from pipeline.messages import MESSAGES
from tests.fixtures.editions import PLANTED_CHANGES
from warehouse.changes import KINDS


def _diff(warehouse, *args, lang="en"):
    language = ["--lang", lang] if lang else []
    result = CliRunner().invoke(main, [*language, "diff", "--warehouse", str(warehouse), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_table_names_both_editions_and_groups_the_changes_by_section(planted_warehouse):
    warehouse, earlier, later = planted_warehouse
    lines = _diff(warehouse).splitlines()
    assert lines[0] == f"令和7年2月17日 策定 ({earlier[:12]}) → 令和8年2月20日 改訂 ({later[:12]})"
    sections = {section for section, *_ in PLANTED_CHANGES}
    assert {line for line in lines if line in sections} == sections
    assert "  changed  【28】 × 河北町 (4 一覧表): ★ → （空欄） (p.65)" in lines
    assert "  added    表紙 改訂日: （なし） → 令和8年2月20日 (p.1)" in lines
    assert not [line for line in lines if "nan" in line or "None" in line]
    assert MESSAGES["diff.count"]["en"].format(count=len(PLANTED_CHANGES)) in lines


def test_the_table_speaks_japanese_by_default_and_stays_aligned(planted_warehouse, monkeypatch):
    monkeypatch.delenv("VISION_LANG", raising=False)
    warehouse, _, _ = planted_warehouse
    lines = _diff(warehouse, lang=None).splitlines()
    assert MESSAGES["diff.count"]["ja"].format(count=len(PLANTED_CHANGES)) in lines
    changes = [line for line in lines if line.startswith("  ")]
    assert len(changes) == len(PLANTED_CHANGES)
    assert {line.split()[0] for line in changes} <= set(KINDS.values())
    # every "what" starts in the same terminal column, whatever the kind's width
    what_columns = {cell_len(line) - cell_len(line.split(maxsplit=1)[1]) for line in changes}
    assert len(what_columns) == 1, changes


def test_csv_and_json_hold_one_record_per_change(planted_warehouse):
    warehouse, earlier, later = planted_warehouse
    rows = list(csv.DictReader(io.StringIO(_diff(warehouse, "--format", "csv"))))
    assert len(rows) == len(PLANTED_CHANGES)
    assert {(r["kind"], r["what"], r["old"], r["new"]) for r in rows} == {
        (kind, what, old or "", new or "") for _, kind, what, old, new, _, _ in PLANTED_CHANGES
    }
    document = json.loads(_diff(warehouse, earlier[:12], later[:12], "--format", "json"))
    assert (document["old"]["label"], document["new"]["published"]) == (
        "令和7年2月17日 策定",
        "2026-02-20",
    )
    assert {tuple(c.values()) for c in document["changes"]} == PLANTED_CHANGES


def test_a_warehouse_with_one_edition_says_how_to_load_another(warehouse_copy):
    result = CliRunner().invoke(main, ["--lang", "en", "diff", "--warehouse", str(warehouse_copy)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 2 and "fewer than two revisions" in lines[0], result.output
    assert lines[1] == MESSAGES["diff.one_edition"]["en"].split("\n")[1]


def test_the_one_edition_message_is_all_japanese_in_japanese(warehouse_copy):
    result = CliRunner().invoke(main, ["--lang", "ja", "diff", "--warehouse", str(warehouse_copy)])
    assert result.exit_code == 1
    assert "fewer than" not in result.output
    assert MESSAGES["diff.one_edition"]["ja"].split("\n")[0] in result.output
