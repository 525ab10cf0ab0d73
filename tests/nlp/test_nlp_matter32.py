"""Matter judgements, session 27 (helper matter32): a side in pinyin or English vouches for no
pair whose things cannot be one matter's, nor for one whose money asks are apart.

A pair with one side in Latin letters is weighed by the few Latin words found in the other
(``latin_found``) and held at :data:`~nlp.matter_model.TRANSLITERATED_CEILING`; where those
words are the place or the party, another problem at that place was held there too. When both
sides read things and none is shared, or one asks money back or damages and the other another
thing (``_money_apart``), the Latin vouching is withdrawn, as it is when the two number their
spots apart (helper matter29). A general charge ("涨价", "乱收费") is no other thing than a
named one (物业费, 停车费). Every sentence is written for these tests (none is a corpus row)."""

from __future__ import annotations

import math

import pytest

from nlp.matter import MatterJudge
from nlp.matter_model import FEATURES, _things_apart_for_latin, pair_features
from nlp.tokenizer import Tokenizer

_LATIN = FEATURES.index("latin_found")


@pytest.fixture(scope="module")
def judge() -> MatterJudge:
    return MatterJudge.load(Tokenizer())


def _latin(judge: MatterJudge, a: str, b: str) -> float:
    model = judge.model
    return pair_features(judge.sign(a), judge.sign(b), model.latent, model.topics)[_LATIN]


@pytest.mark.parametrize(("mine", "theirs", "apart"), [
    ({"工资"}, {"工伤"}, True),
    ({"油烟"}, {"噪音"}, True),
    ({"路灯"}, {"占道"}, True),
    ({"电梯"}, {"电梯", "噪音"}, False),     # one thing shared: the model weighs the rest
    ({"电梯"}, set(), False),                # one side reads no thing: nothing to set apart
    ({"收费"}, {"物业费"}, False),           # a charge not said which, against a named one
    ({"收费"}, {"停车费"}, False),
    ({"物业费"}, {"停车费"}, True),          # two named charges are two
    ({"收费"}, {"食堂"}, True),
])
def test_things_apart_for_a_latin_side(mine: set[str], theirs: set[str], apart: bool) -> None:
    assert _things_apart_for_latin(frozenset(mine), frozenset(theirs)) is apart
    assert _things_apart_for_latin(frozenset(theirs), frozenset(mine)) is apart


# One place or party; the Latin side tells another problem there, or asks another thing than
# money back or damages.
OTHER_PROBLEM = [
    ("heping jiayuan 1502 bathroom leaks into my ceiling, please make them fix the waterproofing 修好",
     "和平家园1502卫生间漏水，把我家1402的吊顶泡坏了，要求1502赔偿损失"),
    ("dongsheng wuye 欠了我们保安队四个月工资 请帮忙", "东升物业的保安在岗上被打伤了，公司不认工伤"),
    ("xinhua xiaoqu 停水 three days, nobody cares", "新华小区电梯坏了一个礼拜，老人下不了楼"),
    ("heping lu street lights broken for weeks 晚上全黑", "和平路人行道上全是摆摊的，占道经营很严重"),
]
# The same matter with one side in Latin letters: the things meet, or one side reads none.
RETOLD = [
    ("heping jiayuan 1502 bathroom leak ruined my ceiling, I want them to pay 赔偿",
     "和平家园1502卫生间漏水，把我家1402的吊顶泡坏了，要求1502赔偿损失"),
    ("dongsheng wuye 欠了我们保安队四个月工资 请帮忙", "东升物业拖欠我们保安四个月工资，请劳动监察督促支付"),
    ("xinhua xiaoqu 停水 three days, nobody cares", "新华小区停水三天了，物业也不管"),
    ("jinqiao huayuan wuye 涨价 业主都不同意", "金桥花园物业费要从两块涨到三块，没开业主大会"),
]


@pytest.mark.parametrize(("latin", "chinese"), OTHER_PROBLEM)
def test_a_latin_side_does_not_vouch_for_another_problem_at_one_place(
        judge: MatterJudge, latin: str, chinese: str) -> None:
    assert _latin(judge, latin, chinese) == 0.0
    assert _latin(judge, chinese, latin) == 0.0
    assert not judge.same(judge.sign(latin), judge.sign(chinese))


@pytest.mark.parametrize(("latin", "chinese"), RETOLD)
def test_a_latin_side_still_vouches_for_a_retelling(
        judge: MatterJudge, latin: str, chinese: str) -> None:
    found = _latin(judge, latin, chinese)
    assert not math.isnan(found) and found > 0.0
    assert judge.same(judge.sign(latin), judge.sign(chinese))
