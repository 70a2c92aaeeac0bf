"""mention.profile: what the resolver compared of each entity mention; entity.context goes

Entities are connected sets of matching mentions, each mention compared by its own names and context, so the
context lives on the mention (mention.profile) instead of being pooled on the entity (entity.context). Mentions
resolved before this revision get their profile the first time the resolver meets them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reconcile.drops import Drops, KeptColumn

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

profile = KeptColumn(
    'mention', 'profile', "the resolver's profile", ('mention', 'mentions'), identity=('report_id', 'local_id'),
)
drops = Drops(kept=(profile,))


def upgrade() -> None:
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.add_column(sa.Column('profile', sa.Text(), nullable=True))
    profile.restore()
    with op.batch_alter_table('entity', schema=None) as batch_op:
        batch_op.drop_column('context')


def downgrade() -> None:
    # entity.context comes back empty: the resolver of that revision pools it again as entities gain mentions.
    with op.batch_alter_table('entity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('context', sa.JSON(), nullable=False, server_default='[]'))
    profile.set_aside()
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.drop_column('profile')
