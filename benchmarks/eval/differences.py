"""Score reconcile on hand-annotated differences between real news reports of one event (ECB+ dev topics).

    python -m benchmarks.eval.differences                    # every annotated topic; progress on stderr
    python -m benchmarks.eval.differences --topics 18,20     # some of them
    python -m benchmarks.eval.differences --json out.json    # every figure, each finding matched or not, to a file

`differences_dev.json` beside this file says, for ECB+ development topics (1-35; 36-45 are the test set and
are never read here), which documents report the same real-world event, and every difference a fact-checker
would flag between them: a date, place, number, name spelling, job title or speaker that the documents give
differently, marked as a conflict when the values cannot all be true. The documents of those topics are
written out as plain reports (the text rebuilt from the ECB+ tokens, the web address line dropped) and run
through the real pipeline (ingest with the default extractor, resolve, match) into one fresh SQLite store,
as a desk would run a day's wire copy. The conflict report it builds is then scored three ways:

1. same event: precision, recall and F1 over document pairs, a pair counting as the same event when
   reconcile put event mentions of both documents in one event (links left uncertain do not count);
2. differences: per kind, how many annotated differences reconcile flagged with a finding of the property
   that kind maps to (KIND_PROPERTIES), how many it flagged under any property, and how many of its verdicts
   (conflict or not) agree with the annotation (see `Match` for what counts);
3. false conflicts: conflict findings whose documents all report one annotated event but that match no
   annotated conflict, each listed with its property and values so a reader can judge it.

The data is read where it lies (`../shared/datasets/ecbplus` from the repository root, or `--data`); nothing
of it is copied into the repository, and the annotation file holds short normalised values only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.eval.ecbplus import DEFAULT_DATA, EcbDocument, load_corpus, parse_topics, to_document  # noqa: E402

DEFAULT_GOLD = Path(__file__).with_name("differences_dev.json")
DEV_TOPICS = frozenset(range(1, 36))  # ECB+ topics 36-45 are the held-out test set
# The finding properties that can carry each kind of annotated difference.
KIND_PROPERTIES: dict[str, frozenset[str]] = {
    "date": frozenset({"date"}),
    "place": frozenset({"place"}),
    "number": frozenset({"killed", "injured", "missing", "arrested", "age"}),
    "name": frozenset({"name"}),
    "title": frozenset({"title"}),
    "speaker": frozenset({"quote"}),
}
KINDS = tuple(KIND_PROPERTIES)
# Findings that say the reports differ; agreements and additions say they do not.
DISAGREEMENTS = frozenset({"conflict", "variant", "update"})
# Words that say nothing about which fact a value is: a shared "the" or "of" is no evidence.
FILLER_WORDS = frozenset(
    "the a an of and or in on at to for from near off about around up over under more than less at least "
    "some his her its their this that per".split()
)
PREFIX_CHARS = 4  # 'Const' and 'Constable' are one word; shorter stems ('Co') are too common to count


# --------------------------------------------------------------------------------------------- annotations


@dataclass(frozen=True)
class Difference:
    """One annotated difference: which event, what kind of fact, and each document's value."""

    event: str
    kind: str
    what: str
    values: dict[str, str]
    conflict: bool
    note: str = ""


@dataclass(frozen=True)
class Gold:
    """The annotation file, restricted to the topics asked for."""

    topics: tuple[int, ...]
    events: dict[str, frozenset[str]]  # event id -> its documents
    differences: tuple[Difference, ...]

    @property
    def documents(self) -> frozenset[str]:
        return frozenset().union(*self.events.values())

    def same_event_pairs(self) -> set[tuple[str, str]]:
        """Document pairs that report one annotated event: the key of the pairwise score."""
        return {pair for docs in self.events.values() for pair in combinations(sorted(docs), 2)}


def topic_of(doc_id: str) -> int:
    """'20_1ecbplus' -> 20: ECB+ file stems start with their topic."""
    return int(doc_id.split("_", 1)[0])


def load_gold(path: Path, topics: Iterable[int] | None = None) -> Gold:
    """Read and check the annotation file: a difference may only name documents of its own event, and a
    test topic is refused outright, so that a typo in the file cannot leak test data into tuning."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    annotated = tuple(raw["topics"])
    wanted = tuple(annotated if topics is None else sorted(set(topics)))
    if not set(wanted) <= DEV_TOPICS:
        refused = sorted(set(wanted) - DEV_TOPICS)
        raise SystemExit(f"only ECB+ development topics 1-35 may be scored here, not {refused}")
    missing = sorted(set(wanted) - set(annotated))
    if missing:
        raise SystemExit(f"topics {missing} are not annotated in {path} (annotated: {list(annotated)})")
    events = {e["id"]: frozenset(e["documents"]) for e in raw["events"] if e["topic"] in wanted}
    differences = tuple(
        Difference(d["event"], d["kind"], d["what"], dict(d["values"]), bool(d["conflict"]), d.get("note", ""))
        for d in raw["differences"]
        if d["event"] in events
    )
    for d in differences:
        if d.kind not in KIND_PROPERTIES:
            raise SystemExit(f"{path}: difference {d.what!r}: unknown kind {d.kind!r}")
        if not set(d.values) <= events[d.event]:
            raise SystemExit(f"{path}: difference {d.what!r} names documents outside event {d.event}")
    return Gold(wanted, events, differences)


# --------------------------------------------------------------------------------------------- plain reports

# ECB+ stores each document as tokens; these put back the spacing a newsroom would have written, so the
# extractor reads 'June 13, 2013' and "Gomes's" as a reader would rather than 'June 13 , 2013'.
_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]]|'s\b|'S\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|’s\b)")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[$£€]) ")
_OPENING_QUOTE = re.compile(r"`` ?")
_CLOSING_QUOTE = re.compile(r" ?''")
# '2 . 6' '120 , 000' '4 : 59' '09 / 14'; a comma joins thousands only, so 'September 16 , 2013' keeps its space
_SPLIT_NUMBER = re.compile(r"(?<=\d) ?([.:/]) ?(?=\d)|(?<=\d) ?(,) ?(?=\d{3}(?!\d))")
_SPLIT_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")  # ECB+'s later documents split '36 - year - old'


def plain_text(doc: EcbDocument) -> str:
    """The document as a reader saw it: one line per sentence, tokens re-joined, the web address line dropped.

    The address is kept in the report's front matter instead (`to_document` reads it); hyphens are re-joined
    only in the `ecbplus` documents, whose tokeniser split them ('Hit - And - Run'); the older `ecb`
    documents keep hyphenated words whole, so a lone hyphen there is a dash and stays one.
    """
    lines = []
    for number, (start, end) in sorted(doc.sentence_spans.items()):
        if number == 0 and doc.url:
            continue
        line = doc.text[start:end]
        line = _OPENING_QUOTE.sub('"', line)
        line = _CLOSING_QUOTE.sub('"', line)
        line = _NO_SPACE_BEFORE.sub("", line)
        line = _NO_SPACE_AFTER.sub("", line)
        line = _SPLIT_NUMBER.sub(lambda m: m[1] or m[2], line)
        if doc.id.endswith("ecbplus"):
            line = _SPLIT_HYPHEN.sub("-", line)
        lines.append(line)
    return "\n".join(lines) + "\n"


def write_reports(docs: Sequence[EcbDocument], folder: Path) -> None:
    """One `.txt` plain report per document, its id and outlet in front matter and no publication date:
    reconcile finds the dateline in the text itself, as it would in a report a desk receives."""
    for doc in docs:
        source = to_document(doc).source
        meta = [f"id: {doc.id}", f'source: "{source}"'] + ([f'url: "{doc.url}"'] if doc.url else [])
        (folder / f"{doc.id}.txt").write_text("---\n" + "\n".join(meta) + "\n---\n" + plain_text(doc), "utf-8")


def run_pipeline(docs: Sequence[EcbDocument]) -> dict[str, Any]:
    """Ingest the documents into a fresh SQLite store, match, and return the conflict report as data
    (schemas/conflict-report.schema.json): what `reconcile --db sqlite:///X run DIR -f json` prints."""
    from reconcile import db
    from reconcile.pipeline import ingest, match
    from reconcile.report.build import build_report
    from reconcile.resolve.aliases import AliasBook

    with tempfile.TemporaryDirectory(prefix="differences-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        write_reports(docs, folder)
        engine = db.open_database(f"sqlite:///{Path(tmp) / 'differences.db'}")
        try:
            started = time.monotonic()
            summary = ingest(engine, [folder], progress=_progress(len(docs)))
            _log(f"ingested {len(summary.outcomes)} reports in {time.monotonic() - started:.0f}s")
            for failure in summary.failures:
                _log(f"ingest failed: {failure}")
            with db.session_scope(engine) as session:
                match(session, AliasBook())
            with db.session_scope(engine) as session:
                return build_report(session)
        finally:
            engine.dispose()


def _progress(total: int) -> Any:
    """A callback for `ingest` that says every 25 files how far it has come: extraction is the slow part."""
    done = [0]

    def advance(_path: Path) -> None:
        done[0] += 1
        if done[0] % 25 == 0 or done[0] == total:
            _log(f"extracted {done[0]}/{total} reports")

    return advance


# --------------------------------------------------------------------------------------------- same event


@dataclass(frozen=True)
class PairScore:
    """Pairwise precision and recall of 'these two documents report one event'."""

    true_positive: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def predicted_pairs(report: dict[str, Any], documents: frozenset[str]) -> set[tuple[str, str]]:
    """Document pairs whose event mentions reconcile resolved into one event; only annotated documents count,
    and pairs across topics are kept, since a store that merged two topics' events has merged wrongly."""
    pairs: set[tuple[str, str]] = set()
    for event in report["events"]:
        members = sorted(set(event["reports"]) & documents)
        pairs.update(combinations(members, 2))
    return pairs


def uncertain_pairs(report: dict[str, Any], documents: frozenset[str]) -> set[tuple[str, str]]:
    """Document pairs that are only linked as uncertain: shown to a reviewer, not merged."""
    reports = {event["id"]: set(event["reports"]) & documents for event in report["events"]}
    pairs: set[tuple[str, str]] = set()
    for link in report["links"]:
        first, second = (reports.get(event, set()) for event in link["events"])
        pairs.update(tuple(sorted((a, b))) for a in first for b in second if a != b)  # type: ignore[misc]
    return pairs


def score_pairs(predicted: set[tuple[str, str]], gold: set[tuple[str, str]]) -> PairScore:
    return PairScore(len(predicted & gold), len(predicted), len(gold))


def pair_figures(score: PairScore) -> dict[str, Any]:
    """A pair score as data, its counts beside its precision, recall and F1: how every scorer of pairs writes one."""
    return {**asdict(score), **_prf(score)}


# --------------------------------------------------------------------------------------------- differences


@dataclass(frozen=True)
class Finding:
    """A finding of the conflict report, flattened: where it sits, what it compares, each report's value."""

    where: str  # entity, event or link (a provisional comparison across an uncertain link)
    subject: str
    property: str
    kind: str
    values: tuple[tuple[str, str], ...]  # (report id, value as claimed), as the report lists them

    @property
    def documents(self) -> frozenset[str]:
        return frozenset(report for report, _ in self.values)

    def values_of(self, document: str) -> list[str]:
        return [value for report, value in self.values if report == document]


def report_findings(report: dict[str, Any]) -> list[Finding]:
    """Every finding on an entity, an event or an uncertain link."""
    findings = []
    for where, items in (("entity", report["entities"]), ("event", report["events"]), ("link", report["links"])):
        for item in items:
            for f in item["findings"]:
                values = tuple((v["report"], v["value"]) for v in f["values"])
                findings.append(Finding(where, f["subject"], f["property"], f["kind"], values))
    return findings


def _words(text: str) -> set[str]:
    """Lower-case words and numbers of a value, accents and thousands separators removed."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"(?<=\d),(?=\d{3})", "", folded)
    return {w for w in re.findall(r"\d+(?:\.\d+)?|[a-z]+", folded) if w not in FILLER_WORDS}


def same_value(annotated: str, found: str) -> bool:
    """Whether a finding's value is the annotated value, loosely: a shared number, or a shared word of three
    letters or more, one word possibly an abbreviation of the other ('Const.' for 'Constable'). Normalised
    values are short and the extractor quotes the report's words, so loose is the fair test."""
    ours, theirs = _words(annotated), _words(found)
    numbers = {w for w in ours if w[0].isdigit()}
    if numbers & theirs:
        return True
    for word in (w for w in ours if not w[0].isdigit() and len(w) >= 3):
        for other in (w for w in theirs if not w[0].isdigit() and len(w) >= 3):
            short, long_ = sorted((word, other), key=len)
            if short == long_ or (len(short) >= PREFIX_CHARS and long_.startswith(short)):
                return True
    return False


def agreeing_documents(finding: Finding, difference: Difference) -> set[str]:
    """The documents of the difference whose value in the finding is the annotated one."""
    return {
        doc
        for doc, annotated in difference.values.items()
        if any(same_value(annotated, found) for found in finding.values_of(doc))
    }


@dataclass(frozen=True)
class Match:
    """How one finding bears on one annotated difference.

    right_kind: a disagreement (conflict, variant, update) of a property the difference's kind maps to,
      with values from two or more of the difference's documents;
    same_values: right_kind, and two or more of those documents' values are the annotated ones;
    at_all: right_kind, or a disagreement of any property whose values from two or more of the documents are
      the annotated ones (a count read as another count, a place read as a title);
    same_verdict: right_kind, and the finding is a conflict exactly when the annotation says the values cannot
      all be true (an update, a rising count, agrees with either).
    """

    right_kind: bool
    same_values: bool
    at_all: bool
    same_verdict: bool


def match(finding: Finding, difference: Difference) -> Match:
    if finding.kind not in DISAGREEMENTS:
        return Match(False, False, False, False)
    shared = finding.documents & set(difference.values)
    agreeing = agreeing_documents(finding, difference) if len(shared) >= 2 else set()
    right_kind = len(shared) >= 2 and finding.property in KIND_PROPERTIES[difference.kind]
    same_verdict = right_kind and (finding.kind == "update" or (finding.kind == "conflict") == difference.conflict)
    return Match(right_kind, right_kind and len(agreeing) >= 2, right_kind or len(agreeing) >= 2, same_verdict)


@dataclass
class KindCount:
    """Per kind of difference: how many are annotated and how many reconcile found, by each test of `Match`."""

    annotated: int = 0
    right_kind: int = 0
    same_values: int = 0
    at_all: int = 0
    same_verdict: int = 0


def score_differences(gold: Gold, findings: Sequence[Finding]) -> tuple[dict[str, KindCount], list[dict[str, Any]]]:
    """Counts per kind (and in total), and each difference with the findings that found it."""
    counts = {kind: KindCount() for kind in (*KINDS, "all")}
    rows = []
    for difference in gold.differences:
        matched = [(f, match(f, difference)) for f in findings]
        found = [(f, m) for f, m in matched if m.at_all]
        for key in (difference.kind, "all"):
            c = counts[key]
            c.annotated += 1
            c.right_kind += any(m.right_kind for _, m in found)
            c.same_values += any(m.same_values for _, m in found)
            c.at_all += bool(found)
            c.same_verdict += any(m.same_verdict for _, m in found)
        rows.append(
            {
                **asdict(difference),
                "found_by": [
                    {"match": asdict(m), "kind": f.kind, "property": f.property, "subject": f.subject, "where": f.where}
                    for f, m in found
                ],
            }
        )
    return counts, rows


# --------------------------------------------------------------------------------------------- false conflicts


@dataclass
class ConflictAudit:
    """Reconcile's conflicts sorted by what the annotation says of their documents."""

    total: int = 0
    matched: list[Finding] = field(default_factory=list)  # match an annotated conflict
    false: list[tuple[str, Finding]] = field(default_factory=list)  # (event id, finding): within one event, unmatched
    across_events: list[Finding] = field(default_factory=list)  # documents of different annotated events

    @property
    def false_share(self) -> float:
        return len(self.false) / self.total if self.total else 0.0


def audit_conflicts(gold: Gold, findings: Sequence[Finding]) -> ConflictAudit:
    """A conflict found among the documents of one annotated event is false unless it finds (`Match.at_all`)
    a difference annotated as a conflict; one whose documents belong to no single event is counted apart,
    since it follows from merging two events rather than from reading one event's reports."""
    audit = ConflictAudit()
    conflicts_by_event: dict[str, list[Difference]] = {}
    for d in gold.differences:
        if d.conflict:
            conflicts_by_event.setdefault(d.event, []).append(d)
    for finding in findings:
        if finding.kind != "conflict" or not finding.documents & gold.documents:
            continue
        audit.total += 1
        events = [e for e, docs in gold.events.items() if finding.documents <= docs]
        if not events:
            audit.across_events.append(finding)
        elif any(match(finding, d).at_all for e in events for d in conflicts_by_event.get(e, [])):
            audit.matched.append(finding)
        else:
            audit.false.append((events[0], finding))
    return audit


# --------------------------------------------------------------------------------------------- output


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}"


def render(results: dict[str, Any]) -> str:
    """The printed tables: same event, differences per kind, then every false conflict for a person to check."""
    pairs, uncertain = results["same_event"], results["same_event_with_uncertain"]
    lines = [
        f"ECB+ dev topics {','.join(map(str, results['topics']))}: {results['documents']} documents, "
        f"{results['events']} annotated events, {results['difference_count']} annotated differences",
        f"reconcile made {results['reconcile_events']} events and {results['reconcile_links']} uncertain links; "
        f"findings: {results['finding_kinds']}",
        "",
        "1. Same event, over document pairs (a pair is predicted when one reconcile event holds mentions of both)",
        f"   precision {_pct(pairs['precision'])}  recall {_pct(pairs['recall'])}  F1 {_pct(pairs['f1'])}   "
        f"({pairs['true_positive']} of {pairs['predicted']} predicted pairs right; {pairs['gold']} annotated pairs)",
        f"   counting uncertain links as same: precision {_pct(uncertain['precision'])}  "
        f"recall {_pct(uncertain['recall'])}  F1 {_pct(uncertain['f1'])}",
        "",
        "2. Annotated differences found (see Match: right kind = a conflict, variant or update of the mapped property",
        "   with values from >= 2 of the documents; same values = and those values are the annotated ones; at all = of",
        "   any property with the annotated values; same verdict = right kind and conflict exactly when annotated so)",
        f"   {'kind':<8} {'annotated':>9} {'right kind':>10} {'same values':>11} {'at all':>6} {'same verdict':>12}",
    ]
    for kind, c in results["differences"].items():
        lines.append(
            f"   {kind:<8} {c['annotated']:>9} {c['right_kind']:>10} {c['same_values']:>11} {c['at_all']:>6} "
            f"{c['same_verdict']:>12}"
        )
    audit = results["conflicts"]
    lines += [
        "",
        f"3. Conflicts: {audit['total']} on these documents; {audit['matched']} match an annotated conflict, "
        f"{len(audit['false'])} are false ({_pct(audit['false_share']).strip()}% of all conflicts), "
        f"{audit['across_events']} join documents of different annotated events",
    ]
    for item in audit["false"]:
        values = "; ".join(f"{v['report']}: {v['value']!r}" for v in item["values"])
        lines.append(f"   [{item['event']}] {item['property']} of {item['subject']}: {values}")
    return "\n".join(lines)


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "where": finding.where,
        "subject": finding.subject,
        "property": finding.property,
        "kind": finding.kind,
        "values": [{"report": r, "value": v} for r, v in finding.values],
    }


def evaluate(gold: Gold, report: dict[str, Any], documents: int) -> dict[str, Any]:
    """Every figure of the run as plain data: printed by `render`, written whole by --json."""
    annotated = gold.documents
    key = gold.same_event_pairs()
    merged = predicted_pairs(report, annotated)
    findings = report_findings(report)
    counts, rows = score_differences(gold, findings)
    audit = audit_conflicts(gold, findings)
    return {
        "topics": list(gold.topics),
        "documents": documents,
        "events": len(gold.events),
        "difference_count": len(gold.differences),
        "reconcile_events": len(report["events"]),
        "reconcile_links": len(report["links"]),
        "finding_kinds": dict(Counter(f.kind for f in findings)),
        "same_event": pair_figures(score_pairs(merged, key)),
        "same_event_with_uncertain": _prf(score_pairs(merged | uncertain_pairs(report, annotated), key)),
        "differences": {kind: asdict(c) for kind, c in counts.items()},
        "difference_matches": rows,
        "conflicts": {
            "total": audit.total,
            "matched": len(audit.matched),
            "false_share": audit.false_share,
            "across_events": len(audit.across_events),
            "false": [{"event": event, **finding_dict(f)} for event, f in audit.false],
            "across_event_findings": [finding_dict(f) for f in audit.across_events],
        },
    }


def _prf(score: PairScore) -> dict[str, float]:
    return {"precision": score.precision, "recall": score.recall, "f1": score.f1}


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topics", help="annotated topics to score, e.g. 18,20 or 18-21 (default: all annotated)")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="annotation file (default: %(default)s)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ECB+ folder (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write every figure and each matched finding to this file")
    args = parser.parse_args(argv)
    if not (args.data / "xml").is_dir():
        parser.error(f"no ECB+ data at {args.data} (expected xml/<topic>/*.xml); pass --data DIR")
    gold = load_gold(args.gold, parse_topics(args.topics) if args.topics else None)
    docs = [d for d in load_corpus(args.data, gold.topics, progress=False) if d.id in gold.documents]
    _log(f"{len(docs)} documents of topics {','.join(map(str, gold.topics))}; running the pipeline")
    report = run_pipeline(docs)
    results = evaluate(gold, report, len(docs))
    emit(render(results), results, args.json)
    return 0


def emit(tables: str, results: dict[str, Any], path: Path | None) -> None:
    """Print the tables and, when asked, write every figure to `path` as JSON."""
    print(tables)
    if path:
        path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        _log(f"wrote {path}")


if __name__ == "__main__":
    raise SystemExit(main())
