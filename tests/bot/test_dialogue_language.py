"""The reply language follows the petitioner (probe 12: "bu manyi, yao fucha", pinyin initials by
SMS and a bare "ok" were answered in English), through the test channel on every channel.

A text in Latin letters that is no English prose (pinyin, initials, "ok", a number, a code) keeps
the petitioner's language, Chinese or English; English prose switches to English.
"""

from __future__ import annotations

import re
from itertools import count

import pytest

from tests.bot.harness import BotHarness, answer_as_staff, cases_of, petitioner
from tests.language_table import ENGLISH, NO_LANGUAGE

COMPLAINT = "我叫周全，电话13000000001。小区旁边的工地每天夜里施工到凌晨两点，噪音扰民，希望有关部门制止。"
ENGLISH_COMPLAINT = ("My name is Tom Lee, phone 13000000002. The construction site next to my "
                     "building works until 2 am every night and nobody stops it.")
SCHEMES = ("console:{}", "tel:+86137{:08d}", "mailto:l{}@example.cn", "telegram:{}")
_senders = count(7000)
_CJK = re.compile("[\u4e00-\u9fff]")
_LATIN = re.compile("[A-Za-z]")


def _language(reply: str) -> str:
    """"zh" when Chinese characters outnumber Latin letters (codes and numbers aside)."""
    return "zh" if len(_CJK.findall(reply)) > len(_LATIN.findall(reply)) / 3 else "en"


async def _keeps(bot: BotHarness, first: str, language: str, *, answered: bool) -> list[object]:
    wrong: list[object] = []
    for index, text in enumerate(NO_LANGUAGE):
        sender = SCHEMES[index % 4].format(next(_senders))
        await bot.say(first, sender=sender)
        if answered:
            [case] = cases_of(bot, sender)
            await answer_as_staff(bot, case.number)
        replies = await bot.say(text, sender=sender)
        off = [reply for reply in replies if _language(reply) != language]
        if off or petitioner(bot, sender).locale != language:
            wrong.append((sender.split(":")[0], text, off))
    return wrong


@pytest.mark.parametrize(("first", "language", "answered"), [
    pytest.param(COMPLAINT, "zh", False, id="chinese_on_every_channel"),
    pytest.param(COMPLAINT, "zh", True, id="chinese_after_an_answer"),
    pytest.param(ENGLISH_COMPLAINT, "en", False, id="english"),
])
async def test_no_language_keeps_the_language(bot: BotHarness, first: str, language: str,
                                             answered: bool) -> None:
    assert await _keeps(bot, first, language, answered=answered) == []


async def test_english_prose_switches_to_english(bot: BotHarness) -> None:
    wrong: list[object] = []
    for index, text in enumerate(ENGLISH):
        sender = SCHEMES[index % 4].format(next(_senders))
        await bot.say(COMPLAINT, sender=sender)
        replies = await bot.say(text, sender=sender)
        if not replies or any(_language(reply) != "en" for reply in replies):
            wrong.append((text, replies))
    assert wrong == []
