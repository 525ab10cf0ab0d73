"""Near-duplicate detection for repeat petitions (Art 19) and collective-petition alerts.

Two tools over the same shingles (content words plus character bigrams, so that "噪音扰民" and
"噪声扰民" still overlap):

- :func:`similarity` and :class:`SimilarityIndex`: TF-IDF cosine, precise, for comparing a new
  message with the open cases of a petitioner or of a place;
- :func:`simhash`: a 64-bit fingerprint to store in a database column and compare by Hamming
  distance (:func:`simhash_similarity`) when texts themselves should not be kept around.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from nlp.normalize import normalize
from nlp.tokenizer import Tokenizer

K = TypeVar("K", bound=Hashable)

_BITS = 64


def shingles(terms: Sequence[str]) -> Counter[str]:
    """Content words and the character bigrams of the words joined together."""
    joined = "".join(terms)
    counts: Counter[str] = Counter(terms)
    counts.update(joined[index : index + 2] for index in range(len(joined) - 1))
    return counts


def _cosine(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    if not first or not second:
        return 0.0
    if len(first) > len(second):
        first, second = second, first
    dot = sum(weight * second.get(feature, 0.0) for feature, weight in first.items())
    norm = math.sqrt(sum(w * w for w in first.values())) * math.sqrt(sum(w * w for w in second.values()))
    return max(0.0, min(1.0, dot / norm)) if norm else 0.0


def _log_tf(counts: Mapping[str, int]) -> dict[str, float]:
    return {feature: 1.0 + math.log(count) for feature, count in counts.items()}


def similarity(first: str, second: str, *, tokenizer: Tokenizer) -> float:
    """Cosine similarity in [0, 1] of two raw texts (1.0: same content words)."""
    a = shingles(tokenizer.terms(normalize(first)))
    b = shingles(tokenizer.terms(normalize(second)))
    return _cosine(_log_tf(a), _log_tf(b))


def simhash(terms: Iterable[str]) -> int:
    """A 64-bit SimHash of content words (use :meth:`Tokenizer.terms` on normalized text).

    Stable across processes and machines (blake2b, not Python's salted ``hash``), so it can be
    stored.
    """
    weights = [0] * _BITS
    for feature, count in shingles(list(terms)).items():
        digest = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
        weight = 1 + int(math.log(count) * 2)
        for bit in range(_BITS):
            weights[bit] += weight if digest >> bit & 1 else -weight
    return sum(1 << bit for bit in range(_BITS) if weights[bit] > 0)


def simhash_similarity(first: int, second: int) -> float:
    """1 minus the share of differing bits of two fingerprints."""
    return 1.0 - ((first ^ second) & ((1 << _BITS) - 1)).bit_count() / _BITS


@dataclass(frozen=True, slots=True)
class Match(Generic[K]):
    """A stored document similar to the query."""

    key: K
    score: float


class SimilarityIndex(Generic[K]):
    """An in-memory TF-IDF index of short texts, keyed by anything hashable (case ids).

    Inverse document frequencies come from the indexed texts themselves, so words every
    petition shares ("小区", "问题") count less than the specific ones.  Not thread-safe:
    guard it with a lock if several tasks add to it.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._tokenizer = tokenizer
        self._documents: dict[K, Counter[str]] = {}
        self._postings: dict[str, set[K]] = {}

    def __len__(self) -> int:
        return len(self._documents)

    def __contains__(self, key: object) -> bool:
        return key in self._documents

    def add(self, key: K, text: str) -> None:
        """Index ``text`` under ``key`` (replacing what ``key`` held)."""
        self.discard(key)
        counts = shingles(self._tokenizer.terms(normalize(text)))
        self._documents[key] = counts
        for feature in counts:
            self._postings.setdefault(feature, set()).add(key)

    def discard(self, key: K) -> None:
        """Forget ``key``; unknown keys are ignored."""
        counts = self._documents.pop(key, None)
        if counts is None:
            return
        for feature in counts:
            keys = self._postings.get(feature)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._postings[feature]

    def _weights(self, counts: Mapping[str, int]) -> dict[str, float]:
        total = len(self._documents) + 1
        return {
            feature: (1.0 + math.log(count))
            * (math.log((1 + total) / (1 + len(self._postings.get(feature, ())))) + 1.0)
            for feature, count in counts.items()
        }

    def query(self, text: str, *, threshold: float = 0.5, limit: int = 10) -> list[Match[K]]:
        """Indexed texts at least ``threshold`` similar to ``text``, best first."""
        counts = shingles(self._tokenizer.terms(normalize(text)))
        candidates: set[K] = set()
        for feature in counts:
            candidates |= self._postings.get(feature, set())
        query_weights = self._weights(counts)
        matches = [
            Match(key, round(_cosine(query_weights, self._weights(self._documents[key])), 4))
            for key in candidates
        ]
        matches = [match for match in matches if match.score >= threshold]
        matches.sort(key=lambda match: (-match.score, str(match.key)))
        return matches[:limit]
