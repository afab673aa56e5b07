"""Several areas in one deployment (issue 21): `$VISION_AREAS` names an areas file; the
code location is then partitioned area × revision, every step works under its area's
profile and warehouse, a revision is an edition of the area it was registered for and
refused for any other, and the sensors watch each area's own inputs.

The end-to-end part loads the code location over the shipped profile and the corpus
profile together and runs one revision of each in one process (tests/fixtures/
areas_deployment.py); what each warehouse must hold is read from the profiles and the
corpus ground truth, never from the output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline import partitions
from pipeline.dagster_home import ensure_registered
from pipeline.defs.kpi import sensors as kpi_sensors
from pipeline.defs.ops import run_failure
from pipeline.defs.ops.schedules import area_refreshes
from pipeline.defs.statistics import sensors as statistics_sensors
from pipeline.defs.vision import sensors as vision_sensors
from pipeline.partitions import (
    AREA_DIMENSION,
    REVISION_DIMENSION,
    VISION_REVISIONS,
    partition_key,
    refuse_unpaired,
    split_partition_key,
    vision_partitions,
)
from sources.areas import (
    AREAS_ENV,
    Area,
    AreasError,
    area_of_profile,
    area_scope,
    configured_areas,
    read_areas,
)
from sources.estat.client import APP_ID_ENV, EStatClient
from sources.govstats.datasets import MIGRATION_STATS_DATA_ID_ENV
from sources.manifest import resolve_vision_pdf
from sources.profile import current_profile, load_profile
from sources.revision_store import STORE_ENV, RevisionStore
from tests.conftest import shared_vision_dir
from tests.pipeline.test_estat_sensor import APP_ID, FakeEStat
from tests.pipeline.test_vision_sensor import EDITION_2, ETAG_2, LAST_MODIFIED_2, URL, serve
from tests.sources.test_vision_download import pdf_reply
from warehouse.paths import DEFAULT_WAREHOUSE, resolve_warehouse

REPO = Path(__file__).resolve().parents[2]
CORPUS_PROFILE = REPO / "tests" / "profiles" / "bingo_3rd"
CORPUS = shared_vision_dir().parent / "corpus" / "bingo_3rd"
SHIPPED = "yamagata_2nd"
CORPUS_AREA = "bingo_3rd"


def write_areas(folder: Path, **extra: str) -> Path:
    """An areas file naming the shipped profile and the corpus profile, each with its own
    warehouse in `folder`."""
    path = folder / "areas.toml"
    path.write_text(
        textwrap.dedent(
            f"""
            [[area]]
            key = "{SHIPPED}"
            profile = "{SHIPPED}"
            warehouse = "warehouses/{SHIPPED}.duckdb"
            {extra.get(SHIPPED, "")}

            [[area]]
            key = "{CORPUS_AREA}"
            profile = "{CORPUS_PROFILE}"
            warehouse = "warehouses/{CORPUS_AREA}.duckdb"
            {extra.get(CORPUS_AREA, "")}
            """
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def areas(tmp_path: Path) -> tuple[Area, ...]:
    return read_areas(write_areas(tmp_path))


# --- the areas file --------------------------------------------------------------------


def test_the_example_areas_file_reads():
    example = read_areas(REPO / "areas.example.toml")
    assert [a.key for a in example][:1] == [SHIPPED]
    assert all(a.warehouse.is_relative_to(REPO) for a in example)


def test_paths_are_read_from_the_areas_files_folder(tmp_path, areas):
    shipped, corpus = areas
    assert shipped.warehouse == (tmp_path / "warehouses" / f"{SHIPPED}.duckdb").resolve()
    assert shipped.actuals == (tmp_path / "actuals" / SHIPPED).resolve()
    assert corpus.profile == str(CORPUS_PROFILE)
    assert area_of_profile(areas, str(CORPUS_PROFILE / "profile.toml")) == corpus
    assert area_of_profile(areas, SHIPPED) == shipped
    assert area_of_profile(areas, str(REPO / "tests" / "profiles" / "hachinohe_2nd")) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[[area]]\nkey = "a"\nprofile = "p"\n', "'warehouse' must be given"),
        ('[[area]]\nkey = "A|b"\nprofile = "p"\nwarehouse = "w"\n', "lower-case letters"),
        ('[[area]]\nkey = "a"\nprofile = "p"\nwarehouse = "w"\nurl = "x"\n', "unknown key 'url'"),
        (
            '[[area]]\nkey = "a"\nprofile = "p"\nwarehouse = "w"\n'
            '[[area]]\nkey = "b"\nprofile = "q"\nwarehouse = "w"\n',
            "warehouse",
        ),
        ("title = 'x'\n", "one [[area]] table per area"),
        ("[[area]\n", "not a UTF-8 TOML file"),
    ],
)
def test_a_wrong_areas_file_is_one_line_naming_it(tmp_path, text, says):
    path = tmp_path / "areas.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AreasError) as raised:
        read_areas(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and says in message and "\n" not in message


def test_an_areas_profile_that_cannot_be_read_stops_the_deployment_from_loading(
    tmp_path, monkeypatch
):
    path = tmp_path / "areas.toml"
    path.write_text(
        '[[area]]\nkey = "a"\nprofile = "no_such_profile"\nwarehouse = "a.duckdb"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(AREAS_ENV, str(path))
    with pytest.raises(AreasError) as raised:
        configured_areas()
    assert str(raised.value).startswith(f"{path}: area 'a': ")
    assert "no such profile 'no_such_profile'" in str(raised.value)


# --- the area a step works under --------------------------------------------------------


def test_the_scope_chooses_profile_and_warehouse_and_ends_with_the_block(areas, monkeypatch):
    monkeypatch.delenv("VISION_PROFILE", raising=False)
    monkeypatch.delenv("VISION_WAREHOUSE", raising=False)
    shipped, corpus = areas
    outside = (current_profile().name, resolve_warehouse())
    with area_scope(corpus):
        assert current_profile().region.codes == load_profile(str(CORPUS_PROFILE)).region.codes
        assert resolve_warehouse() == corpus.warehouse
        assert resolve_warehouse("given.duckdb") == Path("given.duckdb")  # --warehouse wins
        with area_scope(shipped):
            assert current_profile().name == SHIPPED
            assert resolve_warehouse() == shipped.warehouse
        assert resolve_warehouse() == corpus.warehouse
    assert (current_profile().name, resolve_warehouse()) == outside


def test_a_partition_key_names_area_and_revision(areas):
    shipped, _ = areas
    key = partition_key(shipped, "c861fc555b2e")
    assert str(key) == f"{SHIPPED}|c861fc555b2e"
    assert split_partition_key(str(key), areas) == (shipped, "c861fc555b2e")
    assert partition_key(None, "c861fc555b2e") == "c861fc555b2e"  # one area: as before
    assert split_partition_key("c861fc555b2e", None) == (None, "c861fc555b2e")
    partitions = vision_partitions(areas)
    assert isinstance(partitions, dg.MultiPartitionsDefinition)
    assert set(partitions.partition_dimension_names) == {AREA_DIMENSION, REVISION_DIMENSION}
    assert vision_partitions(None) is VISION_REVISIONS


def test_a_revision_runs_only_for_the_area_it_was_registered_for(tmp_path, areas):
    shipped, corpus = areas
    store = RevisionStore(tmp_path / "revisions")
    revision = store.add(resolve_vision_pdf(None)).key
    with pytest.raises(dg.Failure) as unregistered:
        refuse_unpaired(shipped, revision, store)
    assert unregistered.value.description.startswith(
        f"revision {revision} is not an edition of area {SHIPPED} (registered for no area); "
        f"register it with the area's vision_pdf_sensor_{SHIPPED} or `vision --profile"
    )
    store.pair(revision, shipped.key)
    refuse_unpaired(shipped, revision, store)  # its own area: no objection
    with pytest.raises(dg.Failure) as crossed:
        refuse_unpaired(corpus, revision, store)
    assert crossed.value.description.startswith(
        f"revision {revision} is not an edition of area {CORPUS_AREA} "
        f"(it is an edition of {SHIPPED})"
    )


def test_a_revision_registered_by_the_command_is_an_edition_of_its_area(
    tmp_path, areas, monkeypatch
):
    """`vision --profile … refresh` with DAGSTER_HOME set, the no-op path included: the PDF
    becomes a partition and an edition of the area the command works under — once."""
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "revisions"))
    _, corpus = areas
    pdf = resolve_vision_pdf(None)
    with area_scope(corpus):
        key = ensure_registered(pdf)
        assert key is not None and ensure_registered(pdf) is None
    assert RevisionStore().areas_of(key) == {CORPUS_AREA}


# --- sensors per area -------------------------------------------------------------------


def test_each_areas_pdf_sensor_registers_its_revision_for_its_area(tmp_path, areas, monkeypatch):
    shipped, _ = areas
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "revisions"))
    shipped = Area(**{**shipped.__dict__, "pdf_url": URL})
    serve(monkeypatch, pdf_reply(EDITION_2, ETAG_2, LAST_MODIFIED_2))
    sensor = vision_sensors.vision_pdf_sensor_of(shipped)
    assert sensor.name == f"vision_pdf_sensor_{SHIPPED}"
    with dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral()) as context:
        result = sensor(context)
    assert isinstance(result, dg.SensorResult)
    (request,) = result.run_requests
    revision = RevisionStore().keys()[0]
    assert request.partition_key == f"{SHIPPED}|{revision}"
    assert request.run_key.startswith(f"vision-{SHIPPED}-")
    assert RevisionStore().areas_of(revision) == {SHIPPED}


def test_an_area_without_a_pdf_url_says_so(areas):
    _, corpus = areas
    sensor = vision_sensors.vision_pdf_sensor_of(corpus)
    with dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral()) as context:
        result = sensor(context)
    assert isinstance(result, dg.SkipReason)
    assert f"area {CORPUS_AREA}: no pdf_url" in (result.skip_message or "")


def _registered(instance: dg.DagsterInstance, areas: tuple[Area, ...], folder: Path) -> dict:
    """One revision registered for each area: the shipped PDF and a copy one byte longer."""
    store = RevisionStore(folder)
    pdf = resolve_vision_pdf(None).read_bytes()
    revisions = {}
    for area, data in zip(areas, (pdf, pdf + b"\n"), strict=True):
        revisions[area.key] = store.add(data).key
        store.pair(revisions[area.key], area.key)
    assert VISION_REVISIONS.name is not None
    instance.add_dynamic_partitions(VISION_REVISIONS.name, list(revisions.values()))
    return revisions


def test_each_areas_actuals_sensor_watches_its_folder(tmp_path, areas, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "revisions"))
    _, corpus = areas
    with dg.DagsterInstance.ephemeral() as instance:
        revisions = _registered(instance, areas, tmp_path / "revisions")
        corpus.actuals.mkdir(parents=True)
        (corpus.actuals / "kpi.xlsx").write_bytes(b"workbook")
        ticks = {}
        for area in areas:
            sensor = kpi_sensors.kpi_actuals_sensor_of(area)
            with dg.build_sensor_context(instance=instance) as context:
                ticks[area.key] = sensor(context)
    assert not ticks[SHIPPED].run_requests  # nothing in the shipped area's folder
    (request,) = ticks[CORPUS_AREA].run_requests
    assert request.partition_key == f"{CORPUS_AREA}|{revisions[CORPUS_AREA]}"
    assert request.run_key.startswith(f"actuals-{CORPUS_AREA}-")


def test_the_weekly_refresh_runs_each_area_on_its_newest_revision(tmp_path, areas, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "revisions"))
    with dg.DagsterInstance.ephemeral() as instance:
        revisions = _registered(instance, areas, tmp_path / "revisions")
        requests = area_refreshes(instance, areas, {})
    assert isinstance(requests, list)
    assert sorted(r.partition_key for r in requests) == sorted(
        f"{area}|{revision}" for area, revision in revisions.items()
    )


def test_a_failed_run_is_logged_beside_its_areas_warehouse(areas, monkeypatch):
    monkeypatch.setattr(partitions, "AREAS", areas)
    monkeypatch.setattr(run_failure, "AREAS", areas)
    _, corpus = areas
    assert run_failure.warehouse_path({}, f"{CORPUS_AREA}|c861fc555b2e") == corpus.warehouse
    # An area since removed from the file: the default log, never a failing sensor.
    assert run_failure.warehouse_path({}, "gone|c861fc555b2e") == DEFAULT_WAREHOUSE


def test_a_new_statistics_release_reloads_every_areas_warehouse(tmp_path, monkeypatch):
    """Two areas (here both read with the shipped profile: the recorded e-Stat tables hold
    its prefecture's rows): each gets its own cursor entry per table and its own run, for
    its own newest revision."""
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "revisions"))
    monkeypatch.setenv(APP_ID_ENV, APP_ID)
    monkeypatch.delenv(MIGRATION_STATS_DATA_ID_ENV, raising=False)
    path = tmp_path / "areas.toml"
    path.write_text(
        "".join(
            f'[[area]]\nkey = "{key}"\nprofile = "{SHIPPED}"\nwarehouse = "{key}.duckdb"\n'
            for key in ("east", "west")
        ),
        encoding="utf-8",
    )
    areas = read_areas(path)
    fake = FakeEStat()
    tracked = {spec.id for spec in statistics_sensors.tracked_datasets()}
    client = EStatClient.from_env(session=fake.session(), retry=statistics_sensors.SENSOR_RETRY)
    with dg.DagsterInstance.ephemeral() as instance:
        revisions = _registered(instance, areas, tmp_path / "revisions")
        with dg.build_sensor_context(instance=instance) as context:
            result = statistics_sensors.evaluate_estat_releases(context, client, areas)
    assert set(json.loads(result.cursor or "{}")) == {
        f"{dataset}@{area}" for dataset in tracked for area in revisions
    }
    requested = {(r.partition_key, r.run_key.rsplit("-", 1)[1]) for r in result.run_requests}
    assert requested == {(f"{area}|{revision}", area) for area, revision in revisions.items()}
    assert len(result.run_requests) == len(tracked) * len(areas)


def test_the_code_location_loads_with_an_areas_file(tmp_path):
    """The code location validates with an areas file (as `dagster definitions validate`
    checks it), with sensors per area and its job partitioned area × revision."""
    areas_file = write_areas(tmp_path)
    env = {
        "PATH": str(Path(sys.executable).parent),
        "HOME": str(REPO),
        "DAGSTER_HOME": "",
        AREAS_ENV: str(areas_file),
        "PYTHONPATH": str(REPO),
    }
    script = (
        "import json\n"
        "import dagster as dg\n"
        "from pipeline.definitions import defs\n"
        "dg.Definitions.validate_loadable(defs)\n"
        "repository = defs.get_repository_def()\n"
        "print(json.dumps(sorted(s.name for s in repository.sensor_defs)))\n"
        "job = repository.get_job('refresh_all')\n"
        "print(json.dumps(job.partitions_def.partition_dimension_names))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert loaded.returncode == 0, loaded.stderr
    sensors, dimensions = (json.loads(line) for line in loaded.stdout.splitlines()[-2:])
    per_area = {
        f"{kind}_{area}"
        for kind in ("vision_pdf_sensor", "kpi_actuals_sensor")
        for area in (SHIPPED, CORPUS_AREA)
    }
    assert per_area <= set(sensors)
    assert "vision_pdf_sensor" not in sensors and "estat_release_sensor" in sensors
    assert dimensions == [AREA_DIMENSION, REVISION_DIMENSION]


# --- one deployment, two areas, end to end ------------------------------------------------

corpus_present = pytest.mark.skipif(
    not (CORPUS / "vision_bingo.pdf").exists(), reason=f"{CORPUS} not present"
)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict[str, Path], dict]:
    """The code location over both profiles, one revision of each run in one process, then
    the shipped area asked for the corpus's revision."""
    if not (CORPUS / "vision_bingo.pdf").exists():
        pytest.skip(f"{CORPUS} not present")
    folder = tmp_path_factory.mktemp("two_areas")
    areas_file = write_areas(folder)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DAGSTER_HOME", "ESTAT_APP_ID", "VISION_PROFILE", "VISION_WAREHOUSE")
    } | {
        AREAS_ENV: str(areas_file),
        STORE_ENV: str(folder / "revisions"),
        "PYTHONPATH": str(REPO),
    }
    out = folder / "report.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.fixtures.areas_deployment",
            str(out),
            f"{SHIPPED}={resolve_vision_pdf(None)}",
            f"{CORPUS_AREA}={CORPUS / 'vision_bingo.pdf'}",
            "--",
            f"{SHIPPED}:{CORPUS_AREA}",
        ],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    warehouses = {a.key: a.warehouse for a in read_areas(areas_file)}
    return json.loads(out.read_text(encoding="utf-8")), warehouses, env


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _expected_codes() -> dict[str, set[str]]:
    """The members of each area: the shipped profile's, and those the corpus's own table
    of members (T1-1, ground truth) prints with their codes."""
    truth = json.loads((CORPUS / "ground_truth_tables.json").read_text(encoding="utf-8"))
    members = next(t for t in truth if t["id"] == "T1-1")
    printed = {row[1] for row in members["rows"][members["header_rows"] :]}
    return {
        SHIPPED: set(load_profile(SHIPPED).region.codes),
        CORPUS_AREA: {code for code in printed if code.isdigit() and len(code) == 5},
    }


@corpus_present
def test_each_area_is_loaded_into_its_own_warehouse(deployment):
    report, warehouses, _ = deployment
    assert [r["success"] for r in report["runs"]] == [True, True], report["runs"]
    assert warehouses[SHIPPED] != warehouses[CORPUS_AREA]
    for area, codes in _expected_codes().items():
        assert {c for (c,) in _rows(warehouses[area], "SELECT code FROM municipality")} == codes
        # Only the area's own edition, and the statistics of its own members.
        documents = _rows(warehouses[area], "SELECT revision_id FROM source_document")
        assert [d[:12] for (d,) in documents] == [report["revisions"][area]]
        official = _rows(
            warehouses[area],
            "SELECT DISTINCT municipality_code FROM fact_official_statistic "
            "WHERE municipality_code IS NOT NULL",
        )
        assert {c for (c,) in official} == codes


@corpus_present
def test_each_area_is_checked_under_its_own_profile(deployment, refreshed):
    """The corpus's clean document has no finding (its README); the shipped one has those
    a single-area refresh finds, rule by rule."""
    _, warehouses, _ = deployment
    assert _rows(warehouses[CORPUS_AREA], "SELECT count(*) FROM document_findings") == [(0,)]
    by_rule = "SELECT check_id, count(*) FROM finding GROUP BY 1 ORDER BY 1"
    assert _rows(warehouses[SHIPPED], by_rule) == _rows(refreshed.warehouse, by_rule)


@corpus_present
def test_the_revision_of_another_area_is_refused_and_nothing_is_written(deployment):
    report, warehouses, _ = deployment
    (crossed,) = report["crossed"]
    revision = report["revisions"][CORPUS_AREA]
    assert crossed["partition"] == f"{SHIPPED}|{revision}"
    assert not crossed["success"]
    assert crossed["failures"] == [
        f"revision {revision} is not an edition of area {SHIPPED} (it is an edition of "
        f"{CORPUS_AREA}); nothing to do for this cell"
    ]
    documents = _rows(warehouses[SHIPPED], "SELECT revision_id FROM source_document")
    assert [d[:12] for (d,) in documents] == [report["revisions"][SHIPPED]]
    assert report["materialized"] == sorted(
        f"{area}|{revision}" for area, revision in report["revisions"].items()
    )


@corpus_present
def test_the_cli_refresh_of_an_area_is_a_no_op_in_its_own_warehouse(deployment):
    """`vision --profile DIR refresh --pdf PDF` in the deployment: the area whose profile
    it is, its warehouse, nothing to do — and still without importing Dagster."""
    _, warehouses, env = deployment
    script = textwrap.dedent(
        f"""
        import sys
        from pipeline.cli import main
        try:
            main(["--lang", "en", "--profile", {str(CORPUS_PROFILE)!r}, "refresh", "--pdf",
                  {str(CORPUS / "vision_bingo.pdf")!r}])
        except SystemExit:
            pass
        print("dagster imported:", "dagster" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert f"nothing changed: {warehouses[CORPUS_AREA]}" in done.stdout, done.stdout + done.stderr
    assert "dagster imported: False" in done.stdout
