"""What a report says about the people it names: titles, affiliations, quotes, stances and topics.

Every rule works on one sentence at a time and returns claims whose spans are cut from the text,
never rebuilt from words, so a fact-checker can always put the claim back where it was written.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from reconcile.extract.dates import DateMention
from reconcile.extract.lookup import ByStart
from reconcile.extract.mentions import TypedSpan
from reconcile.extract.names import is_parsed
from reconcile.extract.parsed import sentence_of, text_in, text_of, words_of
from reconcile.extract.parsed import sentences as all_sentences
from reconcile.extract.speech import Speech
from reconcile.extract.vocab import (
    HONORIFICS,
    ORG_HEADS,
    SPEECH_VERBS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)

_CONNECTORS = frozenset("of for the and in at to on".split())
_TITLE_LOWER = TITLE_HEADS | TITLE_MODIFIERS | ORG_HEADS
# Marks pair in order within a paragraph, short quotes included, so that a short quote's closing mark
# is never read as the opening of a long one; quotes too short to say anything are dropped afterwards.
_QUOTE = re.compile(r"[“\"](?P<body>[^“”\"\n]*)[”\"]")
_QUOTE_MIN = 12
_SPEECH_VERB = re.compile(rf"\b(?:{'|'.join(SPEECH_VERBS)})\b")
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
# 'The delegation of the SNC': the party a group speaks for (meetings.py reads it too, for a meeting's parties).
DELEGATION_OF = re.compile(r"\b(?:delegation|team|representatives|members|envoys) of (?:the )?$")
# '<party> officials, led by X' / '<party> delegation also included X and Y': X and Y speak for the party.
_GROUP = re.compile(r"\s+(?:officials|delegation|representatives|team|envoys|diplomats)\b")
# The list of a group's members ends where the other side of a meeting begins ('..., during their meeting with').
_OTHER_SIDE = re.compile(r"\b(?:with|met|meets|meeting|during)\b")
_GROUP_MEMBERS = re.compile(r"\b(?:led by|headed by|including|included|includes|such as)\b")
_CUE_REACH = 40 + len("headed by") + 1  # the latest a cue may start, its length, and the character after it
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
    found = ByStart(entities)
    for person in people:
        token = token_at(doc, person.start)
        if token is None:
            continue
        for span, rule in (
            (_title_before(doc, token, named), "title.prefix"),
            (_title_after(doc, person, named), "title.appositive"),
        ):
            if span is not None:
                yield from title_claims(person, span, rule, found)


def token_at(doc: Doc, char: int) -> Token | None:
    """The token that starts at `char`, if any (spans come from tokens, so one always should)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _title_before(doc: Doc, token: Token, named: set[int]) -> Span | None:
    """Walk left from a name over honorifics, one comma, and title words, stopping at anything else.

    Another name stops the walk, honorifics included ('Dr. Dr. Dr.' names a person at each 'Dr.'): each
    walk then covers only the words between one name and the one before, however many names there are.
    """
    i = token.i - 1
    while i >= 0 and doc[i].text in HONORIFICS and doc[i].idx not in named:
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


def title_claims(
    person: TypedSpan, span: Span, rule: str, entities: ByStart[TypedSpan], opens: int | None = None
) -> Iterator[ClaimDraft]:
    """The title, plus the one affiliation it states; `opens` is where the title's phrase begins when a possessor
    stands before the title's text ("Turkey's").

    A title names its holder's employer once: the country that opens it ('U.S. Deputy Assistant Secretary ...
    in the Bureau of Near Eastern Affairs') or else the last organisation in it ('Director of the Syria
    Regional Platform at the US State Department'). Organisations named before that are units of the
    employer, part of what the title says, and a reader comparing affiliations across reports would see
    them as a second, disagreeing employer."""
    start, end = span.start_char if opens is None else opens, span.end_char
    inside = [e for e in entities.starting(start, end) if e.end <= end]
    organisations = [e for e in inside if e.type == "organisation"]
    country = [e for e in inside if e.type == "place" and e.start == start]
    qualifiers: tuple[tuple[str, object], ...] = (("organisation", organisations[-1]),) if organisations else ()
    yield ClaimDraft(person, "title", span.text, span.start_char, end, rule, qualifiers=qualifiers)
    for employer in (country or organisations)[-1:]:
        yield ClaimDraft(
            person, "affiliation", employer.name, employer.start, employer.end, f"{rule}.affiliation", employer
        )


def group_affiliations(doc: Doc, entities: list[TypedSpan]) -> Iterator[ClaimDraft]:
    """'US officials, led by X', 'The US delegation also included X and Y', 'The delegation of the SNC, led by
    X': the people listed after the cue speak for the country or organisation that names the group.

    The list ends where the other side of a meeting begins, or where the next group is named with a cue of
    its own ('US officials, led by X, and Turkish officials, led by Y'): each person belongs to one list.
    """
    text = text_of(doc)
    found = ByStart(entities)
    for sentence in all_sentences(doc):
        groups = list(_groups(text, sentence, found))
        if not groups:
            continue
        other_sides = [m.start() for m in _OTHER_SIDE.finditer(text, sentence.start_char, sentence.end_char)]
        starts = [party.start for party, _ in groups]
        for k, (party, cue) in enumerate(groups):
            after = bisect_left(other_sides, cue.end())
            until = other_sides[after] if after < len(other_sides) else sentence.end_char
            following = bisect_left(starts, cue.end(), lo=k + 1)
            if following < len(starts):
                until = min(until, starts[following])
            for person in found.starting(cue.end(), until):
                if person.type == "person":
                    yield ClaimDraft(
                        person, "affiliation", party.name, party.start, party.end, "affiliation.group", party
                    )


def _groups(text: str, sentence: Span, found: ByStart[TypedSpan]) -> Iterator[tuple[TypedSpan, re.Match[str]]]:
    """Each country or organisation of the sentence that names a group ('US officials', 'the delegation of
    the SNC') with the cue of its members ('led by', 'included') within 40 characters after it."""
    for party in found.iter_starting(sentence.start_char, sentence.end_char):
        if party.type not in ("place", "organisation"):
            continue
        if not (_GROUP.match(text, party.end) or DELEGATION_OF.search(text, max(0, party.start - 40), party.start)):
            continue
        # A cue further than 40 characters on is not this group's: the search stops a cue's length after.
        cue = _GROUP_MEMBERS.search(text, party.end, min(sentence.end_char, party.end + _CUE_REACH))
        if cue is not None and cue.start() - party.end <= 40:
            yield party, cue


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
    a pronoun. A quote of several sentences makes several statements, and each is checked on its own. With a
    parse, the speaker is the subject of the verb of saying, and a clause reported without quote marks
    ('Fidan said the talks were useful') is a quote too."""
    text = text_of(doc)
    starts = [s.start_char for s in all_sentences(doc)]
    speakers = _Speakers(entities)
    speech = Speech(doc, entities) if is_parsed(doc) else None
    for m in _QUOTE.finditer(text):
        speaker, rule = speakers.of(text, m.start(), m.end())
        parsed = speech.speaker(m.start("body"), m.end("body")) if speech is not None else None
        if parsed is not None:
            speaker, rule = parsed, "quote.speaker-parse"
        inner = starts[bisect_right(starts, m.start("body")) : bisect_left(starts, m.end("body"))]
        cuts = [m.start("body"), *inner, m.end("body")]
        for body_start, body_end in zip(cuts, cuts[1:], strict=False):
            while body_start < body_end and text[body_start].isspace():
                body_start += 1
            while body_end > body_start and (text[body_end - 1] == "," or text[body_end - 1].isspace()):
                body_end -= 1
            if body_end - body_start >= _QUOTE_MIN:
                yield body_start, body_end, speaker, rule
    if speech is not None:
        for start, end, speaker in speech.reported():
            yield start, end, speaker, "quote.reported"


class _Speakers:
    """Who said a quote: 'said Jamous' / 'Leaf stated' after it, 'According to X' / 'As X concluded' before it."""

    def __init__(self, entities: list[TypedSpan]) -> None:
        self.speakers = ByStart(e for e in entities if e.type in ("person", "organisation"))
        self.people = ByStart(e for e in entities if e.type == "person")

    def of(self, text: str, start: int, end: int) -> tuple[TypedSpan | None, str]:
        """The speaker of the quote text[start:end] and the rule that found it."""
        after = text[end : end + 60]
        # The text before a quote that may name its speaker: back to the sentence's start, at most 120 characters.
        reach = max(0, start - 120)
        before_start = max(text.rfind(".", reach, start), text.rfind("\n", reach, start), start - 120)
        named_after = next(self.speakers.iter_starting(end, end + 60), None)
        if named_after is not None and _SPEECH_VERB.search(after):
            return named_after, "quote.speaker-after"
        named_before = next(self.speakers.before(start), None)
        if named_before is not None and named_before.start >= before_start:
            return named_before, "quote.speaker-before"
        pronoun = re.match(r"[,\s]*(he|she)\b", after, re.IGNORECASE) or re.search(
            r"\b(he|she)\s+\w+\s*[,:]?\s*$", text[before_start:start], re.IGNORECASE
        )
        if pronoun is not None:
            earlier = self.people.last_ending_by(start)
            if earlier is not None:
                return earlier, "quote.speaker-pronoun"
        return None, "quote.no-speaker"


def stances(doc: Doc, entities: list[TypedSpan]) -> Iterator[tuple[int, int, str, str, TypedSpan | None, str]]:
    """Positions ('support for X', 'does not support X') with their holder: the sentence's first named party.

    Quoted words count: a speaker's 'We support the political process' is the speaker's position. Cues may
    follow one another ('commitment to and respect for X'), so a rejected phrase is searched again for a cue.
    """
    holders = _Holders(entities)
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
                holder = holders.of(sentence, sentence.start_char + m.start())
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
    holders = _Holders(entities)
    quoted = _Quoted(text_of(doc))
    for sentence in all_sentences(doc):
        said = text_in(sentence)
        for m in _TOPIC.finditer(said):
            holder = holders.of(sentence, sentence.start_char + m.start())
            for start, end in _clauses(said, m.start("value"), m.end("value")):
                value = said[start:end]
                if end - start >= 6 and not value.startswith(_PREPOSITIONS) and not quoted(sentence.start_char + start):
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


class _Quoted:
    """Positions inside a direct quote belong to the quote, not to the reporter's account: more opening marks
    than closing ones stand before them. The marks are found once, not counted again for every position."""

    def __init__(self, text: str) -> None:
        self.opening = [m.start() for m in re.finditer("“", text)]
        self.closing = [m.start() for m in re.finditer("”", text)]

    def __call__(self, at: int) -> bool:
        return bisect_left(self.opening, at) > bisect_left(self.closing, at)


class _Holders:
    """Who holds a position: the first party named in the sentence before the cue; after 'he' or 'she' with
    no party named, the last person named before the sentence."""

    def __init__(self, entities: list[TypedSpan]) -> None:
        self.parties = ByStart(e for e in entities if e.type in ("person", "organisation", "place"))
        self.people = ByStart(e for e in entities if e.type == "person")
        self.pronouns: dict[int, int | None] = {}  # sentence start -> where its first 'he' or 'she' stands

    def of(self, sentence: Span, at: int) -> TypedSpan | None:
        """The holder of the position whose cue stands at `at` in `sentence`."""
        named = next(self.parties.iter_starting(sentence.start_char, at), None)
        if named is not None:
            return named
        pronoun = self._pronoun(sentence)
        if pronoun is not None and pronoun < at:
            return self.people.last_ending_by(sentence.start_char)
        return None

    def _pronoun(self, sentence: Span) -> int | None:
        if sentence.start not in self.pronouns:
            self.pronouns[sentence.start] = next((t.idx for t in words_of(sentence) if t.lower_ in ("he", "she")), None)
        return self.pronouns[sentence.start]
