"""A short question right after an answer follows on from that answer ("那什么时候能装好？"):
it is filed under the answered case for the clerk who wrote it, not met with the service's
procedure text. A question the FAQ answers, about another office's service, or naming another
matter is not."""

from __future__ import annotations

import pytest

from tests.bot.harness import (
    BotHarness,
    all_cases,
    answer_as_staff,
    case_events,
    register,
)

SENDER = "tel:13700001616"
MATTER = "我们单元门口的路灯坏了快两个月了，晚上老人出门摔了两次，请派人来修。"


async def answered(bot: BotHarness) -> str:
    number = await register(bot, SENDER, MATTER + "我叫邓秀英，电话13700001616。")
    await answer_as_staff(bot, number)
    bot.pop(SENDER)
    return number


@pytest.mark.parametrize("question", [
    "那大概哪天能来修？", "要等到啥时候啊", "修的时候需要我在家吗？", "是哪个单位负责来弄",
])
async def test_a_follow_on_question_is_filed_under_the_answered_case(
        bot: BotHarness, question: str) -> None:
    number = await answered(bot)
    replies = await bot.say(question, sender=SENDER)
    # Filed for the clerk, or answered with the case's own status line (its answer): either
    # way about this case, never the procedure text and never a case of its own.
    assert number in replies[0], replies
    assert "办理程序" not in " ".join(replies), replies
    assert len(all_cases(bot)) == 1
    filed = case_events(bot, number, "question")
    assert len(filed) == 1 or "已答复" in replies[0], replies


async def test_a_question_the_faq_answers_gets_its_answer(bot: BotHarness) -> None:
    number = await answered(bot)
    replies = await bot.say("投诉要交钱吗", sender=SENDER)
    assert "免费" in " ".join(replies) or "不收" in " ".join(replies), replies
    assert case_events(bot, number, "question") == []


async def test_a_question_naming_another_matter_is_not_filed_under_the_answer(
        bot: BotHarness) -> None:
    number = await answered(bot)
    replies = await bot.say("电梯坏了找谁？", sender=SENDER)
    assert case_events(bot, number, "question") == [], replies


async def test_without_an_answer_a_question_gets_the_service_reply(bot: BotHarness) -> None:
    replies = await bot.say("那大概哪天能来修？", sender="tel:13700001617")
    assert all_cases(bot) == [] and "XF" not in " ".join(replies), replies
