"""What two clusters of accounts know when they are weighed for a join: every account's dates, places and
magnitudes with the reports that give them, kept as clusters grow."""

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reconcile.models import Event, EventLink, Mention, MentionRole, Report, Source, Verdict
from reconcile.resolve.event_clusters import Neighbourhood, Told, _apart_of, _ruled_apart, cluster, group_conflict
from reconcile.resolve.event_score import EventFacts, PairScore


def _told(report: str, day: str | None = None, place: str | None = None, magnitude: float | None = None) -> Told:
    facts = EventFacts(mention_id=0, report_id=report)
    if day:
        facts.dates.add(dt.date.fromisoformat(day))
    if place:
        facts.places.add(1)
        facts.names[1] = place
    if magnitude is not None:
        facts.magnitudes.add(magnitude)
    return Told.of(facts)


def test_a_grown_cluster_weighs_every_accounts_dates_with_their_reports():
    left = _told("a", "2025-03-10")
    left.absorb(_told("d", "2025-03-10"))
    left.absorb(_told("b"))  # undated: says nothing against the other cluster
    assert group_conflict(left, _told("c", "2025-03-12")) == (
        "the clusters' dates conflict: 2025-03-10 (a, d) vs 2025-03-12 (c)"
    )


def test_one_shared_date_anywhere_in_a_cluster_lets_it_join():
    left = _told("a", "2025-03-10")
    left.absorb(_told("b", "2025-03-12"))
    assert group_conflict(left, _told("c", "2025-03-12")) is None


def test_places_within_one_another_agree_and_apart_conflict():
    assert group_conflict(_told("a", place="Kuala Lumpur"), _told("b", place="Malaysia")) is None
    assert group_conflict(_told("a", place="Kuala Lumpur"), _told("b", place="Oslo")) == (
        "the clusters' places conflict: Kuala Lumpur (a) vs Oslo (b)"
    )


def test_magnitudes_apart_by_more_than_rounding_conflict():
    assert group_conflict(_told("a", magnitude=6.1), _told("b", magnitude=6.0)) is None
    assert group_conflict(_told("a", magnitude=6.1), _told("c", magnitude=5.6)) == (
        "the clusters' magnitudes conflict: 5.6 (c) vs 6.1 (a)"
    )


def test_a_reviewers_ruling_outweighs_what_the_clusters_say():
    assert group_conflict(_told("a", "2025-03-10"), _told("b", "2025-03-10"), ruled_apart=True) == (
        "a reviewer decided two of their accounts are different events"
    )
    assert group_conflict(_told("a", "2025-03-10"), _told("b", "2025-03-12"), ruled_same=True) is None


def test_a_ruling_between_any_two_accounts_of_the_clusters_keeps_them_apart():
    apart_of = _apart_of({(3, 40)})
    assert _ruled_apart({1, 2, 3}, set(range(10, 50)), apart_of)
    assert _ruled_apart(set(range(10, 50)), {1, 2, 3}, apart_of)
    assert not _ruled_apart({1, 2}, set(range(10, 50)), apart_of)


# A store of three stored accounts: x1 (report a, 2025-03-10) and x2 (b, undated) are one event; y1 (c,
# 2025-03-12) is another, kept apart from x2's by a blocked link because the clusters' dates conflict. A new account
# (report d) is called the same as x2. Re-clustering reads x2's event and weighs y1's as it stands.

BLOCKED_NOTE = "not merged: the clusters' dates conflict: 2025-03-10 (a) vs 2025-03-12 (c)"


def _store(session: Session) -> dict[str, int]:
    source = Source(name="wire")
    session.add(source)
    session.flush()
    ids = {}
    for report, local in (("a", "x1"), ("b", "x2"), ("c", "y1"), ("d", "z")):
        session.add(Report(id=report, source_id=source.id, text=".", content_hash=report))
        session.flush()
        mention = Mention(report_id=report, local_id=local, role=MentionRole.event, type="meeting", name="talks")
        session.add(mention)
        session.flush()
        ids[local] = mention.id
    x, y = Event(kind="meeting", name="talks", stale=False), Event(kind="meeting", name="talks", stale=False)
    session.add_all([x, y])
    session.flush()
    session.execute(update(Mention).where(Mention.id.in_([ids["x1"], ids["x2"]])).values(event_id=x.id))
    session.execute(update(Mention).where(Mention.id == ids["y1"]).values(event_id=y.id))
    session.add(EventLink(left_mention_id=ids["x1"], right_mention_id=ids["x2"], verdict=Verdict.same, score=0.9))
    blocked = EventLink(
        left_mention_id=ids["x2"], right_mention_id=ids["y1"], verdict=Verdict.uncertain, score=0.7, blocked=True
    )
    blocked.reasons = ["same people", BLOCKED_NOTE]
    session.add(blocked)
    session.flush()
    return ids | {"x": x.id, "y": y.id}


def _add_account(session: Session, ids: dict[str, int], *days: str) -> None:
    """Cluster the new account z, dated `days`, called the same as x2; the facts are given, not extracted."""
    dated = {"x1": ("a", ["2025-03-10"]), "x2": ("b", []), "y1": ("c", ["2025-03-12"]), "z": ("d", list(days))}
    facts = {}
    for local, (report, dates) in dated.items():
        facts[ids[local]] = EventFacts(ids[local], report, local_id=local)
        facts[ids[local]].dates = {dt.date.fromisoformat(d) for d in dates}
    scored = {(ids["x2"], ids["z"]): PairScore("same", 0.95, ["same people"], False)}  # ids as stored: x2 first
    place = Neighbourhood(session, [ids["z"]], scored)
    given = {ids["z"]: facts[ids["z"]]}
    cluster(session, given, lambda wanted: {m: facts[m] for m in wanted}, scored, place, set(), set())
    session.flush()


def _events(session: Session, ids: dict[str, int]) -> dict[str, int | None]:
    rows = session.execute(select(Mention.local_id, Mention.event_id)).all()
    return {local: event for local, event in rows}


def _link(session: Session, ids: dict[str, int]) -> tuple[Verdict, bool, list[str]]:
    link = session.scalars(select(EventLink).where(EventLink.right_mention_id == ids["y1"])).one()
    return link.verdict, link.blocked, link.reasons


def test_an_event_outside_stands_as_it_was_when_the_blocked_link_still_conflicts(session):
    ids = _store(session)
    _add_account(session, ids, "2025-03-10")
    events = _events(session, ids)
    assert events == {"x1": ids["x"], "x2": ids["x"], "z": ids["x"], "y1": ids["y"]}
    assert _link(session, ids) == (
        Verdict.uncertain,
        True,
        ["same people", "not merged: the clusters' dates conflict: 2025-03-10 (a, d) vs 2025-03-12 (c)"],
    )
    assert session.get(Event, ids["y"]).stale is False  # untouched: its findings stand


def test_a_blocked_link_that_would_now_join_brings_its_event_in(session):
    ids = _store(session)
    _add_account(session, ids, "2025-03-10", "2025-03-12")  # now x's cluster shares a date with y's
    events = _events(session, ids)
    assert set(events.values()) == {ids["x"]}
    assert _link(session, ids) == (Verdict.same, False, ["same people"])
    assert session.get(Event, ids["y"]) is None
