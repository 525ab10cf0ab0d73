"""A signature as a pair comparison reads it, derived once per signature (issue 17).

Every candidate of every new message is one comparison (:func:`nlp.matter_model.pair_features`),
and a burst compares one new text with dozens of cases, each of them again with the next new
text. What a comparison reads of one side alone — its places and parties, its parts as sets,
its numbers by kind, its words' rows in the latent space — is the
same in every pair it is in: :func:`view_of` derives it on first use and keeps it on the
signature, so a pair pays only for what depends on both sides. Nothing here changes a value:
the comparisons read the same numbers in the same order (``bench/pair_scores_check.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from nlp.matter_latent import LatentSpace, LatentTerms
from nlp.matter_parts import Name
from nlp.matter_signature import PLACE_KINDS, MatterSignature

#: Name kinds that are parties (a school, a firm) rather than places.
PARTY_KINDS = ("institution", "company")


def _comparable(name: Name) -> bool:
    """A name written in Latin letters ("jincheng小区") cannot be told from one in characters."""
    return not any("a" <= ch <= "z" for ch in name.core.lower())


def _by_kind(numbers: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """"kind:number" designators as the numbers of each kind."""
    kinds: dict[str, set[str]] = {}
    for number in numbers:
        kind, _, value = number.partition(":")
        kinds.setdefault(kind, set()).add(value)
    return {kind: frozenset(values) for kind, values in kinds.items()}


@dataclass(slots=True)
class SignatureView:
    """What a comparison reads of one signature."""

    places: tuple[Name, ...]
    parties: tuple[Name, ...]
    #: The place kinds it names with a name that can be compared (not in Latin letters).
    clash_kinds: frozenset[str]
    buildings: frozenset[str]
    things: frozenset[str]
    demands: frozenset[str]
    asks: frozenset[str]
    requests: frozenset[str]
    #: None: a signature stored before finals and numbers were read (unknown).
    finals: frozenset[str] | None
    numbers: dict[str, frozenset[str]] | None
    #: Whether it names a place or a county (else it is "unplaced").
    placed: bool
    #: Its words' rows in the last latent space asked about (:meth:`latent_terms`).
    _latent: tuple[LatentSpace, LatentTerms] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, signature: MatterSignature) -> SignatureView:
        parts = signature.parts
        places = tuple(name for name in parts.names if name.kind in PLACE_KINDS)
        return cls(
            places=places,
            parties=tuple(name for name in parts.names if name.kind in PARTY_KINDS),
            clash_kinds=frozenset(name.kind for name in places if _comparable(name)),
            buildings=frozenset(parts.buildings), things=frozenset(parts.things),
            demands=frozenset(parts.demands), asks=frozenset(parts.asks),
            requests=frozenset(parts.requests),
            finals=None if parts.finals is None else frozenset(parts.finals),
            numbers=None if parts.numbers is None else _by_kind(parts.numbers),
            placed=bool(places or signature.counties),
        )

    def latent_terms(self, space: LatentSpace, signature: MatterSignature) -> LatentTerms:
        """``signature``'s words with a row in ``space`` (kept for the last space asked)."""
        found = self._latent
        if found is not None and found[0] is space:
            return found[1]
        terms = space.terms(signature.words)
        self._latent = (space, terms)
        return terms


def view_of(signature: MatterSignature) -> SignatureView:
    """The view of ``signature``, derived on its first comparison and kept on it (two threads
    deriving it at once derive the same one)."""
    found = signature.view
    if found is None:
        found = SignatureView.of(signature)
        object.__setattr__(signature, "view", found)
    return cast(SignatureView, found)
