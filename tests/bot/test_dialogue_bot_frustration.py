"""Frustration with the bot itself ("你是不是傻", "怎么老回复一样的话"): what a 12345 operator
hears as "let me talk to someone". The bot owns its failing with an apology and hands the
citizen to a person (flagged, never a case of its own); a matter told in the same message is
still registered. Words about another person ("窗口那个人听不懂人话", "物业总是说一样的话")
are a complaint, not frustration with the bot.
"""

from __future__ import annotations

from itertools import count

import pytest

from nlp.normalize import normalize
from nlp.person import person_request
from tests.bot.harness import BotHarness, cases_of, last_message

SORRY = ("抱歉", "Sorry")  # Chinese, and English to an English message
_senders = count(7100)

AT_THE_BOT = [
    "你这个机器人咋这么笨",
    "你到底是不是傻？？",
    "你压根没看懂我写的啥",
    "我都说三遍了你咋老回复同一句",
    "跟你这电脑讲不明白",
    "人工智障吧这是",
    "说了半天答非所问",
    "自动回复有啥用啊",
    "useless bot, you do not understand",
]
ABOUT_SOMEONE_ELSE = [
    "大厅窗口那个办事员根本听不懂人话，态度还很差",
    "他是不是傻，把垃圾全倒在我家门口",
    "物业总是说一样的话敷衍我们，楼顶漏水三个月了",
    "老师在班上骂我家孩子弱智，孩子回家一直哭",
]


@pytest.mark.parametrize("text", AT_THE_BOT)
def test_frustration_with_the_bot_reads_as_asking_for_a_person(text: str) -> None:
    found = person_request(normalize(text))
    assert found is not None and found.at_the_bot


@pytest.mark.parametrize("text", ABOUT_SOMEONE_ELSE)
def test_the_same_words_about_someone_else_are_no_frustration_with_the_bot(text: str) -> None:
    found = person_request(normalize(text))
    assert found is None or not found.at_the_bot


async def test_frustration_alone_gets_an_apology_and_a_person_and_no_case(
        bot: BotHarness) -> None:
    wrong = []
    for text in AT_THE_BOT:
        sender = f"tel:+86137{next(_senders):08d}"
        replies = await bot.say(text, sender=sender)
        message = last_message(bot, sender)
        if not (replies and replies[-1].startswith(SORRY) and "12345" in replies[-1]):
            wrong.append((text, "reply", replies))
        if message is None or not message.needs_human:
            wrong.append((text, "not flagged for a person"))
        if cases_of(bot, sender):
            wrong.append((text, "a case opened"))
    assert wrong == []


async def test_a_matter_told_in_frustration_is_registered_and_flagged(bot: BotHarness) -> None:
    sender = f"tel:+86137{next(_senders):08d}"
    replies = await bot.say("你们是不是傻，说了好几遍了，我们单元的电梯坏了一个礼拜没人修",
                            sender=sender)
    cases = cases_of(bot, sender)
    assert len(cases) == 1 and cases[0].needs_human
    assert any(reply.startswith(SORRY) for reply in replies)


async def test_a_complaint_about_a_clerk_gets_no_apology_from_the_bot(bot: BotHarness) -> None:
    sender = f"tel:+86137{next(_senders):08d}"
    replies = await bot.say(ABOUT_SOMEONE_ELSE[0], sender=sender)
    assert len(cases_of(bot, sender)) == 1
    assert not any(reply.startswith(SORRY) for reply in replies)
