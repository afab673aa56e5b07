"""`vision --profile NAME`: which document family a run reads."""

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main, use_profile
from sources.profile import DEFAULT_PROFILE, PROFILE_ENV, current_profile, load_profile

SHIPPED = Path(__file__).resolve().parents[2] / "profiles" / DEFAULT_PROFILE / "profile.toml"


@pytest.fixture(autouse=True)
def restored_env():
    """use_profile sets the variable for the whole process (not through monkeypatch, which
    would not know to undo it): start each case without it and put back what was there."""
    before = os.environ.pop(PROFILE_ENV, None)
    yield
    os.environ.pop(PROFILE_ENV, None)
    if before is not None:
        os.environ[PROFILE_ENV] = before


def test_an_unknown_profile_stops_the_command_with_one_line_naming_it():
    result = CliRunner().invoke(main, ["--profile", "no_such_area", "query", "SELECT 1"])
    assert result.exit_code == 2
    error = [line for line in result.output.splitlines() if "no_such_area" in line]
    assert len(error) == 1 and "no such profile 'no_such_area'" in error[0]
    assert DEFAULT_PROFILE in error[0]  # says which ones there are
    assert "Traceback" not in result.output


def test_a_broken_profile_file_is_named_with_its_key(tmp_path):
    broken = tmp_path / "area" / "profile.toml"
    broken.parent.mkdir()
    broken.write_text(
        SHIPPED.read_text(encoding="utf-8").replace('publisher = "', 'publisher_ = "', 1),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--profile", str(broken.parent), "query", "SELECT 1"])
    assert result.exit_code == 2
    assert "unknown key 'publisher_'" in result.output and str(broken) in result.output


def test_a_kpi_declaration_naming_no_dataset_stops_the_command(tmp_path):
    """A typo in a dataset id would otherwise leave that KPI without actuals, silently."""
    shutil.copytree(SHIPPED.parent, tmp_path / "area")
    kpi = tmp_path / "area" / "kpi.toml"
    named = load_profile(str(SHIPPED.parent)).kpi.dataset_ids[0]
    text = kpi.read_text(encoding="utf-8")
    assert f'"{named}"' in text
    kpi.write_text(text.replace(f'"{named}"', '"census2030_final"', 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["--profile", str(tmp_path / "area"), "query", "SELECT 1"])
    assert result.exit_code == 2
    assert "census2030_final" in result.output and "Traceback" not in result.output


def test_a_subject_reading_a_misspelt_table_stops_the_command_with_one_line(tmp_path):
    """A subject whose reads names no declared table would stay empty and its checks be
    noted as 'not printed': the command stops with the subject, the key and the closest."""
    shutil.copytree(SHIPPED.parent, tmp_path / "area")
    subjects = tmp_path / "area" / "subjects.toml"
    text = subjects.read_text(encoding="utf-8")
    assert 'reads = ["employment"]' in text
    subjects.write_text(text.replace('reads = ["employment"]', 'reads = ["employmnet"]'), "utf-8")
    result = CliRunner().invoke(main, ["--profile", str(tmp_path / "area"), "query", "SELECT 1"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if "employmnet" in line]
    assert "[subject.fact_employment].reads" in line and "did you mean 'employment'?" in line


def test_a_shipped_name_is_passed_on_by_name_and_a_path_absolute(tmp_path, monkeypatch):
    use_profile(DEFAULT_PROFILE)
    assert os.environ[PROFILE_ENV] == DEFAULT_PROFILE
    shutil.copytree(SHIPPED.parent, tmp_path / "copy")  # with the kpi.toml it names
    copy = tmp_path / "copy" / "profile.toml"
    copy.write_text(
        SHIPPED.read_text(encoding="utf-8").replace('title = "第2期', 'title = "第3期', 1),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    use_profile("copy/")
    assert os.environ[PROFILE_ENV] == str(copy.resolve())
    assert current_profile().document.title == load_profile(str(copy)).document.title
    assert current_profile().document.title != load_profile(DEFAULT_PROFILE).document.title


def test_help_names_the_option_and_not_the_area():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "--profile NAME" in result.output
    assert load_profile().document.title not in result.output
