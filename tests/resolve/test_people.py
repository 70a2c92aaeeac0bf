"""People resolved by name and by the posts their reports give them: namesakes kept apart, the work per mention
bounded by the name blocks, and the same people whatever the batches the reports come in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from reconcile import db
from reconcile.pipeline import ingest
from reconcile.resolve.aliases import AliasBook
from reconcile.resolve.entities import Resolver, person_keys_of, share_a_post
from reconcile.score import close_given_name, near_surname
from tests.factories import ReportBuilder


def person(name: str, title: str | None = None, organisation: str | None = None) -> ReportBuilder:
    """A report naming `name` (with a title, in an organisation if given) at a meeting with Ali Hassan."""
    said = ", ".join(p for p in (name, title, f"of the {organisation}" if organisation else None) if p)
    builder = (
        ReportBuilder(f"{said}, met Ali Hassan.")
        .entity("p1", "person", name)
        .entity("p2", "person", "Ali Hassan")
        .event("m1", "Meeting", "met")
        .claim("m1", "attendee", name, obj="p1")
        .claim("m1", "attendee", "Ali Hassan", obj="p2")
    )
    if organisation:
        builder.entity("o1", "organisation", organisation)
    if title:
        builder.claim("p1", "title", title, **({"organisation": "o1"} if organisation else {}))
    return builder


def run(cli, folder: Path, *builders: ReportBuilder, first: int = 0) -> list[list[str]]:
    """Write the reports into `folder`, run them, and return each person's names."""
    folder.mkdir()
    for i, builder in enumerate(builders, start=first):
        builder.write(folder, f"r{i}")
    result = cli("run", folder, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return sorted(sorted(e["names"]) for e in report["entities"] if e["type"] == "person")


def test_one_post_in_two_organisations_is_two_people(cli, tmp_path):
    """Near names with one rank and portfolio are one person only if the organisations agree too."""
    groups = run(
        cli,
        tmp_path / "in",
        person("Hadi Bahri", "Special Envoy for Syria", "Saudi Ministry of Foreign Affairs"),
        person("Hani Bahri", "Special Envoy for Syria", "Egyptian Ministry of Foreign Affairs"),
        person("Hani Bahri", "Special Envoy for Syria", "Egyptian Ministry of Foreign Affairs"),
    )
    assert ["Hadi Bahri"] in groups and ["Hani Bahri"] in groups


def test_one_post_said_as_portfolio_or_organisation_is_one_person(cli, tmp_path):
    groups = run(
        cli,
        tmp_path / "in",
        person("Hadi Bahri", "head of the National Coalition"),
        person("Hani Bahri", "head", "National Coalition"),
    )
    assert ["Hadi Bahri", "Hani Bahri"] in groups


def test_a_family_name_of_two_words_is_no_given_name(cli, tmp_path):
    """'Badr Sheikh Ahmad' and 'Hind Sheikh Ahmad' share a family name and a post, not a given name."""
    groups = run(
        cli,
        tmp_path / "in",
        person("Badr Sheikh Ahmad", "member", "Syrian Interim Government"),
        person("Hind Sheikh Ahmad", "member", "Syrian Interim Government"),
    )
    assert ["Badr Sheikh Ahmad"] in groups and ["Hind Sheikh Ahmad"] in groups


@pytest.mark.parametrize(
    ("other", "one"),
    [("Nabil Sabbag", True), ("Nabil Shaban", False)],
    ids=["surname-spelt-another-way", "another-surname"],
)
def test_near_names_need_one_family_name(cli, tmp_path, other, one):
    groups = run(
        cli,
        tmp_path / "in",
        person("Nabil Sabbagh", "Deputy Foreign Minister", "Egyptian Ministry of Foreign Affairs"),
        person(other, "Deputy Foreign Minister", "Egyptian Ministry of Foreign Affairs"),
    )
    assert (sorted(["Nabil Sabbagh", other]) in groups) is one


def test_a_middle_name_left_out_joins_in_either_order(cli, tmp_path):
    """The short name arrives after the long one here; in one batch they are one person too."""
    first = run(cli, tmp_path / "first", person("Muhammad Osama Haddad", "member", "Syrian Negotiation Commission"))
    assert first == [["Ali Hassan"], ["Muhammad Osama Haddad"]]
    later = run(cli, tmp_path / "later", person("Muhammad Haddad", "member", "Syrian Negotiation Commission"), first=5)
    assert ["Muhammad Haddad", "Muhammad Osama Haddad"] in later


def test_a_family_name_written_as_one_word_or_two_is_one_in_either_order(cli, tmp_path):
    first = run(cli, tmp_path / "first", person("Hiba Abdelnour", "member", "Syrian Negotiation Commission"))
    assert ["Hiba Abdelnour"] in first
    later = run(cli, tmp_path / "later", person("Heba Abdel Nour"), first=5)
    assert ["Heba Abdel Nour", "Hiba Abdelnour"] in later


def test_share_a_post_compares_rank_portfolio_and_organisation_apart():
    head_of_nc = frozenset({"rank:head", "post:head|nation coalit"})
    head_in_nc = frozenset({"rank:head", "post:head|name:nation coalit"})
    head_of_snc = frozenset({"rank:head", "post:head|snc"})
    head_of_syrian_nc = frozenset({"rank:head", "post:head|syrian negoti commiss"})
    envoy = frozenset({"rank:envoy", "post:envoy|syria"})
    saudi = envoy | {"post:envoy|name:saudi ministri foreign affair"}
    egyptian = envoy | {"post:envoy|name:egyptian ministri foreign affair"}
    assert share_a_post(head_of_nc, head_in_nc)  # a portfolio on one side, an organisation on the other
    assert share_a_post(head_of_snc, head_of_syrian_nc)  # an acronym
    assert share_a_post(saudi, envoy)  # no organisation on one side
    assert not share_a_post(saudi, egyptian)
    assert not share_a_post(head_of_nc, envoy)


def test_given_and_family_names_are_told_apart():
    assert close_given_name("Hadi Bahri", "Hani Bahri")
    assert close_given_name("Abdul Rahman Mustafa", "Abdulrahman Mustafa")
    assert not close_given_name("Badr Sheikh Ahmad", "Hind Sheikh Ahmad")
    assert near_surname("Hiba Abdel Nour", "Hiba Abdelnour")
    assert near_surname("Nabil Sabbagh", "Nabeel Ibrahim Sabbag")
    assert not near_surname("Abdulaziz Al-Hariri", "Abdulaziz al-Hajji")


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Osama Al-Omari", "Usama al Omari"),  # the given name begins with another vowel
        ("Nabil Qassem", "Nabil Kassem"),  # the surname begins with another letter of one sound
        ("Hadi Bahri", "Hani Bahri"),  # one letter of the given name apart
        ("Abdul Rahman Mustafa", "Abdulrahman Mustafa"),  # a given name of two words
        ("Nabil Ibrahim Sabbagh", "Nabil Sabbagh"),  # a middle name left out
        ("Bill Hakes", "William Hakes"),  # a familiar given name
        ("Jamous", "Badr Jamous"),  # a surname alone
        ("Hiba Abdel Nour", "Heba Abdelnour"),  # a family name of two words run together
    ],
)
def test_names_that_may_be_one_person_share_a_block(left, right):
    a, b = person_keys_of(left), person_keys_of(right)
    assert a.looks & b.filed or b.looks & a.filed


@pytest.mark.parametrize(("left", "right"), [("Hadi Bahri", "Fadi Bahri"), ("Nabil Sabbagh", "Nabil Haddad")])
def test_names_that_begin_apart_share_no_block(left, right):
    a, b = person_keys_of(left), person_keys_of(right)
    assert not (a.looks & b.filed or b.looks & a.filed)


def test_the_names_compared_do_not_grow_with_the_mentions(engine: Engine, tmp_path):
    """Five times the reports naming the same people cost no more: each pair of names is scored once a run, and
    each name against the names of the entities stored, not against each of their mentions."""
    names = ["Hadi Bahri", "Hani Bahri", "Hadi Bahry", "Hiba Bahri", "Badr Jamous", "Bader Jamous"]

    def resolve(copies: int, folder: Path) -> tuple[int, int]:
        folder.mkdir()
        paths = [
            person(n, "member", "National Coalition").write(folder, f"{folder.name}{i}-{n}")
            for i in range(copies)
            for n in names
        ]
        ingest(engine, paths)
        with db.session_scope(engine) as session:
            stats = Resolver(session, AliasBook()).resolve()
        return stats.person_mentions, stats.names_compared

    few, many = resolve(2, tmp_path / "few"), resolve(10, tmp_path / "many")
    assert few[0] == 2 * len(names) * 2 and many[0] == 10 * len(names) * 2  # each report names Ali Hassan too
    assert 0 < many[1] <= few[1]
