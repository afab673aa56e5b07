"""`vision` speaks one language per run: Japanese by default, English with `--lang en`.

A handful of commands — a refresh with nothing to do, check, diff, a rejected actuals
import, a refused query, an empty --out — run in both languages. The expected wording is
rendered from pipeline/messages.py, and no framing word of the other language may show:
those words are the literal parts of every message of the other language, so a message
added later is covered too. Causes raised below the CLI (sources/, warehouse/, DuckDB)
keep their English words by design; they are taken out of the output before the check.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.messages import LANGUAGES, MESSAGES
from tests.fixtures.editions import PLANTED_CHANGES
from warehouse.changes import KINDS

KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(autouse=True)
def _offline_and_ephemeral(monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    monkeypatch.delenv("VISION_DEBUG", raising=False)
    monkeypatch.delenv("VISION_LANG", raising=False)


def literals(template: str) -> list[str]:
    """The fixed words of a message template, without its {placeholders}."""
    return [text.strip() for text, *_ in string.Formatter().parse(template) if text.strip()]


def framing_words(lang: str) -> set[str]:
    """Every fixed fragment of `lang`'s messages that reads as that language and that no
    message of the other language also uses (e.g. "DuckDB:")."""
    other = next(x for x in LANGUAGES if x != lang)
    shared = {frag for texts in MESSAGES.values() for frag in literals(texts[other])}
    looks_like = KANA_OR_KANJI if lang == "ja" else ENGLISH_WORD
    return {
        frag
        for texts in MESSAGES.values()
        for frag in literals(texts[lang])
        if looks_like.search(frag) and frag not in shared
    }


def rendered(key: str, lang: str) -> list[str]:
    return literals(MESSAGES[key][lang])


def vision(lang: str, *args: str):
    language = [] if lang == "ja" else ["--lang", lang]  # Japanese is the default
    return CliRunner().invoke(main, [*language, *args])


def assert_speaks(output: str, lang: str, keys: list[str], causes: list[str] = ()) -> None:
    """`output` holds every fixed fragment of `keys` in `lang`, and — once the causes from
    below the CLI are taken out — no framing word of the other language."""
    for key in keys:
        for fragment in rendered(key, lang):
            assert fragment in output, (key, fragment, output)
    for cause in causes:
        output = output.replace(cause, "")
    other = next(x for x in LANGUAGES if x != lang)
    leaked = sorted(word for word in framing_words(other) if word in output)
    assert not leaked, (leaked, output)


def test_both_languages_have_framing_words_to_look_for():
    # the check below is only as good as these sets; both must be substantial
    assert len(framing_words("ja")) > 40 and len(framing_words("en")) > 40
    assert "Error:" in framing_words("en") and "エラー:" in framing_words("ja")


def test_an_english_frame_around_a_japanese_message_is_caught():
    mixed = MESSAGES["error"]["en"].format(message=MESSAGES["actuals.no_kpis"]["ja"])
    with pytest.raises(AssertionError):
        assert_speaks(mixed, "ja", ["actuals.no_kpis"])
    assert_speaks(
        MESSAGES["error"]["ja"].format(message=MESSAGES["actuals.no_kpis"]["ja"]), "ja", ["error"]
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_refresh_with_nothing_to_do(warehouse_copy, lang):
    result = vision(lang, "refresh", "--warehouse", str(warehouse_copy))
    assert result.exit_code == 0, result.output
    assert_speaks(result.output, lang, ["refresh.unchanged"], [str(warehouse_copy)])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check(warehouse_copy, lang):
    result = vision(lang, "check", "--warehouse", str(warehouse_copy))
    assert result.exit_code == 0, result.output
    # stderr is the command's own summary; stdout lists the findings in the document's words
    assert_speaks(result.stderr, lang, ["check.total", "check.family"])
    severities = {MESSAGES[f"severity.{s}"][lang] for s in ("error", "warning")}
    shown = set(re.findall(r"^p\.\d+ \[([^\]]+)\]", result.stdout, flags=re.M))
    assert shown and shown <= severities, shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_on_a_pdf_that_is_not_the_vision(tmp_path, lang):
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "minutes.pdf"
    page = canvas.Canvas(str(pdf))
    page.drawString(100, 100, "minutes of a meeting")
    page.showPage()
    page.save()
    result = vision(lang, "check", "--pdf", str(pdf), "--warehouse", str(tmp_path / "w.duckdb"))
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2, result.output  # the refresh's own two lines, framed once
    assert lines[0].startswith("✗") and not lines[0].startswith(
        literals(MESSAGES["error"][lang])[0]
    )
    cause = lines[0].split(": ", 1)[1]  # what the extractor said about the file
    assert str(pdf) in cause and "Error" not in cause and "vision__" not in result.output
    assert_speaks(result.output, lang, ["refresh.failed", "refresh.intact"], [cause, str(tmp_path)])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_diff(planted_warehouse, lang):
    warehouse, _, _ = planted_warehouse
    result = vision(lang, "diff", "--warehouse", str(warehouse))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert MESSAGES["diff.count"][lang].format(count=len(PLANTED_CHANGES)) in lines
    kinds = {line.split()[0] for line in lines if line.startswith("  ")}
    words = {"ja": set(KINDS.values()), "en": set(KINDS)}
    assert kinds and kinds <= words[lang], kinds
    # the header and count line are the command's; the rest is the document's text
    assert_speaks("\n".join(lines[:2]), lang, ["diff.count"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_rejected_actuals_import(warehouse_copy, tmp_path, lang):
    from warehouse.actuals import ActualsImportError, import_actuals

    bad = tmp_path / "actuals.csv"
    bad.write_text("区分,指標,年,実績値\nア-1,どこにもない指標,2025,1\n", encoding="utf-8")
    with pytest.raises(ActualsImportError) as cause:  # the problem lines, named by the importer
        import_actuals(warehouse_copy, [bad])
    result = vision(lang, "actuals", "import", str(bad), "--warehouse", str(warehouse_copy))
    assert result.exit_code == 1, result.output
    assert str(cause.value) in result.output
    assert_speaks(result.output, lang, ["error", "actuals.rejected"], [str(cause.value)])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_query_table_counts_its_rows_on_stderr(warehouse_copy, lang):
    import duckdb

    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        count = con.execute("SELECT count(*) FROM municipality").fetchone()[0]
    sql = "SELECT * FROM municipality"
    result = vision(lang, "query", sql, "--warehouse", str(warehouse_copy))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == MESSAGES["query.rows"][lang].format(rows=count)
    as_csv = vision(lang, "query", sql, "--format", "csv", "--warehouse", str(warehouse_copy))
    assert as_csv.stderr == ""  # nothing but the data for tools


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_refused_query(warehouse_copy, lang):
    import duckdb

    from warehouse.query import run_query

    sql = "SELECT * FROM read_csv('/etc/passwd')"
    with pytest.raises(duckdb.PermissionException) as cause:  # DuckDB's own words
        run_query(warehouse_copy, sql)
    result = vision(lang, "query", sql, "--warehouse", str(warehouse_copy))
    assert result.exit_code == 1, result.output
    assert len(result.output.splitlines()) == 2
    first_line = str(cause.value).splitlines()[0]
    assert_speaks(result.output, lang, ["error", "query.refused"], [first_line])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_empty_out(warehouse_copy, tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    result = vision(lang, "export", "--out", "", "--warehouse", str(warehouse_copy))
    assert result.exit_code == 1, result.output
    assert_speaks(result.output, lang, ["error", "out.empty"])
    assert [p.name for p in Path(tmp_path).iterdir()] == [warehouse_copy.name]  # nothing new
