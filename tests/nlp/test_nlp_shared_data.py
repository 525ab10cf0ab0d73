"""Checks on the real labelled data; skipped on machines without ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp import Analyzer
from nlp.dataset import read_examples

# The shared data sits beside the repository, never inside it.
TRAIN_TSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "petitions-7class" / "train.tsv"

pytestmark = pytest.mark.skipif(
    not TRAIN_TSV.exists(), reason=f"shared data not present ({TRAIN_TSV}); runs in CI"
)


def test_reference_file_reads() -> None:
    examples = read_examples(TRAIN_TSV)
    assert len(examples) > 6000
    assert len({example.label for example in examples}) == 7


def test_shipped_seed_model_generalizes_to_real_messages(analyzer: Analyzer) -> None:
    # The shipped model never saw this data: a floor, not a target (a bureau trains its own).
    examples = read_examples(TRAIN_TSV)[::10]
    correct = sum(analyzer.classify(example.text).label == example.label for example in examples)
    assert correct / len(examples) > 0.6
