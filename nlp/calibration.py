"""How far a confidence can be trusted: calibration error, selective precision and coverage.

Everything here works on two arrays for a set of labelled messages: the model's confidence in
its top label and whether that label was right.  Training records the selective curve of its
held-out scores in the model file; ``nlp eval`` reports the same figures on any labelled set.

- **ECE** (expected calibration error): confidences in equal-width bins; the mean gap between
  a bin's confidence and its accuracy, weighted by the bin's share.
- **Selective precision** S(t): precision of the messages with confidence >= t.  The curve kept
  is its non-decreasing envelope E(t) = min over t' >= t of S(t'), so "auto-route when E(c) >=
  0.97" means one threshold on c and every stricter threshold is at least as precise.
- **Coverage at precision p**: the largest share of messages that can be auto-routed, most
  confident first, while the precision of the routed ones stays >= p.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

#: Target precisions reported and recorded with every model.
TARGETS: tuple[float, ...] = (0.9, 0.95, 0.97, 0.99)
#: Points kept of the selective curve in a model file (it is JSON in the header).
CURVE_POINTS = 200

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


def softmax(scores: npt.NDArray[Any], scale: float) -> Floats:
    """Row-wise softmax of ``scores * scale``."""
    scaled = np.asarray(scores, dtype=np.float64) * scale
    scaled -= scaled.max(axis=1, keepdims=True)
    exponentials = np.exp(scaled)
    result: Floats = exponentials / exponentials.sum(axis=1, keepdims=True)
    return result


def reliability(confidence: Floats, correct: Bools, bins: int = 15) -> list[dict[str, float]]:
    """Per equal-width confidence bin: its range, count, mean confidence and accuracy."""
    confidence = np.asarray(confidence, dtype=np.float64)
    correct = np.asarray(correct, dtype=bool)
    edges = np.linspace(0.0, 1.0, bins + 1)
    # The last bin is closed on the right so that a confidence of exactly 1.0 counts.
    which = np.minimum(np.digitize(confidence, edges[1:-1], right=True), bins - 1)
    rows = []
    for index in range(bins):
        inside = which == index
        count = int(inside.sum())
        rows.append({
            "low": round(float(edges[index]), 4),
            "high": round(float(edges[index + 1]), 4),
            "n": count,
            "confidence": round(float(confidence[inside].mean()), 4) if count else 0.0,
            "accuracy": round(float(correct[inside].mean()), 4) if count else 0.0,
        })
    return rows


def expected_calibration_error(confidence: Floats, correct: Bools, bins: int = 15) -> float:
    """ECE over ``bins`` equal-width bins (0 for an empty set)."""
    total = len(confidence)
    if not total:
        return 0.0
    return float(sum(
        row["n"] / total * abs(row["confidence"] - row["accuracy"])
        for row in reliability(confidence, correct, bins) if row["n"]
    ))


def _sorted(confidence: Floats, correct: Bools) -> tuple[Floats, Floats]:
    """Confidences descending, and the precision of each prefix."""
    order = np.argsort(-np.asarray(confidence, dtype=np.float64), kind="stable")
    ordered = np.asarray(confidence, dtype=np.float64)[order]
    hits = np.cumsum(np.asarray(correct, dtype=np.float64)[order])
    precision: Floats = hits / np.arange(1, len(ordered) + 1)
    return ordered, precision


def coverage_at_precision(confidence: Floats, correct: Bools, target: float) -> float:
    """The largest share routed most-confident-first with precision >= ``target``."""
    if not len(confidence):
        return 0.0
    ordered, precision = _sorted(confidence, correct)
    # Ties in confidence are routed together or not at all: only cut where the value changes.
    cut = np.append(ordered[1:] != ordered[:-1], True)
    good = np.nonzero((precision >= target) & cut)[0]
    return float((good[-1] + 1) / len(ordered)) if good.size else 0.0


def precision_coverage(confidence: Floats, correct: Bools, points: int = 101) -> list[tuple[float, float]]:
    """(coverage, precision) when routing the most confident share, for ``points`` shares."""
    if not len(confidence):
        return []
    _, precision = _sorted(confidence, correct)
    total = len(precision)
    shares = np.linspace(1.0 / total, 1.0, min(points, total))
    return [(float(share), float(precision[max(0, round(share * total) - 1)])) for share in shares]


def selective_curve(confidence: Floats, correct: Bools, points: int = CURVE_POINTS) -> dict[str, list[float]]:
    """The envelope E(t) at up to ``points`` thresholds, ascending: ``{"confidence", "precision"}``."""
    if not len(confidence):
        return {"confidence": [], "precision": []}
    ordered, precision = _sorted(confidence, correct)
    # Ascending thresholds; S(t) at a threshold is the precision of the prefix that ends at the
    # last message with that confidence.
    ascending = ordered[::-1]
    selective = precision[::-1]
    first_index = np.nonzero(np.append(True, ascending[1:] != ascending[:-1]))[0]
    values = ascending[first_index]
    # S at the first occurrence (ascending) of a value = precision of all with confidence >= value.
    s_at = selective[first_index]
    envelope = np.minimum.accumulate(s_at[::-1])[::-1]
    if len(values) > points:
        keep = np.unique(np.linspace(0, len(values) - 1, points).round().astype(int))
        values, envelope = values[keep], envelope[keep]
    return {"confidence": [round(float(v), 6) for v in values],
            "precision": [round(float(p), 6) for p in envelope]}


def threshold(curve: dict[str, list[float]], target: float) -> float | None:
    """The lowest confidence of ``curve`` whose envelope precision reaches ``target``."""
    for value, precision in zip(curve["confidence"], curve["precision"]):
        if precision >= target:
            return value
    return None
