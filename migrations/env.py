"""Alembic environment: runs on the connection reconcile hands over, or on sqlalchemy.url from alembic.ini."""

from alembic import context
from sqlalchemy import Connection

from reconcile import db
from reconcile.models import Base

config = context.config
target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    """Batch mode lets the same migrations alter tables on SQLite, which cannot ALTER most things."""
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    # The `alembic` command line (alembic.ini's sqlalchemy.url): the same guarded transaction as reconcile's own.
    engine = db.make_engine(config.get_main_option("sqlalchemy.url", ""))
    with db.migrating(engine) as conn:
        run_on(conn)
    engine.dispose()
