"""Reviewers' decisions: what may be decided on what, and the append-only trail of who decided it.

A decision is stored against a target key that survives re-runs (a finding's id is a hash of what it
is about; a link is its two event mentions), so `reconcile run` on the same files never loses one. A
new decision supersedes the live one and never deletes it; the database's partial unique index keeps
one live decision per target even when reviewers decide at the same moment, and the writer that loses
that race simply supersedes the winner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from reconcile import limits
from reconcile.db import chunked, session_scope
from reconcile.errors import ReconcileError
from reconcile.models import Decision, TargetKind, utcnow

# `withdraw` supersedes the live decision with none: the item is open again and the trail keeps both.
WITHDRAW = "withdraw"
STRIKE = "strike"
ACTIONS = {
    TargetKind.finding: ("accept", "dispute", "reject", WITHDRAW),
    TargetKind.link: ("same", "different", WITHDRAW),
    # A split or a withdrawal after a merge gives each entity its own mentions back (resolve/rulings.py).
    TargetKind.entities: ("merge", "split", WITHDRAW),
    # A claim the extractor got wrong is struck: the matcher leaves it out until the strike is withdrawn.
    TargetKind.claim: (STRIKE, WITHDRAW),
}
_NOUNS = {
    TargetKind.finding: "a finding",
    TargetKind.link: "an event link",
    TargetKind.entities: "an entity pair",
    TargetKind.claim: "a claim",
}
RETRIES = 20  # writers that lose the race for the live row try again; each retry sees the winner


class ReviewError(ReconcileError):
    """A decision that cannot be taken: unknown target, action not allowed for it, or a bad value."""


@dataclass(frozen=True)
class Target:
    """One thing a reviewer can decide on, as the user names it and as decisions store it."""

    kind: TargetKind
    key: str
    label: str  # F<hash prefix> or L<left mention>-<right mention>
    values: tuple[str, ...] = ()  # a finding's competing values, for `accept VALUE`


@dataclass(frozen=True)
class Ruling:
    """What the reviewer asks for; checked against the target before anything is written."""

    action: str
    value: str | None = None
    source: str | None = None
    note: str = ""
    reviewer: str = ""


def check(target: Target, ruling: Ruling) -> None:
    """Raise a ReviewError that says exactly what is wrong, before any write."""
    allowed = ACTIONS[target.kind]
    if ruling.action not in allowed:
        raise ReviewError(
            f"{target.label}: action {limits.shown(ruling.action)} is not allowed for {_NOUNS[target.kind]}; "
            f"use one of: {', '.join(allowed)}"
        )
    if ruling.action == "accept":
        if not ruling.value:
            raise ReviewError(f"{target.label}: accept needs the value to publish: one of {_listing(target.values)}")
        if ruling.value not in target.values and not ruling.source:
            raise ReviewError(
                f"{target.label}: {limits.shown(ruling.value)} is not a value the reports give "
                f"({_listing(target.values)}); a corrected value needs --source saying where it comes from"
            )
    elif ruling.value or ruling.source:
        raise ReviewError(f"{target.label}: action {limits.shown(ruling.action)} takes no value")
    if not ruling.reviewer.strip():
        raise ReviewError(f"{target.label}: no reviewer: pass --reviewer or set RECONCILE_REVIEWER")
    _check_text(target, ruling)


def _check_text(target: Target, ruling: Ruling) -> None:
    """Every text of the ruling must be storable as it stands, on either database."""
    fields = (
        ("the value", ruling.value, None),
        ("--source", ruling.source, limits.VALUE_SOURCE),
        ("--note", ruling.note, None),
        ("--reviewer", ruling.reviewer.strip(), limits.REVIEWER),
    )
    for name, text, limit in fields:
        problem = None if text is None else limits.text_problem(text, limit)
        if problem is not None:
            raise ReviewError(f"{target.label}: {name} {problem}")


def _listing(values: tuple[str, ...]) -> str:
    return ", ".join(limits.shown(v) for v in values) if values else "(none)"


def record(session: Session, target: Target, ruling: Ruling, at: dt.datetime | None = None) -> Decision:
    """Supersede the live decision on the target, if any, and add this one as live. Locks the live row
    (FOR UPDATE on PostgreSQL), so two writers on one target take turns instead of both superseding it."""
    check(target, ruling)
    live = session.scalars(
        select(Decision)
        .where(Decision.target_kind == target.kind, Decision.target_key == target.key, Decision.live)
        .with_for_update()
    ).one_or_none()
    if live is not None:
        live.live = False
        session.flush()
    decision = Decision(
        target_kind=target.kind,
        target_key=target.key,
        action=ruling.action,
        value=ruling.value,
        value_source=ruling.source,
        note=ruling.note,
        reviewer=ruling.reviewer.strip(),
        decided_at=at or utcnow(),
        live=True,
    )
    session.add(decision)
    session.flush()
    if live is not None:
        session.execute(update(Decision).where(Decision.id == live.id).values(superseded_by=decision.id))
    return decision


def record_with_retry(
    engine: Engine, find: Callable[[Session], Target], ruling: Ruling, then: Callable[[Session, Decision], None]
) -> int:
    """Record a decision in its own transaction, retrying when a concurrent writer won the live row;
    `then` runs in the same transaction with the new decision (e.g. re-resolving the events a link decision
    changes; a merge records, under the decision, where each mention stood)."""
    attempt = 1
    while True:
        try:
            with session_scope(engine) as session:
                target = find(session)
                decision = record(session, target, ruling)
                then(session, decision)
                return decision.id
        except (IntegrityError, OperationalError):
            if attempt == RETRIES:
                raise
            attempt += 1


def decision_data(decision: Decision) -> dict[str, Any]:
    """A decision as plain data, for the report, the export and `review show --json` alike: who, when, what, why."""
    return {
        "id": decision.id,
        "action": decision.action,
        "value": decision.value,
        "source": decision.value_source,
        "note": decision.note,
        "reviewer": decision.reviewer,
        "decided_at": decision.decided_at.isoformat(timespec="seconds") + "Z",
    }


def live_decisions(session: Session, kind: TargetKind, keys: list[str] | None = None) -> dict[str, Decision]:
    """The live decision of each target of one kind (of the given keys only, if any); a withdrawn one is none. The
    keys are asked for a chunk at a time: they may be every decided finding of the store (the report's statuses, the
    export), more than PostgreSQL binds in one statement."""
    query = select(Decision).where(Decision.target_kind == kind, Decision.live, Decision.action != WITHDRAW)
    if keys is None:
        return {d.target_key: d for d in session.scalars(query)}
    return {
        d.target_key: d
        for chunk in chunked(sorted(set(keys)))
        for d in session.scalars(query.where(Decision.target_key.in_(chunk)))
    }


def history(session: Session, target: Target) -> list[Decision]:
    """Every decision ever taken on the target, oldest first."""
    return list(
        session.scalars(
            select(Decision)
            .where(Decision.target_kind == target.kind, Decision.target_key == target.key)
            .order_by(Decision.decided_at, Decision.id)
        )
    )
