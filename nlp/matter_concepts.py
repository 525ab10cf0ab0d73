"""Key terms said in other words: a key term of one text that the other holds only in another
form of the same thing ("渗水" against "滴水", "直梯" against "电梯", "扰民" against "吵").

The forms are the matter lexicon's things (``nlp/data/matter_lexicon.toml``: 86 concepts, each
with the ways people write it), so the table is the one the parts reader already uses.
:func:`concept_found` is the IDF-weighted share of one text's key terms that the other does not
hold as written (as a word, or as every character bigram of the term) but holds in another form
of the term's thing, the better of the two directions. It reads only a signature's stored key
terms, words and bigrams (:class:`nlp.matter_signature.KeyLookup`): no new stored field.

The model reads it only where the two share a named place or party
(:func:`nlp.matter_model.pair_features`): one problem told in other words at two places is
the commonest hard negative (same_problem_other_place), and there the shared thing says nothing.
"""

from __future__ import annotations

import math
from functools import lru_cache

from nlp.matter_parts import shipped_lexicon
from nlp.matter_signature import MatterSignature, feature_hash

Probe = tuple[int, tuple[int, ...]]


@lru_cache(maxsize=1)
def _forms() -> dict[str, tuple[str, ...]]:
    """Every form written in characters, with the other forms of its things."""
    others: dict[str, set[str]] = {}
    for concept, forms in shipped_lexicon().things.items():
        if concept.startswith("_"):
            continue  # holds words back from the others; no thing
        written = [form for form in forms if not form.isascii()]
        for form in written:
            others.setdefault(form, set()).update(f for f in written if f != form)
    return {form: tuple(sorted(rest)) for form, rest in others.items()}


@lru_cache(maxsize=4096)
def alternatives(term: str) -> tuple[Probe, ...]:
    """The other forms of ``term``'s things as (word hash, bigram hashes); () if it is none."""
    return tuple((feature_hash(form),
                  tuple(feature_hash(form[i:i + 2]) for i in range(len(form) - 1)))
                 for form in _forms().get(term, ()))


#: What :func:`concept_found` reads of one side: the IDF of all its key terms summed, and the
#: key terms that have other forms, as (IDF, word hash, bigram hashes, the other forms).
ConceptProbes = tuple[float, tuple[tuple[float, int, tuple[int, ...], tuple[Probe, ...]], ...]]


def concept_probes(signature: MatterSignature) -> ConceptProbes:
    """``signature``'s side of :func:`concept_found`, derived once per signature (kept on its
    view, :mod:`nlp.matter_view`): a key term with no other form is never found otherwise, so
    a pair walks only the terms that have one (issue 17: looking each term's forms up again
    for every pair was a seventh of a comparison). The total is summed over every term in
    order, and the found weights are added in the same order as before: the same floats."""
    total = 0.0
    kept = []
    for (term, weight), probe in zip(signature.key_terms, signature.lookup.probes, strict=True):
        total += weight
        others = alternatives(term)
        if others:
            kept.append((weight, probe[1], probe[2], others))
    return total, tuple(kept)


def _found_otherwise(mine: ConceptProbes, theirs: MatterSignature) -> float:
    their_words, their_bigrams = theirs.lookup.words, theirs.lookup.bigrams

    def holds(word: int, bigrams: tuple[int, ...]) -> bool:
        return word in their_words or bool(bigrams) and their_bigrams.issuperset(bigrams)

    total, kept = mine
    found = 0.0
    for weight, word, bigrams, others in kept:
        if not holds(word, bigrams) and any(holds(*other) for other in others):
            found += weight
    return found / total if total else 0.0


def concept_found(a: MatterSignature, b: MatterSignature, probes: tuple[ConceptProbes,
                  ConceptProbes] | None = None) -> float:
    """The share of a key term found in another form of its thing, the better direction;
    unknown (NaN) for a signature stored before key terms were kept. ``probes``: the two
    sides' :func:`concept_probes` when the caller keeps them."""
    if not (a.key_terms and a.characters and b.key_terms and b.characters):
        return math.nan
    mine, theirs = probes if probes is not None else (concept_probes(a), concept_probes(b))
    return max(_found_otherwise(mine, b), _found_otherwise(theirs, a))
