"""Deciding, end to end: find the target, check the ruling, record it, and let the matcher obey it now."""

from __future__ import annotations

from functools import partial

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reconcile.lock import Turns
from reconcile.match.findings import update_findings
from reconcile.models import TargetKind
from reconcile.queries import pair_of
from reconcile.resolve.entities import merge_entities
from reconcile.resolve.events import resolve_events
from reconcile.review.decisions import Ruling, Target, record_with_retry
from reconcile.review.queue import find

RECLUSTERING = ("L", "E")  # labels of links and entity pairs: deciding them re-clusters events or entities


def decide(engine: Engine, label: str, ruling: Ruling, turns: Turns | None = None) -> int:
    """Record the ruling on the item named `label`; the new decision's id.

    A ruling on an event link re-clusters the two accounts' events in the same transaction, so the
    report and the queue show its effect at once, and every later run keeps it. Rulings that re-cluster
    (links, entity pairs) take their turn at the store lock, as runs do; a ruling on a finding changes no
    cluster and needs no turn.
    """
    record = partial(
        record_with_retry,
        engine,
        lambda session: find(session, label).target,
        ruling,
        lambda s, t: _apply(s, t, ruling.action),
    )
    if label.strip()[:1] in RECLUSTERING:
        with (turns or Turns()).hold(engine, "review decide"):
            return record()
    return record()


def _apply(session: Session, target: Target, action: str) -> None:
    """What a ruling changes at once: a link's events are re-clustered; a merge folds one entity into the
    other (the older one stays). A `split` of two entities only records that they stay apart."""
    if target.kind is TargetKind.link:
        resolve_events(session, rescore=pair_of(target.key))
    elif target.kind is TargetKind.entities and action == "merge":
        resolve_events(session, rescore=merge_entities(session, *pair_of(target.key)))
    else:
        return
    update_findings(session)
