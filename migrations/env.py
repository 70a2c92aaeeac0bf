"""Alembic environment: runs on the connection reconcile hands over, or on sqlalchemy.url from alembic.ini."""

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool

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
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), poolclass=pool.NullPool)
    with engine.begin() as conn:
        run_on(conn)
