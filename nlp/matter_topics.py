"""Which kinds of words two texts differ by: word topics learned from petitions, without labels.

Two petitions about one place share its words whether they are one matter or two; what tells
them apart is what each says that the other does not. Whether such a difference matters
depends on *what kind* of word it is: a retelling adds people, days and feelings ("我替我爸反映",
"天天", "吓死人"), another matter at the same place adds another thing wrong or another ask
("瓷砖往下掉" against "单元门锁坏了", "修好" against "把钱出了") — words the matter lexicon
mostly does not list. So every word of the in-domain petitions is put in one of
:data:`TOPICS` groups of words petitions use in the same contexts (a PPMI co-occurrence
matrix over a window of :data:`WINDOW` words, reduced by a truncated SVD and clustered by
k-means: 漏水 / 渗水 / 开裂 fall together, 噪音 / 轰鸣 in another group, 老鼠 / 蟑螂 in a third),
and a pair gets, per group, how far the two texts' words the other lacks differ in weight
there (:func:`topic_differences`). The pair model learns which groups' differences mean
another matter; a weight per group, not per word, carries to words no training pair used.

The groups are kept in the matter model file as sorted word hashes and a group number each
(:class:`WordTopics`); a signature's stored word vector is all a pair needs, so a signature
of any age is compared. Names of places and parties are left out (two 小区 names differ by
topic, not by matter).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from nlp.matter_signature import Vector, feature_hash

#: Groups of words. Measured on the five-figure dev evaluation (docs/NLP.md, session 15): 16
#: groups and their absolute differences did better than 32 groups counting the weight only
#: one side has, and than a best similarity per word (cross-text alignment).
TOPICS = 16
#: Words on either side that count as one context, the dimensions of the reduced matrix,
#: and the documents a word must be in to be grouped (fewer: its contexts are noise).
WINDOW = 5
DIMENSIONS = 64
MIN_DF = 5
#: Seeds of the SVD and the k-means: every training run gives the same groups.
SEED = 1

U32Array = npt.NDArray[np.uint32]
U8Array = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float64]
#: A vector's words that have a group: (word hash, weight, group).
TopicTerms = tuple[tuple[int, float, int], ...]


@dataclass(frozen=True, slots=True)
class WordTopics:
    """The group of each grouped word, by word hash (sorted)."""

    hashes: U32Array
    groups: U8Array
    #: Group by hash, derived once (a dictionary finds a few dozen words faster than numpy).
    index: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", dict(zip(self.hashes.tolist(), self.groups.tolist(),
                                                   strict=True)))

    def terms(self, vector: Vector) -> TopicTerms:
        """``vector``'s words that have a group, as (word hash, weight, group): derived once
        per signature (:mod:`nlp.matter_view`)."""
        index = self.index
        return tuple((word, weight, group) for word, weight in zip(
            vector.hashes.tolist(), vector.weights.tolist(), strict=True)
            if (group := index.get(word)) is not None)

    @classmethod
    def fit(cls, documents: Sequence[Sequence[str]]) -> WordTopics:
        """The groups of the words of ``documents`` (each its content words, in order)."""
        from scipy.sparse import csr_matrix
        from sklearn.cluster import KMeans
        from sklearn.decomposition import TruncatedSVD

        df: Counter[str] = Counter()
        for words in documents:
            df.update(set(words))
        vocabulary = sorted(word for word, count in df.items() if count >= MIN_DF)
        column = {word: i for i, word in enumerate(vocabulary)}
        pairs: Counter[tuple[int, int]] = Counter()
        for words in documents:
            ids = [column.get(word, -1) for word in words]
            for i, a in enumerate(ids):
                if a < 0:
                    continue
                for b in ids[i + 1:i + 1 + WINDOW]:
                    if b >= 0 and b != a:
                        pairs[(a, b)] += 1
                        pairs[(b, a)] += 1
        size = len(vocabulary)
        keys = np.array(list(pairs), dtype=np.int64).reshape(len(pairs), 2)
        counts = np.fromiter(pairs.values(), dtype=np.float64, count=len(pairs))
        total = counts.sum()
        rows = np.bincount(keys[:, 0], weights=counts, minlength=size)
        # Positive PMI with the context distribution smoothed (^0.75): rare contexts would
        # otherwise dominate.
        context = rows ** 0.75
        context /= context.sum()
        pmi = np.log(counts * total / rows[keys[:, 0]] / (context[keys[:, 1]] * total))
        keep = pmi > 0
        matrix = csr_matrix((pmi[keep], (keys[keep, 0], keys[keep, 1])), shape=(size, size))
        svd = TruncatedSVD(min(DIMENSIONS, size - 1), algorithm="randomized", n_iter=7,
                           random_state=SEED)
        reduced = svd.fit_transform(matrix) / np.sqrt(svd.singular_values_)
        # Rows in the order of their hashes, as stored: k-means' start depends on the order.
        hashes = np.array([feature_hash(word) for word in vocabulary], dtype=np.uint32)
        order = np.argsort(hashes, kind="stable")
        reduced = reduced[order].astype(np.float32)
        norms = np.linalg.norm(reduced, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        groups = KMeans(min(TOPICS, size), n_init=3,
                        random_state=SEED).fit_predict(reduced / norms)
        return cls(hashes[order], groups.astype(np.uint8))

    @classmethod
    def empty(cls) -> WordTopics:
        return cls(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint8))


def topic_differences(a: TopicTerms, b: TopicTerms, a_words: frozenset[int],
                      b_words: frozenset[int], names: frozenset[int]) -> list[float]:
    """Per group, the absolute difference of the weight of the words each text has and the
    other lacks (``names`` left out): 0 where the two add the same kind of words, or none."""
    difference = [0.0] * TOPICS
    for word, weight, group in a:
        if word not in b_words and word not in names:
            difference[group] += weight
    for word, weight, group in b:
        if word not in a_words and word not in names:
            difference[group] -= weight
    return [abs(value) for value in difference]
