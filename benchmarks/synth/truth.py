"""Ground truth, accumulated from what each generated report actually states.

Expected findings follow what a careful reader comparing the reports would flag, and nothing the
reports do not show:

- event `date` / `place` conflict: the reports of a meeting that state it give two or more values;
- event `date` / `place` addition: some of the meeting's reports state it, all alike, and some do not;
- event `led_by` conflict: for one side, the reports name two or more different leads (member null);
- event `led_by` addition: for one side, the reports that name a lead all name the same one and some
  report names none (member null; one per meeting however many sides qualify). A side whose reports
  disagree is a conflict only, as for dates;
- event `attendee` / `cites` addition, one per member: among the reports that state the set at all,
  some name the member and some do not (an omitted member and a listed non-attendee look alike);
- person `name` variant: the person's full-name mentions, over all reports, are written in two or more
  exact forms (surname-only mentions and honorifics do not count). Each carries `detail`: "spelling"
  when the forms still differ once case, diacritics, spaces and punctuation are folded away
  (Badr/Bader, Abdulrahman/Abdurrahman, a dropped middle name), else "typography" (Al-Bahra/al Bahra,
  Çelik/Celik, Abdul Rahman/Abdulrahman); `score_findings(..., name_variants="spelling")` ignores the latter;
- person `title` variant: one post worded in two or more ways (ignoring case, hyphens and spacing);
- person `title` conflict: two or more different posts (rank, portfolio or organisation differ);
- person `title` addition: of the reports that mention the person (two or more), exactly one gives a
  title (so the others give none).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .phrases import ReportMeta
from .vocab import TOPICS
from .world import EventPlan, Title, World

TRUTH_FORMAT = "reconcile-synth-truth/1"


def typographic_key(name: str) -> str:
    """A name with case, diacritics, spaces and punctuation folded away: what typography alone changes."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("ø", "o").replace("ß", "ss"))
    return "".join(c for c in decomposed.casefold() if c.isalnum())


def _scalar_verdict(values: list[str | None]) -> str | None:
    """A single-valued fact over one meeting's reports (None where a report does not state it).

    "conflict" when the stated values differ, "addition" when they agree but some report is silent.
    """
    stated = {v for v in values if v is not None}
    if len(stated) > 1:
        return "conflict"
    if stated and None in values:
        return "addition"
    return None


@dataclass(slots=True)
class _OpenEvent:
    """An event whose reports are still being generated."""

    expected: int
    metas: list[ReportMeta] = field(default_factory=list)


class GroundTruth:
    """Accumulates ground truth while `synth.generate` streams reports; read it with `as_dict()`.

    Memory grows with the number of mentions (a few hundred bytes per report), not with the text.
    """

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        """Empty state; a sink can be reused for another run."""
        self.world: World | None = None
        self.seed = 0
        self.n_reports = 0
        self.complete = False
        self.events: dict[str, dict[str, Any]] = {}
        self.open: dict[str, _OpenEvent] = {}
        self.mentions: dict[str, list[list[str]]] = defaultdict(list)
        self.names: dict[str, set[str]] = defaultdict(set)
        self.titles: dict[str, dict[Title, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.titled: dict[str, int] = defaultdict(int)  # person -> reports that give them a title
        self.findings: list[dict[str, Any]] = []

    def start(self, world: World, n_reports: int, seed: int) -> None:
        """Reset for a new run over `world`."""
        self._reset()
        self.world, self.n_reports, self.seed = world, n_reports, seed

    def add_event(self, event: EventPlan) -> None:
        """Record a planned meeting's canonical facts."""
        world = self._world()
        people = world.people
        self.events[event.tid] = {
            "date": event.date.isoformat(),
            "place": world.places[event.place],
            "sides": [
                {
                    "organisation": world.orgs[s.org].name,
                    "lead": people[s.lead].name,
                    "members": [people[p].name for p in s.members],
                    "organisation_attends": s.org_attends,
                }
                for s in event.sides
            ],
            "cites": [world.docs[d].name for d in event.cites],
            "topics": [TOPICS[t] for t in event.topics],
            "reports": [],
            "mentions": [],
        }
        self.open[event.tid] = _OpenEvent(event.n_reports)

    def observe(self, meta: ReportMeta) -> None:
        """Take in one generated report; close its event once all its reports are in."""
        event = self.events[meta.event]
        event["reports"].append(meta.rid)
        event["mentions"].append([meta.rid, "m1"])
        for local, tid in meta.locals:
            self.mentions[tid].append([meta.rid, local])
        for tid, name in meta.names:
            self.names[tid].add(name)
        for tid, title, wording in meta.titles:
            self.titles[tid][title].add(wording)
        for tid in {tid for tid, _, _ in meta.titles}:
            self.titled[tid] += 1
        pending = self.open[meta.event]
        pending.metas.append(meta)
        if len(pending.metas) == pending.expected:
            del self.open[meta.event]
            self.findings.extend(self._event_findings(meta.event, pending.metas))

    def finish(self) -> None:
        """Mark the run complete (called by `generate` once the last report is out)."""
        if self.open:
            raise RuntimeError(f"{len(self.open)} events still open at the end of the run")
        self.complete = True

    def _world(self) -> World:
        if self.world is None:
            raise RuntimeError("GroundTruth.start() was not called; pass the sink to synth.generate")
        return self.world

    def _name(self, tid: str) -> str:
        """Canonical name of a world entity by truth id."""
        world = self._world()
        index = int(tid[1:]) - 1
        if tid[0] == "P":
            return world.people[index].name
        if tid[0] == "O":
            return world.orgs[index].name
        if tid[0] == "D":
            return world.docs[index].name
        return world.places[index]

    def _event_findings(self, etid: str, metas: list[ReportMeta]) -> list[dict[str, Any]]:
        """Expected findings on one meeting, from what its reports state."""
        out: list[dict[str, Any]] = []

        def add(kind: str, prop: str, member: str | None = None) -> None:
            out.append({"kind": kind, "event": etid, "person": None, "property": prop, "member": member})

        for prop, values in (("date", [m.date for m in metas]), ("place", [m.place for m in metas])):
            verdict = _scalar_verdict(values)
            if verdict:
                add(verdict, prop)
        leads = {_scalar_verdict([m.leads.get(s) for m in metas]) for s in (0, 1)}
        for verdict in ("conflict", "addition"):
            if verdict in leads:
                add(verdict, "led_by")
        for prop, sets in (("attendee", [m.attendees for m in metas]), ("cites", [m.cites for m in metas])):
            stated = [s for s in sets if s]
            if len(stated) < 2:
                continue
            partial = set[str]().union(*stated) - stated[0].intersection(*stated[1:])
            for name in sorted(self._name(t) for t in partial):
                add("addition", prop, name)
        return out

    def _person_findings(self) -> list[dict[str, Any]]:
        """Expected name and title findings, per person over all reports."""
        out: list[dict[str, Any]] = []
        for tid in sorted(set(self.names) | set(self.titles)):

            def add(kind: str, prop: str, tid: str = tid) -> None:
                out.append({"kind": kind, "event": None, "person": tid, "property": prop, "member": None})

            forms = self.names.get(tid, set())
            if len(forms) > 1:
                add("variant", "name")
                spelling = len({typographic_key(f) for f in forms}) > 1
                out[-1]["detail"] = "spelling" if spelling else "typography"
            posts = self.titles.get(tid, {})
            if len(posts) > 1:
                add("conflict", "title")
            if any(len(wordings) > 1 for wordings in posts.values()):
                add("variant", "title")
            if self.titled.get(tid, 0) == 1 and len({rid for rid, _ in self.mentions.get(tid, [])}) > 1:
                add("addition", "title")
        return out

    def as_dict(self) -> dict[str, Any]:
        """The ground truth as written to truth.json (see make.py for the format)."""
        if not self.complete:
            raise RuntimeError("the run is not complete: exhaust synth.generate() before reading the truth")
        world = self._world()
        findings = self.findings + self._person_findings()
        entities: dict[str, dict[str, Any]] = {}
        for person in world.people:
            entities[person.tid] = {
                "type": "person",
                "name": person.name,
                "title": world.title_text(person.title),
                "organisation": world.orgs[person.title.org].name,
                "names": sorted(self.names.get(person.tid, ())),
                "mentions": self.mentions.get(person.tid, []),
            }
        for org in world.orgs:
            entities[org.tid] = {
                "type": "organisation",
                "name": org.name,
                "acronym": org.spec.acronym or None,
                "mentions": self.mentions.get(org.tid, []),
            }
        for i, place in enumerate(world.places):
            entities[world.place_tid(i)] = {
                "type": "place",
                "name": place,
                "mentions": self.mentions.get(world.place_tid(i), []),
            }
        for doc in world.docs:
            entities[doc.tid] = {"type": "document", "name": doc.name, "mentions": self.mentions.get(doc.tid, [])}
        counts: dict[str, int] = defaultdict(int)
        for f in findings:
            counts[f"{f['kind']}/{f['property']}"] += 1
        return {
            "format": TRUTH_FORMAT,
            "seed": self.seed,
            "n_reports": self.n_reports,
            "counts": {
                "reports": self.n_reports,
                "events": len(self.events),
                "persons": len(world.people),
                "findings": len(findings),
                "findings_by_kind_property": dict(sorted(counts.items())),
            },
            "events": self.events,
            "entities": entities,
            "findings": findings,
        }
