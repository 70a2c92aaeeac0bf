"""Reports of one event that differ in its date, its place, who said what or its toll: compared and shown.

The reports are written for these tests. Each set names the same people at one meeting or incident; only the
date (a day apart), the precision of the place (a city and its country), the speaker of one quote or the toll
(27, 31, 34 on three days) differs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

GENEVA_A = """---
source: Alpine Wire
published: 2025-03-11
---
Lakeside talks on water rights end without a deal

GENEVA - Water ministers Petra Lindqvist and Omar Haddad met with mediator Yusuf Demir in Geneva yesterday,
Monday, to discuss the shared river basin.
"""
GENEVA_B = """---
source: Riverside Daily
published: 2025-03-12
---
Ministers meet mediator over river basin

Petra Lindqvist, Omar Haddad and Yusuf Demir held talks in Geneva on March 9 about the shared river basin,
officials said.
"""
KL_A = """---
source: Straits Monitor
published: 2025-07-10
---
Trade envoys meet on palm oil tariffs

Trade envoys Lena Hartmann and Ravi Menon met with negotiator Tomasz Nowak in Kuala Lumpur on July 9 to discuss
palm oil tariffs.
"""
KL_B = """---
source: Harbour Post
published: 2025-07-10
---
Palm oil talks held

Lena Hartmann, Ravi Menon and Tomasz Nowak met in Malaysia on July 9 for talks on palm oil tariffs, officials said.
"""

QUOTED = """---
source: Outlet {name}
published: 2025-03-11
---
River talks end without a deal

Water ministers Petra Lindqvist and Omar Haddad met with mediator Yusuf Demir in Geneva on March 10 to discuss
the shared river basin.

"We will not sign anything that leaves our farmers without water," {speaker} told reporters after the talks.
"""

TOLLS = {
    "a": """---
source: Coastal Herald
published: 2025-05-03
---
Blast at fuel depot kills 27

At least 27 people were killed and 40 injured when a fuel depot exploded in Port Selwyn on Friday, officials said.
Depot manager Karim Osei was killed in the blast, his family said.
""",
    "b": """---
source: Harbour Times
published: 2025-05-04
---
Depot explosion toll rises to 31

The death toll from Friday's fuel depot explosion in Port Selwyn rose to 31, officials said.
Depot manager Karim Osei was killed in the blast.
""",
    "c": """---
source: Evening Courier
published: 2025-05-05
---
Fuel depot explosion: 34 dead

Thirty-four people died in the fuel depot explosion in Port Selwyn on Friday, the health ministry said on Monday.
Depot manager Karim Osei was killed in the blast.
""",
}

VENUE = {
    "a": """---
source: Metro Daily
published: 2025-06-15
---
Gunmen attack concert at Linden Arena

Gunmen opened fire at the Linden Arena in Corvale on Saturday night, killing at least 40 people, officials said.
""",
    "b": """---
source: Valley Wire
published: 2025-06-15
---
Dozens dead in arena attack

At least 41 people were killed when attackers stormed the Linden Arena during a concert on Saturday, police said.
""",
    "c": """---
source: Northern Post
published: 2025-06-16
---
Arena attack toll rises

The toll from the attack on the Linden Arena rose to 60, the health ministry said.
""",
    "d": """---
source: City Courier
published: 2025-06-16
---
Survivors describe arena attack

Survivors of the attack at the Linden Arena described scenes of panic as gunmen fired into the crowd.
""",
}
TOWN = {
    "a": """---
source: Metro Daily
published: 2025-06-15
---
Two killed in Denver shooting

Two people were killed in a shooting in Denver on Saturday, police said.
""",
    "b": """---
source: Valley Wire
published: 2025-06-15
---
Five hurt in Denver shooting

Five people were wounded in a shooting in Denver on Saturday, police said.
""",
}

CRASH = {
    "a": """---
source: Air Desk
published: 2025-08-05
---
Plane crash near Lake Ornis kills 34

A passenger plane crashed near Lake Ornis on Monday, killing 34 people, the aviation authority said.
""",
    "b": """---
source: Coastal Herald
published: 2025-08-05
---
Dozens dead after airliner crash near Lake Ornis

At least 31 people were killed when an airliner crashed near Lake Ornis on Sunday, officials said.
""",
}
QUAKE = {
    "a": """---
source: Gulf Desk
published: 2025-11-15
---
Deadly earthquake shakes island town

A strong magnitude 6.1 earthquake struck the island town of Marvello on Friday, killing three people, officials
said.
""",
    "b": """---
source: Island Herald
published: 2025-11-15
---
Quake kills five on Tarvos

Five people died when a 6.2-magnitude earthquake hit the town of Marvello on Friday, damaging dozens of homes,
the coast guard said.
""",
}
BANK_BOMB = {
    "a": """---
source: Valley Wire
published: 2025-06-14
---
Bomb at bank kills two officers

A bomb left outside a bank killed two police officers on Friday, Police Chief Ruth Okafor said.
Mayor Tomas Eriksen called it the darkest day in the town's history.
""",
    "b": """---
source: Metro Daily
published: 2025-06-16
---
Two officers dead after blast

Two officers died when a device they were examining went off, Police Chief Ruth Okafor told reporters.
Mayor Tomas Eriksen asked residents to stay away from the area.
""",
}


def _write(folder: Path, **texts: str) -> Path:
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _report(cli, tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "report.json"
    result = cli(*args, "-f", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_accounts_a_day_apart_are_linked_for_a_reviewer_with_the_date_conflict_shown(cli, tmp_path):
    folder = _write(tmp_path / "geneva", a=GENEVA_A, b=GENEVA_B)
    report = _report(cli, tmp_path, "run", folder)
    (link,) = report["links"]
    assert link["verdict"] == "uncertain"
    assert any(r.startswith("-1.0 dates conflict: a says 2025-03-10, b says 2025-03-09") for r in link["reasons"])
    date = next(f for f in link["findings"] if f["property"] == "date")
    assert date["kind"] == "conflict"
    assert sorted(v["value"] for v in date["values"]) == ["2025-03-09", "2025-03-10"]


def test_a_reviewer_who_rules_them_one_meeting_gets_the_date_conflict_on_it(cli, tmp_path):
    folder = _write(tmp_path / "geneva", a=GENEVA_A, b=GENEVA_B)
    assert len(_report(cli, tmp_path, "run", folder)["links"]) == 1
    (label,) = re.findall(r"\bL\d+-\d+\b", cli("review", "list", "--kind", "link").stdout)
    assert cli("review", "decide", label, "same", "--reviewer", "ana").exit_code == 0
    report = _report(cli, tmp_path, "report")
    (event,) = report["events"]
    date = next(f for f in event["findings"] if f["property"] == "date")
    assert date["kind"] == "conflict"
    assert report["links"] == []


def test_a_city_and_its_country_are_one_meeting_and_a_place_variant(cli, tmp_path):
    folder = _write(tmp_path / "kl", a=KL_A, b=KL_B)
    report = _report(cli, tmp_path, "run", folder)
    (event,) = report["events"]
    (place,) = [f for f in event["findings"] if f["property"] == "place"]
    assert place["kind"] == "variant"
    assert "rule place-within" in place["explanation"]


def test_one_quote_put_to_three_speakers_is_a_conflict_on_who_said_it(cli, tmp_path):
    folder = _write(
        tmp_path / "quoted",
        **{
            name: QUOTED.format(name=name, speaker=who)
            for name, who in zip("abc", ("Lindqvist", "Haddad", "Demir"), strict=True)
        },
    )
    (event,) = _report(cli, tmp_path, "run", folder)["events"]
    (quote,) = [f for f in event["findings"] if f["property"] == "quote"]
    assert quote["kind"] == "conflict"
    assert quote["explanation"] == (
        "rule quote-speaker: the same words are put to different speakers: "
        "Omar Haddad (b); Petra Lindqvist (a); Yusuf Demir (c)"
    )


def test_a_toll_that_rises_from_report_to_report_is_an_update_with_each_time(cli, tmp_path):
    folder = _write(tmp_path / "tolls", **TOLLS)
    (event,) = _report(cli, tmp_path, "run", folder)["events"]
    (killed,) = [f for f in event["findings"] if f["property"] == "killed"]
    assert (killed["kind"], killed["severity"]) == ("update", "low")
    assert killed["explanation"].endswith(
        "27 / at least 27 (a, 2025-05-03) -> 31 (b, 2025-05-04) -> 34 (c, 2025-05-05)"
    )


def test_tolls_of_one_day_that_cannot_both_be_true_conflict(cli, tmp_path):
    folder = _write(tmp_path / "tolls", b=TOLLS["b"], c=TOLLS["c"].replace("2025-05-05", "2025-05-04"))
    (event,) = _report(cli, tmp_path, "run", folder)["events"]
    (killed,) = [f for f in event["findings"] if f["property"] == "killed"]
    assert killed["kind"] == "conflict"
    assert (
        killed["explanation"]
        == "rule count-apart: the reports give killed counts that cannot all be true: 31 (b) vs 34 (c)"
    )


def test_a_weekday_that_does_not_fall_on_the_date_is_shown(cli, tmp_path):
    """Published on Monday 10 March, 'yesterday, Monday' is Sunday the 9th: the report is at odds with itself."""
    folder = _write(tmp_path / "geneva", a=GENEVA_A.replace("2025-03-11", "2025-03-10"), b=GENEVA_B)
    (event,) = _report(cli, tmp_path, "run", folder)["events"]
    (date,) = [f for f in event["findings"] if f["property"] == "date"]
    assert (date["kind"], date["severity"]) == ("conflict", "medium")
    assert date["explanation"] == (
        "rule weekday-mismatch: a report's weekday does not fall on its date: "
        "a says Monday, but 2025-03-09 was a Sunday"
    )


def test_reports_that_name_no_one_but_the_venue_are_one_incident(cli, tmp_path):
    folder = _write(tmp_path / "venue", **VENUE)
    report = _report(cli, tmp_path, "run", folder)
    (event,) = report["events"]
    assert sorted(event["reports"]) == ["a", "b", "c", "d"]
    (killed,) = [f for f in event["findings"] if f["property"] == "killed"]
    assert killed["kind"] == "variant"  # at least 40, at least 41 and 60 can all be true


def test_two_incidents_in_one_town_on_one_day_wait_for_a_reviewer(cli, tmp_path):
    """Nobody in common and only a city: a big town has many shootings a day, so the pair is shown, not merged."""
    folder = _write(tmp_path / "town", **TOWN)
    report = _report(cli, tmp_path, "run", folder)
    assert len(report["events"]) == 2
    (link,) = report["links"]
    assert link["verdict"] == "uncertain"
    assert link["reasons"][-1] == "  0 held for a reviewer: no participant in common, only a town and a time"


def test_two_reports_of_an_earthquake_in_one_town_on_one_day_are_one_with_toll_and_magnitude_compared(cli, tmp_path):
    """An earthquake strikes a town once on a day: no shared person is needed, and the tolls conflict."""
    folder = _write(tmp_path / "quake", **QUAKE)
    report = _report(cli, tmp_path, "run", folder)
    (event,) = report["events"]
    assert sorted(event["reports"]) == ["a", "b"]
    (killed,) = [f for f in event["findings"] if f["property"] == "killed"]
    assert killed["kind"] == "conflict"
    (magnitude,) = [f for f in event["findings"] if f["property"] == "magnitude"]
    assert magnitude["kind"] == "variant"  # agencies round one quake to 6.1 and 6.2
    assert magnitude["explanation"] == "rule count-overlap: every magnitude given can be true: 6.1 (a) vs 6.2 (b)"


def test_two_reports_of_a_crash_at_one_place_a_day_apart_are_linked_with_the_date_conflict(cli, tmp_path):
    folder = _write(tmp_path / "crash", **CRASH)
    report = _report(cli, tmp_path, "run", folder)
    assert [e["kind"] for e in report["events"]] == ["crash", "crash"]
    (link,) = report["links"]
    assert link["verdict"] == "uncertain"
    assert "+1.5 one crash at one venue, Lake Ornis" in link["reasons"]
    findings = {f["property"]: f for f in link["findings"]}
    assert findings["date"]["kind"] == "conflict"
    assert findings["killed"]["kind"] == "variant"  # 34 and at least 31 can both be true


# Two undated accounts of one shooting: the victim is 'Trooper William Hakes' in one and 'Bill Hakes' in the
# other, the gunman 'Donal Ferris' and 'Donal James Ferris'. Neither gives a date, so only the people can say
# they are one incident.
UNDATED = {
    "a": """---
source: Valley Courier
---
Trooper shot outside Marlow bank

Trooper William Hakes was shot and killed outside a bank in Marlow, police said. Police arrested Donal Ferris
at the scene.
""",
    "b": """---
source: State Wire
---
Gunman held after officer killed

A gunman shot and killed Bill Hakes, a state trooper, in Marlow. Donal James Ferris, 41, was arrested, the
sheriff said.
""",
}


def test_undated_accounts_naming_one_victim_under_two_name_forms_are_one_incident(cli, tmp_path):
    folder = _write(tmp_path / "undated", **UNDATED)
    report = _report(cli, tmp_path, "run", folder)
    incidents = [e for e in report["events"] if e["kind"] == "incident"]
    assert len(incidents) == 1 and sorted(incidents[0]["reports"]) == ["a", "b"]


# Two undated accounts of one arrest, and a third of another man's arrest: only the one arrested says which
# accounts are of one arrest.
ARRESTS = {
    "a": """---
source: Coast Daily
---
Jorge Abelar arrested on DUI suspicion

Jorge Abelar, a defensive lineman, was arrested on suspicion of drunk driving early Sunday, police said.
""",
    "b": """---
source: Sports Wire
---
Jorge Abelar arrested after traffic stop

Police arrested Jorge Abelar after he was stopped for speeding, the team said.
""",
    "c": """---
source: Sports Wire
---
Leon Marsh arrested

Police arrested Leon Marsh on suspicion of drunk driving, the team said.
""",
}


def test_accounts_of_one_persons_arrest_are_one_arrest_and_another_persons_is_not(cli, tmp_path):
    folder = _write(tmp_path / "arrests", **ARRESTS)
    report = _report(cli, tmp_path, "run", folder)
    arrests = sorted(sorted(e["reports"]) for e in report["events"] if e["kind"] == "arrest")
    assert arrests == [["a", "b"], ["c"]]


def test_reports_of_an_incident_that_name_no_participant_in_common_meet_by_the_names_both_give(cli, tmp_path):
    """Neither report names a victim, a suspect or a place the other names; both quote the police chief and the
    mayor, and both give the toll."""
    folder = _write(tmp_path / "bank", **BANK_BOMB)
    report = _report(cli, tmp_path, "run", folder)
    (event,) = report["events"]
    assert sorted(event["reports"]) == ["a", "b"]
    (killed,) = [f for f in event["findings"] if f["property"] == "killed"]
    assert killed["kind"] == "agreement"


def test_the_turkish_capital_and_ankara_are_one_place(cli, tmp_path):
    folder = _write(
        tmp_path / "ankara",
        a=KL_A.replace("Kuala Lumpur", "Ankara"),
        b=KL_B.replace("met in Malaysia", "met in the Turkish capital"),
    )
    (event,) = _report(cli, tmp_path, "run", folder)["events"]
    (place,) = [f for f in event["findings"] if f["property"] == "place"]
    assert place["kind"] == "agreement"


def test_crew_on_board_said_apart_is_a_conflict_and_passengers_alike_agree(cli, tmp_path):
    """'carrying 150 passengers and ten crew' against '150 passengers and 12 crew on board': the crew is at odds."""
    folder = _write(
        tmp_path / "crew",
        a=CRASH["a"].replace(
            "A passenger plane crashed", "A passenger plane carrying 150 passengers and ten crew crashed"
        ),
        b=CRASH["b"].replace("when an airliner crashed", "when an airliner with 150 passengers and 12 crew crashed"),
    )
    report = _report(cli, tmp_path, "run", folder)
    findings = [f for e in report["events"] for f in e["findings"]] + [
        f for link in report["links"] for f in link.get("findings", [])
    ]
    by_property = {f["property"]: f["kind"] for f in findings}
    assert by_property.get("passengers") == "agreement"
    assert by_property.get("crew") == "conflict"


ELECTION = """---
source: {source}
published: 2025-04-07
---
Norland votes in snap election

Voters in Norland went to the polls on Sunday in a snap parliamentary election called by the prime minister.
Turnout was {turnout}, the election commission said.
"""


PLEDGE = """---
source: {source}
published: 2025-03-11
---
Donors pledge aid for flood victims

Swiss Foreign Minister Ignazio Cassis met the foreign ministers of twelve countries in Geneva on Monday, and they
pledged {amount} in aid for the victims of the floods, officials said.
"""


RUNOFF = """---
source: {source}
published: 2025-04-07
---
Erdem wins Norland presidential runoff

Aylin Erdem won {share} of the vote in Sunday's presidential runoff election in Norland, while her rival
Kerem Arslan received {rival}, the election board said.
"""


def test_shares_of_one_election_said_apart_conflict_for_that_candidate_only(cli, tmp_path):
    folder = _write(
        tmp_path / "runoff",
        a=RUNOFF.format(source="North Wire", share="52.6 percent", rival="47.4%"),
        b=RUNOFF.format(source="Fjord Post", share="53 percent", rival="45%"),
    )
    (event,) = _report(cli, tmp_path, "run", folder)["events"]
    shares = {f["member"]: f for f in event["findings"] if f["property"] == "vote_share"}
    assert {member: f["kind"] for member, f in shares.items()} == {"Aylin Erdem": "variant", "Kerem Arslan": "conflict"}
    assert shares["Kerem Arslan"]["explanation"] == (
        "rule count-apart: the reports give vote shares that cannot all be true: 45 (b) vs 47.4 (a)"
    )


SENTENCE = """---
source: {source}
published: 2025-04-08
---
Former mayor Dan Kowalski jailed for bribery

Former Eastport mayor Dan Kowalski was sentenced to {years} in prison on Monday for taking bribes from
contractors, a federal court in Eastport ruled.
"""


@pytest.mark.parametrize(
    ("prop", "first", "second", "explanation"),
    [
        (
            "turnout",
            ELECTION.format(source="North Wire", turnout="64 percent"),
            ELECTION.format(source="Fjord Post", turnout="58 percent"),
            "the reports give turnouts that cannot all be true: 58 (b) vs 64 (a)",
        ),
        (
            "amount",
            PLEDGE.format(source="North Wire", amount="$50 million"),
            PLEDGE.format(source="Fjord Post", amount="US$40m"),
            "the reports give amounts that cannot all be true: 40000000 USD (b) vs 50000000 USD (a)",
        ),
        (
            "duration",
            SENTENCE.format(source="North Wire", years="10 years"),
            SENTENCE.format(source="Fjord Post", years="eight years"),
            "the reports give durations that cannot all be true: 8 years (b) vs 10 years (a)",
        ),
    ],
)
def test_a_number_of_one_event_said_apart_is_a_conflict(cli, tmp_path, prop, first, second, explanation):
    """An election's turnout, the aid pledged at one conference, the length of one sentence."""
    (event,) = _report(cli, tmp_path, "run", _write(tmp_path / prop, a=first, b=second))["events"]
    (finding,) = [f for f in event["findings"] if f["property"] == prop]
    assert finding["kind"] == "conflict"
    assert finding["explanation"] == f"rule count-apart: {explanation}"


TALKS = """---
source: {source}
{published}
---
Fidan and Safadi meet in Geneva

Turkish Foreign Minister Hakan Fidan met Jordanian Foreign Minister Ayman Safadi in Geneva{when}, officials said.
The two ministers discussed aid deliveries to Syria.
"""


def test_a_link_kept_apart_by_its_clusters_dates_shows_what_each_cluster_knows(cli, tmp_path):
    """An undated account is called the same as two dated ones two days apart: the link that is not merged names
    each cluster's dates and the reports that give them, and the note follows the clusters as reports arrive."""
    folder = _write(
        tmp_path / "talks",
        a=TALKS.format(source="North Wire", published="published: 2025-03-10", when=" on Monday"),
        b=TALKS.format(source="Fjord Post", published="", when=""),
        c=TALKS.format(source="Lake Times", published="published: 2025-03-12", when=" on Wednesday"),
    )
    (link,) = _report(cli, tmp_path, "run", folder)["links"]
    assert link["reasons"][-1] == "not merged: the clusters' dates conflict: 2025-03-10 (a) vs 2025-03-12 (c)"
    (folder / "d.txt").write_text(
        TALKS.format(source="Bay Herald", published="published: 2025-03-10", when=" on Monday"), encoding="utf-8"
    )
    (link,) = _report(cli, tmp_path, "run", folder)["links"]
    assert link["reasons"][-1] == "not merged: the clusters' dates conflict: 2025-03-10 (a, d) vs 2025-03-12 (c)"


CONCERT_HALL = """---
source: {source}
published: 2025-03-23
---
Gunmen attack concert hall

{body}
"""


def test_a_venue_one_report_places_in_a_town_is_within_that_town_for_every_report(cli, tmp_path):
    """One report names the town and says the hall is there, the other names only the hall: one event, and the
    places are one said more precisely, with the statement that says so."""
    folder = _write(
        tmp_path / "hall",
        a=CONCERT_HALL.format(
            source="North Wire",
            body="Gunmen opened fire at Crocus City Hall in Krasnogorsk on Friday night, killing at least 60 people "
            "and wounding dozens, officials said.",
        ),
        b=CONCERT_HALL.format(
            source="Fjord Post",
            body="Four gunmen stormed Crocus City Hall on Friday night, killing 133 people, investigators said.",
        ),
    )
    (event,) = _report(cli, tmp_path, "run", folder)["events"]
    findings = {f["property"]: f for f in event["findings"]}
    assert findings["place"]["kind"] == "variant" and findings["place"]["severity"] == "low"
    assert findings["place"]["explanation"] == (
        "rule place-within: one place lies within the other, so one report is more precise: Crocus City Hall vs "
        "Krasnogorsk (stated: Crocus City Hall in Krasnogorsk (a))"
    )
    assert findings["killed"]["kind"] != "conflict"  # at least 60 and 133 can both be true


def test_the_number_of_attackers_said_apart_is_a_conflict(cli, tmp_path):
    folder = _write(
        tmp_path / "attackers",
        a=CONCERT_HALL.format(
            source="North Wire",
            body="Four gunmen stormed Crocus City Hall in Krasnogorsk on Friday night, killing 133 people.",
        ),
        b=CONCERT_HALL.format(
            source="Fjord Post",
            body="Three gunmen stormed Crocus City Hall in Krasnogorsk on Friday night, killing 133 people.",
        ),
    )
    (event,) = _report(cli, tmp_path, "run", folder)["events"]
    findings = {f["property"]: f for f in event["findings"]}
    assert findings["perpetrators"]["kind"] == "conflict"
    assert findings["perpetrators"]["explanation"] == (
        "rule count-apart: the reports give perpetrator counts that cannot all be true: 3 (b) vs 4 (a)"
    )
    assert findings["killed"]["kind"] == "agreement"


MAGNITUDE_TOLD = """---
source: {source}
---
Earthquake strikes Qeshm island

{magnitude}earthquake struck Qeshm island in southern Iran, killing ten people and injuring dozens, officials said.
"""


def test_an_account_with_no_magnitude_does_not_join_two_quakes_of_magnitudes_apart(cli, tmp_path):
    """One quake has one magnitude: an undated account that gives none may be either quake, but the clusters of
    6.1 and 5.6 stay apart, and the link says why."""
    folder = _write(
        tmp_path / "quakes",
        a=MAGNITUDE_TOLD.format(source="North Wire", magnitude="A magnitude 6.1 "),
        b=MAGNITUDE_TOLD.format(source="Fjord Post", magnitude="An "),
        c=MAGNITUDE_TOLD.format(source="Lake Times", magnitude="A magnitude 5.6 "),
    )
    report = _report(cli, tmp_path, "run", folder)
    assert sorted(sorted(e["reports"]) for e in report["events"]) == [["a", "b"], ["c"]]
    (link,) = report["links"]
    assert link["reasons"][-1] == "not merged: the clusters' magnitudes conflict: 5.6 (c) vs 6.1 (a)"
