"""Meetings a report tells of, and who attended them, who led them, when and where they took place.

A meeting is found by its trigger word ('met', 'talks') and told by the sentences from there to the
next new meeting. Every claim's span is cut from those sentences. The work per meeting is kept to
the meeting's own sentences and to what it yields: a report of thousands of meetings, or of one
sentence opening talks with thousands of people, reads in time proportional to its length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc, Span, Token

from reconcile.extract.dates import DateMention
from reconcile.extract.lookup import ByStart
from reconcile.extract.mentions import COMPARED_PEOPLE, TypedSpan, headline, same_person
from reconcile.extract.names import is_parsed
from reconcile.extract.parsed import sentences as all_sentences
from reconcile.extract.parsed import text_of, words_of
from reconcile.extract.relations import DELEGATION_OF, ClaimDraft, EventDraft, date_claim
from reconcile.extract.vocab import MEETING_TRIGGERS, PLURAL_TRIGGERS

_BACK_REFERENCE = frozenset("the their this that its his her during".split())
# A party's name and then a verb of its own: 'the SNC reiterated', 'the SNC has held', 'The SNC also engaged'.
_ACTS = re.compile(r"\s+(?:(?:also|has|have|had|will|is|was|were|then)\b|(?:met|held)\b|[a-z]+ed\b)")
_LED_BY = re.compile(r"\b(?:led|headed|chaired)\s+by\b")
_LEAD_REACH = 140  # a lead is named within this many characters after 'led by'
_SIDE_REACH = 80  # and the side it leads within this many before
# 'talks with A, B and C' are a meeting with each of them, each attended by the people named after it; talks
# with more people than this are one meeting with all of them (a summit), else the claims would grow with the
# square of the report's length: a meeting per person, each attended by every person named later.
SEPARATE_MEETINGS_MAX = 50


def meetings(doc: Doc, entities: list[TypedSpan]) -> list[EventDraft]:
    """Meetings by trigger word; a trigger with new counterparts and 'also' or a plural is a new meeting."""
    sentences = all_sentences(doc)
    named = ByStart(e for e in entities if e.type != "document")
    events: list[EventDraft] = []
    open_events: list[EventDraft] = []  # those a new meeting still cuts short: every other one ended already
    known: set[str] = set()  # every counterpart's name so far
    for number, sentence in enumerate(sentences):
        also: bool | None = None
        for token in words_of(sentence):
            if token.lower_ not in MEETING_TRIGGERS:
                continue
            with_at = _with_after(sentence, token)
            # The people, organisations and countries named after that 'with'.
            after = (with_at + 1, sentence.end_char) if with_at is not None else (0, 0)
            trigger = (token.idx, token.idx + len(token.text))
            new = False
            if events and not _refers_back(token):
                if also is None:
                    also = any(t.lower_ in ("also", "held") for t in words_of(sentence))
                new = (also or token.lower_ in PLURAL_TRIGGERS) and _all_unknown(named.iter_starting(*after), known)
            if not events or new:
                for open_event in open_events:
                    open_event.last_sentence = min(open_event.last_sentence, number - 1)
                counterparts = named.starting(*after)
                people = sum(c.type == "person" for c in counterparts)
                plural = token.lower_ in PLURAL_TRIGGERS and 1 < people <= SEPARATE_MEETINGS_MAX
                groups = [[c] for c in counterparts if c.type == "person"] if plural else [counterparts]
                last = number if events else len(sentences) - 1
                open_events = []
                for group in groups:
                    events.append(EventDraft(f"m{len(events) + 1}", "meeting", [trigger], number, last, group))
                    open_events.append(events[-1])
                    known.update(c.name for c in group)
            elif number <= events[-1].last_sentence:
                events[-1].triggers.append(trigger)
    return events


def _with_after(sentence: Span, trigger: Token) -> int | None:
    """Where the 'with' that follows the trigger within four words stands ('met on Tuesday with')."""
    after = words_of(sentence)[trigger.i - sentence.start + 1 : trigger.i - sentence.start + 5]
    return next((t.idx for t in after if t.lower_ == "with"), None)


def _refers_back(trigger: Token) -> bool:
    """'during the meeting', 'their talks': a meeting already told, never a new one."""
    return trigger.i > 0 and trigger.doc[trigger.i - 1].lower_ in _BACK_REFERENCE


def _all_unknown(counterparts: Iterable[TypedSpan], known: set[str]) -> bool:
    """New people, and none met before: a meeting with someone already met is that meeting told again.

    Most triggers name someone already met first, so the answer seldom needs more than one name.
    """
    fresh = False
    for counterpart in counterparts:
        if counterpart.name in known:
            return False
        fresh = True
    return fresh


def meeting_claims(
    doc: Doc, events: list[EventDraft], entities: list[TypedSpan], dates: list[DateMention], body: int = 0
) -> Iterator[ClaimDraft]:
    """Attendees, lead, date, place and cited documents of each meeting, from the sentences that tell it.

    `body` is where the report's body begins (after its dateline): an attendee is cited from there if it can be.
    Meetings told by the same sentences (talks with A and B are a meeting with A and one with B) share what
    those sentences say, which is read once for all of them.
    """
    report = _Report(doc, entities, dates, body, events)
    scopes: dict[tuple[int, int], _Scope] = {}
    for event in events:
        if event.last_sentence < event.first_sentence:
            continue  # cut short by a meeting opened later in its own sentence: no sentence tells it alone
        told_by = (event.first_sentence, event.last_sentence)
        if told_by not in scopes:
            scopes[told_by] = _Scope(report, *told_by)
        yield from scopes[told_by].claims(event)


class _Report:
    """What every meeting of a report looks up: its names, dates, sentences and 'led by' cues."""

    def __init__(
        self, doc: Doc, entities: list[TypedSpan], dates: list[DateMention], body: int, events: list[EventDraft]
    ) -> None:
        self.doc = doc
        self.parsed = is_parsed(doc)
        self.text = text_of(doc)
        self.sentences = all_sentences(doc)
        self.body = body
        self.found = ByStart(entities)
        self.leads = ByStart(e for e in entities if e.type in ("person", "organisation"))
        self.sides = ByStart(e for e in entities if e.type in ("organisation", "place"))
        self.dates = ByStart(dates)
        self.cues = list(_LED_BY.finditer(self.text))
        self.cue_ends = [m.end() for m in self.cues]
        self.triggers: dict[int, list[Token]] = {}
        # How many meetings opened in each sentence have each name among their counterparts.
        self.counterparts: Counter[tuple[int, str]] = Counter()
        for event in events:
            self.counterparts.update((event.first_sentence, name) for name in {c.name for c in event.counterparts})

    def in_clause(self, place: TypedSpan, number: int) -> bool:
        """With a parse: whether the place hangs from a meeting word itself ('met his counterpart ... in Kuala
        Lumpur', 'talks in Riyadh'), however many words stand between them."""
        if not self.parsed:
            return False
        words = self.doc.char_span(place.start, place.end, alignment_mode="expand")
        if words is None or not len(words):
            return False
        return any(words.root.head.i == trigger.i for trigger in self.sentence_triggers(number))

    def sentence_triggers(self, number: int) -> list[Token]:
        """The words of sentence `number` that speak of a meeting, 'held' included."""
        if number not in self.triggers:
            words = words_of(self.sentences[number])
            self.triggers[number] = [t for t in words if t.lower_ in MEETING_TRIGGERS or t.lower_ == "held"]
        return self.triggers[number]


class _Scope:
    """The sentences that tell one meeting, or several opened together, and what they say of it."""

    def __init__(self, report: _Report, first: int, last: int) -> None:
        self.report = report
        self.first = first
        scope = report.sentences[first : last + 1]
        start, end = scope[0].start_char, scope[-1].end_char
        inside = report.found.starting(start, end)
        self.shown = _Shown(inside, scope, report.body)
        self.mentions = [(named, self.shown(named)) for named in inside]
        self.at = {named: k for k, (named, _) in enumerate(self.mentions)}
        self.first_attendee: dict[str, int] = {}  # name -> where the first mention that can attend under it is
        for k, (_, entity) in enumerate(self.mentions):
            if _can_attend(entity):
                self.first_attendee.setdefault(entity.name, k)
        # Names no meeting of the first sentence has as a counterpart can attend every meeting told here.
        self.open_names = sorted(k for name, k in self.first_attendee.items() if not report.counterparts[(first, name)])
        numbers = range(first, last + 1)
        self.parties = list(self._parties(numbers))
        self.documents = [e for e in inside if e.type == "document"]
        self.lead = self._lead(start, end)
        self.dated_placed = list(self._when_where(numbers))

    def claims(self, event: EventDraft) -> Iterator[ClaimDraft]:
        """Every claim `event` gets from these sentences."""
        attendees = _Attendees(self.report.counterparts, event)
        counterparts = set(event.counterparts)
        for named, entity in self._candidates(event):
            if _can_attend(entity) and attendees.take(entity.name):
                yield ClaimDraft(event, "attendee", entity.name, entity.start, entity.end, "meeting.attendee", entity)
            elif named in counterparts and attendees.take(entity.name):
                yield ClaimDraft(
                    event, "attendee", entity.name, entity.start, entity.end, "meeting.counterpart", entity
                )
        for entity in self.parties:
            if attendees.take(entity.name):
                yield ClaimDraft(event, "attendee", entity.name, entity.start, entity.end, "meeting.party", entity)
        for entity in self.documents:
            yield ClaimDraft(event, "cites", entity.name, entity.start, entity.end, "meeting.cites", entity)
        if self.lead is not None:
            lead, side = self.lead
            qualifiers = (("side", side),) if side is not None else ()
            yield ClaimDraft(event, "led_by", lead.name, lead.start, lead.end, "meeting.led-by", lead, qualifiers)
        for item in self.dated_placed:
            if isinstance(item, DateMention):
                yield date_claim(event, item, item.rule)
            else:
                yield ClaimDraft(event, "place", item.name, item.start, item.end, "meeting.place", item)

    def _candidates(self, event: EventDraft) -> list[tuple[TypedSpan, TypedSpan]]:
        """Each mention that may make an attendee of `event`, with the mention to cite for it, in the order the
        rule reads them: its counterparts, then the mentions of its sentences.

        Of the mentions, only the first under each name can (a name is claimed once), and only under a name
        no other meeting of its sentence has as a counterpart, or as a counterpart of `event`'s own: the
        others are left out rather than looked at for every meeting.
        """
        chosen = set(self.open_names)
        for counterpart in event.counterparts:
            if counterpart in self.at:
                chosen.add(self.at[counterpart])
            if counterpart.name in self.first_attendee:
                chosen.add(self.first_attendee[counterpart.name])
        own = [(c, self.shown(c)) for c in event.counterparts]
        return own + [self.mentions[k] for k in sorted(chosen)]

    def _parties(self, numbers: range) -> Iterator[TypedSpan]:
        """The organisation that acts in a meeting sentence: 'the SNC reiterated', 'the SNC has held meetings',
        'The delegation of the SNC'; an organisation merely named there ('National Coalition head X') is not one."""
        text = self.report.text
        for number in numbers:
            if not any(t.lower_ in MEETING_TRIGGERS for t in self.report.sentence_triggers(number)):
                continue
            sentence = self.report.sentences[number]
            for entity in self.report.found.iter_starting(sentence.start_char, sentence.end_char):
                if entity.type != "organisation":
                    continue
                acts = _ACTS.match(text, entity.end)
                if DELEGATION_OF.search(text, max(0, entity.start - 40), entity.start) or acts:
                    yield entity
                    break

    def _lead(self, start: int, end: int) -> tuple[TypedSpan, TypedSpan | None] | None:
        """'led by X' / 'headed by X': the first person (else organisation) named within the next words, and the
        organisation or country named just before the cue ('the US side, led by'), if any."""
        report = self.report
        # Only a cue ending less than _LEAD_REACH characters before a name of the meeting can lead to it.
        for cue in report.cues[bisect_right(report.cue_ends, start - _LEAD_REACH) :]:
            if cue.end() >= end:
                break
            named = report.leads.starting(max(start, cue.end() + 1), min(end, cue.end() + _LEAD_REACH))
            # 'led by Assistant Secretary for Near Eastern Affairs Barbara Leaf': the person, not the office
            lead = next((n for n in named if n.type == "person"), named[0] if named else None)
            if lead is not None:
                return lead, self._side(cue.start(), start)
        return None

    def _side(self, cue: int, start: int) -> TypedSpan | None:
        for side in self.report.sides.before(cue):
            if side.start < start or cue - side.end >= _SIDE_REACH:
                return None
            if 0 < cue - side.end:
                return side
        return None

    def _when_where(self, numbers: range) -> Iterator[DateMention | TypedSpan]:
        """A date or 'in <place>' in a sentence that speaks of the meeting itself.

        One date per meeting; a place once per sentence that states it, each statement being its own evidence.
        """
        report = self.report
        dated = False
        for number in numbers:
            sentence = report.sentences[number]
            placed: set[str] = set()
            triggers = [t.idx for t in report.sentence_triggers(number)]
            if not triggers:
                continue
            if not dated:
                # The dateline's date says when the story was filed, not when the meeting was.
                written = report.dates.iter_starting(max(sentence.start_char, report.body), sentence.end_char)
                date = next((d for d in written if d.value is not None), None)
                if date is not None:
                    dated = True
                    yield date
            for place in report.found.iter_starting(sentence.start_char, sentence.end_char):
                if place.type != "place":
                    continue
                before = report.text[max(sentence.start_char, place.start - 10) : place.start]
                near = _within(triggers, place.start, 40) or before.endswith(", in ") or report.in_clause(place, number)
                if before.endswith(("in ", "in the ")) and near and place.name not in placed:
                    placed.add(place.name)
                    yield place


def _can_attend(entity: TypedSpan) -> bool:
    """A person named in full (one known only as 'Dr. X' is not sure enough to be an attendee)."""
    return entity.type == "person" and entity.rule != "person.honorific"


class _Attendees:
    """The names a meeting's attendee claims have taken so far. The counterparts of the other meetings opened
    in the same sentence ('talks with A and B' are a meeting with A and one with B) are never taken."""

    def __init__(self, counterparts: Counter[tuple[int, str]], event: EventDraft) -> None:
        self.counterparts = counterparts
        self.first = event.first_sentence
        self.own = {c.name for c in event.counterparts}
        self.taken: set[str] = set()

    def take(self, name: str) -> bool:
        """Take `name` if no claim has it yet and no other meeting of the sentence has it as a counterpart."""
        if name in self.taken or self.counterparts[(self.first, name)] > (name in self.own):
            return False
        self.taken.add(name)
        return True


class _Shown:
    """The mention to cite for an attendee: in the report's body rather than a headline or a caption above the
    dateline, and the fullest form of the name. Worked out once per name, among the mentions of names that
    name the same entity (for people, the first COMPARED_PEOPLE names of the surname and the name itself)."""

    def __init__(self, inside: list[TypedSpan], scope: list[Span], body: int) -> None:
        told = [s for s in scope if s.start_char >= body and not headline(s)]
        self.told_starts = [s.start_char for s in told]
        self.told_ends = [s.end_char for s in told]
        self.by_key: dict[tuple[str, str], dict[str, list[TypedSpan]]] = {}
        for e in inside:
            self.by_key.setdefault(_name_key(e), {}).setdefault(e.name, []).append(e)
        self.best: dict[tuple[str, str], TypedSpan | None] = {}

    def __call__(self, entity: TypedSpan) -> TypedSpan:
        key = (entity.type, entity.name)
        if key not in self.best:
            names = self.by_key.get(_name_key(entity), {})
            same = {entity.name} & names.keys()
            if entity.type == "person":
                same.update(n for n in islice(names, COMPARED_PEOPLE) if same_person(n, entity.name))
            candidates = sorted((e for n in same for e in names[n] if self._told(e.start)), key=lambda e: e.start)
            self.best[key] = max(candidates, key=lambda e: len(e.text.split()), default=None)
        return self.best[key] or entity

    def _told(self, at: int) -> bool:
        """Whether `at` lies in one of the meeting's sentences of the body."""
        index = bisect_right(self.told_starts, at) - 1
        return index >= 0 and at < self.told_ends[index]


def _name_key(entity: TypedSpan) -> tuple[str, str]:
    """What two mentions of one attendee share: a person's surname (same_person needs it), else the name."""
    if entity.type == "person":
        return entity.type, (entity.name.split() or [""])[-1]
    return entity.type, entity.name


def _within(positions: list[int], at: int, distance: int) -> bool:
    """Whether any of the sorted `positions` lies less than `distance` from `at`."""
    index = bisect_left(positions, at)
    return any(abs(positions[k] - at) < distance for k in (index - 1, index) if 0 <= k < len(positions))
