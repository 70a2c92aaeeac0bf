"""Roles from the parse: job titles in every position, and who led an event.

'US Secretary of State Marco Rubio and Russian Foreign Minister Sergei Lavrov' is two phrases joined by
'and': each name's title is what its own phrase holds before it, so a walk over capitalised words can no
longer hand Lavrov the whole line. The same reading gives the appositive ('Badr Jamous, head of the SNC')
and the possessive ('Turkey's foreign minister Hakan Fidan', whose country is an affiliation, not a title).
'Rubio and Lavrov led the talks' makes each subject of a verb of leading whose object is the event's word a
lead of that event, however many are coordinated.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from reconcile.extract.lookup import ByStart
from reconcile.extract.mentions import TypedSpan
from reconcile.extract.names import title_word
from reconcile.extract.relations import ClaimDraft, EventDraft, title_claims, titles, token_at
from reconcile.extract.vocab import PORTFOLIO_WORDS, TITLE_HEADS

# Relations inside one noun phrase; anything else (a verb's subject, a conjunct) is another phrase. Universal
# Dependencies names first, then the ClearNLP names of spaCy's own English pipelines (prep, pobj, poss).
_PHRASE = frozenset(
    {"compound", "amod", "nmod", "nmod:poss", "case", "det", "flat", "punct", "cc:preconj", "nummod"}
    | {"prep", "pobj", "poss", "nn"}
)
_LEADING = frozenset("lead head chair co-chair co-lead host".split())
_APPOSITIVE_WORDS = 4
_MAX_DEPTH = 8
_TITLE_POS = frozenset(
    {"NOUN", "PROPN", "ADJ", "NUM"}
)  # a title word within this many words opens an appositive title ('a senior adviser to')


def parsed_titles(doc: Doc, entities: list[TypedSpan]) -> Iterator[ClaimDraft]:
    """Each person's title before the name and in an appositive after it, with the affiliations inside them."""
    found = ByStart(entities)
    named = {i for e in entities if e.type in ("person",) for i in range(e.start, e.end)}
    titled: set[TypedSpan] = set()
    for claim in _parsed(doc, entities, found, named):
        titled.add(claim.subject)  # type: ignore[arg-type]
        yield claim
    # Where the parse gives a person no title, the surface rules may: a small parser misreads some long titles.
    yield from (c for c in titles(doc, entities) if c.subject not in titled)


def _parsed(doc: Doc, entities: list[TypedSpan], found: ByStart[TypedSpan], named: set[int]) -> Iterator[ClaimDraft]:
    for person in (e for e in entities if e.type == "person"):
        name = doc.char_span(person.start, person.end, alignment_mode="expand")
        if name is None or not len(name):
            continue
        before = _before(name, named)
        if before is not None:
            yield from title_claims(person, before[0], "title.parse.prefix", found, opens=before[1])
        after = _appositive(name)
        if after is not None:
            yield from title_claims(person, after, "title.parse.appositive", found)


def _anchor(name: Span) -> Token:
    """The token a title hangs from: the name's head, or the title word the name itself hangs from when the
    parse made 'Secretary' the phrase's head and 'Rubio' its flat or appositive part."""
    head = name.root
    while head.dep_ in ("flat", "appos", "compound") and head.head.i < name.start and title_word(head.head):
        head = head.head
    return head


def _in_phrase(token: Token, anchor: Token) -> bool:
    """Whether `token` reaches `anchor` through noun-phrase relations only (a title is a few words deep; a longer
    chain is a parse of a list, and climbing it for every word would grow with the square of its length)."""
    for _ in range(_MAX_DEPTH):
        if token.i == anchor.i:
            return True
        if token.dep_ not in _PHRASE or token.head.i == token.i:
            return False
        token = token.head
    return False


def _title_vocabulary(token: Token) -> bool:
    """A word of a title ('Finance', 'Minister', 'foreign minister') right before the name, however the parse
    attached it: the walk still stops at 'and', a comma and another name."""
    return title_word(token) or token.lower_.rstrip(".") in PORTFOLIO_WORDS


def _possessor(doc: Doc, start: int, first: int) -> int:
    """ "Greece's foreign minister": the proper nouns and "'s" before the title words, so the country becomes an
    affiliation (the title's text leaves it out)."""
    if start - 1 > first and (doc[start - 1].tag_ == "POS" or doc[start - 1].lower_ in ("'s", "’s")):
        k = start - 1
        while k > first and doc[k - 1].pos_ == "PROPN":
            k -= 1
        return k if k < start - 1 else start
    return start


def _before(name: Span, named: set[int]) -> tuple[Span, int] | None:
    """The title words before the name in its own phrase; a possessor ('Turkey's') opens it and stays out of the
    title text, to be an affiliation; 'and', a comma or another name ends it. With none, the title the name is
    an appositive of."""
    doc = name.doc
    anchor = _anchor(name)
    start = name.start
    while start > name.sent.start:
        token = doc[start - 1]
        if (
            token.idx in named
            or token.dep_ == "cc"  # a conjunct reached before its "and" is a title word the parse misread
            or token.text in (",", ";", "(")
            or not (_in_phrase(token, anchor) or token.i == anchor.i or _title_vocabulary(token))
        ):
            break
        start -= 1
    start = _possessor(doc, start, name.sent.start)
    title = _title_span(doc, start, name.start)
    if title is None:
        return _title_then_name(name, named)
    return (title, doc[_opening(doc, start, title.start)].idx) if title is not None else None


def _title_then_name(name: Span, named: set[int]) -> tuple[Span, int] | None:
    """'The President of the Commission, Dr. Badr Jamous,': the name (with its honorific) is an appositive of the
    title phrase before it, by the parse or, where the parse joined them otherwise, by the comma between them."""
    doc = name.doc
    phrase = name.root
    while phrase.dep_ in ("flat", "compound") and phrase.head.i < name.start and title_word(phrase.head):
        phrase = phrase.head  # 'Dr.' heading 'Badr Jamous'
    first = min(phrase.left_edge.i, name.start)
    while first < name.start and doc[first].is_punct:
        first += 1  # the comma before the name may hang from it
    if doc[first].dep_ == "cc" or first > 0 and doc[first - 1].dep_ == "cc":
        return None  # 'X, Deputy Secretary, and Nicholas Granger': coordinated, not in apposition
    top: Token | None = None
    if phrase.dep_ == "appos" and phrase.head.i < first and title_word(phrase.head):
        top = phrase.head
    elif first >= 2 and doc[first - 1].text == ",":
        top = doc[first - 2]
        while top.dep_ in _PHRASE and name.sent.start <= top.head.i < first - 1:
            top = top.head
        top = top if title_word(top) else None
    if top is None:
        return None
    start = max(top.left_edge.i, name.sent.start)
    title = _title_span(doc, start, first - 1 if doc[first - 1].text == "," else first)
    if title is None or any(t.idx in named for t in title):
        return None  # a title holds no one's name
    return title, doc[_opening(doc, start, title.start)].idx


def _opening(doc: Doc, start: int, end: int) -> int:
    """The first word of a title phrase that can belong to it: a noun, adjective or number ('French envoy'), not an
    article, a preposition, 'including' or punctuation."""
    while start < end and doc[start].pos_ not in _TITLE_POS and not title_word(doc[start]):
        start += 1  # 'the', 'including', 'for'
    return start


def _title_span(doc: Doc, start: int, end: int) -> Span | None:
    """Articles, honorifics alone and a possessor's "'s" trimmed; kept only with a title word in it."""
    start = _opening(doc, start, end)
    for k in range(start, end):
        if doc[k].tag_ == "POS" or doc[k].lower_ in ("'s", "’s"):
            start = k + 1  # "Turkey's foreign minister": the possessor is the affiliation, the rest the title
    while end > start and (doc[end - 1].is_punct or doc[end - 1].pos_ == "ADP"):
        end -= 1
    if end <= start or not any(t.lower_ in TITLE_HEADS for t in doc[start:end]):
        return None
    return doc[start:end]


def _appositive(name: Span) -> Span | None:
    """', head of the SNC,': the appositive phrase hanging from the name, when a title word opens it."""
    for child in name.root.children:
        if child.i < name.end or not (
            child.dep_ == "appos"
            or child.dep_ == "conj"
            and name.end < len(name.doc)
            and name.doc[name.end].text == ","
        ):
            continue  # a conjunct after a comma with no 'and' is how a parse may read an appositive
        phrase = child.doc[child.left_edge.i : child.right_edge.i + 1]
        words = [t for t in phrase if not t.is_punct and t.pos_ != "DET"]
        if any(t.lower_ in TITLE_HEADS for t in words[:_APPOSITIVE_WORDS]):
            return _title_span(child.doc, phrase.start, phrase.end)
    return None


def parsed_leads(doc: Doc, events: list[EventDraft], entities: list[TypedSpan]) -> Iterator[ClaimDraft]:
    """'A and B led the talks', 'C chaired the meeting': the people and organisations that are subjects of a verb
    of leading whose object is one of the event's words."""
    leads = ByStart(e for e in entities if e.type in ("person", "organisation"))
    for event in events:
        for start, _ in event.triggers:
            trigger = token_at(doc, start)
            if trigger is None or trigger.dep_ not in ("obj", "dobj") or trigger.head.lemma_.lower() not in _LEADING:
                continue
            for subject in (c for c in trigger.head.children if c.dep_ == "nsubj"):
                for word in (subject, *subject.conjuncts):
                    named = leads.starting(word.left_edge.idx, word.idx + 1)
                    for lead in (n for n in named if n.start <= word.idx < n.end):
                        yield ClaimDraft(event, "led_by", lead.name, lead.start, lead.end, "meeting.led-by.parse", lead)
