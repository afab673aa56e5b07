"""The review report (Markdown, HTML) rendered from its templates: the findings by family,
the parts in one page under the title given, everything escaped."""

from dataclasses import replace

from expectations.families import FAMILIES, family_title
from expectations.findings import CheckOutcome
from pipeline.kpi_entries import Category, KpiEntry
from pipeline.kpi_report import KpiSection
from pipeline.report import ReportContent, render_html, render_markdown, report_title
from pipeline.report_templates import rule_text
from tests.expectations.conftest import all_frames, gt_outcomes, official  # noqa: F401
from tests.fixtures.findings import OUTCOMES, sample_finding
from tests.warehouse.normalize.conftest import frames, gt_json, gt_tables  # noqa: F401
from warehouse.editions import LoadedEdition

EDITION = LoadedEdition("c861fc555b2e" + "0" * 52, None, None, None, None, None, None, None)
NO_KPIS = KpiSection([], [], [], [], 0)


def markdown_report(outcomes: list[CheckOutcome]) -> str:
    return render_markdown(_content(outcomes))


def html_report(outcomes: list[CheckOutcome]) -> str:
    return render_html(_content(outcomes))


def _content(outcomes: list[CheckOutcome]) -> ReportContent:
    generated = "2026-03-01 09:00（日本時間）"
    return ReportContent(report_title(), outcomes, EDITION, None, generated, NO_KPIS, None)


def test_markdown_groups_by_family_with_pages_and_both_values():
    md = markdown_report(OUTCOMES)
    assert md.index(family_title("row_sums")) < md.index(family_title("kpi_consistency"))
    assert (
        "| 誤り | p.10 | ○社会福祉施設等 | 合計 | 保育所・認定こども園/施設数 | 112 | 114 |" in md
    )
    assert "p.64" in md and "| 90.2 | 90 |" in md
    assert (
        "公的統計なし" in md
        and "指摘はありません" not in md.split(family_title("kpi_consistency"))[1].split("##")[0]
    )
    assert "4 件中 1 件で不整合なし" in md


def test_html_is_japanese_and_escaped(gt_outcomes):  # noqa: F811
    page = html_report(OUTCOMES)
    assert '<html lang="ja">' in page and "&lt;老年人口&gt;" in page and "a &amp; b" in page
    full = html_report(gt_outcomes)
    assert all(family_title(f) in full for f in FAMILIES)
    assert full.count("<tr><td class=") == sum(len(o.findings) for o in gt_outcomes)


def test_the_title_is_the_one_given_and_the_parts_follow_in_one_page():
    page = render_html(replace(_content(OUTCOMES), title="別の圏域 整合性チェック結果"))
    assert "<title>別の圏域 整合性チェック結果</title>" in page and report_title() not in page
    assert page.count("<body>") == page.count("</body>") == 1 and page.endswith("</html>")
    order = ['class="edition"', "<h2>概要</h2>", 'class="kpi-progress"', 'class="changes"']
    assert sorted(order, key=page.index) == order


def test_a_bar_in_a_finding_stays_in_its_markdown_cell_and_data_errors_are_listed():
    bar = sample_finding(message="A|B\n続き")
    outcomes = [CheckOutcome("welfare_total_row", "row_sums", 3, [bar], ["no rows in x"])]
    md = markdown_report(outcomes)
    [row] = [line for line in md.splitlines() if line.startswith("| 誤り")]
    assert row.endswith("| A\\|B 続き |") and row.count(" | ") == 7
    welfare = rule_text("welfare_total_row")
    assert welfare != "welfare_total_row"
    assert f"- ⚠ {welfare} — データの欠落・読取不能: no rows in x" in md
    assert "- データの欠落・読取不能: 1 件" in md


def test_the_kpi_section_is_escaped_in_the_page_like_every_other_part():
    """A KPI's name or source typed with < or & (a workbook's 出典, a new edition's
    indicator) is text in the page, not markup."""
    entry = KpiEntry("ア-1", "R&D <件数>", "件", "10（令和3年）", "20", 10.0, 20.0, 2021, 2029)
    entry.latest = {"actual_source": "調査 <速報> & 確報"}
    section = KpiSection([Category("ア", "経済", [entry])], [], [], [], 0)
    page = render_html(replace(_content(OUTCOMES), progress=section))
    assert "R&amp;D &lt;件数&gt;（件）" in page and "調査 &lt;速報&gt; &amp; 確報" in page
    assert "<件数>" not in page and "<速報>" not in page
    markdown = render_markdown(replace(_content(OUTCOMES), progress=section))
    # Markdown viewers pass HTML through: the < and > are entities there too
    assert "| R&D &lt;件数&gt;（件） |" in markdown and "<件数>" not in markdown


def test_a_rules_note_names_the_rule_in_words_not_by_its_id():
    from expectations.registry import rules as all_rules

    rule = all_rules()[0]
    noted = CheckOutcome(rule.check_id, rule.family, 0, [], skipped=1, notes=["照合していない"])
    for page in (markdown_report([noted]), html_report([noted])):
        assert rule.description.rstrip("。") + " — 照合していない" in page
        assert rule.check_id not in page


def test_the_markdown_names_its_edition_under_the_title_as_the_page_does():
    """A reader of report.md learns which edition and when before the findings, not after
    a hundred lines of them (the HTML page shows it under the title)."""
    md = markdown_report(OUTCOMES)
    lines = md.splitlines()
    assert lines[0] == f"# {report_title()}"
    assert lines[2].startswith("対象の版：") and "sha256 c861fc555b2e…" in lines[2]
    assert lines[3] == "作成日時：2026-03-01 09:00（日本時間）"
    assert md.index("作成日時：") < md.index("## 概要")


def test_rules_on_tables_the_document_does_not_print_are_counted_in_one_line():
    from expectations.registry import NOT_PRINTED_NOTE
    from expectations.registry import rules as all_rules

    rules = [r for r in all_rules() if r.family == "row_sums"][:2]
    skipped = [CheckOutcome(r.check_id, r.family, 0, [], notes=[NOT_PRINTED_NOTE]) for r in rules]
    for page in (markdown_report(skipped), html_report(skipped)):
        assert page.count("この文書に掲載のない表を対象とするチェック 2 件は実施していない") == 1
        assert NOT_PRINTED_NOTE not in page
        assert not any(rule_text(r.check_id) in page for r in rules)
