"""Coreference scores: MUC, B-cubed, CEAF-e and their mean, the CoNLL F1.

The definitions follow Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions:
A Reference Implementation", and the CoNLL reference scorer (v8) it describes. Key and response may
hold different mentions ("twinless" mentions): nothing is added or dropped to make them agree, as the
reference scorer does not either. A key mention the response lacks counts as a response singleton
for MUC, earns no B-cubed credit and shrinks its entity's CEAF-e similarity; a response mention the
key lacks costs precision in the same ways.

Conventions copied from the reference scorer so figures compare with published ones:
- a ratio with a zero denominator is 0 (MUC on all-singleton keys, any score on an empty side);
- F1 is 0 when recall and precision are both 0;
- a mention may belong to one cluster per partition; a mention listed twice is an error here, where
  the reference scorer would silently de-duplicate it.

Mentions are any hashable values (for ECB+: document id plus span), clusters any iterables of them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Mention = Hashable
Partition = Sequence[frozenset[Mention]]


@dataclass(frozen=True)
class Score:
    """Recall, precision and their harmonic mean for one metric."""

    recall: float
    precision: float

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 0.0 if total == 0 else 2 * self.recall * self.precision / total

    def as_dict(self) -> dict[str, float]:
        return {"recall": self.recall, "precision": self.precision, "f1": self.f1}


@dataclass(frozen=True)
class CorefScores:
    """The three link-, mention- and entity-based metrics the CoNLL F1 averages."""

    muc: Score
    b_cubed: Score
    ceaf_e: Score

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3

    def as_dict(self) -> dict[str, object]:
        return {
            "muc": self.muc.as_dict(),
            "b_cubed": self.b_cubed.as_dict(),
            "ceaf_e": self.ceaf_e.as_dict(),
            "conll_f1": self.conll_f1,
        }


def partition(clusters: Iterable[Iterable[Mention]]) -> list[frozenset[Mention]]:
    """Clusters as frozensets, empty ones dropped; a mention in two clusters raises ValueError.

    A mention in two clusters is not a partition, and every metric below would count it twice.
    """
    seen: set[Mention] = set()
    result: list[frozenset[Mention]] = []
    for cluster in clusters:
        members = frozenset(cluster)
        if not members:
            continue
        clash = seen & members
        if clash:
            raise ValueError(f"mentions in more than one cluster: {sorted(map(repr, clash))[:5]}")
        seen |= members
        result.append(members)
    return result


def clusters_from_labels(labels: Mapping[Mention, Hashable]) -> list[frozenset[Mention]]:
    """Group mentions that share a label (a chain id, an entity id) into clusters."""
    groups: dict[Hashable, set[Mention]] = {}
    for mention, label in labels.items():
        groups.setdefault(label, set()).add(mention)
    return [frozenset(group) for group in groups.values()]


def _ratio(numerator: float, denominator: float) -> float:
    return 0.0 if denominator == 0 else numerator / denominator


def _index(clusters: Partition) -> dict[Mention, int]:
    return {mention: i for i, cluster in enumerate(clusters) for mention in cluster}


def _muc_side(gold: Partition, other: Partition) -> tuple[int, int]:
    """Vilain et al. (1995) over `gold`: (|K| - parts of K in `other`) summed, and (|K| - 1) summed.

    Mentions of K that `other` lacks each form a part of their own, which is how the reference
    scorer treats twinless mentions.
    """
    where = _index(other)
    numerator = denominator = 0
    for cluster in gold:
        parts = {where[m] for m in cluster if m in where}
        missing = sum(1 for m in cluster if m not in where)
        numerator += len(cluster) - (len(parts) + missing)
        denominator += len(cluster) - 1
    return numerator, denominator


def muc(key: Iterable[Iterable[Mention]], response: Iterable[Iterable[Mention]]) -> Score:
    """MUC: the share of coreference links recovered; singletons carry no links and count for nothing."""
    k, r = partition(key), partition(response)
    return Score(_ratio(*_muc_side(k, r)), _ratio(*_muc_side(r, k)))


def _b_cubed_side(gold: Partition, other: Partition) -> tuple[float, int]:
    """Bagga and Baldwin (1998) over `gold`: sum over mentions of |K ∩ R(m)| / |K|, and the mention count."""
    where = _index(other)
    total = 0.0
    for cluster in gold:
        overlaps: dict[int, int] = {}
        for mention in cluster:
            if mention in where:
                overlaps[where[mention]] = overlaps.get(where[mention], 0) + 1
        total += sum(n * n for n in overlaps.values()) / len(cluster)
    return total, sum(len(cluster) for cluster in gold)


def b_cubed(key: Iterable[Iterable[Mention]], response: Iterable[Iterable[Mention]]) -> Score:
    """B-cubed: per-mention overlap of the key and response clusters, averaged over each side's mentions."""
    k, r = partition(key), partition(response)
    return Score(_ratio(*_b_cubed_side(k, r)), _ratio(*_b_cubed_side(r, k)))


def ceaf_e(key: Iterable[Iterable[Mention]], response: Iterable[Iterable[Mention]]) -> Score:
    """CEAF-e (Luo 2005, phi4): the best one-to-one entity alignment's total similarity 2|K∩R| / (|K|+|R|).

    Recall divides the total by the number of key entities, precision by the number of response entities.
    """
    k, r = partition(key), partition(response)
    total = _best_alignment(k, r)
    return Score(_ratio(total, len(k)), _ratio(total, len(r)))


def conll(key: Iterable[Iterable[Mention]], response: Iterable[Iterable[Mention]]) -> CorefScores:
    """MUC, B-cubed and CEAF-e of one response against one key; `.conll_f1` is the mean of their F1."""
    k, r = partition(key), partition(response)
    return CorefScores(muc(k, r), b_cubed(k, r), ceaf_e(k, r))


def _best_alignment(key: Partition, response: Partition) -> float:
    """The largest total phi4 over one-to-one alignments of key to response entities.

    Entities that share no mention have similarity 0, so the problem splits into the connected
    components of the "shares a mention" graph; each is solved exactly and they are summed. On ECB+
    that keeps every matrix the size of one chain's neighbourhood rather than the whole test set.
    """
    where = _index(response)
    parent = list(range(len(key) + len(response)))  # key entities first, then response entities

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, cluster in enumerate(key):
        for mention in cluster:
            if mention in where:
                parent[find(i)] = find(len(key) + where[mention])
    components: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(key)):
        components.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(response)):
        components.setdefault(find(len(key) + j), ([], []))[1].append(j)
    total = 0.0
    for rows, cols in components.values():
        if rows and cols:
            weights = [[_phi4(key[i], response[j]) for j in cols] for i in rows]
            total += max_weight_assignment(weights)
    return total


def _phi4(a: frozenset[Mention], b: frozenset[Mention]) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def max_weight_assignment(weights: Sequence[Sequence[float]]) -> float:
    """The largest total weight of a one-to-one matching in a rectangular matrix of non-negative weights.

    The Hungarian method with potentials (Kuhn-Munkres, as in Jonker and Volgenant), O(n^2 m): exact,
    which a greedy alignment is not, and without adding scipy as a dependency for one function.
    """
    if not weights or not weights[0]:
        return 0.0
    matrix = [list(row) for row in weights]
    if len(matrix) > len(matrix[0]):
        matrix = [list(column) for column in zip(*matrix, strict=True)]
    n, m = len(matrix), len(matrix[0])
    cost = [[-w for w in row] for row in matrix]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: the row (1-based) assigned to column j, 0 for none
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        slack = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < slack[j]:
                        slack[j], way[j] = reduced, j0
                    if slack[j] < delta:
                        delta, j1 = slack[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    slack[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sum(matrix[owner[j] - 1][j - 1] for j in range(1, m + 1) if owner[j])
