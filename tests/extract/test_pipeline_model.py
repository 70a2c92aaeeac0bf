"""The English pipeline ships inside the package and is what plain reports are read with by default."""

from __future__ import annotations

import json
from importlib import resources

from reconcile.extract import Extractor
from reconcile.extract.names import is_parsed

LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "DATE", "TIME"}


def test_the_weights_and_their_attribution_ship_inside_the_package():
    folder = resources.files("reconcile.extract") / "pipeline_model"
    attribution = (folder / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for credit in ("Zeldes", "Silveira", "Cybulska", "Pavlick", "CC BY-SA 4.0"):
        assert credit in attribution
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert {s["name"] for s in meta["sources"]} >= {"GUM", "UD English EWT", "ECB+", "Gun Violence Database"}
    with resources.as_file(folder) as path:
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    assert size < 25 * 1024 * 1024


def test_the_default_reader_tags_parses_lemmatises_and_types_names():
    nlp = Extractor().nlp
    assert {"tagger", "morphologizer", "parser", "ner", "trainable_lemmatizer"} <= set(nlp.pipe_names)
    assert set(nlp.get_pipe("ner").labels) >= LABELS
    doc = nlp("The ministers met in Geneva on Tuesday.")
    assert is_parsed(doc)
    assert [t.lemma_ for t in doc][2] == "meet"


def test_rules_stay_available_as_the_fast_reader():
    assert not is_parsed(Extractor("rules").nlp("The ministers met in Geneva on Tuesday."))
