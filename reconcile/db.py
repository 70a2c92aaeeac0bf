"""Engine, sessions and schema upgrades through Alembic: the only way the schema is made or changed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from reconcile import settings
from reconcile.errors import DatabaseError

T = TypeVar("T")
# Keeps IN (...) lists well under SQLite's and PostgreSQL's bound-parameter limits.
CHUNK = 500
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
WRITES = "reconcile_writes"  # execution option: does this unit of work write (SQLite: BEGIN IMMEDIATE)?


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection SQLite settings.

    Transactions: the sqlite3 module's own handling is switched off (isolation_level None), because it
    opens a transaction only at the first write and lets a SAVEPOINT run outside any; `_begin_sqlite`
    emits BEGIN itself, so a transaction on SQLite spans exactly what it spans on PostgreSQL.
    Foreign keys: SQLite ignores ON DELETE CASCADE unless asked, and replacing a report relies on it.
    WAL with synchronous=NORMAL: batch runs write many rows per transaction; this keeps commits
    durable across application crashes while not syncing every page, and readers never wait for writers.
    busy_timeout: a writer waits this long for another to finish before giving up.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(settings.SQLITE_BUSY_SECONDS * 1000)}")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    """BEGIN IMMEDIATE for a unit of work that writes: it takes SQLite's write lock at once (waiting up to the
    busy timeout), where a deferred transaction that read first would fail outright when it came to write
    after another writer."""
    writes = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite set up to enforce foreign keys and to begin transactions as PostgreSQL does."""
    try:
        engine = create_engine(url)
    except (ArgumentError, ModuleNotFoundError) as exc:
        raise DatabaseError(f"cannot use database URL {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def alembic_config(connection: Any | None = None) -> Config:
    """Alembic's configuration, pointed at this package's migrations and, if given, a live connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration this version of reconcile knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/versions holds no revision"
    return head


@contextmanager
def reachable(engine: Engine) -> Iterator[None]:
    """A server that is down or refuses us is the user's to fix: say so in one line, not a traceback."""
    try:
        yield
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {safe_url(str(engine.url))}: {one_line(exc.orig)}") from None


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    with reachable(engine), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` inside one transaction."""
    with reachable(engine), writer(engine).begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision` inside one transaction."""
    with reachable(engine), writer(engine).begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def _is_new_sqlite(engine: Engine) -> bool:
    """A SQLite database with no tables yet is created on first use; servers are upgraded deliberately."""
    return engine.dialect.name == "sqlite" and not inspect(engine).get_table_names()


def open_database(url: str) -> Engine:
    """An engine on a database whose schema is current, creating a new SQLite file's schema on the spot."""
    engine = make_engine(url)
    with reachable(engine):
        if _is_new_sqlite(engine):
            upgrade(engine)
    revision = current_revision(engine)
    if revision is None:
        raise DatabaseError(f"database {safe_url(url)} is not initialised; run `reconcile db upgrade`")
    if revision != head_revision():
        raise DatabaseError(
            f"database {safe_url(url)} is at schema {revision}, this version needs {head_revision()}; "
            "run `reconcile db upgrade`"
        )
    return engine


def one_line(error: BaseException | None) -> str:
    """Driver messages span lines; an error the user reads stays on one."""
    return " ".join(str(error).split())


def safe_url(url: str) -> str:
    """The URL with any password hidden, fit for an error message."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@contextmanager
def session_scope(engine: Engine, *, writes: bool = True) -> Iterator[Session]:
    """One unit of work: commit if the block succeeds, roll back everything if it raises.

    `writes=False` marks a unit that only reads (a report, a page), which on SQLite then never waits for
    the write lock nor holds it.
    """
    session = sessionmaker(writer(engine) if writes else engine, expire_on_commit=False)()
    try:
        with busy_as_error(engine):
            yield session
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def writer(engine: Engine) -> Engine:
    """The engine for a unit of work that writes; plain connections (inspection, reads) only read."""
    return engine.execution_options(**{WRITES: True})


@contextmanager
def busy_as_error(engine: Engine) -> Iterator[None]:
    """SQLite's 'database is locked' after the busy timeout is a state the user can act on, not a bug."""
    try:
        yield
    except OperationalError as exc:
        if engine.dialect.name == "sqlite" and "database is locked" in str(exc.orig):
            raise DatabaseError(
                f"database {safe_url(str(engine.url))} is busy: another process kept it locked for over "
                f"{settings.SQLITE_BUSY_SECONDS:.0f} s; try again when it has finished"
            ) from None
        raise


def bulk_insert(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows as one Core executemany, skipping the ORM's per-row bookkeeping."""
    if rows:
        session.execute(model.__table__.insert(), rows)


def insert_returning_ids(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Bulk-insert `rows` and return their new ids in the same order.

    In bounded chunks: SQLAlchemy joins the RETURNING rows of its batches by re-reading all earlier
    ones, which turns one large ordered insert quadratic (36k findings took minutes).
    """
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return [i for chunk in chunked(rows, 2 * CHUNK) for i in session.scalars(statement, chunk).all()]


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Slices of `items` small enough for one IN (...) clause."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
