"""Misreadings a citizen probe met (session 14), as tables: a surname given alone, ratings
written as clauses apart with spaces, a matter the model took for a booking on one word, a
complaint put as a question from someone with no case, "不用了" and "发错了" while the bot
asks for particulars, thanks after the rating, a person asked for in northern words."""

from __future__ import annotations

import pytest

from bot.dialogue.withdraw import sent_by_mistake
from nlp.particulars import surname_only
from nlp.person import person_request
from nlp.rating import read_rating
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
    scores,
)

# -- pure readings ---------------------------------------------------------------------------


@pytest.mark.parametrize(("reply", "surname"), [
    ("黄", "黄"), ("欧阳", "欧阳"), ("俺姓马", "马"), ("咱姓孙", "孙"), ("姓周就行", "周"),
    ("喊我老赵就行", "赵"), ("老冯", "冯"), ("就叫我小吴吧", "吴"),
    # Not surnames given alone: a word, a given name people go by, an acknowledgement.
    ("小区", ""), ("老师", ""), ("老乡", ""), ("小明", ""), ("行", ""), ("好", ""), ("嗯", ""),
    ("黄河", ""),
])
def test_a_surname_given_alone(reply: str, surname: str) -> None:
    assert surname_only(reply) == surname


@pytest.mark.parametrize(("reply", "grade"), [
    ("答复收到了 比较满意", 4), ("回复很快 挺满意的", 4), ("拖了俩月 不太满意", 2),
    ("拖了俩月才来 很不满意", 1), ("人来看过了 马马虎虎", 3),
    # Run together it still reads whole: the degree word is the satisfaction's.
    ("非常 满意", 5), ("很 不满意", 1),
    # Spaces never make a grade of what is none.
    ("楼下 三星手机店", None), ("谢谢 收到", None),
])
def test_clauses_apart_with_spaces(reply: str, grade: int | None) -> None:
    reading = read_rating(reply)
    assert (reading.grade if reading is not None else None) == grade


@pytest.mark.parametrize(("text", "mistake"), [
    ("发错了，抱歉", True), ("对不起 刚才那条点错了", True), ("不小心发出去的 请忽略", True),
    ("oops sent it by mistake", True),
    # A particular sent wrong is a correction; a typo is no mistake of sending; a story.
    ("电话号码发错了", False), ("打错字了", False), ("快递发错了地址 商家不管", False),
])
def test_a_message_sent_by_mistake(text: str, mistake: bool) -> None:
    assert sent_by_mistake(text) is mistake


@pytest.mark.parametrize(("text", "asks"), [
    ("咱不会打字 找个人跟咱讲讲", True), ("派个人来给俺解释一下", True), ("找个真人跟我聊", True),
    # Someone else's doing, and "咱们" telling a matter.
    ("开发商找个人跟我谈拆迁", False), ("咱们村的路坏了", False),
])
def test_a_person_asked_for_in_northern_words(text: str, asks: bool) -> None:
    assert (person_request(text) is not None) is asks


# -- through the bot -------------------------------------------------------------------------

SENDER = "telegram:5551400"
MATTER = "我们单元的电梯三天两头坏，上周还困住了一个老人，物业一直推脱说没钱修。"


async def test_a_bare_surname_is_thanked_and_the_full_name_asked(bot: BotHarness) -> None:
    await register(bot, SENDER, MATTER)
    replies = await bot.say("黄", sender=SENDER)
    assert "黄先生/女士" in replies[0] and "不像姓名" not in replies[0]
    assert petitioner(bot, SENDER).name == ""


async def test_a_rating_in_spaced_clauses_is_recorded(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    await answer_as_staff(bot, number)
    bot.pop(SENDER)
    replies = await bot.say("答复收到了 比较满意", sender=SENDER)
    assert scores(bot) == [4], replies
    assert len(all_cases(bot)) == 1


async def test_thanks_after_the_rating_asks_for_nothing_more(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)  # the name and contact are never given
    await answer_as_staff(bot, number)
    await bot.say("5", sender=SENDER)
    replies = await bot.say("好的 多谢了", sender=SENDER)
    assert not any("姓名" in reply for reply in replies), replies
    assert len(all_cases(bot)) == 1


@pytest.mark.parametrize("matter", ["景区接待游客超量 挤得走不动", "农家乐接待团餐卫生很差"])
async def test_a_matter_with_a_reception_word_is_registered(bot: BotHarness, matter: str) -> None:
    replies = await bot.say(matter, sender=SENDER)
    assert NUMBER.search(" ".join(replies)), replies
    assert not any("接访" in reply for reply in replies)


async def test_a_complaint_put_as_a_question_with_no_case_is_registered(bot: BotHarness) -> None:
    replies = await bot.say("健身器材坏了半年了有人管吗", sender=SENDER)
    assert NUMBER.search(" ".join(replies)), replies


async def test_with_a_case_open_the_same_words_ask_its_status(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say("健身器材坏了半年了有人管吗", sender=SENDER)
    assert number in replies[0] and len(cases_of(bot, SENDER)) == 1, replies


async def test_no_need_said_to_the_particulars_question_is_a_decline(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say("那不用了，谢谢", sender=SENDER)
    assert "不像姓名" not in replies[0] and "不留" in replies[0], replies
    assert case_row(bot, number).awaiting == ""
    assert case_events(bot, number, "particulars_declined")


async def test_sent_by_mistake_asks_to_take_the_case_back(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say("抱歉 上一条发错了", sender=SENDER)
    assert number in replies[0] and "撤回" in replies[0], replies
    assert case_events(bot, number, "withdraw_requested")
    assert len(all_cases(bot)) == 1


async def test_sent_by_mistake_with_nothing_open_opens_nothing(bot: BotHarness) -> None:
    await bot.say("发错了，抱歉", sender=SENDER)
    assert all_cases(bot) == []


async def test_a_person_asked_for_in_northern_words_is_passed_on(bot: BotHarness) -> None:
    replies = await bot.say("咱不会打字 找个人跟咱讲讲", sender=SENDER)
    assert "转人工" in replies[0], replies
    assert all_cases(bot) == []


LETTER = ("各位领导：\n我家楼下新开了一家汽修店，每天在人行道上喷漆打磨，气味刺鼻，噪音从早到晚，"
          "家里老人孩子都受不了。多次找过店主和街道，没有任何改变。请有关部门依法查处。\n"
          "退休职工 林桂芬\n联系电话 13600005555\n2026年11月18日")


@pytest.mark.parametrize(("signature", "name"), [
    ("住户 孔德明", "孔德明"), ("家长 何丽萍", "何丽萍"), ("信访人：邱月华", "邱月华")])
def test_a_letter_signed_with_what_the_writer_is(signature: str, name: str) -> None:
    from nlp.particulars import extract_particulars

    text = "领导好：\n村口的桥裂了好几道缝，大车照样过，我们天天提心吊胆。请尽快检修。\n" + signature
    assert extract_particulars(text).name == name


async def test_a_signed_letter_is_asked_for_nothing_it_gives(bot: BotHarness) -> None:
    sender = "mailto:lin.gf@example.cn"
    replies = await bot.say(LETTER, sender=sender)
    assert len(replies) == 1 and NUMBER.search(replies[0]), replies
    assert "姓名" not in replies[0] and "电话" not in replies[0], replies
    assert petitioner(bot, sender).name == "林桂芬"
