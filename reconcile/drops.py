"""What each migration's downgrade removes, declared beside it as `drops`, so `db downgrade` can say what a
downgrade would delete before it deletes anything, and a column it drops comes back on the next upgrade.

The rule for migrations (migrations/README.md): every table an upgrade creates is listed in its `drops.tables`,
and every column it adds to an existing table is a `KeptColumn` in `drops.kept`, set aside by the downgrade and
restored by the upgrade. tests/test_migrations.py checks both against what each upgrade really creates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection

# Tables that hold a dropped column's values between a downgrade and the upgrade that restores them.
KEPT_PREFIX = "kept_"


def counted(count: int, nouns: tuple[str, str]) -> str:
    """'1 decision', '12 decisions': `nouns` is the (singular, plural) pair a declaration gives."""
    return f"{count} {nouns[0] if count == 1 else nouns[1]}"


@dataclass(frozen=True)
class KeptColumn:
    """A column that a downgrade drops after setting its values aside, and that the upgrade gives back.

    A row gets its value back only while it is still the row it was: same `key` and same `identity` columns. A row
    deleted at the older schema loses its value with it; a row stored meanwhile keeps what the older version wrote
    (nothing), even if it reuses a deleted row's key.
    """

    table: str
    column: str
    what: str  # "the extraction rule", as in "the extraction rule of 98 claims"
    rows: tuple[str, str]  # what the table's rows are called: ("claim", "claims")
    identity: tuple[str, ...] = ()
    key: str = "id"

    @property
    def side_table(self) -> str:
        return f"{KEPT_PREFIX}{self.table}_{self.column}"

    def _columns(self) -> list[sa.ColumnClause[object]]:
        return [sa.column(name) for name in (self.key, *self.identity, self.column)]

    def set_aside(self) -> None:
        """Copy the values that are set, with what identifies their rows, if there are any; call in downgrade() before
        the drop."""
        source = sa.table(self.table, *self._columns())
        values = sa.select(*source.c).where(source.c[self.column].is_not(None))
        if op.get_bind().scalar(sa.select(sa.exists(values))):
            op.execute(values.into(self.side_table))
            op.create_index(f"ix_{self.side_table}_{self.key}", self.side_table, [self.key])

    def restore(self) -> None:
        """Give the values back to the rows still there and drop the side table; call in upgrade() after the add."""
        if not sa.inspect(op.get_bind()).has_table(self.side_table):
            return
        target = sa.table(self.table, *self._columns())
        kept = sa.table(self.side_table, *self._columns()).alias("kept")
        same_row = sa.and_(*(kept.c[name] == target.c[name] for name in (self.key, *self.identity)))
        value = sa.select(kept.c[self.column]).where(same_row).scalar_subquery()
        op.execute(sa.update(target).values({self.column: value}).where(sa.exists().where(same_row)))
        op.drop_table(self.side_table)

    def describe(self, connection: Connection) -> str | None:
        """'the extraction rule of 98 claims' while values are set aside, else None."""
        if not sa.inspect(connection).has_table(self.side_table):
            return None
        count = connection.scalar(sa.select(sa.func.count()).select_from(sa.table(self.side_table))) or 0
        return f"{self.what} of {counted(count, self.rows)}" if count else None


@dataclass(frozen=True)
class Rows:
    """Rows of a table the downgrade deletes because the older schema cannot hold them (a kind of decision it does
    not know), picked by `where`, a condition on that table's columns."""

    table: str
    where: str  # "target_kind = 'claim'"
    nouns: tuple[str, str]  # ("claim strike", "claim strikes")

    def count(self, connection: Connection) -> int:
        return (
            connection.scalar(sa.select(sa.func.count()).select_from(sa.table(self.table)).where(sa.text(self.where)))
            or 0
        )

    def delete(self) -> None:
        """Delete them; call in downgrade()."""
        op.execute(sa.delete(sa.table(self.table)).where(sa.text(self.where)))


@dataclass(frozen=True)
class Drops:
    """What one migration's downgrade removes: its tables, each with what its rows are called, its columns, and rows
    of tables it keeps."""

    tables: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # "decision": ("decision", "decisions")
    kept: tuple[KeptColumn, ...] = ()
    rows: tuple[Rows, ...] = ()


def drop_kept_columns() -> None:
    """Drop every side table of kept values; the base migration's downgrade calls it, as nothing is left to restore."""
    for name in sa.inspect(op.get_bind()).get_table_names():
        if name.startswith(KEPT_PREFIX):
            op.drop_table(name)


def tables_of(drops: Iterable[Drops]) -> list[str]:
    """Every table the downgrades drop or take a column from: what must not change while they are counted."""
    names = [
        *(name for d in drops for name in d.tables),
        *(k.table for d in drops for k in d.kept),
        *(r.table for d in drops for r in d.rows),
    ]
    return list(dict.fromkeys(names))


def deleted(connection: Connection, drops: Iterable[Drops]) -> list[str]:
    """What the downgrades would delete, as '12 decisions', for each table that holds rows (in the order dropped)."""
    phrases = []
    for d in drops:
        for name, nouns in d.tables.items():
            count = connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) or 0
            if count:
                phrases.append(counted(count, nouns))
        phrases += [counted(count, rows.nouns) for rows in d.rows if (count := rows.count(connection))]
    return phrases


def kept(connection: Connection, drops: Iterable[Drops]) -> list[str]:
    """What the downgrades set aside and still hold, as 'the extraction rule of 98 claims'."""
    return [phrase for d in drops for k in d.kept if (phrase := k.describe(connection)) is not None]


def listed(phrases: list[str]) -> str:
    """'a, b and c'."""
    return phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"
