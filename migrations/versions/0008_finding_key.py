"""finding_key: what each finding id stands for, and the finding that replaced one that is gone

Finding ids were hashed from entity, event and link row numbers, which change when events are joined, entities are
merged or a store is built in another order; they now name their subjects by first mentions (reconcile/match/keys.py),
and finding_key keeps what each id stands for, so a finding a merge deletes is followed to the one that replaced it
and its decision is carried over. The upgrade records what each stored finding is about, in those terms, under the id
it has: when the matcher next recomputes its subject the finding takes its new id, and its decision follows it as it
would after a merge. The downgrade drops the table; the older matcher then hashes row numbers again for whatever it
recomputes, and decisions taken on the newer ids do not follow.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:00:00
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session, aliased

from reconcile.drops import Drops
from reconcile.match.keys import Numbered, abouts, anchors
from reconcile.match.successors import remember
from reconcile.models import EventLink, Finding, FindingClaim, Mention

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

drops = Drops(tables={'finding_key': ('finding key', 'finding keys')})


def upgrade() -> None:
    op.create_table('finding_key',
    sa.Column('finding_id', sa.String(length=40), nullable=False),
    sa.Column('about', sa.Text(), nullable=False),
    sa.Column('anchor_report', sa.String(length=120), nullable=False),
    sa.Column('anchor_local', sa.String(length=60), nullable=False),
    sa.Column('claims', sa.JSON(), nullable=False),
    sa.Column('successor_id', sa.String(length=40), nullable=True),
    sa.Column('replaced_because', sa.Text(), nullable=True),
    sa.Column('replaced_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('finding_id', name=op.f('pk_finding_key'))
    )
    with op.batch_alter_table('finding_key', schema=None) as batch_op:
        batch_op.create_index('ix_finding_key_anchor', ['anchor_report', 'anchor_local'], unique=False)
    _remember_stored_findings()


def _remember_stored_findings() -> None:
    """What each stored finding is about, by first mentions, and the claims behind it, under the id it has: its
    replacement is told by those claims, so a member entity may be named by its first mention anywhere. A finding of
    a link that joins no two events has no subject left and is not recorded."""
    left, right = aliased(Mention), aliased(Mention)
    with Session(bind=op.get_bind()) as session:
        links = {
            link: (a, b)
            for link, a, b in session.execute(
                sa.select(EventLink.id, left.event_id, right.event_id)
                .join(left, left.id == EventLink.left_mention_id)
                .join(right, right.id == EventLink.right_mention_id)
                .where(left.event_id.is_not(None), right.event_id.is_not(None), left.event_id != right.event_id)
            )
        }
        found = session.execute(
            sa.select(
                Finding.id, Finding.link_id, Finding.entity_id, Finding.event_id, Finding.property, Finding.member,
                Finding.member_entity_id,
            ).order_by(Finding.id)
        ).all()
        found = [f for f in found if f.link_id is None or f.link_id in links]
        members = anchors(session, Mention.entity_id, {f.member_entity_id for f in found if f.member_entity_id})
        numbered = [
            Numbered(
                f.entity_id, f.event_id, links.get(f.link_id), f.property, f.member, members.get(f.member_entity_id)
            )
            for f in found
        ]
        claims = defaultdict(list)
        for finding_id, claim_id in session.execute(sa.select(FindingClaim.finding_id, FindingClaim.claim_id)):
            claims[finding_id].append(claim_id)
        keys = dict(zip((f.id for f in found), abouts(session, numbered), strict=True))
        remember(session, keys, {finding_id: claims[finding_id] for finding_id in keys})


def downgrade() -> None:
    with op.batch_alter_table('finding_key', schema=None) as batch_op:
        batch_op.drop_index('ix_finding_key_anchor')
    op.drop_table('finding_key')
