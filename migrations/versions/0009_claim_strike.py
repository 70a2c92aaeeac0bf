"""decision.target_kind: 'claim', a claim a reviewer struck out as an extraction error

The matcher leaves a struck claim out of every comparison until the strike is withdrawn. The downgrade deletes the
decisions on claims (`db downgrade` names them and asks for --force first), as the older schema has no place for
them, and marks the entities and events the struck claims were about stale, so the next `match` compares them with
those claims again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reconcile.drops import Drops, Rows

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STRIKES = Rows('decision', "target_kind = 'claim'", ('claim strike', 'claim strikes'))
drops = Drops(rows=(STRIKES,))

BEFORE = ('finding', 'link', 'entities')
AFTER = (*BEFORE, 'claim')


def _allow(kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_decision_target_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_decision_target_kind'), sa.column('target_kind').in_(kinds))


def _struck_subjects_stale() -> None:
    """The entities and events whose claims were struck are compared again by the next match."""
    decision = sa.table('decision', sa.column('target_kind'), sa.column('target_key'))
    claim = sa.table('claim', sa.column('id'), sa.column('mention_id'))
    mention = sa.table('mention', sa.column('id'), sa.column('entity_id'), sa.column('event_id'))
    struck = sa.select(decision.c.target_key).where(decision.c.target_kind == 'claim')
    mentions = sa.select(claim.c.mention_id).where(sa.cast(claim.c.id, sa.String).in_(struck))
    for name, column in (('entity', mention.c.entity_id), ('event', mention.c.event_id)):
        table = sa.table(name, sa.column('id'), sa.column('stale'))
        held = sa.select(column).where(mention.c.id.in_(mentions), column.is_not(None))
        op.execute(table.update().where(table.c.id.in_(held)).values(stale=True))


def upgrade() -> None:
    _allow(AFTER)


def downgrade() -> None:
    _struck_subjects_stale()
    STRIKES.delete()
    _allow(BEFORE)
