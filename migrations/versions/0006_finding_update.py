"""finding.kind and run_finding.kind: 'update', a count that rises as later reports come out

A toll given as 27 on one day and 34 on the next is news, not a dispute: the matcher calls it an update. The
downgrade calls those findings conflicts again, which is what the older matcher makes of two counts apart; no
row is deleted. Both ways, the events whose counts were compared are marked stale, so the next `match` (or
`run`) compares them again with the rules of the version it runs.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reconcile.drops import Drops

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

drops = Drops()

BEFORE = ('agreement', 'addition', 'variant', 'conflict')
AFTER = (*BEFORE, 'update')
CHECKS = (('finding', 'ck_finding_finding_kind'), ('run_finding', 'ck_run_finding_run_finding_kind'))


def _allow(kinds: tuple[str, ...]) -> None:
    for table, name in CHECKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(name), type_='check')
            batch_op.create_check_constraint(op.f(name), sa.column('kind').in_(kinds))


COUNTS = ('killed', 'injured', 'missing', 'arrested')


def _counted_events_stale() -> None:
    finding = sa.table('finding', sa.column('event_id'), sa.column('property'))
    event = sa.table('event', sa.column('id'), sa.column('stale'))
    counted = sa.select(finding.c.event_id).where(finding.c.property.in_(COUNTS), finding.c.event_id.is_not(None))
    op.execute(event.update().where(event.c.id.in_(counted)).values(stale=True))


def upgrade() -> None:
    _allow(AFTER)
    _counted_events_stale()


def downgrade() -> None:
    for table, _ in CHECKS:
        kind = sa.table(table, sa.column('kind'))
        op.execute(kind.update().where(kind.c.kind == 'update').values(kind='conflict'))
    _allow(BEFORE)
    _counted_events_stale()
