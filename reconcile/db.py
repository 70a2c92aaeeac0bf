"""Engine, sessions and schema upgrades through Alembic: the only way the schema is made or changed."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from alembic.script.revision import ResolutionError, RevisionError
from sqlalchemy import JSON, Connection, Engine, NullPool, create_engine, event, func, insert, inspect, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from reconcile import drops, settings
from reconcile.errors import DatabaseError, DataLossError

T = TypeVar("T")
# Keeps IN (...) lists well under SQLite's and PostgreSQL's bound-parameter limits.
CHUNK = 500
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
WRITES = "reconcile_writes"  # execution option: does this unit of work write (SQLite: BEGIN IMMEDIATE)?
SQLITE_HEADER = b"SQLite format 3\x00"


def _configure_sqlite(dbapi_connection: Any, _record: Any, foreign_keys: bool = True) -> None:
    """Per-connection SQLite settings.

    Transactions: the sqlite3 module's own handling is switched off (isolation_level None), because it
    opens a transaction only at the first write and lets a SAVEPOINT run outside any; `_begin_sqlite`
    emits BEGIN itself, so a transaction on SQLite spans exactly what it spans on PostgreSQL.
    Foreign keys: SQLite ignores ON DELETE CASCADE unless asked, and replacing a report relies on it (a
    migration turns them off, see `migrating`; SQLite only allows that outside a transaction, so here).
    WAL with synchronous=NORMAL: batch runs write many rows per transaction; this keeps commits
    durable across application crashes while not syncing every page, and readers never wait for writers.
    busy_timeout: a writer waits this long for another to finish before giving up.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
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
        _check_sqlite_file(engine.url)
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def _check_sqlite_file(url: URL) -> None:
    """Refuse a path that is no SQLite database and cannot become one, before SQLite opens (or creates) anything.

    SQLite would otherwise fail on first use with a driver traceback or an unclear "unable to open database file".
    An empty file passes: to SQLite it is a database with no tables yet.
    """
    if not url.database or url.database == ":memory:" or url.query.get("uri"):
        return
    path = Path(url.database)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a SQLite database")
    if path.exists() and not path.is_file():
        raise DatabaseError(f"{path} is a special file, not a SQLite database")  # a FIFO would block SQLite
    if not path.parent.is_dir():
        raise DatabaseError(f"cannot create {path}: there is no folder {path.parent}")
    if not path.exists():
        return
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"cannot read {path}: {exc.strerror}") from None
    if header and header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a SQLite database")


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


def _revisions(script: ScriptDirectory) -> list[str]:
    """Every revision this version knows, oldest first."""
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def _known(script: ScriptDirectory) -> str:
    """'base, 0001, 0002 and 0003 (head)', for messages that name the revisions one can go to."""
    return drops.listed(["base", *_revisions(script)]) + " (head)"


@contextmanager
def reachable(engine: Engine) -> Iterator[None]:
    """A server that is down or refuses us, or a damaged SQLite file, is the user's to fix: one line, no traceback."""
    try:
        yield
    except sa_exc.DatabaseError as exc:
        # OperationalError: unreachable, locked, read-only; the generic class: SQLite's "file is not a database".
        if type(exc) not in (OperationalError, sa_exc.DatabaseError):
            raise
        raise DatabaseError(f"cannot open database {safe_url(str(engine.url))}: {one_line(exc.orig)}") from None


def _revision_of(connection: Connection, script: ScriptDirectory) -> str | None:
    """The migration the database is at, or None; a revision this version has no migration for was made by a newer
    reconcile, which only that version can read or migrate."""
    revision = MigrationContext.configure(connection).get_current_revision()
    if revision is not None and revision not in _revisions(script):
        raise DatabaseError(
            f"database {safe_url(str(connection.engine.url))} is at schema {revision}, newer than this version of "
            f"reconcile knows (its newest is {script.get_current_head()}); "
            "upgrade reconcile to use it, not the database"
        )
    return revision


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    with reachable(engine), engine.connect() as connection:
        return _revision_of(connection, ScriptDirectory.from_config(alembic_config()))


def _steps(script: ScriptDirectory, current: str | None, target: str, down: bool) -> list[Script]:
    """The migrations from `current` to `target` in the order they run, or one line saying why there are none."""
    try:
        if down:
            return list(script.iterate_revisions(current, target, select_for_downgrade=True))
        return list(reversed(list(script.iterate_revisions(target, current, implicit_base=True))))
    except ResolutionError:
        raise DatabaseError(f"unknown revision {target!r}; the revisions are {_known(script)}") from None
    except RevisionError:
        verb = "downgrade" if down else "upgrade"
        raise DatabaseError(
            f"cannot {verb} from schema {current or 'base'} to {target!r}; the revisions are {_known(script)}"
        ) from None


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """One transaction for a schema change (migrations/env.py runs every migration in one).

    On SQLite it runs on a connection of its own with foreign keys off: batch mode rebuilds a table by copying it
    and dropping the original, and with foreign keys on that drop deletes, by ON DELETE CASCADE, every row of every
    table that references it. `_check_foreign_keys` then stands in for them before the commit.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    migrator = create_engine(engine.url, poolclass=NullPool)
    event.listen(migrator, "connect", partial(_configure_sqlite, foreign_keys=False))
    event.listen(migrator, "begin", _begin_sqlite)
    try:
        with writer(migrator).begin() as connection:
            yield connection
            _check_foreign_keys(connection)
    finally:
        migrator.dispose()


def _check_foreign_keys(connection: Connection) -> None:
    """Fail the migration (and so roll it back) if it leaves a SQLite row pointing at a row that does not exist."""
    dangling: dict[str, set[int]] = {}
    parents: set[str] = set()
    for table, rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check").all():
        dangling.setdefault(table, set()).add(rowid)
        parents.add(parent)
    if dangling:
        rows = [drops.counted(len(ids), (f"row of {t}", f"rows of {t}")) for t, ids in sorted(dangling.items())]
        raise DatabaseError(
            f"the migration would leave {drops.listed(rows)} pointing at rows that do not exist "
            f"(in {', '.join(sorted(parents))}); nothing was changed in {safe_url(str(connection.engine.url))}"
        )


def _lock(connection: Connection, tables: list[str]) -> None:
    """On a server, keep other sessions from writing to what a downgrade counts before it drops it."""
    if tables and connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")


@dataclass(frozen=True)
class Downgraded:
    """What a downgrade deleted (it was forced to) and what it set aside for the next upgrade, as phrases."""

    deleted: list[str]
    kept: list[str]


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` inside one transaction."""
    with reachable(engine), migrating(engine) as connection:
        config = alembic_config(connection)
        script = ScriptDirectory.from_config(config)
        _steps(script, _revision_of(connection, script), revision, down=False)
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str, force: bool = False) -> Downgraded:
    """Take the schema back to `revision` inside one transaction; refuse, unless forced, if that deletes rows."""
    with reachable(engine), migrating(engine) as connection:
        config = alembic_config(connection)
        script = ScriptDirectory.from_config(config)
        current = _revision_of(connection, script)
        steps = _steps(script, current, revision, down=True)
        target = str(steps[-1].down_revision or "base") if steps else str(current or "base")
        dropped = [step.module.drops for step in steps]
        _lock(connection, drops.tables_of(dropped))
        deleted = drops.deleted(connection, dropped)
        if deleted and not force:
            raise DataLossError(
                f"downgrading to {target} would delete {drops.listed(deleted)}; run again with --force to delete them"
            )
        command.downgrade(config, revision)
        return Downgraded(deleted, drops.kept(connection, dropped))


def _is_new_sqlite(engine: Engine) -> bool:
    """A SQLite database with no tables yet is created on first use; servers are upgraded deliberately."""
    return engine.dialect.name == "sqlite" and not inspect(engine).get_table_names()


def open_database(url: str, create: bool = True) -> Engine:
    """An engine on a database whose schema is current, creating a new SQLite file's schema on the spot.

    Commands that only read pass create=False: a mistyped path would otherwise become an empty database and an
    empty report that exits 0, which reads as "nothing to reconcile" rather than "wrong file".
    """
    engine = make_engine(url)
    if not create:
        _require_sqlite_file(engine.url)
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


def _require_sqlite_file(url: URL) -> None:
    """Refuse a SQLite file that does not exist yet; servers and in-memory databases pass."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" or url.query.get("uri"):
        return
    if not Path(url.database).exists():
        raise DatabaseError(f"no database at {url.database}; run `reconcile run` first")


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
    """Insert many rows straight through the driver, each value converted as its column type would: on PostgreSQL
    through COPY, which takes rows several times faster than INSERT statements; on SQLite as one executemany, where
    SQLAlchemy's own executemany spends more time building parameters than SQLite spends writing them."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    if dialect.name == "postgresql" and len(rows) < COPY_FROM:
        session.execute(model.__table__.insert(), rows)
        return
    table = model.__table__
    named = {key for row in rows for key in row}
    columns = [c for c in table.columns if c.key in named or (c.default is not None and not c.primary_key)]
    fills = [_fill(column, dialect) for column in columns]
    names = ", ".join(dialect.identifier_preparer.quote(c.name) for c in columns)
    into = f"{dialect.identifier_preparer.format_table(table)} ({names})"
    driver: Any = session.connection().connection.driver_connection  # the driver's own connection
    cursor = driver.cursor()
    if dialect.name == "postgresql":
        with cursor.copy(f"COPY {into} FROM STDIN") as copy:
            for row in rows:
                copy.write_row([fill(row) for fill in fills])
    else:
        marks = ", ".join("?" * len(columns))
        cursor.executemany(f"INSERT INTO {into} VALUES ({marks})", ([fill(row) for fill in fills] for row in rows))


COPY_FROM = 200  # rows; below this, setting up a COPY on PostgreSQL costs more than it saves


def _fill(column: Any, dialect: Any) -> Any:
    """How one column's value is taken from a row: the row's value or the column's default, then its type's
    conversion for this database."""
    if isinstance(column.type, JSON):  # the driver's JSON adapters do not reach here: send the text
        convert = dialect._json_serializer or json.dumps
    else:
        convert = column.type.bind_processor(dialect) or (lambda value: value)
    default = column.default
    if default is None:
        return lambda row: convert(row.get(column.key))
    if default.is_callable:
        return lambda row: convert(row[column.key] if column.key in row else default.arg(None))
    return lambda row: convert(row.get(column.key, default.arg))


def insert_returning_ids(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Bulk-insert `rows` and return their new ids in the same order.

    SQLite cannot tie the rows RETURNING gives back to the rows sent, so SQLAlchemy would send them one statement
    each; there the ids are numbered here instead (_numbered). Elsewhere in bounded chunks: SQLAlchemy joins the
    RETURNING rows of its batches by re-reading all earlier ones, which turns one large ordered insert quadratic
    (36k findings took minutes).
    """
    if not rows:
        return []
    if session.get_bind().dialect.name == "sqlite":
        numbered = _numbered(session, model, rows)
        bulk_insert(session, model, numbered)
        return [row["id"] for row in numbered]
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return [i for chunk in chunked(rows, 2 * CHUNK) for i in session.scalars(statement, chunk).all()]


def _numbered(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` with the ids SQLite would give them: one past the largest in use, or ever used where the table is
    AUTOINCREMENT. A write transaction on SQLite holds the database's one write lock, so no one else takes them
    meanwhile; were it not held, a clash would fail the insert, never join two rows."""
    table = model.__table__
    last = session.scalar(select(func.max(table.c.id))) or 0
    if table.kwargs.get("sqlite_autoincrement"):
        used = session.execute(text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": table.name})
        last = max(last, used.scalar() or 0)
    return [{**row, "id": last + number} for number, row in enumerate(rows, start=1)]


STATISTICS_AFTER = 20_000  # rows written in one run after which PostgreSQL's planner statistics are refreshed


def refresh_statistics(session: Session, *tables: type[Any]) -> None:
    """ANALYZE these tables on PostgreSQL, within the caller's transaction. After a bulk load the planner's
    statistics still describe the tables as they were, nearly empty, and it answers each chunk of ids it could
    look up by index with a scan of millions of claims; autovacuum refreshes them in its own time, after the
    match that needed them. SQLite picks its indexes without statistics, so it is left as it is."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in tables:
        session.execute(text(f"ANALYZE {model.__table__.name}"))


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Slices of `items` small enough for one IN (...) clause."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
