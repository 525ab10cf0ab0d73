"""Issue 15's class of the writer's own grievance told as a question (session 21, helper
intent25), in words that are in no phrasing file: a problem of the writer's own (their home,
their employer, their money, over a time) with a question after it — where to go, whether it is
allowed, what to do — is a matter and opens a case; a question of rule, procedure or the
service, general or hypothetical, is answered and opens none.  The rule beneath it is
``nlp.intents.own_grievance_asked``, tested here on a judgement of our own as well.
"""

from __future__ import annotations

import pytest

from nlp import Analyzer
from nlp.dialogue_model import Judgement
from nlp.intents import OWN_GRIEVANCE, Intent, detect_intent, own_grievance_asked
from tests.bot.harness import BotHarness, all_cases


@pytest.mark.parametrize("text", [
    "问下 我家楼顶漏水半年了 物业推来推去 这种找哪个部门",
    "问一下 房东扣了我押金不退 这样可以吗",
    "请问一下 我们公司三个月没发工资了 该去哪个部门",
    "请问 我家门口的路灯坏了一个月 该找哪个部门来修",
    "我妈的退休金这个月少发了三百 想知道是咋回事",
    "請問 我們樓下的燒烤店每晚排油煙到我家 可以怎麼處理",
    "打扰一下 我们单位两年没给交公积金了 我该咋办",
    "老板扣了我两千块押金不退 我找谁说理去",
])
async def test_an_own_grievance_asked_as_a_question_opens_a_case(
        bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="tel:+8613800025001")
    assert len(all_cases(bot)) == 1, replies
    assert "编号" in replies[0], replies


@pytest.mark.parametrize("text", [
    "小区电梯一般多久年检一次",
    "如果房东不退押金 可以找哪个部门",
    "想了解一下 公积金断缴了有什么影响",
    "办居住证需要什么材料",
    "停电了一般多久能修好？我想了解一下",
    "高龄补贴是按月发还是按季度发",
    "不是投诉 就想问问我们这边的垃圾分类是怎么规定的",
    "网上反映问题要实名吗",
    "我想问一下 申请廉租房有哪些条件",
])
async def test_a_question_of_rule_or_procedure_opens_no_case(bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="tel:+8613800025002")
    assert replies and not all_cases(bot), replies


def _question(p_new: float) -> Judgement:
    """The model's reading of a question, ``p_new`` of it a new petition."""
    return Judgement("question", round(1 - p_new, 4), (),
                     (("question", round(1 - p_new, 4)), ("new_petition", p_new)))


@pytest.mark.parametrize(("text", "p_new", "fires"), [
    # the writer's own problem, in their own voice or at their own place
    ("请问我们小区停水两天了找哪个部门", 0.3, True),
    ("俺家的地被人占了 这样可以吗", 0.3, True),
    # the model far surer of a question
    ("请问我们小区停水两天了找哪个部门", 0.2, False),
    # a general, hypothetical or procedural ask, or a grievance denied
    ("我们小区停水一般多久能来水", 0.45, False),
    ("如果我家被人占了地 可以找哪个部门", 0.45, False),
    ("我家漏水是物业修还是房东修", 0.45, False),
    ("不是投诉 我家楼上漏水想问问找谁", 0.45, False),
    ("我家的低保怎么重新申请", 0.45, False),
    # no particular of a problem, or nobody's own
    ("我想问一下去哪个部门", 0.45, False),
    ("小区停水了找哪个部门", 0.45, False),
])
def test_own_grievance_asked(text: str, p_new: float, fires: bool) -> None:
    judgement = _question(p_new)
    assert own_grievance_asked(text, judgement, Intent.QUESTION) is fires
    result = detect_intent(text, (), judgement)
    assert result.intent is (Intent.NEW_PETITION if fires else Intent.QUESTION)
    assert (OWN_GRIEVANCE in result.terms) is fires
    if fires:
        # the question it was read as stays the next most likely
        assert result.alternatives[0][0] is Intent.QUESTION


def test_the_analyzer_reads_the_rule(analyzer: Analyzer) -> None:
    # A matter either way: the C = 300 intent head (session 26) reads this one a new petition
    # itself (0.80), so the rule need not step in; the C = 30 head read it a question.
    assert analyzer.analyze("问一下 房东扣了我押金不退 这样可以吗").intent is Intent.NEW_PETITION
    # One the C = 300 head still reads as a question (new petition 0.46 after the rule): the
    # analyzer hands it to the rule.
    analysis = analyzer.analyze("请问一下 我家楼上天天漏水 物业不管 找哪个部门")
    assert analysis.intent is Intent.NEW_PETITION
    assert OWN_GRIEVANCE in analysis.intent_terms
