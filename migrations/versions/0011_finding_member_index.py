"""Index finding.member_entity_id

An entity folded into another drops the findings about it or about its membership of a group; without this index
that delete, and the cascade when an entity row goes, read every finding in the store.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:00:00
"""

from collections.abc import Sequence

from alembic import op

from reconcile.drops import Drops

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

drops = Drops()  # an index only: no rows go


def upgrade() -> None:
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_member_entity_id'), ['member_entity_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_member_entity_id'))
