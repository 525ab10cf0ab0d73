"""Calibration figures on synthetic sets whose true probabilities are known."""

from __future__ import annotations

import numpy as np
import pytest

from nlp import calibration


def synthetic(n: int, seed: int, *, lie: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Confidences drawn uniformly in [0.3, 1]; each is right with probability ``conf - lie``."""
    generator = np.random.default_rng(seed)
    confidence = generator.uniform(0.3, 1.0, n)
    correct = generator.uniform(0.0, 1.0, n) < np.clip(confidence - lie, 0.0, 1.0)
    return confidence, correct


def test_a_calibrated_model_has_a_small_ece() -> None:
    confidence, correct = synthetic(20_000, seed=1)
    assert calibration.expected_calibration_error(confidence, correct) < 0.02


@pytest.mark.parametrize("lie", [0.1, 0.2])
def test_an_overconfident_model_has_an_ece_near_its_lie(lie: float) -> None:
    confidence, correct = synthetic(20_000, seed=2, lie=lie)
    assert calibration.expected_calibration_error(confidence, correct) == pytest.approx(lie, abs=0.02)


def test_reliability_bins_follow_the_diagonal_when_calibrated() -> None:
    confidence, correct = synthetic(30_000, seed=3)
    rows = [row for row in calibration.reliability(confidence, correct) if row["n"] > 500]
    assert len(rows) >= 8
    for row in rows:
        assert row["accuracy"] == pytest.approx(row["confidence"], abs=0.04)
    assert sum(row["n"] for row in calibration.reliability(confidence, correct)) == 30_000


def test_coverage_at_precision_matches_the_known_probabilities() -> None:
    # Right with probability = confidence, uniform on [0.3, 1]: routing everything above t gives
    # precision (1 + t) / 2, so precision 0.95 needs t = 0.9: coverage (1 - 0.9) / 0.7 = 1/7.
    confidence, correct = synthetic(50_000, seed=4)
    assert calibration.coverage_at_precision(confidence, correct, 0.95) == pytest.approx(1 / 7, abs=0.02)
    # precision 0.8 needs t = 0.6: coverage 0.4 / 0.7.
    assert calibration.coverage_at_precision(confidence, correct, 0.8) == pytest.approx(4 / 7, abs=0.02)


def test_selective_curve_threshold_reaches_its_target_on_fresh_data() -> None:
    confidence, correct = synthetic(50_000, seed=5)
    curve = calibration.selective_curve(confidence, correct)
    assert len(curve["confidence"]) <= calibration.CURVE_POINTS
    assert curve["confidence"] == sorted(curve["confidence"])
    assert curve["precision"] == sorted(curve["precision"])  # the envelope never falls
    cut = calibration.threshold(curve, 0.9)
    assert cut == pytest.approx(0.8, abs=0.03)
    fresh_confidence, fresh_correct = synthetic(50_000, seed=6)
    routed = fresh_correct[fresh_confidence >= cut]
    assert routed.mean() == pytest.approx(0.9, abs=0.01)


def test_ties_are_routed_together() -> None:
    confidence = np.array([0.9, 0.9, 0.9, 0.9, 0.5])
    correct = np.array([True, True, True, False, True])
    # Routing 3 of the 4 tied messages would claim precision 1.0; they go together or not at all.
    assert calibration.coverage_at_precision(confidence, correct, 0.9) == 0.0
    # All five: 4 of 5 right.
    assert calibration.coverage_at_precision(confidence, correct, 0.8) == 1.0


def test_empty_sets() -> None:
    empty = np.array([])
    assert calibration.expected_calibration_error(empty, empty.astype(bool)) == 0.0
    assert calibration.coverage_at_precision(empty, empty.astype(bool), 0.9) == 0.0
    assert calibration.selective_curve(empty, empty.astype(bool)) == {"confidence": [], "precision": []}


def test_temperature_recovers_a_known_scale() -> None:
    from nlp.training import _temperature

    generator = np.random.default_rng(7)
    scores = generator.normal(0.0, 1.0, (20_000, 4)).astype(np.float32)
    # Labels drawn from softmax(scores * 3): the fitted scale should come out near 3.
    probabilities = calibration.softmax(scores, 3.0)
    truth = [int(generator.choice(4, p=row)) for row in probabilities]
    assert _temperature(scores, truth) == pytest.approx(3.0, rel=0.1)
