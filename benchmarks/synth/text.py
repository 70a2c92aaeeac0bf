"""Write one report's sentences from its plan, and assemble the report JSON.

The sentence forms vary by outlet and by chance; what each sentence states comes from the
ReportPlan, and every value goes through the phrase writer so its span and claim are recorded.
"""

from __future__ import annotations

from typing import Any

from .phrases import Phrases, ReportMeta
from .vocab import OUTLETS, QUOTES, TOPICS


class Renderer(Phrases):
    """Turns one ReportPlan into a schema-valid report dict and its ReportMeta."""

    # ------------------------------------------------------------ sentences

    def team(self, s: int) -> bool:
        """Write one side as a party: a delegation, "US officials", or a person; may say who led it."""
        side = self.event.sides[s]
        camp = self.world.camps[self.world.orgs[side.org].camp].spec
        lead = self.plan.leads[s]
        listed = [p for p in self.plan.listed[s] if self.world.people[p].tid not in self.local]
        roll = self.rng.random()
        if self.plan.org_stated[s] or (roll < 0.35 or not listed):
            if self.plan.org_stated[s]:
                form = self.rng.randrange(3)
                self.w.put(("a delegation of ", "the ", "")[form])
                self.org(side.org, article=form != 1, attendee=s, short=form == 1)
                self.w.put(("", " delegation", "")[form])
            else:
                self.w.put(f"{camp.adjective} officials")
            if lead is not None and lead in listed:
                self.w.put(self.rng.choice((", led by ", ", headed by ")))
                self.person(lead, s, lead=True)
                return True
            return False
        pid = lead if lead is not None and lead in listed else listed[0]
        return self.person(pid, s, lead=False)

    def opening(self) -> None:
        """The first sentence: who met whom, and often where and when."""
        plan, w = self.plan, self.w
        has_date, has_place = plan.date is not None, plan.place is not None
        forms = ["met", "met with", "held"] + (["date_first"] if has_date else []) + (["in_city"] if has_place else [])
        form = self.rng.choice(forms)
        w.begin()
        if form == "date_first":
            self.date(front=True)
            w.put(", ")
        elif form == "in_city":
            self.place(front=True)
            w.put(", ")
        self.close(self.team(0))
        if form == "held":
            w.put(" held ")
            self.noun(indefinite=True)
            w.put(" with ")
        elif form == "in_city":
            w.put(" discussed ")
            self.topic(self.plan.topics[0])
            w.put(" with ")
        else:
            w.put(" met with " if form == "met with" else " met ")
        open_apposition = self.team(1)
        tail_place = has_place and form != "in_city" and self.rng.random() < 0.7
        tail_date = has_date and form != "date_first" and self.rng.random() < 0.7
        self.close(open_apposition and (tail_place or tail_date))
        if tail_place:
            self.place()
        if tail_date:
            self.date()
        w.end()
        self.said_place = form == "in_city" or tail_place
        self.said_date = form == "date_first" or tail_date
        self.said_topic = form == "in_city"

    def when_where(self) -> None:
        """A sentence for the date and place the opening left out."""
        need_place = self.plan.place is not None and not self.said_place
        need_date = self.plan.date is not None and not self.said_date
        if not (need_place or need_date):
            return
        self.gap()
        w = self.w
        w.begin()
        w.put("the ")
        singular = self.noun()
        w.put(self.rng.choice((" took place", " was held" if singular else " were held")))
        if need_place:
            self.place()
        if need_date:
            self.date()
        w.end()

    def members(self, s: int) -> None:
        """Name the side's remaining attendees, and its lead if that was not said yet."""
        side = self.event.sides[s]
        camp = self.world.camps[self.world.orgs[side.org].camp].spec
        rest = [p for p in self.plan.listed[s] if self.world.people[p].tid not in self.local]
        lead = self.plan.leads[s]
        w = self.w
        if lead is not None and not self.lead_said[s]:
            self.gap()
            w.begin()
            if lead in rest:
                rest.remove(lead)
                w.put(f"the {camp.adjective} delegation was led by ")
                self.person(lead, s, lead=True)
            else:
                self.person(lead, s, lead=True, attend=False)
                w.put(f" led the {camp.adjective} delegation")
            w.end()
        if not rest:
            return
        self.gap()
        w.begin()
        form = self.fresh("members", 4)
        if form == 0:
            w.put(f"the {camp.adjective} delegation also included ")
            self.people_list(rest, s)
        elif form == 1:
            w.put("also present " + ("were " if len(rest) > 1 else "was "))
            self.people_list(rest, s)
        elif form == 2:
            w.put(f"from the {camp.adjective} side, ")
            self.close(self.people_list(rest, s))
            w.put(" took part in the ")
            self.noun()
        else:
            self.close(self.people_list(rest, s))
            w.put(" also attended")
        w.end()

    def speaker(self) -> int:
        """Someone already named who can be said to have spoken (side A preferred)."""
        named = [p for p in self.plan.listed[0] + self.plan.listed[1] if self.world.people[p].tid in self.local]
        return named[0] if self.rng.random() < 0.7 else self.rng.choice(named)

    def during(self) -> None:
        """Open with "During the meeting, " when nothing has referred to the meeting yet."""
        if not self.event_named or self.rng.random() < 0.2:
            self.w.put(self.rng.choice(("during the ", "at the ")))
            self.noun()
            self.w.put(", ")

    def citations(self) -> None:
        """Which documents the meeting invoked."""
        if not self.plan.cites:
            return
        self.gap()
        w = self.w
        w.begin()
        self.during()
        form = self.fresh("cites", 4)
        if form in (0, 3):
            pid = self.speaker()
            self.person(pid)
            pronoun = "her" if self.world.people[pid].female else "his"
            w.put(f" reaffirmed {pronoun} commitment to " if form == 0 else " called for the full implementation of ")
        else:
            opening = self.phrase(("the two sides discussed ", "both sides stressed "))
            w.put(opening + ("the importance of implementing " if form == 1 else "the implementation of "))
        for i, di in enumerate(self.plan.cites):
            if i:
                w.put(" and " if i == len(self.plan.cites) - 1 else ", ")
            self.doc(di)
        w.end()

    def topic(self, ti: int) -> None:
        """Write a topic and claim the meeting covered it."""
        text = TOPICS[ti]
        span = self.w.put(text)
        self.w.claim("m1", "topic", text, span)

    def topics(self) -> None:
        """What the meeting was about."""
        todo = self.plan.topics[1:] if self.said_topic else self.plan.topics
        if not todo:
            return
        self.gap()
        w = self.w
        w.begin()
        if not self.event_named or self.rng.random() < 0.3:
            w.put("the ")
            self.noun()
            w.put(" focused on ")
        else:
            w.put(
                self.phrase(
                    ("the two sides discussed ", "discussions also covered ", "the delegations also touched on ")
                )
            )
        for i, ti in enumerate(todo):
            if i:
                w.put(" and " if i == len(todo) - 1 else ", ")
            self.topic(ti)
        w.end()

    def quote(self) -> None:
        """A quotation from an attendee."""
        pid = self.plan.quote
        if pid is None or self.world.people[pid].tid not in self.local:
            return
        self.gap()
        w = self.w
        w.begin()
        text = self.rng.choice(QUOTES)
        w.put("“")
        span = w.put(text)
        said_after = self.rng.random() < 0.5
        w.put(",” " if said_after else ",” said ")
        self.person(pid)
        speaker = self.local[self.world.people[pid].tid]
        if said_after:
            w.put(" said")
        self.w.claim("m1", "quote", text, span, qualifiers={"speaker": speaker})
        w.end()

    def reference(self) -> None:
        """A passing mention of someone who was not there, with a title (a distractor for resolvers)."""
        pid = self.plan.reference
        if pid is None:
            return
        self.gap()
        w = self.w
        w.begin()
        self.person(self.speaker())
        w.put(" also praised the efforts of ")
        self.person(pid)
        w.end()

    def gap(self) -> None:
        """Space between sentences; sometimes a new paragraph."""
        self.w.put("\n\n" if self.rng.random() < 0.35 else " ")

    def fresh(self, slot: str, n: int) -> int:
        """Draw a sentence form, avoiding the one used last time for the same slot."""
        form = self.rng.randrange(n)
        if form == self.last_form.get(slot):
            form = (form + 1 + self.rng.randrange(n - 1)) % n
        self.last_form[slot] = form
        return form

    # ------------------------------------------------------------ the report

    def render(self) -> tuple[dict[str, Any], ReportMeta]:
        """Write the whole report and assemble its JSON."""
        plan = self.plan
        if plan.published is not None:
            self.w.put(self.absolute(plan.published) + "\n\n")
        self.opening()
        self.when_where()
        self.members(0)
        self.members(1)
        self.citations()
        self.topics()
        self.quote()
        self.reference()
        if not self.event_named:
            self.gap()
            self.w.begin()
            self.w.put("the ")
            self.noun()
            self.w.put(" ended without a joint statement")
            self.w.end()
        return self.assemble(), self.meta

    def assemble(self) -> dict[str, Any]:
        """Build the report dict in schema order, with side qualifiers now that all orgs are known."""
        for claim, org_tid in self.side_claims:
            side_local = self.local.get(org_tid)
            if side_local is not None:
                claim.setdefault("qualifiers", {})["side"] = side_local
        entities = list(self.w.entities.values())
        for ent in entities:
            ent["name"] = max((m["text"] for m in ent["mentions"]), key=len)
        report: dict[str, Any] = {
            "id": self.plan.rid,
            "source": OUTLETS[self.plan.outlet],
            "title": self.headline(),
            "published": self.plan.published.isoformat() if self.plan.published else None,
            "language": "en",
            "text": self.w.text(),
            "entities": entities,
            "events": [{"id": "m1", "kind": "meeting", "name": self.label(), "mentions": self.w.event_mentions}],
            "claims": self.w.claims,
        }
        return report

    def party(self, s: int) -> str:
        """A short name for a side in headlines and labels: a surname, an acronym or an adjective."""
        side = self.event.sides[s]
        for pid in self.plan.listed[s]:
            return self.spelling(pid)[1]
        org = self.world.orgs[side.org].spec
        return org.acronym or org.short or self.world.camps[self.world.orgs[side.org].camp].spec.adjective

    def headline(self) -> str:
        """The report's title (not part of `text`, so it carries no spans)."""
        a, b = self.party(0), self.party(1)
        form = self.rng.randrange(3)
        if form == 0:
            head = f"{a} meets {b}"
        elif form == 1:
            head = f"{a} discusses {TOPICS[self.plan.topics[0]]} with {b}"
        else:
            head = f"{a} and {b} hold talks"
        return head[0].upper() + head[1:]

    def label(self) -> str:
        """A short label for the meeting, from the two sides' organisations."""
        names = []
        for side in self.event.sides:
            org = self.world.orgs[side.org].spec
            names.append(org.acronym or org.short or org.names[0])
        return f"Meeting between {names[0]} and {names[1]}"
