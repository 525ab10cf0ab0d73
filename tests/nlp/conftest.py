"""Shared fixtures: one analyzer and one tokenizer per test session (each costs ~1 s to build),
and a matter judge per test module (its caches start empty in each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp import Analyzer
from nlp.matter import MatterJudge
from nlp.tokenizer import Tokenizer

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TRAIN_TSV = SHARED_DATA / "petitions-7class" / "train.tsv"


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer.load()


@pytest.fixture(scope="session")
def tokenizer(analyzer: Analyzer) -> Tokenizer:
    return analyzer.tokenizer


@pytest.fixture(scope="module")
def judge(tokenizer: Tokenizer) -> MatterJudge:
    return MatterJudge.load(tokenizer)
