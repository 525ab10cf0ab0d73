"""Misreadings a citizen probe of later turns met (session 16, helper probe16b), as tables in
other words than the probe's: an acknowledgement met with the opening greeting, a review asked
for in plain words (or as 复核 of a first answer), a new phone number in words opening a case,
another matter announced and told (read as material, or as the details asked), "and what
about X?" naming one of several cases, ratings in dialect, with a softener or as a face, a
question beside a grade dropped, replies withheld after 退订, and consent said before a name."""

from __future__ import annotations

import pytest

from bot.dialogue.appeal import asks_it_done_again
from nlp.rating import read_rating
from tests.bot.harness import (
    BotHarness,
    answer_as_staff,
    case_events,
    case_row,
    cases_of,
    petitioner,
    register,
    scores,
)

TG = "telegram:5551616"
SMS = "tel:13700001616"
MATTER = "我们小区东门的路面塌了一个大坑，电动车已经摔了好几辆，物业说不归他们管。"
OTHER = "还有件事，菜市场北门的早点摊每天把污水直接倒进雨水井里。"


async def _answered(bot: BotHarness, sender: str = SMS) -> str:
    number = await register(bot, sender, MATTER)
    await bot.say("罗建华", sender=sender)
    await answer_as_staff(bot, number)
    bot.pop(sender)
    return number


# -- an acknowledgement is no greeting --------------------------------------------------------

@pytest.mark.parametrize("ack", ["嗯嗯 收到了", "okok"])
async def test_an_acknowledgement_with_a_case_on_file_is_no_greeting(bot: BotHarness,
                                                                    ack: str) -> None:
    number = await register(bot, SMS, MATTER)
    await bot.say("罗建华", sender=SMS)
    replies = await bot.say(ack, sender=SMS)
    assert len(replies) == 1 and number in replies[0], replies
    assert "请直接描述您要反映的问题" not in replies[0]
    assert len(cases_of(bot, SMS)) == 1


async def test_an_acknowledgement_after_the_answer_is_asked_for_the_grade(bot: BotHarness) -> None:
    number = await _answered(bot)
    replies = await bot.say("好的 明白了", sender=SMS)
    assert len(replies) == 1 and number in replies[0] and "1 到 5" in replies[0], replies
    assert scores(bot) == []


@pytest.mark.parametrize("hello", ["你好", "在吗"])
async def test_a_salutation_is_still_greeted(bot: BotHarness, hello: str) -> None:
    await register(bot, SMS, MATTER)
    await bot.say("罗建华", sender=SMS)
    replies = await bot.say(hello, sender=SMS)
    assert "您好" in replies[0], replies


# -- a review asked for in plain words ---------------------------------------------------------

@pytest.mark.parametrize(("text", "asks"), [
    ("这个说法我没法接受 请上一级部门重新核实", True),
    ("结论不对 希望再调查一次", True),
    ("请上级领导过问一下", True),
    # Asking how, or whether one still may: how to ask and by when, nothing filed.
    ("怎么才能让上级重新处理", False),
    ("还能重新查吗", False),
    ("这个答复我看过了", False),
])
def test_asking_for_another_look(text: str, asks: bool) -> None:
    assert asks_it_done_again(text) is asks


@pytest.mark.parametrize("text", ["这个说法我没法接受 请上一级部门重新核实", "结论不对 希望再调查一次"])
async def test_a_review_asked_in_plain_words_is_filed(bot: BotHarness, text: str) -> None:
    number = await _answered(bot)
    await bot.say("2", sender=SMS)
    replies = await bot.say(text, sender=SMS)
    assert case_row(bot, number).status == "review_requested", replies
    assert "复查请求已收到" in replies[0]


async def test_rereview_asked_of_a_first_answer_is_its_review(bot: BotHarness) -> None:
    number = await _answered(bot)
    replies = await bot.say("对答复有异议，我申请复核", sender=SMS)
    assert case_row(bot, number).status == "review_requested", replies
    assert "暂不能受理" not in replies[0]


# -- particulars changed in words ---------------------------------------------------------------

@pytest.mark.parametrize("text", ["原来那个手机号停机了，以后联系13766665555",
                                  "手机掉了 补了张新卡 号码是15812349876"])
async def test_a_new_phone_in_words_opens_no_case(bot: BotHarness, text: str) -> None:
    number = await register(bot, TG, "我叫罗建华 13511112222 " + MATTER)
    replies = await bot.say(text, sender=TG)
    assert [c.number for c in cases_of(bot, TG)] == [number], replies
    assert number in replies[0]


async def test_consent_before_the_name_gives_the_name(bot: BotHarness) -> None:
    await register(bot, TG, MATTER)
    await bot.say("为啥非要名字", sender=TG)
    replies = await bot.say("行吧，王建英", sender=TG)
    assert petitioner(bot, TG).name == "王建英", replies
    assert "不像姓名" not in replies[0]


# -- another matter, told --------------------------------------------------------------------

@pytest.mark.parametrize("another", ["另外再说一个 后院的围墙裂了条缝", "另外一条 楼道里堆满了纸箱"])
async def test_another_matter_heard_as_material_is_registered(bot: BotHarness,
                                                             another: str) -> None:
    await register(bot, TG, "我叫罗建华 13511112222 " + MATTER)
    replies = await bot.say(another, sender=TG)
    assert len(cases_of(bot, TG)) == 2, replies


async def test_more_of_the_matter_pointing_back_is_material(bot: BotHarness) -> None:
    # "还有一个事" that points back at what was told ("上次漏了") is more of it, not another.
    number = await register(bot, TG, "我叫罗建华 13511112222 " + MATTER)
    replies = await bot.say("还有一个事上次漏了 那个坑旁边的井盖也松了 我拍了位置", sender=TG)
    assert [c.number for c in cases_of(bot, TG)] == [number], replies


async def test_another_matter_while_the_details_are_asked_is_registered(bot: BotHarness) -> None:
    number = await register(bot, SMS, "我叫罗建华，楼上漏水")  # too short: the details asked
    assert "details" in case_row(bot, number).awaiting
    replies = await bot.say("还有个事 单元门的门禁坏了半个月", sender=SMS)
    assert len(cases_of(bot, SMS)) == 2, replies
    assert "details" in case_row(bot, number).awaiting


# -- "and what about X?" -------------------------------------------------------------------

@pytest.mark.parametrize(("asked", "which"), [("路面那个坑呢", 0), ("早点摊的事呢？", 1)])
async def test_what_about_one_of_several_cases(bot: BotHarness, asked: str, which: int) -> None:
    await register(bot, TG, "我叫罗建华 13511112222 " + MATTER)
    await bot.say(OTHER, sender=TG)
    numbers = [c.number for c in cases_of(bot, TG)]
    assert len(numbers) == 2
    replies = await bot.say(asked, sender=TG)
    assert len(replies) == 1 and replies[0].startswith(numbers[which]), replies
    assert len(cases_of(bot, TG)) == 2


async def test_withdrawing_one_of_several_named_by_its_matter(bot: BotHarness) -> None:
    await register(bot, TG, "我叫罗建华 13511112222 " + MATTER)
    await bot.say(OTHER, sender=TG)
    _first, second = cases_of(bot, TG)
    replies = await bot.say("早点摊那件我撤回了", sender=TG)
    assert second.number in replies[0] and "多件" not in replies[0], replies
    assert case_events(bot, second.number, "withdraw_requested")


# -- ratings ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "grade"), [
    ("也中", 3), ("倒也凑合", 3), ("还凑活吧", 3),
    ("安逸得很", 5), ("得劲", 4), ("美得很 谢谢了", 5),
    ("🙁", 2), ("😠😠", 2), ("😀", 4), ("拉胯", 2),
])
def test_ratings_in_dialect_softened_or_as_faces(text: str, grade: int) -> None:
    reading = read_rating(text)
    assert reading is not None and reading.grade == grade, reading


async def test_a_face_after_the_prompt_is_a_grade(bot: BotHarness) -> None:
    await _answered(bot)
    replies = await bot.say("😤", sender=SMS)
    assert scores(bot) == [2], replies


async def test_a_question_beside_a_grade_is_kept(bot: BotHarness) -> None:
    number = await _answered(bot)
    replies = await bot.say("4分吧，另外想问下以后路面再坏了找谁", sender=SMS)
    assert scores(bot) == [4], replies
    assert len(replies) == 2 and number in replies[1], replies
    assert case_events(bot, number, "question")


# -- after 退订 -------------------------------------------------------------------------------

async def test_a_question_after_opting_out_is_answered(bot: BotHarness) -> None:
    number = await register(bot, SMS, MATTER)
    await bot.say("罗建华", sender=SMS)
    await bot.say("退订", sender=SMS)
    replies = await bot.say("那个坑现在有人管了吗", sender=SMS)
    assert replies and number in replies[0], replies
    # What the bot sends of its own accord stays stopped.
    answer_as_staff_texts = await answer_as_staff(bot, number)
    assert answer_as_staff_texts == []


async def test_an_emergency_after_opting_out_gets_the_numbers(bot: BotHarness) -> None:
    await register(bot, SMS, MATTER)
    await bot.say("罗建华", sender=SMS)
    await bot.say("退订", sender=SMS)
    replies = await bot.say("刚才我爸在那个坑里摔倒了 头破了 一直在流血", sender=SMS)
    assert any("120" in reply for reply in replies), replies
