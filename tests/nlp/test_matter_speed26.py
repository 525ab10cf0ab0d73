"""Pair scoring made cheaper without changing a number (issue 17, helper speed26): each side's
concept probes kept on its view, the stored form copied field by field, the standardizing done
in place. Every check compares with the computation as it was, bit for bit."""

from __future__ import annotations

import math
import random
from itertools import islice
from pathlib import Path

import numpy as np
import pytest

from bench import decide_mix
from nlp import Analyzer
from nlp.matter import MatterJudge
from nlp.matter_concepts import alternatives, concept_found, concept_probes
from nlp.matter_model import FEATURES, TRANSLITERATED_CEILING, PairModel, pair_features
from nlp.matter_signature import MatterSignature
from nlp.matter_view import SignatureView, as_stored, view_of
from tests.corpus_slice import texts_in

ROOT = Path(__file__).resolve().parents[2]
#: Training pairs and the recorded burst (never a held-out file).
SOURCES = (ROOT / "nlp" / "corpus" / "matter_pairs.tsv", ROOT / "bench" / "burst.tsv")
#: One thing in other forms at one place, and odd shapes (no content, Latin letters).
ODD = ("。。。", "lift huai le san tian wu ye bu guan", "清河小区3栋楼上渗水，天花板都泡了，请物业协调。",
       "清河小区3栋楼上往下滴水好几天了，请物业协调。", "清河小区直梯坏了三天没人修",
       "清河小区电梯坏了三天没人修", "清河小区广场舞扰民", "清河小区广场舞太吵了晚上睡不着")


def _found_otherwise_as_it_was(mine: MatterSignature, theirs: MatterSignature) -> float:
    """``nlp.matter_concepts._found_otherwise`` before speed26: every key term walked and its
    forms looked up for every pair."""
    their_words, their_bigrams = theirs.lookup.words, theirs.lookup.bigrams

    def holds(word: int, bigrams: tuple[int, ...]) -> bool:
        return word in their_words or bool(bigrams) and their_bigrams.issuperset(bigrams)

    total = found = 0.0
    for (term, weight), probe in zip(mine.key_terms, mine.lookup.probes, strict=True):
        total += weight
        if not holds(probe[1], probe[2]) and any(holds(*other) for other in alternatives(term)):
            found += weight
    return found / total if total else 0.0


def _concept_found_as_it_was(a: MatterSignature, b: MatterSignature) -> float:
    if not (a.key_terms and a.characters and b.key_terms and b.characters):
        return math.nan
    return max(_found_otherwise_as_it_was(a, b), _found_otherwise_as_it_was(b, a))


def _probability_as_it_was(model: PairModel, values: list[float]) -> float:
    x = (np.asarray(values, dtype=np.float64) - model.mean) / model.scale
    x[np.isnan(x)] = 0.0
    score = float(x @ model.coef) + model.intercept
    probability = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))
    if values[FEATURES.index("latin_found")] > 0:
        return min(probability, TRANSLITERATED_CEILING)
    return probability


def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


@pytest.fixture(scope="module")
def judge(analyzer: Analyzer) -> MatterJudge:
    return MatterJudge.load(analyzer.tokenizer)


@pytest.fixture(scope="module")
def signed(judge: MatterJudge) -> list[MatterSignature]:
    found: dict[str, None] = dict.fromkeys(ODD)
    rng = random.Random(26)
    for _ in range(120):
        found[decide_mix.petition(rng)] = None
    found.update(dict.fromkeys(texts_in(*SOURCES)))
    return [judge.sign(text) for text in islice(found, 600)]


def _pairs(signed: list[MatterSignature]) -> list[tuple[MatterSignature, MatterSignature]]:
    rng = random.Random(7)
    stored = {id(s): MatterSignature.from_bytes(s.to_bytes()) for s in signed}
    pairs = [(signed[i], signed[i + 1]) for i in range(len(signed) - 1)]  # pairs of a file
    pairs += [(rng.choice(signed), rng.choice(signed)) for _ in range(2500)]
    return pairs + [(a, stored[id(b)]) for a, b in pairs[::3]]


def test_concepts_found_as_before(signed: list[MatterSignature]) -> None:
    found = 0
    for a, b in _pairs(signed):
        va, vb = view_of(a), view_of(b)
        mine = concept_found(a, b, (va.concepts, vb.concepts))
        assert _same(mine, _concept_found_as_it_was(a, b)), (a.key_terms, b.key_terms)
        assert _same(concept_found(a, b), mine)  # the probes made on the spot
        found += mine > 0
    assert found > 20  # pairs where a form of another counts: the sums are exercised


def test_the_probes_keep_only_terms_with_other_forms(signed: list[MatterSignature]) -> None:
    kept_some = 0
    for signature in signed:
        total, kept = concept_probes(signature)
        running = 0.0
        for _, weight in signature.key_terms:
            running += weight
        assert total == running  # summed in order, as the walk summed it
        assert kept == tuple(
            (weight, probe[1], probe[2], alternatives(term))
            for (term, weight), probe in zip(signature.key_terms, signature.lookup.probes,
                                             strict=True) if alternatives(term))
        kept_some += bool(kept) and len(kept) < len(signature.key_terms)
    assert kept_some > 20  # signatures whose terms are partly left out of the walk


def test_every_feature_and_probability_as_before(judge: MatterJudge,
                                                 signed: list[MatterSignature]) -> None:
    model = judge.model
    same = 0
    for a, b in _pairs(signed):
        values = pair_features(a, b, model.latent, model.topics)
        concept = FEATURES.index("concept_found")
        if values[FEATURES.index("place_shared")] > 0 or values[FEATURES.index("party_shared")] > 0:
            assert _same(values[concept], _concept_found_as_it_was(a, b))
        probability = model.probability_of(values)
        assert probability == _probability_as_it_was(model, values)
        same += probability >= model.threshold
    assert same > 50


def test_probability_in_place_with_unknowns(judge: MatterJudge) -> None:
    model = judge.model
    rng = random.Random(3)
    for _ in range(2000):
        values = [rng.choice((math.nan, 0.0, 1.0, rng.uniform(-3, 3), rng.random()))
                  for _ in FEATURES]
        assert model.probability_of(values) == _probability_as_it_was(model, values)


def test_the_stored_copy_leaves_the_live_signature_as_it_was(
        judge: MatterJudge, signed: list[MatterSignature]) -> None:
    for signature in signed[:200]:
        judge.score(signature, signature)  # its view and its terms made
        live = view_of(signature)
        terms = (live._latent, live._topics)
        weights = live.weights.copy()
        stored = as_stored(signature)
        assert stored is not signature and stored.view is not live
        assert isinstance(stored.view, SignatureView)
        # the live one keeps its own view, terms and weights; the copy has the rounded ones
        assert signature.view is live and (live._latent, live._topics) == terms
        assert live.weights.tobytes() == weights.tobytes()
        assert stored.view.concepts is live.concepts and stored.lookup is signature.lookup
        assert stored.view._latent is None and stored.view._topics is None
        assert stored.words is not signature.words and stored.encoded is None
