"""The seed tables come from the run's profile (warehouse/seeds.py): its KPI declarations
as rows, and the grade scale in force — the profile's own, else the default."""

import shutil
import tomllib
from pathlib import Path

import duckdb
import pytest

from sources.profile import load_profile, read_profile
from tests.fixtures.second_area import PROFILE_DIR as SECOND_AREA
from warehouse.load import apply_migrations
from warehouse.seeds import DEFAULT_GRADES, write_seeds

# The default scale, counted from its file (not from what the code reads of it).
N_DEFAULT_GRADES = len(tomllib.loads(DEFAULT_GRADES.read_text(encoding="utf-8"))["grade"])
SEED_TABLES = ("kpi_actual_source", "kpi_rule", "kpi_grade", "kpi_related_series")


@pytest.fixture
def con():
    with duckdb.connect() as con:
        apply_migrations(con)
        yield con


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in SEED_TABLES}


def test_the_shipped_profiles_declarations_become_the_seed_rows(con):
    kpi = load_profile().kpi
    write_seeds(con, load_profile())
    assert counts(con) == {
        "kpi_actual_source": len(kpi.actual_sources),
        "kpi_rule": len(kpi.rules),
        "kpi_grade": N_DEFAULT_GRADES,
        # One row per dataset a related series lists.
        "kpi_related_series": sum(len(r.datasets) for r in kpi.related),
    }
    youth = kpi.actual_sources[0]
    assert con.execute(
        "SELECT dataset_id, reference_years, scale FROM kpi_actual_source "
        "WHERE indicator_key = ? AND priority = 1",
        [youth.indicator_key],
    ).fetchone() == (youth.dataset_id, list(youth.reference_years), float(youth.scale))


def test_a_profile_without_kpi_declarations_gets_no_mappings_but_the_default_grades(con):
    write_seeds(con, load_profile())  # rows a previous load left behind are replaced
    write_seeds(con, load_profile(str(SECOND_AREA)))
    assert counts(con) == {
        "kpi_actual_source": 0,
        "kpi_rule": 0,
        "kpi_grade": N_DEFAULT_GRADES,
        "kpi_related_series": 0,
    }
    # The default scale: a reached target is A, worse than the baseline D.
    assert con.execute(
        "SELECT grade FROM kpi_grade WHERE applies_to = 'progress' "
        "ORDER BY min_achievement DESC NULLS LAST"
    ).fetchall() == [("A",), ("B",), ("C",), ("D",)]


def test_a_profile_with_its_own_grades_replaces_the_whole_default_scale(con, tmp_path: Path):
    folder = tmp_path / "own"
    shutil.copytree(SECOND_AREA, folder)
    (folder / "kpi.toml").write_text(
        "\n".join(
            f'[[grade]]\ngrade = "{g}"\n{m}label = "{g}評価"\napplies_to = "{a}"\n'
            for g, m, a in [
                ("S", "min_achievement = 1.2\n", "progress"),
                ("A", "min_achievement = 0.8\n", "progress"),
                ("B", "", "progress"),
                ("A", "", "maintain_met"),
                ("B", "", "maintain_missed"),
            ]
        ),
        encoding="utf-8",
    )
    with (folder / "profile.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[kpi]\ndeclarations = "kpi.toml"\n')
    write_seeds(con, read_profile(folder / "profile.toml"))
    assert con.execute(
        "SELECT grade, min_achievement FROM kpi_grade WHERE applies_to = 'progress' "
        "ORDER BY min_achievement DESC NULLS LAST"
    ).fetchall() == [("S", 1.2), ("A", 0.8), ("B", None)]
    assert counts(con)["kpi_grade"] == 5
