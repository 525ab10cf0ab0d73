"""A signature's stored form made without decoding (``nlp.matter_view.as_stored``, issue 17)
is what decoding its bytes gives: every field, the view a comparison reads, and every score."""

from __future__ import annotations

import math
import random
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bench import decide_mix
from nlp import Analyzer
from nlp.matter import MatterJudge
from nlp.matter_signature import MatterSignature, Vector
from nlp.matter_view import SignatureView, as_stored, view_of
from tests.corpus_slice import texts_in

ROOT = Path(__file__).resolve().parents[2]
#: Training pairs, the recorded burst and the dev phrasings (never a held-out file).
SOURCES = (ROOT / "nlp" / "corpus" / "matter_pairs.tsv", ROOT / "bench" / "burst.tsv",
           ROOT / "nlp" / "corpus" / "phrasings_dev.tsv")
#: Texts of the shapes the corpus has few of: no content, Latin letters, traditional
#: characters, numbers only, one line, no punctuation.
ODD = ("。。。", "", "lift huai le san tian wu ye bu guan", "幸福里小區電梯壞了三天沒人修",
       "12345", "路灯不亮", "xingfuli小区的wifi区噪音扰民请处理", "3栋7栋B口A座二期纬五路都漏水",
       "滨江路88号院楼上渗水楼上天天滴水物业不管请督促维修谢谢")


def _texts(limit: int) -> list[str]:
    found: dict[str, None] = dict.fromkeys(ODD)
    rng = random.Random(5)
    for _ in range(150):
        found[decide_mix.petition(rng)] = None
    found.update(dict.fromkeys(texts_in(*SOURCES)))
    return list(islice(found, limit))


@pytest.fixture(scope="module")
def judge(analyzer: Analyzer) -> MatterJudge:
    return MatterJudge.load(analyzer.tokenizer)


@pytest.fixture(scope="module")
def signed(analyzer: Analyzer, judge: MatterJudge) -> list[MatterSignature]:
    found = []
    for index, text in enumerate(_texts(900)):
        signature = judge.sign(text, analyzer.analyze(text).places) if index % 3 else \
            judge.sign(text)
        if index % 2:  # half of them compared already: their view (and its terms) made
            judge.score(signature, signature)
        found.append(signature)
    return found


def _same_array(a: Any, b: Any) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def _same_vector(a: Vector, b: Vector) -> bool:
    return _same_array(a.hashes, b.hashes) and _same_array(a.weights, b.weights)


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return _same_array(a, b)
    return type(a) is type(b) and a == b


def test_the_stored_form_is_the_decoded_one(signed: list[MatterSignature]) -> None:
    for signature in signed:
        stored, decoded = as_stored(signature), MatterSignature.from_bytes(signature.to_bytes())
        for name in ("parts", "counties", "length", "bands", "key_terms", "characters",
                     "lookup", "keyed"):
            assert _same_value(getattr(stored, name), getattr(decoded, name)), name
        for name in ("words", "bigrams", "trigrams"):
            assert _same_vector(getattr(stored, name), getattr(decoded, name)), name
        assert stored.to_bytes() == decoded.to_bytes() == signature.to_bytes()
        assert stored.keys() == decoded.keys()
        # The view a comparison reads: every field (its latent and topic terms made again).
        mine, theirs = view_of(stored), SignatureView.of(decoded)
        for name in SignatureView.__slots__:  # type: ignore[attr-defined]
            if name.startswith("_"):
                assert getattr(mine, name) is None, name
            else:
                assert _same_value(getattr(mine, name), getattr(theirs, name)), name


def test_rounding_is_what_tells_them_apart(signed: list[MatterSignature]) -> None:
    # The check above can fail: the live signature's own weights are not the stored ones.
    differ = [signature for signature in signed if len(signature.words.weights) and not
              _same_vector(signature.words, MatterSignature.from_bytes(
                  signature.to_bytes()).words)]
    assert len(differ) > len(signed) // 2


def test_every_score_is_the_decoded_ones(judge: MatterJudge,
                                         signed: list[MatterSignature]) -> None:
    rng = random.Random(11)
    stored = [as_stored(signature) for signature in signed]
    decoded = [MatterSignature.from_bytes(signature.to_bytes()) for signature in signed]
    pairs = [(rng.randrange(len(signed)), rng.randrange(len(signed))) for _ in range(3000)]
    pairs += [(index, index) for index in range(0, len(signed), 7)]
    same = 0
    for new, other in pairs:
        fresh = signed[new]
        for mine, theirs in ((judge.score(fresh, stored[other]),
                              judge.score(fresh, decoded[other])),
                             (judge.score(stored[other], fresh),
                              judge.score(decoded[other], fresh)),
                             (judge.score(stored[new], stored[other]),
                              judge.score(decoded[new], decoded[other]))):
            assert mine == theirs or (math.isnan(mine) and math.isnan(theirs))
            same += mine >= judge.threshold
    assert same > 50  # the pairs hold some the model calls the same matter
