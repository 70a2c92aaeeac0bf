"""Shootings and other violent incidents: who was shot, who shot them, their ages and outcomes, where and when.

News of violence writes these facts in a few set ways: 'Tiana Carruthers, 25, was shot', 'police
arrested 24-year-old Moise Kasongo', 'shot and killed Mary Lou Nye'. The rules read the words right
before and after each person the report names, inside one sentence, so every claim's span is a name,
an age or an outcome word written in the text. An article gets one incident: the reports this serves
are each about one shooting, and the matcher links incidents across reports, not within one.

Nobody is made a victim or a suspect for being named near a shooting: a cue must stand next to the
name. People the report does not name ('a 22-year-old man') stay out, since an entity needs a name
that other reports can be matched on.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from reconcile.extract.counts import Count, count_claims, number_of
from reconcile.extract.dates import DateMention, latest_weekday
from reconcile.extract.lookup import Claimed
from reconcile.extract.mentions import TypedSpan
from reconcile.extract.names import is_parsed
from reconcile.extract.parsed import sentences, text_of
from reconcile.extract.relations import ClaimDraft, EventDraft, date_claim
from reconcile.extract.vocab import NOT_NAMES, WEEKDAYS
from reconcile.places import regions

# Words that say a violent incident happened; the incident's mentions are where they are written.
TRIGGERS = re.compile(
    r"\b(?:shot|shots|shooting|shootings|gunfire|gunshots?|gunman|gunmen|shooter|opened fire|fatally|"
    r"killed|killing|wounded|slain|slaying|homicide|murder(?:ed)?|stabbed|stabbing)\b",
    re.IGNORECASE,
)
# Words that name a shooting outright; 'killed' alone ('civilians killed in airstrikes') makes an incident
# only when the report also names someone as its victim or perpetrator.
SHOOTING = re.compile(r"\b(?:shot|shots|shooting|gunfire|gunshots?|gunman|gunmen|shooter|opened fire)\b", re.IGNORECASE)
MAX_TRIGGERS = 10  # the first few say where the incident is told; hundreds would only bloat the report

# Between a name and its verb: an age in brackets, and up to three comma-closed asides
# (', 18, of the Bronx, who is still hospitalized' / ', a 40-year-old woman who lives there,').
_APPOSITIVE = r"(?:\s*\(\d{1,3}\))?(?:\s*,(?:[^,;]{1,90},){0,3})?\s*(?:who\s+|which\s+)?"
_ADVERBS = r"(?:(?:\w+ly|still|also|later|then|both|all|each|twice|once|just|reportedly|allegedly)\s+){0,2}"
_BE = r"(?:was|were|is|are|has been|have been|had been|been|being|got|gets)\s+"
VICTIM_AFTER = re.compile(
    rf"^{_APPOSITIVE}{_ADVERBS}(?:{_BE}{_ADVERBS}(?:shot|killed|wounded|injured|struck|hit|murdered|slain|"
    r"gunned down|pronounced dead|found (?:dead|shot|with|lying|unresponsive)|taken to (?:a |the )?(?:\w+ )?hospital|"
    r"rushed to|transported to|hospitali[sz]ed|listed in|in (?:critical|serious|stable|good|fair) condition|"
    r"(?:one of )?the (?:[\w-]+\s+){0,3}(?:killed|shot|victims?|dead|wounded|injured))\b|"
    r"(?:has |had )?died\b|suffered\b|sustained\b|"
    r"(?:had|has|with) (?:a |multiple |several )?(?:\w+ )?gunshot wounds?\b|"
    r"remains? (?:hospitali[sz]ed|in (?:critical|serious|stable))|is recovering\b|"
    r"[^.;]{0,60}\bwhen (?:he|she) was (?:\w+ly )?(?:shot|killed|wounded))",
    re.IGNORECASE,
)
PERPETRATOR_AFTER = re.compile(
    rf"^{_APPOSITIVE}{_ADVERBS}(?:shot\b(?!\s+(?:and|in|at|by|while|during|dead|to death)\b)|opened fire|"
    r"fired (?:at|on|shots|several|multiple|into|a|his|her)|killed (?!himself|herself)\w|gunned down|"
    r"pulled (?:out )?a (?:gun|handgun|pistol|rifle|weapon)|pointed (?:a|the)|"
    rf"{_BE}{_ADVERBS}(?:arrested|charged|booked|taken into custody|indicted|jailed|detained|accused|wanted|"
    r"identified as (?:the|a) (?:suspect|shooter|gunman)|being held|held (?:in|on|without)|sought|"
    r"the (?:suspect|shooter|gunman))|faces\b|is facing|pleaded|surrendered|turned (?:himself|herself) in|"
    r"remains? (?:jailed|in custody|at large))",
    re.IGNORECASE,
)
# Up to four words between a cue and the name ('shot Fort Bragg soldier 28-year-old Zia Segule'), but no
# preposition: 'shot at in New Orleans East' names a place, 'the shooting in York City' a town, and
# 'shot by X' the one who fired.
_BETWEEN = (
    r"(?:(?!(?:in|at|on|near|outside|inside|during|after|before|from|into|to|with|while|and|or|but|by|of)\b)"
    r"[\w'’.-]+,?\s+){0,4}"
)
_VICTIM_CUE = (
    r"\b(?:shot|killed|killing|wounded|wounding|injured|injuring|murdered|gunned down|struck|found)"
    r"(?:\s+and\s+(?:killed|wounded|injured))?|\b(?:shooting|death|killing|murder|slaying|homicide) of|"
    r"\bvictims?\s*(?:,|was|were|is|as|:)?|\bidentified\b(?:(?!suspect|shooter|gunman)[^.;]){0,60}?\bas|"
    r"\b(?:dead|deceased) (?:man|woman) as"
)
_PERPETRATOR_CUE = (
    r"\b(?:suspects?|gunman|gunmen|shooter|alleged|accused|defendant)\s*,?\s*(?:identified as\s+|named\s+)?|"
    r"\b(?:arrested|charged|charging|booked|indicted|detained|arrest of|charges against|wanted|"
    r"(?:searching|looking|hunting) for)\s+|"
    r"\bidentified (?:the )?(?:suspects?|shooter|gunman) as\s+|\b(?:suspect|shooter|gunman) (?:was|as|is)\s+|"
    r"\bwho (?:shot|killed)\b[^.;]{0,40}\b(?:is|was)\s+|"
    r"\b(?:shot|killed|wounded|injured|fired|attacked|murdered)\s+(?:\w+\s+){0,3}by\s+"
)
# The greedy '.*' finds the cue nearest the name: in 'accused of killing officer Sean Bolton' it is 'killing'.
VICTIM_BEFORE = re.compile(rf"^.*(?P<cue>{_VICTIM_CUE})\s*{_BETWEEN}$", re.IGNORECASE | re.DOTALL)
PERPETRATOR_BEFORE = re.compile(rf"^.*(?P<cue>{_PERPETRATOR_CUE})\s*{_BETWEEN}$", re.IGNORECASE | re.DOTALL)
# 'X, 23, and Y, 29, were shot' / '26-year-old Alex Claudio and 22-year-old Rafael Frias were arrested'.
COORDINATED = re.compile(
    r"^(?:\s*,\s*\d{1,3})?\s*(?:,\s*and|;\s*(?:and\s+)?|and)\s+(?:the\s+)?(?:\d{1,3}-year-old\s+)?$"
)
SUICIDE = re.compile(
    r"^\s*(?:then\s+)?(?:killed|shot) (?:himself|herself)|^\s*(?:then\s+)?took (?:his|her) own life|"
    r"^\s*(?:then\s+)?turned the gun on (?:himself|herself)",
    re.IGNORECASE,
)
KILLED = re.compile(
    r"\b(?:killed|killing|dead|died|dies|fatally|fatal|murdered|slain|deceased|pronounced dead|death|"
    r"took (?:his|her) own life)\b",
    re.IGNORECASE,
)
INJURED = re.compile(
    r"\b(?:wounded|wounding|injured|injuring|injuries|hospitali[sz]ed|non-life[- ]threatening|"
    r"(?:critical|serious|stable|fair|good) condition|survived|recovering|treated|grazed)\b",
    re.IGNORECASE,
)
SHOT = re.compile(r"\b(?:was|were|been|got)\s+(?:\w+ly\s+)?shot\b", re.IGNORECASE)
AGE_AFTER = re.compile(
    r"^\s*(?:,\s*(?:age[ds]?\s+)?(?P<a>\d{1,3})\s*(?=[,;.)]|\s+(?:was|were|is|of|from|and|who|had|has)\b)|"
    r"\(\s*(?P<b>\d{1,3})\s*\)|,\s*an?\s+(?P<c>\d{1,3})[- ]year[- ]old\b)"
)
AGE_BEFORE = re.compile(r"\b(?P<a>\d{1,3})[- ]year[- ]old\s+(?:[a-z]+\s+){0,3}$")
# 'A 27-year-old man was shot ... Police said Malone Amason was found dead': the described victim's age.
DESCRIBED_AGE = re.compile(
    r"\b(?P<a>\d{1,3})[- ]year[- ]old (?:[a-z]+ ){0,2}(?:man|woman|boy|girl|teen|teenager|victim|male|female|"
    r"mother|father|son|daughter|resident|student|child|toddler)\b"
)
NOT_THE_VICTIM = re.compile(r"\b(?:suspects?|arrested|charged|accused|custody|gunman|shooter)\b", re.IGNORECASE)
CLAUSE_END = re.compile(r"[;:]|\s[-–—]+\s|,\s+(?:and|but|while|as|police|officials|authorities)\b")
# A bare weekday ('was shot Tuesday night'), which dates.py leaves alone without 'on' or 'last' before it.
BARE_WEEKDAY = re.compile(rf"\b(?P<weekday>{'|'.join(WEEKDAYS)})\b")
DATELINE = re.compile(r"^(?:\s*,\s*[A-Z][\w.]*\.?(?:\s[A-Z][\w.]*\.?)?)?\s*(?:\([^)]{1,30}\)\s*)?(?:--?|—|–)\s")
PLACE_BEFORE = re.compile(r"\b(?:in|In|near|of)\s+$")
LOCATIVES = frozenset("in at near outside inside on into onto".split())
# Verbs of assaulting a place, as lemmas and as written (the lemmatiser can miss a rare verb's form).
ASSAULTS = frozenset(
    """storm stormed storming attack attacked attacking bomb bombed bombing raid raided raiding shell shelled
    shelling strike struck striking target targeted targeting besiege besieged""".split()
)
# How far around a name its cues are read. A cue and the few words between it and the name, or an age and
# the verb after the name, fit well inside these in any sentence of words; only runs of thousands of
# characters without a space or full stop reach past them, and reading whole sentences for every name of a
# long one was quadratic.
BEFORE_CHARS = 400
AFTER_CHARS = 1000
_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"\W")
# A name ending in one of these is an address, a building or a district the capitalisation rules took for a
# person; one starting with one of the others is a place ('St. George', 'West Ashley', 'Fort Bragg').
NOT_PEOPLE = frozenset(
    """Avenue Ave Street St Road Rd Drive Dr Boulevard Blvd Lane Ln Court Ct Way Place Parkway Highway Block Park
    Apartments Hospital Center Centre School Church Mall Station County Island Day Side Mile Pizza Restaurant Lodge
    Hotel Motel Inn Course Bar Club Store Market Shop Plaza Complex Lot Square Bridge Beach Stoppers Samaritan
    East West North South City Township Village Heights Valley""".split()
)
NOT_FIRST_NAMES = frozenset("St Saint West East North South Fort Mount Lake Port New Los Las San Santa El Good".split())


@dataclass
class _Person:
    """What the rules found about one person named in the report, across all of its mentions."""

    name: str
    entity: TypedSpan  # a mention the report's entity list has, for claims to refer to
    victim: tuple[TypedSpan, str] | None = None
    perpetrator: tuple[TypedSpan, str] | None = None
    age: tuple[int, int, str, TypedSpan, str] | None = None
    killed: tuple[int, int, str] | None = None
    injured: tuple[int, int, str] | None = None
    shot: tuple[int, int] | None = None


def incident_claims(
    doc: Doc,
    entities: list[TypedSpan],
    dates: list[DateMention],
    events: list[EventDraft],
    published: dt.date | None = None,
    counts: list[Count] | None = None,
    attack: list[tuple[int, int]] | None = None,
) -> list[ClaimDraft]:
    """The report's incident, appended to `events`, and its claims: victims, perpetrators, their ages and
    outcomes, the counts of the killed, injured, missing and arrested, the incident's place and date.

    `events` is the report's event list; the incident joins it so that it is written out with the
    meetings and statements. Call this after the statements' claims are made: they look for the
    meeting a sentence belongs to in that same list. A report that states a toll tells of an incident
    even when it names no one in it; the words the counts hang on are then its triggers. So does one whose lead
    tells of an attack (`attack`: where its words are written, see kinds.attack_triggers).
    """
    counts = counts or []
    attack = attack or []
    text = text_of(doc)
    triggers = [(m.start(), m.end()) for m in TRIGGERS.finditer(text)] or [c.predicate for c in counts] or attack
    if not triggers:
        return []
    starts = [s.start_char for s in sentences(doc)]
    ends = [s.end_char for s in sentences(doc)]
    people = _people(text, entities, starts, ends)
    victims = [p for p in people.values() if p.victim is not None]
    if not (victims or counts or attack or any(p.perpetrator for p in people.values()) or SHOOTING.search(text)):
        return []
    event = EventDraft(f"i{sum(e.kind == 'incident' for e in events) + 1}", "incident", triggers[:MAX_TRIGGERS], 0, -1)
    event.counterparts = [p.entity for p in victims]
    events.append(event)
    drafts: list[ClaimDraft] = []
    lone_victim = len(victims) == 1
    for person in people.values():
        drafts += _person_claims(event, person, lone_victim, text)
    trigger_sentences = {bisect.bisect_right(starts, s) - 1 for s, _ in triggers}
    drafts += count_claims(event, counts)
    drafts += event_place(event, doc, entities, starts, trigger_sentences)
    drafts += event_date(event, text, dates, starts, trigger_sentences, published)
    return drafts


def _people(text: str, entities: list[TypedSpan], starts: list[int], ends: list[int]) -> dict[str, _Person]:
    """Each person's roles, age and outcome, from the words around every mention of them."""
    named = [e for e in entities if e.type == "person" and not _not_a_person(e)]
    spans = sorted([*named, *_surnames(text, named, entities)], key=lambda e: e.start)
    people: dict[str, _Person] = {}
    for span in named:
        people.setdefault(span.name, _Person(span.name, span))
    listed_role: str | None = None  # the role of the name after this one, for 'X and Y were shot'
    previous_ends = _previous_ends(spans, starts)
    for k in range(len(spans) - 1, -1, -1):  # right to left, so a list takes the role its last name gets
        span = spans[k]
        person = people[span.name]
        sentence = bisect.bisect_right(starts, span.start) - 1
        sent_start, sent_end = starts[sentence], ends[sentence]
        left_start = _context_start(text, sent_start, span.start)
        left = text[left_start : span.start]
        right = text[span.end : min(sent_end, span.end + AFTER_CHARS)]
        role = _roles(person, span, left, right)
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        if role is None and listed_role and nxt is not None and COORDINATED.match(text[span.end : nxt.start]):
            role = listed_role
            if role == "victim":
                person.victim = person.victim or (span, "incident.victim.listed")
            else:
                person.perpetrator = person.perpetrator or (span, "incident.perpetrator.listed")
        listed_role = role
        _age(person, span, left_start, left, right)
        # The clause that speaks of this person: up to the next person or clause break in the sentence.
        previous_end = previous_ends[k]
        clause_end = min(sent_end, nxt.start if nxt is not None and nxt.start >= span.end else sent_end)
        cut = CLAUSE_END.search(text, span.end, clause_end)
        _outcome(person, text, _clause_start(text, previous_end, span.start), span.start)
        _outcome(person, text, span.end, cut.start() if cut else clause_end)
        if nxt is None or nxt.start >= sent_end:  # the last person named: 'He died overnight.' is about them
            _next_sentence(person, text, sentence, starts, ends, nxt)
    return people


def _surnames(text: str, named: list[TypedSpan], entities: list[TypedSpan]) -> list[TypedSpan]:
    """Later mentions by surname alone ('Rogers was taken to the hospital') that the entity rules left out.

    They only carry cues: claims still point at a mention in the report's entity list. A surname opens
    with a letter after a word boundary, so it can only stand where a word of the text begins with its
    first word: those places are looked up, rather than the text searched again for every surname.
    """
    taken = Claimed((e.start, e.end) for e in entities)
    words: dict[str, list[int]] = {}
    for word in _WORD.finditer(text):
        words.setdefault(word[0], []).append(word.start())
    found: list[TypedSpan] = []
    for surname, name in {n.text.split()[-1]: n.name for n in named if len(n.text.split()) > 1}.items():
        if len(surname) < 3 or not surname[:1].isupper():
            continue
        pattern = re.compile(rf"\b{re.escape(surname)}\b(?!['’]s\b)")
        after = 0  # matches do not overlap, as in a search of the text from start to end
        for at in words.get(_first_word(surname), []):
            m = pattern.match(text, at) if at >= after else None
            if m is None:
                continue
            after = m.end()
            if not taken.overlaps(m.start(), m.end()):
                found.append(TypedSpan("person", m.start(), m.end(), surname, "incident.surname", name))
    return found


def _first_word(surname: str) -> str:
    """The surname's first run of word characters ('O' of "O'Neil", 'Smith' of 'Smith')."""
    match = _WORD.match(surname)
    return match[0] if match else surname


def _previous_ends(spans: list[TypedSpan], starts: list[int]) -> list[int]:
    """For each span (in text order), where the last earlier mention in its sentence ends (the largest end at
    or before its start), or the sentence's start: the clause before a name begins no earlier.

    One pass: the ends of earlier mentions wait in a heap until a later start passes them.
    """
    found: list[int] = []
    waiting: list[int] = []
    passed = -1
    sentence = -1
    for span in spans:
        here = bisect.bisect_right(starts, span.start) - 1
        if here != sentence:
            sentence, waiting, passed = here, [], -1
        while waiting and waiting[0] <= span.start:
            passed = max(passed, heapq.heappop(waiting))
        found.append(passed if passed >= 0 else starts[sentence])
        heapq.heappush(waiting, span.end)
    return found


def _context_start(text: str, sent_start: int, at: int) -> int:
    """Where the words before a name that its cues are read from begin: the sentence's start, or no more
    than BEFORE_CHARS back, at a word's start so that the cue rules see the same word boundaries.

    A cue stands within a few words of the name; reading a long sentence back to its start for every name in
    it made extraction quadratic.
    """
    if at - sent_start <= BEFORE_CHARS:
        return sent_start
    boundary = _NON_WORD.search(text, at - BEFORE_CHARS - 1, at)
    return boundary.end() if boundary else at


def _next_sentence(
    person: _Person, text: str, sentence: int, starts: list[int], ends: list[int], nxt: TypedSpan | None
) -> None:
    """'He died overnight.' right after the sentence that last named someone tells that person's outcome."""
    if sentence + 1 >= len(starts) or (nxt is not None and nxt.start < ends[sentence + 1]):
        return
    following = text[starts[sentence + 1] : ends[sentence + 1]]
    if re.match(r"\s*(?:He|She)\b", following):
        _outcome(person, text, starts[sentence + 1], ends[sentence + 1])


def _not_a_person(span: TypedSpan) -> bool:
    """A place's name ('Elm Street'), a word no name starts with, or a quantity ('Three people', '2 Women')."""
    words = span.text.replace(".", " ").split()
    return (
        not words
        or words[-1] in NOT_PEOPLE
        or words[0] in NOT_NAMES
        or words[0] in NOT_FIRST_NAMES
        or number_of(words[0]) is not None
    )


def _clause_start(text: str, lo: int, hi: int) -> int:
    """Where the clause that ends at `hi` begins: after the last clause break before it."""
    breaks = list(CLAUSE_END.finditer(text, lo, hi))
    return breaks[-1].end() if breaks else lo


def _roles(person: _Person, span: TypedSpan, left: str, right: str) -> str | None:
    """Victim or perpetrator by the cue nearest the name before it, and by the verb after it.

    Returns the role the words after the name give, for a name listed before it ('X and Y were shot').
    """
    if SUICIDE.match(right):
        person.victim = person.victim or (span, "incident.victim.suicide")
        person.perpetrator = person.perpetrator or (span, "incident.perpetrator.suicide")
        return None
    victim, perpetrator = VICTIM_BEFORE.match(left), PERPETRATOR_BEFORE.match(left)
    if perpetrator and (not victim or perpetrator.start("cue") >= victim.start("cue")):
        person.perpetrator = person.perpetrator or (span, "incident.perpetrator.before")
    elif victim:
        person.victim = person.victim or (span, "incident.victim.before")
    if VICTIM_AFTER.match(right):
        person.victim = person.victim or (span, "incident.victim.after")
        return "victim"
    if PERPETRATOR_AFTER.match(right):
        person.perpetrator = person.perpetrator or (span, "incident.perpetrator.after")
        return "perpetrator"
    return None


def _age(person: _Person, span: TypedSpan, left_start: int, left: str, right: str) -> None:
    """'Name, 23,' / 'Name (23)' / 'Name, a 23-year-old' / '23-year-old Name': the first age written wins.

    `left` is the text before the name, from `left_start`; `right` the text after it.
    """
    if person.age is not None:
        return
    after = AGE_AFTER.match(right)
    if after is not None:
        group = next(g for g in ("a", "b", "c") if after.group(g))
        start = span.end + after.start(group)
        person.age = (start, span.end + after.end(group), after.group(group), span, "incident.age.after")
        return
    before = AGE_BEFORE.search(left)
    if before is not None:
        start = left_start + before.start("a")
        person.age = (start, start + len(before.group("a")), before.group("a"), span, "incident.age.before")


def _outcome(person: _Person, text: str, lo: int, hi: int) -> None:
    """Death and injury words in the clause around a mention; the first of each kind is kept."""
    if hi <= lo:
        return
    killed = KILLED.search(text, lo, hi)
    if killed is not None and person.killed is None:
        person.killed = (killed.start(), killed.end(), "incident.outcome.killed")
    injured = INJURED.search(text, lo, hi)
    if injured is not None and person.injured is None:
        person.injured = (injured.start(), injured.end(), "incident.outcome.injured")
    shot = SHOT.search(text, lo, hi)
    if shot is not None and person.shot is None:
        person.shot = (shot.start(), shot.end())


def _person_claims(event: EventDraft, person: _Person, lone_victim: bool, text: str) -> Iterator[ClaimDraft]:
    """Victim and perpetrator claims on the incident; age and outcome on the person.

    Each claim's span is where its cue was read, so the evidence sentence is the one that says it;
    it refers to the person by a mention the report's entity list has.
    """
    for role, found in (("victim", person.victim), ("perpetrator", person.perpetrator)):
        if found is not None:
            span, rule = found
            yield ClaimDraft(event, role, person.name, span.start, span.end, rule, person.entity)
    if person.victim is None and person.perpetrator is None:
        return
    if person.age is None and lone_victim and person.victim is not None:
        person.age = _described_age(text, person)
    if person.age is not None and 0 < int(person.age[2]) < 120:
        start, end, value, _, rule = person.age
        yield ClaimDraft(person.entity, "age", str(int(value)), start, end, rule)
    if person.victim is None:
        return
    # Death outranks injury: 'was wounded and later died' ends in a death.
    outcome = person.killed or person.injured
    if outcome is not None:
        start, end, rule = outcome
        value = "killed" if outcome is person.killed else "injured"
        yield ClaimDraft(person.entity, "outcome", value, start, end, rule)
        return
    death = KILLED.search(text) if lone_victim else None
    if death is not None:
        # The only victim the report names, and it tells of a death without naming whose: theirs.
        yield ClaimDraft(person.entity, "outcome", "killed", death.start(), death.end(), "incident.outcome.lone-victim")
    elif person.shot is not None:
        # Shot, and the report never says anyone died: news reports a death when there is one.
        start, end = person.shot
        yield ClaimDraft(person.entity, "outcome", "injured", start, end, "incident.outcome.shot-not-killed")


def _described_age(text: str, person: _Person) -> tuple[int, int, str, TypedSpan, str] | None:
    """The age of 'a 27-year-old man was shot', given to the one victim the report names.

    The described person must be the one shot ('a 27-year-old man was shot', 'killed a 27-year-old
    man'), in a sentence that is not about a suspect: 'the 24-year-old father may have been the
    intended target' describes someone else. The sentence runs from the last full stop or line break before
    the description to the next full stop; the stops and the words about a suspect are found once, not
    searched for again around every description.
    """
    stops = [m.start() for m in re.finditer(r"\.", text)]
    breaks = [m.start() for m in re.finditer(r"\n", text)]
    suspects = [m.start() for m in NOT_THE_VICTIM.finditer(text)]
    suspect_ends = [m.end() for m in NOT_THE_VICTIM.finditer(text)]
    for m in DESCRIBED_AGE.finditer(text):
        start = max(_last_before(stops, m.start()), _last_before(breaks, m.start())) + 1
        following = bisect.bisect_left(stops, m.end())
        end = stops[following] if following < len(stops) else len(text)
        first = bisect.bisect_left(suspects, start)  # the words do not overlap: the first to start ends first
        if first < len(suspects) and suspect_ends[first] <= end:
            continue
        before = text[_context_start(text, start, m.start()) : m.start()]
        if VICTIM_AFTER.match(text[m.end() : m.end() + 120]) or VICTIM_BEFORE.match(before):
            return (m.start("a"), m.end("a"), m.group("a"), person.entity, "incident.age.described")
    return None


def _last_before(positions: list[int], at: int) -> int:
    """The last of the sorted `positions` before `at`, or -1."""
    index = bisect.bisect_left(positions, at)
    return positions[index - 1] if index else -1


def event_place(
    event: EventDraft, doc: Doc, entities: list[TypedSpan], starts: list[int], trigger_sentences: set[int]
) -> Iterator[ClaimDraft]:
    """The town: a dateline ('KALAMAZOO, Mich. —'), else a place a sentence that tells the incident puts it in:
    'in <town>', or, read from the parse, any place governed by a locative ('at the Linden Arena', 'outside the
    station')."""
    text = text_of(doc)
    towns = [e for e in entities if e.type == "place" and e.name not in regions() and e.text not in NOT_NAMES]
    for town in towns:
        # A dateline opens its line; a name between dashes inside one is a page title's column or site
        # ('Maria Lopez, 31 - The Night Desk - Metro Times').
        if (
            DATELINE.match(text[town.end : town.end + 40])
            and not text[text.rfind("\n", 0, town.start) + 1 : town.start].strip()
        ):
            yield ClaimDraft(event, "place", town.name, town.start, town.end, "incident.place.dateline", town)
            return
    told = [t for t in towns if bisect.bisect_right(starts, t.start) - 1 in trigger_sentences]
    for town in told:  # 'in <town>' first: the town is what reports of one incident most often share
        if PLACE_BEFORE.search(text[max(0, town.start - 6) : town.start]):
            yield ClaimDraft(event, "place", town.name, town.start, town.end, "incident.place.in", town)
            return
    for town in told if is_parsed(doc) else []:
        if _locative(doc, town):
            yield ClaimDraft(event, "place", town.name, town.start, town.end, "incident.place.parse", town)
            return


def _locative(doc: Doc, place: TypedSpan) -> bool:
    """Whether the place's phrase is governed by a locative preposition: a 'case' child (UD) or a preposition
    head (ClearNLP's pobj)."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if any(c.dep_ == "case" and c.lower_ in LOCATIVES for c in root.children):
        return True
    if root.dep_ in ("obj", "dobj") and ASSAULTS & {root.head.lemma_.lower(), root.head.lower_}:
        return True  # 'attackers stormed the Linden Arena': the place assaulted is where it happened
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVES


def event_date(
    event: EventDraft,
    text: str,
    dates: list[DateMention],
    starts: list[int],
    trigger_sentences: set[int],
    published: dt.date | None,
) -> Iterator[ClaimDraft]:
    """The first resolved date in a sentence that tells the incident, bare weekdays included."""
    found = [*dates, *_bare_weekdays(text, dates, published)]
    for date in sorted(found, key=lambda d: d.start):
        if date.value is None or bisect.bisect_right(starts, date.start) - 1 not in trigger_sentences:
            continue
        if published is not None and date.value > published:
            continue  # the incident happened before the report about it
        yield date_claim(event, date, f"incident.{date.rule}")
        return


def _bare_weekdays(text: str, dates: list[DateMention], published: dt.date | None) -> Iterator[DateMention]:
    """'shot Tuesday night': the latest such weekday on or before the publication date."""
    if published is None:
        return
    taken = Claimed((d.start, d.end) for d in dates)
    for m in BARE_WEEKDAY.finditer(text):
        if taken.overlaps(m.start(), m.end()):
            continue
        value = latest_weekday(published, m["weekday"])
        yield DateMention(m.start(), m.end(), value, published, m["weekday"], None, "date.relative.bare-weekday")
