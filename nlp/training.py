"""Training, cross-validation and evaluation of the category model (``python run.py nlp ...``).

This is the only module that imports scikit-learn, and only for fitting and for metrics: the
model it writes is read back with numpy alone (:mod:`nlp.model`).

Identical texts are merged before anything else (majority label): the reference data repeats
about 190 messages, and a copy on each side of a cross-validation split would flatter the score.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from tqdm import tqdm

from nlp import calibration
from nlp.augment import roughened
from nlp.category import CategoryResult
from nlp.dataset import Example, read_examples
from nlp.errors import TrainingDataError
from nlp.features import (
    CHAR,
    CLUSTER,
    HEAD,
    PAIR,
    WORD,
    FeatureSpec,
    category_text,
    content_words,
    extract,
)
from nlp.masking import mask_places
from nlp.model import SELECTIVE, LinearModel
from nlp.normalize import normalize
from nlp.tokenizer import Tokenizer
from nlp.vectorizer import FloatArray, SparseVector, Vectorizer


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Everything that shapes a model besides its data.  The defaults are the measured best."""

    spec: FeatureSpec = field(default_factory=lambda: FeatureSpec(strip_letter=True, mask_places=True))
    #: Scale of each feature family, in :data:`nlp.features.BLOCKS` order.
    block_weights: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0, 1.0)
    #: Minimum document frequency per feature family: rare n-grams are mostly names and typos.
    min_df: tuple[tuple[str, int], ...] = ((WORD, 1), (PAIR, 2), (CHAR, 2), (HEAD, 2), (CLUSTER, 1))
    #: Inverse regularization strength of the linear SVM.
    c: float = 0.5
    #: Features kept after a first fit, by their largest absolute weight over the labels, before
    #: the model is fitted again on them alone (0: keep all).  A model trained on a few thousand
    #: messages has ~460k features, most of them rare n-grams with weights near zero: keeping
    #: 40k cuts the file from 10.8 MB to ~1 MB and the load time with it, and scored no worse in
    #: cross-validation (docs/NLP.md).
    max_features: int = 40_000
    #: Folds used to fit the confidence temperature on held-out scores (0: no calibration).
    calibration_folds: int = 3
    #: Roughened copies (:mod:`nlp.augment`) added per training message, for live raw text.
    #: Off by default: one copy doubled the training time and moved no evaluation set beyond
    #: its noise (docs/NLP.md, issue 18).
    augment: int = 0
    #: Word clusters learned from the training and unlabelled texts (0: none; :mod:`nlp.clusters`).
    clusters: int = 0
    #: How much a roughened copy is roughened (the share of gaps that get a filler).
    augment_rate: float = 0.2
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Prepared:
    """A deduplicated example with its feature counts (tokenizing is the slow part; do it once)."""

    label: str
    counts: Counter[str]
    #: Feature counts of roughened copies: trained on beside the message, never scored.
    extra: tuple[Counter[str], ...] = ()
    #: How much the message counts in the fit (a bureau's own cases count more than a base file).
    weight: float = 1.0


def dedupe(examples: Iterable[Example]) -> list[Example]:
    """One example per normalized text, with the majority label (ties: the first seen)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, str] = {}
    for example in examples:
        text = normalize(example.text)
        if not text:
            continue
        votes[text][example.label] += 1
        first.setdefault(text, example.label)
    result: list[Example] = []
    for text, counter in votes.items():
        top = max(counter.values())
        label = first[text] if counter[first[text]] == top else counter.most_common(1)[0][0]
        result.append(Example(label, text))
    return result


def features_of(text: str, tokenizer: Tokenizer, spec: FeatureSpec,
                clusters: dict[str, int] | None = None) -> Counter[str]:
    """Feature counts of one raw text, exactly as prediction computes them."""
    return extract(tokenizer.terms(category_text(normalize(text), spec)), spec, clusters)


def learn_clusters(texts: Sequence[str], tokenizer: Tokenizer, spec: FeatureSpec, count: int,
                   *, seed: int = 0, progress: bool = False) -> dict[str, int]:
    """Word clusters over the words the features see (:mod:`nlp.clusters`)."""
    from nlp import clusters

    documents = []
    for text in tqdm(texts, desc="clustering words", unit="msg", disable=not progress):
        words = content_words(tokenizer.terms(category_text(normalize(text), spec)))
        documents.append(mask_places(words) if spec.mask_places else words)
    return clusters.learn(documents, count=count, seed=seed)


def prepare(
    examples: Sequence[Example],
    tokenizer: Tokenizer,
    spec: FeatureSpec,
    *,
    progress: bool = False,
    augment: int = 0,
    augment_rate: float = 0.2,
    seed: int = 0,
    clusters: dict[str, int] | None = None,
) -> list[Prepared]:
    """Normalize, tokenize and extract features for every example (and its roughened copies)."""
    copies = [roughened([e.text for e in examples], seed + n, rate=augment_rate)
              for n in range(augment)]
    result: list[Prepared] = []
    for index, example in enumerate(
        tqdm(examples, desc="tokenizing", unit="msg", disable=not progress)
    ):
        extra = tuple(features_of(texts[index], tokenizer, spec, clusters) for texts in copies)
        result.append(Prepared(example.label, features_of(example.text, tokenizer, spec, clusters),
                               extra))
    return result


def _rows(prepared: Sequence[Prepared]) -> tuple[list[Counter[str]], list[str], list[float]]:
    """Training rows: every message and its roughened copies, with their labels and weights."""
    counts: list[Counter[str]] = []
    labels: list[str] = []
    weights: list[float] = []
    for item in prepared:
        for row in (item.counts, *item.extra):
            counts.append(row)
            labels.append(item.label)
            weights.append(item.weight)
    return counts, labels, weights


def _matrix(vectors: Sequence[SparseVector], width: int) -> sparse.csr_matrix:
    lengths = [vector.indices.size for vector in vectors]
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    indices = np.concatenate([vector.indices for vector in vectors]) if vectors else np.zeros(0)
    values = np.concatenate([vector.values for vector in vectors]) if vectors else np.zeros(0)
    return sparse.csr_matrix((values, indices, indptr), shape=(len(vectors), width))


def label_columns(classifier: Any, features: int, labels: Sequence[str]
                  ) -> tuple[FloatArray, FloatArray]:
    """A fitted scikit-learn linear classifier as one weight column and one bias per label of
    ``labels``, in that order: the shape the shipped models score with. A label the fit never
    saw (a small fold without it) gets a bias that keeps it from ever being chosen."""
    fitted = [str(label) for label in classifier.classes_]
    coef = np.asarray(classifier.coef_, dtype=np.float32)
    intercept = np.asarray(classifier.intercept_, dtype=np.float32)
    if len(fitted) == 2:
        # A binary fit has one score, positive for its second class: make it two.
        coef = np.concatenate([-coef / 2, coef / 2])
        intercept = np.concatenate([-intercept / 2, intercept / 2])
    weights = np.zeros((features, len(labels)), dtype=np.float32)
    bias = np.full(len(labels), -1e3, dtype=np.float32)
    for position, label in enumerate(fitted):
        target = list(labels).index(label)
        weights[:, target] = coef[position]
        bias[target] = intercept[position]
    return weights, bias


def _fit_linear(
    matrix: sparse.csr_matrix, labels: Sequence[str], classes: Sequence[str], config: TrainConfig,
    sample_weight: Sequence[float] | None = None,
) -> tuple[FloatArray, FloatArray]:
    from sklearn.svm import LinearSVC

    classifier = LinearSVC(C=config.c, random_state=config.seed)
    weighted = sample_weight is not None and any(weight != 1.0 for weight in sample_weight)
    classifier.fit(matrix, list(labels),
                   sample_weight=np.asarray(sample_weight, dtype=np.float64) if weighted else None)
    return label_columns(classifier, matrix.shape[1], classes)


def _vectorizer(prepared: Sequence[Prepared], config: TrainConfig) -> Vectorizer:
    # Document frequencies from the messages themselves: a roughened copy is not a new document.
    return Vectorizer.fit(
        (item.counts for item in prepared),
        min_df=dict(config.min_df),
        block_weights=config.block_weights,
    )


def _fit_model(
    prepared: Sequence[Prepared], classes: Sequence[str], config: TrainConfig
) -> tuple[Vectorizer, FloatArray, FloatArray]:
    vectorizer = _vectorizer(prepared, config)
    rows, labels, row_weights = _rows(prepared)
    matrix = _matrix([vectorizer.vector(row) for row in rows], vectorizer.size)
    weights, bias = _fit_linear(matrix, labels, classes, config, row_weights)
    if 0 < config.max_features < vectorizer.size:
        vectorizer = _selected(vectorizer, weights, config.max_features)
        # Refit on the kept features alone: each family's L2 norm is now taken over fewer
        # features, exactly as prediction with the smaller vocabulary will take it.
        matrix = _matrix([vectorizer.vector(row) for row in rows], vectorizer.size)
        weights, bias = _fit_linear(matrix, labels, classes, config, row_weights)
    return vectorizer, weights, bias


def _selected(vectorizer: Vectorizer, weights: FloatArray, count: int) -> Vectorizer:
    """The ``count`` features with the largest absolute weight for any label, in vocabulary order."""
    strength = np.abs(weights).max(axis=1)
    # A stable sort on the negated strength keeps ties in vocabulary order: training is repeatable.
    kept = np.sort(np.argsort(-strength, kind="stable")[:count])
    features = vectorizer.features
    return Vectorizer([features[int(index)] for index in kept], vectorizer.idf[kept], vectorizer.block_weights)


def _folds(labels: Sequence[str], folds: int, seed: int) -> list[list[int]]:
    """Stratified fold assignment: each label's examples dealt round-robin after a shuffle."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_label[label].append(index)
    generator = random.Random(seed)
    result: list[list[int]] = [[] for _ in range(folds)]
    offset = 0
    for label in sorted(by_label):
        indices = by_label[label]
        generator.shuffle(indices)
        for position, index in enumerate(indices):
            result[(position + offset) % folds].append(index)
        offset += len(indices)
    return result


def _held_out_scores(
    prepared: Sequence[Prepared],
    classes: Sequence[str],
    config: TrainConfig,
    folds: int,
    on_fold: Callable[[], object] = lambda: None,
) -> FloatArray:
    """Scores of every example from a model that did not see it."""
    scores = np.zeros((len(prepared), len(classes)), dtype=np.float32)
    for test in _folds([item.label for item in prepared], folds, config.seed):
        held = set(test)
        train_part = [item for index, item in enumerate(prepared) if index not in held]
        vectorizer, weights, bias = _fit_model(train_part, classes, config)
        for index in test:
            vector = vectorizer.vector(prepared[index].counts)
            scores[index] = vector.values @ weights[vector.indices] + bias
        on_fold()
    return scores


def _temperature(scores: FloatArray, truth: Sequence[int]) -> float:
    """The softmax scale that minimizes the log-loss of held-out scores (a grid is enough)."""
    target = np.asarray(truth)
    best_scale, best_loss = 1.0, math.inf
    for scale in np.geomspace(0.25, 64.0, 49):
        scaled = scores * scale
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scaled).sum(axis=1))
        loss = float(np.mean(log_norm - scaled[np.arange(len(target)), target]))
        if loss < best_loss:
            best_scale, best_loss = float(scale), loss
    return best_scale


def fit(
    examples: Sequence[Example],
    *,
    config: TrainConfig | None = None,
    tokenizer: Tokenizer | None = None,
    progress: bool = False,
    meta: dict[str, Any] | None = None,
    unlabelled: Sequence[str] = (),
    own: Sequence[Example] = (),
    own_weight: float = 1.0,
) -> LinearModel:
    """Train a model on ``examples`` (deduplicated here) and return it, not yet saved.

    ``unlabelled``: more texts for the word clusters (``config.clusters``), never labels.
    ``own``: a bureau's own cases, weighted ``own_weight`` each; their label wins over a base
    example with the same text.
    """
    config = config or TrainConfig()
    tokenizer = tokenizer or Tokenizer()
    mine = dedupe(own)
    seen = {example.text for example in mine}
    unique = [example for example in dedupe(examples) if example.text not in seen]
    classes = sorted({example.label for example in (*unique, *mine)})
    if len(classes) < 2:
        raise TrainingDataError(f"need at least two labels to train, found {classes}")
    clusters = (learn_clusters([*(e.text for e in (*unique, *mine)), *unlabelled], tokenizer,
                               config.spec, config.clusters, seed=config.seed, progress=progress)
                if config.clusters else {})
    prepared = _prepare(unique, tokenizer, config, progress, clusters) + [
        replace(item, weight=own_weight)
        for item in _prepare(mine, tokenizer, config, progress, clusters)]
    unique = [*unique, *mine]
    calibration_folds = min(config.calibration_folds, min(Counter(item.label for item in prepared).values()))
    steps = (calibration_folds if calibration_folds >= 2 else 0) + 1
    held_out: dict[str, Any] = {}
    with tqdm(total=steps, desc="fitting", unit="fit", disable=not progress) as bar:
        scale = 1.0
        if calibration_folds >= 2:
            scores = _held_out_scores(prepared, classes, config, calibration_folds, lambda: bar.update(1))
            truth = [classes.index(item.label) for item in prepared]
            scale = _temperature(scores, truth)
            held_out = _selective_facts(scores, truth, scale)
        vectorizer, weights, bias = _fit_model(prepared, classes, config)
        bar.update(1)
    info = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "examples": len(unique),
        "labels": dict(Counter(item.label for item in prepared)),
        "c": config.c,
        "max_features": config.max_features,
        "augment": config.augment,
        **held_out,
        **(meta or {}),
    }
    if clusters:
        info["clusters"] = len(set(clusters.values()))
    return LinearModel(classes, config.spec, vectorizer, weights, bias, scale=scale, meta=info,
                       clusters=clusters)


def _prepare(
    examples: Sequence[Example], tokenizer: Tokenizer, config: TrainConfig, progress: bool,
    clusters: dict[str, int] | None = None,
) -> list[Prepared]:
    return prepare(examples, tokenizer, config.spec, progress=progress, augment=config.augment,
                   augment_rate=config.augment_rate, seed=config.seed, clusters=clusters)


def _selective_facts(scores: FloatArray, truth: Sequence[int], scale: float) -> dict[str, Any]:
    """What the held-out scores say about confidence: the selective curve and the ECE."""
    probabilities = calibration.softmax(scores, scale)
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == np.asarray(truth)
    curve = calibration.selective_curve(confidence, correct)
    return {
        SELECTIVE: curve,
        "held_out": {
            "n": len(truth),
            "accuracy": round(float(correct.mean()), 4),
            "ece": round(calibration.expected_calibration_error(confidence, correct), 4),
            "thresholds": {
                str(target): calibration.threshold(curve, target) for target in calibration.TARGETS
            },
        },
    }


def cross_validate(
    examples: Sequence[Example],
    *,
    folds: int = 5,
    config: TrainConfig | None = None,
    tokenizer: Tokenizer | None = None,
    progress: bool = False,
    unlabelled: Sequence[str] = (),
) -> dict[str, Any]:
    """Stratified ``folds``-fold cross-validation on deduplicated ``examples``.

    Returns ``{"n", "folds", "accuracy", "macro_f1", "per_label", "fold_macro_f1"}``.
    """
    from sklearn.metrics import f1_score

    config = config or TrainConfig()
    tokenizer = tokenizer or Tokenizer()
    unique = dedupe(examples)
    classes = sorted({example.label for example in unique})
    # Clusters are learned without labels, from every text (the held-out ones included, as a
    # vocabulary would be): what a bureau's own unlabelled archive gives it.
    clusters = (learn_clusters([*(e.text for e in unique), *unlabelled], tokenizer, config.spec,
                               config.clusters, seed=config.seed, progress=progress)
                if config.clusters else {})
    prepared = _prepare(unique, tokenizer, config, progress, clusters)
    truth = [item.label for item in prepared]
    with tqdm(total=folds, desc="cross-validating", unit="fold", disable=not progress) as bar:
        scores = _held_out_scores(prepared, classes, config, folds, lambda: bar.update(1))
    predicted = [classes[int(index)] for index in np.argmax(scores, axis=1)]
    # One temperature for the pooled held-out scores (a single parameter: the optimism of
    # fitting it on the same scores is negligible next to fold-to-fold variation).
    scale = _temperature(scores, [classes.index(label) for label in truth])
    probabilities = calibration.softmax(scores, scale)
    order = np.argsort(-probabilities, axis=1)[:, :3]
    ranked = [[(classes[int(i)], float(probabilities[row, int(i)])) for i in order[row]]
              for row in range(len(truth))]
    fold_f1 = [
        float(f1_score([truth[i] for i in test], [predicted[i] for i in test], average="macro"))
        for test in _folds(truth, folds, config.seed)
    ]
    return {
        **metrics(truth, predicted),
        **selective_metrics(truth, ranked),
        "folds": folds,
        "fold_macro_f1": [round(value, 4) for value in fold_f1],
    }


def metrics(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """``{"n", "accuracy", "macro_f1", "per_label"}`` for two label sequences."""
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    labels = sorted(set(truth) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    per_label = {
        label: {
            "precision": round(float(precision[i]), 4),
            "recall": round(float(recall[i]), 4),
            "f1": round(float(f1[i]), 4),
            "support": int(support[i]),
        }
        for i, label in enumerate(labels)
    }
    return {
        "n": len(truth),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 4),
        "per_label": per_label,
    }


def train(data: Path, out: Path, progress: bool = False, *, short_weight: float = 0.0) -> dict[str, Any]:
    """Train on the labelled file ``data`` and write the model to ``out``; returns a summary.

    ``short_weight`` > 0 also trains on the project's short complaints (``train`` rows of
    :mod:`nlp.short_corpus` whose label ``data`` uses), each counting that many of its messages:
    a model learned from long posts alone hangs a few words' SMS on one word.
    """
    from nlp.short_corpus import SHORT_CORPUS, read_short

    examples = read_examples(data)
    meta: dict[str, Any] = {"source": data.name}
    short: list[Example] = []
    if short_weight > 0:
        short = read_short("train", labels={example.label for example in examples})
        meta.update({"short_corpus": SHORT_CORPUS, "short_rows": len(short), "short_weight": short_weight})
    model = fit(examples, progress=progress, meta=meta, own=short, own_weight=short_weight or 1.0)
    model.save(out)
    return {"model": str(out), "labels": list(model.labels), **model.meta}


def selective_metrics(
    truth: Sequence[str], ranked: Sequence[Sequence[tuple[str, float]]]
) -> dict[str, Any]:
    """Top-k accuracy, ECE and coverage at precision from ranked (label, confidence) lists."""
    confidence = np.array([row[0][1] if row else 0.0 for row in ranked], dtype=np.float64)
    correct = np.array([bool(row) and row[0][0] == gold for row, gold in zip(ranked, truth)])

    def top(k: int) -> float:
        hits = sum(gold in [label for label, _ in row[:k]] for row, gold in zip(ranked, truth))
        return round(hits / len(truth), 4) if truth else 0.0

    return {
        "top2_accuracy": top(2),
        "top3_accuracy": top(3),
        "ece": round(calibration.expected_calibration_error(confidence, correct), 4),
        "coverage_at_precision": {
            str(target): round(calibration.coverage_at_precision(confidence, correct, target), 4)
            for target in (0.95, 0.97)
        },
    }


def evaluate(model: Path, data: Path, report_dir: Path | None = None) -> dict[str, Any]:
    """Score the model file ``model`` on the labelled file ``data``.

    Returns ``{"n", "accuracy", "macro_f1", "per_label", "msgs_per_s", "top2_accuracy",
    "top3_accuracy", "ece", "coverage_at_precision", "at_model_thresholds"}``: coverage at
    precision is what this set allows (most confident first); ``at_model_thresholds`` is what
    the thresholds the model chose on its own held-out data give here (coverage and precision
    per target), which is what live routing will see.  With ``report_dir`` also writes
    ``confusion.png``, ``per_label.tsv``, ``reliability.png`` and ``precision_coverage.png``.
    Throughput covers the whole path of a live message: normalizing, tokenizing, classifying.
    """
    classifier = LinearModel.load(model)
    return score(classifier, read_examples(data), report_dir=report_dir)


def score(
    classifier: LinearModel,
    examples: Sequence[Example],
    *,
    tokenizer: Tokenizer | None = None,
    report_dir: Path | None = None,
) -> dict[str, Any]:
    """:func:`evaluate` for a model and examples already in memory."""
    tokenizer = tokenizer or Tokenizer()
    started = time.perf_counter()
    results = [
        classifier.classify(text, tokenizer.terms(classifier.category_text(text)))
        for text in (normalize(example.text) for example in examples)
    ]
    elapsed = time.perf_counter() - started
    truth = [example.label for example in examples]
    predicted = [result.label for result in results]
    result = metrics(truth, predicted)
    result["msgs_per_s"] = round(len(examples) / elapsed, 1) if elapsed > 0 else 0.0
    ranked = [r.alternatives or ((r.label, r.confidence),) for r in results]
    result.update(selective_metrics(truth, ranked))
    result["at_model_thresholds"] = _at_thresholds(classifier, results, truth)
    if report_dir is not None:
        from nlp.report import write_report

        write_report(report_dir, truth, predicted, result,
                     confidence=[r.confidence for r in results])
    return result


def _at_thresholds(
    classifier: LinearModel, results: Sequence[CategoryResult], truth: Sequence[str]
) -> dict[str, dict[str, float | None]]:
    found: dict[str, dict[str, float | None]] = {}
    for target in (0.95, 0.97):
        cut = classifier.threshold_for(target)
        if cut is None:
            found[str(target)] = {"threshold": None, "coverage": 0.0, "precision": None}
            continue
        routed = [r.label == gold for r, gold in zip(results, truth) if r.confidence >= cut]
        found[str(target)] = {
            "threshold": round(cut, 4),
            "coverage": round(len(routed) / len(truth), 4) if truth else 0.0,
            "precision": round(sum(routed) / len(routed), 4) if routed else None,
        }
    return found


def cross_validate_own(
    own: Sequence[Example],
    base: Sequence[Example] = (),
    *,
    folds: int = 5,
    config: TrainConfig | None = None,
    tokenizer: Tokenizer | None = None,
    progress: bool = False,
    own_weight: float = 1.0,
) -> dict[str, Any]:
    """Cross-validated figures on a bureau's own cases, the ``base`` examples always trained on.

    Each own case is predicted by a model trained on the base file and the other folds of
    own cases, so the figures say what training on the bureau's corrections adds.
    """
    config = config or TrainConfig()
    tokenizer = tokenizer or Tokenizer()
    mine = dedupe(own)
    seen = {example.text for example in mine}
    others = [example for example in dedupe(base) if example.text not in seen]
    folds = min(folds, len(mine))
    if folds < 2:
        raise TrainingDataError(f"need at least two own cases to cross-validate, found {len(mine)}")
    classes = sorted({example.label for example in (*mine, *others)})
    if len(classes) < 2:
        raise TrainingDataError(f"need at least two labels to train, found {classes}")
    prepared_mine = [replace(item, weight=own_weight)
                     for item in _prepare(mine, tokenizer, config, progress)]
    prepared_base = _prepare(others, tokenizer, config, progress)
    truth = [item.label for item in prepared_mine]
    predicted = list(truth)
    with tqdm(total=folds, desc="cross-validating", unit="fold", disable=not progress) as bar:
        for test in _folds(truth, folds, config.seed):
            held = set(test)
            train_part = prepared_base + [item for i, item in enumerate(prepared_mine) if i not in held]
            vectorizer, weights, bias = _fit_model(train_part, classes, config)
            for index in test:
                vector = vectorizer.vector(prepared_mine[index].counts)
                scores = vector.values @ weights[vector.indices] + bias
                predicted[index] = classes[int(np.argmax(scores))]
            bar.update(1)
    return {**metrics(truth, predicted), "folds": folds, "base": len(others)}


def train_own(
    own: Sequence[Example],
    out: Path,
    *,
    base: Sequence[Example] = (),
    active: LinearModel | None = None,
    since: str = "",
    folds: int = 5,
    config: TrainConfig | None = None,
    progress: bool = False,
    own_weight: float = 1.0,
) -> dict[str, Any]:
    """Train on a bureau's own cases (and ``base``), write the model to ``out``.

    ``own_weight``: how much each own case counts against a base example (weighting them up to
    10x measured no better on the learning curves of docs/NLP.md, hence 1).

    Returns ``{"model", "own", "base", "candidate", "active"}``: the candidate's cross-validated
    figures on the own cases and, given ``active``, the model in use scored on the same cases.
    The candidate's figures are recorded in the file for ``nlp promote``.
    """
    from nlp.promotion import COMPARED, FROM_STORE

    tokenizer = Tokenizer()
    weight = own_weight
    checked = cross_validate_own(own, base, folds=folds, config=config, tokenizer=tokenizer,
                                 progress=progress, own_weight=weight)
    candidate = {key: checked[key] for key in COMPARED}
    in_use = None
    if active is not None:
        scored = score(active, dedupe(own), tokenizer=tokenizer)
        in_use = {key: scored[key] for key in COMPARED}
    recorded = {"n": checked["n"], "since": since, "folds": checked["folds"],
                "own_weight": weight, **candidate}
    model = fit(base, own=own, own_weight=weight, config=config, tokenizer=tokenizer,
                progress=progress,
                meta={"source": "store" + (f"+{len(base)} base" if base else ""),
                      FROM_STORE: recorded})
    model.save(out)
    return {"model": str(out), "own": checked["n"], "base": checked["base"],
            "labels": list(model.labels), "candidate": candidate, "active": in_use}

