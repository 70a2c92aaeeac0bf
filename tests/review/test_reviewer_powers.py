"""A reviewer rules on anything, not only on what the matcher proposed: any two events are one or two, any two
entities of one type are merged or split, from the command line, with the same trail as a queued item."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reconcile.models import Decision


def _report(cli) -> dict:
    return json.loads(cli("report", "-f", "json").stdout)


def _event_of(report: dict, report_id: str, local_id: str) -> dict:
    return next(e for e in report["events"] if {"report": report_id, "local_id": local_id} in e["mentions"])


def _decisions(engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Decision)) or 0


FIDAN = ("000_644f3aaadc5aa323", "m3")  # the meeting with Hakan Fidan, which only the first report tells
NEW_YORK = ("002_c7978846b180afeb", "m1")  # the second report's meeting in New York


def test_two_events_the_matcher_never_paired_are_linked_by_hand_and_apart_again(seeds, engine):
    report = _report(seeds)
    first, second = _event_of(report, *FIDAN), _event_of(report, *NEW_YORK)
    assert [first["id"], second["id"]] not in [link["events"] for link in report["links"]]
    result = seeds("review", "link", first["id"], second["id"], "same", "--reviewer", "ana", "--note", "one meeting")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Decided {first['id']} {second['id']}: same (decision ")
    assert _event_of(_report(seeds), *FIDAN) == _event_of(_report(seeds), *NEW_YORK)

    [item] = json.loads(seeds("review", "list", "--status", "decided", "--json").stdout)["items"]
    assert item["kind"] == "link" and item["decision"]["note"] == "one meeting"
    assert seeds("review", "decide", item["id"], "different").exit_code == 0
    apart = _report(seeds)
    assert _event_of(apart, *FIDAN) != _event_of(apart, *NEW_YORK)
    assert seeds("match").exit_code == 0
    again = _report(seeds)
    assert _event_of(again, *FIDAN) != _event_of(again, *NEW_YORK)


def test_linking_what_is_not_there_is_one_line_and_writes_nothing(seeds, engine):
    event = _report(seeds)["events"][0]["id"]
    for args, message in [
        ((event, "V999999", "same"), "Error: V999999: no event has this id (see the events in `reconcile report`)"),
        ((event, event, "same"), f"Error: {event}: an event cannot be linked to itself; name two events"),
        ((event, "F12", "same"), "Error: 'F12' is not an event id: name an event as the report shows it (V12)"),
    ]:
        result = seeds("review", "link", *args)
        assert (result.exit_code, result.stderr) == (1, message + "\n")
    result = seeds("review", "link", event, "V2", "merge")
    assert result.exit_code == 1 and "is not allowed for an event link; use one of: same, different" in result.stderr
    assert _decisions(engine) == 0


def test_any_two_people_merged_then_split_from_the_command_line(seeds, engine):
    people = [e for e in _report(seeds)["entities"] if e["type"] == "person"]
    a, b = people[0], people[-1]
    assert seeds("review", "merge", a["id"], b["id"], "--reviewer", "ana").exit_code == 0
    merged = [e for e in _report(seeds)["entities"] if set(a["names"]) <= set(e["names"])]
    assert len(merged) == 1 and set(b["names"]) <= set(merged[0]["names"])
    result = seeds("review", "split", a["id"], b["id"], "--reviewer", "ana")
    assert result.exit_code == 0, result.stderr
    entities = _report(seeds)["entities"]
    assert not any(set(a["names"]) | set(b["names"]) <= set(e["names"]) for e in entities)
    assert _decisions(engine) == 2


def test_a_person_is_not_merged_with_an_organisation(seeds, engine):
    entities = _report(seeds)["entities"]
    person = next(e for e in entities if e["type"] == "person")
    organisation = next(e for e in entities if e["type"] == "organisation")
    result = seeds("review", "merge", person["id"], organisation["id"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {person['id']} is a person and {organisation['id']} an organisation: only two entities of one type "
        "can be merged or split\n"
    )
    assert _decisions(engine) == 0
