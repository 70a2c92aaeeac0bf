"""Shared fixtures: a migrated database per test on SQLite, and on PostgreSQL when one is configured."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from reconcile import db
from reconcile.cli import app

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("RECONCILE_TEST_DATABASE_URL")
REQUIRE_PG = os.environ.get("RECONCILE_REQUIRE_POSTGRES") == "1"
BACKENDS = ["sqlite", "postgresql"] if PG_URL or REQUIRE_PG else ["sqlite"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output (review the diff)."
    )


def _reset_postgres(url: str) -> None:
    """An empty public schema, so every test starts from migrations as a new database would."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    except OperationalError as exc:
        pytest.fail(f"PostgreSQL at {url} is not reachable ({exc.orig}); CI requires it", pytrace=False)
    finally:
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a new SQLite file, or a wiped PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not PG_URL:
        pytest.fail("RECONCILE_REQUIRE_POSTGRES is set but RECONCILE_TEST_DATABASE_URL is not", pytrace=False)
    _reset_postgres(PG_URL)
    yield PG_URL


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A database migrated to head through Alembic, as `reconcile db upgrade` leaves it."""
    engine = db.make_engine(db_url)
    db.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def fixtures_dir() -> Path:
    return ROOT / "fixtures"


class Cli:
    """Runs `reconcile --db URL ...` in-process and keeps stdout and stderr apart."""

    def __init__(self, runner: CliRunner, url: str) -> None:
        self.runner, self.url = runner, url

    def __call__(self, *args: str | Path):  # type: ignore[no-untyped-def]
        return self.runner.invoke(app, ["--db", self.url, *map(str, args)])


@pytest.fixture
def cli(runner: CliRunner, db_url: str, engine: Engine) -> Cli:
    """The CLI on a migrated database (SQLite would create its schema itself; servers need `db upgrade`)."""
    return Cli(runner, db_url)


@pytest.fixture
def bare_cli(runner: CliRunner, db_url: str) -> Cli:
    """The CLI on an empty database, for the commands that create the schema."""
    return Cli(runner, db_url)


DATASETS_ENV = "RECONCILE_DATASETS"
REQUIRE_DATASETS_ENV = "RECONCILE_REQUIRE_DATASETS"


def find_dataset(name: str, marker: str) -> Path:
    """The shared dataset folder `name`, or a skip that says where it was looked for.

    Datasets live outside the repository (../shared/datasets beside it, or $RECONCILE_DATASETS), so a
    checkout without them still passes; CI sets RECONCILE_REQUIRE_DATASETS=1 once it has found them, and
    then a missing dataset fails instead of silently skipping the tests that need it.
    """
    configured = os.environ.get(DATASETS_ENV)
    root = Path(configured) if configured else ROOT.parent / "shared" / "datasets"
    folder = root / name
    if (folder / marker).exists():
        return folder
    message = (
        f"dataset {name!r} not found: no {folder / marker} "
        f"(set {DATASETS_ENV} to the folder that holds {name}/; default {ROOT.parent / 'shared' / 'datasets'})"
    )
    if os.environ.get(REQUIRE_DATASETS_ENV) == "1":
        pytest.fail(f"{message}; {REQUIRE_DATASETS_ENV}=1 requires it", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def dataset() -> Callable[[str, str], Path]:
    """`dataset(name, marker)`: the shared dataset's folder, or skip (fail when required); call it inside the test
    that needs it, so a missing dataset skips only that test."""
    return find_dataset
