"""Finding ids that name what a finding is about by its subjects' first mentions, never by cluster numbers.

Entity and event ids are row numbers: a re-run in another order, a merge or a reviewer joining two events gives the
same subject another number, and an id hashed from it would orphan every decision taken on it. A mention is named
by its report and its local id whatever the store does, so a subject is named by its first mention (earliest
published, then by report and local id, so a report that comes out later leaves it alone), an uncertain link by its
two events' first mentions, and a member entity by the first mention the finding's own claims name it by. The id is
the sha1 of that, as canonical JSON; the JSON is kept (FindingKey), with the claims behind the finding, so a finding
that goes can be followed to the one that replaced it (successors.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from reconcile.db import chunked
from reconcile.models import Mention, Report

Anchor = tuple[str, str]  # a mention's report id and local id


@dataclass(frozen=True)
class About:
    """What a finding is about: its kind of subject (entity, event or link), the first mention of each subject (a
    link has its two events'), the property, and the member (an entity by the first mention the finding's claims
    name it by, anything else as written, '' when none). `repeat` tells apart findings that one run makes alike (a
    rare tie of the aligner)."""

    kind: str
    anchors: tuple[Anchor, ...]
    prop: str
    member: Anchor | str
    repeat: int = 1

    @property
    def text(self) -> str:
        """Canonical JSON: unambiguous whatever report ids and members contain, and read back by `parse`."""
        parts: list[Any] = [self.kind, [list(a) for a in self.anchors], self.prop, _json_member(self.member)]
        return json.dumps(parts + ([self.repeat] if self.repeat > 1 else []), ensure_ascii=False, separators=(",", ":"))

    @property
    def key(self) -> str:
        """The finding's id."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    @classmethod
    def parse(cls, text: str) -> About:
        kind, anchors, prop, member, *repeat = json.loads(text)
        read = tuple(member) if isinstance(member, list) else member
        return cls(kind, tuple((r, loc) for r, loc in anchors), prop, read, *repeat)


def _json_member(member: Anchor | str) -> list[str] | str:
    return list(member) if isinstance(member, tuple) else member


def distinct(abouts: list[About]) -> list[About]:
    """The same list with repeats counted, so two findings one run makes alike get two ids, in a stable order."""
    seen: set[About] = set()
    out = []
    for about in abouts:
        while about in seen:
            about = replace(about, repeat=about.repeat + 1)
        seen.add(about)
        out.append(about)
    return out


def anchors(session: Session, column: Any, subject_ids: Collection[int]) -> dict[int, Anchor]:
    """The first mention of each subject (`column` is Mention.entity_id or Mention.event_id), by `first`: ordered
    here rather than by the database, whose collation may sort ids otherwise than `first` sorts a finding's members."""
    mentions: dict[int, list[tuple[dt.date | None, str, str]]] = defaultdict(list)
    query = select(column, Report.published, Mention.report_id, Mention.local_id).join(
        Report, Report.id == Mention.report_id
    )
    for chunk in chunked(sorted(subject_ids)):
        for subject, published, report, local in session.execute(query.where(column.in_(chunk))):
            mentions[subject].append((published, report, local))
    return {subject: anchor for subject, found in mentions.items() if (anchor := first(found)) is not None}


def first(mentions: Iterable[tuple[dt.date | None, str, str]]) -> Anchor | None:
    """Of (published, report id, local id) triples, the first: earliest published, undated last, then by report and
    local id, so a report that comes out later leaves it alone; the same whatever order reports were stored in."""
    found = min(mentions, key=lambda m: (m[0] is None, m[0] or dt.date.min, m[1], m[2]), default=None)
    return None if found is None else (found[1], found[2])


class Numbered(NamedTuple):
    """A finding's subject as the store numbers it now: an entity, an event or a link (by its two events); its
    property; and its member, as written or, for an entity, by the first mention the finding's claims name it by."""

    entity_id: int | None
    event_id: int | None
    link_events: tuple[int, int] | None
    property: str
    member: str | None
    member_anchor: Anchor | None


def abouts(session: Session, findings: Sequence[Numbered]) -> list[About]:
    """What each finding is about, by first mentions instead of numbers; repeats counted in the order given."""
    entity = anchors(session, Mention.entity_id, {f.entity_id for f in findings if f.entity_id is not None})
    event_ids = {e for f in findings for e in (f.event_id, *(f.link_events or ())) if e is not None}
    event = anchors(session, Mention.event_id, event_ids)
    found = []
    for f in findings:
        subjects: tuple[Anchor, ...]
        if f.entity_id is not None:
            kind, subjects = "entity", (entity[f.entity_id],)
        elif f.event_id is not None:
            kind, subjects = "event", (event[f.event_id],)
        else:
            assert f.link_events is not None, "a finding is about an entity, an event or a link"
            kind, subjects = "link", tuple(sorted(event[e] for e in f.link_events))
        found.append(About(kind, subjects, f.property, f.member_anchor or f.member or ""))
    return distinct(found)
