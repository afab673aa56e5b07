"""Extraction workers end with their parent, however the parent ends (here: SIGKILL)."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sources.manifest import default_vision_pdf

REPO_ROOT = Path(__file__).resolve().parents[2]
# Bounds on every wait below; the child script itself ends within a minute.
SECONDS = 60


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # "pid (comm) state ppid ..." — comm may hold spaces; split after the ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its entry waits to be reaped


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_extraction_workers_exit_when_the_parent_is_killed():
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO_ROOT)!r})
        from sources.page_analysis import analyze_document
        analyze_document({str(default_vision_pdf())!r}, workers=2)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    workers: list[int] = []
    try:
        deadline = time.monotonic() + SECONDS
        while len(workers) < 2:
            assert parent.poll() is None, "extraction finished before its workers were seen"
            assert time.monotonic() < deadline
            workers = _children(parent.pid)
            time.sleep(0.05)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = [w for w in workers if _alive(w)]
    finally:
        parent.kill()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert survivors == []


def test_ctrl_c_handed_to_another_thread_while_a_worker_is_forked_is_raised_after_it():
    """The kernel may hand Ctrl-C to any thread not blocking it (an import running in the
    background); Python then runs the handler in the main thread, which — holding it only
    by its own signal mask — would raise it inside the fork's hooks, where it is dropped.
    Held, it is raised once the block is left, and the block runs to its end."""
    import threading

    from sources.page_analysis import _ctrl_c_held

    # Python's own handler, as in a terminal (a job started in the background ignores it)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    stop = threading.Event()
    background = threading.Thread(target=stop.wait)
    background.start()
    reached = []
    try:
        with pytest.raises(KeyboardInterrupt), _ctrl_c_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the main thread runs bytecode: where the handler would run
            reached.append(True)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        stop.set()
        background.join()
        signal.signal(signal.SIGINT, previous)
    assert reached == [True]
