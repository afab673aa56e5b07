"""What the README tells a data engineer to run is consistent, and what Dagster writes into
the repository (DAGSTER_HOME is its root) stays out of git."""

import re
import shutil
import subprocess

import pytest

from tests.conftest import REPO_ROOT

README = REPO_ROOT / "README.md"
# Commands that load the code location themselves and so read [tool.dagster] of
# pyproject.toml; `dagster asset materialize` (and `dagster job …`) run in the calling
# process and do not.
SERVES_THE_LOCATION = re.compile(r"\bdagster(?:-webserver|-daemon run| dev| definitions)\b")
RUNS_IN_PROCESS = re.compile(r"\bdagster (?:asset materialize|job )")


def _dagster_command_lines() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return [line for block in blocks for line in block.splitlines() if "dagster" in line]


def test_the_readme_says_where_dash_m_belongs_and_its_commands_follow_it():
    """Issue 22: the README mixed `-m pipeline.definitions` with "start without -m"."""
    lines = _dagster_command_lines()
    assert any(SERVES_THE_LOCATION.search(line) for line in lines)
    assert any(RUNS_IN_PROCESS.search(line) for line in lines)
    for line in lines:
        if RUNS_IN_PROCESS.search(line):
            assert "-m pipeline.definitions" in line, line
        elif SERVES_THE_LOCATION.search(line):
            assert " -m " not in line, line
    inline = re.findall(r"`((?:\.venv/bin/)?dagster[^`]*)`", README.read_text(encoding="utf-8"))
    for command in inline:
        if SERVES_THE_LOCATION.search(command):
            assert " -m " not in command, command


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
@pytest.mark.parametrize(
    "path", [".nux/nux.yaml", ".dagster/storage/history/runs.db", "warehouse/vision.duckdb"]
)
def test_what_dagster_and_a_refresh_write_into_the_repository_is_ignored(path):
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", path], cwd=REPO_ROOT, check=False
    )
    if result.returncode == 128:
        pytest.skip("not a git checkout")
    assert result.returncode == 0, f"{path} is not git-ignored"
