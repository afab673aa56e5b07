"""Labels people read (warehouse/labels.py): a label citing the document's sections takes
them from the run's profile, so the seeds name no one document's outline."""

import csv
import re
import shutil

from sources.profile import PROFILE_ENV
from tests.fixtures.second_area import PROFILE_DIR as SECOND_AREA
from warehouse.labels import SEEDS_DIR, declared_value_labels, value_label

# How a vision cites its outline: 3(1), 2(1)ア, 3(2) … (a number, then a bracketed one).
OUTLINE_CITE = re.compile(r"\d\s*[(（]\d")


def test_the_shipped_profile_reads_its_own_section_labels(monkeypatch):
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    # The KPI tables are in 3(1), the project matrix in 4 (profiles/yamagata_2nd).
    assert value_label("family", "kpi_consistency") == "成果指標（3(1) と 4）"
    assert value_label("family", "kpi_consistency", "en") == "kpi_consistency"


def test_another_profiles_section_labels_fill_the_same_label(tmp_path, monkeypatch):
    folder = tmp_path / "relabelled"
    shutil.copytree(SECOND_AREA, folder)
    text = (folder / "profile.toml").read_text(encoding="utf-8")
    for old, new in (('label = "3(1)"', 'label = "第3章1節"'), ('label = "4"', 'label = "別表"')):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "profile.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(PROFILE_ENV, str(folder))
    assert value_label("family", "kpi_consistency") == "成果指標（第3章1節 と 別表）"


def test_no_seed_label_cites_a_section_of_one_document():
    labels = list(declared_value_labels().values())
    for name in ("relation_labels_ja.csv", "column_labels_ja.csv"):
        with (SEEDS_DIR / name).open(encoding="utf-8", newline="") as handle:
            labels += [row[1] for row in csv.reader(handle) if len(row) > 1]
    assert [label for label in labels if OUTLINE_CITE.search(label)] == []
