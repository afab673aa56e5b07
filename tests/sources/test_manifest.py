from sources.manifest import load_manifest
from sources.vision_pdf import file_sha256


def test_every_snapshot_exists_and_matches_its_sha256():
    for entry in load_manifest():
        assert entry.snapshot.is_file(), entry.id
        assert file_sha256(entry.snapshot) == entry.sha256, entry.id


def test_the_embedded_default_is_the_vision_pdf():
    [vision] = [e for e in load_manifest() if e.kind == "vision_pdf"]
    assert vision.publisher == "山形市"
    assert vision.official_url.startswith("https://www.city.yamagata-yamagata.lg.jp/")
