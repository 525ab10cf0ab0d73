"""TF-IDF vectors over :mod:`nlp.features`, written with numpy alone.

Prediction must start fast and stay small, so it does not import scikit-learn: this module holds
the vocabulary, the idf weights and the per-family normalization that training used, and the
trainer builds its matrices through the very same :meth:`Vectorizer.vector` (so training and
prediction cannot drift apart).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nlp.features import BLOCKS, CHAR, HEAD

FloatArray = npt.NDArray[np.float32]
_BLOCK_INDEX = {prefix: index for index, prefix in enumerate(BLOCKS)}
IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class SparseVector:
    """Feature indices and their weights for one message."""

    indices: IntArray
    values: FloatArray


class Vectorizer:
    """Sublinear TF-IDF, L2-normalized per feature family, each family scaled by its weight.

    Normalizing families separately keeps the few word features from being drowned by the
    hundreds of character n-grams of the same message.
    """

    def __init__(
        self,
        features: Sequence[str],
        idf: FloatArray,
        block_weights: Sequence[float],
    ) -> None:
        if len(features) != len(idf):
            raise ValueError("features and idf differ in length")
        if len(block_weights) != len(BLOCKS):
            raise ValueError(f"need {len(BLOCKS)} block weights")
        self._features = list(features)
        # zip/range builds the index in C: a trained model has ~500k features and this runs at
        # every start.
        self._vocabulary = dict(zip(self._features, range(len(self._features))))
        if len(self._vocabulary) != len(self._features):
            raise ValueError("duplicate feature names")
        self._idf = idf.astype(np.float32, copy=False)
        self._block_weights = tuple(float(weight) for weight in block_weights)

    @property
    def size(self) -> int:
        """Number of features."""
        return len(self._features)

    @property
    def idf(self) -> FloatArray:
        """Inverse document frequency per feature index."""
        return self._idf

    @property
    def block_weights(self) -> tuple[float, ...]:
        """The scale of each feature family, in :data:`nlp.features.BLOCKS` order."""
        return self._block_weights

    @property
    def features(self) -> list[str]:
        """Feature names by index."""
        return self._features

    def vector(self, counts: Mapping[str, int]) -> SparseVector:
        """The weighted, normalized vector of one message's feature counts."""
        per_block: list[tuple[list[int], list[float]]] = [([], []) for _ in BLOCKS]
        vocabulary = self._vocabulary
        idf = self._idf
        for feature, count in counts.items():
            index = vocabulary.get(feature)
            if index is None:
                continue
            block = _BLOCK_INDEX[feature[:2]]
            per_block[block][0].append(index)
            per_block[block][1].append((1.0 + math.log(count)) * float(idf[index]))
        indices: list[int] = []
        values: list[float] = []
        for (block_indices, block_values), weight in zip(per_block, self._block_weights):
            if not block_indices or weight == 0.0:
                continue
            norm = math.sqrt(sum(value * value for value in block_values))
            indices.extend(block_indices)
            values.extend(value * weight / norm for value in block_values)
        return SparseVector(np.asarray(indices, dtype=np.int32), np.asarray(values, dtype=np.float32))

    @classmethod
    def fit(
        cls,
        documents: Iterable[Counter[str]],
        *,
        min_df: Mapping[str, int],
        block_weights: Sequence[float],
    ) -> Vectorizer:
        """Learn the vocabulary and idf from feature counts; ``min_df`` per family prefix."""
        frequency: Counter[str] = Counter()
        total = 0
        for counts in documents:
            frequency.update(counts.keys())
            total += 1
        kept = sorted(
            feature for feature, df in frequency.items() if df >= min_df.get(feature[:2], 1)
        )
        # Smoothed idf, as in scikit-learn: as if one extra document held every feature.
        idf = np.array(
            [math.log((1 + total) / (1 + frequency[feature])) + 1.0 for feature in kept],
            dtype=np.float32,
        )
        return cls(kept, idf, block_weights)


def readable(feature: str) -> str:
    """A feature name as a citizen-facing term: the word, the word pair or the n-gram."""
    body = feature[2:]
    return body if feature.startswith((CHAR, HEAD)) else body.replace(" ", "")
