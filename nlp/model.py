"""The trained category model at prediction time: a linear scorer over TF-IDF features.

Loading touches numpy only (no scikit-learn), which keeps a cold start under a second and the
resident memory small.  Confidence is a softmax over the linear scores with one temperature
fitted on held-out scores during training, so that "0.8" means right about 80% of the time.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from nlp import modelfile
from nlp.category import CategoryResult
from nlp.features import CHAR, CLUSTER, HEAD, FeatureSpec, category_text, extract
from nlp.vectorizer import FloatArray, SparseVector, Vectorizer, readable

#: File name of the model shipped inside the package (trained on nlp/data/seed_corpus.tsv).
SHIPPED_MODEL = "seed_model.npz"

# How many terms explain a decision: enough for a case note, few enough to read.
_EXPLAIN = 5
#: How many labels a decision offers a clerk: the right one is in the top three for ~99%.
ALTERNATIVES = 3
#: The model header's key for the held-out selective-precision curve (see :meth:`precision_at`).
SELECTIVE = "selective"


def shipped_model_path() -> Path:
    """Where the shipped model file lives."""
    return Path(str(resources.files("nlp.data").joinpath(SHIPPED_MODEL)))


class LinearModel:
    """Scores each label as ``x · w + b`` and reports the best with its top-weighted terms."""

    def __init__(
        self,
        labels: Sequence[str],
        spec: FeatureSpec,
        vectorizer: Vectorizer,
        weights: FloatArray,
        bias: FloatArray,
        *,
        scale: float = 1.0,
        meta: dict[str, Any] | None = None,
        clusters: dict[str, int] | None = None,
    ) -> None:
        if weights.shape != (vectorizer.size, len(labels)) or bias.shape != (len(labels),):
            raise ValueError("weights and bias do not match the vocabulary and labels")
        self._labels = tuple(labels)
        self._spec = spec
        self._vectorizer = vectorizer
        self._weights = np.ascontiguousarray(weights, dtype=np.float32)
        self._bias = bias.astype(np.float32)
        self._scale = float(scale)
        self._meta = dict(meta or {})
        self._clusters = dict(clusters or {})
        curve = self._meta.get(SELECTIVE) or {}
        self._curve_confidence = np.asarray(curve.get("confidence", []), dtype=np.float64)
        self._curve_precision = np.asarray(curve.get("precision", []), dtype=np.float64)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        """Load a model file; raises :class:`nlp.errors.ModelError` when it cannot be used."""
        data = modelfile.read(path)
        vectorizer = Vectorizer(data.features, data.idf, data.block_weights)
        return cls(
            data.labels, data.spec, vectorizer, data.weights, data.bias,
            scale=data.scale, meta=data.meta, clusters=data.clusters,
        )

    def save(self, path: Path) -> None:
        """Write the model to ``path`` (see :mod:`nlp.modelfile`)."""
        modelfile.write(
            modelfile.ModelData(
                labels=self._labels,
                spec=self._spec,
                block_weights=self._vectorizer.block_weights,
                scale=self._scale,
                features=self._vectorizer.features,
                idf=self._vectorizer.idf,
                weights=self._weights,
                bias=self._bias,
                meta=self._meta,
                clusters=self._clusters,
            ),
            path,
        )

    @property
    def labels(self) -> tuple[str, ...]:
        """The label set in training order."""
        return self._labels

    @property
    def spec(self) -> FeatureSpec:
        """The feature extraction the model was trained with."""
        return self._spec

    @property
    def vectorizer(self) -> Vectorizer:
        """The TF-IDF vectorizer the model was trained with."""
        return self._vectorizer

    @property
    def meta(self) -> dict[str, Any]:
        """Training facts recorded in the file (data size, date, cross-validation figures)."""
        return dict(self._meta)

    @property
    def clusters(self) -> dict[str, int]:
        """The word → cluster map of the cluster features (empty: none)."""
        return dict(self._clusters)

    @property
    def scale(self) -> float:
        """The softmax temperature's inverse fitted on held-out scores."""
        return self._scale

    def category_text(self, text: str) -> str:
        """The part of normalized ``text`` this model tokenizes (its spec says how)."""
        return category_text(text, self._spec)

    def precision_at(self, confidence: float) -> float | None:
        """Held-out precision of this model's decisions at least ``confidence`` sure.

        Training records, for rising thresholds t, the precision of all held-out messages with
        confidence >= t, made non-decreasing from the top (the lowest precision of any stricter
        threshold), so that "route when precision_at(c) >= 0.97" is one threshold on c.  None
        when the file has no curve.
        """
        if not self._curve_confidence.size:
            return None
        position = int(np.searchsorted(self._curve_confidence, confidence, side="right")) - 1
        if position < 0:
            # Less sure than any point measured: the precision of everything held out.
            return float(self._curve_precision[0])
        return float(self._curve_precision[position])

    def threshold_for(self, precision: float) -> float | None:
        """The lowest confidence whose held-out precision reaches ``precision`` (None: never)."""
        reached = np.nonzero(self._curve_precision >= precision)[0]
        if not reached.size:
            return None
        return float(self._curve_confidence[int(reached[0])])

    def vector(self, terms: Sequence[str]) -> SparseVector:
        """The model's input vector for a message whose content words are ``terms``."""
        return self._vectorizer.vector(extract(terms, self._spec, self._clusters))

    def scores(self, vector: SparseVector) -> FloatArray:
        """Raw linear scores per label."""
        result: FloatArray = vector.values @ self._weights[vector.indices] + self._bias
        return result

    def probabilities(self, scores: FloatArray) -> FloatArray:
        """Calibrated confidences per label (softmax of the scaled scores)."""
        scaled = scores * self._scale
        scaled = scaled - scaled.max()
        exponentials = np.exp(scaled)
        result: FloatArray = exponentials / exponentials.sum()
        return result

    def classify(self, text: str, terms: Sequence[str]) -> CategoryResult:
        """Classify a message given its content words (``text`` is not needed by this model)."""
        vector = self.vector(terms)
        scores = self.scores(vector)
        if not vector.indices.size:
            # Nothing known in the text: the bias alone picks a label, and nobody should trust it.
            best = int(np.argmax(scores))
            return CategoryResult(self._labels[best], 0.0, (), ((self._labels[best], 0.0),), 0.0)
        probabilities = self.probabilities(scores)
        order = np.argsort(-probabilities, kind="stable")[:ALTERNATIVES]
        best = int(order[0])
        confidence = float(probabilities[best])
        return CategoryResult(
            self._labels[best],
            round(confidence, 4),
            self._explain(vector, best),
            tuple((self._labels[int(i)], round(float(probabilities[int(i)]), 4)) for i in order),
            self.precision_at(confidence),
        )

    def _explain(self, vector: SparseVector, label: int) -> tuple[str, ...]:
        if not vector.indices.size:
            return ()
        contributions = vector.values * self._weights[vector.indices, label]
        order = np.argsort(-contributions)
        features = self._vectorizer.features
        words: list[str] = []
        grams: list[str] = []
        for position in order[: 8 * _EXPLAIN]:
            if contributions[position] <= 0:
                break
            feature = features[int(vector.indices[position])]
            if feature.startswith(CLUSTER):
                continue  # a cluster number explains nothing to a reader
            term = readable(feature)
            if feature.startswith((CHAR, HEAD)):
                if len(term) >= 2:
                    grams.append(term)
            elif len(term) >= 2 and term not in words:
                # Single characters ("月", "分") explain nothing to a reader.
                words.append(term)
        # Words read better than character n-grams; n-grams fill in for words the model has not
        # seen, and are skipped when a chosen word already contains them.
        for gram in grams:
            if len(words) >= _EXPLAIN:
                break
            if not any(gram in word for word in words):
                words.append(gram)
        return tuple(words[:_EXPLAIN])
