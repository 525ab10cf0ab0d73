"""Misreadings a fifth citizen probe met (session 15), as tables in other words than the
probe's: particulars read across the citizen's own spaces (a name or an address ran on into
the next clause once normalizing joined them), names in traditional characters and in pinyin,
a phone said in numerals that opened a case, a question with a name beside it that asked for
the name again, "another matter" said after the intake, signing off taken for the details, a
decline heard as despair, a question heard as a greeting, and "can you understand me at all"."""

from __future__ import annotations

import pytest

from bot.dialogue.particulars import latin_name_in_chinese
from nlp.normalize import normalize
from nlp.particulars import extract_particulars
from nlp.person import person_request
from tests.bot.harness import (
    NUMBER,
    BotHarness,
    all_cases,
    answer_as_staff,
    case_events,
    case_row,
    cases_of,
    petitioner,
    register,
)

# -- pure readings ---------------------------------------------------------------------------


def _read(text: str) -> tuple[str, str]:
    found = extract_particulars(normalize(text), source=text)
    return found.name, found.address


@pytest.mark.parametrize(("text", "name", "address"), [
    # A space ends the name: the next clause is not its last character.
    ("我叫孔德明 你们会把我的名字告诉村里吗", "孔德明", ""),
    ("本人宋佳 想问问多久有结果", "宋佳", ""),
    ("名字写错了 是周琳 王字旁的琳", "周琳", ""),
    # A space ends the address: the matter told after it is no part of it.
    ("家住解放路88号 小区门口的水管爆了好几天", "", "解放路88号"),
    ("住在新华街道东关村五组 村里的路灯一直不亮", "", "新华街道东关村五组"),
    # Written spaced or run together, the same particulars as before.
    ("我叫孔 德明", "孔德明", ""),
    ("家住解放路88号3单元", "", "解放路88号3单元"),
])
def test_particulars_end_at_the_citizens_own_spaces(text: str, name: str, address: str) -> None:
    assert _read(text) == (name, address)


@pytest.mark.parametrize(("reply", "name"), [
    ("Zhao Lei", True), ("Ouyang Xue", True), ("Chen Jianguo", True),
    # English said instead of a name, and lower case, are none.
    ("Thank You", False), ("No Thanks", False), ("Good Morning", False), ("zhao lei", False),
    ("Zhao", False),
])
def test_a_name_in_latin_letters(reply: str, name: bool) -> None:
    assert latin_name_in_chinese(reply) is name


@pytest.mark.parametrize(("text", "asks"), [
    ("你们到底能不能听懂人话", True), ("你们懂不懂我说的", True), ("机器人听得懂中文吗 我说了好几回了", True),
    # Someone else who does not understand: a complaint, not frustration with the bot.
    ("物业经理听不懂人话 怎么说都不修", False), ("她能不能听懂人话我不知道", False),
])
def test_asked_whether_the_bot_understands_at_all(text: str, asks: bool) -> None:
    assert (person_request(normalize(text)) is not None) is asks


# -- through the bot -------------------------------------------------------------------------

SENDER = "telegram:5551500"
SMS = "tel:13700001500"
MATTER = "我们楼后面的排水沟堵了一个多月，一下雨就往地下室倒灌，物业说不归他们管。"


async def test_particulars_first_then_the_matter_is_registered(bot: BotHarness) -> None:
    replies = await bot.say("我叫马晓峰 手机13612345678 家住朝阳区光明路6号 楼下超市冷机噪音太大 晚上睡不着",
                            sender=SENDER)
    assert NUMBER.search(" ".join(replies)), replies
    person = petitioner(bot, SENDER)
    assert person.name == "马晓峰" and person.contact.endswith("朝阳区光明路6号"), person.contact


@pytest.mark.parametrize("name", ["黃麗華", "鄭志強"])
async def test_a_name_in_traditional_characters_is_taken(bot: BotHarness, name: str) -> None:
    await register(bot, SENDER, MATTER)
    replies = await bot.say(name, sender=SENDER)
    assert "不像姓名" not in replies[0], replies
    assert petitioner(bot, SENDER).name == normalize(name)


async def test_a_pinyin_name_is_taken_not_read_as_a_question(bot: BotHarness) -> None:
    await register(bot, SENDER, MATTER)
    replies = await bot.say("Zhou Min", sender=SENDER)
    assert petitioner(bot, SENDER).name == "Zhou Min", replies
    assert "不像姓名" not in replies[0] and "已登记，待" not in replies[0], replies


async def test_a_question_beside_a_name_does_not_ask_the_name_again(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say("我叫孔德明 你们会不会把我的名字告诉物业", sender=SENDER)
    assert petitioner(bot, SENDER).name == "孔德明"
    assert "姓名" not in replies[-1] and "联系电话" in replies[-1], replies
    assert case_row(bot, number).awaiting == "contact"


async def test_a_phone_said_in_numerals_opens_no_case(bot: BotHarness) -> None:
    number = await register(bot, SMS, MATTER)
    await bot.say("刘芳", sender=SMS)
    replies = await bot.say("号码是一五八零零一二三四五六", sender=SMS)
    assert [c.number for c in all_cases(bot)] == [number], replies
    assert petitioner(bot, SMS).contact.startswith("+8615800123456")


@pytest.mark.parametrize("another", ["再反映个事 我们单元的楼道灯全坏了", "另外 幼儿园门口早上总有人违停"])
async def test_another_matter_after_the_intake_is_registered(bot: BotHarness, another: str) -> None:
    await register(bot, SMS, MATTER)
    await bot.say("刘芳", sender=SMS)  # the intake done (an SMS sender's number is the contact)
    replies = await bot.say(another, sender=SMS)
    assert len(cases_of(bot, SMS)) == 2, replies
    assert not any("补充吗" in reply for reply in replies)


@pytest.mark.parametrize("closing", ["行 就这些了 再见", "嗯 暂时没有了 谢谢"])
async def test_signing_off_is_not_the_matters_details(bot: BotHarness, closing: str) -> None:
    number = await register(bot, SENDER, "路灯不亮")  # too short: the details are asked
    await bot.say("刘芳", sender=SENDER)
    await bot.say("13812340000", sender=SENDER)
    assert "details" in case_row(bot, number).awaiting
    await bot.say(closing, sender=SENDER)
    assert "details" in case_row(bot, number).awaiting
    assert not case_events(bot, number, "intake_answer")[2:]


@pytest.mark.parametrize("decline", ["不想讲", "不方便说"])
async def test_a_decline_to_the_question_is_no_alarm(bot: BotHarness, decline: str) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say(decline, sender=SENDER)
    assert not any("12356" in reply for reply in replies), replies
    assert "不留" in replies[0] and case_row(bot, number).awaiting == ""


async def test_a_question_after_the_answer_is_not_greeted(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    await bot.say("刘芳", sender=SENDER)
    await bot.say("13812340000", sender=SENDER)
    await answer_as_staff(bot, number)
    replies = await bot.say("那具体哪天派人来疏通？", sender=SENDER)
    assert not any("您好！" in reply for reply in replies), replies


async def test_can_you_understand_me_is_passed_to_a_person(bot: BotHarness) -> None:
    replies = await bot.say("你们到底能不能听懂人话", sender=SENDER)
    assert "抱歉" in replies[0] and "人工" in replies[0], replies
    assert all_cases(bot) == []


@pytest.mark.parametrize(("asked", "which"), [
    ("排水沟那个事有进展没", 0), ("问下广场舞的事处理到哪一步了", 1),
    # Naming neither, or both: asked which.
    ("我的事都怎么样了", None), ("我反映的那些问题现在处理得如何", None),
])
async def test_a_status_question_naming_one_of_several_matters(bot: BotHarness, asked: str,
                                                               which: int | None) -> None:
    first = await register(bot, SMS, MATTER)
    await bot.say("刘芳", sender=SMS)
    second = await register(bot, SMS, "另外 每天晚上广场舞音响开到十点多，吵得孩子没法写作业")
    replies = await bot.say(asked, sender=SMS)
    if which is None:
        assert first in replies[0] and second in replies[0], replies
    else:
        told, other = (first, second) if which == 0 else (second, first)
        assert told in replies[0] and other not in replies[0], replies


@pytest.mark.parametrize("told", ["井盖丢了报过好几次 就是没人管", "路边的废弃汽车反映了也不处理"])
async def test_nobody_deals_with_a_thing_is_registered_from_a_new_sender(bot: BotHarness,
                                                                          told: str) -> None:
    replies = await bot.say(told, sender=SENDER)
    assert NUMBER.search(" ".join(replies)), replies


async def test_with_a_case_open_nobody_deals_with_it_asks_its_status(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say("排水沟的事报了一个礼拜了还是没人管", sender=SENDER)
    assert number in replies[0] and len(cases_of(bot, SENDER)) == 1, replies
