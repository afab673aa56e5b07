"""What a refresh prints at its end, on summaries built by hand (no Dagster run)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from expectations.families import FAMILIES
from expectations.findings import Finding, Severity
from pipeline.messages import MESSAGES, family_name, set_language
from pipeline.refresh import CheckLine, RefreshSummary
from pipeline.summary import (
    failure_lines,
    families_from_lines,
    family_line,
    finding_line,
    print_refresh_summary,
)
from warehouse.labels import declared_value_labels


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language("ja")


def summary(**changes: object) -> RefreshSummary:
    base = RefreshSummary(
        success=False,
        warehouse=Path("/w/vision.duckdb"),
        pdf=Path("/in/other.pdf"),
        seconds=1.0,
        run_id="r",
        failure_log=Path("/w/vision.duckdb.failures.jsonl"),
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_a_failed_step_is_two_lines_in_words_without_class_paths() -> None:
    failed = summary(
        errors=[
            "vision__tables: sources.vision_tables_pdf.MissingTableError: /in/other.pdf: 30 of "
            "30 expected tables not found — is this PDF the vision? First: table with caption …",
            "check x: y",
        ]
    )
    lines = failure_lines(failed)
    assert lines == [
        "✗ 表の抽出に失敗しました: /in/other.pdf: 30 of 30 expected tables not found — "
        "is this PDF the vision? (+1)",
        "  前の倉庫はそのままです（記録: /w/vision.duckdb.failures.jsonl）",
    ]


def test_a_rejected_actuals_workbook_names_the_step_in_words_not_its_asset_key() -> None:
    failed = summary(
        errors=[
            "kpi__actuals: /a/bad.xlsx: not a readable .xlsx workbook (File is not a zip "
            "file); save it as .xlsx or CSV"
        ]
    )
    headline = failure_lines(failed)[0]
    assert "kpi__actuals" not in headline
    assert headline.startswith(f"✗ {MESSAGES['step.actuals']['ja']}に失敗しました: /a/bad.xlsx")


def test_an_interrupted_run_says_cancelled() -> None:
    out = io.StringIO()
    interrupted = summary(
        errors=["vision__facts: dagster._core.errors.DagsterExecutionInterruptedError: "]
    )
    print_refresh_summary(interrupted, Console(file=out, width=200))
    assert out.getvalue().splitlines() == ["中断しました。前の倉庫はそのままです: /w/vision.duckdb"]


def test_families_add_up_their_checks_counts_and_say_so_in_english_too() -> None:
    lines = [
        CheckLine("a", False, "WARN", 3, 10, [], family="ratios", errors=2, warnings=1),
        CheckLine("b", True, "WARN", 0, 5, [], family="ratios"),
        CheckLine("c", False, "ERROR", 0, 0, ["no rows in fact_kpi"], family="kpi_consistency"),
    ]
    ratios, kpi = families_from_lines(lines)
    assert family_line(ratios) == "! 比率: 誤り 2・注意 1（比較 15 件）"
    assert family_line(kpi).startswith("✗ 成果指標（3(1) と 4）: データ不足: no rows in fact_kpi")
    set_language("en")
    assert family_line(ratios) == "! ratios: errors 2, warnings 1 (15 compared)"


def test_a_family_that_compared_nothing_is_not_shown_as_passed() -> None:
    """Another area's vision checked against statistics of the shipped prefecture only:
    the family found nothing because it compared nothing — not a ✓."""
    lines = [
        CheckLine("a", True, "WARN", 0, 0, [], family="cross_source"),
        CheckLine("b", True, "WARN", 0, 12, [], family="row_sums"),
    ]
    official, sums = families_from_lines(lines)
    assert family_line(official) == "－ 公的統計との照合: 照合していない（比較 0 件）"
    assert family_line(sums) == "✓ 合計（行・列）: 指摘なし（比較 12 件）"


def test_the_statistics_line_says_how_each_dataset_was_obtained_in_words() -> None:
    """Datasets read from their snapshot for the same known reason are listed once under
    that reason in words; any other note stays with its dataset."""
    out = io.StringIO()
    done = summary(
        success=True,
        statistics={
            "census2020_final": "snapshot (reason: no ESTAT_APP_ID)",
            "census2025_final": "snapshot (reason: no ESTAT_APP_ID)",
            "ssdse_a_2024": "snapshot (reason: no live source (published as CSV files))",
            "census2020_preliminary": "snapshot (reason: network error: timed out)",
            "ipss2023_projections": "live (e-Stat 0003445078, 12258 rows)",
        },
    )
    print_refresh_summary(done, Console(file=out, width=300))
    first = out.getvalue().splitlines()[0]
    assert first == (
        "公的統計: 同梱のスナップショット（ESTAT_APP_ID 未設定: census2020_final, "
        "census2025_final／e-Stat API で提供されない: ssdse_a_2024／census2020_preliminary: "
        "network error: timed out）／e-Stat から取得（ipss2023_projections: e-Stat 0003445078, "
        "12258 rows）"
    )


def _finding(**changes: object) -> Finding:
    base = Finding(
        check_id="duplicate_names",
        family="names",
        severity=Severity.WARNING,
        table_id="t",
        caption="①主な会館・ホール",
        page=13,
        row_label="山形市",
        column_label="",
        stated="A（2回）",
        expected="A（1回）",
        message="重複",
    )
    return replace(base, **changes)


def test_a_finding_line_shows_only_the_labels_it_has_and_a_dash_for_no_page() -> None:
    assert (
        finding_line(_finding())
        == "p.13 [注意] ①主な会館・ホール 山形市: A（2回） ≠ A（1回） — 重複"
    )
    line = finding_line(_finding(page=None, column_label="施設数", severity=Severity.ERROR))
    assert line.startswith("p.— [誤り] ①主な会館・ホール 山形市/施設数: ")
    assert "None" not in line


def test_every_family_has_words_in_each_language():
    """The words come from the warehouse's value labels (ja) and the families' declaration
    (en); both name every family of `expectations.families`, and the seed no other."""
    japanese = {family: family_name(family, "ja") for family in FAMILIES}
    assert all(words != family for family, words in japanese.items()), japanese
    english = [family_name(family, "en") for family in FAMILIES]
    assert len(set(english)) == len(FAMILIES) and not any("{" in w for w in english), english
    seeded = {value for column, value in declared_value_labels() if column == "family"}
    assert seeded == set(FAMILIES)


def test_the_subject_views_are_counted_apart_and_listed_with_the_tables():
    """The profile's subject relations are views, not stored tables: the one-line summary
    counts them apart, and -v lists each beside the tables, marked a view."""
    done = summary(
        success=True,
        table_rows={"fact_measure": 900, "table_cell": 400},
        subject_rows={"fact_library": 45, "fact_employment": 90},
    )
    out = io.StringIO()
    print_refresh_summary(done, Console(file=out, width=200))
    assert "読み込んだ表: 2 表・1,300 行、主題のビュー 2（一覧は -v）" in out.getvalue()
    listed = io.StringIO()
    print_refresh_summary(done, Console(file=listed, width=200), verbose=True)
    assert "fact_library（ビュー）" in listed.getvalue()
    assert "fact_employment（ビュー）" in listed.getvalue()
