"""Tolls and counts read from the parse, on sentences written for these tests: what is counted and the interval."""

from __future__ import annotations

import datetime as dt

import pytest

from reconcile.extract import Extractor
from reconcile.extract.counts import amount_of, find_counts
from reconcile.ingest.documents import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "At least 60 people were killed and 70 wounded in the attack.",
            [("killed", "at least 60"), ("injured", "70")],
        ),
        ("The blast killed 27 people, officials said.", [("killed", "27")]),
        ("The death toll rose to 133 on Sunday.", [("killed", "133")]),
        ("Officials said 31 died and more than 100 were injured.", [("killed", "31"), ("injured", "at least 101")]),
        ("The explosion left nearly thirty people dead.", [("killed", "27-30")]),
        ("Dozens of people were arrested after the riot.", [("arrested", "24-99")]),
        ("Police arrested 12 suspects.", [("arrested", "12")]),
        ("Twelve crew members are still missing.", [("missing", "12")]),
        ("The storm killed about 30 villagers and wounded dozens more.", [("killed", "27-33"), ("injured", "24-99")]),
        ("One hundred fifteen people died in the crash.", [("killed", "115")]),
        ("Thirty-four people died in the fire.", [("killed", "34")]),
        ("A toll of 2,300 was given by the ministry.", [("killed", "2300")]),
        ("Up to 40 passengers were injured.", [("injured", "up to 40")]),
        ("The blast killed two police officers on Friday.", [("killed", "2")]),
        # who did it is counted apart from the dead, unless they are the ones killed or arrested
        ("Three gunmen killed 20 people.", [("perpetrators", "3"), ("killed", "20")]),
        ("The attack by three militants left 12 dead.", [("perpetrators", "3"), ("killed", "12")]),
        ("Police killed two gunmen.", [("killed", "2")]),
        ("Two attackers were arrested.", [("arrested", "2")]),
        # the verb just before the amount says what it counts, where a parse joins both amounts in one phrase
        (
            "Gunmen opened fire on Friday night, killing at least 60 people and wounding dozens, officials said.",
            [("killed", "at least 60"), ("injured", "24-99")],
        ),
        ("The plane was carrying 150 passengers and six crew.", [("passengers", "150"), ("crew", "6")]),
        ("The ferry, with a crew of 12, sank on Sunday.", [("crew", "12")]),
        ("Ten crew members are still missing.", [("missing", "10")]),
    ],
)
def test_counts_and_their_intervals(extractor, sentence, expected):
    counts = find_counts(extractor.nlp(sentence))
    assert [(c.measure, c.text_value) for c in counts] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The war has killed more than 500,000 people since 2011.",  # background: not this incident's toll
        "He was missing 2 teeth.",  # 'miss' with an object counts no missing people
        "The 25-year-old was shot twice in 2019.",  # an age and a year
        "The ministers met 3 times in 2024.",
    ],
)
def test_numbers_that_count_no_casualties(extractor, sentence):
    assert find_counts(extractor.nlp(sentence)) == []


def test_the_span_holds_the_words_that_bound_the_number(extractor):
    sentence = "Nearly 90 people were injured."
    (count,) = find_counts(extractor.nlp(sentence))
    assert sentence[count.start : count.end] == "Nearly 90"
    assert (count.low, count.high) == (81, 90)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The same gang killed three men at a wedding in the summer of 2012.", []),
        ("It was the deadliest month since 2007, when 28 were killed.", []),
        ("In 2015, 12 people were killed in the town.", []),
        ("Gunmen killed 14 people on December 2, 2015.", [("killed", "14")]),  # last year's full date: the incident
        ("Three people were killed on Friday, the worst attack since 2012.", [("killed", "3")]),
    ],
)
def test_a_count_set_in_an_earlier_year_is_background(extractor, sentence, expected):
    counts = find_counts(extractor.nlp(sentence), dt.date(2016, 1, 5))
    assert [(c.measure, c.text_value) for c in counts] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The woman, who suffered six gunshot wounds, was taken to hospital.",  # wounds, not the wounded
        "17-Year-Old Boy Shot, Killed in Riverton",  # an age in a compound word
        "Channel 47 reported that the driver was killed.",  # a numeral in a name
    ],
)
def test_numbers_that_are_not_counts_of_people(extractor, sentence):
    assert find_counts(extractor.nlp(sentence)) == []


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("At least 60", "at least 60"),
        ("more than 100", "at least 101"),
        ("nearly thirty", "27-30"),
        ("Dozens", "24-99"),
        ("Thirty - four", "34"),
        ("2,300", "2300"),
        ("up to 40", "up to 40"),
        ("people", None),
    ],
)
def test_an_amount_written_on_its_own_reads_as_its_value(words, value):
    assert amount_of(words) == value


def test_a_count_that_opens_a_paragraph_after_a_headline_is_read(extractor):
    """The break after a headline ending in a name may be tagged a proper noun; the number after it still counts."""
    doc = extractor.nlp("Quake strikes Tarvos\n\nFive people died when the earthquake hit on Friday.")
    assert [(c.measure, c.text_value) for c in find_counts(doc)] == [("killed", "5")]


@pytest.mark.parametrize(
    ("lead", "magnitude"),
    [
        ("A magnitude 6.2 earthquake struck the town of Amatrice on Friday.", "6.2"),
        ("A 6.2-magnitude earthquake struck central Italy on Friday, killing 12 people.", "6.2"),
        ("An earthquake that measured 6.1 on the Richter scale hit the island on Sunday.", "6.1"),
        ("The earthquake had a magnitude of 5.9, the geological survey said.", "5.9"),
        ("A magnitude-6.4 quake rocked the island of Crete on Monday.", "6.4"),
        ("An earthquake shook Crete on Monday, killing 6 people. It was felt in 3 towns.", None),
    ],
)
def test_an_earthquakes_magnitude_is_read_from_its_lead(extractor, lead, magnitude):
    report = extractor.extract(Document("r", "r.txt", lead, "test", published=dt.date(2025, 3, 14)))
    found = [c["value"] for c in report["claims"] if c["property"] == "magnitude"]
    assert found == ([magnitude] if magnitude else [])


@pytest.mark.parametrize(
    ("text", "turnout"),
    [
        (
            "Voters went to the polls on Sunday in a parliamentary election. Turnout was 64 percent, officials said.",
            "64",
        ),
        ("The referendum on Sunday drew a turnout of 58.3%, officials said.", "58.3"),
        ("The ruling party won 52 percent of the vote in Sunday's election, with turnout at 71 per cent.", "71"),
        ("Voters went to the polls on Sunday in a parliamentary election; 64 polling stations opened late.", None),
    ],
)
def test_an_elections_turnout_is_the_percentage_beside_the_word(extractor, text, turnout):
    report = extractor.extract(Document("r", "r.txt", text, "test", published=dt.date(2025, 3, 14)))
    assert [e["kind"] for e in report["events"]] == ["election"]
    found = [c["value"] for c in report["claims"] if c["property"] == "turnout"]
    assert found == ([turnout] if turnout else [])
