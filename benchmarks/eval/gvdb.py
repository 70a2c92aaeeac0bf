"""How well the extractor reads gun-violence news, scored against the Gun Violence Database (GVDB).

    python -m benchmarks.eval.gvdb                       # the test split: tables on stdout, progress on stderr
    python -m benchmarks.eval.gvdb --split dev           # tune on dev, never on test
    python -m benchmarks.eval.gvdb --json out.json --conflicts 5
    python -m benchmarks.eval.gvdb --anchor gold         # resolve relative dates against the gold incident date
    python -m benchmarks.eval.gvdb --grouping            # also group the whole split into incidents (slow)

GVDB (Pavlick et al. 2016; the dev/test splits of pitrack/arglinking) pairs each news article with a
crowd worker's record of the shooting: victims (name, age, outcome), shooters (name, age), city and
date, with character offsets into the article. Each article goes through `Extractor().extract`, its
`incident` events are read back as the same kind of record, and each field is scored per article,
then micro-averaged. Several articles often report one incident with different names and ages; those
groups are run through the real pipeline (ingest, resolve, match) to list the conflicts it flags. With
--grouping, every article of the split goes into one store and the article pairs reconcile puts in one
incident (or crash, disaster, theft) are scored pairwise against those groups, with uncertain links
counted apart; the groups come from the crowd records (`group_incidents`), not from an annotation of
which articles report one shooting.

The data is read where it lies (`../shared/datasets/gvdb` from the repository root, or `--data`);
nothing of it is copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.eval.differences import pair_figures, predicted_pairs, score_pairs, uncertain_pairs  # noqa: E402
from reconcile.normalize import (  # noqa: E402
    count_interval,  # noqa: E402
    fold,
    person_name,
)
from reconcile.resolve.event_score import ONE_OFF_KINDS  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "gvdb"
SPLITS = ("dev", "test")
COLUMNS = ("Article id", "Article url", "Article title", "Full text", "Json", "Worker")

# --- gold records ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A victim or shooter: name as written ('' when the record gives none), age in years, outcome."""

    name: str
    age: str | None = None
    outcome: str | None = None  # killed | injured, as the report schema says it; None when not given


@dataclass(frozen=True)
class Record:
    """What one article says about its shooting, in the form both the gold and the predictions take."""

    victims: tuple[Person, ...] = ()
    shooters: tuple[Person, ...] = ()
    cities: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # ISO days


@dataclass(frozen=True)
class GoldSpan:
    """One annotated value with its offsets, kept to check the offsets' convention."""

    field: str
    start: int
    end: int
    value: str


@dataclass(frozen=True)
class Article:
    id: str
    url: str
    title: str
    text: str
    gold: Record
    spans: tuple[GoldSpan, ...]
    worker: str


def load_split(data_dir: Path, split: str) -> list[Article]:
    """Every article of `split`.tsv with its gold record.

    The full texts run to tens of kilobytes and hold quotes and tabs of their own, so the file is read
    with the csv module (tab-separated, standard quoting) and a field-size limit raised to fit.
    """
    path = data_dir / f"{split}.tsv"
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle, delimiter="\t")
        header = tuple(next(rows))
        if header != COLUMNS:
            raise SystemExit(f"{path}: unexpected columns {header}; expected {COLUMNS}")
        return [_article(row) for row in rows if row]


def _article(row: list[str]) -> Article:
    article_id, url, title, text, raw, worker = row
    data = json.loads(raw)
    record, spans = gold_record(data)
    return Article(article_id, url, title, text, record, spans, worker)


def gold_record(data: dict[str, Any]) -> tuple[Record, tuple[GoldSpan, ...]]:
    """The crowd record as a Record, and every value that carries offsets (startIndex >= 0)."""
    spans: list[GoldSpan] = []

    def value(item: dict[str, Any] | None, name: str) -> str:
        if not isinstance(item, dict):
            return ""
        if item.get("startIndex", -1) >= 0:
            spans.append(GoldSpan(name, item["startIndex"], item["endIndex"], item["value"]))
        return str(item.get("value") or "").strip()

    when = data.get("date-and-time", {})
    victims = tuple(
        Person(value(v.get("name"), "victim.name"), normalise_age(value(v.get("age"), "victim.age")), _outcome(v))
        for v in data.get("victim-section", [])
    )
    shooters = tuple(
        Person(value(s.get("name"), "shooter.name"), normalise_age(value(s.get("age"), "shooter.age")))
        for s in data.get("shooter-section", [])
    )
    city = value(when.get("city"), "city")
    for name in ("details", "clock-time", "time-day"):  # not scored; their offsets are checked all the same
        value(when.get(name), name)
    for role in ("victim", "shooter"):
        for item in data.get(f"{role}-section", []):
            value(item.get("race"), f"{role}.race")
    date = normalise_date(when.get("date") or "")
    return Record(victims, shooters, (city,) if city else (), (date,) if date else ()), tuple(spans)


def _outcome(victim: dict[str, Any]) -> str | None:
    """GVDB ticks any of injured / hospitalized / killed; the schema's outcome is killed or injured."""
    was = set(victim.get("victim-was") or ())
    if "killed" in was:
        return "killed"
    if was & {"injured", "hospitalized"}:
        return "injured"
    return None


def check_spans(articles: Iterable[Article]) -> dict[str, Any]:
    """How many gold offsets slice the text to their value, as [start, end) and as [start, end]."""
    counts: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    for article in articles:
        for span in article.spans:
            counts["spans"] += 1
            if article.text[span.start : span.end] == span.value:
                counts["half_open"] += 1
            elif article.text[span.start : span.end + 1] == span.value:
                counts["closed"] += 1
            else:
                counts["neither"] += 1
                if len(misses) < 5:
                    misses.append({"article": article.id, **asdict(span), "text": article.text[span.start : span.end]})
    return {**{k: counts[k] for k in ("spans", "half_open", "closed", "neither")}, "examples": misses}


# --- normalisation ---------------------------------------------------------------------------------------------

# Police ranks and forms of address that crowd workers and reporters add or leave out.
EXTRA_HONORIFICS = frozenset("officer sgt sergeant deputy det detective trooper lt capt cpl corporal agent rev".split())
# Generational suffixes: 'Joseph Perkins Jr.' and 'Joseph Perkins' are one name.
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
_NICKNAME = re.compile(r"[\"“”][^\"“”]*[\"“”]|\([^)]*\)")
_AGE = re.compile(r"(\d{1,3})(?:\s*-?\s*(year|yr|month|week|day))?", re.IGNORECASE)


def normalise_name(name: str) -> str:
    """Case, punctuation, honorifics, nicknames in quotes and generational suffixes ignored."""
    words = person_name(_NICKNAME.sub(" ", name)).split()
    while len(words) > 1 and words[0] in EXTRA_HONORIFICS:
        words.pop(0)
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return " ".join(words)


def surname(name: str) -> str:
    """The last word of the normalised name: the lenient match ('Jason Brian Dalton' ~ 'Dalton')."""
    words = normalise_name(name).split()
    return words[-1] if words else ""


def normalise_age(text: str) -> str | None:
    """Age in years as digits: '40-year', ' 75-year', '21-year-old' -> '40', '75', '21'; '6-week-old' -> None."""
    match = _AGE.search(text or "")
    if match is None:
        return None
    unit = (match.group(2) or "year").lower()
    return str(int(match.group(1))) if unit in ("year", "yr") else None


def normalise_date(text: str) -> str | None:
    """ISO day from the date tool's 'YYYY-M-D' (unpadded in places); None when it is not a day."""
    try:
        year, month, day = (int(part) for part in text.strip().split("-"))
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def normalise_city(city: str) -> str:
    return fold(city)


# --- scoring ---------------------------------------------------------------------------------------------------


@dataclass
class Counts:
    """True positives, false positives (predicted, not in gold), false negatives (gold, not predicted)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "p": self.precision, "r": self.recall, "f1": self.f1}


Same = Callable[[str, str], bool]


def match_items(predicted: Sequence[str], gold: Sequence[str], *tests: Same) -> Counts:
    """One-to-one matching of predicted to gold items, each test in turn on what is still unmatched.

    Passing the strict test first and a lenient one second lets an exact match claim its gold item
    before a looser match can take it. Items are multisets: two victims aged 14 are two items.
    """
    left, right = list(predicted), list(gold)
    tp = 0
    for same in tests:
        for p in list(left):
            for i, g in enumerate(right):
                if same(p, g):
                    left.remove(p)
                    del right[i]
                    tp += 1
                    break
    return Counts(tp, len(left), len(right))


def _equal(a: str, b: str) -> bool:
    return a == b


def _same_surname(a: str, b: str) -> bool:
    return bool(a) and a.split()[-1] == b.split()[-1]


def _within_a_day(a: str, b: str) -> bool:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= 1


def _names(people: Iterable[Person]) -> list[str]:
    """Distinct normalised names: a record that lists one person twice names them once."""
    return list(dict.fromkeys(n for p in people if (n := normalise_name(p.name))))


def _ages(people: Iterable[Person]) -> list[str]:
    return [p.age for p in people if p.age]


def _named_outcomes(people: Iterable[Person]) -> list[str]:
    seen = {normalise_name(p.name): p.outcome for p in people if p.outcome and normalise_name(p.name)}
    return [f"{outcome}|{name}" for name, outcome in seen.items()]


def _same_outcome_surname(a: str, b: str) -> bool:
    (oa, na), (ob, nb) = a.split("|", 1), b.split("|", 1)
    return oa == ob and _same_surname(na, nb)


@dataclass(frozen=True)
class Field:
    """One scored field: its items in a record, the strict test, and the lenient test tried after it."""

    name: str
    items: Callable[[Record], list[str]]
    lenient: Same | None = None
    doc: str = ""


FIELDS = (
    Field("victim names", lambda r: _names(r.victims), _same_surname, "normalised exact; lenient: same surname"),
    Field("victim ages", lambda r: _ages(r.victims), None, "years, exact, every victim with an age"),
    Field("shooter names", lambda r: _names(r.shooters), _same_surname, "normalised exact; lenient: same surname"),
    Field("shooter ages", lambda r: _ages(r.shooters), None, "years, exact"),
    Field("city", lambda r: list(dict.fromkeys(normalise_city(c) for c in r.cities)), None, "case-insensitive"),
    Field("date", lambda r: list(dict.fromkeys(r.dates)), _within_a_day, "exact ISO day; lenient: within 1 day"),
    Field(
        "victim outcomes",
        lambda r: _named_outcomes(r.victims),
        _same_outcome_surname,
        "named victim and killed/injured, both right; lenient: surname",
    ),
)


def score_record(predicted: Record, gold: Record) -> dict[str, dict[str, Counts]]:
    """Counts per field, strict and lenient, for one article."""
    out: dict[str, dict[str, Counts]] = {}
    for f in FIELDS:
        p, g = f.items(predicted), f.items(gold)
        strict = match_items(p, g, _equal)
        lenient = match_items(p, g, _equal, f.lenient) if f.lenient else strict
        out[f.name] = {"strict": strict, "lenient": lenient}
    return out


def micro_average(per_article: Iterable[dict[str, dict[str, Counts]]]) -> dict[str, dict[str, Counts]]:
    """Sum each field's counts over the articles, so an article with six victims weighs six times."""
    total = {f.name: {"strict": Counts(), "lenient": Counts()} for f in FIELDS}
    for scores in per_article:
        for name, modes in scores.items():
            for mode, counts in modes.items():
                total[name][mode] = total[name][mode] + counts
    return total


# --- predictions -----------------------------------------------------------------------------------------------

_URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(\d\d?)/(\d\d?)(?:/|$)"),
    re.compile(r"/((?:19|20)\d\d)/([a-z]{3})/(\d\d?)/", re.IGNORECASE),
    re.compile(r"(?<!\d)((?:19|20)\d\d)-?(\d\d)-?(\d\d)(?!\d)"),
)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def published_from_url(url: str) -> dt.date | None:
    """The publication day many news sites write into their URLs (/2016/02/21/, /2016/jan/26/, 20160223)."""
    for pattern in _URL_DATES:
        for match in pattern.finditer(url):
            year, month, day = match.groups()
            month_number = _MONTHS.get(month.lower()) if month.isalpha() else int(month)
            try:
                return dt.date(int(year), month_number or 0, int(day))
            except ValueError:
                continue
    return None


def publication_date(article: Article, anchor: str) -> dt.date | None:
    """The date relative dates resolve against.

    `url`: the date in the article's URL, when there is one. `gold`: the crowd's incident date, which
    resolves 'on Saturday' to the right day by construction, so its date scores are an upper bound.
    """
    if anchor == "gold":
        return dt.date.fromisoformat(article.gold.dates[0]) if article.gold.dates else None
    if anchor == "url":
        return published_from_url(article.url)
    return None


def article_text(article: Article) -> str:
    """The article as the extractor should read it: the TSV glues the headline to the body with no break
    ('...FOX6Now.comMILWAUKEE -- Two violent crimes'), which hides the dateline and the first name, so a
    paragraph break goes back between them. Gold offsets are not used for scoring, only values."""
    title, text = article.title, article.text
    if title and text.startswith(title) and len(text) > len(title) and not text[len(title)].isspace():
        return f"{title}\n\n{text[len(title) :]}"
    return text


def source_of(url: str) -> str:
    host = urlparse(url).netloc.lower()
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    return host or "unknown"


def record_from_report(report: dict[str, Any]) -> Record:
    """The extractor's report read as a GVDB record: victims and perpetrators of its incidents, their ages
    and outcomes, and the incidents' places and dates."""
    entities = {e["id"]: e for e in report.get("entities", [])}
    incidents = {e["id"] for e in report.get("events", []) if e.get("kind") == "incident"}
    about: dict[str, dict[str, list[str]]] = {}
    for c in report.get("claims", []):
        about.setdefault(c["subject"], {}).setdefault(c["property"], []).append(c["value"])
    roles: dict[str, list[str]] = {"victim": [], "perpetrator": []}
    cities: list[str] = []
    dates: list[str] = []
    for c in report.get("claims", []):
        if c["subject"] not in incidents:
            continue
        if c["property"] in roles and c.get("object") in entities:
            if c["object"] not in roles[c["property"]]:
                roles[c["property"]].append(c["object"])
        elif c["property"] == "place":
            cities.append(entities[c["object"]]["name"] if c.get("object") in entities else c["value"])
        elif c["property"] == "date":
            dates.append(c["value"])

    def person(local_id: str) -> Person:
        props = about.get(local_id, {})
        age = props.get("age", [None])[0]
        outcome = props.get("outcome", [None])[0]
        return Person(entities[local_id]["name"], age, outcome)

    return Record(
        tuple(person(v) for v in roles["victim"]),
        tuple(person(p) for p in roles["perpetrator"]),
        tuple(dict.fromkeys(cities)),
        tuple(dict.fromkeys(dates)),
    )


def report_problems(report: dict[str, Any]) -> list[str]:
    """What ingest would refuse in an extracted report (schema and spans), checked as `reconcile ingest` does."""
    from reconcile.errors import InputError
    from reconcile.ingest.reader import read_report

    with tempfile.TemporaryDirectory(prefix="gvdb-check-") as tmp:
        path = Path(tmp) / "report.json"
        path.write_text(json.dumps(report), encoding="utf-8")
        try:
            read_report(path)
        except InputError as exc:
            return str(exc).splitlines()
    return []


def extract_reports(
    articles: Sequence[Article], split: str, data_dir: Path, anchor: str, model: str | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Run the extractor over every article; a failure is recorded and scored as an empty prediction."""
    try:
        from reconcile.extract import Extractor
        from reconcile.ingest.documents import Document
    except ImportError as exc:
        raise SystemExit(f"the extractor is not available yet ({exc}); nothing to score") from None
    extractor = Extractor(model=model)
    reports: list[dict[str, Any]] = []
    failures: list[str] = []
    started = time.monotonic()
    for n, article in enumerate(articles, start=1):
        doc = Document(
            id=f"gvdb-{split}-{article.id}",
            path=f"{data_dir / split}.tsv#{article.id}",
            text=article_text(article),
            source=source_of(article.url),
            title=article.title or None,
            published=publication_date(article, anchor),
            url=article.url or None,
            language="en",
        )
        try:
            report = extractor.extract(doc)
        except Exception as exc:  # noqa: BLE001 - one bad article must not end a benchmark run
            failures.append(f"{article.id}: {type(exc).__name__}: {exc}")
            report = {"entities": [], "events": [], "claims": []}
        else:
            failures += [f"{article.id}: invalid report: {p}" for p in report_problems(report)[:3]]
        reports.append(report)
        if n % 25 == 0 or n == len(articles):
            rate = n / max(time.monotonic() - started, 1e-9)
            print(f"extract: {n}/{len(articles)} articles ({rate:.1f}/s)", file=sys.stderr)
    return reports, failures


# --- incidents reported by several articles --------------------------------------------------------------------

GROUP_DAYS = 2  # same city, dates within this many days
NAME_DAYS = 14  # a shared victim links articles this far apart, no further
MAX_GROUP_SPAN_DAYS = 4  # a group never spans more days than this, so a city's daily shootings do not chain


def group_incidents(articles: Sequence[Article]) -> list[list[Article]]:
    """Articles that report one incident, by their gold records: the same city within GROUP_DAYS, or a
    shared victim within NAME_DAYS (the same full name anywhere, or the same surname in the same city).

    Links are merged strongest first (shared victims, then nearest dates), and two groups join only
    when the result spans at most MAX_GROUP_SPAN_DAYS and they do not both name victims without a
    surname in common: otherwise a big city's shootings on consecutive days chain into one blob, and
    every Johnson shot that month joins one incident. Groups where more articles name victims come
    first: they are the ones whose names and ages can disagree.
    """
    facts = [(_day(a), normalise_city(a.gold.cities[0]) if a.gold.cities else "", _full_names(a)) for a in articles]
    links: list[tuple[int, int, int, int]] = []
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            (di, ci, ni), (dj, cj, nj) = facts[i], facts[j]
            if di is None or dj is None:
                continue
            gap = abs((di - dj).days)
            same_city = bool(ci) and ci == cj
            if gap <= NAME_DAYS and (ni & nj or (same_city and _last_words(ni) & _last_words(nj))):
                links.append((0, gap, i, j))
            elif same_city and gap <= GROUP_DAYS and not (ni and nj):
                links.append((1, gap, i, j))
    members = {i: {i} for i in range(len(articles))}
    root = list(range(len(articles)))
    for _, _, i, j in sorted(links):
        a, b = root[i], root[j]
        if a == b:
            continue
        days = [d for k in members[a] | members[b] if (d := facts[k][0]) is not None]
        named_a = _last_words(set().union(*(facts[k][2] for k in members[a])))
        named_b = _last_words(set().union(*(facts[k][2] for k in members[b])))
        if (max(days) - min(days)).days > MAX_GROUP_SPAN_DAYS or (named_a and named_b and not named_a & named_b):
            continue
        members[a] |= members.pop(b)
        for k in members[a]:
            root[k] = a
    groups = [sorted(m, key=lambda k: int(articles[k].id)) for m in members.values() if len(m) > 1]
    groups.sort(key=lambda g: (-sum(bool(facts[k][2]) for k in g), -len(g), int(articles[g[0]].id)))
    return [[articles[k] for k in g] for g in groups]


def _day(article: Article) -> dt.date | None:
    return dt.date.fromisoformat(article.gold.dates[0]) if article.gold.dates else None


def _full_names(article: Article) -> set[str]:
    """Victims the gold names in full (a lone word may be 'girl' or 'confirmed')."""
    return {n for n in _names(article.gold.victims) if len(n.split()) > 1}


def _last_words(names: set[str]) -> set[str]:
    return {n.split()[-1] for n in names}


PIPELINE_PROPERTIES = ("age", "outcome", "name")


def store_report(reports: Sequence[dict[str, Any]], ids: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
    """Ingest extracted reports (one JSON file each, named by article id) into a fresh SQLite store, match, and
    return the conflict report as data (schemas/conflict-report.schema.json) with what ingest refused: the one
    way this harness runs the pipeline, whether on one incident group or on the whole split."""
    from reconcile import db
    from reconcile.pipeline import ingest, match
    from reconcile.report.build import build_report
    from reconcile.resolve.aliases import AliasBook

    with tempfile.TemporaryDirectory(prefix="gvdb-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for article_id, report in zip(ids, reports, strict=True):
            (folder / f"gvdb-{article_id}.json").write_text(json.dumps(report), encoding="utf-8")
        engine = db.make_engine(f"sqlite:///{Path(tmp) / 'gvdb.db'}")
        try:
            db.upgrade(engine)
            summary = ingest(engine, [folder])
            with db.session_scope(engine) as session:
                match(session, AliasBook())
            with db.session_scope(engine) as session:
                data = build_report(session)
        finally:
            engine.dispose()
    return data, [str(f) for f in summary.failures]


def pipeline_findings(reports: Sequence[dict[str, Any]], ids: Sequence[str]) -> dict[str, Any]:
    """Ingest the group's extracted reports into a fresh SQLite store, match, and return what it flags about
    people's ages, outcomes and names (conflicts and variants), with each value's evidence sentence."""
    data, failed = store_report(reports, ids)
    flagged = [
        {
            "subject": entity["name"],
            "kind": f["kind"],
            "severity": f["severity"],
            "property": f["property"],
            "explanation": f["explanation"],
            "values": [{k: v[k] for k in ("report", "value", "evidence")} for v in f["values"]],
        }
        for entity in data["entities"]
        for f in entity["findings"]
        if f["property"] in PIPELINE_PROPERTIES and f["kind"] in ("conflict", "variant")
    ]
    incidents = [e for e in data["events"] if e["kind"] == "incident"]
    return {
        "failed": failed,
        "incidents": [{"reports": e["reports"], "name": e["name"]} for e in incidents],
        "links": [{"events": link["events"], "score": link["score"]} for link in data["links"]],
        "findings": flagged,
    }


# --- incident grouping across the split ------------------------------------------------------------------------

Pair = tuple[str, str]


def gold_group_pairs(groups: Iterable[Sequence[Article]]) -> set[Pair]:
    """Pairs of articles of one gold incident group (`group_incidents`); an article in no group pairs with none."""
    return {pair for group in groups for pair in combinations(sorted(a.id for a in group), 2)}


def incident_pairs(report: dict[str, Any], article_of: dict[str, str]) -> tuple[set[Pair], set[Pair]]:
    """Article pairs reconcile put in one event of a one-off kind (incident, crash, disaster, theft), and the
    further pairs only an uncertain link between two such events joins. `article_of` maps report ids to article
    ids; reports outside it are ignored. Only one-off kinds count: a press conference or an arrest that two
    articles both mention says nothing about whether they report one shooting."""
    one_off = {**report, "events": [e for e in report["events"] if e["kind"] in ONE_OFF_KINDS]}
    reports = frozenset(article_of)

    def articles(pairs: set[Pair]) -> set[Pair]:
        return {(a, b) if a <= b else (b, a) for a, b in ((article_of[x], article_of[y]) for x, y in pairs)}

    merged = articles(predicted_pairs(one_off, reports))
    return merged, articles(uncertain_pairs(one_off, reports)) - merged


def score_grouping(
    articles: Sequence[Article], groups: Sequence[Sequence[Article]], merged: set[Pair], uncertain: set[Pair]
) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of reconcile's grouping against the gold groups, on merged events only
    and with uncertain links counted too, with the pairs themselves for a reader to check."""
    gold = gold_group_pairs(groups)
    linked = merged | uncertain
    return {
        "articles": len(articles),
        "gold_groups": len(groups),
        "articles_in_groups": sum(len(g) for g in groups),
        "gold_pairs": len(gold),
        "predicted_pairs": len(merged),
        "uncertain_only_pairs": len(uncertain - merged),
        "merged": pair_figures(score_pairs(merged, gold)),
        "with_uncertain": pair_figures(score_pairs(linked, gold)),
        "pairs": {
            "merged_right": sorted(merged & gold),
            "merged_wrong": sorted(merged - gold),
            "uncertain_right": sorted((uncertain - merged) & gold),
            "uncertain_wrong": sorted(uncertain - merged - gold),
            "missed": sorted(gold - linked),
        },
    }


def pipeline_grouping(articles: Sequence[Article], reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Every extracted report of the split in one fresh store, as a desk would ingest a month of shootings news,
    scored by which articles reconcile puts in one incident: a whole-split run, so only on --grouping."""
    data, failed = store_report(reports, [a.id for a in articles])
    article_of = {r["id"]: a.id for r, a in zip(reports, articles, strict=True) if "id" in r}
    merged, uncertain = incident_pairs(data, article_of)
    return {
        **score_grouping(articles, group_incidents(articles), merged, uncertain),
        "failed": failed,
        "one_off_events": sum(e["kind"] in ONE_OFF_KINDS for e in data["events"]),
        "links": len(data["links"]),
    }


# --- output ----------------------------------------------------------------------------------------------------


def report_counts(report: dict[str, Any]) -> dict[str, tuple[int, float]]:
    """The killed and injured counts a report states of its incidents, each as the interval all its statements
    allow (the matcher's reading of them)."""
    incidents = {e["id"] for e in report.get("events", []) if e.get("kind") == "incident"}
    said: dict[str, list[tuple[int, float]]] = {}
    for c in report.get("claims", []):
        if c["subject"] in incidents and c["property"] in ("killed", "injured"):
            said.setdefault(c["property"], []).append(count_interval(c["value"]))
    return {prop: (max(b[0] for b in bounds), min(b[1] for b in bounds)) for prop, bounds in said.items()}


def score_counts(reports: Sequence[dict[str, Any]], articles: Sequence[Article]) -> dict[str, dict[str, int]]:
    """Per measure: articles whose report states a count, those whose count holds the number of victims the
    crowd record lists with that outcome, and the articles listing two or more such victims (where a report
    usually writes the number) with how many of those state a count. The record lists the victims its worker
    saw described, so a report's higher toll ('five killed', three victims described) is not always wrong."""
    table = {
        m: {"stated": 0, "holds_gold": 0, "gold_two_or_more": 0, "of_those_stated": 0} for m in ("killed", "injured")
    }
    for report, article in zip(reports, articles, strict=True):
        counts = report_counts(report)
        for measure, row in table.items():
            gold = sum(v.outcome == measure for v in article.gold.victims)
            if measure in counts:
                row["stated"] += 1
                low, high = counts[measure]
                row["holds_gold"] += low <= gold <= high
            if gold >= 2:
                row["gold_two_or_more"] += 1
                row["of_those_stated"] += measure in counts
    return table


def render_counts(table: dict[str, dict[str, int]]) -> str:
    lines = ["count      stated  holds the record's number  articles listing >= 2  of those stated"]
    for measure, row in table.items():
        lines.append(
            f"{measure:<10} {row['stated']:>6}  {row['holds_gold']:>25}  {row['gold_two_or_more']:>21}  "
            f"{row['of_those_stated']:>15}"
        )
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "  —  " if value is None else f"{value:.3f}"


def render_table(total: dict[str, dict[str, Counts]]) -> str:
    """Fields by strict and lenient precision / recall / F1, with the gold and predicted counts."""
    head = f"{'field':<16} {'P':>6} {'R':>6} {'F1':>6} | {'lenient P':>9} {'R':>6} {'F1':>6} | {'gold':>5} {'pred':>5}"
    lines = [head, "-" * len(head)]
    for f in FIELDS:
        s, lenient = total[f.name]["strict"], total[f.name]["lenient"]
        lines.append(
            f"{f.name:<16} {_fmt(s.precision):>6} {_fmt(s.recall):>6} {_fmt(s.f1):>6} | "
            f"{_fmt(lenient.precision):>9} {_fmt(lenient.recall):>6} {_fmt(lenient.f1):>6} | "
            f"{s.tp + s.fn:>5} {s.tp + s.fp:>5}"
        )
    return "\n".join(lines)


def render_conflicts(groups: Sequence[dict[str, Any]]) -> str:
    lines: list[str] = []
    for n, group in enumerate(groups, start=1):
        result = group["pipeline"]
        lines.append(
            f"\n== group {n}: articles {', '.join(group['articles'])} ({group['city'] or 'no city'}, "
            f"{group['dates']}); the pipeline made {len(result['incidents'])} incident(s): "
            + "; ".join(f"{'+'.join(r.removeprefix('gvdb-') for r in i['reports'])}" for i in result["incidents"])
        )
        for failure in result["failed"]:
            lines.append(f"   ingest failed: {failure}")
        if not result["findings"]:
            lines.append("   no age, outcome or name-form findings")
        for f in result["findings"]:
            lines.append(
                f"   {f['kind'].upper()} [{f['severity']}] {f['property']} of {f['subject']}: {f['explanation']}"
            )
            for v in f["values"]:
                lines.append(f"      {v['report']}: {v['value']!r} <- {v['evidence'][:200]}")
    return "\n".join(lines)


def render_grouping(result: dict[str, Any]) -> str:
    """The grouping table: pairs of articles in one incident, reconcile's events against the gold groups."""
    lines = [
        f"{result['articles']} articles in one store; gold: {result['gold_groups']} groups of "
        f"{result['articles_in_groups']} articles, {result['gold_pairs']} pairs (the others alone); "
        f"reconcile: {result['one_off_events']} one-off events, {result['links']} uncertain links, "
        f"{len(result['failed'])} reports refused",
        f"{'article pairs':<28} {'P':>6} {'R':>6} {'F1':>6} | {'right':>5} {'pred':>5} {'gold':>5}",
    ]
    for label, key in (("one event (merged)", "merged"), ("+ uncertain links", "with_uncertain")):
        s = result[key]
        lines.append(
            f"{label:<28} {_fmt(s['precision']):>6} {_fmt(s['recall']):>6} {_fmt(s['f1']):>6} | "
            f"{s['true_positive']:>5} {s['predicted']:>5} {s['gold']:>5}"
        )
    return "\n".join(lines)


@dataclass
class Run:
    split: str
    anchor: str
    articles: list[Article]
    predictions: list[Record] = field(default_factory=list)
    per_article: list[dict[str, dict[str, Counts]]] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--split", choices=SPLITS, default="test", help="tune on dev, report on test (default)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"GVDB folder (default {DEFAULT_DATA})")
    parser.add_argument("--json", type=Path, help="write every figure, per article too, to this file")
    parser.add_argument("--conflicts", type=int, default=10, help="incident groups to run through the pipeline")
    parser.add_argument(
        "--grouping",
        action="store_true",
        help="also run every article of the split through the pipeline in one store and score which it groups "
        "into one incident against the gold groups (slow: the whole split)",
    )
    parser.add_argument(
        "--anchor",
        choices=("url", "gold", "none"),
        default="url",
        help="publication date for relative dates: from the URL (default), the gold incident date (leaks it), none",
    )
    parser.add_argument(
        "--model", help="how the Extractor reads: pipeline (the default), rules, news or an installed pipeline"
    )
    args = parser.parse_args(argv)

    articles = load_split(args.data, args.split)
    spans = check_spans(articles)
    print(
        f"{args.split}: {len(articles)} articles; gold offsets: {spans['half_open']} of {spans['spans']} slice the "
        f"text to their value as [start, end), {spans['closed']} as [start, end], {spans['neither']} neither",
        file=sys.stderr,
    )
    run = Run(args.split, args.anchor, articles)
    reports, failures = extract_reports(articles, args.split, args.data, args.anchor, args.model)
    for failure in failures:
        print(f"extract failed: {failure}", file=sys.stderr)
    run.predictions = [record_from_report(r) for r in reports]
    run.per_article = [score_record(p, a.gold) for p, a in zip(run.predictions, articles, strict=True)]
    total = micro_average(run.per_article)
    anchored = sum(publication_date(a, args.anchor) is not None for a in articles)
    print(
        f"GVDB {args.split}: {len(articles)} articles, micro-averaged ({anchored} with a publication date, "
        f"anchor={args.anchor}; {len(failures)} extraction failures)"
    )
    print(render_table(total))
    counts = score_counts(reports, articles)
    print(render_counts(counts))

    groups: list[dict[str, Any]] = []
    if args.conflicts > 0:
        by_id = {a.id: i for i, a in enumerate(articles)}
        for group in group_incidents(articles)[: args.conflicts]:
            ids = [a.id for a in group]
            print(f"pipeline: group {', '.join(ids)}", file=sys.stderr)
            groups.append(
                {
                    "articles": ids,
                    "city": group[0].gold.cities[0] if group[0].gold.cities else "",
                    "dates": sorted({d for a in group for d in a.gold.dates}),
                    "pipeline": pipeline_findings([reports[by_id[i]] for i in ids], ids),
                }
            )
        print(f"\nIncidents reported by several {args.split} articles (first {len(groups)} groups):")
        print(render_conflicts(groups))

    grouping: dict[str, Any] | None = None
    if args.grouping:
        print(f"pipeline: all {len(articles)} {args.split} articles in one store", file=sys.stderr)
        grouping = pipeline_grouping(articles, reports)
        for failure in grouping["failed"]:
            print(f"ingest failed: {failure}", file=sys.stderr)
        print(f"\nIncident grouping across the {args.split} split, over article pairs:")
        print(render_grouping(grouping))

    if args.json:
        out = {
            "split": args.split,
            "anchor": args.anchor,
            "model": args.model,
            "articles": len(articles),
            "with_publication_date": anchored,
            "gold_offsets": spans,
            "extraction_failures": failures,
            "fields": {f.name: {"doc": f.doc, **{m: c.as_dict() for m, c in total[f.name].items()}} for f in FIELDS},
            "per_article": [
                {
                    "id": a.id,
                    "gold": asdict(a.gold),
                    "predicted": asdict(p),
                    "counts": {name: {m: asdict(c) for m, c in modes.items()} for name, modes in s.items()},
                }
                for a, p, s in zip(articles, run.predictions, run.per_article, strict=True)
            ],
            "conflict_groups": groups,
            "counts": counts,
            "grouping": grouping,
        }
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
