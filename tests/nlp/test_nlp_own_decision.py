"""nlp.own_decision: a decision about the writer's own matter objected to, with a legal route
asked (the probe18e class, docs/NLP.md session 25, helper model30), beside questions of rule."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.own_decision import objects_to_own_decision


@pytest.mark.parametrize("text", [
    "对区政府的拆迁决定不服 可以申请行政复议吗",
    "县城管局给我下的罚款决定我不服 能复议不",
    "交警罚了我两百扣三分 我不认可 可以告他们吗",
    "社保局的工伤认定结论我不接受 能不能复议",
    "镇政府对俺家的拆除决定俺不服 能去上面复议不",
    "对街道的处罚决定有异议 可以起诉吗",
    "我家低保被民政局停了 这个决定我不同意 能申请复议吗",
    "對區政府的徵收決定不服 可以申請行政覆議嗎",
    "人社局不予认定工伤的决定我不服 怎么提起行政复议",
    "市监局罚了我店里一万 我不服 fuyi可以吗",
])
def test_ones_own_decision_objected_to_with_a_route_asked(text: str) -> None:
    assert objects_to_own_decision(normalize(text))


@pytest.mark.parametrize("text", [
    "不服处罚决定怎么申请复议",                       # no body, no writer, procedure asked
    "对民政局的决定不服 去哪里申请复议",               # a body in general words, procedure
    "如果对城管的罚款决定不服 可以复议吗",             # hypothetical
    "一般对交警的处罚不服是复议还是起诉",              # general
    "我想了解一下 对区里的决定不服能不能复议",          # interest only
    "信访处理意见我不服 可以申请复查吗",               # a petition's opinion: an appeal
    "对处罚决定不服的 行政复议期限是多久",             # rule, no writer
    "区政府的拆迁公告贴出来了 想问问补偿标准",          # no objection, no route
    "我不服 我要告诉你们 区里的决定是错的",            # 告诉 is no route
    "法院判了还能上访吗",                           # no objection
])
def test_questions_of_rule_and_other_shapes_are_left_alone(text: str) -> None:
    assert not objects_to_own_decision(normalize(text))
