"""Words and phrases of a report: names, titles, organisations, places, dates, documents, with their spans.

Spans are right by construction: text is only ever appended through `_Writer.put`, which returns
the offsets of what it wrote, and every mention's text is read back from what was written. The
phrase writer also fills a `ReportMeta` that tells the ground truth which world thing each local id
is and what the report states, so the truth is derived from what was actually written.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .perturb import ReportPlan
from .vocab import (
    GENEVA_COMMUNIQUE,
    MEETING_NOUNS,
    RESOLUTION_FORMS,
    TITLE_PREPOSITION,
)
from .world import EventPlan, Title, World, rank_of

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SINGULAR_NOUNS = frozenset({"meeting", "consultative meeting", "round of talks"})
HOUSE_STYLE_RATE = 0.75  # how often an outlet sticks to its own spelling of a name
DROP_MIDDLE_RATE = 0.30


def normalize_wording(text: str) -> str:
    """How the ground truth compares title wordings: case, hyphens and spacing do not count."""
    return " ".join(text.casefold().replace("-", " ").split())


@lru_cache(maxsize=65536)
def house_choice(outlet: int, key: str, n: int) -> int:
    """The spelling or wording an outlet habitually uses: fixed per outlet, differs across outlets."""
    return zlib.crc32(f"{outlet}/{key}".encode()) % n


@dataclass(slots=True)
class ReportMeta:
    """What the ground truth needs from one report: local ids -> world ids and the stated facts."""

    rid: str
    event: str
    locals: list[tuple[str, str]] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)
    titles: list[tuple[str, Title, str]] = field(default_factory=list)
    date: str | None = None
    place: str | None = None
    attendees: set[str] = field(default_factory=set)
    leads: dict[int, str] = field(default_factory=dict)
    cites: set[str] = field(default_factory=set)


class _Writer:
    """Appends text and keeps the spans of entities, event mentions and claims in step with it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.sentence_start = 0
        self.capitalize = False
        self.entities: dict[str, dict[str, Any]] = {}
        self.event_mentions: list[dict[str, Any]] = []
        self.claims: list[dict[str, Any]] = []
        self.pending: list[dict[str, Any]] = []

    def put(self, text: str) -> tuple[int, int]:
        """Append text (capitalised if it opens a sentence) and return its span."""
        if self.capitalize and text:
            text = text[0].upper() + text[1:]
            self.capitalize = False
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    def begin(self) -> None:
        """Open a sentence: its claims get the sentence as evidence."""
        self.sentence_start = self.pos
        self.capitalize = True

    def end(self, stop: str = ".") -> None:
        """Close the sentence and give its claims their evidence span."""
        self.put(stop)
        for claim in self.pending:
            claim["evidence"] = [self.sentence_start, self.pos]
        self.pending.clear()

    def mention(self, local: str, text: str) -> tuple[int, int]:
        """Write a mention of a registered entity; `last` then holds the text as written."""
        start, end = self.put(text)
        self.entities[local]["mentions"].append({"text": self.parts[-1], "span": [start, end]})
        return start, end

    @property
    def last(self) -> str:
        """The last piece written, as written (capitalisation included)."""
        return self.parts[-1]

    def event_mention(self, text: str) -> None:
        """Write a word that refers to the meeting itself."""
        start, end = self.put(text)
        self.event_mentions.append({"text": self.parts[-1], "span": [start, end]})

    def claim(
        self,
        subject: str,
        prop: str,
        value: str,
        span: tuple[int, int],
        obj: str | None = None,
        qualifiers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Record a claim; its evidence is filled in when the sentence ends."""
        claim: dict[str, Any] = {"subject": subject, "property": prop, "value": value, "span": [span[0], span[1]]}
        if obj is not None:
            claim["object"] = obj
        if qualifiers:
            claim["qualifiers"] = qualifiers
        self.claims.append(claim)
        self.pending.append(claim)
        return claim

    def text(self) -> str:
        """The text written so far."""
        return "".join(self.parts)


class Phrases:
    """Writes the phrases of one report (entities and values with their claims); sentences build on it."""

    def __init__(self, world: World, event: EventPlan, plan: ReportPlan, rng: random.Random) -> None:
        self.world, self.event, self.plan, self.rng = world, event, plan, rng
        self.w = _Writer()
        self.meta = ReportMeta(plan.rid, event.tid)
        self.local: dict[str, str] = {}
        self.counters: dict[str, int] = {}
        self.spelled: dict[int, tuple[str, str]] = {}
        self.side_claims: list[tuple[dict[str, Any], str]] = []
        self.lead_said = [False, False]
        self.event_named = False
        self.said_place = self.said_date = self.said_topic = False
        self.last_form: dict[str, int] = {}
        self.used_phrases: set[str] = set()
        self.honorifics = plan.outlet % 4 == 0
        people = [*plan.listed[0], *plan.listed[1]] + ([plan.reference] if plan.reference is not None else [])
        self.ambiguous = {
            p
            for p in people
            if any(q != p and set(world.people[p].parts[-1]) & set(world.people[q].parts[-1]) for q in people)
        }

    # ------------------------------------------------------------ helpers

    def style(self, key: str, options: tuple[str, ...]) -> str:
        """Pick the outlet's habitual option most of the time, any option otherwise."""
        if len(options) == 1:
            return options[0]
        if self.rng.random() < HOUSE_STYLE_RATE:
            return options[house_choice(self.plan.outlet, key, len(options))]
        return self.rng.choice(options)

    def register(self, tid: str, etype: str, prefix: str) -> str:
        """Local id of a world entity in this report, creating the entity on first use."""
        local = self.local.get(tid)
        if local is None:
            self.counters[prefix] = self.counters.get(prefix, 0) + 1
            local = f"{prefix}{self.counters[prefix]}"
            self.local[tid] = local
            self.w.entities[local] = {"id": local, "type": etype, "name": "", "mentions": []}
            self.meta.locals.append((local, tid))
        return local

    def noun(self, indefinite: bool = False) -> bool:
        """Write a noun for the meeting ("a meeting", "talks" when indefinite); return whether it is singular."""
        noun = self.rng.choice(MEETING_NOUNS)
        singular = noun in SINGULAR_NOUNS
        if indefinite and singular:
            self.w.put("a ")
        self.w.event_mention(noun)
        self.event_named = True
        return singular

    def phrase(self, options: tuple[str, ...]) -> str:
        """Pick a stock phrase not used yet in this report, so sentences do not repeat their openings."""
        fresh = [o for o in options if o not in self.used_phrases] or list(options)
        choice = self.rng.choice(fresh)
        self.used_phrases.add(choice)
        return choice

    def spelling(self, pid: int) -> tuple[str, str]:
        """This report's spelling of a person's full name and of the name used on later mentions."""
        if pid not in self.spelled:
            person = self.world.people[pid]
            keep_middle = person.middle < 0 or self.rng.random() >= DROP_MIDDLE_RATE
            parts = [
                self.style(group[0], group) for i, group in enumerate(person.parts) if i != person.middle or keep_middle
            ]
            self.spelled[pid] = (" ".join(parts), parts[-1])
        return self.spelled[pid]

    def close(self, needed: bool) -> None:
        """Close an apposition ("Jamous, head of the SNC,") before the sentence goes on."""
        if needed:
            self.w.put(",")

    # ------------------------------------------------------------ entities

    def org(self, oi: int, *, article: bool, attendee: int | None = None, short: bool = False) -> str:
        """Write an organisation's name in one of its forms; optionally claim it attended on a side."""
        org = self.world.orgs[oi]
        spec = org.spec
        first = org.tid not in self.local
        local = self.register(org.tid, "organisation", "o")
        forms = ["full"] + (["full_acr"] if spec.acronym and first else [])
        if not first or short:
            forms = (["acr", "acr"] if spec.acronym else []) + (["short"] if spec.short else []) + ["full"]
        form = self.rng.choice(forms)
        if article and (form != "acr" or spec.acronym_article):
            self.w.put("the ")
        if form == "acr":
            span = self.w.mention(local, spec.acronym)
        elif form == "short":
            span = self.w.mention(local, spec.short)
        else:
            span = self.w.mention(local, self.style(spec.names[0], spec.names))
        written = self.w.last
        if form == "full_acr":
            self.w.put(" (")
            self.w.mention(local, spec.acronym)
            self.w.put(")")
        if attendee is not None:
            # An organisation attending is on its own side.
            self.w.claim("m1", "attendee", written, span, local, {"side": local})
            self.meta.attendees.add(org.tid)
        return local

    def wording(self, title: Title) -> str:
        """The outlet's wording template for a title ("President", "head of the {p} committee")."""
        org = self.world.orgs[title.org]
        rank = rank_of(org.spec.kind, title.rank)
        return self.style(f"{org.spec.kind}/{rank.key}", rank.wordings)

    def title_phrase(self, pid: int, title: Title, wording: str, *, org_first: bool, org_after: bool = True) -> None:
        """Write a title, with its organisation after it ("head of the SNC") or before ("SNC head").

        Only titles with a portfolio ("Deputy Assistant Secretary for ...") may leave the organisation out.
        """
        org = self.world.orgs[title.org]
        text = wording.format(p=title.portfolio)
        owner = self.register(self.world.people[pid].tid, "person", "p")
        qualifiers: dict[str, str] = {}
        if org_first:
            qualifiers["organisation"] = self.org(title.org, article=False, short=True)
            self.w.put(" ")
            span = self.w.put(text)
            written = self.w.last
        else:
            span = self.w.put(text)
            written = self.w.last
            if org_after and ("{p}" not in wording or self.rng.random() < 0.75):
                self.w.put(f" {TITLE_PREPOSITION[org.spec.kind]} ")
                qualifiers["organisation"] = self.org(title.org, article=True)
        self.w.claim(owner, "title", written, span, qualifiers=qualifiers or None)
        self.meta.titles.append((self.world.people[pid].tid, title, normalize_wording(wording)))

    def person(self, pid: int, side: int | None = None, *, lead: bool = False, attend: bool = True) -> bool:
        """Write a person, with title on first mention; claim attendance (and lead) when on a side.

        Returns whether an apposition was left open, so the caller can close it with a comma.
        """
        person = self.world.people[pid]
        first = person.tid not in self.local
        local = self.register(person.tid, "person", "p")
        name, short = self.spelling(pid)
        hon = ""
        if person.doctor and self.rng.random() < 0.6:
            hon = "Dr. "
        elif self.honorifics:
            hon = "Ms. " if person.female else "Mr. "
        title = self.plan.titles.get(pid) if first else None
        open_apposition = False
        if title is None:
            if first or pid in self.ambiguous or self.rng.random() < 0.1:
                self.w.put(hon if first else "")
                span = self.w.mention(local, name)
            else:
                span = self.w.mention(local, short)
            written = self.w.last
        else:
            wording = self.wording(title)
            form = self.rng.choice(("appos", "appos", "pre_appos", "prenom", "bare"))
            if form == "prenom" and ("{p}" in wording or not self.world.orgs[title.org].spec.acronym):
                form = "appos"
            if form == "bare" and not (wording[:1].isupper() and "{p}" in wording):
                form = "appos"
            if form == "appos":
                self.w.put(hon)
                span = self.w.mention(local, name)
                written = self.w.last
                self.w.put(", ")
                self.title_phrase(pid, title, wording, org_first=False)
                open_apposition = True
            elif form == "pre_appos":
                self.w.put("the ")
                self.title_phrase(pid, title, wording, org_first=False)
                self.w.put(", " + hon)
                span = self.w.mention(local, name)
                written = self.w.last
                open_apposition = True
            else:  # "SNC President Badr Jamous", "Deputy Assistant Secretary for X Natasha Y"
                self.title_phrase(pid, title, wording, org_first=form == "prenom", org_after=False)
                self.w.put(" ")
                span = self.w.mention(local, name)
                written = self.w.last
        if written == name:
            self.meta.names.append((person.tid, name))
        if side is not None:
            if attend:
                self.side_claim(self.w.claim("m1", "attendee", written, span, local), side)
                self.meta.attendees.add(person.tid)
            if lead:
                self.side_claim(self.w.claim("m1", "led_by", written, span, local), side)
                self.meta.leads[side] = person.tid
                self.lead_said[side] = True
        return open_apposition

    def side_claim(self, claim: dict[str, Any], side: int) -> None:
        """Remember a claim whose side qualifier is set once we know if the side's org is named."""
        self.side_claims.append((claim, self.world.orgs[self.event.sides[side].org].tid))

    def people_list(self, pids: list[int], side: int) -> bool:
        """Write "A, B and C" (titles as appositions), claiming each as attending on `side`."""
        open_apposition = False
        for i, pid in enumerate(pids):
            if i:
                last = i == len(pids) - 1
                if open_apposition or (last and len(pids) > 2 and self.plan.outlet % 2):
                    self.w.put(", and " if last else ", ")
                else:
                    self.w.put(" and " if last else ", ")
            open_apposition = self.person(pid, side)
        return open_apposition

    def place(self, front: bool = False) -> None:
        """Write " in Geneva" (or "In Geneva") and claim the meeting's place."""
        assert self.plan.place is not None
        name = self.world.places[self.plan.place]
        tid = self.world.place_tid(self.plan.place)
        local = self.register(tid, "place", "l")
        self.w.put("in " if front else " in ")
        span = self.w.mention(local, name)
        self.w.claim("m1", "place", name, span, local)
        self.meta.place = tid

    def date(self, front: bool = False) -> None:
        """Write the meeting date, in full or relative to the dateline, and claim it."""
        plan = self.plan
        assert plan.date is not None
        day = plan.date
        iso = day.isoformat()
        weekday = WEEKDAYS[day.weekday()]
        qualifiers: dict[str, str] = {}
        if plan.published is None:
            text = self.absolute(day)
            if self.rng.random() < 0.2:
                text = f"{weekday}, {text}"
                qualifiers["weekday"] = weekday
            self.w.put("on " if front else " on ")
            span = self.w.put(text)
        else:
            qualifiers["anchor"] = plan.published.isoformat()
            lead_in, text, said_weekday = self.relative(plan.published, day)
            if said_weekday:
                qualifiers["weekday"] = weekday
            self.w.put(lead_in if front else " " + lead_in)
            span = self.w.put(text)
        self.w.claim("m1", "date", iso, span, qualifiers=qualifiers)
        self.meta.date = iso

    def absolute(self, day: dt.date) -> str:
        """A full date in the outlet's style (US or British order)."""
        if self.plan.outlet % 2:
            return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

    def relative(self, published: dt.date, day: dt.date) -> tuple[str, str, bool]:
        """A date relative to the dateline: (words before, words stating it, whether a weekday is named)."""
        weekday = WEEKDAYS[day.weekday()]
        ago = (published - day).days
        options: list[tuple[str, str, bool]] = [("on ", weekday, True)] if ago else [("", "today", False)]
        if ago == 0:
            options.append(("", "earlier today", False))
        elif ago == 1:
            options += [("", "yesterday", False), ("", f"yesterday, {weekday}", True)]
        elif ago in (2, 3):
            options.append(("", ("two", "three")[ago - 2] + " days ago", False))
        if ago >= 3:
            options.append(("", f"last {weekday}", True))
        return self.rng.choice(options)

    def doc(self, di: int) -> None:
        """Write a cited document in one of its forms and claim the meeting cited it."""
        doc = self.world.docs[di]
        local = self.register(doc.tid, "document", "d")
        if doc.number:
            text = self.style("resolution", RESOLUTION_FORMS).format(n=doc.number)
        else:
            text = self.style("geneva", GENEVA_COMMUNIQUE)
            self.w.put("the ")
        span = self.w.mention(local, text)
        self.w.claim("m1", "cites", text, span, local)
        self.meta.cites.add(doc.tid)
