"""Runs take turns at the store: two at once never duplicate an entity, a waiting run says whom it waits for, and
one that waits too long changes nothing and exits 75. On SQLite and on PostgreSQL when configured."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.synth import write_reports
from reconcile import db, settings
from reconcile.errors import LockTimeoutError
from reconcile.lock import store_lock
from reconcile.models import Entity, Event, Report
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parent.parent


def reconcile_process(url: str, *args: str | Path) -> subprocess.Popen[str]:
    """`reconcile` in a process of its own, as two people or two cron jobs would start it."""
    command = [sys.executable, "-m", "reconcile", "--db", url, *map(str, args)]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def store_counts(url: str) -> tuple[int, int, int, list[str]]:
    """Reports, entities and events stored, and the names more than one entity of one type carries."""
    engine = db.make_engine(url)
    with Session(engine) as session:
        reports = session.scalar(select(func.count()).select_from(Report)) or 0
        entities = session.scalar(select(func.count()).select_from(Entity)) or 0
        events = session.scalar(select(func.count()).select_from(Event)) or 0
        names = Counter(session.execute(select(Entity.type, Entity.name)).all())
    engine.dispose()
    return reports, entities, events, sorted(f"{t.value}:{n}" for (t, n), k in names.items() if k > 1)


def concurrently(url: str, *commands: tuple[str | Path, ...]) -> list[str]:
    """Start every command at once; each must exit 0 without a traceback. Their stderr."""
    processes = [reconcile_process(url, *command) for command in commands]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert [p.returncode for p in processes] == [0] * len(processes), [err for _, err in outputs]
    assert all("Traceback" not in err for _, err in outputs)
    return [err for _, err in outputs]


@pytest.mark.parametrize("first", ["run", "match"])
def test_two_runs_at_once_take_turns_and_match_as_one_run(cli, db_url, tmp_path, first):
    """Two runs of one batch at once, or two matches of one stored batch: each entity and event made once, exactly
    as one run makes them."""
    batch = tmp_path / "batch"
    write_reports(batch, 60, seed=11)
    if first == "match":
        assert cli("ingest", batch).exit_code == 0
    concurrently(db_url, *[(first, batch) if first == "run" else ("match",)] * 2)
    together = store_counts(db_url)
    assert together[3] == []  # no entity was created twice

    alone_url = f"sqlite:///{tmp_path / 'alone.db'}"
    concurrently(alone_url, ("run", batch))
    assert together == store_counts(alone_url)


def test_a_run_waits_for_the_lock_and_says_for_whom(cli, engine, fixtures_dir):
    held = threading.Event()

    def hold_for_a_moment() -> None:
        with store_lock(engine, "test holder", wait_seconds=0):
            held.set()
            time.sleep(1.5)

    holder = threading.Thread(target=hold_for_a_moment)
    holder.start()
    held.wait(10)
    result = cli("--wait", "60", "ingest", fixtures_dir / "gold")
    holder.join()
    assert result.exit_code == 0, result.stderr
    assert "another run is in progress (reconcile test holder by " in result.stderr
    assert "waiting up to 60 s for it to finish" in result.stderr
    assert "2 added" in result.stderr


def test_a_run_that_waits_too_long_changes_nothing_and_exits_75(cli, engine, fixtures_dir):
    with store_lock(engine, "test holder", wait_seconds=0):
        result = cli("--wait", "0.3", "run", fixtures_dir / "gold")
    assert result.exit_code == 75
    [error] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert error.startswith("Error: another run is still in progress after 0 s (reconcile test holder by ")
    assert error.endswith("nothing was changed. Run again when it has finished, or wait longer with --wait SECONDS")
    assert store_counts(str(engine.url.render_as_string(hide_password=False)))[:3] == (0, 0, 0)


def test_the_lock_is_free_again_after_its_holder_fails(engine):
    with pytest.raises(RuntimeError), store_lock(engine, "failing holder", wait_seconds=0):
        raise RuntimeError("a failing run")
    with store_lock(engine, "next", wait_seconds=0):
        pass
    with pytest.raises(LockTimeoutError), store_lock(engine, "first", wait_seconds=0):
        with store_lock(engine, "second", wait_seconds=0):
            pass


def test_a_killed_holder_frees_the_lock(db_url, engine, tmp_path):
    """The operating system or the server releases the lock of a process that died, kill -9 included."""
    script = (
        "import sys, time\n"
        "from reconcile import db\n"
        "from reconcile.lock import store_lock\n"
        "with store_lock(db.make_engine(sys.argv[1]), 'doomed', wait_seconds=0):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(120)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script, db_url], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(LockTimeoutError, match="reconcile doomed by "):
        with store_lock(engine, "waiter", wait_seconds=0):
            pass
    holder.kill()
    holder.wait()
    with store_lock(engine, "waiter", wait_seconds=10):
        pass


def test_processes_opening_one_new_sqlite_file_at_once_all_find_its_schema(tmp_path):
    """The first use of a new SQLite file creates its schema; several at the same moment create it once, and none
    fails with 'table alembic_version already exists'."""
    url = f"sqlite:///{tmp_path / 'race.db'}"
    processes = [reconcile_process(url, "match") for _ in range(6)]
    results = [(p.communicate(timeout=120), p.returncode) for p in processes]
    assert [code for _, code in results] == [0] * 6, [err for (_, err), _ in results]
    assert db.current_revision(db.make_engine(url)) == db.head_revision()


def test_a_sqlite_database_held_locked_too_long_is_one_line(runner, tmp_path, fixtures_dir, monkeypatch):
    """Another process writing for longer than the busy timeout: the command says so, and no traceback. SQLite's
    own write lock, so SQLite only, whatever database the rest of the suite runs on."""
    db_url = f"sqlite:///{tmp_path / 'held.db'}"
    cli = Cli(runner, db_url)
    assert cli("run", fixtures_dir / "gold").exit_code == 0
    monkeypatch.setattr(settings, "SQLITE_BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("match")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: database {db_url} is busy: another process kept it locked for over 0 s; try again when it has finished"
    )
