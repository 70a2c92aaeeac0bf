"""The kinds of event a report can be about beyond meetings and violent incidents, and the words that tell of each.

One table, to read and to extend: each kind names its trigger words (lemmas, and the forms the lemmatiser may
leave as they are) and whether tolls and counts belong to it (a crash's dead, a flood's missing). Meetings and
shootings have rules of their own (meetings.py, incidents.py); a report of neither is about the kind whose
trigger comes first in its lead (the headline and the first sentences below it), read as a noun or a verb in the
parse, so 'plane crash' makes a crash and 'votes to approve' an election only where they open the story. The
event's place and date are read as an incident's are; the matcher compares events of one kind, placed in one
place within days, even when no person is shared.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from reconcile.extract.counts import MAGNITUDE, TURNOUT, Count, count_claims, gauge_claims
from reconcile.extract.dates import DateMention
from reconcile.extract.incidents import MAX_TRIGGERS, event_date, event_place
from reconcile.extract.lookup import ByStart
from reconcile.extract.mentions import TypedSpan
from reconcile.extract.parsed import sentences, text_of
from reconcile.extract.relations import ClaimDraft, EventDraft, token_at
from reconcile.extract.votes import vote_claims


@dataclass(frozen=True)
class Kind:
    name: str
    triggers: frozenset[str]
    counted: bool  # tolls and counts of the killed, injured, missing and arrested belong to it
    measures: frozenset[str] = frozenset()  # the counts that belong to it when it is not counted: an arrest's


def _kind(name: str, words: str, counted: bool = False, measures: str = "") -> Kind:
    return Kind(name, frozenset(words.split()), counted, frozenset(measures.split()))


KINDS = (
    # An attack told with no one named and no toll ('Navy foils pirate attack', 'A bomb exploded at an Oregon
    # bank'): its victims and perpetrators, when named, are read by the incident rules (incidents.py).
    _kind(
        "incident",
        "attack attacks bombing bombings bombed explosion explosions exploded blast blasts ambush ambushed",
        counted=True,
    ),
    _kind(
        "crash",
        """crash crashed crashes collision collide collided derail derailed derailment capsize capsized sink sank
        sunk shipwreck accident accidents hit-and-run""",
        counted=True,
    ),
    _kind(
        "disaster",
        """earthquake earthquakes quake flood floods flooding wildfire wildfires blaze storm hurricane cyclone typhoon
        tornado landslide landslides mudslide eruption erupt erupted tsunami avalanche""",
        counted=True,
    ),
    _kind("election", "election elections referendum runoff ballot polls"),
    _kind("ruling", "ruling verdict sentenced convicted acquitted indicted overturned upheld"),
    _kind("arrest", "arrest arrests arrested detain detains detained booked", measures="arrested"),
    _kind("theft", "robbery robberies robbed rob heist heists theft thefts burglary stole stolen steal looted"),
    _kind("deal", "acquisition acquire acquires acquired merger merge merges merged takeover"),
    _kind(
        "appointment",
        """appoint appoints appointed appointment resign resigns resigned resignation nominate nominates nominated
        nomination""",
    ),
    _kind(
        "announcement",
        "announce announces announced announcement launch launches launched unveil unveils unveiled",
    ),
)
# Common verbs that give someone a post only with 'as' or a complement: 'named as host', 'tapped to lead'.
SELECTIONS = frozenset("name named names select selected choose chose chosen pick picked tap tapped hire hired".split())
# Verbs that offer a post when their complement is one: 'asked Gupta to serve as surgeon general', 'approached him
# to be the next Surgeon General', 'has been offered the post'.
ASKING = frozenset("ask asked asks approach approached invite invited consider considered offer offered".split())
# Nouns for the one picked when they say for what: 'Obama's choice for surgeon general', 'the leading contender to
# become the next surgeon general'.
CHOICES = frozenset("choice pick contender nominee consideration".split())
# Verbs that take up a post with 'as' or a post as their object ('serve as', 'fill the post'), and what a post is.
TAKING_UP = frozenset("serve join fill take become".split())
POSTS = frozenset("post job position role seat portfolio".split())
APPOINTMENT = next(kind for kind in KINDS if kind.name == "appointment")
DISASTER = next(kind for kind in KINDS if kind.name == "disaster")
ELECTION = next(kind for kind in KINDS if kind.name == "election")
ATTACK = next(kind for kind in KINDS if kind.name == "incident")
# Words whose verb is as often said of words as of weapons ('attacked the plan'): triggers as nouns only.
NOUN_ONLY = frozenset({"attack", "attacks"})
# Nouns that make a trigger something else: a heart attack, a panic attack.
NOT_VIOLENT = frozenset({"heart", "panic", "asthma", "anxiety"})
LEAD_SENTENCES = 3  # the headline and the two sentences below it say what a report is about
# Who an event of these kinds is about: the one appointed, arrested, sentenced or robbed, the companies of a deal.
# A disaster or an announcement has nobody it is done to that two accounts would both name.
INVOLVING = frozenset({"appointment", "arrest", "ruling", "deal", "theft"})
_OBJECTS = frozenset({"obj", "dobj", "iobj"})
_PASSIVE_SUBJECTS = frozenset({"nsubj:pass", "nsubjpass"})
_POSSESSORS = frozenset({"nmod:poss", "poss"})
_PHRASE = frozenset({"compound", "flat", "flat:name", "appos", "amod", "nmod:desc", "punct", "det", "conj", "cc"})


def lead_kind(doc: Doc) -> Kind | None:
    """The kind whose trigger comes first in the report's lead, if any."""
    return next((kind for s in _lead(doc) for token in s if (kind := _kind_of(token)) is not None), None)


def _lead(doc: Doc) -> list[Span]:
    return [s for s in sentences(doc) if _words(s)][:LEAD_SENTENCES]


def lead_end(doc: Doc) -> int:
    """Where the report's lead ends: what it says below is background as often as it is the story."""
    lead = _lead(doc)
    return lead[-1].end_char if lead else 0


def attack_triggers(doc: Doc, kind: Kind | None) -> list[tuple[int, int]]:
    """Where an attack the lead tells of is written, for an incident that names nobody and states no toll; none
    when the lead tells of another kind."""
    if kind is not ATTACK:
        return []
    return [(t.idx, t.idx + len(t.text)) for t in doc if _kind_of(t) is ATTACK][:MAX_TRIGGERS]


def kind_claims(
    doc: Doc,
    entities: list[TypedSpan],
    dates: list[DateMention],
    events: list[EventDraft],
    published: dt.date | None,
    counts: list[Count],
    violent: bool,
    shooting: bool,
    kind: Kind | None,
) -> tuple[list[ClaimDraft], list[Count]]:
    """The report's event of the lead's `kind`, appended to `events`, with its place, date and (for a counted
    kind) its counts; and the counts left for an incident. A report that already tells of a meeting gets none, and
    one that tells of violence (`violent`: a toll, or words of shooting and killing) gets only a crash or a
    disaster, whose dead are its toll: an 'announced' in the lead of a shooting report is not its story. A report
    of a shooting (`shooting`) gets none: 'fire' or 'crashed' in its lead is gunfire or the getaway car. An
    attack is left to the incident rules, which also read its victims and perpetrators."""
    if shooting or events or kind is None or kind is ATTACK:
        return [], counts
    lead = _lead(doc)
    if violent and not kind.counted:
        return [], counts
    triggers = [(t.idx, t.idx + len(t.text)) for t in doc if _kind_of(t) is kind][:MAX_TRIGGERS]
    event = EventDraft(f"k{len(events) + 1}", kind.name, triggers, 0, -1)
    events.append(event)
    starts = [s.start_char for s in sentences(doc)]
    told = {bisect.bisect_right(starts, start) - 1 for start, _ in triggers}
    drafts = [
        *event_place(event, doc, entities, starts, told),
        *event_date(event, text_of(doc), dates, starts, told, published),
        *(involved_claims(doc, event, entities, lead[-1].end_char) if kind.name in INVOLVING else ()),
        *(gauge_claims(doc, event, MAGNITUDE, lead[-1].end_char) if kind is DISASTER else ()),
        *(gauge_claims(doc, event, TURNOUT, len(text_of(doc))) if kind is ELECTION else ()),
        *(vote_claims(doc, event, entities) if kind is ELECTION else ()),
    ]
    if kind.counted:
        return [*drafts, *count_claims(event, counts)], []
    own = [c for c in counts if c.measure in kind.measures]
    return [*drafts, *count_claims(event, own)], [c for c in counts if c.measure not in kind.measures]


def involved_claims(doc: Doc, event: EventDraft, entities: list[TypedSpan], lead_end: int) -> list[ClaimDraft]:
    """The people (and, for a deal, organisations) an event is done to, read from its triggers' arguments in the
    parse: 'police arrested Gary Gomes', 'Williams was arrested', 'the arrest of Vincent Jackson', "Jackson's
    arrest"; with no object, the subject ('Minister resigns', a headline's 'Jamal Williams arrested'). Not the
    one who acts on them: the police who arrest or the president who nominates are not what the event is about.
    A company is what a deal is about, and a jeweller what a robbery is about ('Harry Winston was robbed').
    Only the lead's triggers count (up to `lead_end`): further down, 'the team's second such arrest in a month'
    tells of an earlier arrest, and its man is not this one's."""
    types = ("person", "organisation") if event.kind in ("deal", "theft") else ("person",)
    named = ByStart(e for e in entities if e.type in types)
    rule = f"{event.kind}.involves.parse"
    drafts: dict[tuple[int, int], ClaimDraft] = {}
    for start, _ in event.triggers:
        trigger = token_at(doc, start) if start < lead_end else None
        for word in _patients(trigger, event.kind == "deal") if trigger is not None else ():
            for span in _names_in_phrase(doc, named, word):
                claim = ClaimDraft(event, "involves", span.name, span.start, span.end, rule, span)
                drafts.setdefault((span.start, span.end), claim)
    return list(drafts.values())


def _names_in_phrase(doc: Doc, named: ByStart[TypedSpan], word: Token) -> list[TypedSpan]:
    """The names in a word's noun phrase: 'Gary Gomes and Robyn Mendes' (a parse may hang the first name on the
    last), 'defensive tackle Jamal Williams'; not a possessor ("Obama's nominee") nor a name in a clause that
    tells more of the phrase ('Gomes, who shot Ray Adler')."""
    found = []
    covering = next(named.before(word.idx + 1), None)  # 'Dr. Sanjay Gupta' when the parse made 'Gupta' the head
    if covering is not None and covering.start < word.left_edge.idx and word.idx < covering.end:
        found.append(covering)
    for span in named.starting(word.left_edge.idx, word.right_edge.idx + 1):
        words = doc.char_span(span.start, span.end, alignment_mode="expand")
        if words is None or words.root.dep_ in _POSSESSORS:
            continue
        if span.start <= word.idx < span.end or _attached(words.root, word):
            found.append(span)
    return found


def _attached(token: Token, head: Token) -> bool:
    """Whether `token` hangs on `head` through the words that build a name phrase, not through a clause."""
    while token.i != head.i:
        if token.dep_ not in _PHRASE or token.head.i == token.i:
            return False
        token = token.head
    return True


def _patients(trigger: Token, both_sides: bool) -> list[Token]:
    """The words a trigger's event is done to, with their conjuncts ('Gomes and his brother'). A trigger with an
    object or a subject is a verb, whatever its tag ('Thieves rob Harry Winston' in a Title Case headline)."""
    children = list(trigger.children)
    # the post offered is not whom it is about: 'Gupta has been offered the post' is about Gupta
    arguments = [
        c for c in children if (c.dep_ in _OBJECTS or c.dep_ in _PASSIVE_SUBJECTS) and c.lemma_.lower() not in POSTS
    ]
    # a name before a copular predicate is its subject, though a parser may call it a vocative ('Dr. Sanjay Gupta,
    # a neurosurgeon, is the leading contender')
    subjects = [c for c in children if c.dep_ == "nsubj" or c.dep_ == "vocative" and c.i < trigger.i]
    # 'asked Solberg to serve as commissioner' parsed with Solberg as the clause's subject
    arguments += [g for c in children if _complement(c) for g in c.children if g.dep_ == "nsubj"]
    arguments += _asked(trigger)
    named = [c for c in children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if CHOICES & {trigger.lower_, trigger.lemma_.lower()} and named:
        words = named  # 'Obama's choice for surgeon general, Sanjay Gupta'
    elif trigger.pos_ in ("NOUN", "PROPN") and not (arguments or subjects):
        words = [c for c in children if c.dep_ in _POSSESSORS]
        words += [c for c in children if c.dep_ == "nmod" and any(g.lower_ == "of" for g in c.children)]
        words += [g for c in children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    else:
        words = arguments
        if both_sides or not words:  # 'Google acquired YouTube'; 'Williams arrested on DUI suspicion'
            words += subjects
    return [w for word in words for w in (word, *word.conjuncts)]


def _words(sentence: Span) -> bool:
    """A sentence of words, not an address or a run of symbols ('http : / / news . bbc . co . uk /')."""
    alpha = sum(t.is_alpha for t in sentence)
    return alpha >= 3 and alpha >= len(sentence) / 2


def _as_post(child: Token) -> bool:
    """'as host' (UD hangs 'as' on the post, ClearNLP on the verb) or a complement ('tapped to lead')."""
    return child.lower_ == "as" or child.dep_ in ("xcomp", "oprd") or any(g.lower_ == "as" for g in child.children)


def _asked(trigger: Token) -> list[Token]:
    """The proper nouns between a verb of asking and the 'to' of its complement ('asked the state's economist Dr
    Priya Solberg to join'): the one asked stands there whatever a parse makes of the words between."""
    if not ASKING & {trigger.lower_, trigger.lemma_.lower()}:
        return []
    found: list[Token] = []
    for word in trigger.doc[trigger.i + 1 : trigger.sent.end]:
        if word.lower_ == "to" and word.dep_ == "mark":
            return found
        if word.pos_ == "PROPN":
            found.append(word)
    return []


def _complement(child: Token) -> bool:
    """A clause completing a verb: xcomp or ccomp, or an infinitive a parser joined to it as a conjunct ('asked
    Gupta to join', where 'to join' can be no conjunct of 'asked')."""
    if child.dep_ in ("xcomp", "ccomp"):
        return True
    return child.dep_ == "conj" and any(g.dep_ == "mark" and g.lower_ == "to" for g in child.children)


def _offers_a_post(token: Token) -> bool:
    """Whether a verb of asking or a noun of choosing has a post as its complement: a post named with a copula
    ('to be the next Surgeon General'), a verb of taking one up ('to serve as', 'to become', 'to fill the post'), a
    post as its object ('offered the post of') or, for a noun, 'for' a post ('choice for surgeon general'). The
    complement may hang on the one asked, as parsers often put it ('asked Gupta to serve')."""
    asked = [c for c in token.children if c.dep_ in _OBJECTS]
    words = [token, *asked, *(g for c in asked for g in c.children if g.dep_ == "appos")]  # 'Gupta, CNN's reporter, to'
    for child in (c for w in words for c in w.children):
        if child.lemma_.lower() in POSTS and child.dep_ in (*_OBJECTS, "nsubj:pass", "nsubjpass"):
            return True
        if not (_complement(child) or child.dep_ in ("acl", "advcl", "nmod")):
            continue
        if child.dep_ == "nmod":  # 'for surgeon general'
            if token.pos_ in ("NOUN", "PROPN") and any(g.lower_ == "for" for g in child.children):
                return True
            continue
        if child.pos_ in ("NOUN", "PROPN") and any(g.dep_ == "cop" for g in child.children):
            return True  # 'to be the country's surgeon general'
        lemma = child.lemma_.lower()
        if lemma in TAKING_UP and (
            lemma == "become" or any(_as_post(g) or g.lemma_.lower() in POSTS for g in child.children)
        ):
            return True
    return False


def _kind_of(token: Token) -> Kind | None:
    """The kind whose trigger the word is, read as a noun or a verb (a proper noun in a Title Case headline; an
    adjective with a subject, which is a verb the tagger missed: 'The court upheld the ban')."""
    predicate = token.pos_ == "ADJ" and any(c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") for c in token.children)
    if token.pos_ not in ("NOUN", "VERB", "PROPN") and not predicate:
        return None
    if token.pos_ == "NOUN" and token.dep_ == "amod":
        return None  # a noun read as a modifier names a quality of another noun: 'the ruling party'
    lower, lemma = token.lower_, token.lemma_.lower()
    if SELECTIONS & {lower, lemma} and any(_as_post(c) for c in token.children):
        return APPOINTMENT  # 'was named as host', 'picked him to lead': a post given, said with a common verb
    if (ASKING | CHOICES | SELECTIONS) & {lower, lemma} and _offers_a_post(token):
        return APPOINTMENT
    if lower in ("fire", "fires") and token.pos_ == "NOUN" and token.head.lemma_.lower() != "open":
        return DISASTER  # a fire that burns, not the fire a gunman opens
    if NOUN_ONLY & {lower, lemma} and (token.pos_ == "VERB" or any(c.lower_ in NOT_VIOLENT for c in token.children)):
        return None
    return next((kind for kind in KINDS if lower in kind.triggers or lemma in kind.triggers), None)
