"""Merged records: one per entity, event and leading uncertain event link (queries.leading_links), each property
with the value to publish.

A property is a finding, read through the reviewers' decisions: `agreed` when every report states it
alike, `accepted` when a reviewer chose the value, `disputed` when a reviewer ruled it be published as
such, `open` otherwise, including a value accepted earlier that a report stored since contradicts. A
rejected finding is wrong (an extraction error, say) and leaves the record. The structure is documented
by schemas/merged-record.schema.json; the renderers in export_render.py start from it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, aliased

from reconcile.models import (
    Decision,
    Entity,
    Event,
    Finding,
    FindingKind,
    Mention,
    MentionRole,
    TargetKind,
)
from reconcile.queries import leading_links, link_labels
from reconcile.report.build import FINDING_COLUMNS
from reconcile.review.decisions import decision_data, live_decisions
from reconcile.review.queue import LABEL_LENGTH, Evidence, finding_evidence, review_statuses

STATUSES = ("agreed", "accepted", "disputed", "open")
SETTLING = ("accept", "dispute")  # the actions whose decision a record shows; reject removes the property
Claims = list[dict[str, Any]]  # each {report, value, span, sentence}


def build_export(session: Session) -> dict[str, Any]:
    """Every entity, event and uncertain event link as a merged record, in a stable order."""
    properties = _properties(session)
    reports = _reports(session)
    records = [
        _record(f"E{e.id}", "entity", e.type.value, e.name, reports["entity"][e.id], properties["entity"][e.id])
        for e in session.scalars(select(Entity).order_by(Entity.id))
    ]
    events = {e.id: e for e in session.scalars(select(Event).order_by(Event.id))}
    records += [
        _record(f"V{e.id}", "event", e.kind, e.name, reports["event"][e.id], properties["event"][e.id])
        for e in events.values()
    ]
    links = leading_links(session)  # the uncertain links compared: what the two events would be as one
    labels = link_labels(session, links)
    for link_id, pair in sorted(links.items(), key=lambda item: item[1]):
        a, b = (events[e] for e in pair)
        name, seen_in = f"{a.name} ~ {b.name}", reports["event"][a.id] | reports["event"][b.id]
        record = _record(labels[link_id], "link", a.kind, name, seen_in, properties["link"][link_id])
        records.append({**record, "provisional": True, "events": [f"V{a.id}", f"V{b.id}"]})
    return {"records": records}


def _record(
    key: str, type_: str, kind: str, name: str, reports: set[str], properties: list[dict[str, Any]]
) -> dict[str, Any]:
    """One record, its properties by name so the same record reads the same from run to run."""
    order = sorted(properties, key=lambda p: (p["property"], p["member"] or "", p["finding"]))
    return {
        "id": key,
        "type": type_,
        "kind": kind,
        "name": name,
        "reports": sorted(reports),
        "provisional": False,
        "properties": order,
    }


def _reports(session: Session) -> dict[str, defaultdict[int, set[str]]]:
    """The reports that name each entity and each event."""
    out: dict[str, defaultdict[int, set[str]]] = {"entity": defaultdict(set), "event": defaultdict(set)}
    rows = session.execute(select(Mention.role, Mention.entity_id, Mention.event_id, Mention.report_id))
    for role, entity_id, event_id, report in rows:
        subject = entity_id if role == MentionRole.entity else event_id
        if subject is not None:
            out[role.value][subject].add(report)
    return out


def _properties(session: Session) -> dict[str, defaultdict[int, list[dict[str, Any]]]]:
    """Every finding not rejected, as a record property, keyed by what it is about."""
    evidence = {finding_id: [_claim(e) for e in found] for finding_id, found in finding_evidence(session).items()}
    decisions = live_decisions(session, TargetKind.finding)
    # The queue works out which accepted values a newer report contradicts; asking it keeps that rule in one place.
    statuses = review_statuses(session, [key for key, d in decisions.items() if d.action == "accept"])
    reopened = {key for key, status in statuses.items() if status == "reopened"}
    member = aliased(Entity)
    out: dict[str, defaultdict[int, list[dict[str, Any]]]] = {
        scope: defaultdict(list) for scope in ("entity", "event", "link")
    }
    rows = session.execute(  # columns, not ORM objects: a large store's findings stay out of the identity map
        select(*FINDING_COLUMNS, member.name.label("member_name"))
        .outerjoin(member, member.id == Finding.member_entity_id)
        .order_by(Finding.id)
    )
    for finding in rows:
        decision = decisions.get(finding.id)
        if decision is not None and decision.action == "reject":
            continue
        prop = _property(finding, evidence.get(finding.id, []), decision, finding.id in reopened)
        if finding.entity_id is not None:
            out["entity"][finding.entity_id].append(prop)
        elif finding.event_id is not None:
            out["event"][finding.event_id].append(prop)
        elif finding.link_id is not None:
            out["link"][finding.link_id].append(prop)
    return out


def _property(finding: Row[Any], claims: Claims, decision: Decision | None, reopened: bool) -> dict[str, Any]:
    """One property: its status and published value, and each report's claim for or against that value."""
    member = finding.member_name or finding.member
    shown = decision if decision is not None and decision.action in SETTLING else None
    status, value, reference = _settle(finding.kind, member, claims, shown, reopened)
    supporting, contradicting, competing = _weigh(claims, status, reference)
    return {
        "finding": "F" + finding.id[:LABEL_LENGTH],
        "property": finding.property,
        "member": member,
        "kind": finding.kind.value,
        "severity": finding.severity.value,
        "status": status,
        "value": value,
        "values": list(dict.fromkeys(c["value"] for c in claims)),
        "supporting": supporting,
        "contradicting": contradicting,
        "competing": competing,
        "not_stated_by": list(finding.scores.get("not_stated_by", [])),
        "reopened": status == "open" and reference is not None,
        "decision": decision_data(shown) if shown is not None else None,
    }


def _settle(
    kind: FindingKind, member: str | None, claims: Claims, shown: Decision | None, reopened: bool
) -> tuple[str, str | None, str | None]:
    """(status, the value to publish, the value each claim is weighed against).

    A reopened value is published no more, but the claims are still weighed against it, so the report that
    reopened it shows as contradicting what was accepted.
    """
    if kind is FindingKind.agreement:
        return "agreed", member or _most_stated(c["value"] for c in claims), None
    if shown is None:
        return "open", None, None
    if shown.action == "dispute":
        return "disputed", None, None
    return ("open", None, shown.value) if reopened else ("accepted", shown.value, shown.value)


def _weigh(claims: Claims, status: str, reference: str | None) -> tuple[Claims, Claims, Claims]:
    """(supporting, contradicting, competing): every claim lands in exactly one of them."""
    if status == "agreed":  # reports in agreement state one fact, whatever words they use
        return claims, [], []
    if reference is None:
        return [], [], claims
    return [c for c in claims if c["value"] == reference], [c for c in claims if c["value"] != reference], []


def _most_stated(values: Iterable[str]) -> str | None:
    """The agreed value when the finding names no member: the wording most claims use, the first on a tie."""
    counted = Counter(values).most_common(1)
    return counted[0][0] if counted else None


def _claim(claim: Evidence) -> dict[str, Any]:
    """A claim as the merged record lists it (JSON has lists, not tuples)."""
    return {"report": claim.report, "value": claim.value, "span": list(claim.span), "sentence": claim.sentence}
