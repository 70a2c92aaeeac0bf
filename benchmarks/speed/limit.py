"""The raw-insert limit of ingest and match: the least CPU that storing their rows can take on this backend.

    python -m benchmarks.speed.limit --db sqlite:////tmp/bench/bench.db     # a store right after match

A phase's time alone does not say how far from good it is; its ratio to this limit does. The limit is measured
on the very rows the phase stored, read back from the store:

- ingest: reading each report file, `json.loads` and a compiled validator (fastjsonschema) over it, then the
  store's source, report, mention and claim rows (mentions as ingest left them, unresolved) written into a fresh
  database made by the project's migrations;
- match: every other row the store holds (entities, blocking keys, events, links, findings, their evidence and
  keys), written into that database after the ingest rows, and each resolved mention's entity, event and profile
  set by an UPDATE of its row.

Writes are plain DBAPI: `executemany` on SQLite, `COPY ... FROM STDIN` on PostgreSQL (executemany for the
updates), one transaction per phase, its commit included. Only the writes and the parsing are measured; rows
are read from the store in chunks between measurements, so memory stays bounded at any size. On PostgreSQL the
fresh database is `<store database>_limit` on the same server, dropped afterwards; on SQLite a file beside the
store. The figures are printed as JSON, and `benchmarks.speed.bench` runs this right after its match.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.speed.cost import Cost, measure  # noqa: E402
from reconcile import db, validate  # noqa: E402
from reconcile.models import Base, Report  # noqa: E402

INGEST_TABLES = ("source", "report", "mention", "claim")  # what ingest writes; every other table is match's
RESOLVED = ("entity_id", "event_id", "profile")  # the mention columns match fills in
CHUNK_ROWS = 50_000  # rows read from the store between two measured writes


@dataclass(frozen=True)
class Batch:
    """Rows of one table to write. With a key, each row ends with it and the write is an UPDATE of that row."""

    table: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    key: str | None = None


@dataclass(frozen=True)
class Limit:
    """The limit's parts: parsing the files, and writing the rows of each phase."""

    files: int
    parse: Cost
    ingest_write: Cost
    match_write: Cost
    rows: dict[str, int]

    @property
    def ingest(self) -> Cost:
        return self.parse + self.ingest_write

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Limit:
        """The limit as `main` prints it, read back by the benchmark that ran it in a child process."""
        parse, ingest_write, match_write = (Cost.from_dict(data[k]) for k in ("parse", "ingest_write", "match_write"))
        return cls(data["files"], parse, ingest_write, match_write, data["rows"])

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "rows": self.rows,
            "parse": self.parse.as_dict(),
            "ingest_write": self.ingest_write.as_dict(),
            "match_write": self.match_write.as_dict(),
        }


def measure_limit(url: str) -> Limit:
    """The limit of the store at `url`, as it stands (right after a match, for the rows to be the same)."""
    store = db.make_engine(url)
    try:
        paths = report_paths(store)
        check = report_validator()
        _, parse = measure(lambda: parse_files(paths, check))
        rows: dict[str, int] = {}
        with scratch_database(store) as scratch:
            ingest_write = copy_rows(store, scratch, ingest_batches, rows)
            match_write = copy_rows(store, scratch, match_batches, rows)
        return Limit(len(paths), parse, ingest_write, match_write, rows)
    finally:
        store.dispose()


def report_paths(store: Engine) -> list[Path]:
    """The files the store's reports were read from: the same N files ingest read, which must still be there."""
    with store.connect() as connection:
        paths = [Path(p) for p in connection.scalars(select(Report.path).order_by(Report.path)) if p]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} of the store's {len(paths)} report files are gone, {missing[0]} first")
    return paths


def report_validator() -> Callable[[Any], Any]:
    """Ingest's own compiled validator of the report schema, built once, outside the measured part."""
    return validate.fast_validator("report")


def parse_files(paths: list[Path], check: Callable[[Any], Any]) -> None:
    """Read, parse and validate every file: what ingest cannot do without, before any of its own checks."""
    for path in paths:
        check(json.loads(path.read_bytes()))


@contextmanager
def scratch_database(store: Engine) -> Iterator[Engine]:
    """An empty database with the store's schema, on the store's backend, made by the project's migrations; it is
    removed afterwards (and first, should a killed run have left one)."""
    name = _scratch_name(store)
    _drop(store, name)
    _create(store, name)
    scratch = db.make_engine(store.url.set(database=name).render_as_string(hide_password=False))
    try:
        db.upgrade(scratch)
        yield scratch
    finally:
        scratch.dispose()
        _drop(store, name)


def _scratch_name(store: Engine) -> str:
    """A SQLite file beside the store's, or a database beside the store's on its PostgreSQL server."""
    if store.dialect.name == "sqlite":
        path = Path(store.url.database or "bench.db")
        return str(path.with_name(f"{path.stem}-limit.db"))
    return f"{store.url.database or 'postgres'}_limit"


def _create(store: Engine, name: str) -> None:
    """A new PostgreSQL database on the store's server; SQLite makes its file on first use."""
    if store.dialect.name != "sqlite":
        with store.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')


def _drop(store: Engine, name: str) -> None:
    """The scratch database gone: a PostgreSQL database, or a SQLite file with its WAL files."""
    if store.dialect.name == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    with store.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_rows(
    store: Engine, scratch: Engine, batches: Callable[[Engine, Any], Iterator[Batch]], rows: dict[str, int]
) -> Cost:
    """Write `batches` of the store into the scratch database in one transaction, measuring only the writes and
    the commit; counts the rows written per table into `rows`."""
    postgres = scratch.dialect.name == "postgresql"
    with closing(store.raw_connection()) as source, closing(scratch.raw_connection()) as target:
        cursor: Any = target.cursor()
        if not postgres:  # the engine leaves SQLite in autocommit, as db.make_engine sets it up
            cursor.execute("BEGIN")
        cost = Cost(0.0, 0.0)
        for batch in batches(store, source.cursor()):
            _, part = measure(partial(write, cursor, batch, postgres), scratch)
            cost += part
            name = batch.table if batch.key is None else f"{batch.table} updated"
            rows[name] = rows.get(name, 0) + len(batch.rows)
        _, commit = measure(target.commit if postgres else lambda: cursor.execute("COMMIT"), scratch)
        return cost + commit


def write(cursor: Any, batch: Batch, postgres: bool) -> None:
    """The fastest plain write of the batch: COPY on PostgreSQL, executemany otherwise and for updates."""
    mark = "%s" if postgres else "?"
    if batch.key is not None:
        assignments = ", ".join(f"{c} = {mark}" for c in batch.columns)
        cursor.executemany(f"UPDATE {batch.table} SET {assignments} WHERE {batch.key} = {mark}", batch.rows)
    elif postgres:
        with cursor.copy(f"COPY {batch.table} ({', '.join(batch.columns)}) FROM STDIN") as copy:
            for row in batch.rows:
                copy.write_row(row)
    else:
        marks = ", ".join(mark for _ in batch.columns)
        cursor.executemany(f"INSERT INTO {batch.table} ({', '.join(batch.columns)}) VALUES ({marks})", batch.rows)


def ingest_batches(store: Engine, cursor: Any) -> Iterator[Batch]:
    """The rows ingest wrote, mentions without what match later filled in."""
    for table in _tables_with_rows(store):
        if table in INGEST_TABLES:
            columns = _columns(table, leave_out=RESOLVED if table == "mention" else ())
            yield from _read(store, cursor, table, columns)


def match_batches(store: Engine, cursor: Any) -> Iterator[Batch]:
    """The rows match wrote, in an order their foreign keys allow, and the resolved mentions as updates."""
    for table in _tables_with_rows(store):
        if table == "mention":
            resolved = " OR ".join(f"{c} IS NOT NULL" for c in RESOLVED)
            yield from _read(store, cursor, table, (*RESOLVED, "id"), where=resolved, key="id")
        elif table not in INGEST_TABLES:
            yield from _read(store, cursor, table, _columns(table))


def _tables_with_rows(store: Engine) -> list[str]:
    """The schema's tables that hold rows, parents before children."""
    with store.connect() as connection:
        return [t.name for t in Base.metadata.sorted_tables if connection.scalar(select(func.count()).select_from(t))]


def _columns(table: str, leave_out: Iterable[str] = ()) -> tuple[str, ...]:
    return tuple(c.name for c in Base.metadata.tables[table].columns if c.name not in leave_out)


def _read(
    store: Engine, cursor: Any, table: str, columns: tuple[str, ...], where: str = "TRUE", key: str | None = None
) -> Iterator[Batch]:
    """A table's rows in chunks: DBAPI values from SQLite, COPY's text fields from PostgreSQL (which COPY and
    a parameter take back as they are)."""
    query = f"SELECT {', '.join(columns)} FROM {table} WHERE {where}"
    if store.dialect.name == "postgresql":
        with cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
            yield from _chunks(table, columns, copy.rows(), key)
    else:
        yield from _chunks(table, columns, cursor.execute(query), key)


def _chunks(table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]], key: str | None) -> Iterator[Batch]:
    names = columns[:-1] if key is not None else columns
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK_ROWS)):
        yield Batch(table, names, chunk, key)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the store to measure, right after its match (it is only read)")
    args = parser.parse_args(argv)
    print(json.dumps(measure_limit(args.db).as_dict()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
