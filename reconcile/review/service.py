"""Deciding, end to end: find the target, check the ruling, record it, and let the matcher obey it now."""

from __future__ import annotations

from functools import partial

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from reconcile.lock import Turns
from reconcile.match.findings import update_findings
from reconcile.models import Claim, Decision, Entity, Mention, MentionRole, TargetKind
from reconcile.queries import pair_of
from reconcile.resolve.entities import ResolveStats
from reconcile.resolve.events import resolve_events
from reconcile.resolve.rulings import fold, take_back
from reconcile.review.decisions import Ruling, record_with_retry
from reconcile.review.queue import claim_target, entity_pair, event_pair, find

RECLUSTERING = ("L", "E")  # labels of links and entity pairs: deciding them re-clusters events or entities


def decide(engine: Engine, label: str, ruling: Ruling, turns: Turns | None = None) -> int:
    """Record the ruling on the item named `label`; the new decision's id.

    A ruling on an event link re-clusters the two accounts' events in the same transaction, so the
    report and the queue show its effect at once, and every later run keeps it. Rulings that re-cluster
    (links, entity pairs) take their turn at the store lock, as runs do; a ruling on a finding changes no
    cluster and needs no turn.
    """
    record = partial(record_with_retry, engine, lambda session: find(session, label).target, ruling, _apply)
    if label.strip()[:1] in RECLUSTERING:
        with (turns or Turns()).hold(engine, "review decide"):
            return record()
    return record()


def decide_entities(engine: Engine, first: str, second: str, ruling: Ruling, turns: Turns | None = None) -> int:
    """Record a merge or a split (or a withdrawal) of any two entities of one type, each named by its id as the
    report shows it (E12, or 12), whether or not the matcher put the pair in the queue: the matcher only proposes
    pairs that share a blocking key. The new decision's id; the pair is the item E<lower id>-<higher id> from then on.

    The same decision trail and the same effect, at once and on every later run, as a ruling on a queued pair.
    """
    with (turns or Turns()).hold(engine, "review decide"):
        return record_with_retry(engine, lambda session: entity_pair(session, first, second), ruling, _apply)


def decide_link(engine: Engine, first: str, second: str, ruling: Ruling, turns: Turns | None = None) -> int:
    """Record that two events, named by their ids as the report shows them (V12), are one (`same`) or two
    (`different`), whether or not the matcher ever paired them: it only scores accounts that share a blocking key.
    The new decision's id; the link is an item of the queue from then on, and the events are re-clustered at once."""
    with (turns or Turns()).hold(engine, "review link"):
        return record_with_retry(engine, lambda session: event_pair(session, first, second), ruling, _apply)


def decide_claim(engine: Engine, claim: str, ruling: Ruling, turns: Turns | None = None) -> int:
    """Strike a claim out as an extraction error (or withdraw the strike), named by its id as the report shows it
    beside each value (C12). What it was about is matched again at once without it (or with it again); every later
    run leaves it out until the strike is withdrawn. The new decision's id."""
    with (turns or Turns()).hold(engine, "review strike"):
        return record_with_retry(engine, lambda session: claim_target(session, claim), ruling, _apply)


def _apply(session: Session, decision: Decision) -> None:
    """What a ruling changes at once: a link's events are re-clustered; a ruling on two entities changes them
    (`_entity_ruling`). A ruling on a finding changes no cluster."""
    if decision.target_kind is TargetKind.link:
        resolve_events(session, rescore=pair_of(decision.target_key))
    elif decision.target_kind is TargetKind.entities and (stats := _entity_ruling(session, decision)) is not None:
        resolve_events(session, rescore=stats.rescore, renamed=stats.renamed)
    elif decision.target_kind is TargetKind.claim:
        resolve_events(session, rescore=_claim_subject_stale(session, int(decision.target_key)))
    else:
        return
    update_findings(session)


def _claim_subject_stale(session: Session, claim_id: int) -> list[int]:
    """Mark what a struck (or restored) claim is about for comparison again: its entity's findings are recomputed,
    and an event account is scored again, as its date or place may be what the claim said. The accounts to rescore."""
    mention_id, entity_id, role = session.execute(
        select(Mention.id, Mention.entity_id, Mention.role)
        .join(Claim, Claim.mention_id == Mention.id)
        .where(Claim.id == claim_id)
    ).one()
    if entity_id is not None:
        session.execute(update(Entity).where(Entity.id == entity_id).values(stale=True))
    return [mention_id] if role is MentionRole.event else []


def _entity_ruling(session: Session, decision: Decision) -> ResolveStats | None:
    """A merge folds the newer entity into the older (the older keeps its id); a split or a withdrawal takes back a
    merge in force, if there is one (None when there is not: nothing changes). A split also keeps the two apart on
    every later run: the resolver reads the live split itself."""
    low, high = pair_of(decision.target_key)
    if decision.action == "merge":
        return ResolveStats(rescore=fold(session, decision.id, low, high))
    return take_back(session, low, high)
