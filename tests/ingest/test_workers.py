"""Worker processes that read a large batch end with the run that started them, even when it is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # the command name in parentheses may hold spaces; the parent pid is the second field after it
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="reads the process table from /proc")
def test_workers_end_when_their_run_is_killed(tmp_path):
    seed = (ROOT / "fixtures" / "seeds" / "000_644f3aaadc5aa323.txt").read_text(encoding="utf-8")
    folder = tmp_path / "wire"
    folder.mkdir()
    for i in range(600):  # past PARALLEL_FROM, so the batch is read in worker processes
        (folder / f"r{i:04d}.txt").write_text(seed, encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, "-m", "reconcile", "--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", folder],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not (workers := children(run.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers, "the batch was never handed to worker processes"
    time.sleep(0.5)  # let every worker start and arm itself
    workers = children(run.pid)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    lingering = [w for w in workers if alive(w)]
    for pid in lingering:
        os.kill(pid, signal.SIGKILL)
    assert lingering == []
