import time

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
    with pytest.raises(VisionPdfError, match="not a PDF") as refused:
        open_vision_document(html)
    # What a person reads: the file's first characters as text (no Python b'…') and
    # what to do.
    assert "starts with '<html'" in str(refused.value)
    assert "b'" not in str(refused.value)
    assert "name the vision PDF itself" in str(refused.value)


def test_an_empty_file_says_it_is_empty(tmp_path):
    empty = tmp_path / "vision.pdf"
    empty.write_bytes(b"")
    with pytest.raises(VisionPdfError, match=r"vision\.pdf: empty file .*download or save"):
        open_vision_document(empty)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(VisionPdfError, match="no such file"):
        open_vision_document(tmp_path / "absent.pdf")


def _encrypted_pdf(path, user_password: str) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    encryption = StandardEncryption(user_password, ownerPassword="owner", canPrint=0, canCopy=0)
    page = canvas.Canvas(str(path), encrypt=encryption)
    page.drawString(100, 100, "第2期 山形連携中枢都市圏ビジョン")
    page.showPage()
    page.save()


def test_a_pdf_that_needs_a_password_says_it_is_encrypted(tmp_path):
    locked = tmp_path / "locked.pdf"
    _encrypted_pdf(locked, user_password="secret")
    with pytest.raises(VisionPdfError, match=r"locked\.pdf is encrypted .*unencrypted copy"):
        open_vision_document(locked)


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path):
    restricted = tmp_path / "restricted.pdf"
    _encrypted_pdf(restricted, user_password="")
    assert open_vision_document(restricted).page_count == 1


@pytest.mark.parametrize(
    ("path", "says"), [("/dev/zero", "not a regular file"), ("/", "directory")]
)
def test_devices_and_directories_get_their_own_message(path, says):
    with pytest.raises(VisionPdfError, match=says):
        open_vision_document(path)


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setenv("VISION_PDF_MAX_MB", "1")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"\0" * (2 * 1024 * 1024))
    with pytest.raises(VisionPdfError, match=r"big\.pdf: 2 MB is over the 1 MB limit"):
        open_vision_document(big)


def test_a_file_that_takes_too_long_to_open_is_given_up_on_time(tmp_path, monkeypatch):
    # A damaged file makes pdfminer scan every object; 100,000 of them take seconds.
    slow = tmp_path / "slow.pdf"
    objects = b"".join(b"%d 0 obj\n<< /Type /Page >>\nendobj\n" % i for i in range(1, 100_001))
    # its trailer points at an object, not a cross-reference table: pdfminer searches
    slow.write_bytes(b"%PDF-1.4\n" + objects + b"startxref\n9\n%%EOF\n")
    monkeypatch.setenv("VISION_PDF_OPEN_SECONDS", "0.2")
    started = time.monotonic()
    with pytest.raises(VisionPdfError, match=r"slow\.pdf: still not open after 0\.2 s"):
        open_vision_document(slow)
    assert time.monotonic() - started < 2


def test_the_same_bytes_are_parsed_once_and_each_copy_keeps_its_own_path(tmp_path, monkeypatch):
    import pdfplumber

    monkeypatch.setattr("sources.vision_pdf._OPENED", {})
    opened: list[str] = []
    real_open = pdfplumber.open

    def counting_open(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(pdfplumber, "open", counting_open)
    first = open_vision_document()
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(first.path.read_bytes())
    again = open_vision_document(copy)
    assert len(opened) == 1  # the copy has the same bytes: not parsed again
    assert again.path == copy.resolve() and again.sha256 == first.sha256
    assert (again.page_count, again.title, again.cover_text) == (
        first.page_count,
        first.title,
        first.cover_text,
    )
    # one byte changed is another document: parsed, and a broken one still refused
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(first.path.read_bytes()[: -len(b"%%EOF\n")] + b"%%EOF \n")
    assert open_vision_document(changed).sha256 != first.sha256
    assert len(opened) == 2
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(first.path.read_bytes()[:1000])
    with pytest.raises(VisionPdfError, match=r"truncated\.pdf"):
        open_vision_document(truncated)
