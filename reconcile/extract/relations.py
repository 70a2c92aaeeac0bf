"""What a report says about the people and meetings it names: titles, meetings, quotes and stances.

Every rule works on one sentence at a time and returns claims whose spans are cut from the text,
never rebuilt from words, so a fact-checker can always put the claim back where it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from reconcile.extract.dates import DateMention
from reconcile.extract.mentions import TypedSpan, headline, same_person
from reconcile.extract.parsed import sentence_of, text_in, text_of, words_of
from reconcile.extract.parsed import sentences as all_sentences
from reconcile.extract.vocab import (
    HONORIFICS,
    MEETING_TRIGGERS,
    ORG_HEADS,
    PLURAL_TRIGGERS,
    PRONOUNS,
    SPEECH_VERBS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)

_CONNECTORS = frozenset("of for the and in at to on".split())
_TITLE_LOWER = TITLE_HEADS | TITLE_MODIFIERS | ORG_HEADS
_BACK_REFERENCE = frozenset("the their this that its his her during".split())
# Marks pair in order within a paragraph, short quotes included, so that a short quote's closing mark
# is never read as the opening of a long one; quotes too short to say anything are dropped afterwards.
_QUOTE = re.compile(r"[“\"](?P<body>[^“”\"\n]*)[”\"]")
_QUOTE_MIN = 12
_STANCE_FOR = re.compile(
    r"(?<!not )(?<!n't )\b(?:support(?:s|ed)? for|supports?|commitment to|committed to|demand for|"
    r"call(?:ed|s)? for|push(?:ed)? for|readiness to|need for|importance of|respect for|"
    r"achiev(?:e|es|ed|ing)|secur(?:e|es|ed|ing)|ensur(?:e|es|ed|ing))\s+"
    r"(?:the\s+)?(?P<value>[^,.;:“”\"]{4,120})",
    re.IGNORECASE,
)
_STANCE_AGAINST = re.compile(
    r"\b(?:does not support|do not support|doesn't support|oppose[sd]?|reject(?:s|ed)?|nor will it|will not)\s+"
    r"(?P<value>[^,.;:“”\"]{4,80}?)(?=\s+(?:nor|or|unless)\b|[,.;]|$)",
    re.IGNORECASE,
)
_OR_MORE = re.compile(r"\s+(?:or|nor)\s+(?P<value>[^,.;:“”\"]{4,80}?)(?=\s+(?:nor|or|unless)\b|[,.;]|$)")
# Not after a refusal: 'nor will it discuss X' says X was not taken up.
_TOPIC = re.compile(
    r"(?<!will not )(?<!won't )(?<!will it )(?<!did not )(?<!didn't )"
    r"\b(?:discuss(?:ed|es)?|touched on(?: the issue of)?|"
    r"covered|ways to|the necessity for|the importance of|the need to|the need for|taking into account|"
    r"to address|demand for|support for)\s+(?:the\s+|a\s+|(?:the\s+)?pressing\s+)?(?P<value>[^,.;:“”\"]{6,120})"
)
_PREPOSITIONS = ("in ", "with ", "on ", "at ", "to ", "by ")
# A party's name and then a verb of its own: 'the SNC reiterated', 'the SNC has held', 'The SNC also engaged'.
_ACTS = re.compile(r"\s+(?:(?:also|has|have|had|will|is|was|were|then)\b|(?:met|held)\b|[a-z]+ed\b)")
_DELEGATION_OF = re.compile(r"\b(?:delegation|team|representatives|members|envoys) of (?:the )?$")
# '<party> officials, led by X' / '<party> delegation also included X and Y': X and Y speak for the party.
_GROUP = re.compile(r"\s+(?:officials|delegation|representatives|team|envoys|diplomats)\b")
# The list of a group's members ends where the other side of a meeting begins ('..., during their meeting with').
_OTHER_SIDE = re.compile(r"\b(?:with|met|meets|meeting|during)\b")
_GROUP_MEMBERS = re.compile(r"\b(?:led by|headed by|including|included|includes|such as)\b")
_AND_TO = re.compile(r",?\s+and\s+to\s+")
_TRAILING = re.compile(r"\s+(?:to|and|which|that|as|in order|while|so)$")


@dataclass
class EventDraft:
    """A meeting as the report tells it: where it is mentioned and which sentences speak of it."""

    local_id: str
    kind: str
    triggers: list[tuple[int, int]]
    first_sentence: int
    last_sentence: int
    counterparts: list[TypedSpan] = field(default_factory=list)


@dataclass(frozen=True)
class ClaimDraft:
    """A claim before local ids are given out: its subject and object are still spans."""

    subject: TypedSpan | EventDraft
    property: str
    value: str
    start: int
    end: int
    rule: str
    target: TypedSpan | None = None
    qualifiers: tuple[tuple[str, object], ...] = ()


def titles(doc: Doc, entities: list[TypedSpan]) -> Iterator[ClaimDraft]:
    """Titles written before a name ('Turkish Foreign Minister Hakan Fidan') or after it ('Jamous, head of the SNC')."""
    people = [e for e in entities if e.type == "person"]
    named = {i for p in people for i in range(p.start, p.end)}
    for person in people:
        token = _token_at(doc, person.start)
        if token is None:
            continue
        for span, rule in (
            (_title_before(doc, token, named), "title.prefix"),
            (_title_after(doc, person, named), "title.appositive"),
        ):
            if span is not None:
                yield from _title_claims(person, span, rule, entities)


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token that starts at `char`, if any (spans come from tokens, so one always should)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _title_before(doc: Doc, token: Token, named: set[int]) -> Span | None:
    """Walk left from a name over honorifics, one comma, and title words, stopping at anything else."""
    i = token.i - 1
    while i >= 0 and doc[i].text in HONORIFICS:
        i -= 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    end = i
    sentence_start = sentence_of(token).start
    while i >= sentence_start:
        word = doc[i]
        if word.idx in named:
            break
        if word.text[:1].isupper() or word.text.lower() in _TITLE_LOWER | _CONNECTORS or word.text == "-":
            i -= 1
            continue
        break
    return _trim(doc, i + 1, end + 1)


def _title_after(doc: Doc, person: TypedSpan, named: set[int]) -> Span | None:
    """', head of the SNC,' after a name: a title only if a title word comes within the first four words."""
    last = doc.char_span(person.start, person.end, alignment_mode="expand")
    if last is None or last.end >= len(doc) or doc[last.end].text != ",":
        return None
    i = last.end + 1
    start = i
    sentence_end = sentence_of(last[0]).end
    while i < sentence_end and doc[i].text not in {",", ".", "(", ";", ":", "”", "“"}:
        word = doc[i]
        if word.idx in named:
            return None
        if not (word.text[:1].isupper() or word.text.lower() in _TITLE_LOWER | _CONNECTORS | {"a", "an", "-"}):
            return None
        i += 1
    span = _trim(doc, start, i)
    if span is None or not any(t.text.lower() in TITLE_HEADS for t in span[:4]):
        return None
    return span


def _trim(doc: Doc, start: int, end: int) -> Span | None:
    """Drop leading articles and connectors and trailing connectors; keep it only if a title word is in it."""
    while start < end and doc[start].text.lower() in _CONNECTORS | {"a", "an"}:
        start += 1
    while end > start and doc[end - 1].text.lower() in _CONNECTORS:
        end -= 1
    if end <= start or not any(t.text.lower() in TITLE_HEADS for t in doc[start:end]):
        return None
    if all(t.text in HONORIFICS for t in doc[start:end]):
        return None
    return doc[start:end]


def _title_claims(person: TypedSpan, span: Span, rule: str, entities: list[TypedSpan]) -> Iterator[ClaimDraft]:
    """The title, plus an affiliation for each organisation named in it and the country that opens it."""
    start, end = span.start_char, span.end_char
    inside = [
        e
        for e in entities
        if start <= e.start and e.end <= end and (e.type == "organisation" or e.type == "place" and e.start == start)
    ]
    organisations = [e for e in inside if e.type == "organisation"]
    qualifiers: tuple[tuple[str, object], ...] = (("organisation", organisations[-1]),) if organisations else ()
    yield ClaimDraft(person, "title", span.text, start, end, rule, qualifiers=qualifiers)
    for other in inside:
        yield ClaimDraft(person, "affiliation", other.name, other.start, other.end, f"{rule}.affiliation", other)


def group_affiliations(doc: Doc, entities: list[TypedSpan]) -> Iterator[ClaimDraft]:
    """'US officials, led by X', 'The US delegation also included X and Y', 'The delegation of the SNC, led by
    X': the people listed after the cue speak for the country or organisation that names the group."""
    text = text_of(doc)
    for sentence in all_sentences(doc):
        named = [e for e in entities if sentence.start_char <= e.start < sentence.end_char]
        for party in named:
            if party.type not in ("place", "organisation"):
                continue
            if not (
                _GROUP.match(text, party.end) or _DELEGATION_OF.search(text, max(0, party.start - 40), party.start)
            ):
                continue
            cue = _GROUP_MEMBERS.search(text, party.end, sentence.end_char)
            if cue is None or cue.start() - party.end > 40:
                continue
            other_side = _OTHER_SIDE.search(text, cue.end(), sentence.end_char)
            until = other_side.start() if other_side else sentence.end_char
            for person in named:
                if person.type == "person" and cue.end() <= person.start < until:
                    yield ClaimDraft(
                        person, "affiliation", party.name, party.start, party.end, "affiliation.group", party
                    )


def meetings(doc: Doc, entities: list[TypedSpan]) -> list[EventDraft]:
    """Meetings by trigger word; a trigger with new counterparts and 'also' or a plural is a new meeting."""
    sentences = all_sentences(doc)
    events: list[EventDraft] = []
    for number, sentence in enumerate(sentences):
        for token in words_of(sentence):
            if token.lower_ not in MEETING_TRIGGERS:
                continue
            counterparts = _after_with(sentence, token, entities)
            new = _starts_new(token, sentence, counterparts, events)
            trigger = (token.idx, token.idx + len(token.text))
            if not events or new:
                for open_event in events:
                    open_event.last_sentence = min(open_event.last_sentence, number - 1)
                plural = token.lower_ in PLURAL_TRIGGERS and sum(c.type == "person" for c in counterparts) > 1
                groups = [[c] for c in counterparts if c.type == "person"] if plural else [counterparts]
                last = number if events else len(sentences) - 1
                for group in groups:
                    events.append(EventDraft(f"m{len(events) + 1}", "meeting", [trigger], number, last, group))
            elif number <= events[-1].last_sentence:
                events[-1].triggers.append(trigger)
    return events


def _after_with(sentence: Span, trigger: Token, entities: list[TypedSpan]) -> list[TypedSpan]:
    """The people, organisations and countries named after 'with' that follows the trigger."""
    after = words_of(sentence)[trigger.i - sentence.start + 1 : trigger.i - sentence.start + 5]
    with_at = next((t.idx for t in after if t.lower_ == "with"), None)
    if with_at is None:
        return []
    return [e for e in entities if with_at < e.start < sentence.end_char and e.type != "document"]


def _starts_new(trigger: Token, sentence: Span, counterparts: list[TypedSpan], events: list[EventDraft]) -> bool:
    """A back-reference ('during the meeting') never starts a meeting; new people with 'also' or a plural do."""
    if not events or trigger.i > 0 and trigger.doc[trigger.i - 1].lower_ in _BACK_REFERENCE:
        return False
    known = {c.name for e in events for c in e.counterparts}
    fresh = [c for c in counterparts if c.name not in known]
    also = any(t.lower_ in ("also", "held") for t in words_of(sentence))
    return bool(fresh) and (also or trigger.lower_ in PLURAL_TRIGGERS) and not known & {c.name for c in counterparts}


def meeting_claims(
    doc: Doc, events: list[EventDraft], entities: list[TypedSpan], dates: list[DateMention], body: int = 0
) -> Iterator[ClaimDraft]:
    """Attendees, lead, date, place and cited documents of each meeting, from the sentences that tell it.

    `body` is where the report's body begins (after its dateline): an attendee is cited from there if it can be.
    """
    sentences = all_sentences(doc)
    for event in events:
        scope = sentences[event.first_sentence : event.last_sentence + 1]
        start, end = scope[0].start_char, scope[-1].end_char
        inside = [e for e in entities if start <= e.start < end]
        siblings = {
            c.name
            for e in events
            if e is not event and e.first_sentence == event.first_sentence
            for c in e.counterparts
        }
        seen: set[str] = set(siblings)
        for named in [*event.counterparts, *inside]:
            entity = _shown(named, inside, scope, body)
            if entity.type == "person" and entity.name not in seen and entity.rule != "person.honorific":
                seen.add(entity.name)
                yield ClaimDraft(event, "attendee", entity.name, entity.start, entity.end, "meeting.attendee", entity)
            elif named in event.counterparts and entity.name not in seen:
                seen.add(entity.name)
                yield ClaimDraft(
                    event, "attendee", entity.name, entity.start, entity.end, "meeting.counterpart", entity
                )
        for entity in _parties(scope, inside):
            if entity.name not in seen:
                seen.add(entity.name)
                yield ClaimDraft(event, "attendee", entity.name, entity.start, entity.end, "meeting.party", entity)
        for entity in inside:
            if entity.type == "document":
                yield ClaimDraft(event, "cites", entity.name, entity.start, entity.end, "meeting.cites", entity)
        yield from _lead(doc, event, inside)
        yield from _when_where(scope, event, inside, dates)


def _shown(entity: TypedSpan, inside: list[TypedSpan], scope: list[Span], body: int) -> TypedSpan:
    """The mention to cite for an attendee: in the report's body rather than a headline or a caption above the
    dateline, and the fullest form of the name."""
    told = [s for s in scope if s.start_char >= body and not headline(s)]
    candidates = [
        e
        for e in inside
        if e.type == entity.type
        and (same_person(e.name, entity.name) if e.type == "person" else e.name == entity.name)
        and any(s.start_char <= e.start < s.end_char for s in told)
    ]
    return max(candidates, key=lambda e: len(e.text.split()), default=entity)


def _parties(scope: list[Span], inside: list[TypedSpan]) -> Iterator[TypedSpan]:
    """The organisation that acts in a meeting sentence: 'the SNC reiterated', 'the SNC has held meetings',
    'The delegation of the SNC'; an organisation merely named there ('National Coalition head X') is not one."""
    for sentence in scope:
        if not any(t.lower_ in MEETING_TRIGGERS for t in words_of(sentence)):
            continue
        text = text_of(sentence.doc)
        for entity in inside:
            if entity.type != "organisation" or not sentence.start_char <= entity.start < sentence.end_char:
                continue
            if _DELEGATION_OF.search(text, max(0, entity.start - 40), entity.start) or _ACTS.match(text, entity.end):
                yield entity
                break


def _lead(doc: Doc, event: EventDraft, inside: list[TypedSpan]) -> Iterator[ClaimDraft]:
    """'led by X' / 'headed by X': the first person or organisation named within the next words."""
    for match in re.finditer(r"\b(?:led|headed|chaired)\s+by\b", text_of(doc)):
        lead = next(
            (e for e in inside if e.type in ("person", "organisation") and 0 < e.start - match.end() < 140), None
        )
        if lead is not None:
            side = next(
                (e for e in reversed(inside) if e.type in ("organisation", "place") and 0 < match.start() - e.end < 80),
                None,
            )
            qualifiers = (("side", side),) if side is not None else ()
            yield ClaimDraft(event, "led_by", lead.name, lead.start, lead.end, "meeting.led-by", lead, qualifiers)
            return


def _when_where(
    scope: list[Span], event: EventDraft, inside: list[TypedSpan], dates: list[DateMention]
) -> Iterator[ClaimDraft]:
    """A date or 'in <place>' in a sentence that speaks of the meeting itself.

    One date per meeting; a place once per sentence that states it, each statement being its own evidence.
    """
    dated = False
    for sentence in scope:
        placed: set[str] = set()
        triggers = [t for t in words_of(sentence) if t.lower_ in MEETING_TRIGGERS or t.lower_ == "held"]
        if not triggers:
            continue
        for date in dates:
            if not dated and sentence.start_char <= date.start < sentence.end_char and date.value is not None:
                dated = True
                yield date_claim(event, date, date.rule)
        for place in inside:
            if place.type != "place" or not sentence.start_char <= place.start < sentence.end_char:
                continue
            before = text_of(sentence.doc)[max(sentence.start_char, place.start - 6) : place.start]
            near = any(abs(t.idx - place.start) < 40 for t in triggers)
            if before.endswith(("in ", ", in ")) and (near or before.endswith(", in ")) and place.name not in placed:
                placed.add(place.name)
                yield ClaimDraft(event, "place", place.name, place.start, place.end, "meeting.place", place)


def date_claim(event: EventDraft, date: DateMention, rule: str) -> ClaimDraft:
    """A date claim that keeps what it was resolved against, so a reader can redo the arithmetic."""
    assert date.value is not None
    qualifiers = (
        ("anchor", date.anchor.isoformat() if date.anchor else None),
        ("weekday", date.weekday),
        ("weekday_check", date.weekday_check),
    )
    kept = tuple((name, value) for name, value in qualifiers if value is not None)
    return ClaimDraft(event, "date", date.value.isoformat(), date.start, date.end, rule, qualifiers=kept)


def quotes(doc: Doc, entities: list[TypedSpan]) -> Iterator[tuple[int, int, TypedSpan | None, str]]:
    """Each sentence of each direct quote, with the speaker: named beside it, or the last person named before
    a pronoun. A quote of several sentences makes several statements, and each is checked on its own."""
    text = text_of(doc)
    starts = [s.start_char for s in all_sentences(doc)]
    for m in _QUOTE.finditer(text):
        speaker, rule = _speaker(text, m.start(), m.end(), entities)
        cuts = [m.start("body"), *(s for s in starts if m.start("body") < s < m.end("body")), m.end("body")]
        for body_start, body_end in zip(cuts, cuts[1:], strict=False):
            while body_start < body_end and text[body_start].isspace():
                body_start += 1
            while body_end > body_start and (text[body_end - 1] == "," or text[body_end - 1].isspace()):
                body_end -= 1
            if body_end - body_start >= _QUOTE_MIN:
                yield body_start, body_end, speaker, rule


def _speaker(text: str, start: int, end: int, entities: list[TypedSpan]) -> tuple[TypedSpan | None, str]:
    """Who said it: 'said Jamous' / 'Leaf stated' after it, 'According to X' / 'As X concluded' before it."""
    after = text[end : end + 60]
    before_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), start - 120)
    speakers = [e for e in entities if e.type in ("person", "organisation")]
    for e in speakers:
        if end <= e.start < end + 60 and re.search(rf"\b(?:{'|'.join(SPEECH_VERBS)})\b", after):
            return e, "quote.speaker-after"
    for e in reversed(speakers):
        if before_start <= e.start < start:
            return e, "quote.speaker-before"
    pronoun = re.match(r"[,\s]*(he|she)\b", after, re.IGNORECASE) or re.search(
        r"\b(he|she)\s+\w+\s*[,:]?\s*$", text[before_start:start], re.IGNORECASE
    )
    if pronoun is not None:
        earlier = [e for e in speakers if e.type == "person" and e.end <= start and PRONOUNS]
        if earlier:
            return earlier[-1], "quote.speaker-pronoun"
    return None, "quote.no-speaker"


def stances(doc: Doc, entities: list[TypedSpan]) -> Iterator[tuple[int, int, str, str, TypedSpan | None, str]]:
    """Positions ('support for X', 'does not support X') with their holder: the sentence's first named party.

    Quoted words count: a speaker's 'We support the political process' is the speaker's position. Cues may
    follow one another ('commitment to and respect for X'), so a rejected phrase is searched again for a cue.
    """
    for sentence in all_sentences(doc):
        said = text_in(sentence)
        for pattern, polarity in ((_STANCE_FOR, "for"), (_STANCE_AGAINST, "against")):
            m = pattern.search(said)
            while m is not None:
                start, end = _clean(said, m.start("value"), m.end("value"))
                if end - start < 4 or said.startswith(("and ", "or "), start):
                    m = pattern.search(said, m.start("value"))
                    continue
                following = pattern.search(said, m.start("value"))
                if following is not None and following.start() < end:
                    # 'the political process and is committed to X': the position ends at the 'and'
                    joint = said.rfind(" and ", start, following.start())
                    start, end = _clean(said, start, joint if joint > start else following.start())
                    if end - start < 4:  # 'committed to achieving X': the inner cue holds the position
                        m = following
                        continue
                holder = _holder(doc, sentence, sentence.start_char + m.start(), entities)
                at = sentence.start_char
                yield at + start, at + end, polarity, f"stance.{polarity}", holder, said[start:end]
                more = _OR_MORE.match(said, end) if polarity == "against" else None
                while more is not None:  # 'nor will it discuss reconstruction or lift sanctions': both refused
                    first, last = _clean(said, more.start("value"), more.end("value"))
                    yield at + first, at + last, polarity, "stance.against.or", holder, said[first:last]
                    more = _OR_MORE.match(said, more.end())
                m = following


def topics(doc: Doc, entities: list[TypedSpan]) -> Iterator[tuple[int, int, TypedSpan | None, str]]:
    """What a meeting or a statement was about: the phrase after 'discussed', 'ways to', 'the importance of' and
    the like, with who raised it (the sentence's first named party, as for stances)."""
    for sentence in all_sentences(doc):
        said = text_in(sentence)
        for m in _TOPIC.finditer(said):
            holder = _holder(doc, sentence, sentence.start_char + m.start(), entities)
            for start, end in _clauses(said, m.start("value"), m.end("value")):
                value = said[start:end]
                if (
                    end - start >= 6
                    and not value.startswith(_PREPOSITIONS)
                    and not _in_quote(text_of(doc), sentence.start_char + start)
                ):
                    yield sentence.start_char + start, sentence.start_char + end, holder, value


def _clauses(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """'ways to exert pressure ... and to find binding mechanisms': two things discussed, not one."""
    for part in _AND_TO.split(text[start:end]):
        at = text.index(part, start)
        yield _clean(text, at, at + len(part))
        start = at + len(part)


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a captured phrase back to whole words, without a dangling 'to' or 'and'.

    A phrase the length cap cut inside a word loses that part-word: a claim never quotes half a word.
    """
    if end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end = max(start, text.rfind(" ", start, end))
    phrase = text[start:end].rstrip()
    while True:
        trimmed = _TRAILING.sub("", phrase)
        if trimmed == phrase:
            break
        phrase = trimmed
    return start, start + len(phrase)


def _in_quote(text: str, at: int) -> bool:
    """Positions inside a direct quote belong to the quote, not to the reporter's account."""
    return text.count("“", 0, at) > text.count("”", 0, at)


def _holder(doc: Doc, sentence: Span, at: int, entities: list[TypedSpan]) -> TypedSpan | None:
    """The first party named in the sentence before the cue; a pronoun means the last person named before."""
    named = [
        e for e in entities if sentence.start_char <= e.start < at and e.type in ("person", "organisation", "place")
    ]
    if named:
        return named[0]
    if any(t.lower_ in ("he", "she") for t in words_of(sentence) if t.idx < at):
        earlier = [e for e in entities if e.type == "person" and e.end <= sentence.start_char]
        return earlier[-1] if earlier else None
    return None
