"""`vision check --json`: the contract other tools use."""

import json

import pytest
from click.testing import CliRunner

from expectations.findings import FINDING_FIELDS
from pipeline.cli import main
from pipeline.messages import family_name
from sources.manifest import default_vision_pdf
from tests.fixtures.pdf_edit import replace_text


@pytest.fixture(autouse=True)
def _offline_and_ephemeral(monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)


def check_json(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["check", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_shipped_pdf_reports_the_kpi_baseline_printed_as_90_and_90_2(warehouse_copy):
    findings = check_json("--warehouse", str(warehouse_copy))
    assert all(tuple(f) == FINDING_FIELDS for f in findings)
    kpi = [
        (f["stated"], f["expected"])
        for f in findings
        if f["family"] == "kpi_consistency" and "自立" in str(f["row_label"])
    ]
    assert ("90.2", "90") in kpi


def test_an_edited_pdf_is_checked_without_a_prior_refresh_and_reports_the_edit(tmp_path):
    baseline = {
        (f["check_id"], f["page"], f["row_label"], f["column_label"])
        for f in check_json("--warehouse", str(tmp_path / "shipped.duckdb"))
    }
    edited = tmp_path / "edited.pdf"
    # 山形市 2020 census in 2(1)ア (page 8): 247,590 → 247,591.
    edited.write_bytes(replace_text(default_vision_pdf().read_bytes(), 8, "247,590", "247,591"))
    findings = check_json("--pdf", str(edited), "--warehouse", str(tmp_path / "edited.duckdb"))
    # Reported from the run that loaded it, then read back from the warehouse: the same.
    assert check_json("--pdf", str(edited), "--warehouse", str(tmp_path / "edited.duckdb")) == (
        findings
    )
    new = [
        f
        for f in findings
        if (f["check_id"], f["page"], f["row_label"], f["column_label"]) not in baseline
    ]
    # The edit now disagrees with its 合計 row, with the same figure in 2(3) on page 17
    # (reported there, 2(1)ア being the reference), and with the final census.
    assert {(f["check_id"], f["page"], f["stated"], f["expected"]) for f in new} == {
        ("population_total_row", 8, "531,855", "531,856"),
        ("population_cross_table", 17, "247,590", "247,591"),
        ("census2020_population", 8, "247,591", "247,590"),
    }


def test_the_text_output_has_one_line_per_family_with_its_counts(warehouse_copy):
    """Findings on stdout with their severity in words; on stderr one line per family
    (counts taken from the JSON findings of the same warehouse) and the total."""
    findings = check_json("--warehouse", str(warehouse_copy))
    result = CliRunner().invoke(main, ["check", "--warehouse", str(warehouse_copy)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(findings)
    assert all("[誤り]" in line or "[注意]" in line for line in result.stdout.splitlines())
    family_lines = result.stderr.splitlines()[:-1]
    families = {f["family"] for f in findings}
    for family in families:
        errors = sum(f["family"] == family and f["severity"] == "error" for f in findings)
        warnings = sum(f["family"] == family and f["severity"] == "warning" for f in findings)
        counts = f"{family_name(family, 'ja')}: 誤り {errors}・注意 {warnings}（"
        assert sum(counts in line for line in family_lines) == 1, (counts, family_lines)
    assert result.stderr.splitlines()[-1].startswith(f"指摘 {len(findings)} 件")


def test_text_findings_are_warnings_with_pages_in_the_json(warehouse_copy):
    text = [f for f in check_json("--warehouse", str(warehouse_copy)) if f["family"] == "text"]
    # The shipped PDF's 目次 prints (1) as 具体的取組の区分及び区分ごとの… while its heading on
    # page 18 reads …各区区分ごとの…; ⑥金融機関 follows ③ on page 15.
    assert ("table_of_contents", 18) in {(f["check_id"], f["page"]) for f in text}
    assert ("heading_numbering", 15, "⑥", "④") in {
        (f["check_id"], f["page"], f["stated"], f["expected"]) for f in text
    }
    assert all(f["severity"] == "warning" and f["page"] and f["message"] for f in text)
