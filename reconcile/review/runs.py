"""Runs and what changed between them.

Each `reconcile run` and `reconcile match` records itself, and for each finding it added, changed (kind,
severity, or which report gives which value) or removed, one row: a log, so a daily run writes what it
changed and not the whole store again. Only findings created since the run before can be new or changed,
because the matcher recomputes only what touched changed reports; removed ones are the logged findings
the store no longer holds. The findings at the end of any run are each one's latest row up to that run,
which is what `reconcile diff` compares; the rows keep the subject's name, since the entity or event
itself may be gone by then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, aliased

from reconcile.db import bulk_insert, chunked
from reconcile.errors import ReconcileError
from reconcile.models import Claim, Entity, Event, EventLink, Finding, FindingClaim, Mention, Run, RunFinding, utcnow
from reconcile.review.queue import LABEL_LENGTH, review_statuses

COMPARED = ("kind", "severity", "values_hash")


class RunError(ReconcileError):
    """A run the user named does not exist, or fewer than two runs are recorded to compare."""


def record_run(
    session: Session, command: str, started_at: dt.datetime, files: Sequence[str], counts: dict[str, int]
) -> Run:
    """Store the run and log each finding it added, changed or removed since the run before."""
    finished_at = utcnow()  # before reading: a finding written while we read is fresh for the next run
    previous = session.scalars(select(Run).order_by(Run.id.desc()).limit(1)).first()
    fresh = select(Finding.id)
    if previous is not None:  # also catches findings a reviewer's ruling recomputed between runs
        fresh = fresh.where(Finding.created_at > previous.finished_at)
    current = _describe(session, fresh)
    logged = _states(session, current) if previous is not None else {}  # nothing is logged before the first run
    rows = [row for key, row in current.items() if _differs(logged.get(key), row)]
    rows += [_gone(state) for state in _removed(session)]
    counts = {**counts, "findings": session.scalar(select(func.count()).select_from(Finding)) or 0}
    run = Run(command=command, started_at=started_at, finished_at=finished_at, files=list(files), counts=counts)
    session.add(run)
    session.flush()
    bulk_insert(session, RunFinding, [{**row, "run_id": run.id} for row in rows])
    return run


def diff_runs(session: Session, first: int | None = None, second: int | None = None) -> dict[str, Any]:
    """What changed from run `first` to run `second` (default: the last two runs), as plain data."""
    before, after = _pick(session, first, second)
    low, high = sorted((before.id, after.id))
    touched = set(
        session.scalars(select(RunFinding.finding_id).where(RunFinding.run_id > low, RunFinding.run_id <= high))
    )
    old = {k: s for k, s in _states(session, touched, before.id).items() if s["kind"] is not None}
    new = {k: s for k, s in _states(session, touched, after.id).items() if s["kind"] is not None}
    changed = []
    for key in sorted(old.keys() & new.keys(), key=lambda k: _order(new[k])):
        changes = [c for c in COMPARED if old[key][c] != new[key][c]]
        if changes:
            was = {"was": {"kind": old[key]["kind"], "severity": old[key]["severity"]}}
            changed.append({**_entry(new[key]), **was, "changes": [c.removesuffix("_hash") for c in changes]})
    reviewed = review_statuses(session, [c["finding_id"] for c in changed])
    for entry in changed:
        if entry["finding_id"] in reviewed:  # a reviewer settled it before this change: say where it stands now
            entry["review"] = reviewed[entry["finding_id"]]
    return {
        "from": _run(before),
        "to": _run(after),
        "new": [_entry(new[k]) for k in sorted(new.keys() - old.keys(), key=lambda k: _order(new[k]))],
        "resolved": [_entry(old[k]) for k in sorted(old.keys() - new.keys(), key=lambda k: _order(old[k]))],
        "changed": changed,
    }


def _pick(session: Session, first: int | None, second: int | None) -> tuple[Run, Run]:
    """The two runs to compare: the ones named, or the last two recorded."""
    if first is not None and second is not None:
        return _get(session, first), _get(session, second)
    last = list(session.scalars(select(Run).order_by(Run.id.desc()).limit(2)))
    if len(last) < 2:
        raise RunError(
            f"{len(last)} run(s) recorded; `reconcile diff` needs two (each `reconcile run` or `match` records one)"
        )
    return last[1], last[0]


def _get(session: Session, run_id: int) -> Run:
    """The run named, or an error that says which runs there are."""
    run = session.get(Run, run_id)
    if run is None:
        low, high = session.execute(select(func.min(Run.id), func.max(Run.id))).one()
        known = f"runs {low} to {high} are recorded" if low is not None else "no run is recorded yet"
        raise RunError(f"run {run_id} does not exist; {known}")
    return run


def _states(session: Session, finding_ids: Collection[str], upto: int | None = None) -> dict[str, dict[str, Any]]:
    """Each finding's latest logged row (up to run `upto`, if given): how that run left it."""
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunked(sorted(finding_ids)):
        query = select(RunFinding).where(RunFinding.finding_id.in_(chunk)).order_by(RunFinding.run_id)
        if upto is not None:
            query = query.where(RunFinding.run_id <= upto)
        found.update({row.finding_id: _state(row) for row in session.scalars(query)})  # later runs overwrite
    return found


def _removed(session: Session) -> list[dict[str, Any]]:
    """The logged findings whose latest row has them present but which the store no longer holds."""
    latest = (
        select(RunFinding.finding_id, func.max(RunFinding.run_id).label("run_id"))
        .group_by(RunFinding.finding_id)
        .subquery()
    )
    query = (
        select(RunFinding)
        .join(latest, (RunFinding.finding_id == latest.c.finding_id) & (RunFinding.run_id == latest.c.run_id))
        .where(RunFinding.kind.is_not(None), ~exists().where(Finding.id == RunFinding.finding_id))
    )
    return [_state(row) for row in session.scalars(query)]


def _state(row: RunFinding) -> dict[str, Any]:
    """A logged row as plain data, with the run id left out so rows of different runs compare."""
    return {
        "finding_id": row.finding_id,
        "kind": row.kind.value if row.kind else None,
        "severity": row.severity.value if row.severity else None,
        "values_hash": row.values_hash,
        "subject": row.subject,
        "property": row.property,
    }


def _gone(state: dict[str, Any]) -> dict[str, Any]:
    """A removed finding's row: no kind, severity or values; its names stay for `diff` to show."""
    return {**state, "kind": None, "severity": None, "values_hash": None}


def _differs(logged: dict[str, Any] | None, row: dict[str, Any]) -> bool:
    """New (never logged, or logged as gone) or changed in what the diff compares; names alone do not count."""
    return logged is None or any(logged[c] != row[c] for c in COMPARED)


def _describe(session: Session, finding_ids: Select[str]) -> dict[str, dict[str, Any]]:
    """The findings `finding_ids` selects as run_finding rows (without the run id): kind, severity, values hash
    and names. One pass each over findings and claims, however many: the first run describes every finding."""
    subject, member = aliased(Entity), aliased(Entity)
    values = _values(session, finding_ids)
    rows = session.execute(
        select(Finding.id, Finding.kind, Finding.severity, Finding.property, Finding.member, Finding.link_id)
        .add_columns(subject.name.label("entity"), Event.name.label("event"), member.name.label("member_name"))
        .outerjoin(subject, subject.id == Finding.entity_id)
        .outerjoin(Event, Event.id == Finding.event_id)
        .outerjoin(member, member.id == Finding.member_entity_id)
        .where(Finding.id.in_(finding_ids))
    ).all()
    links = _link_names(session, sorted({row.link_id for row in rows if row.link_id is not None}))
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        about = row.member_name or row.member
        found[row.id] = {
            "finding_id": row.id,
            "kind": row.kind.value,
            "severity": row.severity.value,
            "values_hash": _values_hash(values[row.id]),
            "subject": next((n for n in (row.entity, row.event) if n is not None), links.get(row.link_id, "")),
            "property": f"{row.property}: {about}" if about else row.property,
        }
    return found


def _link_names(session: Session, link_ids: list[int]) -> dict[int, str]:
    """An event link by the names of the two events it joins, as the report shows it: lower event id first."""
    left, right, left_event, right_event = aliased(Mention), aliased(Mention), aliased(Event), aliased(Event)
    query = (
        select(EventLink.id, left_event.id, left_event.name, right_event.id, right_event.name)
        .join(left, left.id == EventLink.left_mention_id)
        .join(right, right.id == EventLink.right_mention_id)
        .join(left_event, left_event.id == left.event_id)
        .join(right_event, right_event.id == right.event_id)
    )
    rows = [row for chunk in chunked(link_ids) for row in session.execute(query.where(EventLink.id.in_(chunk)))]
    return {
        link: " ~ ".join(name for _, name in sorted([(a, a_name), (b, b_name)])) for link, a, a_name, b, b_name in rows
    }


def _values(session: Session, finding_ids: Select[str]) -> defaultdict[str, list[tuple[str, str]]]:
    """Which report gives which value, per finding."""
    pairs: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    rows = session.execute(
        select(FindingClaim.finding_id, Claim.report_id, Claim.value)
        .join(Claim, Claim.id == FindingClaim.claim_id)
        .where(FindingClaim.finding_id.in_(finding_ids))
    )
    for finding_id, report, value in rows:
        pairs[finding_id].append((report, value))
    return pairs


def _values_hash(pairs: list[tuple[str, str]]) -> str:
    """Order aside: a new report or a new wording changes it; a value that only moved in its report does not."""
    return hashlib.sha1(json.dumps(sorted(pairs), ensure_ascii=False).encode("utf-8")).hexdigest()


def _order(state: dict[str, Any]) -> tuple[str, str, str]:
    """By subject, then property: a subject's changes read together."""
    return state["subject"], state["property"], state["finding_id"]


def _entry(state: dict[str, Any]) -> dict[str, Any]:
    """A finding as the diff lists it, named as `reconcile review` names it."""
    return {
        "finding_id": state["finding_id"],
        "finding": "F" + state["finding_id"][:LABEL_LENGTH],
        "subject": state["subject"],
        "property": state["property"],
        "kind": state["kind"],
        "severity": state["severity"],
    }


def _run(run: Run) -> dict[str, Any]:
    return {
        "id": run.id,
        "command": run.command,
        "started_at": run.started_at.isoformat(timespec="seconds") + "Z",
        "finished_at": run.finished_at.isoformat(timespec="seconds") + "Z",
        "files": list(run.files),
        "counts": dict(run.counts),
    }
