"""Indexes for lookups in a large store: finding.member_entity_id, and claims that a venue lies in a town

An entity folded into another drops the findings about it or about its membership of a group; without an index on
finding.member_entity_id that delete, and the cascade when an entity row goes, read every finding in the store.
Where a busy city's venues are is asked of the few 'within' claims; without partial indexes on them, the question
walks every claim that names the city.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reconcile.drops import Drops

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

drops = Drops()  # indexes only: no rows go
WITHIN = sa.text("property = 'within'")


def upgrade() -> None:
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_member_entity_id'), ['member_entity_id'], unique=False)
    with op.batch_alter_table('claim', schema=None) as batch_op:
        for name, column in (('ix_claim_within_venue', 'mention_id'), ('ix_claim_within_town', 'object_mention_id')):
            batch_op.create_index(name, [column], unique=False, sqlite_where=WITHIN, postgresql_where=WITHIN)


def downgrade() -> None:
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_within_town')
        batch_op.drop_index('ix_claim_within_venue')
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_member_entity_id'))
