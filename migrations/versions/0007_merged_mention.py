"""merged_mention: where each mention stood before a reviewer's merge; entity ids are never reused

A merge folds one entity into the other and deletes it; merged_mention records which of the two held each mention,
so a split or a withdrawal after the merge gives each its mentions back, under its own id. Rulings name an entity
pair by the two ids, so SQLite now numbers entities with AUTOINCREMENT (it would otherwise hand the id of the newest
entity, once a merge deleted it, to the next one made), and past every id a ruling names. PostgreSQL's sequences never
reuse an id. The downgrade drops the table and numbers SQLite's entities as before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reconcile.drops import Drops

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

drops = Drops(tables={'merged_mention': ('merged mention', 'merged mentions')})


def _renumber_entities(autoincrement: bool) -> None:
    """Rebuild SQLite's entity table with or without AUTOINCREMENT; nothing to do elsewhere."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.batch_alter_table('entity', recreate='always', table_kwargs={'sqlite_autoincrement': autoincrement}):
        pass


def _past_ruled_ids() -> None:
    """SQLite's next entity id comes after every entity id a ruling names, not only after the ids in the table: an
    entity a merge deleted keeps its id for the split that may bring it back."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    bind = op.get_bind()
    keys = bind.execute(sa.text("SELECT target_key FROM decision WHERE target_kind = 'entities'")).scalars()
    ruled = [int(part) for key in keys for part in key.split('-')]
    highest = max([bind.scalar(sa.text('SELECT coalesce(max(id), 0) FROM entity')), *ruled])
    op.execute("DELETE FROM sqlite_sequence WHERE name = 'entity'")
    bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('entity', :seq)"), {'seq': highest})


def upgrade() -> None:
    op.create_table('merged_mention',
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('mention_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_merged_mention_decision_id_decision')),
    sa.ForeignKeyConstraint(['mention_id'], ['mention.id'], name=op.f('fk_merged_mention_mention_id_mention'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_id', 'mention_id', name=op.f('pk_merged_mention'))
    )
    with op.batch_alter_table('merged_mention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merged_mention_mention_id'), ['mention_id'], unique=False)
    _renumber_entities(autoincrement=True)
    _past_ruled_ids()


def downgrade() -> None:
    _renumber_entities(autoincrement=False)
    with op.batch_alter_table('merged_mention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merged_mention_mention_id'))
    op.drop_table('merged_mention')
