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
from sqlalchemy import Engine, create_engine, event, insert, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from reconcile.errors import DatabaseError

T = TypeVar("T")
# Keeps IN (...) lists well under SQLite's and PostgreSQL's bound-parameter limits.
CHUNK = 500
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection SQLite settings.

    Foreign keys: SQLite ignores ON DELETE CASCADE unless asked, and replacing a report relies on it.
    WAL with synchronous=NORMAL: batch runs write many rows per transaction; this keeps commits
    durable across application crashes while not syncing every page.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite set up to enforce foreign keys."""
    try:
        engine = create_engine(url)
    except (ArgumentError, ModuleNotFoundError) as exc:
        raise DatabaseError(f"cannot use database URL {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
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
    with reachable(engine), engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision` inside one transaction."""
    with reachable(engine), engine.begin() as connection:
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
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit if the block succeeds, roll back everything if it raises."""
    session = sessionmaker(engine, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


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
