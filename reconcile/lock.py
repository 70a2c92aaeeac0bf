"""One writer of the matched store at a time: the store lock that runs, ingests, matches and re-clustering
decisions hold while they change reports, entities, events and findings.

Two runs that resolve the same new mentions at once would each create the entities the other creates, so they
take turns instead. The lock is the database's own where it has one (a PostgreSQL advisory lock, held by a
connection of its own) and a file lock beside a SQLite file; both are released by the operating system or the
server when the holder dies, so a killed run never leaves the store locked. A second run says who holds the lock
and waits for it, up to a limit.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from reconcile import settings
from reconcile.db import reachable
from reconcile.errors import LockTimeoutError

# pg_advisory_lock(int, int) keys: one number for reconcile, one for the lock; scoped to the database by the server.
_PG_KEYS = {"space": 0x7265636F, "lock": 1}
POLL_SECONDS = 0.25


def _quiet(_message: str) -> None:
    return None


@dataclass(frozen=True)
class Turns:
    """How a command takes its turn at the store lock: how long it waits, and what it says while it does."""

    wait_seconds: float = settings.LOCK_WAIT_SECONDS
    on_wait: Callable[[str], None] = _quiet

    def hold(self, engine: Engine, command: str) -> AbstractContextManager[None]:
        """The store lock for `command`, for a `with` block."""
        return store_lock(engine, command, self.wait_seconds, self.on_wait)


def holder_label(command: str) -> str:
    """Who holds the lock, as another run will read it: the command, the user, the host and the process."""
    user = settings.default_reviewer() or "unknown user"
    return f"reconcile {command} by {user}@{socket.gethostname()} pid {os.getpid()}"


def _since(moment: dt.datetime) -> str:
    return f"started {moment.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC"


@contextmanager
def store_lock(
    engine: Engine, command: str, wait_seconds: float, on_wait: Callable[[str], None] = _quiet
) -> Iterator[None]:
    """Hold the store lock for the block; if another process holds it, call `on_wait` once with who does, and wait
    up to `wait_seconds` before raising LockTimeoutError."""
    label = holder_label(command)
    if engine.dialect.name == "postgresql":
        with _postgres_lock(engine, label, wait_seconds, on_wait):
            yield
    elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        with _file_lock(Path(f"{engine.url.database}.lock"), label, wait_seconds, on_wait):
            yield
    else:  # an in-memory SQLite database belongs to one process: there is no one to take turns with
        yield


def _wait_until(
    acquire: Callable[[], bool], holder: Callable[[], str], wait_seconds: float, on_wait: Callable[[str], None]
) -> None:
    """Try `acquire` until it succeeds; say once who holds the lock; give up after `wait_seconds`."""
    if acquire():
        return
    held_by = holder()
    on_wait(f"another run is in progress ({held_by}); waiting up to {wait_seconds:.0f} s for it to finish")
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        if acquire():
            return
    raise LockTimeoutError(
        f"another run is still in progress after {wait_seconds:.0f} s ({held_by}); nothing was changed. "
        "Run again when it has finished, or wait longer with --wait SECONDS"
    )


@contextmanager
def _postgres_lock(engine: Engine, label: str, wait_seconds: float, on_wait: Callable[[str], None]) -> Iterator[None]:
    """A session-level advisory lock on a connection of its own, named after its holder (application_name) so that
    a waiting run can say who it waits for."""
    with reachable(engine), engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # PostgreSQL keeps 63 characters of a session's name: enough for the command, who and where.
        connection.execute(text("SELECT set_config('application_name', :label, false)"), {"label": label[:63]})

        def acquire() -> bool:
            return bool(connection.scalar(text("SELECT pg_try_advisory_lock(:space, :lock)"), _PG_KEYS))

        _wait_until(acquire, lambda: _postgres_holder(connection), wait_seconds, on_wait)
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:space, :lock)"), _PG_KEYS)


def _postgres_holder(connection: Connection) -> str:
    """The name and start of the session holding the lock."""
    row = connection.execute(
        text(
            "SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :space AND l.objid = :lock "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
        _PG_KEYS,
    ).first()
    return f"{row.application_name}, {_since(row.backend_start)}" if row else "holder unknown"


@contextmanager
def _file_lock(path: Path, label: str, wait_seconds: float, on_wait: Callable[[str], None]) -> Iterator[None]:
    """flock on a file beside the database; the holder writes its label into it for whoever waits."""
    with open(path, "a+", encoding="utf-8") as handle:

        def acquire() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        def holder() -> str:
            handle.seek(0)
            try:
                return str(json.loads(handle.read() or "{}").get("holder", "holder unknown"))
            except ValueError:
                return "holder unknown"

        _wait_until(acquire, holder, wait_seconds, on_wait)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps({"holder": f"{label}, {_since(dt.datetime.now(dt.UTC))}"}))
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
