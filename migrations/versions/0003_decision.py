"""decision: reviewers' decisions on findings and event links, append-only

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reconcile.drops import Drops

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

drops = Drops(tables={'decision': ('decision', 'decisions')})


def upgrade() -> None:
    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.Enum('finding', 'link', 'entities', name='target_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('target_key', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('value_source', sa.String(length=500), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reviewer', sa.String(length=120), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('live', sa.Boolean(), nullable=False),
    sa.Column('superseded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['superseded_by'], ['decision.id'], name=op.f('fk_decision_superseded_by_decision')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index('ix_decision_target', ['target_kind', 'target_key'], unique=False)
        batch_op.create_index('uq_decision_live_target', ['target_kind', 'target_key'], unique=True, sqlite_where=sa.text('live'), postgresql_where=sa.text('live'))


def downgrade() -> None:
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index('uq_decision_live_target', sqlite_where=sa.text('live'), postgresql_where=sa.text('live'))
        batch_op.drop_index('ix_decision_target')
    op.drop_table('decision')
