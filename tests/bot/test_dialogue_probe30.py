"""Misreadings a citizen probe met (session 25, helper probe30), by class, in other words than
the probe's:

- a dam or a levee giving way now ("堤坝开始漏水了 越漏越大") was heard faintly (0.07, quiet) or as
  gas: an accident at least SURE (nlp.levee, the analyzer's floor), its own advice leading;
- a hazard to inspect, a seep called safe, a courtyard (院坝) or a levee dug by sand boats stays
  what the head heard (the floor does not fire).
"""

from __future__ import annotations

import pytest

from bot import texts
from bot.dialogue.alarm import SURE, quiet
from nlp import Analyzer
from nlp.levee import levee_giving_way
from nlp.normalize import normalize
from tests.bot.harness import BotHarness, all_cases

ACCIDENT_ALARM = texts.say("zh", "emergency_accident")


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
