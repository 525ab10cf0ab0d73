"""Word topics: which kinds of words two petitions differ by (nlp/matter_topics.py)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from nlp.matter import MatterJudge
from nlp.matter_model import FEATURES, PairModel, pair_features
from nlp.matter_signature import feature_hash
from nlp.matter_topics import TOPICS, WordTopics, topic_differences
from nlp.tokenizer import Tokenizer

_TOPIC_COLUMNS = [i for i, name in enumerate(FEATURES) if name.startswith("topic_difference_")]


def _topics(groups: dict[str, int]) -> WordTopics:
    hashes = np.array([feature_hash(word) for word in groups], dtype=np.uint32)
    order = np.argsort(hashes)
    values = np.array(list(groups.values()), dtype=np.uint8)
    return WordTopics(hashes[order], values[order])


def _terms(topics: WordTopics, weights: dict[str, float]) -> tuple[tuple[int, float, int], ...]:
    return tuple((feature_hash(w), weight, topics.index[feature_hash(w)])
                 for w, weight in weights.items() if feature_hash(w) in topics.index)


def _words(weights: dict[str, float]) -> frozenset[int]:
    return frozenset(feature_hash(word) for word in weights)


@pytest.mark.parametrize(("mine", "theirs", "group", "expected"), [
    # each adds a word of one kind the other lacks: the kinds weigh each other out
    ({"信箱": 0.5, "撬": 0.3}, {"信报箱": 0.5, "撬开": 0.3}, 0, 0.0),
    # one adds a defect, the other an ask for money: two kinds apart
    ({"信箱": 0.5, "撬": 0.3}, {"信箱": 0.5, "出钱": 0.4}, 1, 0.3),
    ({"信箱": 0.5, "撬": 0.3}, {"信箱": 0.5, "出钱": 0.4}, 2, 0.4),
])
def test_a_difference_is_counted_in_the_group_of_the_words_only_one_side_has(
        mine: dict[str, float], theirs: dict[str, float], group: int, expected: float) -> None:
    topics = _topics({"信箱": 0, "信报箱": 0, "撬": 1, "撬开": 1, "出钱": 2})
    found = topic_differences(_terms(topics, mine), _terms(topics, theirs), _words(mine),
                              _words(theirs), frozenset())
    assert len(found) == TOPICS
    assert found[group] == pytest.approx(expected)


def test_names_of_places_and_parties_are_no_difference() -> None:
    topics = _topics({"翠湖": 3, "金桥": 3, "漏": 4})
    mine, theirs = {"翠湖": 0.6, "漏": 0.4}, {"金桥": 0.6, "漏": 0.4}
    names = _words({"翠湖": 1, "金桥": 1})
    found = topic_differences(_terms(topics, mine), _terms(topics, theirs), _words(mine),
                              _words(theirs), names)
    assert found == [0.0] * TOPICS


def test_fitting_groups_words_used_in_the_same_contexts(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two families of words, each seen only among its own, in two groups of two dimensions.
    monkeypatch.setattr("nlp.matter_topics.TOPICS", 2)
    monkeypatch.setattr("nlp.matter_topics.DIMENSIONS", 2)
    wet = ["楼上", "漏水", "渗水", "天花板", "墙皮"]
    loud = ["半夜", "噪音", "音响", "吵闹", "睡觉"]
    documents = [wet[i:] + wet[:i] for i in range(5)] * 6 + [loud[i:] + loud[:i]
                                                            for i in range(5)] * 6
    topics = WordTopics.fit(documents)
    group = {word: topics.index[feature_hash(word)] for word in wet + loud}
    assert len({group[word] for word in wet}) == 1 and len({group[word] for word in loud}) == 1
    assert group["漏水"] != group["噪音"]


def test_the_shipped_model_keeps_its_topics_through_a_save(tmp_path: Path) -> None:
    model = PairModel.load()
    assert model.topics is not None and len(model.topics.hashes) > 1000
    model.save(tmp_path / "m.npz")
    loaded = PairModel.load(tmp_path / "m.npz")
    assert loaded.topics is not None
    assert np.array_equal(loaded.topics.hashes, model.topics.hashes)
    assert np.array_equal(loaded.topics.groups, model.topics.groups)


def test_without_topics_the_features_are_unknown_and_with_them_read() -> None:
    judge = MatterJudge.load(Tokenizer(), None)
    a = judge.sign("银杏里小区南门的车辆道闸坏了一个多星期，杆子一直抬着，请物业修好。")
    b = judge.sign("银杏里南门那个杆子收外面车子的钱，收到谁兜里了？物业得交代清楚。")
    assert all(math.isnan(pair_features(a, b)[i]) for i in _TOPIC_COLUMNS)
    known = pair_features(a, b, judge.model.latent, judge.model.topics)
    assert all(known[i] >= 0 for i in _TOPIC_COLUMNS) and sum(known[i] for i in _TOPIC_COLUMNS) > 0
