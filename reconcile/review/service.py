"""Deciding, end to end: find the target, check the ruling, record it, and let the matcher obey it now."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reconcile.match.findings import update_findings
from reconcile.models import TargetKind
from reconcile.resolve.events import reopen_events, resolve_events
from reconcile.review.decisions import Ruling, Target, record_with_retry
from reconcile.review.queue import find


def decide(engine: Engine, label: str, ruling: Ruling) -> int:
    """Record the ruling on the item named `label`; the new decision's id.

    A ruling on an event link re-clusters the two accounts' events in the same transaction, so the
    report and the queue show its effect at once, and every later run keeps it.
    """
    return record_with_retry(engine, lambda session: find(session, label).target, ruling, _apply)


def _apply(session: Session, target: Target) -> None:
    if target.kind is TargetKind.link:
        reopen_events(session, (int(x) for x in target.key.split("-")))
        resolve_events(session)
        update_findings(session)
