"""Put the found spans and relations together as one report in the shape of report.schema.json.

Spans found by different rules name the same entity many times over ('Badr Jamous', 'Jamous';
'Syrian Negotiating Commission', 'SNC'); grouping.py makes them one local entity each, local ids are
given out here, and every claim is checked to point at real text before it leaves.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc

from reconcile import limits
from reconcile.extract.counts import ON_BOARD, TOLLS, find_counts
from reconcile.extract.dates import DateMention
from reconcile.extract.durations import duration_claims
from reconcile.extract.grouping import Group, group_entities
from reconcile.extract.incidents import SHOOTING, TRIGGERS, incident_claims
from reconcile.extract.kinds import attack_triggers, kind_claims, lead_end, lead_kind
from reconcile.extract.meetings import meeting_claims, meetings
from reconcile.extract.mentions import TypedSpan
from reconcile.extract.money import amount_claims
from reconcile.extract.names import is_parsed
from reconcile.extract.parsed import sentences, text_of
from reconcile.extract.relations import (
    ClaimDraft,
    EventDraft,
    group_affiliations,
    quotes,
    stances,
    titles,
    topics,
)
from reconcile.extract.roles import parsed_leads, parsed_titles
from reconcile.extract.scoping import scope_claims
from reconcile.extract.venues import within_claims
from reconcile.ingest.documents import Document


def assemble(
    document: Document, doc: Doc, entities: list[TypedSpan], dates: list[DateMention], body: int = 0
) -> dict[str, Any]:
    """The whole report: metadata from the document, and entities, events and claims from the text; `body` is
    where the report's body begins, after its dateline."""
    groups = group_entities(entities)
    ids = {(s.start, s.end): g.local_id for g in groups for s in g.spans}
    events = meetings(doc, entities)
    drafts = [
        *(parsed_titles(doc, entities) if is_parsed(doc) else titles(doc, entities)),
        *group_affiliations(doc, entities),
        *meeting_claims(doc, events, entities, dates, body),
    ]
    statements = _Statements(doc, events, len(events))
    drafts += statements.claims(doc, entities)
    counts = find_counts(doc, document.published) if is_parsed(doc) else []
    told_before = len(events)
    kind = lead_kind(doc) if is_parsed(doc) else None
    if is_parsed(doc):
        # What the lead tells is the story: a nomination whose nominee once tended 'those wounded in the storm' is
        # no violent incident. 'Police arrested two' is a count that tells of no violence.
        lead = text_of(doc)[: lead_end(doc)]
        violent = any(c.measure in TOLLS and c.start < len(lead) for c in counts) or TRIGGERS.search(lead) is not None
        shooting = SHOOTING.search(lead) is not None
        told, counts = kind_claims(doc, entities, dates, events, document.published, counts, violent, shooting, kind)
        drafts += told
    counts = [c for c in counts if c.measure not in ON_BOARD]  # who was on board is told of a crash only
    if len(events) == told_before:  # a crash's dead are its toll, and one arrested is no perpetrator of an attack
        attack = [] if events else attack_triggers(doc, kind)  # talks held after an attack are not one
        drafts += incident_claims(doc, entities, dates, events, document.published, counts, attack)
    if is_parsed(doc) and events:  # the story's event: what a deal cost, what donors pledged, how long talks lasted
        drafts += [*amount_claims(doc, events[0], lead_end(doc)), *duration_claims(doc, events[0])]
    if is_parsed(doc):
        drafts += within_claims(doc, entities)
        drafts = scope_claims(doc, [*drafts, *parsed_leads(doc, events, entities)], entities, document.published)
    claims = _unique(_claim(d, ids) for d in _with_sides(drafts, ids))
    report: dict[str, Any] = {
        "id": document.id,
        "source": document.source,
        "published": document.published.isoformat() if document.published else None,
        "text": document.text,
        "entities": [_entity(g) for g in groups],
        "events": [_event(doc, e) for e in [*events, *statements.events]],
        "claims": claims,
    }
    for key in ("title", "url", "language"):
        if getattr(document, key):
            report[key] = getattr(document, key)[: limits.TITLE] if key == "title" else getattr(document, key)
    return report


def _entity(group: Group) -> dict[str, Any]:
    return {
        "id": group.local_id,
        "type": group.type,
        "name": group.name[: limits.NAME],  # a runaway span must not cost the report
        "mentions": [{"text": s.text, "span": [s.start, s.end]} for s in group.spans],
    }


def _event(doc: Doc, event: EventDraft) -> dict[str, Any]:
    """An event with every trigger that mentions it and a label naming who it was with."""
    with_whom = ", ".join(dict.fromkeys(c.name for c in event.counterparts))
    name = f"{event.kind} with {with_whom}" if with_whom else event.kind
    return {
        "id": event.local_id,
        "kind": event.kind,
        "name": name[: limits.NAME],  # a summit of many delegations is still one event
        "mentions": [{"text": text_of(doc)[s:e], "span": [s, e]} for s, e in event.triggers],
    }


class _Statements:
    """Quotes, stances and topics: the meeting whose sentences hold them, else a statement by their speaker."""

    def __init__(self, doc: Doc, events: list[EventDraft], numbered: int) -> None:
        self.starts = [s.start_char for s in sentences(doc)]
        self.meeting_of = _first_meetings(events, len(self.starts))
        self.events: list[EventDraft] = []
        self.by_speaker: dict[str, EventDraft] = {}
        self.numbered = numbered

    def claims(self, doc: Doc, entities: list[TypedSpan]) -> list[ClaimDraft]:
        """Every quote, stance and topic as a claim on the event it belongs to."""
        drafts: list[ClaimDraft] = []
        positions = list(stances(doc, entities))
        stated = [(start, end) for start, end, *_ in positions]
        for start, end, speaker, rule in quotes(doc, entities):
            if rule == "quote.reported" and any(start <= a and b <= end for a, b in stated):
                continue  # 'X stressed that the US does not support normalization' is X's stance, said once
            event = self._event_for(start, end, speaker)
            if event is not None:
                qualifiers = (("speaker", speaker),) if speaker is not None else ()
                quote = text_of(doc)[start:end]
                drafts.append(ClaimDraft(event, "quote", quote, start, end, rule, qualifiers=qualifiers))
        for start, end, polarity, rule, holder, value in positions:
            event = self._event_for(start, end, holder)
            if event is not None:
                qualifiers = (("polarity", polarity), *((("holder", holder),) if holder is not None else ()))
                drafts.append(ClaimDraft(event, "stance", value, start, end, rule, qualifiers=qualifiers))
        for start, end, holder, value in topics(doc, entities):
            event = self._event_for(start, end, holder)
            if event is not None:
                drafts.append(ClaimDraft(event, "topic", value, start, end, "topic.cue"))
        return drafts

    def _meeting_at(self, char: int) -> EventDraft | None:
        """The first meeting whose sentences hold text[char]."""
        sentence = bisect.bisect_right(self.starts, char) - 1
        return self.meeting_of[sentence] if sentence >= 0 else None

    def _event_for(self, start: int, end: int, speaker: TypedSpan | None) -> EventDraft | None:
        """Inside a meeting's sentences it is that meeting's; outside, one statement event per speaker."""
        meeting = self._meeting_at(start)
        if meeting is not None:
            return meeting
        if speaker is None:
            return None
        event = self.by_speaker.get(speaker.name)
        if event is None:
            self.numbered += 1
            event = EventDraft(f"s{self.numbered}", "statement", [], 0, -1, [speaker])
            self.by_speaker[speaker.name] = event
            self.events.append(event)
        event.triggers.append((start, end))
        return event


def _first_meetings(events: list[EventDraft], count: int) -> list[EventDraft | None]:
    """For each of `count` sentences, the first meeting (in `events`' order) whose sentences include it.

    Meetings are listed in the order of their first sentences, so one pass over the sentences keeps the
    meetings begun so far in a heap by their place in the list, and drops those that have ended.
    """
    first: list[EventDraft | None] = []
    begun: list[tuple[int, EventDraft]] = []
    upcoming = iter(enumerate(events))
    pending = next(upcoming, None)
    for sentence in range(count):
        while pending is not None and pending[1].first_sentence <= sentence:
            heapq.heappush(begun, (pending[0], pending[1]))
            pending = next(upcoming, None)
        while begun and begun[0][1].last_sentence < sentence:
            heapq.heappop(begun)
        first.append(begun[0][1] if begun else None)
    return first


def _with_sides(drafts: list[ClaimDraft], ids: dict[tuple[int, int], str]) -> list[ClaimDraft]:
    """Each attendee's side, from what the report says the person belongs to: an organisation that takes part
    in the same meeting, else a country. The matcher weighs leads by side ('Leaf led the US side; the other
    report names only Franceschi there'), so a side the text supports must not be left out."""
    affiliations: dict[str, list[TypedSpan]] = {}
    for draft in drafts:
        if draft.property == "affiliation" and draft.target is not None and isinstance(draft.subject, TypedSpan):
            affiliations.setdefault(ids.get(_key(draft.subject), ""), []).append(draft.target)
    parties: dict[int, set[str]] = {}
    for draft in drafts:
        if draft.property == "attendee" and draft.target is not None and draft.target.type == "organisation":
            parties.setdefault(id(draft.subject), set()).add(ids.get(_key(draft.target), ""))
    sided = []
    for draft in drafts:
        known = affiliations.get(ids.get(_key(draft.target), "")) if draft.target is not None else None
        if draft.property != "attendee" or not known or any(name == "side" for name, _ in draft.qualifiers):
            sided.append(draft)
            continue
        taking_part = parties.get(id(draft.subject), set())
        side = next((a for a in known if ids.get(_key(a)) in taking_part), None)
        side = side or next((a for a in known if a.type == "place"), None)
        sided.append(replace(draft, qualifiers=(*draft.qualifiers, ("side", side))) if side else draft)
    return sided


def _claim(draft: ClaimDraft, ids: dict[tuple[int, int], str]) -> dict[str, Any] | None:
    """A claim in the schema's shape; spans of entities become their local ids."""
    subject = draft.subject.local_id if isinstance(draft.subject, EventDraft) else ids.get(_key(draft.subject))
    if subject is None:
        return None
    claim: dict[str, Any] = {
        "subject": subject,
        "property": draft.property,
        "value": draft.value,
        "span": [draft.start, draft.end],
        "rule": draft.rule,
    }
    if draft.target is not None:
        target = ids.get(_key(draft.target))
        if target is None:
            return None
        claim["object"] = target
    qualifiers: dict[str, str] = {}
    for name, value in draft.qualifiers:
        if isinstance(value, TypedSpan):
            local = ids.get(_key(value))
            if local is not None:
                qualifiers[name] = local
        else:
            qualifiers[name] = str(value)
    if qualifiers:
        claim["qualifiers"] = qualifiers
    return claim


_ONCE = frozenset({"attendee", "led_by", "date"})


def _unique(claims: Iterable[dict[str, Any] | None]) -> list[dict[str, Any]]:
    """One attendee, lead or date claim per event and value: other names of it say nothing new."""
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for claim in claims:
        if claim is None:
            continue
        key = (claim["subject"], claim["property"], claim.get("object") or claim["value"])
        if claim["property"] in _ONCE and key in seen:
            continue
        seen.add(key)
        kept.append(claim)
    return kept


def _key(span: TypedSpan) -> tuple[int, int]:
    return (span.start, span.end)
