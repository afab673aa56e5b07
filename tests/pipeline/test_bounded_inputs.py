"""Issue 24: inputs are bounded before they are read, and inputs that may block are
refused by their type before they are opened — through the `vision` command, each case
timed, with the warehouse byte for byte as it was (and its writer lock never taken).

The limits are `sources.input_limits.InputLimits`; each message names its variable."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from pipeline.cli import main
from sources.actuals_workbook import ACTUALS_HEADERS
from warehouse.lock import lock_path

# Every refusal below is decided from a file's type, size, zip directory or line count.
FAST_SECONDS = 2.0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vision(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, float]:
    started = time.monotonic()
    result = CliRunner(env=env).invoke(main, ["--lang", "en", *args])
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not crashed and "Traceback" not in result.output, result.output
    return result.exit_code, result.output, time.monotonic() - started


def fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


@pytest.fixture
def wh(warehouse_copy: Path) -> Iterator[Path]:
    """The loaded warehouse: unchanged by every refused case, its writer lock never taken."""
    before = digest(warehouse_copy)
    yield warehouse_copy
    assert digest(warehouse_copy) == before
    assert not lock_path(warehouse_copy).exists()


def workbook_bytes(rows: int = 1) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(ACTUALS_HEADERS))
    for _ in range(rows):
        sheet.append([None] * len(ACTUALS_HEADERS))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def repacked(data: bytes, extra: dict[str, bytes]) -> bytes:
    """The workbook `data` with parts added (or replaced), as a hand-made zip would be."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename not in extra:
                dst.writestr(item, src.read(item))
        for name, content in extra.items():
            dst.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _zip_bomb(tmp_path: Path) -> Path:
    bomb = tmp_path / "bomb.xlsx"
    # 20 MB of the same byte pack to about 20 kB: far over the ratio any sheet has
    bomb.write_bytes(repacked(workbook_bytes(), {"xl/worksheets/sheet1.xml": b"<" * 20 * 2**20}))
    return bomb


def _deep_xml(tmp_path: Path) -> Path:
    deep = tmp_path / "deep.xlsx"
    nested = b"<a>" * 5000 + b"</a>" * 5000
    deep.write_bytes(repacked(workbook_bytes(), {"xl/styles.xml": nested}))
    return deep


def _million_rows(tmp_path: Path) -> Path:
    big = tmp_path / "million.csv"
    big.write_bytes("指標,年,実績値\n".encode() + b"x,2024,1\n" * 1_000_000)
    return big


def _wide(tmp_path: Path) -> Path:
    wide = tmp_path / "wide.csv"
    wide.write_text("指標,年,実績値" + ",x" * 300 + "\n", encoding="utf-8")
    return wide


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("fifo", "fifo.xlsx is not a regular file (a device, pipe or socket)"),
        ("device", "/dev/zero is not a regular file"),
        ("bomb", "part xl/worksheets/sheet1.xml unpacks"),
        (
            "deep",
            "part xl/styles.xml has XML nested deeper than 64 levels (limit VISION_XML_MAX_DEPTH)",
        ),
        ("million", "more than the 10000 rows allowed (limit VISION_WORKBOOK_MAX_ROWS)"),
        ("wide", "has 303 columns, over the 100 allowed (VISION_WORKBOOK_MAX_COLUMNS)"),
    ],
)
def test_an_actuals_file_that_cannot_be_one_is_refused_before_it_is_read(wh, tmp_path, case, says):
    path = {
        "fifo": lambda: fifo(tmp_path, "fifo.xlsx"),
        "device": lambda: Path("/dev/zero"),
        "bomb": lambda: _zip_bomb(tmp_path),
        "deep": lambda: _deep_xml(tmp_path),
        "million": lambda: _million_rows(tmp_path),
        "wide": lambda: _wide(tmp_path),
    }[case]()
    code, output, seconds = vision("actuals", "import", str(path), "--warehouse", str(wh))
    assert code == 1, output
    assert says in output and str(path) in output, output
    assert seconds < FAST_SECONDS


def test_a_limit_is_raised_or_lowered_by_its_variable(wh, tmp_path):
    small = tmp_path / "small.csv"
    small.write_text("指標,年,実績値\n" + "x,2024,1\n" * 30, encoding="utf-8")
    env = {"VISION_WORKBOOK_MAX_ROWS": "5"}
    code, output, _ = vision("actuals", "import", str(small), "--warehouse", str(wh), env=env)
    assert code == 1 and "more than the 5 rows allowed" in output, output
    env = {"VISION_WORKBOOK_MAX_ROWS": "many"}
    code, output, _ = vision("actuals", "import", str(small), "--warehouse", str(wh), env=env)
    assert code == 1, output
    assert "VISION_WORKBOOK_MAX_ROWS='many': not a positive whole number" in output


def test_a_fifo_as_profile_is_refused_by_its_type(tmp_path):
    profile = fifo(tmp_path, "profile.toml")
    code, output, seconds = vision("--profile", str(profile), "refresh")
    assert code == 2 and "profile.toml is not a regular file" in output, output
    assert seconds < FAST_SECONDS


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("fifo", "is not a regular file (a device, pipe or socket); give a vision PDF"),
        ("junk", "no trailer (startxref … %%EOF) at the end of the file"),
        ("truncated", "no trailer (startxref … %%EOF) at the end of the file"),
        ("bad xref", "its trailer points at byte 3000000, where there is no cross-reference"),
    ],
)
def test_a_pdf_that_cannot_be_read_is_refused_in_under_two_seconds(tmp_path, case, says):
    from sources.manifest import default_vision_pdf

    pdf = tmp_path / "in.pdf"
    if case == "fifo":
        pdf = fifo(tmp_path, "fifo.pdf")
    elif case == "junk":  # 30 MB that only start like a PDF
        pdf.write_bytes(b"%PDF-1.7\n" + os.urandom(2**20) * 30)
    elif case == "truncated":  # the shipped vision, cut short like a broken download
        pdf.write_bytes(default_vision_pdf().read_bytes()[:400_000])
    else:
        pdf.write_bytes(b"%PDF-1.7\n" + b"%" * 4_000_000 + b"\nstartxref\n3000000\n%%EOF\n")
    code, output, seconds = vision("extract", str(pdf), "--out", str(tmp_path / "out"))
    assert code == 1 and says in output and str(pdf) in output, output
    assert seconds < FAST_SECONDS


@pytest.mark.parametrize("command", [["query", "SELECT 1"], ["diff"], ["refresh"]])
def test_a_fifo_as_warehouse_is_refused_by_its_type(tmp_path, command):
    warehouse = fifo(tmp_path, "w.duckdb")
    code, output, seconds = vision(*command, "--warehouse", str(warehouse))
    assert code == 1, output
    assert f"{warehouse} is not a regular file (a device, pipe or socket)" in output
    assert seconds < FAST_SECONDS  # DuckDB would wait on it for ever


def test_a_profile_pattern_that_backtracks_without_end_stops_at_its_time_limit(
    tmp_path, ground_truth, monkeypatch
):
    """`(.|.|.|.|.)+\\d$` tries 5^n ways on a caption of n characters before failing: with
    Python's `re`, 6 s on the 11 characters of 「ア 人口と将来推計人口」 and five times
    longer for each further one. The message names the profile, pattern and text, and the
    extraction stops within the limit."""
    from tests.fixtures.render_vision import render_vision

    monkeypatch.setenv("VISION_PROFILE", "yamagata_2nd")  # undone after --profile sets it
    shipped = Path(__file__).resolve().parents[2] / "profiles" / "yamagata_2nd"
    profile = tmp_path / "slow_profile"
    shutil.copytree(shipped, profile)
    toml = profile / "profile.toml"
    slow = r"^(.|.|.|.|.)+\d$"
    text = toml.read_text(encoding="utf-8").replace("'人口と将来推計人口'", f"'{slow}'", 1)
    toml.write_text(text, encoding="utf-8")
    pdf = tmp_path / "one_table.pdf"
    render_vision(ground_truth[:1], pdf)  # the population table, as the vision prints it
    env = {"VISION_PATTERN_SECONDS": "0.2"}
    code, output, seconds = vision(
        "--profile", str(toml), "extract", str(pdf), "--out", str(tmp_path / "out"), env=env
    )
    assert code == 1, output
    assert f"pattern {slow!r} did not finish within 0.2 s on 'ア 人口と将来推計人口'" in output
    assert "raise VISION_PATTERN_SECONDS" in output and str(toml) in output
    assert seconds < 15  # 0.2 s of CPU per search, on a machine other jobs share
