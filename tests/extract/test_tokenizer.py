"""The tokenizer splits every word as spaCy's own does, and runs of punctuation in linear time."""

from __future__ import annotations

import itertools
import random

import pytest
import spacy

from reconcile.extract.tokenizer import LONGEST_RUN, bound_tokenizer
from tests.timing import assert_as_fast_as_ordinary, repeated

# Characters spaCy's English rules take off a word as prefixes and suffixes, and pieces of words they keep.
PIECES = [*"(){}[]\"'”“’‘.,;:!?…-—–$£€%°+*/\\&#@ \n", "'s", "’s", "km", "mph", "US$", "°F", "..", "a", "A", "1", "x"]


@pytest.fixture(scope="module")
def spacy_tokens():
    return spacy.blank("en").tokenizer


@pytest.fixture(scope="module")
def ours():
    nlp = spacy.blank("en")
    bound_tokenizer(nlp)
    return nlp.tokenizer


def test_words_are_split_as_spacy_splits_them(spacy_tokens, ours) -> None:
    rng = random.Random(9)
    for _ in range(3_000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))
        expected = [(t.text, t.whitespace_) for t in spacy_tokens(text)]
        assert [(t.text, t.whitespace_) for t in ours(text)] == expected, text


def test_a_run_of_dots_stays_one_token(ours) -> None:
    assert [t.text for t in ours("Wait" + "." * 200 + " now")] == ["Wait", "." * 200, "now"]


def test_a_long_run_is_cut_only_where_it_is_longer_than_any_word(ours) -> None:
    address = "http://example.com/search?q=" + "a" * (LONGEST_RUN - 40)
    assert [t.text for t in ours(f"see {address} now")] == ["see", address, "now"]
    run = "x" * (LONGEST_RUN + 10)
    doc = ours(f"a {run} b")
    assert doc.text == f"a {run} b"
    assert [t.text for t in doc] == ["a", "x" * LONGEST_RUN, "x" * 10, "b"]


@pytest.mark.parametrize("marks", ["(", "”", ",", "$", "!?", "…", "()[]“”\"',;:!?$%"])
def test_a_run_of_punctuation_takes_linear_time(ours, marks: str) -> None:
    """The same marks cut by a space every 20 characters are the linear baseline. Each run is shuffled and
    shortened anew, so spaCy's cache of what it has split already never hides the work."""
    seeds = itertools.count(1)

    def tokenize(text: str) -> object:
        seed = next(seeds)
        characters = list(text[:-seed])
        random.Random(seed).shuffle(characters)
        return ours("".join(characters))

    def spaced(size: int) -> str:
        return " ".join(repeated(marks, 19) for _ in range(size // 20))

    assert_as_fast_as_ordinary(tokenize, repeated(marks, 3_000), ordinary=spaced)
