"""Signing and views made cheaper without changing a bit (issue 17, helper speed27): the IDF
look-up and a vector's norm by array methods, a view's starts summed in Python. Every check
compares with the computation as it was, array by array and bit for bit."""

from __future__ import annotations

import math
import random
from collections import Counter
from itertools import islice, pairwise
from pathlib import Path

import numpy as np
import pytest

from bench import decide_mix
from nlp import Analyzer
from nlp.matter import MatterJudge
from nlp.matter_parts import _CLAUSES, REQUEST_VERBS, _final_requests
from nlp.matter_signature import (
    EMPTY_VECTOR,
    MAX_FEATURES,
    F32Array,
    Idf,
    U32Array,
    Vector,
    feature_hashes,
    features,
    key_terms,
)
from nlp.matter_view import SignatureView, _joined
from nlp.normalize import normalize
from tests.corpus_slice import texts_in

ROOT = Path(__file__).resolve().parents[2]
#: Training pairs and the recorded burst (never a held-out file).
SOURCES = (ROOT / "nlp" / "corpus" / "matter_pairs.tsv", ROOT / "bench" / "burst.tsv")
ODD = ("", "。。。", "a", "lift huai le san tian wu ye bu guan", "电梯" * 300,
       "清河小区3栋楼上渗水，天花板都泡了，请物业协调。")


def _idf_as_it_was(idf: Idf, hashes: U32Array) -> F32Array:
    """``Idf.of`` before speed27."""
    if not len(idf.hashes):
        return np.full(len(hashes), idf.default, dtype=np.float32)
    where = np.searchsorted(idf.hashes, hashes)
    where = np.minimum(where, len(idf.hashes) - 1)
    found = idf.hashes[where] == hashes
    return np.where(found, idf.values[where], np.float32(idf.default)).astype(np.float32)


def _build_as_it_was(counts: Counter[str], idf: Idf) -> Vector:
    """``Vector.build`` before speed27 (its IDF look-up, ``np.argsort``, ``np.linalg.norm``)."""
    if not counts:
        return EMPTY_VECTOR
    hashed = feature_hashes(counts)
    by_hash: dict[int, float] = {}
    for hash_, count in zip(hashed, counts.values(), strict=True):
        by_hash[hash_] = by_hash.get(hash_, 0.0) + 1.0 + math.log(count)
    hashes = np.fromiter(by_hash, dtype=np.uint32, count=len(by_hash))
    weights = np.fromiter(by_hash.values(), dtype=np.float32, count=len(by_hash))
    weights = weights * _idf_as_it_was(idf, hashes)
    if len(hashes) > MAX_FEATURES:
        keep = np.argpartition(-weights, MAX_FEATURES)[:MAX_FEATURES]
        hashes, weights = hashes[keep], weights[keep]
    order = np.argsort(hashes)
    hashes, weights = hashes[order], weights[order]
    norm = float(np.linalg.norm(weights))
    return Vector(hashes, (weights / norm).astype(np.float32) if norm else weights)


def _same_array(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.fixture(scope="module")
def judge(analyzer: Analyzer) -> MatterJudge:
    return MatterJudge.load(analyzer.tokenizer)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found: dict[str, None] = dict.fromkeys(ODD)
    rng = random.Random(27)
    petitions = [decide_mix.petition(rng) for _ in range(120)]
    found.update(dict.fromkeys(petitions))
    # long letters: more features than a vector keeps
    found.update(dict.fromkeys("".join(petitions[i:i + 12]) for i in range(0, 120, 12)))
    found.update(dict.fromkeys(texts_in(*SOURCES)))
    return list(islice(found, 700))


def test_idf_look_ups_as_before(judge: MatterJudge) -> None:
    idf = judge.model.idf
    rng = np.random.default_rng(27)
    table = idf.hashes
    queries = [
        table[::97], table[-3:], table[:3],  # every one known, the last and the first
        np.array([0, 1, 2**32 - 1, int(table[-1]) + 1, int(table[0]) - 1], dtype=np.uint32),
        np.zeros(0, dtype=np.uint32),
        rng.integers(0, 2**32, 500, dtype=np.uint64).astype(np.uint32),  # mostly unknown
        np.concatenate([table[::211], rng.integers(0, 2**32, 60).astype(np.uint32)]),
    ]
    # the same tables with float64 values, and an empty one (every weight the default)
    tables = [idf, Idf(idf.hashes, idf.values.astype(np.float64), idf.default),
              Idf.flat(), Idf(idf.hashes[:5], idf.values[:5], 7.25)]
    unknown = 0
    for table_ in tables:
        for query in queries:
            got, expected = table_.of(query), _idf_as_it_was(table_, query)
            assert _same_array(got, expected)
            unknown += int((got == np.float32(table_.default)).sum())
    assert unknown > 500  # the default was given, not only table values


def test_vectors_as_before(judge: MatterJudge, texts: list[str]) -> None:
    idf = judge.model.idf
    tokenizer = judge._tokenizer
    long_vectors = 0
    for text in texts:
        for counts in features(tokenizer.terms(text)):
            got, expected = Vector.build(counts, idf), _build_as_it_was(counts, idf)
            assert _same_array(got.hashes, expected.hashes)
            assert _same_array(got.weights, expected.weights)
            long_vectors += len(counts) > MAX_FEATURES
    assert long_vectors > 0  # the cut to MAX_FEATURES was met


def test_a_view_s_starts_as_before(judge: MatterJudge, texts: list[str]) -> None:
    for text in texts:
        signature = judge.sign(text)
        joined = _joined(signature)
        lengths = [len(v.hashes) for v in (signature.words, signature.bigrams, signature.trigrams)]
        assert _same_array(joined["starts"], np.cumsum([0, *lengths], dtype=np.int64))
        assert _same_array(SignatureView.of(signature).starts, joined["starts"])


def _final_requests_as_they_were(text: str) -> tuple[str, ...]:
    """``nlp.matter_parts._final_requests`` before speed27: every clause read, the last kept."""
    last: tuple[str, ...] = ()
    for clause in _CLAUSES.split(text):
        found = tuple(verb for verb, pattern in REQUEST_VERBS.items() if pattern.search(clause))
        if found:
            last = found
    return tuple(sorted(last))


def test_final_requests_as_before(texts: list[str]) -> None:
    read = [normalize(text) for text in texts]
    # joined two by two (the second's asks last), and a text's clauses in reverse order
    read += [a + "，" + b for a, b in pairwise(read)]
    read += ["。".join(reversed(_CLAUSES.split(text))) for text in read[:300]]
    read += ["请尽快维修，不要再拖了", "维修，公开，赔偿？", "还修不修", "到底谁赔？？", "。", ""]
    asked = 0
    for text in read:
        expected = _final_requests_as_they_were(text)
        assert _final_requests(text) == expected, text
        asked += bool(expected)
    clauses = sum(len([c for c in _CLAUSES.split(text) if c]) > 1 for text in read)
    assert asked > 200 and clauses > 500  # asks found, in texts of several clauses


def test_the_words_idf_shared_as_before(judge: MatterJudge, texts: list[str]) -> None:
    """A signature's word vector and key terms read one IDF look-up of its words: the same as
    each looking them up itself, also where two words' hashes collide (summed as one)."""
    idf = judge.model.idf
    for text in texts:
        terms = judge._tokenizer.terms(normalize(text))
        signature = judge.sign(text)
        words = features(terms)[0]
        expected = _build_as_it_was(words, idf)
        assert _same_array(signature.words.hashes, expected.hashes)
        assert _same_array(signature.words.weights, expected.weights)
        assert signature.key_terms == key_terms(terms, idf)
    counts = Counter({"电梯": 3, "坏了": 1, "物业": 2})
    collided = [7, 7, 9]  # two words of one hash: their IDF looked up again, by hash
    looked_up = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    built = Vector.build(counts, idf, collided, looked_up)
    assert _same_array(built.hashes, np.array([7, 9], dtype=np.uint32))
    assert _same_array(built.weights, Vector.build(counts, idf, collided).weights)
    assert not _same_array(Vector.build(counts, idf, [7, 8, 9], looked_up).weights,
                           Vector.build(counts, idf, [7, 8, 9]).weights)  # it was read
