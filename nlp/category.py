"""The category decision as the analyzer sees it, whatever produced it.

Two producers: the trained linear model (:mod:`nlp.model`) and the keyword lexicon
(:mod:`nlp.lexicon`).  The lexicon is only used when chosen explicitly: a model file that is
missing or unreadable is an error, never a silent downgrade.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from nlp.features import clip
from nlp.lexicon import CATEGORY_KEYWORDS, keyword_vote


@dataclass(frozen=True, slots=True)
class CategoryResult:
    """A label, its confidence in [0, 1] and the terms that weighed most for it."""

    label: str
    confidence: float
    terms: tuple[str, ...]
    #: The most likely labels with their confidences, best first (``label`` leads): the
    #: one-click choices of the triage page.
    alternatives: tuple[tuple[str, float], ...] = ()
    #: How often the model was right on held-out messages when it was at least this confident
    #: (None: the model file has no such curve, e.g. one trained before it was recorded).
    precision: float | None = None


class CategoryClassifier(Protocol):
    """Anything that turns a message into a :class:`CategoryResult`."""

    @property
    def labels(self) -> tuple[str, ...]:
        """The label set, in a stable order."""
        ...

    def category_text(self, text: str) -> str:
        """The part of normalized ``text`` whose content words :meth:`classify` wants."""
        ...

    def classify(self, text: str, terms: Sequence[str]) -> CategoryResult:
        """Classify normalized ``text`` whose content words are ``terms``."""
        ...


class KeywordClassifier:
    """The lexicon fallback: counts category keywords, no training needed."""

    @property
    def labels(self) -> tuple[str, ...]:
        """The seven default categories."""
        return tuple(CATEGORY_KEYWORDS)

    def category_text(self, text: str) -> str:
        """The start of the message, as for every classifier."""
        return clip(text)

    def classify(self, text: str, terms: Sequence[str]) -> CategoryResult:
        """Vote by keywords found in ``text``; ``terms`` are not needed."""
        vote = keyword_vote(text)
        return CategoryResult(vote.label, round(vote.confidence, 4), vote.terms)
