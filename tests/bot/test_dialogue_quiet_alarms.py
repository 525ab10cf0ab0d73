"""Calm complaints stay calm; every emergency signal still reaches a person (issue 15, session 12).

Tables through the test channel (push a message, pop the replies). The recall-first judgement
flags at a very low probability, so "the lift has been down a week" is heard faintly as danger.
Such a quiet signal (under ``alarm.QUIET``, not self-harm) is handled by the normal row as what
it is — registered, withdrawn, rated, answered — led by one short safety line, and its case is
flagged for a person. Self-harm, however faint, and any louder signal still get the alarm first.
"""

from __future__ import annotations

import pytest

from bot import texts
from bot.dialogue.alarm import QUIET, SURE
from nlp import Intent
from tests.bot.harness import (
    COMPLAINT,
    BotHarness,
    actions,
    all_cases,
    answered_case,
    last_message,
    pin_analysis,
    register,
    scores,
)

SAFETY = texts.say("zh", "emergency_safety")
#: The full alarm: the general advice and every kind's (all end "…优先处理您的消息" / "…优先处理。").
ALARM_WORDS = ("优先处理", "12356", "珍惜生命")


def alarmed(replies: list[str]) -> bool:
    return any(word in reply for reply in replies for word in ALARM_WORDS)


def heard_as(bot: BotHarness, monkeypatch: pytest.MonkeyPatch, said: str, kind: str,
             confidence: float, intent: Intent | None = None) -> None:
    """The judgement of ``said`` pinned: flagged as ``kind`` at ``confidence``."""
    also = {"intent": intent} if intent else {}
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind=kind,
                 emergency_confidence=confidence, **also)


# -- calm complaints, as the model really hears them ---------------------------------------

CALM = [
    "我们小区三号楼门口的路灯坏了快一个月了，晚上黑漆漆的",
    "The streetlight on Hope Road has been out for a week",
    "菜市场门口摆摊的把路占了一半，电动车都过不去",
    "单元楼的电梯停了一个礼拜没人修，我妈腿脚不好下不了楼",
    "小区下水道返味，污水冒到了人行道上",
    "上个月救护车来得特别慢，希望120调度能改进一下",
    "前年着火的那栋老仓库一直没人拆，现在堆满垃圾",
    "路口的井盖松了，车一压就哐哐响",
    "修路把我们这片的自来水管挖破了，已经停水一天",
    "楼道里的灯不亮，晚上上楼看不见",
    "工地的围挡歪了，挡住了半条人行道",
]


@pytest.mark.parametrize("text", CALM)
async def test_a_calm_complaint_is_registered_without_the_alarm(bot: BotHarness, text: str) -> None:
    sender = "telegram:1201"
    analysis = bot.core.intake.analyzer.analyze(text)
    # Each is either not flagged or flagged quietly (the model's reading at session 12): one
    # that now reads as self-harm or louder belongs in another table, not here.
    assert not analysis.emergency or (analysis.emergency_confidence < QUIET
                                      and analysis.emergency_kind != "self_harm"), analysis
    replies = await bot.say(text, sender=sender)
    assert not alarmed(replies), replies
    [case] = all_cases(bot)
    assert any(case.number in reply for reply in replies), replies  # registered as usual
    if analysis.emergency:
        # Still reaches a person at once, and the citizen still has the numbers.
        assert replies[0] == texts.say(analysis.language, "emergency_safety"), replies
        assert case.needs_human and case.emergency and "emergency" in actions(bot)
    else:
        assert SAFETY not in replies and not case.emergency


# -- quiet signals: the normal row answers, a person is told -------------------------------

async def test_a_quiet_signal_in_a_new_matter_is_registered_and_flagged(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    said = "小区门口的减速带被压坏了，铁钉都翻出来了，和平路"
    heard_as(bot, monkeypatch, said, "accident", 0.1)
    replies = await bot.say(said, sender="tel:+8613800001201")
    [case] = all_cases(bot)
    assert replies[0] == SAFETY and case.number in replies[1] and not alarmed(replies), replies
    assert case.needs_human and case.emergency
    assert actions(bot).count("emergency") == 1  # one event, not one per row that saw it


async def test_a_quiet_signal_in_a_withdrawal_is_taken_as_a_withdrawal(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    sender = "telegram:1202"
    said = "不用弄了，摊子已经被清走了"
    heard_as(bot, monkeypatch, said, "violence", 0.15, Intent.WITHDRAW)
    number = await register(bot, sender)
    replies = await bot.say(said, sender=sender)
    assert replies[0] == SAFETY and not alarmed(replies), replies
    assert "撤回" in replies[-1] and number in replies[-1], replies
    [case] = all_cases(bot)
    assert "withdraw_requested" in actions(bot) and case.needs_human and case.emergency


async def test_a_quiet_signal_in_a_rating_is_a_rating(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    sender = "tel:+8613800001203"
    said = "4分，路灯修好了"
    await answered_case(bot, sender)
    heard_as(bot, monkeypatch, said, "accident", 0.06, Intent.RATING)
    replies = await bot.say(said, sender=sender)
    assert replies[0] == SAFETY and not alarmed(replies), replies
    ratings = scores(bot)
    assert ratings == [4]
    [case] = all_cases(bot)
    assert case.needs_human and case.emergency


async def test_a_quiet_signal_in_a_status_question_gets_the_status(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    sender = "telegram:1204"
    said = "我的投诉怎么样了"
    number = await register(bot, sender)
    # (Under emergency.FAINT a sure status question's signal is noise, and ignored.)
    heard_as(bot, monkeypatch, said, "fire", 0.08, Intent.STATUS_QUERY)
    replies = await bot.say(said, sender=sender)
    assert replies[0] == SAFETY and not alarmed(replies), replies
    assert any(number in reply for reply in replies[1:]), replies
    [case] = all_cases(bot)
    assert case.needs_human and case.emergency


async def test_a_quiet_signal_with_no_case_to_flag_flags_the_message(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    sender = "telegram:1205"
    said = "你们周六上班吗？"
    heard_as(bot, monkeypatch, said, "accident", 0.08, Intent.QUESTION)
    replies = await bot.say(said, sender=sender)
    assert replies[0] == SAFETY and len(replies) >= 2 and not alarmed(replies), replies
    message = last_message(bot, sender)
    assert all_cases(bot) == [] and message is not None and message.needs_human
    assert message.meta["flagged_for"] == "emergency"  # why, for the staff list (bot.flagged)


# -- louder signals and self-harm: the alarm first, as before ------------------------------

@pytest.mark.parametrize(("kind", "confidence", "first_has"), [
    ("accident", QUIET, "12356"),        # unsure: every number and the crisis line, first
    ("violence", 0.45, "12356"),
    ("medical", SURE, "120"),            # sure: the kind's number first…
    ("gas", 0.7, "119"),
])
async def test_a_louder_signal_still_leads_with_the_alarm(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, kind: str, confidence: float,
        first_has: str) -> None:
    said = "家门口施工把自来水管挖断了，停水两天了，沿江路"
    heard_as(bot, monkeypatch, said, kind, confidence, Intent.NEW_PETITION)
    replies = await bot.say(said, sender="tel:+8613800001206")
    assert first_has in replies[0] and "优先处理" in replies[0], replies
    # …and every other number after it: a wrong kind (a water pipe read as gas) never leaves
    # the citizen without the one they need.
    assert all(number in replies[0] for number in ("110", "119", "120", "12356")), replies
    assert SAFETY not in replies
    [case] = all_cases(bot)
    assert case.needs_human and case.emergency


@pytest.mark.parametrize("said", [
    "这事要是再拖下去，我就去陪我老伴了",
    "后事我都交代好了，你们也不用再回复了",
    "药我已经攒够了，告了三年也没用",
    "算了不告了，我带着孩子一起走，就都解脱了",   # heard at 0.11 only, as a withdrawal
])
async def test_self_harm_in_indirect_words_always_gets_the_crisis_line(
        bot: BotHarness, said: str) -> None:
    sender = "telegram:1207"
    await bot.say(COMPLAINT, sender=sender)
    replies = await bot.say(said, sender=sender)
    assert "12356" in replies[0], replies
    assert all(case.needs_human for case in all_cases(bot)) and any(c.emergency for c in all_cases(bot))


@pytest.mark.parametrize("confidence", [0.03, 0.1, 0.3])
async def test_a_faint_self_harm_signal_is_never_quiet(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, confidence: float) -> None:
    said = "不弄了，反正也没人管，就这样吧"
    heard_as(bot, monkeypatch, said, "self_harm", confidence, Intent.WITHDRAW)
    sender = "tel:+8613800001208"
    await bot.say(COMPLAINT, sender=sender)
    replies = await bot.say(said, sender=sender)
    assert "12356" in replies[0] and SAFETY not in replies, replies
    [case] = all_cases(bot)
    assert case.needs_human and case.emergency


@pytest.mark.parametrize(("said", "number_to_call"), [
    ("楼下着火了，好大的烟", "119"),
    ("有人持刀在小区门口砍人", "110"),
    ("我不想活了，活不下去了", "12356"),
])
async def test_a_sure_emergency_is_unchanged(bot: BotHarness, said: str, number_to_call: str) -> None:
    replies = await bot.say(said, sender="telegram:1209")
    assert number_to_call in replies[0] and "优先处理" in replies[0], replies
    [case] = all_cases(bot)
    assert case.needs_human and case.emergency
