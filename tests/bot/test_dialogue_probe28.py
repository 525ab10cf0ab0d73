"""Misreadings a citizen probe met (session 23, helper probe28), by class, in other words than
the probe's:

- a debtor out of reach ("借给老同学一万五 打了欠条 现在他手机一直关机") heard faintly as
  self-harm got the crisis alarm first: quiet now, with the crisis line, a person told
  (bot.dialogue.alarm.debtor_out_of_reach, nlp.calm_matters.unreachable_debtor);
- a routine nuisance (noise, sewage, rubbish, smells) heard faintly as any danger, with no word
  of one, is the model's noise: no flag, no safety line (bot.dialogue.alarm.only_a_nuisance);
- a legal route the model is unsure of (under bot.lawroutes.LEGAL_CONFIDENCE, no stage told) is
  not named as if sure: the case keeps it, the citizen is told staff will say which route
  (bot.dialogue.matter.named_surely).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import texts
from bot.dialogue.alarm import QUIET, SURE, quiet
from bot.lawroutes import LEGAL_CONFIDENCE
from nlp import Analyzer
from nlp.calm_matters import routine_nuisance, unreachable_debtor
from nlp.normalize import normalize
from tests.bot.harness import BotHarness, actions, all_cases, pin_analysis

CRISIS_SAFETY = texts.say("zh", "emergency_safety_crisis")
CRISIS_ALARM = texts.say("zh", "emergency_self_harm")
GENERAL_ALARM = texts.say("zh", "emergency")
UNSURE = texts.say("zh", "legal_route_unsure")
COURT = "人民法院受理的范围"


@pytest.mark.parametrize(("text", "gone"), [
    ("借给老同学一万五 打了欠条 现在他手机一直关机", True),
    ("他欠我八千块钱 微信不回消息 电话也打不通", True),
    ("生意伙伴卷走了二十万货款 人间蒸发了", True),
    ("退租两个月了 押金一直不退 房东躲着不见", True),
    ("收了我的菜不给钱 现在人找不到了", True),
    ("老公欠了网贷 现在电话关机 人找不到", False),       # his own debt: he may be at risk
    ("我妈被人骗了钱 现在联系不上", False),              # the one who lost money is gone
    ("老板欠了三个月工资 人跑了", False),                # wages: not the grammar's
    ("借了朋友的车 还没还", False),
    ("欠我的钱他说下个月还", False),                     # no one out of reach
])
def test_unreachable_debtor(text: str, gone: bool) -> None:
    assert unreachable_debtor(normalize(text)) is gone


@pytest.mark.parametrize(("text", "nuisance"), [
    ("对面酒吧的低音炮震得玻璃嗡嗡响 吵到半夜", True),
    ("佢哋装修好嘈 朝早七点就开始", True),
    ("化粪池满了 粪水流到马路上", True),
    ("垃圾桶三天没人倒 臭气熏天", True),
    ("路灯坏了一个月", False),
    ("工地塔吊在晃", False),
])
def test_routine_nuisance(text: str, nuisance: bool) -> None:
    assert routine_nuisance(normalize(text)) is nuisance


def test_a_debtor_out_of_reach_is_quiet_only_when_nothing_else_is_said(analyzer: Analyzer) -> None:
    def heard(text: str, confidence: float) -> bool:
        found = analyzer.analyze(text)
        return quiet(replace(found, emergency=True, emergency_kind="self_harm",
                             emergency_confidence=confidence))

    assert heard("借给老同学一万五 打了欠条 现在他手机一直关机", 0.1)
    # Despair or an act beside the debt, or a surer signal, keep the alarm.
    assert not heard("借给老同学一万五 打了欠条 现在他手机一直关机 我也不想活了", 0.1)
    # An act beside it the model hears surely, and the quiet level is not reached.
    for told in ("借给老同学一万五 现在他关机了 药我都买好了", "他欠我钱跑了 绳子我都买好了"):
        found = analyzer.analyze(told)
        assert found.emergency_confidence >= QUIET and not quiet(found), found
    # Up to SURE with no distress said (session 24, probe29: bot.dialogue.alarm.debtor_dodging).
    assert heard("借给老同学一万五 打了欠条 现在他手机一直关机", QUIET)
    assert not heard("借给老同学一万五 打了欠条 现在他手机一直关机", SURE)
    # A family member's own debt and silence is no debtor's: the alarm stays.
    assert not heard("老公欠了网贷 现在电话关机 人找不到", 0.1)


async def test_a_debtor_out_of_reach_gets_the_crisis_line_not_the_alarm(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    said = "借给老同学一万五 打了欠条 现在微信把我拉黑了"
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind="self_harm",
                 emergency_confidence=0.1, emergency_terms=("打", "关机"))
    replies = await bot.say(said, sender="telegram:2800101")
    [case] = all_cases(bot)
    assert replies[0] == CRISIS_SAFETY, replies
    assert CRISIS_ALARM not in replies and GENERAL_ALARM not in replies
    assert any(COURT in reply for reply in replies), replies      # the court's route still told
    assert case.needs_human and case.emergency and "emergency" in actions(bot)


@pytest.mark.parametrize(("said", "kind"), [
    ("对面酒吧的低音炮震得玻璃嗡嗡响 吵到半夜", "self_harm"),
    ("化粪池满了 粪水流到马路上", "mass_incident"),
])
async def test_a_faint_signal_on_a_nuisance_is_no_signal(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, said: str, kind: str) -> None:
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind=kind,
                 emergency_confidence=0.05)
    replies = await bot.say(said, sender="telegram:2800102")
    [case] = all_cases(bot)
    said_back = " ".join(replies)
    assert case.number in said_back and "110" not in said_back and "12356" not in said_back, replies
    assert not case.emergency and "emergency" not in actions(bot)


@pytest.mark.parametrize(("said", "kind", "confidence"), [
    ("楼上装修 电线冒火花了", "fire", 0.1),              # a word of danger beside the noise
    ("楼上天天吵 我真的不想活了", "self_harm", 0.1),
    ("对面酒吧的低音炮震得玻璃嗡嗡响 吵到半夜", "violence", QUIET),   # not faint
])
async def test_a_nuisance_with_danger_keeps_its_signal(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, said: str, kind: str,
        confidence: float) -> None:
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind=kind,
                 emergency_confidence=confidence)
    replies = await bot.say(said, sender="telegram:2800103")
    [case] = all_cases(bot)
    assert "110" in replies[0] and case.emergency, replies


async def test_an_unsure_route_is_not_named(bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    said = "单位把我辞退了 一分补偿没有 我上哪告去"
    pin_analysis(bot, monkeypatch, said, legal_route="信息公开",
                 legal_route_confidence=LEGAL_CONFIDENCE / 3, emergency=False)
    replies = await bot.say(said, sender="telegram:2800104")
    [case] = all_cases(bot)
    assert UNSURE in replies and not any("政府信息公开" in reply for reply in replies), replies
    assert case.legal_route == "信息公开"   # kept for the clerk


async def test_a_sure_route_is_named(bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    said = "单位把我辞退了 一分补偿没有 我要去仲裁"
    pin_analysis(bot, monkeypatch, said, legal_route="仲裁",
                 legal_route_confidence=LEGAL_CONFIDENCE, emergency=False)
    replies = await bot.say(said, sender="telegram:2800105")
    assert any("劳动人事争议仲裁委员会" in reply for reply in replies) and UNSURE not in replies


async def test_an_unsure_route_with_its_stage_told_is_named(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    said = "法院都判了 他还是一分钱不给"
    pin_analysis(bot, monkeypatch, said, legal_route="诉讼", legal_route_confidence=0.12,
                 emergency=False)
    replies = await bot.say(said, sender="telegram:2800106")
    assert any("申请强制执行" in reply for reply in replies) and UNSURE not in replies, replies


async def test_an_unsure_route_beside_a_private_loan_tells_the_court(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    said = "借给表叔两万 打了欠条 现在不认账了"
    pin_analysis(bot, monkeypatch, said, legal_route="信访程序中", legal_route_confidence=0.09,
                 emergency=False, emergency_confidence=0.0)
    replies = await bot.say(said, sender="telegram:2800107")
    assert any(COURT in reply for reply in replies) and UNSURE not in replies, replies
