"""What two clusters of accounts know when they are weighed for a join: every account's dates, places and
magnitudes with the reports that give them, kept as clusters grow."""

import datetime as dt

from reconcile.resolve.event_clusters import Told, _apart_of, _ruled_apart, group_conflict
from reconcile.resolve.event_score import EventFacts


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
