import pytest

from sources.vision_pdf import VisionPdfError, open_vision_document


def test_the_embedded_pdf_is_identified():
    document = open_vision_document()
    assert document.page_count == 66
    assert len(document.sha256) == 64
    assert "山形連携中枢都市圏ビジョン" in document.title


def test_a_truncated_pdf_is_a_clear_error(tmp_path):
    original = open_vision_document().path.read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(original[: len(original) // 3])
    with pytest.raises(VisionPdfError, match=r"truncated\.pdf"):
        open_vision_document(truncated)


def test_a_file_that_is_not_a_pdf_is_named(tmp_path):
    html = tmp_path / "vision.pdf"
    html.write_text("<html>maintenance</html>")
    with pytest.raises(VisionPdfError, match="not a PDF"):
        open_vision_document(html)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(VisionPdfError, match="no such file"):
        open_vision_document(tmp_path / "absent.pdf")
