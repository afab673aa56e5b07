"""Issue 11's cases, run as a hostile but ordinary user would: every bad input or
interference ends in a short message naming the input, a non-zero exit, no traceback,
and the warehouse exactly as it was (or, for two refreshes at once, both revisions in it).

Run as a script to print the table of cases and what each prints, through the real
`vision` executable: `python tests/pipeline/test_hostile_inputs.py`.

The e-Stat faults are in tests/sources/test_estat_faults.py, killed extraction workers in
tests/sources/test_worker_processes.py, several revisions in one Dagster instance in
tests/pipeline/test_revisions_in_one_instance.py.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from sources.manifest import default_vision_pdf
from warehouse.paths import cannot_write_in

REPO_ROOT = Path(__file__).resolve().parents[2]
VISION = Path(sys.executable).with_name("vision")
# Longest a helper process below lives; each ends by itself.
HELPER_SECONDS = 60


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Outcome:
    exit_code: int
    output: str
    crashed: bool  # an exception escaped the command (what a user sees as a traceback)


def vision(*args: str, env: dict[str, str] | None = None) -> Outcome:
    """The command in-process, as click runs it for a user (stdout and stderr together)."""
    result = CliRunner(env=env).invoke(main, list(args))
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    return Outcome(result.exit_code, result.output, crashed)


def assert_refused(outcome: Outcome, *needles: str, max_lines: int = 4) -> None:
    assert outcome.exit_code != 0, outcome.output
    assert not outcome.crashed and "Traceback" not in outcome.output, outcome.output
    for needle in needles:
        assert needle in outcome.output, (needle, outcome.output)
    lines = [ln for ln in outcome.output.splitlines() if ln.strip()]
    assert len(lines) <= max_lines, outcome.output


@pytest.fixture(autouse=True)
def _offline_and_ephemeral(monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    monkeypatch.delenv("VISION_DEBUG", raising=False)


@pytest.fixture
def wh(warehouse_copy: Path) -> Iterator[Path]:
    """A loaded warehouse that must come out of every case byte for byte as it went in."""
    before = digest(warehouse_copy)
    yield warehouse_copy
    assert digest(warehouse_copy) == before


# --------------------------------------------------------------------------- vision query


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("COPY (SELECT 'gone' x) TO '{wh}' (FORMAT csv)", "refused: COPY statement"),
        ("ATTACH '{wh}' AS w2", "refused: ATTACH statement"),
        ("INSTALL httpfs", "refused: LOAD statement"),
        ("SELECT * FROM read_csv('/etc/passwd')", "refused: Permission Error"),
        ("", "no SQL given"),
    ],
)
def test_query_cannot_write_or_read_beyond_the_warehouse(wh, sql, says):
    outcome = vision("--lang", "en", "query", sql.format(wh=wh), "--warehouse", str(wh))
    assert_refused(outcome, says, max_lines=2)


# --------------------------------------------------------------------------- output paths


def test_export_parquet_to_a_path_with_quotes_spaces_and_japanese(wh, tmp_path):
    out = tmp_path / "analyst's 出力 dir"
    outcome = vision("export", "--format", "parquet", "--out", str(out), "--warehouse", str(wh))
    assert outcome.exit_code == 0, outcome.output
    assert (out / "municipality.parquet").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, wh.name])


@pytest.mark.parametrize("command", ["export", "extract", "report"])
@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("", "--out is empty"),
        ("/dev/null", "/dev/null is a device or special file, not a directory"),
        ("{file}/sub", "is a file, not a directory"),
    ],
)
def test_an_unusable_out_is_refused_before_any_work(wh, tmp_path, monkeypatch, command, out, says):
    monkeypatch.chdir(tmp_path)  # an empty --out must not mean "here"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep")
    args = ["--lang", "en", command, "--out", out.format(file=a_file)]
    if command != "extract":
        args += ["--warehouse", str(wh)]
    started = time.monotonic()
    assert_refused(vision(*args), says, max_lines=2)
    assert time.monotonic() - started < 5  # refused before extracting or loading
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["notes.txt", wh.name])
    assert a_file.read_text() == "keep"


def test_report_replaces_a_symlinked_report_md_instead_of_writing_through_it(wh, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("not a report")
    out = tmp_path / "report"
    out.mkdir()
    (out / "report.md").symlink_to(victim)
    outcome = vision("report", "--out", str(out), "--warehouse", str(wh))
    assert outcome.exit_code == 0, outcome.output
    assert victim.read_text() == "not a report"
    assert not (out / "report.md").is_symlink()
    assert "# " in (out / "report.md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- warehouse paths


def test_diff_on_an_empty_or_garbage_file_names_it(tmp_path):
    empty, garbage, bare = tmp_path / "empty.duckdb", tmp_path / "garbage.duckdb", tmp_path / "b"
    empty.write_bytes(b"")
    garbage.write_bytes(os.urandom(5000))
    duckdb.connect(str(bare)).close()  # a valid DuckDB file without the warehouse in it
    for path, says in [
        (empty, "is not a DuckDB warehouse"),
        (garbage, "is not a DuckDB warehouse"),
        (bare, "holds no vision warehouse"),
    ]:
        outcome = vision("--lang", "en", "diff", "--warehouse", str(path))
        assert_refused(outcome, str(path), says, max_lines=2)


def test_a_warehouse_path_under_a_file_fails_at_once(tmp_path):
    a_file = tmp_path / "FILE"
    a_file.write_text("x")
    started = time.monotonic()
    outcome = vision("--lang", "en", "refresh", "--warehouse", str(a_file / "w.duckdb"))
    assert_refused(outcome, f"{a_file} is a file, not a directory", "could not be logged")
    assert time.monotonic() - started < 10  # no extraction first
    assert a_file.read_text() == "x"


def test_a_no_op_refresh_removes_copies_left_by_killed_refreshes(wh):
    leftover = wh.with_name(wh.name + ".tmp-999999999-deadbeef")
    leftover.write_bytes(b"half a warehouse")
    outcome = vision("--lang", "en", "refresh", "--warehouse", str(wh))
    assert outcome.exit_code == 0 and "nothing changed" in outcome.output, outcome.output
    assert not leftover.exists()


# --------------------------------------------------------------------------- PDF inputs


def _encrypted_pdf(path: Path) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", ownerPassword="o"))
    page.drawString(100, 100, "vision")
    page.showPage()
    page.save()
    return path


def _pdf_case(kind: str, tmp_path: Path, monkeypatch) -> tuple[str, str]:
    """(path, what the message must say) for one broken PDF input."""
    if kind == "device":
        return "/dev/zero", "not a regular file"
    if kind == "encrypted":
        return str(_encrypted_pdf(tmp_path / "locked.pdf")), "is encrypted"
    if kind == "oversized":
        monkeypatch.setenv("VISION_PDF_MAX_MB", "1")
        big = tmp_path / "big.pdf"
        big.write_bytes(b"%PDF-1.4\n" + b"\0" * (2 * 2**20))
        return str(big), "over the 1 MB limit"
    monkeypatch.setenv("VISION_PDF_OPEN_SECONDS", "0.5")
    slow = tmp_path / "slow.pdf"
    objects = b"".join(b"%d 0 obj\n<< /Type /Page >>\nendobj\n" % i for i in range(1, 150_001))
    # its trailer points at an object, not a cross-reference table: pdfminer searches
    slow.write_bytes(b"%PDF-1.4\n" + objects + b"startxref\n9\n%%EOF\n")
    return str(slow), "still not open after 0.5 s"


@pytest.mark.parametrize("kind", ["device", "encrypted", "oversized", "slow"])
def test_a_pdf_that_cannot_be_the_vision_is_refused_quickly(wh, tmp_path, monkeypatch, kind):
    pdf, says = _pdf_case(kind, tmp_path, monkeypatch)
    started = time.monotonic()
    outcome = vision("refresh", "--pdf", pdf, "--warehouse", str(wh))
    assert_refused(outcome, pdf, says)
    assert time.monotonic() - started < 10


def test_a_directory_as_pdf_is_named(wh):
    assert_refused(vision("refresh", "--pdf", "/", "--warehouse", str(wh)), "is a directory")


# --------------------------------------------------------------------------- read-only places


@pytest.fixture
def unwritable_dir(warehouse_copy: Path, tmp_path: Path) -> Iterator[Path]:
    """A directory no file can be created in, holding a warehouse when it can: mode 0555
    for an ordinary user; for root (who ignores modes) sysfs, which takes no new files."""
    if os.geteuid() != 0:
        place = tmp_path / "read-only"
        place.mkdir()
        shutil.copyfile(warehouse_copy, place / "vision.duckdb")
        place.chmod(0o555)
        yield place
        place.chmod(0o755)
        return
    if not Path("/sys").is_dir() or cannot_write_in(Path("/sys")) is None:
        pytest.skip("running as root without a file system that refuses new files")
    yield Path("/sys")


def test_a_warehouse_in_a_read_only_directory_shows_the_real_error(unwritable_dir):
    target = unwritable_dir / "vision.duckdb"
    before = digest(target) if target.exists() else None
    outcome = vision("--lang", "en", "refresh", "--force", "--warehouse", str(target))
    assert_refused(outcome, f"cannot write in {unwritable_dir}", "could not be logged")
    assert (digest(target) if target.exists() else None) == before


@pytest.mark.parametrize("command", ["export", "extract", "report"])
def test_an_out_in_a_read_only_directory_is_refused(unwritable_dir, warehouse_copy, command):
    out = unwritable_dir / "out"
    args = ["--lang", "en", command, "--out", str(out)]
    if command != "extract":
        args += ["--warehouse", str(warehouse_copy)]
    assert_refused(vision(*args), str(out), "cannot", max_lines=2)
    assert not out.exists()


# --------------------------------------------------------------------------- interference


def test_a_refresh_refuses_while_another_process_holds_the_warehouse_read_write(wh, tmp_path):
    marker = tmp_path / "open"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import pathlib, time, duckdb
                con = duckdb.connect({str(wh)!r})
                pathlib.Path({str(marker)!r}).touch()
                time.sleep({HELPER_SECONDS})
                """
            ),
        ]
    )
    try:
        deadline = time.monotonic() + HELPER_SECONDS
        while not marker.exists():
            assert holder.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        outcome = vision("refresh", "--force", "--warehouse", str(wh))
        assert_refused(outcome, "open read-write in", f"PID {holder.pid}")
    finally:
        holder.kill()
        holder.wait()


def test_two_refreshes_started_together_both_keep_their_revision(warehouse_copy, tmp_path):
    from tests.fixtures.pdf_edit import replace_text

    edited = tmp_path / "edited.pdf"
    edited.write_bytes(replace_text(default_vision_pdf().read_bytes(), 8, "390,148", "390,147"))
    env = dict(os.environ) | {"PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DAGSTER_HOME", None)
    runs = [
        subprocess.Popen(
            [str(VISION), "refresh", "--force", *pdf, "--warehouse", str(warehouse_copy)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        for pdf in ([], ["--pdf", str(edited)])
    ]
    outputs = [run.communicate(timeout=HELPER_SECONDS * 4)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        revisions = con.execute("SELECT revision_id FROM source_document").fetchall()
    assert len(revisions) == 2, outputs


# --------------------------------------------------------------------------- the table


def _case_table(source_warehouse: Path) -> str:
    """Run the cases through the real `vision` executable; a Markdown table of what each
    prints (for the issue's closing note). Needs a loaded warehouse to copy."""
    work = Path(tempfile.mkdtemp(prefix="vision-cases-"))
    wh = work / "W.duckdb"
    shutil.copyfile(source_warehouse, wh)
    a_file = work / "FILE"
    a_file.write_text("x")
    (work / "empty.duckdb").write_bytes(b"")
    (work / "garbage.duckdb").write_bytes(os.urandom(5000))
    locked = _encrypted_pdf(work / "locked.pdf")
    big = work / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"\0" * (2 * 2**20))
    slow = work / "slow.pdf"
    slow.write_bytes(
        b"%PDF-1.4\n"
        + b"".join(b"%d 0 obj\n<< /Type /Page >>\nendobj\n" % i for i in range(1, 150_001))
        + b"startxref\n9\n%%EOF\n"
    )
    report_dir = work / "report"
    report_dir.mkdir()
    (work / "victim.txt").write_text("not a report")
    (report_dir / "report.md").symlink_to(work / "victim.txt")
    leftover = wh.with_name(wh.name + ".tmp-999999999-deadbeef")
    leftover.write_bytes(b"half")
    w, f = str(wh), str(a_file)
    cases: list[tuple[str, list[str], dict[str, str]]] = [
        (
            "query COPY TO the warehouse",
            ["query", f"COPY (SELECT 'gone' x) TO '{w}'", "--warehouse", w],
            {},
        ),
        ("query ATTACH", ["query", f"ATTACH '{w}' AS w2", "--warehouse", w], {}),
        ("query INSTALL", ["query", "INSTALL httpfs", "--warehouse", w], {}),
        (
            "query reads a file",
            ["query", "SELECT * FROM read_csv('/etc/passwd')", "--warehouse", w],
            {},
        ),
        ('query ""', ["query", "", "--warehouse", w], {}),
        (
            "export parquet, out with ' and Japanese",
            ["export", "--format", "parquet", "--out", str(work / "a'b 出力"), "--warehouse", w],
            {},
        ),
        ('export --out ""', ["export", "--out", "", "--warehouse", w], {}),
        ("export --out /dev/null", ["export", "--out", "/dev/null", "--warehouse", w], {}),
        ("export --out FILE/x", ["export", "--out", f + "/x", "--warehouse", w], {}),
        ("extract --out FILE/x", ["extract", "--out", f + "/x"], {}),
        ("report --out /dev/null", ["report", "--out", "/dev/null", "--warehouse", w], {}),
        (
            "report over a symlinked report.md",
            ["report", "--out", str(report_dir), "--warehouse", w],
            {},
        ),
        ("diff on an empty file", ["diff", "--warehouse", str(work / "empty.duckdb")], {}),
        ("diff on a garbage file", ["diff", "--warehouse", str(work / "garbage.duckdb")], {}),
        ("refresh --warehouse FILE/w.duckdb", ["refresh", "--warehouse", f + "/w.duckdb"], {}),
        (
            "refresh --warehouse in sysfs (unwritable)",
            ["refresh", "--warehouse", "/sys/w.duckdb"],
            {},
        ),
        ("refresh --pdf /dev/zero", ["refresh", "--pdf", "/dev/zero", "--warehouse", w], {}),
        ("refresh --pdf / (a directory)", ["refresh", "--pdf", "/", "--warehouse", w], {}),
        ("refresh --pdf encrypted", ["refresh", "--pdf", str(locked), "--warehouse", w], {}),
        (
            "refresh --pdf 2 MB, limit 1 MB",
            ["refresh", "--pdf", str(big), "--warehouse", w],
            {"VISION_PDF_MAX_MB": "1"},
        ),
        (
            "refresh --pdf slow to open, limit 0.5 s",
            ["refresh", "--pdf", str(slow), "--warehouse", w],
            {"VISION_PDF_OPEN_SECONDS": "0.5"},
        ),
        ("no-op refresh with a stale .tmp-*", ["refresh", "--warehouse", w], {}),
    ]
    before = digest(wh)
    rows = ["| case | exit | s | prints |", "|---|---|---|---|"]
    for name, args, extra in cases:
        env = dict(os.environ) | extra
        env.pop("DAGSTER_HOME", None)
        env.pop("ESTAT_APP_ID", None)
        started = time.monotonic()
        done = subprocess.run(
            [str(VISION), *args], capture_output=True, text=True, env=env, cwd=work, timeout=300
        )
        took = time.monotonic() - started
        shown = " ⏎ ".join(
            ln.strip() for ln in (done.stdout + done.stderr).splitlines() if ln.strip()
        )
        if len(shown) > 400:
            shown = shown[:400] + "…"
        rows.append(f"| {name} | {done.returncode} | {took:.1f} | `{shown}` |")
    rows.append("")
    rows.append(f"warehouse byte-identical after all cases: {digest(wh) == before}")
    rows.append(f"stale copy removed: {not leftover.exists()}")
    rows.append(f"symlink target untouched: {(work / 'victim.txt').read_text() == 'not a report'}")
    return "\n".join(rows)


if __name__ == "__main__":
    print(_case_table(Path(sys.argv[1])))
