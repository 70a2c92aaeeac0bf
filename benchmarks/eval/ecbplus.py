"""Evaluate reconcile's mention extraction and cross-report resolution on ECB+ (Cybulska and Vossen 2014).

ECB+ holds 982 news reports in 43 topics, each topic a handful of reports of one seminal event and of a
second, similar one, with every person, place, time and action mention linked across reports. That is
the job reconcile does on fact-checkers' reports, so its chains are the closest public key we have.

    python -m benchmarks.eval.ecbplus [--topics 36-45] [--data DIR] [--json OUT] [--gold-only]

Topics 1-35 are for tuning, 36-45 (the default) are the reported test set, as in the split of Cybulska
and Vossen (2015) that later work (Barhom et al. 2019 and on) reports on. Only the sentences listed in
ECBplus_coreference_sentences.csv count: the annotators guarantee complete annotation there only.
The data is read from ../shared/datasets/ecbplus beside the repository and never copied into it.

Tables printed (and written to --json):
1. mention extraction P/R/F1 per gold class, strict (same characters) and lenient (overlap, same last token);
2. cross-report entity alignment (MUC, B-cubed, CEAF-e, CoNLL F1) for human participants and locations,
   our extractor + resolver against the gold chains, beside a same-string baseline;
3. event coreference: the published bar, a reproduced same-lemma baseline on gold action mentions, the
   all-singletons floor, and our extractor + event resolver on the same gold mentions (see `our_event_clusters`).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.eval.coref_metrics import CorefScores, conll  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "ecbplus"
TEST_TOPICS = "36-45"

# Gold tag prefixes per class. The README defines actions as the ACTION_* and NEG_ACTION_* tags, so both
# are events here; HUMAN_PART_* includes organisations (ORG), and also GPE/FAC/VEH/MET/GENERIC actors.
GOLD_CLASSES: dict[str, tuple[str, ...]] = {
    "human": ("HUMAN_PART",),
    "location": ("LOC_",),
    "time": ("TIME_",),
    "event": ("ACTION_", "NEG_ACTION_"),
    "non-human": ("NON_HUMAN_PART",),
}
CLASS_LABELS = {"human": "human participants", "location": "locations", "time": "times", "event": "actions"}
# Our mention types -> gold class. The gold separates HUMAN_PART_ORG from HUMAN_PART_PER, and we extract
# both people and organisations, so both count as human participants (rows for each half are printed too).
OUR_CLASS = {"person": "human", "organisation": "human", "place": "location", "date": "time", "event": "event"}
ENTITY_CLASSES = ("human", "location")
# ECB+ location and time mentions often include their preposition ("in Canada"), which no named-entity
# span does; the gold statistics count how many, so the strict columns can be read for what they are.
PREPOSITIONS = frozenset(
    "in at on near from to into onto across outside inside throughout around off over within along by through "
    "between toward towards under upon behind beyond during since until after before".split()
)
README_CLASS_NAMES = {
    "action": "event",
    "location": "location",
    "time": "time",
    "human participant": "human",
    "non human participant": "non-human",
}

# Published ECB+ event coreference (test topics 36-45, CoNLL F1 = mean of MUC, B3, CEAF-e F1), as the
# datasets README states the bar. Literature figures, not results of this run; other settings of the same
# papers are reported elsewhere (e.g. 79.5 for Barhom et al. with predicted topics), so say which one is quoted.
PUBLISHED_EVENT_BAR: tuple[tuple[str, str, str], ...] = (
    ("Barhom et al. 2019", "79.1", "gold document clusters, as the datasets README states it"),
    ("Bugert et al. (feature-based)", "76.3", "as the datasets README states it"),
    ("same-lemma baseline (literature)", "~73", "approximate; entities and events together, per the datasets README"),
)


# --------------------------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class GoldMention:
    """One annotated mention with its character span in the rebuilt text and its chain (topic-scoped)."""

    doc_id: str
    m_id: str
    tag: str
    gold_class: str
    start: int
    end: int
    tokens: tuple[int, ...]  # indexes into EcbDocument.token_spans
    sentence: int
    text: str  # from the first to the last token, including any gap
    words: tuple[str, ...]  # the mention's own tokens
    chain: str  # "cross:<topic>:<instance>", "intra:<doc>:<target>" or "single:<doc>:<m_id>"

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc_id, self.start, self.end)


@dataclass
class EcbDocument:
    """One ECB+ report rebuilt as plain text: tokens joined by spaces, sentences by newlines."""

    id: str
    topic: int
    path: Path
    text: str
    token_spans: list[tuple[int, int]]  # (start, end) per token, in text order
    token_sentence: list[int]
    sentence_spans: dict[int, tuple[int, int]]
    mentions: list[GoldMention]
    url: str | None
    annotated: frozenset[int] = frozenset()  # sentence numbers listed in the CSV
    _token_starts: list[int] = field(default_factory=list, repr=False)

    def token_at(self, offset: int) -> int:
        """Index of the token containing (or, between tokens, preceding) character `offset`."""
        if not self._token_starts:
            self._token_starts = [start for start, _ in self.token_spans]
        return max(0, bisect_right(self._token_starts, offset) - 1)

    def sentence_at(self, offset: int) -> int:
        return self.token_sentence[self.token_at(offset)]

    def in_annotated(self, start: int) -> bool:
        return self.sentence_at(start) in self.annotated


def parse_topics(spec: str) -> list[int]:
    """'36-45' or '1,3,5-9' -> sorted topic numbers."""
    topics: set[int] = set()
    for part in spec.split(","):
        low, _, high = part.strip().partition("-")
        topics.update(range(int(low), int(high or low) + 1))
    return sorted(topics)


def read_sentence_index(data: Path) -> dict[str, frozenset[int]]:
    """Doc id ('36_1ecb') -> the sentence numbers (the XML's `sentence` attribute) with complete annotation."""
    index: dict[str, set[int]] = defaultdict(set)
    with (data / "ECBplus_coreference_sentences.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            index[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return {doc: frozenset(sentences) for doc, sentences in index.items()}


def gold_class(tag: str) -> str | None:
    for name, prefixes in GOLD_CLASSES.items():
        if tag.startswith(prefixes):
            return name
    return None


def load_document(path: Path, topic: int, annotated: frozenset[int]) -> EcbDocument:
    """Parse one ECB+ XML file (CAT/CROMER format) into text, token offsets and chained gold mentions.

    A markable with token anchors is a mention; one without is an instance that chains point at.
    A CROSS_DOC_COREF's `note` is the instance id shared across the topic's reports; an INTRA_DOC_COREF
    chain is named by its target within the document; a mention in no relation is a singleton.
    """
    doc_id = path.stem
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    token_spans: list[tuple[int, int]] = []
    token_sentence: list[int] = []
    token_index: dict[str, int] = {}
    sentence_spans: dict[int, tuple[int, int]] = {}
    offset, previous = 0, None
    for token in root.iter("token"):
        sentence = int(token.get("sentence", "0"))
        word = (token.text or "").strip() or "_"
        if previous is not None:
            separator = " " if sentence == previous else "\n"
            pieces.append(separator)
            offset += 1
        start, end = offset, offset + len(word)
        pieces.append(word)
        offset = end
        token_index[token.get("t_id", "")] = len(token_spans)
        token_spans.append((start, end))
        token_sentence.append(sentence)
        first, _ = sentence_spans.get(sentence, (start, end))
        sentence_spans[sentence] = (first, end)
        previous = sentence
    text = "".join(pieces)

    chains: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else []:
        sources = [s.get("m_id", "") for s in relation.findall("source")]
        if relation.tag == "CROSS_DOC_COREF":
            chain = f"cross:{topic}:{relation.get('note')}"
        elif relation.tag == "INTRA_DOC_COREF":
            target = relation.find("target")
            chain = f"intra:{doc_id}:{target.get('m_id') if target is not None else relation.get('r_id')}"
        else:
            continue
        for m_id in sources:
            if relation.tag == "CROSS_DOC_COREF" or m_id not in chains:
                chains[m_id] = chain

    mentions: list[GoldMention] = []
    markables = root.find("Markables")
    for markable in markables if markables is not None else []:
        tokens = sorted(token_index[a.get("t_id", "")] for a in markable.findall("token_anchor"))
        cls = gold_class(markable.tag)
        if not tokens or cls is None:
            continue
        m_id = markable.get("m_id", "")
        start, end = token_spans[tokens[0]][0], token_spans[tokens[-1]][1]
        mentions.append(
            GoldMention(
                doc_id=doc_id,
                m_id=m_id,
                tag=markable.tag,
                gold_class=cls,
                start=start,
                end=end,
                tokens=tuple(tokens),
                sentence=token_sentence[tokens[0]],
                text=text[start:end],
                words=tuple(text[slice(*token_spans[t])] for t in tokens),
                chain=chains.get(m_id, f"single:{doc_id}:{m_id}"),
            )
        )
    url = None
    if doc_id.endswith("ecbplus") and 0 in sentence_spans:
        first, last = sentence_spans[0]
        candidate = text[first:last].replace(" ", "")
        url = candidate if candidate.startswith("http") else None
    return EcbDocument(doc_id, topic, path, text, token_spans, token_sentence, sentence_spans, mentions, url, annotated)


def load_corpus(data: Path, topics: Iterable[int], progress: bool = True) -> list[EcbDocument]:
    """Every document of `topics`, in topic then file-number order, with its CSV sentence set attached."""
    index = read_sentence_index(data)
    docs: list[EcbDocument] = []
    for topic in topics:
        folder = data / "xml" / str(topic)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.xml"), key=_file_order):
            docs.append(load_document(path, topic, index.get(path.stem, frozenset())))
        if progress:
            _log(f"loaded topic {topic}: {len(docs)} documents so far")
    return docs


def _file_order(path: Path) -> tuple[int, str]:
    match = re.match(r"\d+_(\d+)(\w+)", path.stem)
    return (int(match.group(1)), match.group(2)) if match else (0, path.stem)


def evaluated_mentions(docs: Iterable[EcbDocument], cls: str) -> list[GoldMention]:
    """Gold mentions of one class inside the CSV sentences: the key every table uses."""
    return [m for d in docs for m in d.mentions if m.gold_class == cls and m.sentence in d.annotated]


# ----------------------------------------------------------------------------------------- statistics


def readme_figures(data: Path) -> dict[str, int]:
    """The release's own counts from README.txt ('Nr of annotated action mentions: 15003'), in its own words."""
    figures: dict[str, int] = {}
    text = (data / "README.txt").read_text(errors="replace")
    for name, number in re.findall(r"Nr of annotated ([a-z ]+?) mentions: (\d+)", text):
        if name in README_CLASS_NAMES:
            figures[f"{name} mentions"] = int(number)
    for kind, number in re.findall(r"Nr of unique (intra|cross)-document chains: (\d+)", text):
        figures[f"{kind}-document chains"] = int(number)
    return figures


def corpus_counts(docs: Sequence[EcbDocument]) -> dict[str, int]:
    """Counts comparable with readme_figures: all mentions per class, intra- and cross-document chains."""
    names = {cls: f"{name} mentions" for name, cls in README_CLASS_NAMES.items()}
    counts: Counter[str] = Counter(names[m.gold_class] for d in docs for m in d.mentions)
    chains = {m.chain for d in docs for m in d.mentions}
    counts["intra-document chains"] = sum(1 for c in chains if c.startswith("intra:"))
    counts["cross-document chains"] = sum(1 for c in chains if c.startswith("cross:"))
    return dict(counts)


def gold_statistics(docs: Sequence[EcbDocument]) -> list[dict[str, Any]]:
    """Per class on the selected topics: mentions, those in CSV sentences, and their chains by size."""
    rows = []
    for cls in ("human", "location", "time", "event"):
        every = [m for d in docs for m in d.mentions if m.gold_class == cls]
        kept = evaluated_mentions(docs, cls)
        chains: dict[str, set[str]] = defaultdict(set)
        for m in kept:
            chains[m.chain].add(m.doc_id)
        sizes = Counter(m.chain for m in kept)
        rows.append(
            {
                "class": CLASS_LABELS[cls],
                "mentions": len(every),
                "in_csv_sentences": len(kept),
                "chains": len(chains),
                "singleton_chains": sum(1 for n in sizes.values() if n == 1),
                "cross_report_chains": sum(1 for d in chains.values() if len(d) > 1),
                "begin_with_preposition": sum(1 for m in kept if m.words[0].lower() in PREPOSITIONS),
            }
        )
    return rows


# ------------------------------------------------------------------------------------ mention matching


class SpanLike(Protocol):
    start: int
    end: int


def match_spans(doc: EcbDocument, gold: Sequence[SpanLike], ours: Sequence[SpanLike], lenient: bool) -> dict[int, int]:
    """One-to-one pairs (our index -> gold index) of spans in one document.

    Strict: the same characters. Lenient: the spans overlap and end in the same token (for English noun
    phrases the last token is the usual head; without a parser it is the proxy). Lenient pairs are taken
    largest overlap first, so a long gold phrase goes to our closest span, not the first one seen.
    """
    if not lenient:
        where = {(g.start, g.end): i for i, g in enumerate(gold)}
        pairs: dict[int, int] = {}
        taken: set[int] = set()
        for j, o in enumerate(ours):
            i = where.get((o.start, o.end))
            if i is not None and i not in taken:
                pairs[j] = i
                taken.add(i)
        return pairs
    last_gold = [doc.token_at(max(g.start, g.end - 1)) for g in gold]
    candidates = []
    for j, o in enumerate(ours):
        last = doc.token_at(max(o.start, o.end - 1))
        for i, g in enumerate(gold):
            overlap = min(g.end, o.end) - max(g.start, o.start)
            if overlap > 0 and last_gold[i] == last:
                candidates.append((-overlap, abs((g.end - g.start) - (o.end - o.start)), j, i))
    pairs, used = {}, set()
    for _, _, j, i in sorted(candidates):
        if j not in pairs and i not in used:
            pairs[j] = i
            used.add(i)
    return pairs


@dataclass(frozen=True)
class PRF:
    """Mention detection counts; matching is one-to-one, so one `matched` serves precision and recall."""

    matched: int
    ours: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched / self.ours if self.ours else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# ------------------------------------------------------------------------------------------ our system


@dataclass(frozen=True)
class OurSpan:
    """A typed span our extractor found (ex.mentions), or one mention of an extracted entity."""

    doc_id: str
    type: str
    start: int
    end: int
    text: str
    entity: Hashable = None  # the resolver's entity, scoped by topic; None for ex.mentions spans

    @property
    def gold_class(self) -> str | None:
        return OUR_CLASS.get(self.type)


@dataclass
class SystemOutput:
    """What our pipeline produced for the selected documents."""

    spans: dict[str, list[OurSpan]]  # ex.mentions per document
    entity_mentions: dict[str, list[OurSpan]]  # mentions of extracted entities, labelled with resolved entity
    events: dict[str, list[OurSpan]]  # mentions of extracted events, labelled with resolved event
    extractor: str
    empty_reports: int = 0  # extracted reports with no entity or event, not ingested


def load_extractor(model: str | None) -> tuple[Any | None, str]:
    """Our Extractor if the package provides one, else None and why: the gold-side tables run regardless."""
    try:
        from reconcile.extract import Extractor
    except ImportError as exc:
        return None, f"reconcile.extract.Extractor is not available ({exc})"
    return (Extractor(model=model) if model else Extractor()), "reconcile.extract.Extractor"


def to_document(doc: EcbDocument) -> Any:
    """The ECB+ report as reconcile's Document; the outlet is the URL's host where the release gives one."""
    from reconcile.ingest.documents import Document

    source = urlsplit(doc.url).netloc if doc.url else f"ECB {doc.id}"
    return Document(id=doc.id, path=str(doc.path), text=doc.text, source=source or doc.id, url=doc.url, language="en")


def run_system(docs: Sequence[EcbDocument], extractor: Any, name: str, workdir: Path) -> SystemOutput:
    """Extract every document, then resolve each topic on its own SQLite database with the real pipeline.

    One database per topic keeps topics from coreferring (as the gold never does) and each match small.
    """
    output = SystemOutput({}, {}, {}, name)
    by_topic: dict[int, list[EcbDocument]] = defaultdict(list)
    for doc in docs:
        by_topic[doc.topic].append(doc)
    for topic, topic_docs in by_topic.items():
        started = time.monotonic()
        folder = workdir / f"topic-{topic}"
        folder.mkdir(parents=True, exist_ok=True)
        documents = [to_document(doc) for doc in topic_docs]
        reports: dict[str, dict[str, Any]] = {}
        empty = 0
        for doc, document, report in zip(topic_docs, documents, extractor.extract_many(documents), strict=True):
            output.spans[doc.id] = [
                OurSpan(doc.id, s.type, s.start, s.end, s.text) for s in extractor.mentions(document.text)
            ]
            report = dict(report)
            report["id"] = doc.id
            reports[doc.id] = report
            if report.get("entities") or report.get("events"):
                # A report naming nothing has nothing to resolve; skipping it also sidesteps ingest's
                # failure on a report without subjects (its empty mention insert).
                (folder / f"{doc.id}.json").write_text(json.dumps(report, ensure_ascii=False))
            else:
                empty += 1
        resolved = resolve_topic(folder, workdir / f"topic-{topic}.db")
        for doc_id, report in reports.items():
            output.entity_mentions[doc_id] = _labelled(doc_id, topic, report.get("entities", []), "entity", resolved)
            output.events[doc_id] = _labelled(doc_id, topic, report.get("events", []), "event", resolved)
        output.empty_reports += empty
        _log(
            f"topic {topic}: {len(topic_docs)} reports extracted ({empty} naming nothing) "
            f"and resolved in {time.monotonic() - started:.1f}s"
        )
    return output


def resolve_topic(folder: Path, database: Path) -> dict[tuple[str, str, str], int | None]:
    """Ingest and match one topic's reports as `reconcile run` does; (report, local id, role) -> resolved id."""
    from sqlalchemy import select

    from reconcile import db
    from reconcile.models import Mention
    from reconcile.pipeline import ingest, match
    from reconcile.resolve.aliases import AliasBook

    engine = db.open_database(f"sqlite:///{database}")
    try:
        summary = ingest(engine, [folder])
        if summary.failures:
            problems = "\n".join(str(f) for f in summary.failures[:5])
            raise RuntimeError(f"{len(summary.failures)} extracted reports failed ingest, e.g.:\n{problems}")
        with db.session_scope(engine) as session:
            match(session, AliasBook())
        with db.session_scope(engine) as session:
            rows = session.execute(
                select(Mention.report_id, Mention.local_id, Mention.role, Mention.entity_id, Mention.event_id)
            ).all()
    finally:
        engine.dispose()
    # MentionRole is a StrEnum, so str() gives "entity" or "event" whether the row holds the enum or its value.
    return {
        (r.report_id, r.local_id, str(r.role)): r.entity_id if str(r.role) == "entity" else r.event_id for r in rows
    }


def _labelled(
    doc_id: str, topic: int, subjects: list[dict[str, Any]], role: str, resolved: dict[tuple[str, str, str], int | None]
) -> list[OurSpan]:
    spans = []
    for subject in subjects:
        target = resolved.get((doc_id, subject["id"], role))
        label: Hashable = (topic, target) if target is not None else (topic, "unresolved", doc_id, subject["id"])
        kind = subject.get("type") or ("event" if role == "event" else "")
        for mention in subject.get("mentions", []):
            start, end = mention["span"]
            spans.append(OurSpan(doc_id, kind, start, end, mention["text"], label))
    return spans


# -------------------------------------------------------------------------------------------- table 1


def mention_table(docs: Sequence[EcbDocument], system: SystemOutput) -> list[dict[str, Any]]:
    """P/R/F1 of ex.mentions spans against gold mentions per class, both inside the CSV sentences."""
    groups: list[tuple[str, str, Callable[[GoldMention], bool], tuple[str, ...]]] = [
        ("human participants", "HUMAN_PART_*", lambda m: m.gold_class == "human", ("person", "organisation")),
        ("  of which persons", "HUMAN_PART_PER", lambda m: m.tag == "HUMAN_PART_PER", ("person",)),
        ("  of which organisations", "HUMAN_PART_ORG", lambda m: m.tag == "HUMAN_PART_ORG", ("organisation",)),
        ("locations", "LOC_*", lambda m: m.gold_class == "location", ("place",)),
        ("times", "TIME_*", lambda m: m.gold_class == "time", ("date",)),
    ]
    rows = []
    for label, tags, wanted, types in groups:
        counts = {False: [0, 0, 0], True: [0, 0, 0]}
        for doc in docs:
            gold = [m for m in doc.mentions if wanted(m) and m.sentence in doc.annotated]
            ours = [s for s in system.spans.get(doc.id, []) if s.type in types and doc.in_annotated(s.start)]
            for lenient in (False, True):
                pairs = match_spans(doc, gold, ours, lenient)
                c = counts[lenient]
                c[0], c[1], c[2] = c[0] + len(pairs), c[1] + len(ours), c[2] + len(gold)
        strict, lenient_prf = PRF(*counts[False]), PRF(*counts[True])
        rows.append(
            {
                "class": label,
                "gold_tags": tags,
                "our_types": "+".join(types),
                "gold": strict.gold,
                "ours": strict.ours,
                "strict": _prf_dict(strict),
                "lenient": _prf_dict(lenient_prf),
            }
        )
    return rows


def _prf_dict(prf: PRF) -> dict[str, float]:
    return {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


# -------------------------------------------------------------------------------------------- table 2


def normalised(text: str) -> str:
    """Case, punctuation and a leading 'the' ignored: what 'the same string' means for the baselines."""
    words = re.sub(r"[^\w]+", " ", text.lower()).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def gold_clusters(mentions: Iterable[GoldMention]) -> list[set[Hashable]]:
    groups: dict[str, set[Hashable]] = defaultdict(set)
    for m in mentions:
        groups[m.chain].add(m.key)
    return list(groups.values())


def response_mentions(
    docs: Sequence[EcbDocument], spans: dict[str, list[OurSpan]], cls: str
) -> tuple[dict[Hashable, OurSpan], dict[Hashable, bool], int]:
    """Our entity mentions of one class in CSV sentences, keyed so that the key and response can meet.

    A mention leniently matched to a gold mention takes that gold mention's key (so a span differing by
    a determiner still counts as the same mention); others keep their own span and are twinless.
    Returns mention key -> span, key -> matched?, and how many duplicate spans were dropped.
    """
    keyed: dict[Hashable, OurSpan] = {}
    matched: dict[Hashable, bool] = {}
    duplicates = 0
    for doc in docs:
        gold = [m for m in doc.mentions if m.gold_class == cls and m.sentence in doc.annotated]
        ours = [s for s in spans.get(doc.id, []) if s.gold_class == cls and doc.in_annotated(s.start)]
        pairs = match_spans(doc, gold, ours, lenient=True)
        for j, span in enumerate(ours):
            key: Hashable = gold[pairs[j]].key if j in pairs else (doc.id, span.start, span.end)
            if key in keyed:
                duplicates += 1  # one span claimed by two extracted entities: a partition holds it once
                continue
            keyed[key] = span
            matched[key] = j in pairs
    return keyed, matched, duplicates


def cluster_by(items: dict[Hashable, Any], label: Callable[[Any], Hashable]) -> list[set[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for key, item in items.items():
        groups[label(item)].add(key)
    return list(groups.values())


def _topic(doc_id: str) -> str:
    return doc_id.split("_", 1)[0]


def entity_table(docs: Sequence[EcbDocument], system: SystemOutput | None) -> list[dict[str, Any]]:
    """CoNLL scores of cross-report entity alignment per class, ours beside the same-string baselines."""
    rows = []
    for cls in ENTITY_CLASSES:
        gold = evaluated_mentions(docs, cls)
        key = gold_clusters(gold)
        by_key = {m.key: m for m in gold}
        rows.append(
            _coref_row(
                cls,
                "same-string baseline on gold mentions",
                key,
                cluster_by(by_key, lambda m: (_topic(m.doc_id), normalised(m.text))),
                len(by_key),
            )
        )
        if system is None:
            continue
        keyed, matched, duplicates = response_mentions(docs, system.entity_mentions, cls)
        only_matched = {k: s for k, s in keyed.items() if matched[k]}
        for label, mentions in (("all extracted mentions", keyed), ("matched mentions only", only_matched)):
            rows.append(
                _coref_row(
                    cls, f"ours (resolver), {label}", key, cluster_by(mentions, lambda s: s.entity), len(mentions)
                )
            )
            rows.append(
                _coref_row(
                    cls,
                    f"same-string baseline, {label}",
                    key,
                    cluster_by(mentions, lambda s: (_topic(s.doc_id), normalised(s.text))),
                    len(mentions),
                )
            )
        for row in rows[-4:]:
            row["duplicate_spans_dropped"] = duplicates
    return rows


def _coref_row(
    cls: str, system: str, key: list[set[Hashable]], response: list[set[Hashable]], mentions: int
) -> dict[str, Any]:
    scores: CorefScores = conll(key, response)
    return {
        "class": CLASS_LABELS[cls],
        "system": system,
        "key_mentions": sum(len(c) for c in key),
        "key_chains": len(key),
        "response_mentions": mentions,
        "response_clusters": len(response),
        **scores.as_dict(),
    }


# -------------------------------------------------------------------------------------------- table 3


def make_lemmatiser() -> tuple[Callable[[str], str], str, str]:
    """A word -> lemma function, what it is, and the row's name: simplemma's English tables if installed.

    Without simplemma the row falls back to the lower-cased word form and is named for it, so a
    same-form number is never passed off as a same-lemma one.
    """
    try:
        import simplemma  # type: ignore[import-not-found]
    except ImportError:
        described = "lower-cased word forms (no lemmatiser installed: pip install -e '.[bench]')"
        return str.lower, described, "same-form baseline (gold mentions)"

    def lemma(word: str) -> str:
        return str(simplemma.lemmatize(word, lang="en")).lower()

    return lemma, "simplemma English lemmas", "same-lemma baseline (gold mentions)"


def lemma_clusters(mentions: Sequence[GoldMention], lemma: Callable[[str], str]) -> list[set[Hashable]]:
    """Within each topic, action mentions whose tokens lemmatise alike form one cluster."""
    groups: dict[tuple[str, str], set[Hashable]] = defaultdict(set)
    for m in mentions:
        groups[(_topic(m.doc_id), " ".join(lemma(w) for w in m.words))].add(m.key)
    return list(groups.values())


OUR_EVENT_ROW = "ours (extractor + event resolver)"
EVENT_CONVENTION = (
    "the response holds exactly the key's gold action mentions; each one that an event mention of ours matches "
    "(overlap, same last token, one-to-one per document, as in table 2) joins the cluster of our resolved event, "
    "a gold action we did not find is a singleton, and our event mentions that match no gold action are left out"
)


def our_event_clusters(docs: Sequence[EcbDocument], system: SystemOutput | None) -> list[set[Hashable]] | None:
    """Our event coreference response on ECB+'s gold action mentions; None when our system did not run.

    Our event mentions are the triggers the extractor writes for meetings, statements and incidents; the
    real pipeline (one database per topic, as `run_system` builds it) groups them into events, across
    reports only on a `same` verdict, and `_labelled` has already tagged each with its resolved event.
    Each trigger takes the key of the gold action it leniently matches, as the entity table does, and the
    clusters are our events. Gold actions we did not find are singletons (EVENT_CONVENTION): scoring on
    the key's mentions keeps the row comparable with the lemma baseline scored on the same mentions.
    """
    if system is None:
        return None
    keyed, matched, _ = response_mentions(docs, system.events, "event")
    found = {key: span for key, span in keyed.items() if matched[key]}
    missed = [{m.key} for m in evaluated_mentions(docs, "event") if m.key not in found]
    return cluster_by(found, lambda span: span.entity) + missed


def event_coverage(docs: Sequence[EcbDocument], system: SystemOutput) -> dict[str, int]:
    """How much of the key our event mentions reach, so that a score near the all-singletons floor reads for what
    it is: few gold actions found, rather than found ones clustered badly."""
    keyed, matched, duplicates = response_mentions(docs, system.events, "event")
    reports: dict[Hashable, set[str]] = defaultdict(set)
    for key, span in keyed.items():
        if matched[key]:
            reports[span.entity].add(span.doc_id)
    return {
        "gold_actions": len(evaluated_mentions(docs, "event")),
        "our_event_mentions": len(keyed) + duplicates,
        "matched": sum(matched.values()),
        "unmatched": len(keyed) - sum(matched.values()),
        "events_with_matches": len(reports),
        "events_across_reports": sum(1 for docs_of in reports.values() if len(docs_of) > 1),
    }


def event_table(docs: Sequence[EcbDocument], system: SystemOutput | None) -> dict[str, Any]:
    """Event coreference on gold action mentions: the lemma baseline, the all-singletons floor (what a response
    that links nothing earns, since most ECB+ action chains are singletons) and our row with its coverage."""
    gold = evaluated_mentions(docs, "event")
    key = gold_clusters(gold)
    lemma, lemma_name, row_name = make_lemmatiser()
    rows = [
        _coref_row("event", row_name, key, lemma_clusters(gold, lemma), len(gold)),
        _coref_row("event", "all singletons (gold mentions)", key, [{m.key} for m in gold], len(gold)),
    ]
    ours = our_event_clusters(docs, system)
    coverage = None
    if ours is not None and system is not None:
        rows.append(_coref_row("event", OUR_EVENT_ROW, key, ours, sum(len(c) for c in ours)))
        coverage = event_coverage(docs, system)
    published = [{"system": s, "conll_f1": f, "note": n} for s, f, n in PUBLISHED_EVENT_BAR]
    return {
        "published": published,
        "measured": rows,
        "ours_measured": ours is not None,
        "convention": EVENT_CONVENTION,
        "our_coverage": coverage,
        "lemmatiser": lemma_name,
    }


# ---------------------------------------------------------------------------------------------- output


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_results(results: dict[str, Any]) -> None:
    settings = results["settings"]
    print(
        f"ECB+ evaluation: topics {settings['topics']}, {settings['documents']} documents "
        f"({settings['documents_with_csv_sentences']} with annotated sentences), data {settings['data']}"
    )
    print("Only sentences listed in ECBplus_coreference_sentences.csv are scored.\n")

    print("Gold statistics on these topics")
    stats = results["gold_statistics"]
    print(
        format_table(
            ["class", "mentions", "in CSV sentences", "chains", "singletons", "cross-report", "begin with prep."],
            [list(r.values()) for r in stats],
        )
    )
    check = results["readme_check"]
    if check:
        print("\nWhole corpus (all topics) against the release's README.txt")
        print(
            format_table(
                ["count", "here", "README", ""],
                [
                    [k, v["counted"], v["readme"], "same" if v["counted"] == v["readme"] else "DIFFERS"]
                    for k, v in check.items()
                ],
            )
        )

    print(f"\nOur system: {results['system']}")
    print("\n1. Mention extraction (ex.mentions spans in the CSV sentences)")
    print("   Our person+organisation -> HUMAN_PART_* (the gold tags HUMAN_PART_PER and _ORG apart, so each half")
    print("   is shown too); place -> LOC_*; date -> TIME_*. Strict = same characters; lenient = spans overlap")
    print("   and end in the same token. A gold 'in Canada' is a strict miss for 'Canada' (see 'begin with prep.').")
    if results["mentions"] is None:
        print(f"   pending: {results['system']}")
    else:
        print(
            format_table(
                ["class", "gold", "ours", "strict P", "R", "F1", "lenient P", "R", "F1"],
                [
                    [
                        r["class"],
                        r["gold"],
                        r["ours"],
                        *(_pct(r[k][m]) for k in ("strict", "lenient") for m in ("precision", "recall", "f1")),
                    ]
                    for r in results["mentions"]
                ],
            )
        )

    print("\n2. Cross-report entity alignment (clusters within each topic; key = gold chains in CSV sentences)")
    print("   Our mentions leniently matched to a gold mention take its identity; unmatched ones stay twinless.")
    if results["mentions"] is None:
        print(f"   our rows pending: {results['system']}")
    print(
        format_table(
            ["class", "system", "key m", "resp m", "MUC", "B3", "CEAF-e", "CoNLL F1"],
            [
                [
                    r["class"],
                    r["system"],
                    r["key_mentions"],
                    r["response_mentions"],
                    _pct(r["muc"]["f1"]),
                    _pct(r["b_cubed"]["f1"]),
                    _pct(r["ceaf_e"]["f1"]),
                    _pct(r["conll_f1"]),
                ]
                for r in results["entities"]
            ],
        )
    )

    print("\n3. Event coreference (gold action mentions ACTION_* and NEG_ACTION_*, within topics)")
    events = results["events"]
    rows = [[p["system"], "", "", "", p["conll_f1"], "published"] for p in events["published"]]
    rows += [
        [r["system"], *(_pct(r[m]["f1"]) for m in ("muc", "b_cubed", "ceaf_e")), _pct(r["conll_f1"]), "measured here"]
        for r in events["measured"]
    ]
    if not events["ours_measured"]:
        rows.append([OUR_EVENT_ROW, "", "", "", "not run", ""])
    print(format_table(["system", "MUC", "B3", "CEAF-e", "CoNLL F1", "source"], rows))
    for p in events["published"]:
        print(f"   {p['system']}: {p['note']}")
    print(f"   measured baseline: {events['lemmatiser']}; a mention's lemma is the lemmas of all its tokens.")
    print(f"   ours: {events['convention']}.")
    coverage = events["our_coverage"]
    if coverage is not None:
        print(
            f"   ours: {coverage['matched']} of {coverage['gold_actions']} gold actions found by our "
            f"{coverage['our_event_mentions']} event mentions in these sentences ({coverage['unmatched']} match no "
            f"gold action); they sit in {coverage['events_with_matches']} resolved events, "
            f"{coverage['events_across_reports']} of them linking reports."
        )
    else:
        print(f"   ours: {results['system']}.")


# ------------------------------------------------------------------------------------------------- CLI


def evaluate(data: Path, topics: list[int], model: str | None, gold_only: bool) -> dict[str, Any]:
    """Load, run our system if it is there, and compute every table; pure data, printed by the caller."""
    all_docs = load_corpus(data, parse_topics("1-45"), progress=False)  # all of them, for the README check
    docs = [d for d in all_docs if d.topic in set(topics)]
    _log(f"loaded {len(all_docs)} ECB+ documents; evaluating {len(docs)}")
    if not docs:
        raise SystemExit(f"no ECB+ documents for topics {topics} under {data / 'xml'}")
    figures, counted = readme_figures(data), corpus_counts(all_docs)
    readme_check = {k: {"readme": v, "counted": counted.get(k, 0)} for k, v in figures.items()}
    system: SystemOutput | None = None
    status = "not run (--gold-only)"
    if not gold_only:
        extractor, status = load_extractor(model)
        if extractor is not None:
            with tempfile.TemporaryDirectory(prefix="ecbplus-") as tmp:
                system = run_system(docs, extractor, status, Path(tmp))
    return {
        "settings": {
            "data": str(data),
            "topics": _topic_spec(topics),
            "documents": len(docs),
            "documents_with_csv_sentences": sum(1 for d in docs if d.annotated),
            "model": model,
        },
        "system": status if system is None else f"{status}; {system.empty_reports} reports named nothing",
        "gold_statistics": gold_statistics(docs),
        "readme_check": readme_check,
        "mentions": mention_table(docs, system) if system else None,
        "entities": entity_table(docs, system),
        "events": event_table(docs, system),
    }


def _topic_spec(topics: list[int]) -> str:
    """[36, ..., 45] -> '36-45', [23] -> '23', [18, 20] -> '18,20': the --topics spelling of a topic list."""
    contiguous = len(topics) > 1 and topics == list(range(topics[0], topics[-1] + 1))
    return f"{topics[0]}-{topics[-1]}" if contiguous else ",".join(map(str, topics))


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topics", default=TEST_TOPICS, help="topics to evaluate, e.g. 36-45 (test) or 1-35 (tuning)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ECB+ folder (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write every table to this JSON file")
    parser.add_argument("--model", help="spaCy model for the Extractor (default: the Extractor's own)")
    parser.add_argument("--gold-only", action="store_true", help="skip our system: gold statistics and baselines")
    args = parser.parse_args(argv)
    if not (args.data / "xml").is_dir():
        parser.error(f"no ECB+ data at {args.data} (expected xml/<topic>/*.xml); pass --data DIR")
    results = evaluate(args.data, parse_topics(args.topics), args.model, args.gold_only)
    print_results(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        _log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
