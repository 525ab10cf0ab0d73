"""Whole conversations a multi-turn probe met (session 25, helper convo30), by class, in other
words than the probe's:

- a short follow-up that only says a calm open case still goes on ("今晚他们还在 十二点了" after
  a barbecue noise case) was told every number to call, and a letter opened a second case at the
  police: it joins the case, with no alarm (``bot.dialogue.still_at_it``); a follow-up that
  names a danger, or one to a case that told one, still alarms;
- the number of the party complained of ("老板姓刘 电话135…", "房东的电话是…") was kept as the
  petitioner's contact, and by SMS registered a second case: it is the open case's material,
  and the petitioner's own number is still asked (``nlp.particulars.someone_elses_number``);
- "就是上面那个", "同上" while the details were asked was filed as the details (and two of them
  alarmed): the question stands (``bot.dialogue.pointer``);
- "萧红" was told it does not look like a name: 萧 is a surname of its own, apart from 肖.
"""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bot.dialogue.pointer import only_points_back
from nlp.normalize import normalize
from nlp.particulars import extract_particulars
from storage import Message
from tests.bot.harness import BotHarness, all_cases, cases_of, petitioner, register

#: Late-night noise from a street stall: registered at once, a calm matter.
STALL = "我们楼下那家夜宵摊天天开到后半夜 划拳喝酒的声音吵得全楼睡不着 请城管来管一管"
#: Unpaid wages: registered at once.
WAGES = "我在装修队干了四个月 老板欠我和另外五个工友三万多块工钱 一直推说下个月给 请劳动监察管一管"
ALARM_WORDS = ("110", "12356")


def _texts_under(bot: BotHarness, case_id: int) -> list[str]:
    return bot.core.store.read_sync(lambda s: list(s.exec(
        select(Message.text).where(Message.case_id == case_id).order_by(col(Message.id)))))


# -- a calm case still going on ---------------------------------------------------------------

@pytest.mark.parametrize(("sender", "follow_up"), [
    ("tel:+8613933300001", "今晚他们还在 十二点了"),
    ("telegram:3933301", "今晚他們還在 十二點了"),
    ("mailto:ye@example.cn", "今晚他们还在，十二点了。"),
])
async def test_a_calm_case_still_going_on_is_no_alarm(
        bot: BotHarness, sender: str, follow_up: str) -> None:
    subject = {"subject": "反映问题"} if sender.startswith("mailto:") else {}
    await bot.say(STALL + "。叶文 13800031111", sender=sender, **subject)
    bot.pop(sender)
    replies = await bot.say(follow_up, sender=sender, **subject)
    assert not any(word in r for r in replies for word in ALARM_WORDS), replies
    assert len(all_cases(bot)) == 1, replies
    [case] = cases_of(bot, sender)
    assert not case.emergency


@pytest.mark.parametrize("follow_up", ["今晚他们还在 拿着刀在楼下", "今晚他们还在 打起来了"])
async def test_a_follow_up_that_names_a_danger_still_alarms(bot: BotHarness, follow_up: str) -> None:
    sender = "tel:+8613933300011"
    await register(bot, sender, STALL)
    await bot.say("叶文", sender=sender)
    replies = await bot.say(follow_up, sender=sender)
    assert any("110" in r for r in replies), replies


async def test_still_going_on_after_a_case_that_told_a_danger_still_alarms(
        bot: BotHarness) -> None:
    sender = "tel:+8613933300012"
    await bot.say("楼下那伙人天天半夜喝酒闹事 昨晚还拿刀砍了人 请派出所管一管", sender=sender)
    await bot.say("叶文", sender=sender)
    replies = await bot.say("今晚他们还在 十二点了", sender=sender)
    assert any("110" in r for r in replies), replies


# -- the party's number is not the petitioner's ------------------------------------------------

@pytest.mark.parametrize("said", [
    "老板姓刘 电话13511112222",
    "那个工头叫李四 手机13700002222",
    "物业经理姓陈 电话13922223333 你们可以联系他",
    "包工头叫王大海 他电话是13544445555",
])
def test_a_partys_number_is_no_particular_of_the_writer(said: str) -> None:
    assert extract_particulars(normalize(said), said).phone == ""


@pytest.mark.parametrize("said", [
    "我姓刘 电话13511112222", "打我手机13700002222", "老板不接我电话 我手机是13800001111",
    "我帮我妈发的 她电话13800002222", "我是他女儿 叫李娟 手机18673129904",
    "俺没有手机，有事打俺邻居老胡的电话，13973124466",
    "俺家老头不会用手机 找俺儿子 他电话13912340000", "有事找我闺女 她的号码15912345678",
])
def test_the_writers_own_number_is_still_read(said: str) -> None:
    assert extract_particulars(normalize(said), said).phone


@pytest.mark.parametrize("said", ["老板姓刘 电话13511112222", "房东的电话是13600001111 你们打给他",
                                  "上面说的那个包工头姓王 是河南人 电话13612345678"])
async def test_by_sms_a_partys_number_is_the_cases_material(bot: BotHarness, said: str) -> None:
    sender = "tel:+8613933300021"
    await register(bot, sender, WAGES)
    await bot.say("杜明", sender=sender)
    replies = await bot.say(said, sender=sender)
    [case] = cases_of(bot, sender)
    assert len(all_cases(bot)) == 1, replies
    assert petitioner(bot, sender).contact == ""
    assert said in _texts_under(bot, case.id or 0)


async def test_by_telegram_a_partys_number_leaves_the_contact_asked(bot: BotHarness) -> None:
    sender = "telegram:3933322"
    await register(bot, sender, WAGES)
    await bot.say("杜明", sender=sender)
    replies = await bot.say("那个工头叫李四 手机13700002222", sender=sender)
    [case] = cases_of(bot, sender)
    assert petitioner(bot, sender).contact == "", replies
    assert "contact" in case.awaiting
    assert "联系电话" in replies[-1], replies


# -- a reply that only points back while the details are asked --------------------------------

@pytest.mark.parametrize("pointer", ["就是上面那个", "上面说了啊", "同上", "就是刚才说的",
                                     "就是上面说的那个事"])
async def test_a_pointer_is_no_details(bot: BotHarness, pointer: str) -> None:
    sender = "tel:+8613933300031"
    await register(bot, sender, "小区水压太低")
    await bot.say("马德华", sender=sender)
    replies = await bot.say(pointer, sender=sender)
    [case] = cases_of(bot, sender)
    assert "details" in case.awaiting, replies
    assert replies == ["请补充具体情况：发生了什么、在什么地方、您的诉求和理由。"], replies


@pytest.mark.parametrize(("text", "points"), [
    ("就上面那条", True), ("刚才发的那个就是", True), ("就是上面說的那個", True),
    ("我不是说了吗 就上面那个", True),
    ("上面那个路灯还没修", False), ("刚才说的那个人又来了", False), ("就是上面那个，麻烦尽快", False),
])
def test_what_only_points_back(text: str, points: bool) -> None:
    assert only_points_back(text) is points


# -- a surname missing ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["萧红", "萧建军"])
async def test_a_name_with_the_surname_xiao_is_kept(bot: BotHarness, name: str) -> None:
    sender = "tel:+8613933300041"
    await register(bot, sender, WAGES)
    replies = await bot.say(name, sender=sender)
    assert petitioner(bot, sender).name == name, replies
