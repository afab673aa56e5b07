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
        findings = con.execute(
            "SELECT stated, expected, page FROM document_findings WHERE is_latest_revision"
        ).fetchall()
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
        "| ア 人口と将来推計人口 | 上山市 | 将来推計人口/2030年 | 24,311 | 24,312 | 8 |" in markdown
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    # one chart per KPI and the population chart, each well-formed SVG
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    charts = [ET.fromstring(s) for s in svgs]
    assert sum(c.get("class") == "kpi-chart" for c in charts) == len(kpis)
    assert sum(c.get("class") == "population-chart" for c in charts) == 1
