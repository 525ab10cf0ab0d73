"""Weighted cue phrases: the small explainable engine behind statutory type, route and emergency.

Each label owns phrases with weights; a phrase may carry "exclusions", longer phrases that
contain it but mean something else ("防火" is not a fire, "起诉状模板" is still litigation).
The result keeps the phrases that matched, so the bot can record *why* on the case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def _alternative(phrase: str) -> str:
    # English cues must match whole words ("fire" is not in "fired"); Chinese has no word
    # boundaries to speak of, so Chinese cues match anywhere.
    if phrase.isascii():
        return rf"\b{re.escape(phrase)}\b"
    return re.escape(phrase)


@dataclass(frozen=True, slots=True)
class CueScore:
    """The best label, its share of the total weight, the raw weight and the matched phrases."""

    label: str | None
    share: float
    weight: float
    terms: tuple[str, ...]


class CueSet:
    """Phrases per label, matched by one compiled regular expression (longest phrase first)."""

    def __init__(
        self,
        cues: Mapping[str, Mapping[str, float]],
        *,
        exclusions: Iterable[str] = (),
    ) -> None:
        self._label_of: dict[str, str] = {}
        self._weight_of: dict[str, float] = {}
        for label, phrases in cues.items():
            for phrase, weight in phrases.items():
                self._label_of[phrase.lower()] = label
                self._weight_of[phrase.lower()] = weight
        self._labels = tuple(cues)
        # Exclusions are matched in the same alternation and simply dropped: being longer, they
        # win over the phrase they contain at the same position.
        self._exclusions = frozenset(phrase.lower() for phrase in exclusions)
        alternatives = sorted(set(self._label_of) | self._exclusions, key=len, reverse=True)
        self._pattern = re.compile("|".join(_alternative(phrase) for phrase in alternatives))

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels in declaration order (earlier labels win ties)."""
        return self._labels

    def matches(self, text: str) -> dict[str, list[str]]:
        """Matched phrases per label in lower-cased ``text``, each phrase once, in text order."""
        found: dict[str, list[str]] = {}
        for match in self._pattern.finditer(text.lower()):
            phrase = match.group(0)
            if phrase in self._exclusions:
                continue
            terms = found.setdefault(self._label_of[phrase], [])
            if phrase not in terms:
                terms.append(phrase)
        return found

    def score(self, text: str) -> CueScore:
        """The label with the highest summed weight in ``text`` (ties: declaration order)."""
        found = self.matches(text)
        if not found:
            return CueScore(None, 0.0, 0.0, ())
        weights = {
            label: sum(self._weight_of[phrase] for phrase in phrases) for label, phrases in found.items()
        }
        best = max(self._labels, key=lambda label: weights.get(label, 0.0))
        total = sum(weights.values())
        return CueScore(best, weights[best] / total, weights[best], tuple(found[best]))
