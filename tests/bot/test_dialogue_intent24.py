"""Issue 15's class of a complaint or request written as a question (session 20, helper
intent24), as tables in words that are in no phrasing file: a rhetorical or indignant question
that tells of a problem at a place or over a time is a matter and opens a case; a question of
procedure, rule or the service is answered and opens none; a visit asked for as a question gets
the reception days; a complaint that opens with a greeting is a complaint.
"""

from __future__ import annotations

import pytest

from nlp import Analyzer
from tests.bot.harness import BotHarness, all_cases


@pytest.mark.parametrize("text", [
    "为什么我们小区停水三天了都没人管？",
    "路灯坏了半个月谁来修啊",
    "楼下天天半夜装修还让不让人睡觉了",
    "凭什么不给我们办低保",
    "咱们巷子口的下水道都冒泡一星期了 到底有没有人来通",
    "隔壁养鸽子的天天凌晨四点放鸽子 哨子响得全楼都醒 这也没人管吗",
    "我们镇上那个修车厂天天喷漆 味道呛得孩子直咳嗽 环保的人呢",
    "幼儿园门口那段人行道砖翘了十几块 老人摔了好几个 啥时候修",
])
async def test_a_complaint_asked_as_a_question_opens_a_case(bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="tel:+8613800024001")
    assert len(all_cases(bot)) == 1, replies
    assert "编号" in replies[0], replies


@pytest.mark.parametrize("text", [
    "低保怎么申请",
    "信访要带什么材料",
    "你们几点上班",
    "租的房子漏水一般是房东修还是租客修",
    "反映问题以后多少天内会给答复",
])
async def test_a_question_of_procedure_is_answered_and_opens_no_case(
        bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="tel:+8613800024002")
    assert replies and not all_cases(bot), replies


@pytest.mark.parametrize("text", [
    "明天能去你们那当面说吗",
    "下礼拜二我能来你们信访局当面谈谈吗",
])
async def test_a_visit_asked_as_a_question_gets_the_reception_days(
        bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="tel:+8613800024003")
    assert "接访" in " ".join(replies) and not all_cases(bot), replies


@pytest.mark.parametrize(("text", "intent"), [
    ("你好，我想反映一下我们村的路三年没修了", "new_petition"),
    ("您好 打扰了 我们单元的楼道灯坏了一个多月 上下楼全靠手机照", "new_petition"),
    ("为什么我们小区的快递柜老是打不开 物业也不管", "new_petition"),
    ("我上回反映的那个下水道通了没有", "status_query"),
    ("可以约个时间来信访局吗", "booking"),
    ("城管能不能收走摆摊的三轮车 有法律依据吗", "question"),
])
def test_the_intent_of_each_form(analyzer: Analyzer, text: str, intent: str) -> None:
    assert analyzer.analyze(text).intent.value == intent
