"""A profile's KPI declarations (sources/profile_kpi.py): read from the file profile.toml
names, tied to the official datasets whose snapshots hold the area, and every bad value
one ProfileError line naming the file and the key."""

import shutil
from pathlib import Path

import pytest

from sources.govstats.datasets import DATASETS
from sources.profile import DEFAULT_PROFILE, ProfileError, load_profile, read_profile
from sources.profile_kpi import GRADE_SCALES, read_grades
from tests.fixtures.second_area import PROFILE_DIR as SECOND_AREA

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "profiles" / DEFAULT_PROFILE
GRADES = Path(__file__).resolve().parents[2] / "warehouse" / "seeds" / "kpi_grades.toml"


def _edited(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the shipped profile's folder with `old` replaced by `new` in `file`."""
    folder = tmp_path / "edited"
    shutil.copytree(SHIPPED_DIR, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text, old
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder / "profile.toml"


def _fails(path: Path, *words: str) -> str:
    with pytest.raises(ProfileError) as err:
        read_profile(path)
    message = str(err.value)
    assert "\n" not in message and str(path.parent) in message
    for word in words:
        assert word in message, message
    return message


def test_the_shipped_profile_declares_its_kpis_in_the_file_it_names():
    kpi = load_profile().kpi
    assert kpi.path == SHIPPED_DIR / "kpi.toml"
    # The youth share's target equals its baseline (11.2% kept): higher is better.
    youth = "総人口における年少人口(0歳~14歳)の割合"
    assert [r.direction for r in kpi.rules if r.indicator_key == youth] == ["increase"]
    assert {s.indicator_key for s in kpi.actual_sources} == {youth}
    assert [s.priority for s in kpi.actual_sources] == [1, 2, 3]
    # The vision prints no grading: the shipped profile is graded on the default scale.
    assert kpi.grades == ()


def test_every_dataset_the_kpis_name_holds_all_the_profiles_municipalities():
    """The mappings name official datasets by id; offline their actuals come from the shipped
    snapshots, so each named dataset must be known and its snapshot must hold every member
    of the profile's region (the link kpi.toml's header states)."""
    profile = load_profile()
    assert profile.kpi.dataset_ids
    for dataset_id in profile.kpi.dataset_ids:
        assert dataset_id in DATASETS, dataset_id
        frame = DATASETS[dataset_id].read_snapshot(profile.region.area_prefix)
        missing = set(profile.region.codes) - set(frame["area_code"])
        assert not missing, (dataset_id, sorted(missing))


def test_a_profile_without_kpi_declarations_has_none():
    kpi = load_profile(str(SECOND_AREA)).kpi
    assert kpi.path is None
    assert (kpi.rules, kpi.actual_sources, kpi.related, kpi.grades) == ((), (), (), ())


def test_the_default_grade_scale_covers_every_scale_once_from_the_top():
    grades = read_grades(GRADES)
    assert {g.applies_to for g in grades} == set(GRADE_SCALES)
    progress = [g.min_achievement for g in grades if g.applies_to == "progress"]
    assert progress[-1] is None and progress[:-1] == sorted(progress[:-1], reverse=True)
    # A reached target (achievement 1.0) is the top grade; worse than the baseline the lowest.
    assert progress[0] == 1.0 and progress[-2] == 0.0


def test_a_profile_may_declare_its_own_grade_scale(tmp_path):
    own = GRADES.read_text(encoding="utf-8").replace(
        "min_achievement = 0.5", "min_achievement = 0.8"
    )
    folder = tmp_path / "own"
    shutil.copytree(SHIPPED_DIR, folder)
    with (folder / "kpi.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n" + own)  # the default file holds only [[grade]] tables
    grades = read_profile(folder / "profile.toml").kpi.grades
    assert [g.min_achievement for g in grades][:4] == [1.0, 0.8, 0.0, None]


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        (
            "profile.toml",
            'declarations = "kpi.toml"',
            'declarations = "kpis.toml"',
            ("[kpi].declarations", "'kpis.toml'"),
        ),
        ("profile.toml", 'declarations = "kpi.toml"', 'file = "kpi.toml"', ("[kpi]", "'file'")),
        (
            "profile.toml",
            'declarations = "subjects.toml"',
            'declarations = "."',
            ("[subjects].declarations", "'.' is no file"),
        ),
        (
            "kpi.toml",
            'direction = "increase"',
            'direction = "up"',
            ("[[rule]] #1.direction", "'up'"),
        ),
        ("kpi.toml", "first_year = 2025", 'first_year = "令和7年"', ("[[rule]] #2.first_year",)),
        ("kpi.toml", "first_year = 2025", "first_year = 7", ("[[rule]] #2.first_year", "西暦")),
        ("kpi.toml", "priority = 1", "priority = 0", ("[[actual_source]] #1.priority",)),
        ("kpi.toml", "scale = 100", 'scale = "100"', ("[[actual_source]] #1.scale",)),
        ("kpi.toml", 'sex = "total"', 'sex = "all"', ("[[actual_source]] #1.sex", "'all'")),
        (
            "kpi.toml",
            "reference_years = [2025]",
            "reference_years = [25]",
            ("[[actual_source]] #1.reference_years",),
        ),
        ("kpi.toml", 'role = "related"', 'role = "reference"', ("[[related]] #1.role",)),
        (
            "kpi.toml",
            'datasets = ["ssdse_a_2024", "ssdse_a_2025", "ssdse_a_2026"]',
            "datasets = []",
            ("[[related]] #1.datasets",),
        ),
        (
            "kpi.toml",
            'computation = "sum(age_0_14)',
            'computaton = "sum(age_0_14)',
            ("[[actual_source]] #1", "unknown key 'computaton'"),
        ),
        (
            "kpi.toml",
            'indicator_key = "新規連携事業数(高次の都市機能の集積強化)"',
            'indicator_key = "新規連携事業数(圏域全体の経済成長のけん引)"',
            ("[[rule]]", "declared twice"),
        ),
        (
            "kpi.toml",
            'dataset_id = "census2020_final"',
            'dataset_id = "census2025_final"',
            ("[[actual_source]]", "census2025_final", "declared twice"),
        ),
    ],
)
def test_a_bad_kpi_declaration_is_one_line_naming_the_file_and_key(tmp_path, file, old, new, words):
    _fails(_edited(tmp_path, file, old, new), *words)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        # B above A: the scale must run from the highest minimum down.
        ("min_achievement = 0.5", "min_achievement = 1.5", ("highest min_achievement down",)),
        # The lowest progress grade given a minimum: a KPI below it would get no grade.
        (
            'grade = "D"\nlabel = "基準値より悪化"',
            'grade = "D"\nmin_achievement = -1.0\nlabel = "x"',
            ("without min_achievement",),
        ),
        ('applies_to = "maintain_missed"', 'applies_to = "maintain_met"', ("maintain_met",)),
        (
            'applies_to = "maintain_missed"',
            'applies_to = "maintained"',
            ("applies_to", "'maintained'"),
        ),
        ("min_achievement = 0.5", "min_achievement = true", ("min_achievement",)),
    ],
)
def test_a_bad_grade_scale_is_one_line(tmp_path, old, new, words):
    path = tmp_path / "grades.toml"
    text = GRADES.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        read_grades(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)
    for word in words:
        assert word in str(err.value), str(err.value)
