"""What a petitioner says after the first message, misread in a citizen probe (session 19,
helper probe19s), by class, as tables in other words than the probe's:

- a question about one's own open matter that no FAQ entry answers ("这水到底能不能喝", "这个
  事是哪个部门在管") got the service's procedure; it is filed under the case, with its status;
- "who is handling it" ("是哪个单位在办", "转给哪个部门了") with a case open got the bot's
  self-description or the procedure; it gets the status line, which names the unit;
- a statement the model reads as a question ("主要是早上六点到九点最严重": nothing in it asks)
  got the procedure; from a sender with a case open it is asked about as more of the matter;
- a low grade weeks after the answer was offered 复查 "before" a date already past;
- a fragment naming another thing ("我家楼下的路灯也坏了") while "是对 XF… 的补充吗？" was
  still unanswered joined the case asked about.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.bot.harness import (
    BotHarness,
    act,
    all_cases,
    answer_as_staff,
    register,
    scores,
)

WATER = "我家自来水发黄有异味已经一个星期了，住在幸福路12号，物业说是市政的问题"
SCHOOL = "我家孩子今年上小学 户口在这边但是学校说学区满了不收"


# -- a question about one's own open matter -------------------------------------------------

@pytest.mark.parametrize("asked", [
    "这水到底能不能喝",
    "那现在这个水还能用吗",
    "这个事是哪个部门在管",
    "这水烧开了还能喝不",          # not probed
    "我这个事到底能不能解决啊",      # not probed
])
async def test_a_question_about_the_open_matter_is_filed_under_it(
        bot: BotHarness, asked: str) -> None:
    sender = "tel:+8613800019001"
    number = await register(bot, sender, WATER)
    await bot.say("张伟", sender=sender)
    replies = await bot.say(asked, sender=sender)
    said = " ".join(replies)
    assert "办理程序" not in said and number in said, replies


@pytest.mark.parametrize(("asked", "answer"), [
    ("投诉要交钱吗", "免费"),         # the FAQ's own answer stays
    ("你们几点上班", "24 小时"),
])
async def test_a_question_about_the_service_keeps_its_answer(
        bot: BotHarness, asked: str, answer: str) -> None:
    sender = "tel:+8613800019002"
    await register(bot, sender, WATER)
    await bot.say("张伟", sender=sender)
    replies = await bot.say(asked, sender=sender)
    assert answer in replies[0] and "记入" not in replies[0], replies


async def test_with_no_case_open_the_question_is_filed_nowhere(bot: BotHarness) -> None:
    replies = await bot.say("这水到底能不能喝", sender="tel:+8613800019003")
    assert "记入" not in " ".join(replies), replies


# -- who is handling it ----------------------------------------------------------------------

@pytest.mark.parametrize("asked", [
    "是哪个单位在办",
    "现在谁在跟进我这个事",
    "请问我反映的工地噪音问题转给哪个部门了？",
    "这事交给哪个单位了",              # not probed
    "到底谁在负责处理",                # not probed
])
async def test_who_handles_it_is_told_by_the_status_line(bot: BotHarness, asked: str) -> None:
    sender = "tel:+8613800019004"
    number = await register(bot, sender)
    await bot.say("张三", sender=sender)
    act(bot, number, "accept", actor="staff:t")
    act(bot, number, "assign", actor="staff:t", unit="区住建局", mode="交办")
    await bot.worker.send_due()
    bot.pop(sender)
    replies = await bot.say(asked, sender=sender)
    assert any(number in r and "区住建局" in r for r in replies), replies


@pytest.mark.parametrize("asked", [
    "办护照找哪个部门管",          # another office's business, though a case is open
    "医保报销是哪个部门负责",
    "公积金归哪个部门管",
])
async def test_which_office_for_another_business_is_no_status_question(
        bot: BotHarness, asked: str) -> None:
    sender = "tel:+8613800019005"
    number = await register(bot, sender)
    await bot.say("张三", sender=sender)
    replies = await bot.say(asked, sender=sender)
    assert not replies[0].startswith(number), replies


# -- a statement read as a question ----------------------------------------------------------

@pytest.mark.parametrize("told", [
    "主要是早上六点到九点最严重",
    "一般晚上七八点最多",
    "周末的时候更厉害一些",            # not probed
    "基本上天天都是这样",              # not probed
])
async def test_a_statement_read_as_a_question_is_more_of_the_matter(
        bot: BotHarness, told: str) -> None:
    sender = "tel:+8613800019006"
    number = await register(bot, sender, "菜市场门口占道经营很严重，车都过不去，在和平路菜市场")
    await bot.say("周杰", sender=sender)
    replies = await bot.say(told, sender=sender)
    said = " ".join(replies)
    assert "办理程序" not in said and number in said, replies


@pytest.mark.parametrize(("said", "kept"), [
    ("好的 谢谢啊", "不客气"),
    ("你们几点上班", "24 小时"),
])
async def test_thanks_and_questions_stay_what_they_are(
        bot: BotHarness, said: str, kept: str) -> None:
    sender = "tel:+8613800019007"
    await register(bot, sender, "菜市场门口占道经营很严重，车都过不去，在和平路菜市场")
    await bot.say("周杰", sender=sender)
    replies = await bot.say(said, sender=sender)
    assert kept in replies[0] and "补充吗" not in replies[0], replies


# -- a low grade after the appeal's 30 days ----------------------------------------------------

@pytest.mark.parametrize(("days", "said", "offered"), [
    (40, "1", False),
    (40, "不满意", False),
    (40, "你们的答复我不认可 工地还在施工", False),
    (5, "2", True),
    (5, "1", True),
])
async def test_a_low_grade_is_offered_only_an_appeal_still_open(
        bot: BotHarness, days: int, said: str, offered: bool) -> None:
    sender = "tel:+8613800019008"
    number = await register(bot, sender)
    await bot.say("张三", sender=sender)
    await answer_as_staff(bot, number)
    bot.core.clock.advance(timedelta(days=days))
    replies = await bot.say(said, sender=sender)
    assert ("复查" in " ".join(replies)) is offered, replies
    if said in ("1", "2"):
        assert scores(bot) == [int(said)]


# -- a fragment naming another thing, the supplement question unanswered -----------------------

@pytest.mark.parametrize("fragment", [
    "我家楼下的路灯也坏了",
    "公交站的顶棚也塌了",            # not probed
    "小区门口的垃圾也没人收",          # not probed
])
async def test_a_fragment_naming_another_thing_does_not_join_unasked(
        bot: BotHarness, fragment: str) -> None:
    sender = "tel:+8613800019009"
    number = await register(bot, sender, SCHOOL)
    await bot.say("汪洋 13800223344", sender=sender)
    replies = await bot.say("孩子下周就开学了 急死了", sender=sender)
    assert "补充吗" in replies[-1], replies
    replies = await bot.say(fragment, sender=sender)
    assert not any(f"加入 {number}" in r for r in replies), replies


async def test_a_fragment_of_the_same_thing_still_joins(bot: BotHarness) -> None:
    sender = "tel:+8613800019010"
    number = await register(bot, sender, SCHOOL)
    await bot.say("汪洋 13800223344", sender=sender)
    await bot.say("孩子下周就开学了 急死了", sender=sender)
    replies = await bot.say("学校的电话一直打不通", sender=sender)
    assert number in replies[-1] and len(all_cases(bot)) == 1, replies
