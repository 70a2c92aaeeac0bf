"""Every span in every extracted claim slices the stored text to exactly the claimed words.

A property test over real text: the two raw seed reports, every ECB+ dev document (topics 1-35) and
every GVDB dev article. Hand-made examples miss the curly quotes, datelines, line breaks and odd
spacing of news copy; a span that is one character off shows a fact-checker the wrong words, so it
is checked on everything the extractor will meet. Each test collects every failure in its corpus
before failing, so one run lists all of them with the report, the rule and the text.

The datasets live outside the repository (see `find_dataset` in tests/conftest.py); without them
those cases skip, and under RECONCILE_REQUIRE_DATASETS=1 (set by .ci/run) they fail.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from benchmarks.eval import gvdb
from benchmarks.eval.ecbplus import load_corpus, parse_topics, to_document
from reconcile.errors import InputError
from reconcile.extract import Extractor
from reconcile.extract.counts import amount_of
from reconcile.extract.dates import find_dates, latest_weekday
from reconcile.extract.durations import duration_of
from reconcile.extract.incidents import INJURED, KILLED, SHOT
from reconcile.extract.money import money_of
from reconcile.ingest.documents import Document, read_document
from reconcile.ingest.reader import check_report
from reconcile.ingest.sentences import sentence_around, sentence_starts
from reconcile.match.align import COUNTS

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "seeds"
ECBPLUS_DEV_TOPICS = "1-35"
CORPORA = ("seeds", "ecbplus-dev", "gvdb-dev")
# Properties whose value is the very text the span covers.
VERBATIM = frozenset({"title", "quote", "topic", "stance"})
SHOWN_FAILURES = 60  # a message longer than this is unreadable; the count per rule says the rest

Dataset = Callable[[str, str], Path]


@dataclass(frozen=True)
class Corpus:
    """One corpus's extracted reports (with the file each came from) and how long extraction took."""

    name: str
    reports: list[tuple[Document, dict[str, Any]]]
    seconds: float

    def summary(self) -> str:
        rate = len(self.reports) / self.seconds if self.seconds else 0.0
        return f"{self.name}: {len(self.reports)} reports extracted in {self.seconds:.1f}s ({rate:.0f}/s)"


class Corpora:
    """Each corpus read and extracted once per module, on first use, in batches through extract_many.

    Lazy, so that a missing dataset skips (or fails) only the tests of that corpus, inside the test.
    """

    def __init__(self, extractor: Extractor, dataset: Dataset) -> None:
        self.extractor = extractor
        self.dataset = dataset
        self.cache: dict[str, Corpus] = {}

    def __getitem__(self, name: str) -> Corpus:
        if name not in self.cache:
            documents = self._documents(name)
            started = time.monotonic()
            reports = list(zip(documents, self.extractor.extract_many(documents), strict=True))
            self.cache[name] = Corpus(name, reports, time.monotonic() - started)
        return self.cache[name]

    def _documents(self, name: str) -> list[Document]:
        if name == "seeds":
            return [read_document(path) for path in sorted(SEEDS.glob("*.txt"))]
        if name == "ecbplus-dev":
            folder = self.dataset("ecbplus", "xml")
            return [to_document(doc) for doc in load_corpus(folder, parse_topics(ECBPLUS_DEV_TOPICS), progress=False)]
        if name == "gvdb-dev":
            return _gvdb_documents(self.dataset("gvdb", "dev.tsv"), "dev")
        raise ValueError(name)


def _gvdb_documents(folder: Path, split: str) -> list[Document]:
    """GVDB articles as the benchmark hands them to the extractor (its text, outlet and URL date)."""
    return [
        Document(
            id=f"gvdb-{split}-{article.id}",
            path=f"{folder / split}.tsv#{article.id}",
            text=gvdb.article_text(article),
            source=gvdb.source_of(article.url),
            title=article.title or None,
            published=gvdb.publication_date(article, "url"),
            url=article.url or None,
            language="en",
        )
        for article in gvdb.load_split(folder, split)
    ]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@functools.cache
def _pipeline() -> Language:
    """The default pipeline, to read a claimed amount's or length's words back on their own."""
    return Extractor().nlp


@pytest.fixture(scope="module")
def corpora(extractor: Extractor, dataset: Dataset) -> Corpora:
    return Corpora(extractor, dataset)


# ------------------------------------------------------------------------------------------------ checks


def _context(text: str, start: int, end: int) -> str:
    """The span in its surroundings, marked with ⟦ ⟧, on one line."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    return repr(text[max(0, start - 40) : start] + "⟦" + text[start:end] + "⟧" + text[end : end + 40])


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    """Whether the span begins or ends inside a word ('ohnson' of 'Johnson')."""
    inside_left = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    inside_right = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return inside_left or inside_right


def span_problems(text: str, span: Any, expected: Callable[[str], str | None]) -> list[str]:
    """What is wrong with one stored span; `expected` says, given the sliced words, why they are not the claimed
    ones (None when they are)."""
    if not (isinstance(span, list) and len(span) == 2 and all(type(v) is int for v in span)):
        return [f"span {span!r} is not a pair of integers"]
    start, end = span
    if not 0 <= start < end <= len(text):
        return [f"span [{start}, {end}] is not 0 <= start < end <= {len(text)} (the text's length)"]
    sliced = text[start:end]
    problems = []
    mismatch = expected(sliced)
    if mismatch is not None:
        problems.append(f"{mismatch}; sliced {sliced!r}")
    if sliced != sliced.strip():
        problems.append(f"span has leading or trailing whitespace: {sliced!r}")
    if _cuts_a_word(text, start, end):
        problems.append(f"span begins or ends inside a word: {sliced!r}")
    return [f"{p} at [{start}, {end}] in {_context(text, start, end)}" for p in problems]


def equals(words: str) -> Callable[[str], str | None]:
    return lambda sliced: None if sliced == words else f"expected {words!r}"


def claimed_words(claim: dict[str, Any], subjects: dict[str, dict[str, Any]]) -> Callable[[str], str | None]:
    """What a claim's span must slice to, by property: the value itself, a name of the object entity, the
    written age, a date expression that resolves to the value, or a word for the outcome."""
    prop, value = claim["property"], claim["value"]
    qualifiers = claim.get("qualifiers", {})
    if prop in VERBATIM:
        return equals(value)
    if "object" in claim:
        target = subjects.get(claim["object"], {})
        names = {value, target.get("name", "")} | {m["text"] for m in target.get("mentions", [])}
        surnames = {n.split()[-1] for n in names if n.split()}

        def is_a_name(sliced: str) -> str | None:
            # A later mention by surname alone ('Rogers was taken to hospital') also names the object.
            if sliced in names or sliced in surnames:
                return None
            return f"expected a name of object {claim['object']!r}: one of {sorted(names)!r} or a surname"

        return is_a_name
    if prop == "age":
        return lambda sliced: (
            None if sliced.isdigit() and int(sliced) == int(value) else f"expected the written age {value!r}"
        )
    if prop == "outcome":
        patterns = (KILLED,) if value == "killed" else (INJURED, SHOT)
        return lambda sliced: (
            None if any(p.fullmatch(sliced) for p in patterns) else f"expected a word that says {value!r}"
        )
    if prop == "date":
        return lambda sliced: _date_mismatch(sliced, value, qualifiers.get("anchor"))
    if prop in ("magnitude", "turnout"):
        return lambda sliced: None if sliced == value else f"expected the {prop} as written, {value!r}"
    if prop == "duration":
        return lambda sliced: (
            None
            if duration_of(_pipeline()(sliced)) == value
            else f"the written words read as another length than {value!r}"
        )
    if prop == "amount":
        return lambda sliced: (
            None
            if money_of(_pipeline()(sliced)) == value
            else f"the written words read as another amount than {value!r}"
        )
    if prop in COUNTS:
        return lambda sliced: (
            None if amount_of(sliced) == value else f"the written amount reads as {amount_of(sliced)!r}, not {value!r}"
        )
    return lambda sliced: f"the test has no rule for what a {prop!r} claim's span should hold"


def _date_mismatch(sliced: str, value: str, anchor: str | None) -> str | None:
    """The written date, read again on its own against the claim's anchor, must give the claimed day."""
    day = dt.date.fromisoformat(anchor) if anchor else None
    found = find_dates(sliced, day)
    if len(found) == 1 and (found[0].start, found[0].end) == (0, len(sliced)) and found[0].value is not None:
        resolved = found[0].value
    elif day is not None and sliced.capitalize() in _WEEKDAYS:
        resolved = latest_weekday(day, sliced.capitalize())  # a bare weekday ('shot Tuesday night')
    else:
        return f"expected one whole date expression for {value!r} (anchor {anchor})"
    return None if resolved.isoformat() == value else f"the written date reads as {resolved}, not {value!r}"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def report_span_problems(report: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every problem with every span the report stores (mentions, claims, evidence, evidence sentences), each with
    the rule that made it ('entity mention: person' for mentions, which carry no rule)."""
    text: str = report["text"]
    subjects = {s["id"]: s for key in ("entities", "events") for s in report.get(key, [])}
    for key in ("entities", "events"):
        for subject in report.get(key, []):
            kind = subject.get("type") or subject.get("kind")
            label = f"{'entity' if key == 'entities' else 'event'} mention: {kind}"
            for j, mention in enumerate(subject["mentions"]):
                where = f"{key} {subject['id']} ({kind}) mentions[{j}]"
                for problem in span_problems(text, mention["span"], equals(mention["text"])):
                    yield label, f"{where}: {problem}"
    starts = sentence_starts(text)
    for i, claim in enumerate(report["claims"]):
        where = (
            f"claims[{i}] rule={claim.get('rule')} {claim['property']} of {claim['subject']} = {claim['value'][:80]!r}"
        )
        rule = str(claim.get("rule"))
        problems = span_problems(text, claim["span"], claimed_words(claim, subjects))
        if problems:
            yield from ((rule, f"{where}: {p}") for p in problems)
            continue
        start, end = claim["span"]
        if "evidence" in claim:
            ev_start, ev_end = claim["evidence"]
            if not ev_start <= start < end <= ev_end:
                yield rule, f"{where}: evidence [{ev_start}, {ev_end}] does not contain the span [{start}, {end}]"
                continue
        else:
            ev_start, ev_end = start, end
        offset, sentence = sentence_around(text, starts, ev_start, ev_end)
        if text[offset : offset + len(sentence)] != sentence or not offset <= start < end <= offset + len(sentence):
            yield (
                rule,
                f"{where}: the stored sentence at {offset} ({sentence!r}) does not contain the span [{start}, {end}]",
            )


def _failure_message(corpus: Corpus, failures: list[str], rules: Counter[str]) -> str:
    head = f"{len(failures)} problem(s) in {corpus.name} ({corpus.summary()}); by rule: {dict(rules.most_common())}"
    shown = failures[:SHOWN_FAILURES]
    more = [f"... and {len(failures) - len(shown)} more"] if len(failures) > len(shown) else []
    return "\n".join([head, *shown, *more])


# ------------------------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("name", CORPORA)
def test_every_span_slices_the_text_to_exactly_the_claimed_words(corpora: Corpora, name: str) -> None:
    corpus = corpora[name]
    assert corpus.reports, f"{name}: no documents read"
    failures: list[str] = []
    rules: Counter[str] = Counter()
    for document, report in corpus.reports:
        assert report["text"] == document.text, f"{document.id}: the report does not store the document's text"
        for rule, problem in report_span_problems(report):
            failures.append(f"{document.id} ({document.path}): {problem}")
            rules[rule] += 1
    if failures:
        pytest.fail(_failure_message(corpus, failures, rules), pytrace=False)


@pytest.mark.parametrize("name", CORPORA)
def test_every_extracted_report_passes_the_checks_a_hand_written_one_does(corpora: Corpora, name: str) -> None:
    """Through JSON and reconcile's own schema and consistency checks, exactly as `reconcile ingest` reads a file."""
    corpus = corpora[name]
    failures: list[str] = []
    for document, report in corpus.reports:
        try:
            check_report(Path(document.path), json.loads(json.dumps(report)))
        except InputError as exc:
            failures += [f"{document.id}: {line}" for line in str(exc).splitlines()]
    by_path = Counter(re.sub(r"\[\d+\]", "[]", f.split(": ", 2)[1]) for f in failures)
    if failures:
        pytest.fail(_failure_message(corpus, failures, by_path), pytrace=False)


def test_the_checks_catch_a_span_off_by_one_and_a_date_that_does_not_read_as_its_value(corpora: Corpora) -> None:
    """The property test is only as good as its checks: break a seed report on purpose and see each caught."""
    _, report = next((d, r) for d, r in corpora["seeds"].reports if any(c["property"] == "date" for c in r["claims"]))
    before = {problem for _, problem in report_span_problems(report)}
    broken = copy.deepcopy(report)
    title = next(c for c in broken["claims"] if c["property"] == "title")
    title["span"] = [title["span"][0], title["span"][1] - 1]
    mention = broken["entities"][0]["mentions"][0]
    mention["span"] = [mention["span"][0], mention["span"][1] + 1]
    date = next(c for c in broken["claims"] if c["property"] == "date")
    date["value"] = (dt.date.fromisoformat(date["value"]) + dt.timedelta(days=1)).isoformat()
    found = [problem for _, problem in report_span_problems(broken) if problem not in before]
    assert any("title" in p and "expected" in p for p in found), found
    assert any("mentions[0]" in p and "expected" in p for p in found), found
    assert any(" date of " in p and "reads as" in p for p in found), found
