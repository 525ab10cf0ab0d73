"""The text normalizer, tokenizer and analyzer on arbitrary text: no exception, bounded output."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp import Analyzer
from nlp.caserefs import find_case_refs
from nlp.normalize import detect_language, normalize

from .strategies import FUZZ, petition_text

#: The most one character grows under NFKC (U+FDFA becomes 18 characters).
NFKC_GROWTH = 18


@settings(FUZZ, max_examples=150)
@given(petition_text)
def test_normalize_is_idempotent_and_bounded(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert len(once) <= NFKC_GROWTH * len(text)
    assert once == once.strip()
    assert "\u200b" not in once and "\ufeff" not in once
    assert detect_language(once) in ("zh", "en")


@settings(FUZZ, max_examples=200)
@given(petition_text)
def test_case_references_are_well_formed(text: str) -> None:
    for ref in find_case_refs(normalize(text)):
        assert ref.number.startswith("XF") and len(ref.number) == len("XF2026-000123")
        assert ref.code is None or ref.code.isalnum()


@settings(FUZZ, max_examples=60,
          suppress_health_check=[*FUZZ.suppress_health_check, HealthCheck.function_scoped_fixture])
@given(st.one_of(petition_text, st.text(min_size=20_000, max_size=25_000, alphabet="噪音扰民 a")))
def test_analyzer_never_fails_inside(analyzer: Analyzer, caplog: pytest.LogCaptureFixture,
                                     text: str) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="nlp"):
        tokens = analyzer.tokens(text)
        analysis = analyzer.analyze(text)
    # analyze() swallows failures into a neutral answer and logs them: none may happen.
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert all(isinstance(token, str) and token for token in tokens)
    assert sum(len(token) for token in tokens) <= NFKC_GROWTH * min(len(text), 20_000)
    assert analysis.language in ("zh", "en")
    assert analysis.category in analyzer.categories
    assert len(analysis.text) <= NFKC_GROWTH * min(len(text), 20_000)
    assert analysis.rating is None or 1 <= analysis.rating <= 5
