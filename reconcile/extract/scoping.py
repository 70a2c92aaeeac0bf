"""Keep each event's claims to what its own clauses say of it, when a parser has read the report.

meetings.py gathers an event's people, place and date from the sentences that tell it; the parse then
takes away what those sentences say of something else: a name in a clause that denies taking part
('did not attend', 'declined to attend'), and a name, place or date inside an earlier occurrence told as
background ('they first met during talks in Riyadh', 'last week's call between A and B') or set in an
earlier year than the report's ('In December 2003, the city of Bam was razed'). An event
whose own word is planned ('will meet', 'are expected to meet') marks its claims so.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Token

from reconcile.extract.clauses import denies_taking_part, in_background, planned, predicate, set_in_earlier_year
from reconcile.extract.mentions import TypedSpan
from reconcile.extract.parsed import sentences
from reconcile.extract.relations import ClaimDraft, EventDraft, token_at

_SCOPED = frozenset({"attendee", "led_by", "place", "date"})
_TAKE_PART = frozenset({"attendee", "led_by"})
_WHERE_WHEN = frozenset({"place", "date"})


def scope_claims(
    doc: Doc, drafts: list[ClaimDraft], entities: list[TypedSpan], published: dt.date | None = None
) -> list[ClaimDraft]:
    """The drafts without the claims the parse says belong to no part of their event, planned ones marked. With
    the publication date, a place or a date told in a clause set in an earlier year ('In December 2003, the
    city of Bam was razed by a quake') is another occurrence's, unless the event's own clause is set there."""
    starts = [s.start_char for s in sentences(doc)]
    denied: dict[str, list[int]] = {}  # name -> sentences where a clause denies it took part
    for e in entities:
        if e.type in ("person", "organisation") and (token := token_at(doc, e.start)) and denies_taking_part(token):
            denied.setdefault(e.name, []).append(bisect_right(starts, e.start) - 1)
    kept = []
    plans: dict[str, bool] = {}
    for draft in drafts:
        event = draft.subject
        if not isinstance(event, EventDraft) or draft.property not in _SCOPED:
            kept.append(draft)
            continue
        main = token_at(doc, event.triggers[0][0])
        token = token_at(doc, draft.start)
        if token is not None and in_background(token, main):
            continue
        if draft.property in _WHERE_WHEN and token is not None and _earlier_occurrence(token, main, published):
            continue
        if draft.property in _TAKE_PART and any(
            event.first_sentence <= k <= event.last_sentence for k in denied.get(draft.value, ())
        ):
            continue
        if event.local_id not in plans:
            plans[event.local_id] = main is not None and planned(main)
        if plans[event.local_id]:
            draft = replace(draft, qualifiers=(*draft.qualifiers, ("modality", "planned")))
        kept.append(draft)
    return kept


def _earlier_occurrence(token: Token, main: Token | None, published: dt.date | None) -> bool:
    clause = predicate(token)
    own = predicate(main) if main is not None else None
    return (own is None or clause.i != own.i) and set_in_earlier_year(clause, published)
