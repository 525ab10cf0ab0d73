"""Matter judgements, session 21 (helper matter25): two grievances about money at one place are
told apart by the charges they name (``fees_apart``), and a retelling of one charge in other
words is not."""

from __future__ import annotations

import math

import pytest

from nlp.matter import MatterJudge
from nlp.matter_model import FEATURES, pair_features
from nlp.matter_signature import MatterSignature
from nlp.matter_view import fees

_FEES = FEATURES.index("fees_apart")


@pytest.mark.parametrize(("terms", "found"), [
    ((("资料费", 7.0), ("育才", 9.0)), ("资料",)),
    ((("押金", 6.0), ("房东", 7.0)), ("押",)),
    ((("摊位租金", 8.0),), ("摊位",)),
    ((("补偿款", 8.0), ("停车管理费", 7.5)), ("补偿", "停车管理")),
    # Paying or charging in general names no charge.
    ((("退费", 5.0), ("收费", 4.0), ("费用", 4.0), ("退款", 5.0)), ()),
    ((("金额", 5.0), ("费心", 5.0), ("款式", 6.0)), ()),
])
def test_the_charges_named_by_key_terms(terms: tuple[tuple[str, float], ...],
                                        found: tuple[str, ...]) -> None:
    assert fees(terms) == found


@pytest.mark.parametrize(("a", "b", "apart"), [
    # Two charges of one landlord, one school, one market: two grievances.
    ("杏花村房东老赵不退押金，2400块，求帮忙", "杏花村老赵收电费两块钱一度，太黑了", 1.0),
    ("城西中学乱收资料费三百，要求退钱", "城西中学食堂伙食费一个月涨了一百五", 1.0),
    ("河东菜市场摊位费涨了一倍", "河东菜市场厕所一直锁着没人管", 0.0),  # one names no charge
    # One charge told in other words: the same grievance.
    ("美和园停车费从150涨到300", "美和园小区的停车管理费突然涨了一倍，物业单方面通知", 0.0),
    ("金色家园取暖费要按比例退", "金色家园供热不达标，请求退还采暖费", 0.0),
    ("幸福里菜市场摊位费一下涨到一千五", "幸福里菜市场摊位租金大幅上调，请恢复原收费标准", 0.0),
])
def test_charges_apart(judge: MatterJudge, a: str, b: str, apart: float) -> None:
    values = pair_features(judge.sign(a), judge.sign(b))
    assert values[_FEES] == apart
    assert pair_features(judge.sign(b), judge.sign(a))[_FEES] == apart


def test_unknown_for_a_signature_stored_without_key_terms(judge: MatterJudge) -> None:
    new = judge.sign("杏花村房东老赵不退押金，2400块，求帮忙")
    stored = judge.sign("杏花村老赵收电费两块钱一度，太黑了")
    old = MatterSignature(stored.parts, stored.counties, stored.words, stored.bigrams,
                          stored.trigrams, stored.length)
    assert math.isnan(pair_features(new, old)[_FEES])


def test_charges_apart_count_against_one_matter(judge: MatterJudge) -> None:
    assert judge.model.coef[_FEES] < 0
