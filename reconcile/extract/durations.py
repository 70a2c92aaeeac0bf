"""How long: a sentence's length, how long talks lasted.

'Sentenced to 10 years' against 'eight years', 'talks lasted three hours' against 'a two-hour meeting': each is
read into one value, an interval and its unit ('10 years', 'at least 5 years', '3 hours'), compared in minutes.
A length is the event's only where the parse ties it to the event: the length hangs on one of its triggers
('sentenced to 10 years', 'a two-hour meeting'), on a verb of lasting whose subject is one ('the talks lasted
three hours'), on a verb of jailing ('jailed for five years'), or takes a trigger as its 'of' ('five hours of
talks'). A length told as a distance in time ('two years ago', 'three days later', 'in two weeks') is none.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from reconcile.extract.clauses import in_background
from reconcile.extract.counts import bounded, interval_words, number_of
from reconcile.extract.relations import ClaimDraft, EventDraft

UNITS = {
    "minute": "minutes",
    "minutes": "minutes",
    "hour": "hours",
    "hours": "hours",
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}
LASTING = frozenset("last lasted lasting lasts continue continued run ran".split())
JAILING = frozenset("jail jailed imprison imprisoned sentence sentenced".split())
# Words that make a length a distance in time, or a time to come: after it ('two years ago') or before it, or
# among its modifiers ('in two weeks', 'three days after the ceasefire').
_SINCE = frozenset("ago later earlier".split())
_DISTANCE = _SINCE | frozenset("after before since within in".split())


def duration_claims(doc: Doc, event: EventDraft) -> list[ClaimDraft]:
    """The first length the report ties to the event, as a claim on it."""
    triggers = {start for start, _ in event.triggers}
    for token in doc:
        if token.lower_ not in UNITS or token.pos_ not in ("NOUN", "PROPN"):
            continue
        found = _length(token)
        if found is None or not _ties(token, triggers) or in_background(token):
            continue
        value, start = found
        return [ClaimDraft(event, "duration", value, start, token.idx + len(token.text), "duration.parse")]
    return []


def duration_of(doc: Doc) -> str | None:
    """The value of the one length a parsed text states ('at least five years' -> 'at least 5 years'), as the
    extractor reads it: a claim's span must read back as its value."""
    found = [f for t in doc if t.lower_ in UNITS and (f := _length(t)) is not None]
    return found[0][0] if len(found) == 1 else None


def _length(unit: Token) -> tuple[str, int] | None:
    """The value of the number before a unit ('10 years', 'two-hour', 'at least five years') and where its words
    begin; None when no number counts the unit or the length is a distance in time."""
    doc = unit.doc
    after = doc[unit.i + 1].lower_ if unit.i + 1 < len(doc) else ""
    if after in _SINCE or any(c.lower_ in _DISTANCE for c in unit.children):
        return None
    last = unit.i - 1
    if last >= 0 and doc[last].text in ("-", "–") and not doc[last].whitespace_:
        last -= 1  # 'two-hour'
    if last < 0 or not (doc[last].like_num and doc[last].tag_ == "CD"):
        return None
    first = last
    while first > 0 and doc[first - 1].like_num and doc[first - 1].tag_ == "CD":
        first -= 1
    number = number_of(" ".join(t.text for t in doc[first : last + 1]))
    if number is None:
        return None
    (low, high), opening = bounded(doc, first, number)
    if opening > 0 and doc[opening - 1].lower_ in _DISTANCE:
        return None  # 'in two weeks', 'after three days'
    return f"{interval_words(low, high)} {UNITS[unit.lower_]}", doc[opening].idx


def _ties(unit: Token, triggers: set[int]) -> bool:
    """Whether the parse ties the length to one of the event's triggers."""
    head = unit.head
    if head.idx in triggers and head.i != unit.i:
        return True  # 'sentenced to 10 years', 'a two-hour meeting'
    if head.lemma_.lower() in JAILING or head.lower_ in JAILING:
        return True
    if head.lemma_.lower() in LASTING or head.lower_ in LASTING:
        return any(c.dep_ in ("nsubj", "nsubj:pass") and c.idx in triggers for c in head.children)
    of = [c for c in unit.children if c.dep_ == "nmod"] + [
        g for c in unit.children if c.dep_ == "prep" for g in c.children
    ]
    return any(word.idx in triggers for word in of)  # 'five hours of talks'
