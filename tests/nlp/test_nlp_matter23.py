"""Matter judgements, session 19 (helper matter23): the main likenesses of a pair are read again
on a log scale, so that a retelling's small overlap weighs against none as much as a
look-alike's large overlap weighs against a larger one."""

from __future__ import annotations

import math

import pytest

from nlp.matter import MatterJudge
from nlp.matter_model import FEATURES, LOG_FLOOR, pair_features

_LOGGED = [name for name in FEATURES if name.startswith("log_")]


def test_each_logged_likeness_is_the_log_of_its_feature(judge: MatterJudge) -> None:
    a = judge.sign("桂香园小区7号楼电梯又坏了，困了人，请物业赶紧修好")
    b = judge.sign("俺们桂香园七号楼那个升降机还是老停，物业啥时候来修")
    values = pair_features(a, b)
    assert len(_LOGGED) == 7
    for name in _LOGGED:
        plain = values[FEATURES.index(name[len("log_"):])]
        assert values[FEATURES.index(name)] == pytest.approx(math.log(LOG_FLOOR + plain))


def test_a_logged_likeness_is_unknown_where_the_likeness_is(judge: MatterJudge) -> None:
    """A signature stored before key terms were kept: its character and key-term likenesses
    are unknown, and so are their logs (read as the training mean); the cosines are not."""
    from dataclasses import replace

    a = judge.sign("桂香园小区7号楼电梯又坏了，请物业修好")
    old = replace(judge.sign("桂香园7号楼电梯坏了"), key_terms=(), characters="")
    values = pair_features(a, old)
    for name in ("log_characters_contained", "log_key_found_max", "log_content_contained"):
        assert math.isnan(values[FEATURES.index(name)])
    assert not math.isnan(values[FEATURES.index("log_cos_max")])


def test_nothing_shared_is_finite(judge: MatterJudge) -> None:
    values = pair_features(judge.sign("电梯坏了"), judge.sign("工资没发"))
    assert values[FEATURES.index("log_cos_words")] == pytest.approx(math.log(LOG_FLOOR))
