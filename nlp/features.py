"""Feature extraction shared by training and prediction: words, word pairs, character n-grams.

Both come from the same content words (stop words and punctuation removed), so a raw message
and the same message pre-segmented with stop words removed produce the same features.  Character
n-grams are taken over the words joined back together: they survive segmentation differences
(jieba cuts "拖欠工资" one way today and another way with a different dictionary) and unseen
words, which is what carries a model to messages from other cities.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any

from nlp.errors import ModelError
from nlp.masking import mask_places
from nlp.normalize import strip_letter

#: Prefixes that keep the feature families apart in one vocabulary.
WORD = "w:"
PAIR = "p:"
CHAR = "c:"
HEAD = "h:"
#: Word clusters learned from unlabelled text (:mod:`nlp.clusters`); only with a cluster map.
CLUSTER = "k:"
BLOCKS: tuple[str, ...] = (WORD, PAIR, CHAR, HEAD, CLUSTER)

# Numbers (dates, amounts, house numbers) say nothing about the category and make every message
# look unique; the reference data had them removed as stop words too.
_NUMBER = re.compile(r"^[0-9.]+$")


#: Only the start of a message is tokenized for its category: petitions state their matter
#: first, and jieba's cost grows with length.  Training and prediction both clip here.
CATEGORY_CHARS = 800


def clip(text: str) -> str:
    """The part of normalized ``text`` the category is decided on."""
    return text[:CATEGORY_CHARS]


def category_text(text: str, spec: FeatureSpec) -> str:
    """What of normalized ``text`` is tokenized for the category under ``spec``."""
    return clip(strip_letter(text) if spec.strip_letter else text)


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """Which features to extract.  Stored in the model file so prediction matches training."""

    word_pairs: bool = True
    # Character unigrams add little over bigrams and trigrams and cost a third of the features.
    char_min: int = 2
    char_max: int = 3
    # Messages open with their subject line ("小区噪音扰民"), which names the category more
    # reliably than the story that follows: the first words get their own n-gram family.
    head_words: int = 12
    # Long messages are truncated for features: the category is stated early, and the cost of
    # character n-grams grows with length.
    max_chars: int = 600
    # Off in files written before these existed, so old models keep predicting as they did.
    #: Salutations, closings, signatures and quoted mail dropped before tokenizing.
    strip_letter: bool = False
    #: Place words replaced by one placeholder (:mod:`nlp.masking`).
    mask_places: bool = False

    def to_json(self) -> dict[str, Any]:
        """A JSON-compatible form for the model header."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FeatureSpec:
        """Read the form :meth:`to_json` wrote; unknown keys are a model error."""
        try:
            return cls(**dict(data))
        except TypeError as exc:
            raise ModelError(f"bad feature spec in model: {exc}") from exc


def content_words(terms: Sequence[str]) -> list[str]:
    """``terms`` without bare numbers."""
    return [term for term in terms if not _NUMBER.match(term)]


def extract(terms: Sequence[str], spec: FeatureSpec,
            clusters: Mapping[str, int] | None = None) -> Counter[str]:
    """Feature counts for one message whose content words are ``terms``.

    ``clusters``: a word → cluster map; each kept word in it also counts for its cluster.
    """
    words = content_words(terms)
    if spec.mask_places:
        words = mask_places(words)
    counts: Counter[str] = Counter()
    budget = spec.max_chars
    kept: list[str] = []
    for word in words:
        if budget <= 0:
            break
        kept.append(word)
        budget -= len(word)
    counts.update(WORD + word for word in kept)
    if spec.word_pairs:
        counts.update(PAIR + first + " " + second for first, second in pairwise(kept))
    joined = "".join(kept)
    for size in range(spec.char_min, spec.char_max + 1):
        counts.update(CHAR + joined[start : start + size] for start in range(len(joined) - size + 1))
    if spec.head_words > 0:
        head = "".join(kept[: spec.head_words])
        for size in range(spec.char_min, spec.char_max + 1):
            counts.update(HEAD + head[start : start + size] for start in range(len(head) - size + 1))
    if clusters:
        counts.update(CLUSTER + str(clusters[word]) for word in kept if word in clusters)
    return counts
