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

import re
from dataclasses import dataclass, field, fields
from itertools import accumulate, pairwise
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

from nlp.dialogue_pinyin import split_syllables
from nlp.matter_concepts import ConceptProbes, concept_probes
from nlp.matter_latent import LatentSpace, LatentTerms
from nlp.matter_latin import LatinSide, readings
from nlp.matter_parts import Name, thing_kin
from nlp.matter_signature import PLACE_KINDS, MatterSignature, Vector
from nlp.matter_topics import TopicTerms, WordTopics

#: Name kinds that are parties (a school, a firm) rather than places.
PARTY_KINDS = ("institution", "company")


#: Characters that number or name a building or unit (12号楼, 三单元): like the names of places
#: and parties, they say where, not what is wrong (:func:`nlp.matter_model._content_features`).
WHERE_CHARACTERS = frozenset("0123456789零一二两三四五六七八九十号楼栋单元")


#: A charge named by a key term: what is paid for, then 费 / 金 / 款 / 租金 (资料费, 押金, 补偿款,
#: 摊位租金). The words that name paying or charging in general (退费, 欠费, 收费 …) name no charge.
_FEE = re.compile(r"^([\u4e00-\u9fff]{1,5}?)(?:租金|费|金|款)$")
_NO_FEE = frozenset(("退费", "欠费", "收费", "乱收费", "交费", "缴费", "花费", "费用", "退款", "付款",
                     "现金", "资金", "钱款", "收款", "货款", "欠款", "借款", "存款", "扣款", "罚金"))


def fees(key_terms: tuple[tuple[str, float], ...]) -> tuple[str, ...]:
    """What the charges a text names among its key terms are for: "资料费" → "资料", "押金" →
    "押", "摊位租金" → "摊位"."""
    found = []
    for term, _ in key_terms:
        match = _FEE.match(term)
        if match and term not in _NO_FEE:
            found.append(match.group(1))
    return tuple(found)


#: A 小区 named by its address ("滨江路88号院"): a road and a number, not the 小区's own name.
_ADDRESS = re.compile(r"(?:路|街|巷|弄|道)[0-9一二三四五六七八九十]+$")


def _comparable(name: Name) -> bool:
    """A name written in Latin letters cannot be told from one in characters unless it is
    pinyin throughout ("fengqiao", compared by its syllables); a 小区 written as its address
    ("滨江路88号院") cannot be told from its name ("金桂园")."""
    core = name.core.lower()
    if any("a" <= ch <= "z" for ch in core):
        # pinyin throughout ("fengqiao"): compared by its syllables (helper matter31)
        return bool(re.fullmatch(r"[a-z]+", core)) and bool(split_syllables(core, readings().syllables))
    return not _ADDRESS.search(name.core)


def _clash_kind(name: Name) -> str:
    """The kind a place clashes within: a road named by a number is a bus line ("105路", "12路"),
    which clashes with another line (12路 / 128路) but not with the street it stops on
    ("永兴路口105路站" / "永兴路那个105的站" are one stop)."""
    return "route" if name.kind == "road" and name.core[-1:].isdigit() else name.kind


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
    #: Its things with the kin of one thing as one (:func:`nlp.matter_parts.thing_kin`): what
    #: the thing conflict reads.
    thing_kin: frozenset[str]
    demands: frozenset[str]
    asks: frozenset[str]
    requests: frozenset[str]
    #: None: a signature stored before finals and numbers were read (unknown).
    finals: frozenset[str] | None
    numbers: dict[str, frozenset[str]] | None
    #: Whether it names a place or a county (else it is "unplaced").
    placed: bool
    #: Its three vectors in one: feature hashes with the vector's number above them (words
    #: 0, bigrams 1, trigrams 2), sorted, their weights, and where each vector starts.
    keys: npt.NDArray[np.uint64]
    weights: npt.NDArray[np.float32]
    starts: npt.NDArray[np.int64]
    #: Its key terms written in Latin letters, as :func:`nlp.matter_latin.latin_found` reads
    #: them (None: a signature stored before key terms were kept).
    latin: LatinSide | None
    #: The characters of its places' and parties' names (core and suffix); its content
    #: characters and its key terms' characters without those nor :data:`WHERE_CHARACTERS`
    #: (None: a signature stored before key terms were kept). A pair takes the other's
    #: names' characters from these, the same sets as taking both sides' at once.
    name_characters: frozenset[str]
    content_characters: frozenset[str] | None
    key_content_characters: frozenset[str] | None


    #: What the charges it names are for (:func:`fees`; None: a signature stored before key
    #: terms were kept).
    fees: tuple[str, ...] | None
    #: Its side of :func:`nlp.matter_concepts.concept_found` (key terms only: the stored form
    #: shares it).
    concepts: ConceptProbes
    #: Its words' rows in the last latent space asked about (:meth:`latent_terms`).
    _latent: tuple[LatentSpace, LatentTerms] | None = field(default=None, repr=False)
    #: Its words' groups in the last word topics asked about (:meth:`topic_terms`).
    _topics: tuple[WordTopics, TopicTerms] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, signature: MatterSignature) -> SignatureView:
        parts = signature.parts
        places = tuple(name for name in parts.names if name.kind in PLACE_KINDS)
        parties = tuple(name for name in parts.names if name.kind in PARTY_KINDS)
        named = frozenset(character for name in (*places, *parties)
                          for character in (*name.core, *name.suffix))
        where = WHERE_CHARACTERS | named
        known = bool(signature.key_terms and signature.characters)
        return cls(
            places=places,
            parties=parties,
            clash_kinds=frozenset(_clash_kind(name) for name in places if _comparable(name)),
            buildings=frozenset(parts.buildings), things=frozenset(parts.things),
            thing_kin=thing_kin(parts.things),
            demands=frozenset(parts.demands), asks=frozenset(parts.asks),
            requests=frozenset(parts.requests),
            finals=None if parts.finals is None else frozenset(parts.finals),
            numbers=None if parts.numbers is None else _by_kind(parts.numbers),
            placed=bool(places or signature.counties),
            name_characters=named,
            content_characters=signature.lookup.characters - where if known else None,
            key_content_characters=signature.lookup.key_characters - where if known else None,
            latin=(LatinSide.of(signature.key_terms, signature.lookup.characters,
                                (name.core for name in parts.names))
                   if signature.key_terms and signature.characters else None),
            fees=fees(signature.key_terms) if signature.key_terms else None,
            concepts=concept_probes(signature),
            **_joined(signature),
        )

    def latent_terms(self, space: LatentSpace, signature: MatterSignature) -> LatentTerms:
        """``signature``'s words with a row in ``space`` (kept for the last space asked)."""
        found = self._latent
        if found is not None and found[0] is space:
            return found[1]
        terms = space.terms(signature.words)
        self._latent = (space, terms)
        return terms

    def topic_terms(self, topics: WordTopics, signature: MatterSignature) -> TopicTerms:
        """``signature``'s words with a group in ``topics`` (kept for the last asked)."""
        found = self._topics
        if found is not None and found[0] is topics:
            return found[1]
        terms = topics.terms(signature.words)
        self._topics = (topics, terms)
        return terms


def _joined(signature: MatterSignature) -> dict[str, Any]:
    vectors = (signature.words, signature.bigrams, signature.trigrams)
    keys = np.concatenate([vector.hashes.astype(np.uint64) | np.uint64(number << 32)
                           for number, vector in enumerate(vectors)])
    weights = np.concatenate([vector.weights for vector in vectors]).astype(np.float32)
    # The running sum in Python: np.cumsum of a list goes through its array-wrapping path,
    # a fifth of deriving a view (issue 17); the same four integers.
    starts = np.fromiter(accumulate((0, *(len(vector.hashes) for vector in vectors))),
                         dtype=np.int64, count=len(vectors) + 1)
    return {"keys": keys, "weights": weights, "starts": starts}


def cosines(mine: SignatureView, theirs: SignatureView) -> list[float]:
    """The cosines of the two signatures' words, bigrams and trigrams, each what
    :meth:`~nlp.matter_signature.Vector.cosine` gives — the same products of the common
    features, in hash order, summed by the same ``np.dot`` — with one search for the three
    (three searches and their fix-ups were a quarter of a comparison)."""
    keys = mine.keys
    if not len(keys) or not len(theirs.keys):
        return [0.0, 0.0, 0.0]  # a text of no content words ("。。。")
    where = keys.searchsorted(theirs.keys)
    common = np.flatnonzero(keys.take(where, mode="clip") == theirs.keys)
    if not len(common):
        return [0.0, 0.0, 0.0]
    products_mine = mine.weights.take(where.take(common))
    products_theirs = theirs.weights.take(common)
    bounds = common.searchsorted(theirs.starts).tolist()
    found = []
    for start, end in pairwise(bounds):
        if start == end:
            found.append(0.0)
            continue
        dot = float(np.dot(products_mine[start:end], products_theirs[start:end]))
        found.append(min(1.0, max(0.0, dot)))
    return found


def view_of(signature: MatterSignature) -> SignatureView:
    """The view of ``signature``, derived on its first comparison and kept on it (two threads
    deriving it at once derive the same one)."""
    found = signature.view
    if found is None:
        found = SignatureView.of(signature)
        object.__setattr__(signature, "view", found)
    return cast(SignatureView, found)


def as_stored(signature: MatterSignature) -> MatterSignature:
    """``signature`` as :meth:`MatterSignature.from_bytes` of its :meth:`~MatterSignature.to_bytes`
    gives it back, made without decoding (issue 17): the bytes keep every part, name, county,
    key term, character and feature hash as they are, and the weights as float16, so the
    stored form is this signature with each vector's weights rounded to float16 and back, and
    no band keys (they are not in the bytes). What is derived from the unchanged fields alone
    is shared: the key look-ups (:class:`~nlp.matter_signature.KeyLookup`) and, when this
    signature has its view already, that view with the rounded weights (its latent and topic
    terms, which read the weights, derived again on first use). A decode and a view cost ≈ 6
    times this; ``tests/nlp/test_matter_stored.py`` checks the equality over the corpus.

    Both copies are made field by field (:func:`_copied`): ``copy.copy`` of a frozen slotted
    dataclass goes through its pickling state, and ``dataclasses.replace`` through its
    constructor, at three times the cost of the copy they make."""
    stored = _copied(signature, _SIGNATURE_FIELDS)
    vectors = [Vector(vector.hashes, vector.weights.astype("<f2").astype(np.float32))
               for vector in (signature.words, signature.bigrams, signature.trigrams)]
    for name, vector in zip(("words", "bigrams", "trigrams"), vectors, strict=True):
        object.__setattr__(stored, name, vector)
    object.__setattr__(stored, "bands", ())
    object.__setattr__(stored, "encoded", None)
    object.__setattr__(stored, "keyed", None)
    view = signature.view
    if view is not None:
        view = _copied(cast(SignatureView, view), _VIEW_FIELDS)
        view._latent = None
        view._topics = None
        view.weights = np.concatenate([vector.weights for vector in vectors]).astype(np.float32)
    object.__setattr__(stored, "view", view)
    return stored


_SIGNATURE_FIELDS = tuple(item.name for item in fields(MatterSignature))
_VIEW_FIELDS = tuple(item.name for item in fields(SignatureView))
_Copied = TypeVar("_Copied")


def _copied(original: _Copied, names: tuple[str, ...]) -> _Copied:
    """A new object of ``original``'s (slotted dataclass) type holding the same value in each
    of ``names`` (every field): what ``copy.copy`` gives, frozen or not."""
    made = object.__new__(type(original))
    for name in names:
        object.__setattr__(made, name, getattr(original, name))
    return made
