"""The vision's text outside its tables, against the transcription (shared/vision)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from sources.headings import section_rank
from sources.pdf_tables.lines import TextLine
from sources.vision_tables_pdf import TableExtraction
from sources.vision_text_pdf import TEXT_COLUMNS, _is_toc_title, _toc_entries, text_frame
from tests.conftest import shared_vision_dir


def _key(text: str) -> str:
    """Words only: NFKC, no whitespace (layout), no leader dots."""
    return re.sub(r"[\s・.…]+$", "", "".join(unicodedata.normalize("NFKC", text).split()))


@pytest.fixture(scope="module")
def transcription() -> str:
    path: Path = shared_vision_dir() / "transcription.txt"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    return path.read_text(encoding="utf-8")


def _transcribed_toc(transcription: str) -> list[tuple[str, str]]:
    """(entry text, printed page) of the 目次 as transcribed: tab-separated or with a
    `・・・` leader; a line without numbering continues the entry above."""
    block = transcription.split("## 目次", 1)[1].split("\n## ", 1)[0]
    entries: list[list[str]] = []
    for raw in block.splitlines():
        line = raw.replace("\t", " ").strip()
        if not line:
            continue
        page = ""
        if m := re.search(r"(?:・・・|\s)(\d{1,3})$", line):
            line, page = line[: m.start()].strip(), m.group(1)
        if section_rank(line) is not None or not entries:
            entries.append([line, page])
        else:
            entries[-1][0] += line
            entries[-1][1] = page or entries[-1][1]
    return [(text, page) for text, page in entries]


def test_toc_entries_and_pages_equal_the_transcription(
    vision_extraction: TableExtraction, transcription: str
) -> None:
    ours = [(_key(b.text), b.toc_page) for b in vision_extraction.text if b.kind == "toc"]
    theirs = [(_key(t), p) for t, p in _transcribed_toc(transcription)]
    assert len(theirs) > 30
    assert ours == theirs


def test_transcribed_headings_are_extracted_as_headings(
    vision_extraction: TableExtraction, transcription: str
) -> None:
    headings = {_key(b.text) for b in vision_extraction.text if b.kind == "heading"}
    transcribed = [
        m.group(1) for m in re.finditer(r"^#+\s+(.+)$", transcription, flags=re.MULTILINE)
    ]
    assert len(transcribed) > 30
    assert [t for t in transcribed if _key(t) not in headings] == []


def test_outline_headings_carry_their_parents(vision_extraction: TableExtraction) -> None:
    heading = next(b for b in vision_extraction.text if b.text.startswith("(イ) 教育機能"))
    assert heading.kind == "heading" and heading.rank == 3 and heading.page == 11
    assert heading.section.endswith("(1) 圏域の状況 > ウ 圏域における都市機能の状況")


def test_paragraphs_are_joined_across_lines(
    vision_extraction: TableExtraction, transcription: str
) -> None:
    first = next(b for b in vision_extraction.text if b.kind == "paragraph")
    transcribed = next(p for p in transcription.split("\n\n") if p.startswith("我が国の人口"))
    assert first.page == 3
    assert _key(first.text) == _key(transcribed)


def test_notes_and_folios(vision_extraction: TableExtraction) -> None:
    notes = [b for b in vision_extraction.text if b.kind == "note"]
    assert any(b.page == 8 and b.text == "出典：総務省「国勢調査（令和2年）」" for b in notes)
    # The page number printed in each page's footer is that page's folio.
    assert {b.folio for b in vision_extraction.text if b.page == 15} == {"15"}


def test_text_frame_has_one_row_per_block(vision_extraction: TableExtraction) -> None:
    frame = text_frame(vision_extraction.text)
    assert list(frame.columns) == TEXT_COLUMNS
    assert len(frame) == len(vision_extraction.text)
    assert set(frame["kind"]) == {"heading", "toc", "paragraph", "note"}


def _line(text: str, x0: float, top: float) -> TextLine:
    return TextLine(text, x0, x0 + 10 * len(text), top, top + 10, 10.0, "Gothic")


def test_a_letter_spaced_toc_title_and_an_unnumbered_entry_of_its_own():
    """目　　次 is the 目次; 参考資料… printing its own page after an entry printing its
    own is an entry, while a line without a page wraps the entry above it."""
    assert _is_toc_title("目　　次") and _is_toc_title("目次") and not _is_toc_title("目標")
    lines = [
        _line("(3) 成果指標の一覧", 40, 100),
        _line("27", 500, 100),
        _line("参考資料 策定経過等", 40, 120),
        _line("28", 500, 120),
        _line("1 ずっと長く続いて折り返す", 50, 140),
        _line("見出しの続き", 60, 152),
        _line("29", 500, 152),
    ]
    entries = [(e.text, e.toc_page) for e in _toc_entries(lines, 3, "")]
    assert entries == [
        ("(3) 成果指標の一覧", "27"),
        ("参考資料 策定経過等", "28"),
        ("1 ずっと長く続いて折り返す見出しの続き", "29"),
    ]
