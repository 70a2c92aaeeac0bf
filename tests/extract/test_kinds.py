"""Events of kinds beyond meetings and shootings, found from their trigger words in the report's lead, on reports
written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reconcile.extract import Extractor
from reconcile.ingest.documents import Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _extract(extractor: Extractor, text: str) -> dict:
    document = Document(id="r", path=str(Path("r.txt")), text=text, source="test", published=dt.date(2025, 8, 5))
    return extractor.extract(document)


def _kinds(report: dict) -> list[str]:
    return [e["kind"] for e in report["events"]]


def _claims(report: dict) -> list[tuple[str, str]]:
    return [(c["property"], c["value"]) for c in report["claims"] if c["subject"] == report["events"][0]["id"]]


def test_a_crash_has_its_place_date_and_toll(extractor):
    report = _extract(
        extractor,
        "Plane crash near Lake Ornis kills 34\n\nA passenger plane crashed near Lake Ornis on Monday, killing 34 "
        "people, the aviation authority said. Twelve people are still missing.",
    )
    assert _kinds(report) == ["crash"]
    claims = _claims(report)
    assert ("place", "Lake Ornis") in claims
    assert ("date", "2025-08-04") in claims
    assert ("killed", "34") in claims and ("missing", "12") in claims


def test_a_court_ruling_is_an_event_with_its_date(extractor):
    report = _extract(
        extractor,
        "Court upholds ban on river dredging\n\nThe Supreme Court upheld the ban on river dredging on Tuesday, "
        "ending a two-year dispute.",
    )
    assert _kinds(report) == ["ruling"]
    assert ("date", "2025-08-05") in _claims(report)


def test_a_report_of_a_meeting_is_not_also_of_another_kind(extractor):
    report = _extract(
        extractor,
        "Ministers announce new talks\n\nForeign ministers Ana Ruiz and Tomas Berg met in Oslo on Monday and "
        "announced a second round of talks.",
    )
    assert "announcement" not in _kinds(report)
    assert "meeting" in _kinds(report)


def test_a_shooting_report_is_not_an_announcement(extractor):
    report = _extract(
        extractor,
        "Police announce arrest after shooting\n\nPolice announced on Monday that they had arrested a man after "
        "two people were shot and killed outside a bar in Denver.",
    )
    assert "announcement" not in _kinds(report)
    assert "incident" in _kinds(report)


def test_a_fire_that_burns_is_a_disaster_and_one_a_gunman_opens_is_not(extractor):
    burning = _extract(
        extractor, "Fire guts market in Sorrel\n\nA fire destroyed the covered market in Sorrel on Monday."
    )
    assert _kinds(burning) == ["disaster"]
    shooting = _extract(
        extractor, "Gunman opens fire at market\n\nA gunman opened fire at the market on Monday, killing two people."
    )
    assert "disaster" not in _kinds(shooting)


def test_a_post_given_with_a_common_verb_is_an_appointment(extractor):
    report = _extract(
        extractor,
        "Lena Ortiz named as festival director\n\nLena Ortiz was named as director of the festival on Monday.",
    )
    assert _kinds(report) == ["appointment"]


@pytest.mark.parametrize(
    "lead",
    [
        "Governor Ellen Marsh has asked economist Priya Solberg to serve as the state's finance commissioner.",
        "Governor Ellen Marsh approached Priya Solberg to be the next finance commissioner.",
        "Priya Solberg has been offered the post of finance commissioner by Governor Ellen Marsh.",
        "Governor Ellen Marsh's choice for finance commissioner, Priya Solberg, starts in May.",
        "Priya Solberg is the leading contender to become the next finance commissioner.",
        # the one asked stands between the verb and its 'to', however the parse hangs the words between
        "Governor Ellen Marsh has asked the state's chief economist Dr Priya Solberg to join her new cabinet as "
        "finance commissioner, according to reports.",
        "The economist Dr. Priya Solberg has been approached by the governor to fill the post of finance commissioner.",
    ],
)
def test_a_post_offered_or_sought_is_an_appointment_about_the_one_offered_it(extractor, lead):
    report = _extract(extractor, f"Marsh's pick for the finance post\n\n{lead}")
    assert _kinds(report) == ["appointment"]
    assert _involved(report) == ["Priya Solberg"]


@pytest.mark.parametrize(
    "lead",
    [
        "Police asked residents to be careful on the icy roads.",
        "The mayor asked residents to join the cleanup on Saturday.",
        "Shoppers were offered a discount at the market on Saturday.",
    ],
)
def test_asking_and_offering_with_no_post_is_no_appointment(extractor, lead):
    assert "appointment" not in _kinds(_extract(extractor, f"Weekend in Harlow\n\n{lead}"))


def test_violence_told_below_the_lead_does_not_make_the_story_an_incident(extractor):
    report = _extract(
        extractor,
        "President nominates Priya Solberg as surgeon general\n\nThe President nominated Priya Solberg as surgeon "
        "general on Monday. She runs a rural clinic in Harlow.\nShe tended to those who had been wounded in the "
        "storm of 2005, and later to the victims of a shooting at the town fair.",
    )
    assert _kinds(report) == ["appointment"]


def test_a_quantity_of_people_is_no_victim(extractor):
    report = _extract(
        extractor,
        "Three people killed in Dornhaven shooting\n\nThree People were shot dead in Dornhaven on Sunday night, "
        "police said. Two Women were wounded. The victims were named as Peter Ollard and Mina Struve.",
    )
    victims = [v for p, v in _claims(report) if p == "victim"]
    names = {e["id"]: e["name"] for e in report["entities"]}
    assert victims and all(names.get(v, v).split()[0] not in ("Three", "Two") for v in victims)


def _involved(report: dict) -> list[str]:
    """The entities the event is about, by their names in the report (a headline may add a title to one)."""
    names = {e["id"]: e["name"] for e in report["entities"]}
    return sorted({names[c["object"]] for c in report["claims"] if c["property"] == "involves"})


@pytest.mark.parametrize(
    ("text", "kind", "involved"),
    [
        (  # a headline's subject with no object is the one arrested; the body says it in the passive
            "Dario Fenwick arrested after late-night crash\n\nBrantford United striker Dario Fenwick was "
            "arrested on suspicion of drunk driving early Sunday, police said.",
            "arrest",
            ["Dario Fenwick"],
        ),
        (  # the police who arrest are not what the arrest is about; both people arrested are
            "Police arrest two in Harlow fraud case\n\nPolice arrested Marta Quill and Owen Dace on Tuesday in Harlow.",
            "arrest",
            ["Marta Quill", "Owen Dace"],
        ),
        (  # the president who nominates is not the nominee
            "Governor nominates judge for top court\n\nGovernor Ellen Marsh nominated Priya Solberg to the state "
            "supreme court on Monday.",
            "appointment",
            ["Priya Solberg"],
        ),
        (  # a name in a clause that tells more of the one arrested is not arrested
            "Police arrest Harlow driver\n\nPolice arrested Gary Gomes, who had driven Ray Adler home, on Tuesday.",
            "arrest",
            ["Gary Gomes"],
        ),
        (  # a role and a name in one subject, however the parse hangs them
            "Jorge Abelar arrested on DUI suspicion\n\nThe team's lineman Jorge Abelar was arrested early Sunday.",
            "arrest",
            ["Jorge Abelar"],
        ),
        (  # a noun trigger: the one 'of' the arrest
            "Arrest shakes club\n\nThe arrest of Tomas Lindqvist came two days before the final.",
            "arrest",
            ["Tomas Lindqvist"],
        ),
    ],
)
def test_the_person_an_arrest_or_an_appointment_is_about(extractor, text: str, kind: str, involved: list[str]):
    report = _extract(extractor, text)
    assert _kinds(report) == [kind]
    assert _involved(report) == involved


def test_an_arrest_report_is_no_incident_with_a_perpetrator(extractor):
    report = _extract(
        extractor,
        "Lineman Jorge Abelar arrested on DUI suspicion\n\nDefensive lineman Jorge Abelar was arrested early "
        "Sunday after he was stopped for speeding, police said.",
    )
    assert _kinds(report) == ["arrest"]
    assert not any(c["property"] == "perpetrator" for c in report["claims"])


def test_an_arrest_keeps_its_count_of_the_arrested(extractor):
    report = _extract(
        extractor, "Police arrest two in Harlow fraud case\n\nPolice arrested two men in Harlow on Monday."
    )
    assert _kinds(report) == ["arrest"]
    assert ("arrested", "2") in _claims(report)


def test_a_robbery_is_an_event_with_its_place_and_date(extractor):
    report = _extract(
        extractor,
        "Robbers raid jeweller in Lyon\n\nFour armed robbers stole watches and rings from a jewellery store in "
        "Lyon on Monday, police said.",
    )
    assert _kinds(report) == ["theft"]
    claims = _claims(report)
    assert ("place", "Lyon") in claims and ("date", "2025-08-04") in claims


def test_an_earlier_arrest_told_further_down_is_not_this_ones_man(extractor):
    report = _extract(
        extractor,
        "Jorge Abelar arrested on DUI suspicion\n\nJorge Abelar was arrested early Sunday, police said. He was "
        "released on bail. The team has a program to address the problem. Police arrested Leon Marsh on "
        "similar charges last month.",
    )
    assert _kinds(report) == ["arrest"]
    assert _involved(report) == ["Jorge Abelar"]


def test_an_earlier_years_quake_lends_its_town_to_nobody(extractor):
    """The report is of 2025; the town razed 'in March 2019' is another quake's, and so is its toll."""
    report = _extract(
        extractor,
        "Earthquake shakes Lake Ornis region\n\nA strong earthquake struck near Tavira on Monday, killing 12 "
        "people. In March 2019, the town of Dolmen was razed by a quake that left more than 900 people dead.",
    )
    assert _kinds(report) == ["disaster"]
    claims = _claims(report)
    assert ("place", "Dolmen") not in claims
    assert [value for prop, value in claims if prop == "killed"] == ["12"]
    assert ("date", "2025-08-04") in claims


def test_an_attack_with_no_one_named_and_no_toll_is_an_incident(extractor):
    report = _extract(
        extractor,
        "Navy foils pirate attack off Somalia\n\nA navy frigate fought off a pirate attack on a cargo ship near "
        "Mogadishu on Sunday, the defence ministry said.",
    )
    assert _kinds(report) == ["incident"]
    claims = _claims(report)
    assert ("date", "2025-08-03") in claims
    assert ("place", "Mogadishu") in claims


def test_a_bomb_that_exploded_is_an_incident(extractor):
    report = _extract(extractor, "A bomb exploded at a bank in Woodburn, Oregon, on Friday, police said.")
    assert _kinds(report) == ["incident"]
    assert ("date", "2025-08-01") in _claims(report)


@pytest.mark.parametrize(
    "text",
    [
        "A retired teacher died of a heart attack in Boston on Monday, his family said.",
        "The senator attacked the government's budget plan in a speech in Ottawa on Monday.",
    ],
)
def test_an_attack_of_the_heart_or_of_words_is_no_incident(extractor, text):
    assert _kinds(_extract(extractor, text)) == []


def test_a_hit_and_run_is_a_crash(extractor):
    report = _extract(extractor, "Two people were hurt in a hit-and-run crash in Leeds on Sunday, police said.")
    assert _kinds(report) == ["crash"]
    assert ("injured", "2") in _claims(report)


def test_a_ruling_party_is_no_court_ruling(extractor):
    report = _extract(extractor, "The ruling party won 52 percent of the vote in Sunday's election, officials said.")
    assert _kinds(report) == ["election"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Erdogan wins Turkish runoff\n\nRecep Tayyip Erdogan won 52.6 percent of the vote in Sunday's runoff "
            "election, while his rival Kemal Kilicdaroglu received 47.4%, the election board said. Erdogan received "
            "27.1 million votes.",
            [
                ("vote_share", "52.6", "Recep Tayyip Erdogan"),
                ("vote_share", "47.4", "Kemal Kilicdaroglu"),
                ("votes", "27100000", "Recep Tayyip Erdogan"),
            ],
        ),
        (
            "Green Party gains in election\n\nThe Green Party polled 1,234,567 votes in Sunday's election. "
            "Macron won the runoff with 58.5 per cent.",
            [("votes", "1234567", "Green Party"), ("vote_share", "58.5", "Macron")],
        ),
        # a share nobody named won, and percentages of other things, are no result
        (
            "Voters go to the polls\n\nThe ruling party won 52 percent in Sunday's election. Prices rose 3 percent.",
            [],
        ),
    ],
)
def test_an_elections_shares_and_votes_are_held_by_who_won_them(extractor, text, expected):
    report = extractor.extract(Document("r", "r.txt", text, "test", published=dt.date(2025, 3, 14)))
    names = {e["id"]: e["name"] for e in report["entities"]}
    found = [
        (c["property"], c["value"], names[c["qualifiers"]["holder"]])
        for c in report["claims"]
        if c["property"] in ("vote_share", "votes")
    ]
    assert found == expected
