"""Matter judgements, session 23 (helper matter28): one side asks for money back or damages and
the other asks something else (``money_apart``): two matters at one place, however alike."""

from __future__ import annotations

import pytest

from nlp.matter import MatterJudge
from nlp.matter_model import FEATURES, MONEY_ASKS, pair_features

_MONEY = FEATURES.index("money_apart")


@pytest.mark.parametrize(("a", "b", "apart"), [
    # one leak: fix it / pay for what it ruined
    ("楼上卫生间往我家渗水，请让他把防水修好", "楼上水管爆了把我家木地板泡坏了，要求楼上赔偿损失", 1.0),
    # one closed shop: refund the card / punish the owner
    ("美丽人生理发店卷款跑了，要求退还储值卡里的钱", "美丽人生理发店老板卷款跑路，请公安严查", 1.0),
    # both want money, in two words: no conflict of kind
    ("游泳馆关门了要求退费", "游泳馆突然停业，老板得赔我们办卡的钱", 0.0),
    # both ask repairs
    ("东门路灯不亮了请尽快修", "东门那几盏路灯坏一个月了，快修", 0.0),
    # one asks nothing: nothing to set apart
    ("东门路灯坏了好几天", "东门路灯坏了砸了我的车，要求赔偿", 0.0),
])
def test_money_apart(judge: MatterJudge, a: str, b: str, apart: float) -> None:
    assert pair_features(judge.sign(a), judge.sign(b))[_MONEY] == apart
    assert pair_features(judge.sign(b), judge.sign(a))[_MONEY] == apart


def test_the_money_asks_are_demands_of_the_lexicon() -> None:
    from nlp.matter_parts import REQUEST_VERBS

    assert MONEY_ASKS <= set(REQUEST_VERBS)


def test_money_apart_counts_against_one_matter(judge: MatterJudge) -> None:
    assert judge.model.coef[_MONEY] < 0
