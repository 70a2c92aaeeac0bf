"""Relation rules on short texts: each test states one pattern of news language and what it must yield."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reconcile.extract import Extractor
from reconcile.extract.meetings import SEPARATE_MEETINGS_MAX
from reconcile.ingest.documents import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _extract(extractor: Extractor, text: str, published: dt.date | None = None) -> dict:
    return extractor.extract(Document(id="r", path=str(Path("r.txt")), text=text, source="test", published=published))


def _names(report: dict) -> dict[str, str]:
    return {item["id"]: item["name"] for key in ("entities", "events") for item in report[key]}


def _names_of_type(report: dict, kind: str) -> set[str]:
    return {e["name"] for e in report["entities"] if e["type"] == kind}


def _claims(report: dict, prop: str) -> list[tuple[str, str, str]]:
    """(subject name, value, text of the span) for every claim of one property."""
    names = _names(report)
    return [
        (names[c["subject"]], c["value"], report["text"][c["span"][0] : c["span"][1]])
        for c in report["claims"]
        if c["property"] == prop
    ]


def test_people_listed_after_a_group_cue_belong_to_the_group(extractor):
    report = _extract(
        extractor,
        "During a meeting with US officials, led by Envoy Barbara Leaf, the SNC reiterated its demands. "
        "The US delegation also included Natasha Franceschi and Nicholas Granger.",
    )
    affiliations = {(subject, value) for subject, value, _ in _claims(report, "affiliation")}
    assert {("Barbara Leaf", "United States"), ("Natasha Franceschi", "United States")} <= affiliations
    assert ("Nicholas Granger", "United States") in affiliations


def test_the_group_list_stops_where_the_next_group_is_named_with_its_own_cue(extractor):
    report = _extract(
        extractor,
        "US officials, led by Envoy Barbara Leaf, and the delegation of Turkey, led by Minister Hakan Fidan, "
        "reviewed the ceasefire.",
    )
    assert {(person, party) for person, party, _ in _claims(report, "affiliation")} == {
        ("Barbara Leaf", "United States"),
        ("Hakan Fidan", "Turkey"),
    }


def test_the_group_list_stops_where_the_other_side_of_the_meeting_begins(extractor):
    report = _extract(
        extractor,
        "The delegation of the Syrian Negotiation Commission, led by Dr. Bader Jamous, during their meeting "
        "with Ms. Natasha Franceschi, in New York.",
    )
    affiliations = {(subject, value) for subject, value, _ in _claims(report, "affiliation")}
    assert ("Bader Jamous", "Syrian Negotiation Commission") in affiliations
    assert not any(subject == "Natasha Franceschi" for subject, _ in affiliations)


def test_the_acting_organisation_of_a_meeting_sentence_is_a_party_but_one_merely_named_is_not(extractor):
    report = _extract(
        extractor,
        "In addition to the State Department, the SNC has held meetings with the French envoy, Jean Guillaume. "
        "Key figures like National Coalition head Hadi Al-Bahra took part in the discussions.",
    )
    attendees = {value for _, value, _ in _claims(report, "attendee")}
    assert "SNC" in attendees
    assert "National Coalition" not in attendees


def test_a_meeting_cut_short_by_talks_opened_in_its_own_sentence_leaves_the_sentence_to_them(extractor):
    """'discussed' opens a meeting and 'talks with' a new one in the same sentence: the first is told by no
    sentence of its own (extraction raised IndexError on it), the talks get the sentence's attendees."""
    report = _extract(extractor, "Badr Jamous discussed the need for talks with the United Nations in Geneva.")
    assert [e["mentions"][0]["text"] for e in report["events"]] == ["discussed", "talks"]
    attendees = _claims(report, "attendee")
    assert {subject for subject, _, _ in attendees} == {"meeting with United Nations, Geneva"}
    assert {value for _, value, _ in attendees} >= {"Badr Jamous", "United Nations"}


def test_plural_talks_make_one_meeting_per_person_and_each_keeps_the_others_out(extractor):
    report = _extract(
        extractor,
        "The SNC held talks with Natasha Franceschi, Barbara Leaf and Hakan Fidan in Geneva. "
        "Nicholas Granger attended.",
    )
    attendees = {}
    for subject, value, _ in _claims(report, "attendee"):
        attendees.setdefault(subject, set()).add(value)
    assert attendees == {
        f"meeting with {name}": {name, "Nicholas Granger", "SNC"}
        for name in ("Natasha Franceschi", "Barbara Leaf", "Hakan Fidan")
    }


def test_talks_with_more_people_than_separate_meetings_max_are_one_meeting(extractor):
    people = [f"Jane {chr(65 + n // 26)}{chr(97 + n % 26)}ller" for n in range(SEPARATE_MEETINGS_MAX + 1)]
    report = _extract(extractor, f"The SNC held talks with {', '.join(people)} in Geneva. Nicholas Granger attended.")
    assert [e["mentions"][0]["text"] for e in report["events"]] == ["talks"]
    assert {value for _, value, _ in _claims(report, "attendee")} >= {*people, "Nicholas Granger"}


def test_an_attendee_is_cited_from_the_body_below_the_dateline_not_from_the_headline(extractor):
    text = (
        "Jamous Meets with Franceschi\n\n"
        "September 26, 2024\n\n"
        "The President of the Commission, Dr. Badr Jamous, met in New York with the U.S. Deputy Assistant "
        "Secretary, Ms. Natasha Franceschi.\n"
    )
    report = _extract(extractor, text, dt.date(2024, 9, 26))
    cited = {value: span_text for _, value, span_text in _claims(report, "attendee")}
    assert cited["Natasha Franceschi"] == "Natasha Franceschi"
    assert any(span_text == "Badr Jamous" for span_text in cited.values())


def test_an_attendee_stands_on_the_side_of_the_country_the_title_names(extractor):
    text = "Dr. Badr Jamous met in New York with the U.S. Deputy Assistant Secretary, Ms. Natasha Franceschi."
    report = _extract(extractor, text)
    names = _names(report)
    sides = {
        names[c["object"]]: names[c["qualifiers"]["side"]]
        for c in report["claims"]
        if c["property"] == "attendee" and "side" in c.get("qualifiers", {})
    }
    assert sides == {"Natasha Franceschi": "United States"}


def test_short_quotes_never_shift_the_pairing_of_straight_quote_marks(extractor):
    text = (
        'Police called it "a tragedy" on Sunday. Officer Dan Roder said the family was "devastated by '
        'what happened to their daughter," and asked for privacy.'
    )
    report = _extract(extractor, text)
    quotes = [span_text for _, _, span_text in _claims(report, "quote")]
    assert quotes == ["devastated by what happened to their daughter"]


def test_a_quote_of_two_sentences_makes_two_quote_claims(extractor):
    text = "As Badr Jamous concluded, “The community must act now. It’s time to move the process forward.”"
    quotes = [span_text for _, _, span_text in _claims(_extract(extractor, text), "quote")]
    assert quotes == ["The community must act now.", "It’s time to move the process forward."]


def test_a_stance_ends_where_the_next_cue_begins_and_refusals_are_read_through_or(extractor):
    text = (
        "Leaf said the US supports the political process and is committed to achieving a lasting peace. "
        "She noted that the United States will not discuss reconstruction or lift sanctions."
    )
    stances = [(value, c_text) for _, value, c_text in _claims(_extract(extractor, text), "stance")]
    values = [value for value, _ in stances]
    assert "political process" in values
    assert any(value.startswith("a lasting peace") for value in values)
    assert "lift sanctions" in values
    assert not any(value.endswith((" and is", " is")) for value in values)


def test_a_topic_after_a_refusal_is_not_a_topic(extractor):
    text = "Leaf met Jamous in New York. The United States will not discuss reconstruction with the regime."
    topics = [value for _, value, _ in _claims(_extract(extractor, text), "topic")]
    assert not any("reconstruction" in value for value in topics)


def test_a_capital_glued_to_the_word_before_it_starts_no_name(extractor):
    report = _extract(extractor, "The $500M Trump lawsuit was dropped, said Judge Ann Lee.")
    people = [e["name"] for e in report["entities"] if e["type"] == "person"]
    assert "M Trump" not in people
    assert all(not m["text"].startswith("M ") for e in report["entities"] for m in e["mentions"])


def test_a_wire_datelines_date_anchors_the_weekday_and_is_not_the_meetings_date(extractor):
    report = _extract(
        extractor,
        "OSLO, June 8 - The two foreign ministers met on Tuesday to prepare the summit.",
        published=dt.date(2023, 6, 9),
    )
    assert [value for _, value, _ in _claims(report, "date")] == ["2023-06-06"]


def test_a_title_states_one_employer_the_country_that_opens_it(extractor):
    report = _extract(
        extractor,
        "Officials said on Friday that they had met the U.K. Deputy Envoy for North Africa in the Bureau of "
        "Maghreb Affairs, Ms. Claire Dubreuil, in Tunis.",
    )
    assert {value for subject, value, _ in _claims(report, "affiliation") if subject == "Claire Dubreuil"} == {
        "United Kingdom"
    }
    assert _names_of_type(report, "place") >= {"United Kingdom", "Tunis"}


def test_a_unit_named_before_its_parent_organisation_is_not_a_second_employer(extractor):
    report = _extract(
        extractor,
        "The talks were attended by Tomas Ferreira, Director of the Andean Coordination Unit at the "
        "Inter-American Development Bank.",
    )
    affiliations = {value for subject, value, _ in _claims(report, "affiliation") if subject == "Tomas Ferreira"}
    assert affiliations == {"Inter-American Development Bank"}
