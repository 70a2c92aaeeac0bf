"""Provisional comparisons only for uncertain links that lead at both ends (queries.leading_links)

No schema changes. A store matched before kept a comparison for every uncertain link; the events at either end of a
compared link are marked stale, so the next `match` drops the comparisons of links that do not lead and keeps the
others with the same ids. The downgrade changes nothing: the older matcher compares the links of the events each
match touches, so the comparisons it skipped come back as their events change.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reconcile.drops import Drops

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

drops = Drops()  # nothing


def _compared_events_stale() -> None:
    """The events at either end of a link with findings are compared again by the next match."""
    finding = sa.table('finding', sa.column('link_id'))
    link = sa.table('event_link', sa.column('id'), sa.column('left_mention_id'), sa.column('right_mention_id'))
    mention = sa.table('mention', sa.column('id'), sa.column('event_id'))
    event = sa.table('event', sa.column('id'), sa.column('stale'))
    compared = sa.select(finding.c.link_id).where(finding.c.link_id.is_not(None))
    for end in (link.c.left_mention_id, link.c.right_mention_id):
        mentions = sa.select(end).where(link.c.id.in_(compared))
        held = sa.select(mention.c.event_id).where(mention.c.id.in_(mentions), mention.c.event_id.is_not(None))
        op.execute(event.update().where(event.c.id.in_(held)).values(stale=True))


def upgrade() -> None:
    _compared_events_stale()


def downgrade() -> None:
    pass
