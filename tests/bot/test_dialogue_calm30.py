"""Calm words heard as danger in a conversation (session 25, helper calm30, issue 15), by class,
in other words than convo30's:

- the matter given up ("我不想弄了", "不想告了 随他去吧") was heard faintly as self-harm and led
  with the crisis alarm, so the withdrawal was not recorded: under QUIET it is quiet, the
  withdrawal row answers (``bot.dialogue.alarm.gave_up``); living given up ("不想活了",
  "活着没意思"), everything given up, a farewell or the means made ready keep the alarm;
- the boss or the gang master gone ("老板跑了 电话关机了") was heard as self-harm: a wage
  matter, a debtor out of reach (``bot.dialogue.alarm.boss_gone``), quiet under QUIET, and
  under SURE with no distress; distress, an act, a crowd, or one of the writer's own missing
  keep it loud.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import texts
from bot.dialogue.alarm import QUIET, SURE, quiet
from nlp import Analysis, Analyzer
from nlp.calm_matters import employer_gone, gives_up_the_matter
from nlp.normalize import normalize
from tests.bot.harness import BotHarness, all_cases, cases_of, pin_analysis

CRISIS_SAFETY = texts.say("zh", "emergency_safety_crisis")
SELF_HARM_ALARM = texts.say("zh", "emergency_self_harm")
WAGES = "我在工地干了五个月 包工头欠我两万三的工钱 一直拖着不给 请劳动监察管一管。赵刚 13800041111"


def _self_harm(analyzer: Analyzer, text: str, confidence: float) -> Analysis:
    return replace(analyzer.analyze(text), emergency=True, emergency_kind="self_harm",
                   emergency_confidence=confidence, threatens_escalation=False)


# -- the matter given up ----------------------------------------------------------------------

GIVEN_UP = [
    "我不想弄了 太麻烦了",
    "算了算了 不弄了 反正也没用",
    "俺不想搞了 累了",
    "不想再弄這件事了 算了",
    "不想告了 随他去吧",
    "不想再跑了 這事就到這吧",
    "懒得折腾了，投诉撤了吧",
    "家里人说不想再闹下去了 帮我撤了",
    "我不想追究了 请关闭",
    "老头子不想再反映了",
    "不想投诉了 不好意思麻烦你们了",
]


@pytest.mark.parametrize("said", GIVEN_UP)
def test_the_matter_given_up(said: str) -> None:
    assert gives_up_the_matter(normalize(said)), said


@pytest.mark.parametrize("said", [
    "不想活了",
    "活着没意思",
    "什么都不想弄了",              # everything given up
    "啥都不想管了",
    "这辈子就这样吧",              # a farewell, no matter named
    "我也不等了",
    "人生到此为止吧",
    "不想弄 但是他们一直催",         # not given up: no 了
])
def test_no_matter_given_up(said: str) -> None:
    assert not gives_up_the_matter(normalize(said)), said


@pytest.mark.parametrize("said", GIVEN_UP)
def test_a_faint_signal_on_the_matter_given_up_is_quiet(analyzer: Analyzer, said: str) -> None:
    assert quiet(_self_harm(analyzer, said, 0.1)), said


@pytest.mark.parametrize("said", [
    "这事我不想弄了 人也不想活了",
    "不想弄了 活着没意思",
    "算了 不弄了 我去跳河算了",
    "不想折腾了 药都买好了",
    "我不想再跑了 后事都交代好了",
    "不想再闹了 这辈子就这样吧",
    "不想搞了 我快崩溃了",
    "什么都不想弄了 累",
])
def test_life_given_up_beside_the_matter_keeps_the_alarm(analyzer: Analyzer, said: str) -> None:
    assert not quiet(_self_harm(analyzer, said, 0.1)), said


def test_only_a_faint_signal_on_the_matter_given_up_is_quiet(analyzer: Analyzer) -> None:
    # The grammar is also in a farewell the head hears surely: above QUIET the alarm leads.
    assert not quiet(_self_harm(analyzer, "我不想弄了 太麻烦了", QUIET))
    assert not quiet(_self_harm(analyzer, "我不想弄了 太麻烦了", 0.9))


async def test_giving_up_the_matter_is_a_withdrawal_not_the_crisis_alarm(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    sender = "tel:+8613944400001"
    await bot.say(WAGES, sender=sender)
    bot.pop(sender)
    said = "我不想弄了 太麻烦了"
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind="self_harm",
                 emergency_confidence=0.05, emergency_terms=("不想", "了", "麻烦"),
                 threatens_escalation=False)
    replies = await bot.say(said, sender=sender)
    assert SELF_HARM_ALARM not in replies, replies
    assert replies[0] == CRISIS_SAFETY, replies
    [case] = cases_of(bot, sender)
    assert any("撤回" in reply and case.number in reply for reply in replies), replies
    assert case.needs_human


async def test_living_given_up_still_leads_with_the_crisis_alarm(bot: BotHarness) -> None:
    sender = "tel:+8613944400002"
    await bot.say(WAGES, sender=sender)
    bot.pop(sender)
    replies = await bot.say("算了 这事不弄了 反正我也不想活了", sender=sender)
    assert replies[0] == SELF_HARM_ALARM, replies


# -- the boss gone ----------------------------------------------------------------------------

BOSS_GONE = [
    "老板跑了 电话关机了",
    "包工头卷钱跑路了 人联系不上",
    "包工头不见了 电话也关机 我们十几个人的工资没着落",
    "boss跑了 电话关机 工钱没结",
    "包工头找不到人了 欠的工钱谁给",
    "老闆跑路了 電話打不通",
    "厂长失联了 三个月工资没发",
    "项目经理把我们微信拉黑了 钱也不给",
    "工头躲着不露面 我们去工地找了三趟",
    "那个承包人人间蒸发了",
]


@pytest.mark.parametrize("said", BOSS_GONE)
def test_the_boss_gone(said: str) -> None:
    assert employer_gone(normalize(said)), said


@pytest.mark.parametrize("said", [
    "老板说下个月一定发",
    "我找不到老板的电话",               # the writer cannot find a number
    "我老公去找老板 到现在联系不上",      # the one gone is the writer's own
    "老板娘人很好 就是工资拖了",
])
def test_no_boss_gone(said: str) -> None:
    assert not employer_gone(normalize(said)), said


@pytest.mark.parametrize("said", BOSS_GONE)
@pytest.mark.parametrize("confidence", [0.08, 0.3])
def test_a_self_harm_signal_on_the_boss_gone_is_quiet(
        analyzer: Analyzer, said: str, confidence: float) -> None:
    assert quiet(_self_harm(analyzer, said, confidence)), said


@pytest.mark.parametrize("said", [
    "老板跑了 电话关机了 我真的撑不下去了",
    "包工头卷钱跑路了 我不想活了",
    "老板跑了 工资要不回来 我就从楼上跳下去",
    "老板跑了 我老公去厂里找他 到现在联系不上",     # one of the writer's own missing
    "包工头不见了 我快崩溃了 走投无路",
])
def test_the_boss_gone_with_danger_or_distress_keeps_the_alarm(analyzer: Analyzer, said: str) -> None:
    assert not quiet(_self_harm(analyzer, said, 0.3)), said


def test_a_sure_signal_on_the_boss_gone_still_leads(analyzer: Analyzer) -> None:
    assert not quiet(_self_harm(analyzer, "老板跑了 电话关机了", SURE))


async def test_the_boss_gone_is_registered_as_a_wage_matter_without_the_alarm(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    said = "包工头不见了 电话也关机 我们十几个人的工资没着落"
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind="self_harm",
                 emergency_confidence=0.1, emergency_terms=("电话关机", "不见"),
                 threatens_escalation=False)
    replies = await bot.say(said, sender="telegram:3944401")
    assert SELF_HARM_ALARM not in replies and replies[0] == CRISIS_SAFETY, replies
    [case] = all_cases(bot)
    assert case.emergency and case.needs_human
