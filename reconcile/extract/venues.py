"""Venues placed in their town: 'Crocus City Hall in Krasnogorsk', 'the Diriyah Palace in Riyadh'.

The gazetteer knows towns, regions and countries, not concert halls, palaces or bank branches, so one report's
'Crocus City Hall' and another's 'Krasnogorsk' cannot be told apart from two places that lie apart unless some
report says where the venue is. When one does, the parse says it: the town's phrase, opened by 'in', hangs on the
venue's ('at Crocus City Hall in Krasnogorsk', 'the Crocus City Hall concert venue in Krasnogorsk'). That
statement is a claim of the venue, `within`, whose object is the town; the matcher then reads the venue as a
place within the town, and within whatever holds the town.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from reconcile.extract.lookup import ByStart
from reconcile.extract.mentions import TypedSpan
from reconcile.extract.parsed import text_of
from reconcile.extract.relations import ClaimDraft
from reconcile.places import is_locality

_NOUN_MODIFIERS = frozenset({"nmod", "prep", "pobj"})


def within_claims(doc: Doc, entities: list[TypedSpan]) -> Iterator[ClaimDraft]:
    """Each venue the report places in a town it names, once per venue and town."""
    places = [e for e in entities if e.type == "place"]
    venues = ByStart(p for p in places if not is_locality(p.name))
    seen: set[tuple[str, str]] = set()
    for town in (p for p in places if is_locality(p.name)):
        words = doc.char_span(town.start, town.end, alignment_mode="expand")
        if words is None or not _opened_by_in(words.root):
            continue
        venue = _venue_above(words.root, venues) or _venue_before(doc, town, words.root, venues)
        if venue is not None and (venue.name, town.name) not in seen:
            seen.add((venue.name, town.name))
            yield ClaimDraft(venue, "within", town.name, town.start, town.end, "place.within.parse", town)


def _opened_by_in(root: Token) -> bool:
    """'in Krasnogorsk': a 'case' child (UD), or the preposition the name hangs on (ClearNLP's pobj)."""
    return any(c.dep_ == "case" and c.lower_ == "in" for c in root.children) or (
        root.dep_ == "pobj" and root.head.lower_ == "in"
    )


def _venue_above(root: Token, venues: ByStart[TypedSpan]) -> TypedSpan | None:
    """The venue whose phrase the town's modifies: the town's head (or, through 'in', its head's head) is the
    venue's last word or the noun the venue's name modifies ('the Crocus City Hall concert venue')."""
    head = root.head.head if root.dep_ == "pobj" else root.head
    if root.dep_ not in _NOUN_MODIFIERS or head.i == root.i or head.pos_ not in ("NOUN", "PROPN"):
        return None
    for venue in venues.starting(head.left_edge.idx, head.idx + len(head.text)):
        if venue.end == head.idx + len(head.text) or head.idx > venue.end and _names_noun(venue, head):
            return venue
    return None


def _names_noun(venue: TypedSpan, head: Token) -> bool:
    """Whether the venue's name is a modifier of the noun ('Crocus City Hall' of 'concert venue')."""
    return any(venue.start <= c.idx < venue.end and c.dep_ in ("compound", "nmod", "amod") for c in head.children)


def _venue_before(doc: Doc, town: TypedSpan, root: Token, venues: ByStart[TypedSpan]) -> TypedSpan | None:
    """The venue written just before 'in <town>' when the parser hung both on one verb ('met at the Diriyah Palace
    in Riyadh' read as met-at-Palace and met-in-Riyadh): next to each other, the town says where the venue is."""
    venue = venues.last_ending_by(town.start)
    if venue is None or text_of(doc)[venue.end : town.start] != " in ":
        return None
    words = doc.char_span(venue.start, venue.end, alignment_mode="expand")
    return venue if words is not None and words.root.head.i == root.head.i else None
