"""Score a `reconcile` JSON report against the synthetic ground truth.

Findings are compared as sets of keys (kind, truth event, truth person, property, member): a tool
that reports the same thing twice (say on an event and on a link) is counted once, and a tool that
splits a meeting in two still earns the finding once. Clusters are scored pairwise over mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

SCORED_KINDS = frozenset({"variant", "addition", "conflict"})
PERSON_PROPERTIES = frozenset({"name", "title"})
EVENT_PROPERTIES = frozenset({"date", "place", "attendee", "led_by", "cites"})
SET_PROPERTIES = frozenset({"attendee", "cites"})
# Names a tool might reasonably use for the scored properties.
PROPERTY_ALIASES = {
    "location": "place",
    "lead": "led_by",
    "leader": "led_by",
    "attendees": "attendee",
    "citation": "cites",
    "cited": "cites",
    "names": "name",
}
EXAMPLES = 25

# (kind, truth event, truth person, property, member canonical name, unmatched marker)
Key = tuple[str, str | None, str | None, str, str | None, str]
Mention = tuple[str, str]


class TruthIndex:
    """Lookups from report-local mentions to truth ids, built once per truth."""

    def __init__(self, truth: Mapping[str, Any], name_variants: str = "all") -> None:
        self.entity_of: dict[Mention, str] = {}
        self.event_of: dict[Mention, str] = {}
        self.types: dict[str, str] = {}
        self.names: dict[str, str] = {}
        surface: dict[str, set[str]] = {}
        for tid, ent in truth["entities"].items():
            self.types[tid] = ent["type"]
            self.names[tid] = ent["name"]
            for rid, lid in ent["mentions"]:
                self.entity_of[(rid, lid)] = tid
            for form in [ent["name"], *ent.get("names", []), ent.get("acronym") or ""]:
                if form:
                    surface.setdefault(form.casefold(), set()).add(tid)
        for etid, event in truth["events"].items():
            for rid, lid in event["mentions"]:
                self.event_of[(rid, lid)] = etid
        self.surface = {form: next(iter(tids)) for form, tids in surface.items() if len(tids) == 1}
        self.expected: set[Key] = {
            (f["kind"], f["event"], f["person"], f["property"], f["member"], "")
            for f in truth["findings"]
            if name_variants == "all" or f.get("detail") != "typography"
        }


def mentions_of(cluster: Mapping[str, Any]) -> list[Mention]:
    """A tool cluster's mentions as (report id, local id), accepting dicts or pairs."""
    out: list[Mention] = []
    for m in cluster.get("mentions", []):
        if isinstance(m, Mapping):
            out.append((str(m.get("report")), str(m.get("local_id"))))
        else:
            out.append((str(m[0]), str(m[1])))
    return out


def majority(mentions: Iterable[Mention], table: Mapping[Mention, str]) -> str | None:
    """The truth id more than half of a cluster's known mentions belong to, if any."""
    votes = Counter(table[m] for m in mentions if m in table)
    if not votes:
        return None
    tid, count = votes.most_common(1)[0]
    return tid if 2 * count > sum(votes.values()) else None


def _ratio(num: int, den: int, empty: float) -> float:
    """num/den, or `empty` when there is nothing to divide by."""
    return num / den if den else empty


def _prf(tp: int, predicted: int, expected: int) -> dict[str, float | int]:
    """Precision, recall and F1 with their counts."""
    p = _ratio(tp, predicted, 1.0 if expected == 0 else 0.0)
    r = _ratio(tp, expected, 1.0)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": predicted - tp,
        "fn": expected - tp,
    }


class _Mapper:
    """Maps the tool's findings to truth keys through its clusters' mentions."""

    def __init__(self, index: TruthIndex, tool: Mapping[str, Any]) -> None:
        self.index = index
        self.entity: dict[str, str | None] = {}
        self.entity_type: dict[str, str] = {}
        for ent in tool.get("entities", []):
            self.entity[ent["id"]] = majority(mentions_of(ent), index.entity_of)
            self.entity_type[ent["id"]] = str(ent.get("type", ""))
        self.event = {ev["id"]: majority(mentions_of(ev), index.event_of) for ev in tool.get("events", [])}
        self.unscored = 0
        self.keys: set[Key] = set()
        self.from_links: set[Key] = set()
        self.elsewhere: set[Key] = set()
        self.confident: set[Key] = set()

    def member(self, finding: Mapping[str, Any]) -> str | None:
        """Truth id of a finding's set member: by member_id's cluster, else by its written name."""
        member_id = finding.get("member_id")
        if member_id and member_id in self.entity:
            return self.entity[member_id]
        name = finding.get("member")
        return self.index.surface.get(name.casefold()) if isinstance(name, str) else None

    def add(
        self,
        finding: Mapping[str, Any],
        *,
        person: str | None,
        event: str | None,
        subject: str,
        on_person_entity: bool = False,
        on_link: bool = False,
    ) -> None:
        """Key one finding; `subject` names the tool cluster, for findings that map nowhere."""
        kind = str(finding.get("kind", "")).lower()
        if kind not in SCORED_KINDS:
            return
        prop = str(finding.get("property", ""))
        prop = PROPERTY_ALIASES.get(prop, prop)
        if prop not in PERSON_PROPERTIES | EVENT_PROPERTIES:
            self.unscored += 1
            return
        member_tid = self.member(finding)
        if prop in PERSON_PROPERTIES:
            if person is None and member_tid is not None and self.index.types.get(member_tid) == "person":
                person = member_tid
            if person is None and not on_person_entity and event is None:
                self.unscored += 1  # e.g. an organisation's name variant: not part of the truth
                return
            key: Key = (kind, None, person, prop, None, "" if person else subject)
        else:
            member = self.index.names.get(member_tid) if member_tid and prop in SET_PROPERTIES else None
            if prop in SET_PROPERTIES and member is None:
                event = None  # a set finding whose member cannot be identified cannot match
            key = (kind, event, None, prop, member, "" if event else subject)
        self.keys.add(key)
        (self.from_links if on_link else self.elsewhere).add(key)
        if not on_link and not finding.get("provisional"):
            self.confident.add(key)

    def run(self, tool: Mapping[str, Any]) -> None:
        """Key every finding on entities, events and links."""
        for ent in tool.get("entities", []):
            tid = self.entity[ent["id"]]
            ttype = self.index.types.get(tid) if tid else None
            is_person = ttype == "person" or (tid is None and ent.get("type") == "person")
            for f in ent.get("findings", []):
                if tid is not None and ttype != "person":
                    if str(f.get("kind", "")).lower() in SCORED_KINDS:
                        self.unscored += 1
                    continue
                self.add(f, person=tid, event=None, subject=ent["id"], on_person_entity=is_person)
        for ev in tool.get("events", []):
            for f in ev.get("findings", []):
                self.add(f, person=None, event=self.event[ev["id"]], subject=ev["id"])
        for i, link in enumerate(tool.get("links", [])):
            targets = {self.event.get(v) for v in link.get("events", [])}
            event = targets.pop() if len(targets) == 1 else None  # both sides must be the same meeting
            subject = "link:" + "+".join(link.get("events", [])) if link.get("events") else f"link:{i}"
            for f in link.get("findings", []):
                self.add(f, person=None, event=event, subject=subject, on_link=True)


def pairwise(clusters: Iterable[list[Mention]], truth_of: Mapping[Mention, str]) -> dict[str, float | int]:
    """Pairwise precision/recall/F1 of predicted clusters against the truth clusters of `truth_of`."""
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth_of.values()).values())
    seen: set[Mention] = set()
    predicted = correct = 0
    for cluster in clusters:
        items = [m for m in dict.fromkeys(cluster) if m in truth_of and m not in seen]
        seen.update(items)
        predicted += len(items) * (len(items) - 1) // 2
        correct += sum(c * (c - 1) // 2 for c in Counter(truth_of[m] for m in items).values())
    out = _prf(correct, predicted, true_pairs)
    return {
        **out,
        "pairs_predicted": predicted,
        "pairs_true": true_pairs,
        "mentions_clustered": len(seen),
        "mentions_true": len(truth_of),
    }


def _breakdown(
    predicted: set[Key], expected: set[Key], group: Callable[[Key], str]
) -> dict[str, dict[str, float | int]]:
    """P/R per group of keys (per kind, per property, per kind/property)."""
    return {
        g: _prf(
            len({k for k in predicted & expected if group(k) == g}),
            len({k for k in predicted if group(k) == g}),
            len({k for k in expected if group(k) == g}),
        )
        for g in sorted({group(k) for k in predicted | expected})
    }


def _as_dict(key: Key) -> dict[str, str | None]:
    """A key in the truth's finding shape, for examples in the score."""
    kind, event, person, prop, member, marker = key
    out: dict[str, str | None] = {"kind": kind, "event": event, "person": person, "property": prop, "member": member}
    if marker:
        out["unmatched_subject"] = marker
    return out


def score_findings(
    report_json: Mapping[str, Any], truth: Mapping[str, Any], *, name_variants: str = "all"
) -> dict[str, Any]:
    """Score the tool's findings and clusters against the truth.

    Assumes the tool's JSON report has this shape (only the fields used are listed):

        {"entities": [{"id": "E1", "type": "person", "mentions": [{"report": "syn-000001", "local_id": "p1"}],
                       "findings": [<finding>]}],
         "events":   [{"id": "V1", "mentions": [{"report": ..., "local_id": "m1"}], "findings": [<finding>]}],
         "links":    [{"events": ["V1", "V2"], "findings": [<finding>]}]}
        <finding> = {"kind": "agreement"|"addition"|"variant"|"conflict", "property": "title", "member": name|null,
                     "member_id": "E7"|null, ...}

    - A cluster stands for the truth entity/event that more than half of its known mentions belong to.
    - A finding on a person entity (or on an event, with member_id naming a person) with property `name`
      or `title` matches a person finding; findings on events and on links (when both linked events
      stand for the same meeting) with date/place/attendee/led_by/cites match event findings. For
      attendee/cites the member must be the truth member (by member_id's mentions, else by name).
    - Only kinds variant/addition/conflict are scored; other properties (topic, quote, ...) and findings
      on organisations, places and documents are counted as `unscored`, not as false positives.
    - name_variants="spelling" drops the expected name variants that differ only typographically
      (truth `detail` "typography": case, diacritics, hyphens, spaces), for a tool that folds those.
    - `links_only` counts keys found only through links (provisional), and how many of them are right.
    - `confident` is P/R/F1 over the findings that are not provisional: those on links (comparisons of
      events whose identity is uncertain) and any other finding marked `"provisional": true` are left
      out of the predictions; the expected findings stay all of the truth's.
    """
    if name_variants not in ("all", "spelling"):
        raise ValueError("name_variants must be 'all' or 'spelling'")
    index = TruthIndex(truth, name_variants)
    mapper = _Mapper(index, report_json)
    mapper.run(report_json)
    predicted, expected = mapper.keys, index.expected
    tp = predicted & expected
    links_only = mapper.from_links - mapper.elsewhere
    person_truth = {m: t for m, t in index.entity_of.items() if index.types[t] == "person"}
    return {
        "findings": {
            **_prf(len(tp), len(predicted), len(expected)),
            "predicted": len(predicted),
            "expected": len(expected),
            "unscored": mapper.unscored,
            "links_only": {"predicted": len(links_only), "tp": len(links_only & expected)},
            "without_links": _prf(len(tp - links_only), len(predicted - links_only), len(expected)),
            "confident": {
                **_prf(len(mapper.confident & expected), len(mapper.confident), len(expected)),
                "predicted": len(mapper.confident),
            },
            "by_kind": _breakdown(predicted, expected, lambda k: k[0]),
            "by_property": _breakdown(predicted, expected, lambda k: k[3]),
            "by_kind_property": _breakdown(predicted, expected, lambda k: f"{k[0]}/{k[3]}"),
            "false_positives": [_as_dict(k) for k in sorted(predicted - expected, key=str)[:EXAMPLES]],
            "false_negatives": [_as_dict(k) for k in sorted(expected - predicted, key=str)[:EXAMPLES]],
        },
        "events": pairwise((mentions_of(ev) for ev in report_json.get("events", [])), index.event_of),
        "persons": pairwise((mentions_of(e) for e in report_json.get("entities", [])), person_truth),
    }


def oracle_output(truth: Mapping[str, Any]) -> dict[str, Any]:
    """A tool output that is exactly right: every truth cluster and finding, in the tool's JSON shape."""
    entity_id = {tid: f"E{i + 1}" for i, tid in enumerate(truth["entities"])}
    by_name = {ent["name"]: tid for tid, ent in truth["entities"].items()}
    entities: dict[str, dict[str, Any]] = {}
    for tid, ent in truth["entities"].items():
        if not ent["mentions"]:
            continue
        entities[tid] = {
            "id": entity_id[tid],
            "type": ent["type"],
            "name": ent["name"],
            "names": ent.get("names", [ent["name"]]),
            "reports": sorted({rid for rid, _ in ent["mentions"]}),
            "mentions": [{"report": rid, "local_id": lid} for rid, lid in ent["mentions"]],
            "findings": [],
        }
    events: dict[str, dict[str, Any]] = {}
    for i, (etid, ev) in enumerate(truth["events"].items()):
        events[etid] = {
            "id": f"V{i + 1}",
            "kind": "meeting",
            "reports": ev["reports"],
            "mentions": [{"report": rid, "local_id": lid} for rid, lid in ev["mentions"]],
            "date": ev["date"],
            "location": ev["place"],
            "findings": [],
        }
    for f in truth["findings"]:
        member_tid = by_name.get(f["member"]) if f["member"] else None
        finding = {
            "kind": f["kind"],
            "severity": "low" if f["kind"] == "variant" else "medium",
            "property": f["property"],
            "member": f["member"],
            "member_id": entity_id[member_tid] if member_tid else None,
            "values": [],
            "explanation": "oracle",
            "provisional": False,
        }
        if f["person"]:
            target = entities[f["person"]]
            finding.update(subject=target["name"], subject_id=target["id"])
        else:
            target = events[f["event"]]
            finding.update(subject=target["id"], subject_id=target["id"])
        target["findings"].append(finding)
    reports = sorted({rid for ev in truth["events"].values() for rid in ev["reports"]})
    return {
        "reports": [{"id": rid, "source": "", "published": None, "title": ""} for rid in reports],
        "entities": list(entities.values()),
        "events": list(events.values()),
        "links": [],
    }
