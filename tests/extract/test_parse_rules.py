"""Claims read from the parse of the shipped pipeline, on sentences written for these tests (no article's words).

Each test is one failure of surface rules on real news: a name cut in the wrong place, a place taken for a
person, a denied attendance, a background clause lending its place. They run the default pipeline as a user
gets it, so they fail if the model or the rules on it regress.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reconcile.extract import Extractor
from reconcile.extract.incidents import event_place
from reconcile.extract.mentions import TypedSpan
from reconcile.extract.relations import EventDraft
from reconcile.ingest.documents import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _extract(extractor: Extractor, text: str, published: dt.date | None = dt.date(2025, 3, 14)) -> dict:
    return extractor.extract(Document(id="r", path=str(Path("r.txt")), text=text, source="test", published=published))


def _entities(report: dict) -> dict[str, str]:
    """name -> type of every entity the report names."""
    return {e["name"]: e["type"] for e in report["entities"]}


def _values(report: dict, prop: str) -> dict[str, list[str]]:
    """subject name -> values of one property."""
    names = {item["id"]: item["name"] for key in ("entities", "events") for item in report[key]}
    found: dict[str, list[str]] = {}
    for claim in report["claims"]:
        if claim["property"] == prop:
            found.setdefault(names[claim["subject"]], []).append(claim["value"])
    return found


def _attendees(report: dict) -> set[str]:
    return {v for values in _values(report, "attendee").values() for v in values}


def test_a_name_after_a_title_with_of_is_a_person_with_that_title(extractor):
    report = _extract(extractor, "Secretary of State Dana Whitfield met Omani officials in Muscat on Tuesday.")
    assert _entities(report).get("Dana Whitfield") == "person"
    assert "Whitfield" not in {n for n, t in _entities(report).items() if t == "place"}
    assert _values(report, "title").get("Dana Whitfield") == ["Secretary of State"]


def test_a_middle_initial_stays_in_the_name(extractor):
    report = _extract(extractor, "Secretary of State Marcus J. Holloway arrived in Cairo on Monday for talks.")
    assert _entities(report).get("Marcus J. Holloway") == "person"


def test_coordinated_people_each_get_their_own_title(extractor):
    report = _extract(
        extractor,
        "US Trade Secretary Ellen Marsh and Brazilian Finance Minister Paulo Ribeiro led the talks in Geneva on "
        "Monday.",
    )
    titles = _values(report, "title")
    assert titles.get("Paulo Ribeiro") == ["Finance Minister"] or titles.get("Paulo Ribeiro") == [
        "Brazilian Finance Minister"
    ]
    assert all("Marsh" not in t and " and " not in t for values in titles.values() for t in values)
    assert {"Ellen Marsh", "Paulo Ribeiro"} <= _attendees(report)


def test_a_title_with_a_modifier_before_its_head_is_cut_from_the_name(extractor):
    report = _extract(extractor, "National Security Adviser Tom Garrity also attended the talks in Oslo.")
    assert _entities(report).get("Tom Garrity") == "person"
    assert "Tom Garrity" in _attendees(report)


def test_the_appositive_and_the_possessive_give_titles(extractor):
    report = _extract(
        extractor,
        "Rania Haddad, head of the Lebanese delegation, met Greece's foreign minister Nikos Pappas in Athens.",
    )
    titles = _values(report, "title")
    assert titles.get("Rania Haddad") == ["head of the Lebanese delegation"]
    assert titles.get("Nikos Pappas") == ["foreign minister"]
    assert "Greece" in _values(report, "affiliation").get("Nikos Pappas", [])


def test_groups_streets_and_holidays_are_no_people(extractor):
    report = _extract(
        extractor,
        "Volunteers from the Blue Shields and the Red Crescent reached Maple Avenue on Sunday, said Lina Osei, a "
        "spokeswoman for the city. Delegates met at Marlow Palace on Independence Day to discuss the Baltic Sea.",
    )
    people = {n for n, t in _entities(report).items() if t == "person"}
    assert people == {"Lina Osei"}
    assert not _attendees(report) & {"Marlow Palace", "Independence Day", "Baltic Sea"}


def test_names_with_lowercase_particles_are_whole(extractor):
    report = _extract(extractor, "Karim al-Masri met Yusuf bin Tariq in Amman on Monday.")
    people = {n for n, t in _entities(report).items() if t == "person"}
    assert {"Karim al-Masri", "Yusuf bin Tariq"} <= people


def test_someone_who_did_not_attend_is_no_attendee(extractor):
    report = _extract(
        extractor,
        "The envoys met in Vienna on Friday with Clara Nunes. Samuel Okafor did not attend the meeting, and Ivo "
        "Brandt declined to attend it.",
    )
    attendees = _attendees(report)
    assert "Clara Nunes" in attendees
    assert not attendees & {"Samuel Okafor", "Ivo Brandt"}


def test_a_background_clause_lends_its_place_to_no_one(extractor):
    report = _extract(
        extractor,
        "Foreign Minister Lin Hao met his Thai counterpart Somchai Wattana in Bangkok on Thursday. The two men "
        "first met during talks in Hanoi in February.",
    )
    places = {v for values in _values(report, "place").values() for v in values}
    assert "Hanoi" not in places
    assert "Bangkok" in places


def test_people_of_an_earlier_call_are_no_attendees(extractor):
    report = _extract(
        extractor,
        "Officials from both countries met in Doha on Tuesday with Amira Saleh, days after last week's phone call "
        "between Tom Hollis and Ana Varga.",
    )
    assert "Amira Saleh" in _attendees(report)
    assert not {a for a in _attendees(report) if "Hollis" in a or "Varga" in a}


def test_a_planned_meeting_is_marked_planned(extractor):
    report = _extract(extractor, "The foreign ministers will meet in Ankara next week with Mehmet Aydin.")
    claims = [c for c in report["claims"] if c["property"] in ("attendee", "place")]
    assert claims and all(c.get("qualifiers", {}).get("modality") == "planned" for c in claims)


def _quotes(report: dict) -> dict[str, str | None]:
    """quote -> speaker name."""
    names = {item["id"]: item["name"] for item in report["entities"]}
    return {
        c["value"]: names.get(c.get("qualifiers", {}).get("speaker", ""))
        for c in report["claims"]
        if c["property"] == "quote"
    }


def test_the_speaker_is_the_subject_of_the_verb_of_saying(extractor):
    report = _extract(
        extractor,
        "The envoys met in Bern on Monday with Lena Vogt. “The ceasefire must hold this winter,” Vogt told reporters "
        "after the meeting.",
    )
    assert _quotes(report).get("The ceasefire must hold this winter") == "Lena Vogt"


def test_the_same_words_without_quote_marks_are_a_quote_of_the_subject(extractor):
    report = _extract(
        extractor,
        "The envoys met in Bern on Monday with Lena Vogt. She said the ceasefire must hold this winter.",
    )
    assert _quotes(report).get("the ceasefire must hold this winter") == "Lena Vogt"


def test_a_name_that_something_happens_in_or_near_is_a_place(extractor):
    report = _extract(
        extractor, "A ferry capsized near Lake Ornis on Monday. The inquiry opened in Valmora, officials said."
    )
    entities = _entities(report)
    assert entities.get("Lake Ornis") == "place"
    assert entities.get("Valmora") == "place"


def test_a_capitalised_near_inside_a_title_leaves_the_name_a_person(extractor):
    report = _extract(
        extractor, "Deputy Assistant Secretary for Near Eastern Affairs Dana Whitfield arrived in Cairo on Monday."
    )
    assert _entities(report).get("Dana Whitfield") == "person"


@pytest.mark.parametrize(
    ("text", "person", "kept_out"),
    [
        (
            "Receptionist Madeline Korfield killed in office shooting\n\nMadeline Korfield, a receptionist at the "
            "firm, was shot on Monday.",
            "Madeline Korfield",
            "Receptionist Madeline Korfield",
        ),
        (
            "Linebacker Steven Folley charged\n\nSteven Folley, a linebacker, was charged on Monday.",
            "Steven Folley",
            "Linebacker Steven Folley",
        ),
    ],
)
def test_a_headlines_role_word_is_cut_from_the_name(extractor, text: str, person: str, kept_out: str):
    """Written in lower case in the body, the headline's role word is a common word, not the person's name."""
    report = _extract(extractor, text)
    entities = _entities(report)
    assert entities.get(person) == "person"
    assert kept_out not in entities
    (entity,) = [e for e in report["entities"] if e["name"] == person]
    spans = [m["span"] for m in entity["mentions"]]
    assert [report["text"][start:end] for start, end in spans] == [person] * len(spans)


def test_a_given_name_that_is_also_a_word_stays_in_the_name(extractor):
    """'mark' is a word too, but 'Vinar' alone is too little to cut 'Mark Vinar' to."""
    entities = _extract(extractor, "Mark Vinar presumed dead\n\nVinar fell from the ridge, leaving a mark in the snow.")
    assert _entities(entities).get("Mark Vinar") == "person"


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("A strong earthquake struck the island town of Marvello on Friday.", "Marvello"),
        ("Flood waters reached the village of Ostrava Nova on Sunday.", "Ostrava Nova"),
        ("Troops entered the province of Halvara on Monday.", "Halvara"),
    ],
)
def test_the_place_after_a_noun_of_settlement_is_the_name(extractor, sentence, place):
    """'the town of X': the common words before 'of' are no part of the place's name, and X is a place."""
    entities = _entities(_extract(extractor, sentence))
    assert entities.get(place) == "place", entities
    assert not any(name.endswith(f"of {place}") for name in entities)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Maria Lopez, 31 - The Night Desk - Metro Times\n\nMaria Lopez was shot in Pasadena on Friday.", "Pasadena"),
        ("Headline\n\nNight Desk - Maria Lopez was shot in Pasadena on Friday.", "Night Desk"),
    ],
)
def test_a_dateline_opens_its_line_and_a_page_titles_column_is_none(extractor, text, place):
    """'Name, 31 - Column - Site' is a web page's title: the name between its dashes is no dateline's town."""
    doc = extractor.nlp(text)
    spans = [
        TypedSpan("place", m, m + len(n), n, "test", n) for n in ("Night Desk", "Pasadena") if (m := text.find(n)) >= 0
    ]
    event = EventDraft("i1", "incident", [(text.find("shot"), text.find("shot") + 4)], 0, -1)
    starts = [s.start_char for s in doc.sents]
    told = {i for i, s in enumerate(doc.sents) if "shot" in s.text}
    (claim,) = event_place(event, doc, spans, starts, told)
    assert claim.value == place


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Foreign ministers Ana Ruiz and Tomas Berg met in the Turkish capital on Monday.", "Ankara"),
        ("A car bomb exploded in the Iraqi capital on Sunday, killing 12 people.", "Baghdad"),
    ],
)
def test_a_countrys_capital_said_by_its_adjective_is_the_city(extractor, sentence, place):
    """'the Turkish capital' is Ankara, as GeoNames gives the capital; the claim's span keeps the words written."""
    report = _extract(extractor, sentence)
    (claim,) = [c for c in report["claims"] if c["property"] == "place"]
    assert claim["value"] == place
    start, end = claim["span"]
    assert sentence[start:end].endswith(" capital")
