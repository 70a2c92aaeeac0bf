"""Coreference metrics against worked examples whose scores are known independently of this code.

Sources of the expected values:
- Pradhan et al. (2014), the running example of "Scoring Coreference Partitions of Predicted Mentions"
  (key {a b c} {d e f g}, response {a b} {c d} {f g h i}); the fractions are worked out in each case.
- The CoNLL reference scorer's test suite (test/CorefMetricTestConfig.pm and test/TestCases.README,
  cases A1-A6 on the key {a} {b c} {d e f}): missing, extra and overlapping ("B") mentions, i.e. the
  twinless cases the ECB+ evaluation depends on. CEAF-e values there are printed to 5 decimals.
"""

from __future__ import annotations

import itertools

import pytest

from benchmarks.eval.coref_metrics import (
    Score,
    b_cubed,
    ceaf_e,
    clusters_from_labels,
    conll,
    max_weight_assignment,
    muc,
    partition,
)


def clusters(spec: str) -> list[set[str]]:
    """'a bc def' -> [{a}, {b, c}, {d, e, f}]: one letter per mention, as the scorer's README writes them."""
    return [set(group) for group in spec.split()]


def check(score: Score, recall: float, precision: float, abs_tol: float = 1e-9) -> None:
    assert score.recall == pytest.approx(recall, abs=abs_tol)
    assert score.precision == pytest.approx(precision, abs=abs_tol)


PRADHAN_KEY = clusters("abc defg")
PRADHAN_RESPONSE = clusters("ab cd fghi")


def test_pradhan_2014_example_muc() -> None:
    # Recall ((3-2) + (4-3)) / ((3-1) + (4-1)); precision ((2-1) + (2-2) + (4-3)) / (1 + 1 + 3); e is twinless.
    check(muc(PRADHAN_KEY, PRADHAN_RESPONSE), 2 / 5, 2 / 5)


def test_pradhan_2014_example_b_cubed() -> None:
    # Recall (2*2/3 + 1/3 + 1/4 + 0 + 2*2/4) / 7 = (35/12) / 7; precision (2 + 1 + 1 + 0 + 0) / 8.
    check(b_cubed(PRADHAN_KEY, PRADHAN_RESPONSE), 35 / 84, 4 / 8)


def test_pradhan_2014_example_ceaf_e() -> None:
    # Best alignment {abc}-{ab} (2*2/5 = 0.8) and {defg}-{fghi} (2*2/8 = 0.5) beats pairing {cd} with either.
    check(ceaf_e(PRADHAN_KEY, PRADHAN_RESPONSE), 1.3 / 2, 1.3 / 3)


def test_pradhan_2014_example_conll_is_the_mean_of_the_three_f1() -> None:
    scores = conll(PRADHAN_KEY, PRADHAN_RESPONSE)
    b3_f1 = 2 * (35 / 84) * 0.5 / (35 / 84 + 0.5)
    ceaf_f1 = 2 * 0.65 * (1.3 / 3) / (0.65 + 1.3 / 3)
    assert scores.conll_f1 == pytest.approx((0.4 + b3_f1 + ceaf_f1) / 3)


SCORER_KEY = "a bc def"
# id, response, MUC (R, P), B-cubed (R, P), CEAF-e (R, P) from CorefMetricTestConfig.pm; "B" is a mention
# distinct from "b" (an overlapping span in the scorer's files).
SCORER_CASES = [
    ("A1-perfect", "a bc def", (1, 1), (1, 1), (1, 1)),
    ("A2-missing", "a de", (1 / 3, 1), ((7 / 3) / 6, 1), (0.6, 0.9)),
    ("A3-extra", "a bcx defy z", (1, 3 / 5), (1, (4 + 7 / 12) / 9), (0.88571, 0.66429)),
    ("A4-missing+extra", "a bcx dy z", (1 / 3, 1 / 3), ((3 + 1 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7), (0.73333, 0.55)),
    ("A5-overlap-aligned", "a bcxB dy z", (1 / 3, 1 / 4), ((3 + 1 / 3) / 6, 2.5 / 8), (0.68889, 0.51667)),
    ("A6-overlap-unaligned", "a bcx dy Bz", (1 / 3, 1 / 4), ((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 8), (0.73333, 0.55)),
]


@pytest.mark.parametrize(
    ("response", "muc_rp", "b3_rp", "ceaf_rp"),
    [pytest.param(*case[1:], id=case[0]) for case in SCORER_CASES],
)
def test_reference_scorer_cases(
    response: str,
    muc_rp: tuple[float, float],
    b3_rp: tuple[float, float],
    ceaf_rp: tuple[float, float],
) -> None:
    key, resp = clusters(SCORER_KEY), clusters(response)
    check(muc(key, resp), *muc_rp)
    check(b_cubed(key, resp), *b3_rp)
    check(ceaf_e(key, resp), *ceaf_rp, abs_tol=5e-6)


def test_identical_partitions_score_one() -> None:
    key = clusters("abc de f")
    scores = conll(key, [set(c) for c in key])
    assert (scores.muc.f1, scores.b_cubed.f1, scores.ceaf_e.f1, scores.conll_f1) == (1.0, 1.0, 1.0, 1.0)


def test_identical_all_singleton_partitions() -> None:
    # Singletons carry no links: MUC is 0/0, which the reference scorer reports as 0 (its case N1).
    key = clusters("a b c")
    scores = conll(key, key)
    assert scores.muc == Score(0.0, 0.0)
    check(scores.b_cubed, 1, 1)
    check(scores.ceaf_e, 1, 1)


def test_singleton_response_to_one_chain() -> None:
    # Key {a b c d}, response all singletons: no link found; each mention keeps 1/4 of its chain; CEAF-e
    # aligns the chain to one singleton, 2*1/5.
    key, resp = clusters("abcd"), clusters("a b c d")
    check(muc(key, resp), 0, 0)
    check(b_cubed(key, resp), 1 / 4, 1)
    check(ceaf_e(key, resp), 0.4, 0.4 / 4)


def test_one_cluster_response_to_singletons() -> None:
    key, resp = clusters("a b c d"), clusters("abcd")
    check(muc(key, resp), 0, 0)
    check(b_cubed(key, resp), 1, 1 / 4)
    check(ceaf_e(key, resp), 0.4 / 4, 0.4)


@pytest.mark.parametrize(
    ("key", "response"),
    [
        pytest.param("abc de", "", id="empty-response"),
        pytest.param("", "abc de", id="empty-key"),
        pytest.param("", "", id="both-empty"),
        pytest.param("abc de", "xyz w", id="disjoint-mentions"),
    ],
)
def test_nothing_in_common_scores_zero(key: str, response: str) -> None:
    scores = conll(clusters(key), clusters(response))
    assert scores.as_dict()["conll_f1"] == 0.0
    for score in (scores.muc, scores.b_cubed, scores.ceaf_e):
        assert score == Score(0.0, 0.0)
        assert score.f1 == 0.0


def test_swapping_key_and_response_swaps_recall_and_precision() -> None:
    forward, backward = conll(PRADHAN_KEY, PRADHAN_RESPONSE), conll(PRADHAN_RESPONSE, PRADHAN_KEY)
    for a, b in [(forward.muc, backward.muc), (forward.b_cubed, backward.b_cubed), (forward.ceaf_e, backward.ceaf_e)]:
        assert (a.recall, a.precision) == pytest.approx((b.precision, b.recall))


def test_separate_topics_add_up() -> None:
    # Clusters of two topics never share mentions: CEAF-e's per-component alignment must equal the sum
    # of aligning each topic alone, and the whole-set recall is the mention-weighted mix of the parts.
    key = [{(t, m) for m in c} for t in (1, 2) for c in clusters("abc defg")]
    resp = [{(t, m) for m in c} for t in (1, 2) for c in clusters("ab cd fghi")]
    check(ceaf_e(key, resp), 2.6 / 4, 2.6 / 6)
    check(muc(key, resp), 4 / 10, 4 / 10)
    check(b_cubed(key, resp), 70 / 168, 8 / 16)


def test_a_mention_in_two_clusters_is_rejected() -> None:
    with pytest.raises(ValueError, match="more than one cluster"):
        muc(clusters("ab bc"), clusters("abc"))


def test_partition_drops_empty_clusters() -> None:
    assert partition([set(), {"a"}, []]) == [frozenset({"a"})]


def test_clusters_from_labels_groups_by_label() -> None:
    groups = clusters_from_labels({"a": 1, "b": 1, "c": 2})
    assert sorted(sorted(g) for g in groups) == [["a", "b"], ["c"]]


@pytest.mark.parametrize(
    "weights",
    [
        pytest.param([[0.8, 0.4], [0.0, 0.5]], id="2x2"),
        pytest.param([[1.0, 0.9, 0.0], [0.9, 0.0, 0.0]], id="greedy-loses"),
        pytest.param([[0.1], [0.7], [0.3]], id="3x1"),
        pytest.param([[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8], [9, 7, 9, 3]], id="4x4"),
        pytest.param([[0.0, 0.0], [0.0, 0.0]], id="zeros"),
    ],
)
def test_assignment_matches_brute_force(weights: list[list[float]]) -> None:
    rows, cols = len(weights), len(weights[0])
    if rows <= cols:
        best = max(sum(weights[i][j] for i, j in enumerate(p)) for p in itertools.permutations(range(cols), rows))
    else:
        best = max(sum(weights[i][j] for j, i in enumerate(p)) for p in itertools.permutations(range(rows), cols))
    assert max_weight_assignment(weights) == pytest.approx(best)


def test_assignment_of_nothing() -> None:
    assert max_weight_assignment([]) == 0.0
