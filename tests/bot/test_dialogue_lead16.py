"""Misreadings found trying the bot by hand in session 16: a written address sent on its own
after the intake, whose place names the recall-first emergency judgement hears faintly on one
of their characters ("西城区…": 城, 西), opened a second case with the safety line instead of
being kept as the contact on the open case."""

from __future__ import annotations

import pytest

from tests.bot.harness import (
    BotHarness,
    all_cases,
    answered_case,
    case_row,
    petitioner,
    register,
)

SENDER = "telegram:5551600"
MATTER = "小区地下车库的排风扇坏了半个月，车库里一股汽油味，物业一直说在等配件。"


@pytest.mark.parametrize("address", ["西城区德胜里4号楼", "铁西区兴华南街3号楼"])
async def test_an_address_sent_after_the_intake_is_the_contact(bot: BotHarness,
                                                              address: str) -> None:
    number = await register(bot, SENDER, MATTER)
    await bot.say("高建平", sender=SENDER)
    await bot.say("13912345600", sender=SENDER)  # the intake is done: nothing is asked now
    replies = await bot.say(address, sender=SENDER)
    assert [case.number for case in all_cases(bot)] == [number], replies
    assert not any("110" in reply for reply in replies), replies
    assert number in replies[0], replies
    assert petitioner(bot, SENDER).contact.endswith(address)


@pytest.mark.parametrize("told", ["家里没装座机 有事情打给我闺女 她的号码15912345678",
                                  "白天我上班 晚上打 手机13787654321"])
async def test_how_to_reach_the_sender_beside_the_number_opens_no_case(bot: BotHarness,
                                                                      told: str) -> None:
    replies = await bot.say(told, sender=SENDER)
    assert all_cases(bot) == [], replies
    assert "已记录" in replies[0], replies


async def test_a_matter_beside_the_number_is_still_registered(bot: BotHarness) -> None:
    replies = await bot.say("手机13787654321 他家的狗天天半夜乱叫", sender=SENDER)
    assert len(all_cases(bot)) == 1, replies


@pytest.mark.parametrize("told", ["上礼拜打热线说了路灯不亮的事 到现在没人来看",
                                  "半个月前报过暖气不热 还是没人上门",
                                  "之前反映过小区门口占道经营 到现在没有答复"])
async def test_a_matter_told_elsewhere_and_unanswered_is_registered(bot: BotHarness,
                                                                   told: str) -> None:
    replies = await bot.say(told, sender=SENDER)
    assert len(all_cases(bot)) == 1, replies


@pytest.mark.parametrize("asked", ["对这个结果有异议 可以找上一级吗", "处理得不公平 我还能申诉吗"])
async def test_a_question_objecting_to_the_answer_is_told_the_next_appeal(bot: BotHarness,
                                                                         asked: str) -> None:
    number = await answered_case(bot, SENDER)
    replies = await bot.say(asked, sender=SENDER)
    assert number in replies[0] and "申请复查" in replies[0], replies


DEMOLITION = "我们村拆迁补偿款说好年底发，现在一拖再拖，村委会也说不清钱去哪了。"


@pytest.mark.parametrize("protest", ["大家商量好了 周一一起去市委门口拉条幅", "不给说法我们全楼的人就去堵路"])
async def test_a_protest_announced_about_the_open_matter_joins_it(bot: BotHarness,
                                                                 protest: str) -> None:
    number = await register(bot, SENDER, DEMOLITION)
    replies = await bot.say(protest, sender=SENDER)
    assert [case.number for case in all_cases(bot)] == [number], replies
    assert "110" in replies[0] and number in replies[-1], replies
    assert case_row(bot, number).needs_human


async def test_a_protest_announced_with_no_case_is_registered(bot: BotHarness) -> None:
    replies = await bot.say("再拖下去我们几十户就去堵高速", sender=SENDER)
    assert len(all_cases(bot)) == 1 and "110" in replies[0], replies


@pytest.mark.parametrize("asked", ["你们上不上班", "我说的你收没收到"])
async def test_an_a_not_a_question_while_the_name_is_asked_is_answered(bot: BotHarness,
                                                                       asked: str) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say(asked, sender=SENDER)
    assert "不像姓名" not in replies[0], replies
    assert petitioner(bot, SENDER).name == "" and case_row(bot, number).awaiting, replies


async def test_a_denied_self_harm_act_still_hears_the_crisis_line(bot: BotHarness) -> None:
    replies = await bot.say("并不是想轻生，只是房子的事拖太久了", sender=SENDER)
    assert "12356" in replies[0], replies
    assert all_cases(bot)[0].needs_human, replies
