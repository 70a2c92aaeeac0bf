"""An election's result: the share of the vote and the votes each candidate or party won.

Reports of one election round and count differently ('52.6 percent' and '53%'; '1.2 million votes' and
'1,234,567'), and a share given to the wrong candidate is what a fact-checker looks for, so each number is a
claim held by whoever won it. Both are read from the parse: a percentage or a count of votes that is the object
(or 'with' adjunct) of a verb of winning or receiving ('won 52.6 percent of the vote', 'received 47.4%', 'polled
1,234,567 votes', 'won the runoff with 58.5 percent') whose subject is a named person or organisation.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from reconcile.extract.counts import bounded, interval_words, number_of
from reconcile.extract.lookup import ByStart
from reconcile.extract.mentions import TypedSpan
from reconcile.extract.relations import ClaimDraft, EventDraft

WINNING = frozenset(
    "win won wins take took takes receive received receives get got gets garner garnered poll polled".split()
)
WINNING |= frozenset("secure secured capture captured gain gained obtain obtained".split())
PERCENT = frozenset({"%", "percent", "per"})  # 'per cent' is two words
BALLOTS = frozenset({"vote", "votes", "ballot", "ballots"})
_SUBJECTS = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})


def vote_claims(doc: Doc, event: EventDraft, entities: list[TypedSpan]) -> list[ClaimDraft]:
    """Each share of the vote and count of votes the report gives, held by the candidate or party that won it;
    the first value per holder and measure, as a report restates its headline figure further down."""
    holders = ByStart(e for e in entities if e.type in ("person", "organisation"))
    drafts: dict[tuple[str, str], ClaimDraft] = {}
    for token in doc:
        if not (token.like_num and token.tag_ == "CD") or _inside_number(token):
            continue
        found = _share(token) or _votes(token)
        if found is None:
            continue
        prop, value, (start, end), counted = found
        holder = _holder(counted, holders)
        if holder is not None:
            claim = ClaimDraft(event, prop, value, start, end, f"{prop}.parse", qualifiers=(("holder", holder),))
            drafts.setdefault((prop, holder.name or holder.text), claim)
    return list(drafts.values())


def _inside_number(token: Token) -> bool:
    """A word of a number written in several ('1.2 million'): the number is read from its last word."""
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return after is not None and after.like_num and after.tag_ == "CD"


def _share(number: Token) -> tuple[str, str, tuple[int, int], Token] | None:
    """'52.6 percent', '47.4%', '31.2 per cent': the value as written and the word the verb takes."""
    doc = number.doc
    after = doc[number.i + 1] if number.i + 1 < len(doc) else None
    if after is None or after.lower_ not in PERCENT:
        return None
    end = after if after.lower_ != "per" else doc[after.i + 1] if after.i + 1 < len(doc) else after
    if after.lower_ == "per" and end.lower_ != "cent":
        return None
    try:
        if not 0 <= float(number.text) <= 100:
            return None
    except ValueError:
        return None
    if number.head.i in (after.i, end.i):
        counted = number.head  # the number hangs on the percent word ('cent' of 'per cent')
    else:
        counted = after if after.head.i != number.i else number
    return "vote_share", number.text, (number.idx, end.idx + len(end.text)), counted


def _votes(last: Token) -> tuple[str, str, tuple[int, int], Token] | None:
    """'1,234,567 votes', 'more than 1.2 million votes': the count as an interval, and the noun 'votes'."""
    counted = last.head
    if counted.lower_ not in BALLOTS or last.dep_ != "nummod" and last.head.i != last.i + 1:
        return None
    first = last
    while first.i > 0 and first.doc[first.i - 1].like_num and first.doc[first.i - 1].tag_ == "CD":
        first = first.doc[first.i - 1]
    words = " ".join(t.text for t in first.doc[first.i : last.i + 1])
    number = _number(words)
    if number is None:
        return None
    (low, high), opening = bounded(last.doc, first.i, number)
    return "votes", interval_words(low, high), (last.doc[opening].idx, counted.idx + len(counted.text)), counted


def _number(words: str) -> int | None:
    """'1,234,567' -> 1234567, '1.2 million' -> 1200000."""
    head, _, scale = words.rpartition(" ")
    if scale.lower() in ("million", "thousand", "billion") and head.replace(".", "", 1).isdigit():
        return round(float(head) * {"thousand": 1e3, "million": 1e6, "billion": 1e9}[scale.lower()])
    return number_of(words)


def _holder(counted: Token, holders: ByStart[TypedSpan]) -> TypedSpan | None:
    """The named subject of the verb of winning that takes the counted word as its object or 'with' adjunct; a
    verb joined to another ('won 52% and received 1.2 million votes') takes the first one's subject."""
    verb = counted.head
    if counted.dep_ not in ("obj", "dobj", "obl", "pobj", "npadvmod", "obl:unmarked") or not _winning(verb):
        if not (verb.lower_ == "with" and _winning(verb.head)):
            return None
        verb = verb.head
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                for span in holders.starting(child.left_edge.idx, child.right_edge.idx + 1):
                    return span
        if verb.dep_ != "conj":
            return None
        verb = verb.head
    return None


def _winning(verb: Token) -> bool:
    """A verb of winning or receiving, by its lemma or as written (the lemmatiser leaves 'polled' as 'polle')."""
    return verb.lemma_.lower() in WINNING or verb.lower_ in WINNING
