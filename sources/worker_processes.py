"""Worker processes that die with the process that started them.

A pool's workers block on their task queue; when the parent is killed with SIGKILL (or
crashes) nothing tells them, and each keeps its memory (≈155 MB for table extraction) for
ever. Every worker therefore asks Linux to send it SIGKILL when its parent dies
(`PR_SET_PDEATHSIG`), and, where that is not available, watches its parent id from a
daemon thread and exits when it changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# How often the fallback watcher looks at the parent id.
PARENT_POLL_SECONDS = 0.5


def _ask_kernel_for_parent_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(1)
        time.sleep(PARENT_POLL_SECONDS)


def die_with_parent(parent_pid: int) -> None:
    """Called first in a worker: end it when `parent_pid` (its starter) ends."""
    if not _ask_kernel_for_parent_death_signal():
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
