"""claim.rule: which extraction rule produced a claim

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reconcile.drops import Drops, KeptColumn

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

rule = KeptColumn(
    'claim', 'rule', 'the extraction rule', ('claim', 'claims'),
    identity=('report_id', 'property', 'span_start', 'span_end'),
)
drops = Drops(kept=(rule,))


def upgrade() -> None:
    with op.batch_alter_table('claim') as batch_op:
        batch_op.add_column(sa.Column('rule', sa.String(length=80), nullable=True))
    rule.restore()


def downgrade() -> None:
    rule.set_aside()
    with op.batch_alter_table('claim') as batch_op:
        batch_op.drop_column('rule')
