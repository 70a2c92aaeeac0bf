"""The GVDB harness's scoring: what counts as a true positive, a false positive and a false negative."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from benchmarks.eval.gvdb import (
    Article,
    Counts,
    Person,
    Record,
    gold_group_pairs,
    gold_record,
    incident_pairs,
    match_items,
    micro_average,
    normalise_age,
    normalise_date,
    normalise_name,
    published_from_url,
    record_from_report,
    score_grouping,
    score_record,
)


def _eq(a: str, b: str) -> bool:
    return a == b


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        pytest.param(["a", "b"], ["a", "b"], Counts(2, 0, 0), id="all-found"),
        pytest.param(["a", "x"], ["a", "b"], Counts(1, 1, 1), id="one-wrong-is-fp-and-fn"),
        pytest.param([], ["a"], Counts(0, 0, 1), id="nothing-predicted"),
        pytest.param(["a"], [], Counts(0, 1, 0), id="nothing-in-gold"),
        pytest.param(["14", "14"], ["14"], Counts(1, 1, 0), id="multiset-one-gold-item-matches-once"),
        pytest.param(["14", "14"], ["14", "14"], Counts(2, 0, 0), id="two-victims-same-age"),
    ],
)
def test_match_items_counts(predicted: list[str], gold: list[str], expected: Counts) -> None:
    assert match_items(predicted, gold, _eq) == expected


def test_strict_match_claims_its_gold_item_before_a_lenient_one() -> None:
    """'john smith' matches exactly; 'jane smith' would steal it on surname if tried first."""

    def surname(a: str, b: str) -> bool:
        return a.split()[-1] == b.split()[-1]

    assert match_items(["jane smith", "john smith"], ["john smith"], _eq, surname) == Counts(1, 1, 0)


def test_precision_recall_f1() -> None:
    counts = Counts(tp=3, fp=1, fn=2)
    assert counts.precision == 0.75 and counts.recall == 0.6
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().precision is None and Counts().f1 is None
    assert Counts(0, 2, 1).f1 == 0.0


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("Jason Brian Dalton", "jason brian dalton"),
        (" Jason Dalton ", "jason dalton"),
        ("Officer Derrick Couch", "derrick couch"),
        ("Dr. Mary Lou Nye", "mary lou nye"),
        ("Joseph Perkins Jr.", "joseph perkins"),
        ('Laurits "Pepe" Petersen', "laurits petersen"),
        ("DE'MONTE DOUGLAS", "demonte douglas"),  # particles join what follows: De'Monte = DeMonte
    ],
)
def test_normalise_name(written: str, normal: str) -> None:
    assert normalise_name(written) == normal


@pytest.mark.parametrize(
    ("written", "age"),
    [("23", "23"), ("40-year", "40"), (" 75-year", "75"), ("21-year-old", "21"), ("6-week-old", None), ("", None)],
)
def test_normalise_age(written: str, age: str | None) -> None:
    assert normalise_age(written) == age


def test_normalise_date_pads_the_date_tool_output() -> None:
    assert normalise_date("2015-8-23") == "2015-08-23"
    assert normalise_date("") is None


GOLD = Record(
    victims=(
        Person("Tiana Carruthers", "25", "injured"),
        Person("Mary Lou Nye", "60", "killed"),
        Person("", "14", "killed"),
    ),
    shooters=(Person("Jason Brian Dalton", "45"),),
    cities=("Kalamazoo",),
    dates=("2016-02-20",),
)


def test_score_record_per_field() -> None:
    predicted = Record(
        victims=(Person("Tiana Carruthers", "25", "killed"), Person("Mary Nye", "62", "killed")),
        shooters=(Person("Jason Dalton", "45"),),
        cities=("KALAMAZOO",),
        dates=("2016-02-21",),
    )
    scores = score_record(predicted, GOLD)
    strict = {name: modes["strict"] for name, modes in scores.items()}
    lenient = {name: modes["lenient"] for name, modes in scores.items()}
    assert strict["victim names"] == Counts(1, 1, 1)  # 'mary nye' is not 'mary lou nye'...
    assert lenient["victim names"] == Counts(2, 0, 0)  # ...but has her surname
    assert strict["victim ages"] == Counts(1, 1, 2)  # 62 is wrong; 60 and the unnamed 14 are missed
    assert strict["shooter names"] == Counts(0, 1, 1) and lenient["shooter names"] == Counts(1, 0, 0)
    assert strict["shooter ages"] == Counts(1, 0, 0)
    assert strict["city"] == Counts(1, 0, 0)  # case does not matter
    assert strict["date"] == Counts(0, 1, 1) and lenient["date"] == Counts(1, 0, 0)  # a day off
    assert strict["victim outcomes"] == Counts(0, 2, 2)  # Carruthers' outcome wrong, Nye's name not exact
    assert lenient["victim outcomes"] == Counts(1, 1, 1)


def test_micro_average_sums_counts_over_articles() -> None:
    empty = Record()
    total = micro_average([score_record(GOLD, GOLD), score_record(empty, GOLD)])
    assert total["victim ages"]["strict"] == Counts(3, 0, 3)
    assert total["victim ages"]["strict"].recall == 0.5


def test_gold_record_reads_the_crowd_json() -> None:
    text = "Jason Dalton, 45, shot Tiana Carruthers in Kalamazoo."
    span = {"startIndex": -1, "endIndex": -1, "value": ""}

    def at(value: str) -> dict[str, object]:
        start = text.index(value)
        return {"startIndex": start, "endIndex": start + len(value), "value": value}

    data = {
        "date-and-time": {"city": at("Kalamazoo"), "date": "2016-2-20", "details": span},
        "victim-section": [{"name": at("Tiana Carruthers"), "age": span, "victim-was": ["injured", "hospitalized"]}],
        "shooter-section": [{"name": at("Jason Dalton"), "age": at("45")}],
    }
    record, spans = gold_record(json.loads(json.dumps(data)))
    assert record == Record(
        victims=(Person("Tiana Carruthers", None, "injured"),),
        shooters=(Person("Jason Dalton", "45"),),
        cities=("Kalamazoo",),
        dates=("2016-02-20",),
    )
    assert all(text[s.start : s.end] == s.value for s in spans) and len(spans) == 4


def test_record_from_report_reads_incident_claims() -> None:
    report = {
        "entities": [
            {"id": "p1", "type": "person", "name": "Tiana Carruthers", "mentions": []},
            {"id": "p2", "type": "person", "name": "Jason Dalton", "mentions": []},
            {"id": "p3", "type": "person", "name": "Paul Matheny", "mentions": []},
            {"id": "l1", "type": "place", "name": "Kalamazoo", "mentions": []},
        ],
        "events": [
            {"id": "i1", "kind": "incident", "name": "shooting", "mentions": []},
            {"id": "m1", "kind": "statement", "name": "press conference", "mentions": []},
        ],
        "claims": [
            {"subject": "i1", "property": "victim", "value": "Tiana Carruthers", "object": "p1"},
            {"subject": "i1", "property": "perpetrator", "value": "Jason Dalton", "object": "p2"},
            {"subject": "m1", "property": "attendee", "value": "Paul Matheny", "object": "p3"},
            {"subject": "p1", "property": "age", "value": "25"},
            {"subject": "p1", "property": "outcome", "value": "injured"},
            {"subject": "i1", "property": "place", "value": "Kalamazoo", "object": "l1"},
            {"subject": "i1", "property": "date", "value": "2016-02-20"},
            {"subject": "m1", "property": "date", "value": "2016-02-22"},
        ],
    }
    assert record_from_report(report) == Record(
        victims=(Person("Tiana Carruthers", "25", "injured"),),
        shooters=(Person("Jason Dalton"),),
        cities=("Kalamazoo",),
        dates=("2016-02-20",),
    )


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("http://fox6now.com/2015/12/11/same-man-police/", dt.date(2015, 12, 11)),
        ("http://www.arkansasonline.com/news/2016/jan/26/girl-shot/", dt.date(2016, 1, 26)),
        ("http://www.rrstar.com/article/20150803/NEWS/150809844/0/zap2it.com", dt.date(2015, 8, 3)),
        ("http://www.latimes.com/socal/tn-blr-me-papiyan-20160223-story.html", dt.date(2016, 2, 23)),
        ("http://www.kcra.com/news/man-shot-while-walking/37673912", None),
    ],
)
def test_published_from_url(url: str, day: dt.date | None) -> None:
    assert published_from_url(url) == day


def test_incident_rules_read_victim_suspect_age_outcome_place() -> None:
    """The extraction side of the harness: reconcile.extract.incidents on a short wire story."""
    pytest.importorskip("spacy")
    from reconcile.extract import Extractor
    from reconcile.extract.dates import find_dates
    from reconcile.extract.incidents import incident_claims

    text = (
        "KALAMAZOO, Mich. — Tiana Carruthers, 25, was shot and wounded on Saturday. "
        "Police arrested 45-year-old Jason Dalton. Mary Lou Nye, 62, died at the scene."
    )
    extractor = Extractor()
    doc = extractor.nlp(text)
    entities = extractor._entities(doc)
    events: list = []
    drafts = incident_claims(doc, entities, find_dates(text, dt.date(2016, 2, 21)), events, dt.date(2016, 2, 21))
    assert [e.kind for e in events] == ["incident"]
    found = {
        (d.subject.name if hasattr(d.subject, "name") else "incident", d.property, d.value, text[d.start : d.end])
        for d in drafts
    }
    assert found >= {
        ("incident", "victim", "Tiana Carruthers", "Tiana Carruthers"),
        ("Tiana Carruthers", "age", "25", "25"),
        ("Tiana Carruthers", "outcome", "injured", "wounded"),
        ("incident", "perpetrator", "Jason Dalton", "Jason Dalton"),
        ("Jason Dalton", "age", "45", "45"),
        ("incident", "victim", "Mary Lou Nye", "Mary Lou Nye"),
        ("Mary Lou Nye", "outcome", "killed", "died"),
        ("incident", "place", "Kalamazoo", "KALAMAZOO"),
        ("incident", "date", "2016-02-20", "on Saturday"),
    }


def _article(article_id: str) -> Article:
    return Article(article_id, "", "", "", Record(), (), "")


def test_gold_group_pairs_pair_the_articles_of_each_group_only() -> None:
    a, b, c, d = (_article(i) for i in ("10", "9", "30", "40"))
    assert gold_group_pairs([[a, b, c], [d]]) == {("10", "30"), ("10", "9"), ("30", "9")}


def test_incident_pairs_read_one_off_events_and_their_uncertain_links() -> None:
    report = {
        "events": [
            {"id": "E1", "kind": "incident", "reports": ["gvdb-test-2", "gvdb-test-1", "other"]},
            {"id": "E2", "kind": "statement", "reports": ["gvdb-test-1", "gvdb-test-3"]},  # not an incident
            {"id": "E3", "kind": "crash", "reports": ["gvdb-test-3"]},
            {"id": "E4", "kind": "incident", "reports": ["gvdb-test-4"]},
            {"id": "E5", "kind": "arrest", "reports": ["gvdb-test-5"]},
        ],
        "links": [{"events": ["E3", "E4"], "score": 0.4}, {"events": ["E4", "E5"], "score": 0.4}],
    }
    article_of = {f"gvdb-test-{i}": str(i) for i in range(1, 6)}
    merged, uncertain = incident_pairs(report, article_of)
    assert merged == {("1", "2")}  # sorted by article id; 'other' is no article of the split
    assert uncertain == {("3", "4")}  # the link to an arrest counts for nothing


def test_score_grouping_counts_merged_pairs_then_uncertain_links_too() -> None:
    articles = [_article(str(i)) for i in range(1, 6)]
    groups = [articles[:3]]  # 1, 2, 3 report one incident; 4 and 5 stand alone
    result = score_grouping(articles, groups, merged={("1", "2"), ("4", "5")}, uncertain={("2", "3")})
    assert (result["gold_pairs"], result["predicted_pairs"], result["uncertain_only_pairs"]) == (3, 2, 1)
    assert (result["merged"]["precision"], result["merged"]["recall"]) == (0.5, pytest.approx(1 / 3))
    assert (result["with_uncertain"]["true_positive"], result["with_uncertain"]["predicted"]) == (2, 3)
    assert result["pairs"]["merged_wrong"] == [("4", "5")] and result["pairs"]["missed"] == [("1", "3")]
