"""Misreadings a citizen probe met (session 25, helper probe30), by class, in other words than
the probe's:

- a dam or a levee giving way now ("堤坝开始漏水了 越漏越大") was heard faintly (0.07, quiet) or as
  gas: an accident at least SURE (nlp.levee, the analyzer's floor), its own advice leading;
- a hazard to inspect, a seep called safe, a courtyard (院坝) or a levee dug by sand boats stays
  what the head heard (the floor does not fire);
- words of self-harm then called a joke or words said in anger ("不想活了是开玩笑的 我就是想吐槽一下
  物业", 0.69) led with the crisis alarm: quiet, the safety line with the crisis line
  (bot.dialogue.alarm.in_jest), at any confidence; a joke said first, a marker denied or harm
  said after it still leads.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import texts
from bot.dialogue.alarm import SURE, in_jest, quiet
from nlp import Analysis, Analyzer
from nlp.dialogue_lexicon import CONCEPTS
from nlp.levee import levee_giving_way
from nlp.normalize import normalize
from nlp.stated_harm import said_in_jest
from tests.bot.harness import BotHarness, all_cases, pin_analysis

ACCIDENT_ALARM = texts.say("zh", "emergency_accident")
CRISIS_SAFETY = texts.say("zh", "emergency_safety_crisis")
SELF_HARM_ALARM = texts.say("zh", "emergency_self_harm")


@pytest.mark.parametrize("said", [
    "村东头那段河堤在往外冒水 越冒越多",
    "大坝底下渗水 渗得越来越凶 下面就是镇子",
    "鱼塘的坝塌了一截 水正在往稻田里灌",
    "江堤决口了 赶紧通知下游",
    "水库的坝出了个口子 水哗哗往外冒",
    "河堤漏得厉害 眼看就要垮了",
    "堤壩開始滲水了 越滲越大",
    "he di 漏水了 越来越大 村里老人还没走",
    "山塘坝顶已经过水了",
    "大坝被洪水冲垮了一段 水正往镇上冲",
])
def test_a_levee_giving_way_is_told(said: str) -> None:
    assert levee_giving_way(normalize(said)), said


@pytest.mark.parametrize("said", [
    "河堤好几年没加固了 汛期前能不能修一下",           # a hazard to inspect
    "水库坝上有点渗水 镇上来看过说没问题",              # judged safe
    "要是再下大雨 这段堤恐怕要出事",                    # foretold
    "采砂船把河堤挖得坑坑洼洼",                          # dug: labelled none
    "院坝里的水管漏水了 越漏越大",                      # a courtyard
    "晚上坝坝舞的音响太吵了",                            # a square dance
    "去年河堤漏水的事反映过 到现在没答复",              # the past, a grievance
    "堤坝上的路灯坏了 晚上看不见",
    "河堤那个缺口上个月已经堵上了 想问问补偿",          # mended
])
def test_no_levee_giving_way(said: str) -> None:
    assert not levee_giving_way(normalize(said)), said


@pytest.mark.parametrize("said", [
    "河坝在冒浑水 越来越急",
    "水库大坝裂开了一道口子 往外冒水 下面是村子",
])
def test_the_analyzer_makes_a_levee_giving_way_a_sure_accident(analyzer: Analyzer, said: str) -> None:
    analysis = analyzer.analyze(said)
    assert analysis.emergency and analysis.emergency_confidence >= SURE, analysis
    assert analysis.emergency_kind == "accident" and not quiet(analysis), analysis


def test_a_person_on_the_levee_keeps_the_kind_the_head_is_sure_of(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("我现在站在河堤上 不想活了 堤坝已经开始漏水了 越漏越大")
    assert analysis.emergency_kind == "self_harm" and analysis.emergency_confidence >= SURE


async def test_a_levee_giving_way_leads_with_the_accident_alarm(bot: BotHarness) -> None:
    replies = await bot.say("俺们村那个堤坝在漏水 越漏越大了", sender="telegram:3000101")
    [case] = all_cases(bot)
    assert replies[0].startswith(ACCIDENT_ALARM), replies
    assert case.emergency and case.needs_human


@pytest.mark.parametrize(("text", "jest"), [
    ("气得我想跳楼 开玩笑的 就是公交站台太远了", True),
    ("排队排得想死哈哈 说着玩的 窗口能不能多开两个", True),
    ("我说要喝农药那是气话 别当真 主要是补偿款一直没到", True),
    ("不想活了 這是氣話 我就想問問低保", True),
    ("開玩笑的 我都把遺書寫好了", False),            # the joke first: it hides a danger
    ("我不是吓唬你们 安眠药我都攒够了", False),       # the marker denied
    ("说不想活是气话 可是我真的撑不下去了", False),   # harm said after it
    ("我要跳楼 没开玩笑", False),
    ("楼下KTV太吵了 开玩笑的吧 半夜还唱", False),    # no word of harm
])
def test_words_of_harm_called_a_joke_afterwards(text: str, jest: bool) -> None:
    assert said_in_jest(normalize(text), CONCEPTS["self_harm"]) is jest


def _self_harm(analyzer: Analyzer, text: str, confidence: float) -> Analysis:
    return replace(analyzer.analyze(text), emergency=True, emergency_kind="self_harm",
                   emergency_confidence=confidence, threatens_escalation=False)


def test_a_joke_is_quiet_at_any_confidence_a_hidden_danger_is_not(analyzer: Analyzer) -> None:
    joked = "气得我想跳河 开玩笑的 就是想问问医保为啥停了"
    assert in_jest(_self_harm(analyzer, joked, 0.9)) and quiet(_self_harm(analyzer, joked, 0.9))
    assert quiet(_self_harm(analyzer, joked, 0.1))
    assert not quiet(_self_harm(analyzer, "开玩笑的啦 绳子我都挂好了 不想活了", 0.9))
    assert not quiet(_self_harm(analyzer, "我不想死 我只是想要回我的血汗钱", 0.9))


async def test_a_joke_gets_the_crisis_safety_line_not_the_alarm(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    said = "办个证跑了五趟 真想跳楼 开玩笑的 就是想问问材料到底要哪些"
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind="self_harm",
                 emergency_confidence=0.8, emergency_terms=("跳楼",), threatens_escalation=False)
    replies = await bot.say(said, sender="telegram:3000102")
    assert replies[0] == CRISIS_SAFETY and SELF_HARM_ALARM not in replies, replies
    assert any(case.emergency and case.needs_human for case in all_cases(bot))
