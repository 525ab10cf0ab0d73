"""Whole conversations a multi-turn probe met (session 24, helper convo29), by class, in other
words than the probe's:

- a short follow-up after the intake that points back and names the one open case's thing
  ("這家飯館的油煙還是天天往我家飄") was asked "是对 XF… 的补充吗？": it joins that case
  (``bot.dialogue.goes_on``); another thing, or two open cases, are still asked about;
- thanks said with a particle ("谢谢啦", "多谢哈") while the details were asked was filed as the
  matter's details;
- a second decline after everything was declined ("号码也不方便给") was registered as a matter;
- a name given before a question ("黄志军 你们会派人来看吗") was lost, and asked again;
- a phone written with spaces ("139 0012 3456") was kept twice, as the phone and as an address;
- another thing asked to be seen to "by the way" ("顺便修一下") was asked about, not registered.
"""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from storage import Message
from tests.bot.harness import BotHarness, all_cases, cases_of, petitioner, register

#: A restaurant's exhaust aimed at a window: registered at once.
SHOP = "我们楼下那家川菜馆的排烟管道正对着我家窗户，油烟每天熏得屋里全是味，跟店里说了好几次都不改，请城管和环保管一管。"
ASKED = "的补充吗"


def _texts_under(bot: BotHarness, case_id: int) -> list[str]:
    return bot.core.store.read_sync(lambda s: list(s.exec(
        select(Message.text).where(Message.case_id == case_id).order_by(col(Message.id)))))


# -- a short follow-up naming the one open case's thing ---------------------------------------

@pytest.mark.parametrize(("sender", "follow_up"), [
    ("tel:+8613822290001", "這家飯館的油煙還是天天往我家飄"),
    ("telegram:2922902", "那个饭馆今天油烟又大了"),
])
async def test_a_referring_follow_up_of_the_cases_thing_joins_it(
        bot: BotHarness, sender: str, follow_up: str) -> None:
    await register(bot, sender, SHOP)
    await bot.say("马德华", sender=sender)
    if sender.startswith("telegram:"):
        await bot.say("13900112233", sender=sender)
    replies = await bot.say(follow_up, sender=sender)
    [case] = cases_of(bot, sender)
    assert not any(ASKED in r for r in replies), replies
    assert follow_up in _texts_under(bot, case.id or 0)


async def test_a_referring_follow_up_of_another_thing_is_still_asked(bot: BotHarness) -> None:
    sender = "tel:+8613822290003"
    number = await register(bot, sender, SHOP)
    await bot.say("马德华", sender=sender)
    replies = await bot.say("那个路口的红绿灯也坏了", sender=sender)
    assert replies == [f"这条消息是对 {number} 的补充吗？"], replies


async def test_with_two_open_cases_a_referring_follow_up_is_still_asked(bot: BotHarness) -> None:
    sender = "tel:+8613822290004"
    await register(bot, sender, SHOP)
    await bot.say("马德华", sender=sender)
    await register(bot, sender, "我们小区旁边的建筑工地每天夜里浇筑混凝土到凌晨，搅拌车轰隆隆响，"
                                "一个多月了，请住建部门管一管。")
    replies = await bot.say("这家饭馆还是天天冒油烟", sender=sender)
    assert any(ASKED in r for r in replies), replies
    assert len(all_cases(bot)) == 2


# -- thanks with a particle while the details are asked ---------------------------------------

@pytest.mark.parametrize("thanks", ["谢谢啦", "多谢哈", "好的呀 辛苦了"])
async def test_thanks_with_a_particle_is_no_detail(bot: BotHarness, thanks: str) -> None:
    sender = "tel:+8613822290011"
    await register(bot, sender, "小区水压太低")
    await bot.say("马德华", sender=sender)
    replies = await bot.say(thanks, sender=sender)
    [case] = cases_of(bot, sender)
    assert "details" in case.awaiting, replies  # still asked: a thanks tells nothing of it
    assert thanks not in _texts_under(bot, case.id or 0)


# -- a second decline after all was declined --------------------------------------------------

async def test_a_second_decline_opens_no_case(bot: BotHarness) -> None:
    sender = "telegram:2922921"
    await register(bot, sender, SHOP)
    await bot.say("不方便说", sender=sender)
    replies = await bot.say("号码也不方便给", sender=sender)
    assert len(all_cases(bot)) == 1, replies
    assert "contact" in petitioner(bot, sender).declined


# -- a name before a question -----------------------------------------------------------------

@pytest.mark.parametrize("reply", ["黄志军 你们会派人来看吗", "黄志军，照片要发给你们吗？"])
async def test_a_name_before_a_question_is_kept(bot: BotHarness, reply: str) -> None:
    sender = "tel:+8613822290031"
    await register(bot, sender, SHOP)
    replies = await bot.say(reply, sender=sender)
    assert petitioner(bot, sender).name == "黄志军", replies
    assert "姓名" not in " ".join(replies), replies


@pytest.mark.parametrize("reply", ["明白了 多久能处理", "查一下 什么时候有结果"])
async def test_a_clause_that_is_no_name_is_not_taken_for_one(bot: BotHarness, reply: str) -> None:
    sender = "tel:+8613822290032"
    await register(bot, sender, SHOP)
    await bot.say(reply, sender=sender)
    assert petitioner(bot, sender).name == ""


# -- a phone written with spaces --------------------------------------------------------------

@pytest.mark.parametrize("phone", ["139 0012 3456", "139-0012-3456"])
async def test_a_phone_written_with_spaces_is_kept_once(bot: BotHarness, phone: str) -> None:
    sender = "telegram:2922941"
    await register(bot, sender, SHOP)
    await bot.say("马德华", sender=sender)
    await bot.say(phone, sender=sender)
    assert petitioner(bot, sender).contact == "+8613900123456"


# -- another thing to see to "by the way" -----------------------------------------------------

async def test_another_thing_to_see_to_by_the_way_is_a_case_of_its_own(bot: BotHarness) -> None:
    sender = "tel:+8613822290051"
    await register(bot, sender, SHOP)
    await bot.say("马德华", sender=sender)
    replies = await bot.say("街口的井盖也松了 顺便修一下", sender=sender)
    assert len(all_cases(bot)) == 2, replies
