"""The reports on each side of a review item: who published them and when, what an uncertain link's two accounts
claim, and which items an outlet's reports stand behind (the queue's source filter).

Reviewers know reports by outlet and date, not by file id, and judge an uncertain link by reading both accounts
whole: these are the reads the web pages need for that, kept out of the queue so it stays about status and order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile.db import chunked
from reconcile.models import Claim, FindingClaim, Mention, MentionRole, Report, Source, TargetKind
from reconcile.queries import pair_of
from reconcile.review.decisions import Target


@dataclass(frozen=True)
class Byline:
    """A report as readers name it: its outlet and publication date, with the id the store knows it by."""

    report: str
    outlet: str
    published: dt.date | None

    @property
    def heading(self) -> str:
        """'Outlet, 2024-09-26', or the outlet alone for an undated report."""
        return f"{self.outlet}, {self.published.isoformat()}" if self.published else self.outlet


@dataclass(frozen=True)
class Stated:
    """One claim of an account: what it says and where in the report's text it says it."""

    property: str
    value: str
    span: tuple[int, int]


@dataclass(frozen=True)
class Account:
    """One report's event mention, as an uncertain link compares it: its name and its own claims."""

    mention: int
    report: str
    name: str
    claims: list[Stated]


def bylines(session: Session, report_ids: Collection[str]) -> dict[str, Byline]:
    """Each report's outlet and date, read in one query per chunk of ids."""
    query = select(Report.id, Source.name, Report.published).join(Source, Source.id == Report.source_id)
    return {
        report: Byline(report, outlet, published)
        for chunk in chunked(sorted(report_ids))
        for report, outlet, published in session.execute(query.where(Report.id.in_(chunk)))
    }


def link_accounts(session: Session, key: str) -> list[Account]:
    """The two event mentions a link key names, lower id first, each with the claims whose subject it is (not the
    claims naming it as an object): what that report says about its event."""
    ids = pair_of(key)
    mentions = {m.id: m for m in session.scalars(select(Mention).where(Mention.id.in_(ids)))}
    claims: dict[int, list[Stated]] = {i: [] for i in ids}
    rows = session.execute(
        select(Claim.mention_id, Claim.property, Claim.value, Claim.span_start, Claim.span_end)
        .where(Claim.mention_id.in_(ids))
        .order_by(Claim.span_start, Claim.id)
    )
    for mention, prop, value, start, end in rows:
        claims[mention].append(Stated(prop, value, (start, end)))
    return [Account(i, mentions[i].report_id, mentions[i].name, claims[i]) for i in ids if i in mentions]


def outlets(session: Session) -> list[str]:
    """Every outlet in the store, by name: the choices of the queue's source filter."""
    return list(session.scalars(select(Source.name).order_by(Source.name)))


def from_outlet(session: Session, targets: Collection[Target], outlet: str) -> set[str]:
    """The labels of those targets whose evidence includes a report of `outlet`: a finding's claims, either account of
    a link, either entity of a pair (named in one of its reports). Two queries, whatever the number of targets."""
    kinds = {t.kind for t in targets}
    findings = _cited_findings(session, outlet) if TargetKind.finding in kinds else set()
    mentioned = _mentioned(session, outlet) if kinds - {TargetKind.finding} else {}
    found = set()
    for target in targets:
        if target.kind is TargetKind.finding:
            cited = target.key in findings
        else:
            cited = bool(set(pair_of(target.key)) & mentioned.get(target.kind, set()))
        if cited:
            found.add(target.label)
    return found


def _cited_findings(session: Session, outlet: str) -> set[str]:
    """The ids of the findings with a claim from a report of `outlet`."""
    query = (
        select(FindingClaim.finding_id)
        .join(Claim, Claim.id == FindingClaim.claim_id)
        .join(Report, Report.id == Claim.report_id)
        .join(Source, Source.id == Report.source_id)
        .where(Source.name == outlet)
        .distinct()
    )
    return set(session.scalars(query))


def _mentioned(session: Session, outlet: str) -> dict[TargetKind, set[int]]:
    """What reports of `outlet` mention, in the ids the two kinds of pair are keyed by: event mentions (a link's
    accounts) and entities (an entity pair's two)."""
    query = (
        select(Mention.id, Mention.role, Mention.entity_id)
        .join(Report, Report.id == Mention.report_id)
        .join(Source, Source.id == Report.source_id)
        .where(Source.name == outlet)
    )
    found: dict[TargetKind, set[int]] = {TargetKind.link: set(), TargetKind.entities: set()}
    for mention, role, entity in session.execute(query):
        if role is MentionRole.event:
            found[TargetKind.link].add(mention)
        elif entity is not None:
            found[TargetKind.entities].add(entity)
    return found
