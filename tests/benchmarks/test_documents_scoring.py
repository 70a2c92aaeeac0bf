"""The document-level ECB+ scorer: which document pairs are the key, and how each topic is scored apart."""

from __future__ import annotations

import pytest

from benchmarks.eval.documents import evaluate, gold_pairs, score_by_topic, sub_topic, topic_pairs

DOCS = ["36_1ecb", "36_2ecb", "36_1ecbplus", "36_2ecbplus", "36_3ecbplus", "37_1ecb", "37_1ecbplus"]


@pytest.mark.parametrize(
    ("doc_id", "key"),
    [("36_1ecb", (36, "ecb")), ("36_10ecbplus", (36, "ecbplus")), ("4_2ecb", (4, "ecb"))],
)
def test_sub_topic(doc_id: str, key: tuple[int, str]) -> None:
    assert sub_topic(doc_id) == key


def test_gold_pairs_join_one_topic_and_one_sub_topic_only() -> None:
    assert gold_pairs(DOCS) == {
        ("36_1ecb", "36_2ecb"),
        ("36_1ecbplus", "36_2ecbplus"),
        ("36_1ecbplus", "36_3ecbplus"),
        ("36_2ecbplus", "36_3ecbplus"),
    }  # 37 has one document per sub-topic: no pair; nothing across topics or sub-topics


def test_topic_pairs_join_every_document_of_a_topic() -> None:
    assert len(topic_pairs(DOCS)) == 10 + 1  # five documents of 36, two of 37
    assert gold_pairs(DOCS) <= topic_pairs(DOCS)


def test_each_topic_is_scored_on_its_own_pairs_and_a_merge_across_topics_on_none() -> None:
    predicted = {("36_1ecb", "36_2ecb"), ("36_1ecb", "36_1ecbplus"), ("36_1ecb", "37_1ecb"), ("37_1ecb", "37_1ecbplus")}
    scores = score_by_topic(predicted, gold_pairs(DOCS), [36, 37])
    assert (scores[36].true_positive, scores[36].predicted, scores[36].gold) == (1, 2, 4)
    assert (scores[36].precision, scores[36].recall) == (0.5, 0.25)
    assert (scores[37].true_positive, scores[37].predicted, scores[37].gold) == (0, 1, 0)
    assert scores[37].f1 == 0.0


def test_evaluate_scores_merged_events_uncertain_links_and_the_baselines() -> None:
    report = {
        "events": [
            {"id": "E1", "reports": ["36_1ecb", "36_2ecb", "not-scored"]},
            {"id": "E2", "reports": ["36_1ecbplus"]},
            {"id": "E3", "reports": ["36_2ecbplus", "37_1ecb"]},
        ],
        "links": [{"events": ["E2", "E3"], "score": 0.5}],
    }
    results = evaluate(DOCS, report)
    assert (results["documents"], results["sub_topics"], results["gold_pairs"]) == (7, 4, 4)
    assert results["merged"] == pytest.approx(
        {"true_positive": 1, "predicted": 2, "gold": 4, "precision": 0.5, "recall": 0.25, "f1": 1 / 3}
    )  # 36_2ecbplus with 37_1ecb is a wrong merge across topics
    # E2-E3 adds 36_1ecbplus with 36_2ecbplus (right) and with 37_1ecb (across topics)
    assert (results["with_uncertain"]["true_positive"], results["with_uncertain"]["predicted"]) == (2, 4)
    assert results["cross_topic_pairs"] == {"merged": 1, "with_uncertain": 2}
    assert results["baselines"]["topic"]["recall"] == 1.0
    assert results["baselines"]["topic"]["precision"] == pytest.approx(4 / 11)
    assert results["baselines"]["singletons"]["f1"] == 0.0
    by_topic = {row["topic"]: row for row in results["per_topic"]}
    assert by_topic[36]["merged"]["precision"] == 1.0 and by_topic[36]["documents"] == 5
    assert by_topic[36]["with_uncertain"]["true_positive"] == 2
