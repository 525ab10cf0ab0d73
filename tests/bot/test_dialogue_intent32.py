"""Issue 15, two boundaries of intent the unseen authors' files showed (session 27, helper
intent32), in words that are in no phrasing file: a procedure of government asked with the words
help rows use for the bot ("公积金提取要怎么弄啊") is a question, not help; thanks for something
already put right, told as a story ("上个月我家下水道堵了 社区帮忙找的人疏通 现在都好了 谢谢你们啊"),
is a greeting and opens no case, while thanks with anything left open beside it stays what the
model read.  The rules beneath are ``nlp.public_service.asks_of_a_public_service`` and
``nlp.thanks_settled.thanks_for_a_settled_matter``, tested here on judgements of our own too.
"""

from __future__ import annotations

import pytest

from nlp import Analyzer
from nlp.dialogue_model import Judgement
from nlp.intents import PUBLIC_SERVICE, THANKS_SETTLED, Intent, detect_intent
from nlp.public_service import asks_of_a_public_service
from nlp.thanks_settled import thanks_for_a_settled_matter
from tests.bot.harness import BotHarness, all_cases


def _judgement(label: str, p: float, other: str) -> Judgement:
    return Judgement(label, p, (), ((label, p), (other, round(1 - p, 4))))


@pytest.mark.parametrize(("text", "fires"), [
    ("公积金提取要怎么弄啊 手机上能弄不", True),
    ("俺想办个营业执照 怎么弄", True),
    ("孩子入学要开啥证明 咋弄", True),
    ("养老金资格认证咋整", True),
    # the bot or its use named beside the service: help
    ("这个小程序怎么查社保", False),
    ("你们这个号能办医保吗", False),
    ("怎么发语音", False),
    ("这个咋用", False),
    ("能不能教我一下怎么用", False),
])
def test_asks_of_a_public_service(text: str, fires: bool) -> None:
    assert asks_of_a_public_service(text) is fires
    result = detect_intent(text, (), _judgement("help", 0.8, "question"))
    assert result.intent is (Intent.QUESTION if fires else Intent.HELP)
    assert (PUBLIC_SERVICE in result.terms) is fires
    if fires:
        # the help it was read as stays the next most likely
        assert result.alternatives[0][0] is Intent.HELP


def test_a_public_service_read_as_a_question_may_still_be_a_matter() -> None:
    # the help read made a question still meets the rules of a question: one's own grievance
    # asked ("…我该找哪个部门") is a matter by intent25's rule, never a help menu
    result = detect_intent("请问一下 我们单位拖欠了我两个月工资 社保也没交 我该找哪个部门", (),
                           _judgement("help", 0.55, "new_petition"))
    assert result.intent is not Intent.HELP


@pytest.mark.parametrize(("text", "fires"), [
    ("上个月我家下水道堵了 社区帮忙找的人疏通 现在都好了 谢谢你们啊", True),
    ("我妈前阵子住院 街道的人帮忙跑的手续 现在出院了身体好多了 感谢感谢", True),
    ("去年那个噪音的事 现在工地晚上不施工了 都正常了 辛苦你们了", True),
    ("前两天楼道灯坏了 物业的小王当天就来换了 特地跟你们说声谢谢", True),
    # something left open beside the thanks: a but, again, an ask, a new problem
    ("上次反映的路灯修好了 谢谢 但是隔壁那条街的也坏了", False),
    ("下水道修好了 谢谢 可是又开始漏了", False),
    ("燃气灶修好了 谢谢 热水器能不能也帮忙看看", False),
    ("那个事解决了谢谢 现在有个新问题 楼上天天往下扔垃圾", False),
    # a case to close, or a grade: withdraw and rating, not a greeting
    ("问题解决了 谢谢 麻烦帮我结案", False),
    ("路灯修好了 谢谢 五星好评", False),
    # nothing put right, or no thanks
    ("谢谢你们 我家的水到现在还没通", False),
    ("水管修好了", False),
])
def test_thanks_for_a_settled_matter(text: str, fires: bool) -> None:
    assert thanks_for_a_settled_matter(text) is fires
    result = detect_intent(text, (), _judgement("new_petition", 0.9, "greeting"))
    assert result.intent is (Intent.GREETING if fires else Intent.NEW_PETITION)
    assert (THANKS_SETTLED in result.terms) is fires


def test_thanks_beside_a_danger_stays_a_matter() -> None:
    danger = Judgement("fire", 0.6, (), (("fire", 0.6), ("", 0.4)))
    result = detect_intent("上次的燃气管修好了 谢谢 现在厨房又冒烟着火了", (),
                           _judgement("new_petition", 0.9, "greeting"), danger)
    assert result.intent is Intent.NEW_PETITION
    result = detect_intent("燃气管修好了 谢谢你们", (),
                           _judgement("new_petition", 0.9, "greeting"), danger)
    assert result.intent is Intent.NEW_PETITION


@pytest.mark.parametrize("text", [
    "公积金提取要怎么弄啊 手机上能弄不",
    "俺想办个营业执照 怎么弄",
])
def test_a_public_service_asked_is_read_as_a_question(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).intent is Intent.QUESTION


THANKS_STORIES = [
    "上个月我家下水道堵了 社区帮忙找的人疏通 现在都好了 谢谢你们啊",
    "我妈前阵子住院 街道的人帮忙跑的手续 现在出院了身体好多了 感谢感谢",
    "去年那个噪音的事 现在工地晚上不施工了 都正常了 辛苦你们了",
    "前两天楼道灯坏了 物业的小王当天就来换了 特地跟你们说声谢谢",
]


@pytest.mark.parametrize("text", THANKS_STORIES)
def test_a_thanks_story_is_read_as_a_greeting(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).intent is Intent.GREETING


@pytest.mark.parametrize("text", THANKS_STORIES)
async def test_a_thanks_story_opens_no_case(bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="tel:+8613800032001")
    assert replies and not all_cases(bot), replies


async def test_thanks_with_a_new_problem_opens_a_case(bot: BotHarness) -> None:
    replies = await bot.say("上次那个事解决了 谢谢 这回是另一件 小区门口的垃圾站天天臭气熏天没人清",
                            sender="tel:+8613800032002")
    assert replies and all_cases(bot), replies
