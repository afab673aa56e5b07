"""Every Dagster definition loads, and the code location validates as `dagster dev` sees it."""

import subprocess
import sys
from pathlib import Path

import dagster as dg

from expectations.registry import rules
from pipeline.definitions import build_definitions

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_definition_loads_with_warehouse_style_asset_keys():
    defs = build_definitions()
    repository = defs.get_repository_def()
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert {"vision/pdf", "vision/tables", "vision/facts", "warehouse/vision"} <= keys
    assert {k for k in keys if k.startswith("statistics/")}
    check_names = {key.name for key in repository.asset_graph.asset_check_keys}
    assert {rule.check_id for rule in rules()} <= check_names


def test_every_check_blocks_the_warehouse_on_data_errors():
    defs = build_definitions()
    graph = defs.get_repository_def().asset_graph
    for check_key in graph.asset_check_keys:
        assert graph.get_check_spec(check_key).blocking, check_key


def _validate(*target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", *target],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": str(Path(sys.executable).parent), "HOME": str(REPO_ROOT), "DAGSTER_HOME": ""},
    )


def test_dagster_definitions_validate_accepts_the_code_location():
    result = _validate("-m", "pipeline.definitions")
    assert result.returncode == 0, result.stdout + result.stderr
    # A module given with -m names the location after itself; dg says so once, not per asset.
    assert (result.stdout + result.stderr).count("does not match") <= 1


def test_the_code_location_name_does_not_depend_on_the_checkout_folder():
    """From the repository root (pyproject.toml), as `dagster dev` starts: the location is
    `vision_pipeline` whatever the folder is called, and loading it warns about nothing."""
    result = _validate()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "code location vision_pipeline" in output
    assert "WARNING" not in output, output


def test_the_instance_config_is_valid_and_pools_the_duckdb_writer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # storage paths in dagster.yaml are relative to the cwd
    monkeypatch.setenv("DAGSTER_HOME", str(REPO_ROOT))
    with dg.DagsterInstance.get() as instance:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
        assert not instance.telemetry_enabled
    assert (tmp_path / ".dagster" / "storage").is_dir()
    defs = build_definitions()
    warehouse = defs.get_repository_def().asset_graph.get(dg.AssetKey(["warehouse", "vision"]))
    assert warehouse.pools == {"duckdb_writer"}
