"""Score reconcile on which ECB+ reports describe the same event, document by document.

    python -m benchmarks.eval.documents                     # the test topics 36-45; progress on stderr
    python -m benchmarks.eval.documents --topics 23         # one development topic, a few seconds
    python -m benchmarks.eval.documents --json out.json     # every figure and every predicted pair, to a file

ECB+ gathers, per topic, reports of one seminal event (the `ecb` documents, ids like `36_1ecb`) and of a
second, similar one (the `ecbplus` documents, `36_4ecbplus`): two documents report the same event when
they share topic and sub-topic, the document clusters the corpus was built from. Unlike differences.py,
which needs a hand annotation and so scores development topics only, this key comes with the corpus, so
any topics may be scored, and the test topics are the default. The documents are written out as plain
reports and run through the real pipeline (ingest with the default extractor, resolve, match) into one
fresh SQLite store, every topic together as a desk would run a day's wire copy, with
`differences.run_pipeline`. The conflict report is scored over document pairs: a pair is predicted when
reconcile put event mentions of both documents in one event, and scored again with the pairs its
uncertain links join counted too. Pairs across topics count as wrong predictions.

Two reference rows place the figure: every document of a topic one event (the topic baseline: full recall,
precision the share of a topic's pairs that share a sub-topic) and every document alone (singletons: no
pairs, F1 0). Every figure is also given per topic.

The data is read where it lies (`../shared/datasets/ecbplus` from the repository root, or `--data`); nothing
of it is copied into the repository.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.eval.differences import (  # noqa: E402
    PairScore,
    _log,
    _pct,
    emit,
    pair_figures,
    predicted_pairs,
    run_pipeline,
    score_pairs,
    topic_of,
    uncertain_pairs,
)
from benchmarks.eval.ecbplus import (  # noqa: E402
    DEFAULT_DATA,
    TEST_TOPICS,
    _topic_spec,
    format_table,
    load_corpus,
    parse_topics,
)

Pair = tuple[str, str]


def sub_topic(doc_id: str) -> tuple[int, str]:
    """'36_1ecb' -> (36, 'ecb'), '36_4ecbplus' -> (36, 'ecbplus'): the event a document reports."""
    return topic_of(doc_id), "ecbplus" if doc_id.endswith("ecbplus") else "ecb"


def pairs_within(doc_ids: Iterable[str], key: Callable[[str], Hashable]) -> set[Pair]:
    """Every pair of documents `key` puts together, each pair in sorted order as `predicted_pairs` gives it."""
    groups: dict[Hashable, list[str]] = defaultdict(list)
    for doc in doc_ids:
        groups[key(doc)].append(doc)
    return {pair for docs in groups.values() for pair in combinations(sorted(docs), 2)}


def gold_pairs(doc_ids: Iterable[str]) -> set[Pair]:
    """The key: pairs of documents of one topic and one sub-topic."""
    return pairs_within(doc_ids, sub_topic)


def topic_pairs(doc_ids: Iterable[str]) -> set[Pair]:
    """The topic baseline's prediction: every pair of documents of one topic."""
    return pairs_within(doc_ids, topic_of)


def in_topic(pairs: Iterable[Pair], topic: int) -> set[Pair]:
    """The pairs whose two documents are both of `topic`; a pair across topics belongs to none."""
    return {pair for pair in pairs if topic_of(pair[0]) == topic_of(pair[1]) == topic}


def score_by_topic(predicted: set[Pair], gold: set[Pair], topics: Iterable[int]) -> dict[int, PairScore]:
    """Each topic scored on its own pairs; a wrong merge across topics shows in the total only."""
    return {t: score_pairs(in_topic(predicted, t), in_topic(gold, t)) for t in topics}


def evaluate(doc_ids: Sequence[str], report: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the run as plain data, from the documents scored and the conflict report: printed by
    `render`, written whole by --json."""
    documents = frozenset(doc_ids)
    topics = sorted({topic_of(d) for d in documents})
    key = gold_pairs(documents)
    merged = predicted_pairs(report, documents)
    linked = merged | uncertain_pairs(report, documents)
    baseline = topic_pairs(documents)
    by_topic = {
        name: score_by_topic(pairs, key, topics)
        for name, pairs in (("merged", merged), ("with_uncertain", linked), ("topic_baseline", baseline))
    }
    return {
        "topics": topics,
        "documents": len(documents),
        "sub_topics": len({sub_topic(d) for d in documents}),
        "gold_pairs": len(key),
        "reconcile_events": len(report["events"]),
        "reconcile_links": len(report["links"]),
        "predicted_pairs": len(merged),
        "uncertain_only_pairs": len(linked - merged),
        "cross_topic_pairs": {"merged": len(merged - baseline), "with_uncertain": len(linked - baseline)},
        "merged": pair_figures(score_pairs(merged, key)),
        "with_uncertain": pair_figures(score_pairs(linked, key)),
        "baselines": {
            "topic": pair_figures(score_pairs(baseline, key)),
            "singletons": pair_figures(score_pairs(set(), key)),
        },
        "per_topic": [
            {
                "topic": t,
                "documents": sum(topic_of(d) == t for d in documents),
                **{name: pair_figures(scores[t]) for name, scores in by_topic.items()},
            }
            for t in topics
        ],
        "pairs": {"merged": sorted(merged), "uncertain_only": sorted(linked - merged)},
    }


def render(results: dict[str, Any]) -> str:
    """The printed tables: the total beside the two baselines, then each topic."""

    def row(name: str, s: dict[str, Any]) -> list[object]:
        return [name, _pct(s["precision"]), _pct(s["recall"]), _pct(s["f1"]), f"{s['true_positive']}/{s['predicted']}"]

    base = results["baselines"]
    lines = [
        f"ECB+ topics {_topic_spec(results['topics'])}: {results['documents']} documents in {results['sub_topics']} "
        f"sub-topics; {results['gold_pairs']} gold pairs (one topic, one sub-topic: both ecb or both ecbplus)",
        f"reconcile made {results['reconcile_events']} events and {results['reconcile_links']} uncertain links: "
        f"{results['predicted_pairs']} predicted pairs ({results['cross_topic_pairs']['merged']} across topics), "
        f"{results['uncertain_only_pairs']} more joined by uncertain links only",
        "",
        format_table(
            ["document pairs", "P", "R", "F1", "right/predicted"],
            [
                row("reconcile (merged events)", results["merged"]),
                row("reconcile + uncertain links", results["with_uncertain"]),
                row("topic baseline", base["topic"]),
                row("singletons", base["singletons"]),
            ],
        ),
        "",
        format_table(
            ["topic", "docs", "gold", "pred", "P", "R", "F1", "+unc P", "R", "F1", "topic F1"],
            [
                [
                    t["topic"],
                    t["documents"],
                    t["merged"]["gold"],
                    t["merged"]["predicted"],
                    *(_pct(t[name][m]) for name in ("merged", "with_uncertain") for m in ("precision", "recall", "f1")),
                    _pct(t["topic_baseline"]["f1"]),
                ]
                for t in results["per_topic"]
            ],
        ),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topics", default=TEST_TOPICS, help="topics to score, e.g. 23 or 1-35 (default: %(default)s)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ECB+ folder (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write every figure and every predicted pair to this file")
    args = parser.parse_args(argv)
    if not (args.data / "xml").is_dir():
        parser.error(f"no ECB+ data at {args.data} (expected xml/<topic>/*.xml); pass --data DIR")
    topics = parse_topics(args.topics)
    docs = load_corpus(args.data, topics, progress=False)
    if not docs:
        parser.error(f"no ECB+ documents for topics {args.topics} under {args.data / 'xml'}")
    _log(f"{len(docs)} documents of topics {_topic_spec(topics)}; running the pipeline")
    report = run_pipeline(docs)
    results = evaluate([d.id for d in docs], report)
    emit(render(results), results, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
