"""The compact NER model shipped as `--nlp-model news`: it loads by name from inside the package, finds
people the rules cannot, and never makes a pronoun or a description a person of a report."""

import json
from importlib import resources

import pytest

from reconcile.extract import Extractor
from reconcile.ingest.documents import Document

TEXT = "Police arrested Teixeira on Tuesday. He told officers the suspect had fled toward the river."


@pytest.fixture(scope="module")
def news() -> Extractor:
    return Extractor(model="news")


def _people(extractor: Extractor, text: str) -> list[str]:
    report = extractor.extract(Document(id="r1", path="r1.txt", text=text, source="test"))
    return [e["name"] for e in report["entities"] if e["type"] == "person"]


def test_the_weights_and_their_attribution_ship_inside_the_package():
    folder = resources.files("reconcile.extract") / "ner_model"
    attribution = (folder / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "CC BY 3.0" in attribution and "Cybulska" in attribution and "Pavlick" in attribution
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert {s["name"] for s in meta["sources"]} >= {"ECB+"}


def test_the_model_finds_a_lone_surname_the_rules_leave_alone(news):
    assert "Teixeira" not in _people(Extractor("rules"), TEXT)
    assert "Teixeira" in _people(news, TEXT)


def test_pronouns_and_descriptions_are_mentions_but_never_people_of_a_report(news):
    mentioned = {s.text for s in news.mentions(TEXT) if s.type == "person"}
    assert "He" in mentioned  # what the ECB+ mention benchmark counts
    assert _people(news, TEXT) == ["Teixeira"]
