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


def _found_otherwise(mine: MatterSignature, theirs: MatterSignature) -> float:
    their_words, their_bigrams = theirs.lookup.words, theirs.lookup.bigrams

    def holds(word: int, bigrams: tuple[int, ...]) -> bool:
        return word in their_words or bool(bigrams) and their_bigrams.issuperset(bigrams)

    total = found = 0.0
    for (term, weight), probe in zip(mine.key_terms, mine.lookup.probes, strict=True):
        total += weight
        if not holds(probe[1], probe[2]) and any(holds(*other) for other in alternatives(term)):
            found += weight
    return found / total if total else 0.0


def concept_found(a: MatterSignature, b: MatterSignature) -> float:
    """The share of a key term found in another form of its thing, the better direction;
    unknown (NaN) for a signature stored before key terms were kept."""
    if not (a.key_terms and a.characters and b.key_terms and b.characters):
        return math.nan
    return max(_found_otherwise(a, b), _found_otherwise(b, a))
