"""One entry point for matter judgements: :class:`MatterJudge`.

    judge = MatterJudge.load(tokenizer)          # once, at start
    a = judge.sign(text, places=analysis.places) # once per text; store a.to_bytes()
    judge.compare(a, b).same                     # any two signatures, no text needed

Signing tokenizes; comparing never does, so a case signed at registration is never read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp.matter_model import PairModel, Shared, shared
from nlp.matter_parts import PartsReader
from nlp.matter_signature import (
    MatterSignature,
    Vector,
    feature_hashes,
    features,
    key_terms,
    minhash_bands,
)
from nlp.normalize import normalize
from nlp.places import Place, PlaceResolver
from nlp.territory import Territory
from nlp.tokenizer import Tokenizer

#: Characters of a text that are signed: a pasted novel must not stall the writer.
MAX_CHARS = 4_000


@dataclass(frozen=True, slots=True)
class Judgement:
    """Whether two signatures are one matter, how likely, and what they share."""

    probability: float
    same: bool
    shared: Shared


def place_label(place: Place) -> str:
    """"北京市|北京市|海淀区": the levels a place resolved to, "" for one left undecided
    (a bare "鼓楼区" is in four cities); see :func:`nlp.matter_signature.same_area`."""
    return "|".join(level or "" for level in (place.province, place.city, place.county))


class MatterJudge:
    """Signs texts and judges pairs of signatures; thread-safe once built."""

    def __init__(self, tokenizer: Tokenizer, model: PairModel,
                 places: PlaceResolver | None = None, parts: PartsReader | None = None) -> None:
        self._tokenizer = tokenizer
        self._model = model
        self._places = places
        self._parts = parts or PartsReader()

    @classmethod
    def load(cls, tokenizer: Tokenizer, model_path: Path | None = None, *,
             territory: Territory | None = None) -> MatterJudge:
        """The shipped model (or ``model_path``); places resolve against ``territory`` when a
        caller signs without the analyzer's places."""
        resolver = PlaceResolver(territory if territory is not None else Territory.default())
        return cls(tokenizer, PairModel.load(model_path), resolver)

    @property
    def model(self) -> PairModel:
        return self._model

    @property
    def threshold(self) -> float:
        return self._model.threshold

    def sign(self, text: str, places: Sequence[Place] | None = None, *,
             normalized: str | None = None) -> MatterSignature:
        """The signature of raw ``text``; ``places``: the analyzer's (else resolved here);
        ``normalized``: ``normalize(text)`` when the caller has it (the analyzer made it),
        used when the whole text is signed."""
        if normalized is None or len(text) > MAX_CHARS:
            normalized = normalize(text[:MAX_CHARS])
        if places is None:
            places = self._places.find(normalized) if self._places is not None else ()
        terms = self._tokenizer.terms(normalized)
        words, bigrams, trigrams = features(terms)
        idf = self._model.idf
        # Each feature hashed once: the words for their vector and the key terms (the counts
        # are in the order first written), the trigrams for their vector and the MinHash.
        word_hashes, trigram_hashes = feature_hashes(words), feature_hashes(trigrams)
        # The words' IDF looked up once, for their vector and the key terms (the distinct
        # terms in the order first written, as the counts are).
        word_idf = idf.of(np.fromiter(word_hashes, dtype=np.uint32, count=len(word_hashes)))
        return MatterSignature(
            parts=self._parts.read(normalized),
            counties=tuple(sorted({place_label(p) for p in places if p.county or p.city})),
            words=Vector.build(words, idf, word_hashes, word_idf),
            bigrams=Vector.build(bigrams, idf),
            trigrams=Vector.build(trigrams, idf, trigram_hashes),
            length=sum(len(term) for term in terms),
            bands=minhash_bands((), trigram_hashes),
            key_terms=key_terms(terms, idf, word_hashes, word_idf),
            characters="".join(sorted(set("".join(terms)))),
        )

    def probability(self, a: MatterSignature, b: MatterSignature) -> float:
        """The model's probability that ``a`` and ``b`` are one matter (places aside)."""
        return self._model.probability(a, b)

    def score(self, a: MatterSignature, b: MatterSignature) -> float:
        """The probability, or 0 when the two name places that cannot be one place; "same"
        is ``score >= threshold``."""
        return self._model.score(a, b)

    def compare(self, a: MatterSignature, b: MatterSignature) -> Judgement:
        """The model's probability; "same" also needs places that can be one place."""
        probability, conflict = self._model.judgement(a, b)
        same = probability >= self._model.threshold and not conflict
        return Judgement(probability, same, shared(a, b))

    def same(self, a: MatterSignature, b: MatterSignature) -> bool:
        return self.compare(a, b).same
