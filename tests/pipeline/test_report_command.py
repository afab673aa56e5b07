"""`vision report`: findings by family, KPI progress with a chart, changes since the last
revision — read back from the warehouse, in Japanese."""

import re
import xml.etree.ElementTree as ET

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.refresh import run_refresh
from sources.manifest import default_vision_pdf
from tests.fixtures.editions import PLANTED_CHANGES
from tests.fixtures.loading import load_editions
from tests.fixtures.pdf_edit import replace_text


@pytest.fixture(autouse=True)
def _offline_and_ephemeral(monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)


def test_the_report_of_an_edited_revision_shows_findings_kpis_and_the_change(
    warehouse_copy, tmp_path
):
    edited = tmp_path / "edition2.pdf"
    edited.write_bytes(replace_text(default_vision_pdf().read_bytes(), 8, "24,311", "24,312"))
    assert run_refresh(edited, warehouse_copy).success
    out = tmp_path / "report"
    result = CliRunner().invoke(
        main,
        ["report", "--pdf", str(edited), "--warehouse", str(warehouse_copy), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    markdown = (out / "report.md").read_text(encoding="utf-8")
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        findings = con.execute("SELECT stated, expected, page FROM document_findings").fetchall()
        kpis = con.execute("SELECT indicator FROM kpi_progress").fetchall()
    # Every finding of the revision is in the report with its page and both values.
    lines = markdown.splitlines()
    for stated, expected, page in findings:
        assert any(
            f"| p.{page} |" in line and f"| {stated} | {expected} |" in line for line in lines
        ), (stated, expected, page)
    assert len(kpis) == 15
    assert [i for (i,) in kpis if i not in markdown] == []
    assert (
        "| 変更 | ア 人口と将来推計人口 上山市 将来推計人口/2030年 | 24,311 | 24,312 | p.8 |"
        in (markdown)
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    # one chart per KPI and the population chart, each well-formed SVG
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    charts = [ET.fromstring(s) for s in svgs]
    assert sum(c.get("class") == "kpi-chart" for c in charts) == len(kpis)
    assert sum(c.get("class") == "population-chart" for c in charts) == 1


def _report(warehouse, out, *args):
    result = CliRunner().invoke(
        main, ["report", "--warehouse", str(warehouse), "--out", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    return (out / "report.html").read_text(encoding="utf-8")


def test_the_change_section_is_a_table_naming_both_editions_by_their_covers(
    planted_warehouse, tmp_path
):
    warehouse, earlier, later = planted_warehouse
    html = _report(warehouse, tmp_path, "--revision", later[:12])
    section = html[html.index('<section class="changes">') :]
    assert f"令和7年2月17日 策定（{earlier[:12]}） → 令和8年2月20日 改訂（{later[:12]}）" in section
    assert section.count("<tr class=") == len(PLANTED_CHANGES)
    assert "<pre>" not in html
    for word in ("nan", "None", "<NA>", "NaT"):
        assert word not in section, word
    header = html[html.index("</h1>") : html.index("<h2>")]
    assert f"令和8年2月20日 改訂</strong>、sha256 {later[:12]}" in header
    assert "作成日時" in header


def test_an_older_edition_is_reported_on_request_and_says_it_is_not_the_latest(
    planted_warehouse, tmp_path
):
    warehouse, earlier, _ = planted_warehouse
    html = _report(warehouse, tmp_path, "--revision", earlier[:12])
    header = html[html.index("</h1>") : html.index("<h2>")]
    assert f"令和7年2月17日 策定</strong>、sha256 {earlier[:12]}" in header
    assert "最新の版ではありません（最新：令和8年2月20日 改訂）" in header
    assert "比較できる前の版が読み込まれていません" in html


def test_without_options_the_report_describes_the_latest_edition(
    warehouse_copy, planted_editions, tmp_path
):
    [later] = load_editions(warehouse_copy, planted_editions[1:])
    html = _report(warehouse_copy, tmp_path)
    header = html[html.index("</h1>") : html.index("<h2>")]
    assert f"sha256 {later[:12]}" in header


def test_an_undated_latest_edition_is_named_as_one_not_by_a_bare_hash(planted_warehouse, tmp_path):
    import shutil

    from pipeline.report import edition_note
    from warehouse.editions import edition

    source, earlier, later = planted_warehouse
    warehouse = tmp_path / "undated.duckdb"
    shutil.copyfile(source, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        # the later cover loses its date: loaded today, it stays the latest by load time
        con.execute(
            "UPDATE source_document SET revision_label = NULL, published = NULL, "
            "revised_on = NULL WHERE revision_id = ?",
            [later],
        )
        note = edition_note(con, edition(con, earlier))
    assert note == f"最新の版ではありません（最新：日付のない版 {later[:12]}）"
