"""A matter signature: what a text is about plus its weighted n-grams, computed once per text,
stored as bytes, and compared without the text (:mod:`nlp.matter_model`).

- the symbolic parts (:class:`nlp.matter_parts.Parts`) and the counties the analyzer resolved;
- three TF-IDF vectors — content words, character bigrams and trigrams of the content words
  joined — with the inverse document frequencies fitted on in-domain petitions
  (:class:`Idf`), features hashed to 32 bits, each vector cut to its strongest
  :data:`MAX_FEATURES` and unit length;
- its key terms (:func:`key_terms`): the :data:`KEY_TERMS` rarest content words with their
  IDF, so that a pair can ask whether what is specific in one text (a firm's name, 二期,
  中学) is in the other at all (:mod:`nlp.matter_model`);
- retrieval keys (:meth:`MatterSignature.keys`): MinHash/LSH band keys over character
  trigrams, which find near-identical texts, and keys for each named place or party and for
  each county × thing, which find paraphrases by other people. A case keeps its keys in an
  indexed table; candidates are the cases sharing a key.

Encoding (:meth:`MatterSignature.to_bytes`): ``b"M1"``, a length-prefixed UTF-8 JSON header
(parts, counties, length, key terms, characters), then per vector a count and its uint32 hashes and float16 weights.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from nlp.matter_parts import Name, Parts, kin_members

MAGIC = b"M1"
#: The strongest features each vector keeps: long letters are cut to what is specific in them.
MAX_FEATURES = 120
#: Key terms a signature keeps: the rarest content words say what is specific in a text.
KEY_TERMS = 8
#: MinHash: NUM_PERM permutations in BANDS bands of ROWS rows; two texts whose trigram sets
#: have Jaccard similarity j share a band key with probability 1 - (1 - j**ROWS)**BANDS
#: (j = 0.5: 0.41, j = 0.7: 0.88).
BANDS, ROWS = 8, 4
NUM_PERM = BANDS * ROWS
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20260607)
_PERM_A = _rng.integers(1, 1 << 32, NUM_PERM, dtype=np.uint64)
_PERM_B = _rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint64)
#: Name kinds that are places (a 小区, a road, a village) rather than parties.
PLACE_KINDS = ("community", "road", "village")

U32Array = npt.NDArray[np.uint32]
F32Array = npt.NDArray[np.float32]


def same_area(first: str, second: str) -> bool:
    """Whether two area labels ("省|市|区") can be one place: every level both name agrees."""
    pairs = [(a, b) for a, b in zip(first.split("|"), second.split("|"), strict=False) if a and b]
    return bool(pairs) and all(a == b for a, b in pairs)


def area_name(label: str) -> str:
    """The most specific level of an area label, for keys and for people ("鼓楼区")."""
    return next((level for level in reversed(label.split("|")) if level), "")


_log = math.log


def feature_hash(feature: str) -> int:
    """A stable 32-bit hash (zlib's CRC-32; never Python's salted ``hash``)."""
    return zlib.crc32(feature.encode("utf-8"))


def feature_hashes(features: Iterable[str]) -> list[int]:
    """:func:`feature_hash` of each feature, in order (one comprehension: a signature hashes
    a few hundred, and a call each was a third of signing them)."""
    crc32 = zlib.crc32
    return [crc32(feature.encode("utf-8")) for feature in features]


def key_hash(text: str) -> int:
    """A stable signed 64-bit key for the database (fits BIGINT on both engines)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(),
                          "big", signed=True)


def name_thing_keys(pieces: Iterable[tuple[str, str]], things: Iterable[str]) -> set[int]:
    """The keys of named places and parties × things ("" for a text that names no thing):
    a name's first and last two characters, as its name keys (migration
    0017_matterkey_name_thing re-keys stored signatures with a copy of this)."""
    things = tuple(things)
    return {key_hash(f"nt:{kind}:{piece}:{thing}") for kind, piece in pieces for thing in things}


def features(terms: Sequence[str]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Word, character-bigram and character-trigram counts of content words."""
    joined = "".join(terms)
    words: Counter[str] = Counter(terms)
    bigrams: Counter[str] = Counter(joined[i:i + 2] for i in range(len(joined) - 1))
    trigrams: Counter[str] = Counter(joined[i:i + 3] for i in range(len(joined) - 2))
    return words, bigrams, trigrams


@dataclass(frozen=True, slots=True)
class Idf:
    """Inverse document frequencies by feature hash; unseen features count as the rarest."""

    hashes: U32Array  # sorted
    values: F32Array
    default: float

    def of(self, hashes: U32Array) -> F32Array:
        """Each hash's IDF, as float32 (the default where the hash is not in the table)."""
        known = self.hashes
        if not len(known):
            return np.full(len(hashes), self.default, dtype=np.float32)
        # Array methods and take(mode="clip") (a hash past the last one is compared with the
        # last, never equal) rather than functions, a masked minimum and np.where: the same
        # values at half the cost — four look-ups a signature, every text signed (issue 17).
        where = known.searchsorted(hashes)
        values = self.values.take(where, mode="clip").astype(np.float32, copy=False)
        values[known.take(where, mode="clip") != hashes] = np.float32(self.default)
        return values

    @classmethod
    def flat(cls) -> Idf:
        """Every feature weighs the same (before any fitting)."""
        return cls(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32), 1.0)


def key_terms(terms: Sequence[str], idf: Idf, hashed: Sequence[int] | None = None,
              looked_up: F32Array | None = None) -> tuple[tuple[str, float], ...]:
    """The :data:`KEY_TERMS` content words of highest IDF, with their IDF; among words of one
    IDF (all those never seen in the petitions the IDF was fitted on) the first written.
    ``hashed``: the distinct terms' hashes in the order first written, when the caller has
    them (the word counts of :func:`features` are in that order); ``looked_up``: their
    ``idf.of``, when the caller has that too."""
    unique = list(dict.fromkeys(terms))
    if not unique:
        return ()
    if hashed is None or len(hashed) != len(unique):
        hashed, looked_up = feature_hashes(unique), None
    weights = idf.of(np.array(hashed, dtype=np.uint32)) if looked_up is None else looked_up
    ranked = sorted(zip(unique, weights.tolist(), strict=True), key=lambda kv: -kv[1])
    return tuple((term, round(float(weight), 3)) for term, weight in ranked[:KEY_TERMS])


@dataclass(frozen=True, slots=True)
class Vector:
    """A sparse unit vector: sorted uint32 feature hashes and their weights."""

    hashes: U32Array
    weights: F32Array

    def cosine(self, other: Vector) -> float:
        mine, theirs = self.hashes, other.hashes
        if not len(mine) or not len(theirs):
            return 0.0
        # Both sorted and unique: where each of ``other``'s hashes would sit in ``self``
        # finds the common ones in hash order, the pairs ``np.intersect1d`` gives, at a third
        # of its cost (it sorts the two arrays joined; this runs for every candidate pair).
        # Methods and take(mode="clip") (a hash past the last one is compared with the last,
        # never equal) rather than functions and a masked fix-up: a third less again.
        where = mine.searchsorted(theirs)
        common = mine.take(where, mode="clip") == theirs
        if not common.any():
            return 0.0
        dot = float(np.dot(self.weights.take(where[common]), other.weights[common]))
        return min(1.0, max(0.0, dot))

    @classmethod
    def build(cls, counts: Counter[str], idf: Idf, hashed: Sequence[int] | None = None,
              looked_up: F32Array | None = None) -> Vector:
        """The vector of feature ``counts``; ``hashed``: their :func:`feature_hashes`, in the
        counts' order, when the caller has them; ``looked_up``: their ``idf.of``, when the
        caller has that too (a signature's words: its key terms read the same)."""
        if not counts:
            return EMPTY_VECTOR
        # Features whose hashes collide are summed, in the order first met, as one feature.
        if hashed is None or len(hashed) != len(counts):
            hashed, looked_up = feature_hashes(counts), None
        if len(set(hashed)) == len(hashed):
            size = len(hashed)
            hashes = np.fromiter(hashed, dtype=np.uint32, count=size)
            weights = np.fromiter([1.0 + _log(count) for count in counts.values()],
                                  dtype=np.float32, count=size)
            if looked_up is not None:
                weights = weights * looked_up
            else:
                weights = weights * idf.of(hashes)
        else:
            by_hash: dict[int, float] = {}
            for hash_, count in zip(hashed, counts.values(), strict=True):
                by_hash[hash_] = by_hash.get(hash_, 0.0) + 1.0 + math.log(count)
            hashes = np.fromiter(by_hash, dtype=np.uint32, count=len(by_hash))
            weights = np.fromiter(by_hash.values(), dtype=np.float32, count=len(by_hash))
            weights = weights * idf.of(hashes)
        if len(hashes) > MAX_FEATURES:
            keep = np.argpartition(-weights, MAX_FEATURES)[:MAX_FEATURES]
            hashes, weights = hashes[keep], weights[keep]
        order = hashes.argsort()
        hashes, weights = hashes.take(order), weights.take(order)
        # What np.linalg.norm computes for a vector (the square root of its dot product with
        # itself, in its own dtype), without its dispatch: the same float.
        norm = float(np.sqrt(weights.dot(weights)))
        return cls(hashes, (weights / norm).astype(np.float32) if norm else weights)


EMPTY_VECTOR = Vector(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32))


def minhash_bands(shingles: Iterable[str], hashed: Iterable[int] | None = None
                  ) -> tuple[int, ...]:
    """The LSH band keys of a shingle set (empty set: no keys); ``hashed``: the shingles'
    :func:`feature_hashes` when the caller has them (then ``shingles`` is not read)."""
    hashed = np.fromiter(set(feature_hashes(shingles) if hashed is None else hashed),
                         dtype=np.uint64)
    if not len(hashed):
        return ()
    signature = ((np.outer(_PERM_A, hashed) + _PERM_B[:, None]) % _PRIME).min(axis=1)
    return tuple(key_hash(f"b{band}:" + signature[band * ROWS:(band + 1) * ROWS].tobytes().hex())
                 for band in range(BANDS))


#: One key term as a comparison looks it up in another signature: its IDF, its word hash, the
#: hashes of its character bigrams (none for one character), and the character itself when
#: it is one (looked up among the other's characters). A plain tuple: unpacked in a loop
#: that runs for every comparison.
KeyProbe = tuple[float, int, tuple[int, ...], str]


@dataclass(frozen=True, slots=True)
class KeyLookup:
    """A signature's key terms as probes, and its words and bigrams as sets of hashes: a
    comparison asks a few set lookups of each side instead of hashing and searching arrays
    (the comparison runs for every candidate of every new message)."""

    probes: tuple[KeyProbe, ...]
    #: The sum of the probes' IDF.
    weight: float
    words: frozenset[int]
    bigrams: frozenset[int]
    #: The signature's content characters, and those of its key terms, as sets.
    characters: frozenset[str] = frozenset()
    key_characters: frozenset[str] = frozenset()
    #: The word hashes of its named places and parties (the core and the whole name), left
    #: out of what the latent space compares (:mod:`nlp.matter_latent`).
    names: frozenset[int] = frozenset()

    @classmethod
    def of(cls, signature: MatterSignature) -> KeyLookup:
        probes = tuple(
            (weight, feature_hash(term),
             tuple(feature_hash(term[i:i + 2]) for i in range(len(term) - 1)),
             term if len(term) == 1 else "")
            for term, weight in signature.key_terms)
        return cls(probes, sum(weight for weight, _, _, _ in probes),
                   frozenset(signature.words.hashes.tolist()),
                   frozenset(signature.bigrams.hashes.tolist()),
                   frozenset(signature.characters),
                   frozenset("".join(term for term, _ in signature.key_terms)),
                   frozenset(feature_hash(text) for name in signature.parts.names
                             for text in (name.core, name.text)))


@dataclass(frozen=True, slots=True, weakref_slot=True)
class MatterSignature:
    """Everything needed to compare a text with others, without the text."""

    parts: Parts
    #: The counties (else cities) named, as "北京市|北京市|海淀区" (:func:`same_area`).
    counties: tuple[str, ...]
    words: Vector
    bigrams: Vector
    trigrams: Vector
    #: Content characters: long letters and one-line follow-ups compare differently.
    length: int
    #: MinHash band keys (not stored in the bytes: they go to the key table at registration).
    bands: tuple[int, ...] = ()
    #: The rarest content words and their IDF (:func:`key_terms`); empty in signatures
    #: stored before they were kept, which the model then reads as "unknown".
    key_terms: tuple[tuple[str, float], ...] = ()
    #: The distinct characters of its content words, sorted: a one-character key term of
    #: another text ("裂", "漏") is found here inside a longer word ("裂缝", "漏水").
    characters: str = ""
    #: Derived once per signature, for the key-term features of every comparison
    #: (:class:`KeyLookup`); not stored, not compared.
    lookup: KeyLookup = field(init=False, repr=False, compare=False)
    #: What a comparison reads of this signature alone (:class:`nlp.matter_view.SignatureView`),
    #: derived on its first comparison; not stored, not compared.
    view: object = field(default=None, init=False, repr=False, compare=False)
    #: :meth:`to_bytes`, kept once made: a signature is cached by its text and stored with
    #: every case of that text (issue 17); not stored, not compared.
    encoded: bytes | None = field(default=None, init=False, repr=False, compare=False)
    #: :meth:`keys` and :meth:`collective_keys`, kept once made; not stored, not compared.
    keyed: tuple[tuple[int, ...], tuple[int, ...]] | None = field(
        default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lookup", KeyLookup.of(self))

    @property
    def places(self) -> tuple[Name, ...]:
        return tuple(name for name in self.parts.names if name.kind in PLACE_KINDS)

    def keys(self) -> tuple[int, ...]:
        """Retrieval keys: band keys, named places and parties, county × thing, and each
        named place or party × thing (:meth:`collective_keys`)."""
        return self._keyed()[0]

    def collective_keys(self) -> tuple[int, ...]:
        """The keys a collective check looks candidates up by: :meth:`keys`, but when this
        signature names things its name keys are replaced by the name × thing keys of its
        own things and of none. A case at one of its places that names other things only is
        not read: :func:`bot.matters.things_apart` would drop it unscored. Every other case
        sharing a name key with it is found by one of these (it names one of the same things,
        or none), and the band and county × thing keys find what they found before."""
        return self._keyed()[1]

    def _keyed(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """:meth:`keys` and :meth:`collective_keys`, each key hashed once, kept once made."""
        if self.keyed is not None:
            return self.keyed
        things = self.parts.things
        pieces = {(name.kind, piece) for name in self.parts.names
                  for piece in (name.core[:2], name.core[-2:])}
        common: set[int] = set(self.bands)
        common.update(key_hash(f"t:{county}:{thing}")
                      for county in {area_name(label) for label in self.counties}
                      for thing in things)
        names = {key_hash(f"n:{kind}:{piece}") for kind, piece in pieces}
        by_thing = name_thing_keys(pieces, things)
        none = name_thing_keys(pieces, ("",))
        keys = tuple(sorted(common | names | (by_thing if things else none)))
        # Its things' kin too: things_apart keeps a case about a kin thing (helper matter27).
        kin = name_thing_keys(pieces, kin_members(things))
        collective = tuple(sorted(common | kin | none)) if things else keys
        # The signature is frozen: its keys never change (a race makes them twice).
        object.__setattr__(self, "keyed", (keys, collective))
        return keys, collective

    def to_bytes(self) -> bytes:
        if self.encoded is None:
            # The signature is frozen: its bytes never change (a race makes them twice).
            object.__setattr__(self, "encoded", self._encode())
        assert self.encoded is not None
        return self.encoded

    def _encode(self) -> bytes:
        header = json.dumps({
            "n": [[n.kind, n.core, n.suffix] for n in self.parts.names],
            "b": list(self.parts.buildings), "t": list(self.parts.things),
            "d": list(self.parts.demands), "a": list(self.parts.asks),
            "r": list(self.parts.requests),
            **({} if self.parts.finals is None else {"f": list(self.parts.finals)}),
            **({} if self.parts.numbers is None else {"g": list(self.parts.numbers)}),
            "c": list(self.counties), "l": self.length,
            "k": [[term, weight] for term, weight in self.key_terms], "ch": self.characters,
        }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        chunks = [MAGIC, struct.pack("<I", len(header)), header]
        for vector in (self.words, self.bigrams, self.trigrams):
            chunks.append(struct.pack("<H", len(vector.hashes)))
            chunks.append(vector.hashes.astype("<u4").tobytes())
            chunks.append(vector.weights.astype("<f2").tobytes())
        return b"".join(chunks)

    @classmethod
    def from_bytes(cls, data: bytes) -> MatterSignature:
        """Decode :meth:`to_bytes`; :class:`ValueError` for anything else."""
        if data[:2] != MAGIC:
            raise ValueError("not a matter signature (or another version)")
        (size,) = struct.unpack_from("<I", data, 2)
        offset = 6 + size
        header = json.loads(data[6:offset].decode("utf-8"))
        vectors = []
        for _ in range(3):
            (count,) = struct.unpack_from("<H", data, offset)
            offset += 2
            hashes = np.frombuffer(data, dtype="<u4", count=count, offset=offset)
            offset += 4 * count
            weights = np.frombuffer(data, dtype="<f2", count=count, offset=offset)
            offset += 2 * count
            vectors.append(Vector(hashes.astype(np.uint32), weights.astype(np.float32)))
        parts = Parts(names=tuple(Name(k, c, s) for k, c, s in header["n"]),
                      buildings=tuple(header["b"]), things=tuple(header["t"]),
                      demands=tuple(header["d"]), asks=tuple(header.get("a", ())),
                      requests=tuple(header.get("r", ())),
                      # Absent in a signature stored before they were read: unknown (None).
                      finals=tuple(header["f"]) if "f" in header else None,
                      numbers=tuple(header["g"]) if "g" in header else None)
        return cls(parts, tuple(header["c"]), vectors[0], vectors[1], vectors[2],
                   int(header["l"]),
                   key_terms=tuple((str(t), float(w)) for t, w in header.get("k", ())),
                   characters=str(header.get("ch", "")))
