"""progress.html / progress.md, the KPI 進捗状況 handed to the council: a cover (area,
edition, year under review), per pillar a table with 評価 and its meaning and the charts, a
method note with every actual's source, A4 with page numbers — and, where the document
prints a KPI's baseline twice with different values, the row says so, which one the grade
uses and what the other gives. Expected values are derived from the warehouse's KPI rows
and grade scale, and a planted second baseline is found like the document's own."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.checking import outcomes_from_warehouse
from pipeline.cli import main
from pipeline.kpi_text import share_text
from pipeline.report import write_report
from sources.profile import current_profile
from warehouse.actuals_template import wareki
from warehouse.editions import edition
from warehouse.profile_labels import profile_labels


def kpi_targets(warehouse: Path) -> dict[tuple[str, str], tuple]:
    """(code, printed_in) → (indicator, baseline_value, baseline_text, target_value, unit)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT category_code || '-' || kpi_seq, printed_in, indicator, baseline_value, "
            "baseline_text, target_value, unit FROM kpi_targets"
        ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def grades(warehouse: Path) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute("SELECT grade, min_achievement, label, applies_to FROM kpi_grade")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def grade_for(share: float, scale: list[dict]) -> str:
    """The scale read as a person reads it: the highest threshold reached, else the grade
    without a threshold (基準値より悪化)."""
    progress = [g for g in scale if g["applies_to"] == "progress"]
    reached = [g for g in progress if g["min_achievement"] is not None]
    reached = [g for g in reached if share >= g["min_achievement"]]
    if reached:
        return max(reached, key=lambda g: g["min_achievement"])["grade"]
    return next(g["grade"] for g in progress if g["min_achievement"] is None)


def import_actual(warehouse: Path, tmp_path: Path, code: str, year: int, value: float) -> None:
    indicator = kpi_targets(warehouse)[(code, profile_labels()["kpi"])][0]
    path = tmp_path / f"{code}.csv"
    path.write_text(f"区分,指標,年,実績値,出典\n{code},{indicator},{year},{value},担当課集計\n")
    result = CliRunner().invoke(
        main, ["--lang", "en", "actuals", "import", str(path), "--warehouse", str(warehouse)]
    )
    assert result.exit_code == 0, result.output


def report(warehouse: Path, out: Path):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        revision = con.execute("SELECT revision_id FROM latest_revision").fetchone()[0]
    return write_report(warehouse, revision, outcomes_from_warehouse(warehouse, revision), out)


def text_of(html: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def two_baselines(warehouse: Path) -> dict[str, tuple]:
    """code → (used baseline text, other section, other text, other value) where the
    document prints a KPI's baseline with two values."""
    used = profile_labels()["kpi"]
    rows = kpi_targets(warehouse)
    found = {}
    for (code, printed_in), (_i, value, text, _t, _u) in sorted(rows.items()):
        mine = rows.get((code, used))
        if printed_in != used and value is not None and mine and mine[1] != value:
            found[code] = (mine[2], printed_in, text, value)
    return found


@pytest.fixture(scope="module")
def reviewed(refreshed, tmp_path_factory) -> tuple[Path, object]:
    """The shipped warehouse with an actual for every KPI printed with two baselines: the
    one the issue reports (イ-2 at 91, halfway from 90 to 92)."""
    tmp = tmp_path_factory.mktemp("council")
    warehouse = tmp / "vision.duckdb"
    warehouse.write_bytes(refreshed.warehouse.read_bytes())
    rows = kpi_targets(warehouse)
    used = profile_labels()["kpi"]
    for code in two_baselines(warehouse):
        _i, base, _text, target, _u = rows[(code, used)]
        with duckdb.connect(str(warehouse), read_only=True) as con:
            year = con.execute(
                "SELECT baseline_year + 1 FROM kpi_targets WHERE printed_in = ? AND "
                "category_code || '-' || kpi_seq = ?",
                [used, code],
            ).fetchone()[0]
        import_actual(warehouse, tmp, code, year, round((base + target) / 2, 1))
    return warehouse, report(warehouse, tmp / "out")


def test_the_council_document_is_written_next_to_the_consistency_report(reviewed) -> None:
    _warehouse, files = reviewed
    assert files.progress_html.parent == files.html.parent
    assert files.progress_markdown.name == "progress.md"
    consistency = files.html.read_text(encoding="utf-8")
    assert current_profile().report.title in consistency  # report.html stays the editors'
    council = files.progress_html.read_text(encoding="utf-8")
    assert current_profile().report.title not in council


def test_the_cover_names_the_area_the_edition_and_the_year_under_review(reviewed) -> None:
    warehouse, files = reviewed
    council = text_of(files.progress_html.read_text(encoding="utf-8"))
    cover = council.split("評価の内訳")[0]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        newest = con.execute(
            "SELECT max(year) FROM kpi_progress_by_year WHERE actual_value IS NOT NULL"
        ).fetchone()[0]
        revision = con.execute("SELECT revision_id FROM latest_revision").fetchone()[0]
        described = edition(con, revision)
    assert current_profile().region.name in cover
    assert f"{newest}年（{wareki(newest)}）の実績まで" in cover
    assert described.name in cover and described.short_id in cover


def test_each_pillar_has_its_table_with_grades_and_their_meaning_and_charts(reviewed) -> None:
    warehouse, files = reviewed
    council = files.progress_html.read_text(encoding="utf-8")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        progress = con.execute(
            "SELECT category_code, category_code || '-' || kpi_seq, grade, grade_label "
            "FROM kpi_progress"
        ).fetchall()
    pillars = {p[0] for p in progress}
    assert council.count('<section class="pillar">') == len(pillars)
    assert council.count('class="kpi-chart"') == len(progress)
    for _pillar, code, grade, label in progress:
        if grade is not None:
            row = council.split(f'<td class="code">{code}</td>')[1].split("</tr>")[0]
            assert f'<span class="letter">{grade}</span>' in row and label in row, code
    assert "@page" in council and "counter(page)" in council and "size: A4" in council


def test_a_kpi_printed_with_two_baselines_says_which_the_grade_uses_and_what_the_other_gives(
    reviewed,
) -> None:
    warehouse, files = reviewed
    found = two_baselines(warehouse)
    assert "イ-2" in found  # the document prints 90 in §3(1) and 90.2 in §4
    council = text_of(files.progress_html.read_text(encoding="utf-8"))
    markdown = files.progress_markdown.read_text(encoding="utf-8")
    # the editors' report says it too, in its KPI section
    editors = text_of(files.html.read_text(encoding="utf-8"))
    editors_md = files.markdown.read_text(encoding="utf-8")
    used = profile_labels()["kpi"]
    scale = grades(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        latest = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT category_code || '-' || kpi_seq, actual_value, target_value, "
                "achievement, grade FROM kpi_progress"
            ).fetchall()
        }
    for code, (used_text, other_in, other_text, other_value) in found.items():
        actual, target, _share, _grade = latest[code]
        other_share = (actual - other_value) / (target - other_value)
        other_grade = grade_for(other_share, scale)
        sentence = (
            f"基準値はビジョンの {used} に {used_text}、{other_in} に {other_text} と記載されて"
            f"います。達成率・評価は {used} の {used_text} によります（{other_text} とすると"
            f"達成率 {share_text(other_share)}・評価 {other_grade}）。"
        )
        assert f"{code}：{sentence}" in council and sentence in markdown, code
        assert f"{code}：{sentence}" in editors and sentence in editors_md, code
    # イ-2 at 91: 50 % (B) with 90, 44 % (C) with 90.2 — the figures
    assert latest["イ-2"][2:] == (pytest.approx(0.5), "B")
    assert "90.2 とすると達成率 44%・評価 C" in council


def test_a_planted_second_baseline_is_reported_for_any_kpi(reviewed, tmp_path) -> None:
    """Not a list of known KPIs: plant a different §4 baseline for a KPI whose two
    baselines agree, and its row says so."""
    warehouse, _ = reviewed
    planted = tmp_path / "vision.duckdb"
    planted.write_bytes(warehouse.read_bytes())
    used = profile_labels()["kpi"]
    agree = sorted(
        code
        for (code, printed_in), row in kpi_targets(planted).items()
        if printed_in == used and row[1] is not None and code not in two_baselines(planted)
    )
    code = agree[0]
    with duckdb.connect(str(planted)) as con:
        con.execute(
            "UPDATE fact_kpi SET value = value + 1, value_text = 'PLANTED' "
            "WHERE value_kind = 'baseline' AND printed_in <> ? "
            "AND category_code || '-' || kpi_seq = ?",
            [used, code],
        )
    files = report(planted, tmp_path / "out")
    council = text_of(files.progress_html.read_text(encoding="utf-8"))
    assert f"{code}：基準値はビジョンの {used} に" in council and "に PLANTED と記載" in council


def test_the_method_note_names_every_actuals_source(reviewed) -> None:
    warehouse, files = reviewed
    council = files.progress_html.read_text(encoding="utf-8")
    method = text_of(council.split('<section class="method">')[1])
    assert "達成率 =（実績値 − 基準値）÷（目標値 − 基準値）" in method
    with duckdb.connect(str(warehouse), read_only=True) as con:
        actuals = con.execute(
            "SELECT category_code || '-' || kpi_seq, year, actual_origin, workbook_file, "
            "workbook_row FROM kpi_progress_by_year WHERE actual_value IS NOT NULL"
        ).fetchall()
    assert actuals
    for _code, _year, origin, file, row in actuals:
        if origin == "workbook":
            assert f"{file}" in method and f"{row} 行" in method
    for bad in ("nan", "None", "<NA>"):
        assert bad not in text_of(council).replace("Nanum", "")
