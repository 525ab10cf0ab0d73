"""Shared fixtures: one analyzer and one tokenizer per test session (each costs ~1 s to build)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp import Analyzer
from nlp.tokenizer import Tokenizer

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TRAIN_TSV = SHARED_DATA / "petitions-7class" / "train.tsv"


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer.load()


@pytest.fixture(scope="session")
def tokenizer(analyzer: Analyzer) -> Tokenizer:
    return analyzer.tokenizer
