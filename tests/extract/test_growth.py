"""Extraction stays linear in the report's length, whatever shape the text has.

Each shape made one rule quadratic: a scan of the whole sentence, of every name or of the whole text
for every name, cue or quote. Each is timed against ordinary news prose of the same length, never
against a figure of its own (benchmarks/speed/pathological.py measures every shape at real sizes).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pytest

from reconcile.extract import Extractor
from reconcile.extract.tokenizer import LONGEST_RUN
from reconcile.ingest.documents import Document, read_document
from tests.timing import assert_as_fast_as_ordinary, ordinary_text, repeated

SMALL = 6_000  # where the quadratic work of the shape is already a hundred times the linear
LARGE = 30_000  # where it is many times the linear, for rules whose quadratic part was a fast loop


def _names(size: int) -> str:
    """Distinct full names, comma-separated: as many people as the text has room for."""
    rng = random.Random(size)
    names = []
    while sum(map(len, names)) < size:
        first, last = ("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(2))
        names.append(f"{first.capitalize()} {last.capitalize()}, ")
    return "".join(names)[:size]


def _sentences(template: str, size: int) -> str:
    """`template` with a distinct capitalised word in it, over and over."""
    rng = random.Random(size)
    sentences = []
    while sum(map(len, sentences)) < size:
        sentences.append(template.format("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)).title()))
    return "".join(sentences)[:size]


SENTENCE = (
    "Turkish Foreign Minister Hakan Fidan met U.S. Deputy Assistant Secretary Barbara Leaf in Ankara on "
    'Tuesday, and said "we support the political process" before the talks on Resolution 2254. '
)
SHAPES = {
    # a title walk from every 'Dr.' back over all the others
    "honorifics": repeated("Dr. ", SMALL),
    # a headline check of the whole sentence for every name in it
    "names in one sentence": _names(LARGE),
    # meeting triggers, each looking at every name after it and every meeting before it
    "meeting words": repeated("met with John Smith and also held talks ", SMALL),
    # talks with many people: a meeting with each, each reading every name of the sentences they share
    "talks with many people": "They held talks with " + _names(SMALL) + " and others. Jamous spoke.",
    # people of one surname: each name compared with every earlier one for a given name spelt two ways
    "one surname, many people": _sentences("{} Smith said. ", LARGE),
    # organisations: each name compared with every earlier one for an acronym or a shorter form
    "many organisations": _sentences("The {} Commission said. ", 3 * LARGE),
    # group cues in one sentence: every group claimed every person named after its cue
    "group cues": _sentences("US officials, led by {} Smith, ", LARGE),
    # talks with many people, then many more: a meeting per person, each attended by every later person
    "talks, then more people": "They held talks with "
    + _names(SMALL)
    + " and others. "
    + _sentences("Jane {} said. ", SMALL),
    # 'led by' cues, each searched for in the whole text for every meeting
    "lead cues": repeated("led by John Smith ", LARGE),
    # victims in one sentence: the cue rules read the sentence back to its start for every name
    "victims in one sentence": "Police said " + repeated("John Smith was shot and ", SMALL),
    # a surname searched for in the whole text, each find checked against every name
    "surname mentions": "John Smith was shot. " + repeated("Smith ", SMALL),
    # stance and topic cues: the holder looked for among every name, quotes counted from the text's start
    "stance cues": repeated("support for the process and ", 2 * LARGE),
    "topic cues": repeated("discussed the need for talks ", LARGE),
    # quotes: the speaker looked for among every name, the sentences inside among all of them
    "names then quotes": _names(LARGE) + "\n" + repeated("“we want a fair vote” he said ", LARGE),
    # a news sentence repeated: the meeting's attendees each compared with every name of the meeting
    "one sentence repeated": repeated(SENTENCE, LARGE),
    # a document name's word read to the end of the hyphenated run from every capital in it
    "hyphenated capitals": repeated("A-", SMALL),
    # punctuation without spaces: spaCy searched the whole rest of the run for every suffix
    "brackets": repeated("(", SMALL),
    "quotation marks": repeated("”", SMALL),
    "commas": repeated(",", SMALL),
}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


# Shapes where every word is a name a claim is made of do that much more work per character than prose, and
# stay linear (measured: 0.33, 0.60, 1.42, 2.51 s at 10, 20, 40, 80 KB, against 10x prose at each size). Their
# quadratic form was hundreds of times prose at SMALL, so a wider factor still tells the two apart on a busy
# machine, where 10x left no margin.
DENSE = {"surname mentions": 30.0}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_extraction_of_the_shape_takes_linear_time(extractor: Extractor, shape: str) -> None:
    shorter = itertools.count(1)

    def extract(text: str) -> object:
        # A little shorter each time: spaCy's tokenizer caches what it has split, and a text that is new to it
        # measures the splitting too.
        text = text[: -next(shorter)]
        document = Document(id="r", path="r.txt", text=text, source="test", published=dt.date(2024, 9, 26))
        return extractor.extract(document)

    assert_as_fast_as_ordinary(extract, SHAPES[shape], factor=DENSE.get(shape, 10.0))


def test_html_page_of_angle_brackets_reads_and_extracts_in_linear_time(extractor: Extractor, tmp_path: Path) -> None:
    """The page's '<' reach the text as a run without spaces, which spaCy split in quadratic time."""
    path = tmp_path / "page.html"
    shorter = itertools.count(1)

    def read_and_extract(html: str) -> object:
        path.write_text(html.replace("<<", "<", next(shorter)), encoding="utf-8")  # a run new to spaCy's cache
        return extractor.extract(read_document(path))

    def article(body: str) -> str:
        return f"<html><head><title>Report</title></head><body><article><p>{body}</p></article></body></html>"

    assert_as_fast_as_ordinary(
        read_and_extract, article("<" * SMALL), ordinary=lambda size: article(ordinary_text(size))
    )


def test_a_run_longer_than_any_word_keeps_its_text_and_offsets(extractor: Extractor) -> None:
    text = "Jamous met Leaf. " + "(" * (2 * LONGEST_RUN + 7) + " Leaf left."
    doc = extractor.nlp(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    assert [t.text for t in doc][-3:] == ["Leaf", "left", "."]
