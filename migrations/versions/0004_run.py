"""run: each `reconcile run` and `reconcile match`, with the findings it added, changed or removed

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reconcile.drops import Drops

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

drops = Drops(tables={'run': ('run', 'runs'), 'run_finding': ('run finding', 'run findings')})


def upgrade() -> None:
    op.create_table('run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('command', sa.String(length=20), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=False),
    sa.Column('files', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_run'))
    )
    op.create_table('run_finding',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.Enum('agreement', 'addition', 'variant', 'conflict', name='run_finding_kind', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('severity', sa.Enum('none', 'low', 'medium', 'high', name='run_finding_severity', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('values_hash', sa.String(length=40), nullable=True),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('property', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['run.id'], name=op.f('fk_run_finding_run_id_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'finding_id', name=op.f('pk_run_finding'))
    )
    with op.batch_alter_table('run_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_run_finding_finding_id'), ['finding_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('run_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_finding_finding_id'))
    op.drop_table('run_finding')
    op.drop_table('run')
