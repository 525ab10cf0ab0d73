"""An ultimatum to take the matter higher or public that names no danger (nlp.ultimatum) is
no alarm to lead with: the crisis line was given to people who said they would go to Beijing.
Its signal is kept, and quiet (bot.dialogue.alarm)."""

from __future__ import annotations

import pytest

from bot.dialogue.alarm import alarmed, quiet
from nlp import Analyzer, normalize
from nlp.ultimatum import threatens_escalation

ULTIMATUMS = [
    "你们再不管，我就去北京上访", "再拖下去我就找记者曝光", "我明天就买票去北京",
    "不给个说法俺就去省里告", "再没人理我就发到网上", "你们不解决，我只能去找媒体了",
    "拖到月底还不办我就进京", "我们就去市政府信访办，看谁管",
]
NOT_ULTIMATUMS = [
    # a danger beside the threat keeps the alarm
    "再不管我就去北京，死在那里算了", "你们不解决我就从楼顶跳下去", "再不给钱我就带全村人去省里",
    "明天我们几十个人一起去市政府门口静坐", "我要去北京天安门讨个说法",
    # no threat of the writer's own
    "记者已经来采访过了", "上访的老人在门口晕倒了", "网上有人说这个小区要拆",
]


@pytest.mark.parametrize("text", ULTIMATUMS)
def test_an_ultimatum_naming_no_danger_is_one(text: str) -> None:
    assert threatens_escalation(normalize(text))


@pytest.mark.parametrize("text", NOT_ULTIMATUMS)
def test_danger_or_no_threat_is_not(text: str) -> None:
    assert not threatens_escalation(normalize(text))


@pytest.mark.parametrize("text", ["你们再不管，我就去北京上访", "再拖下去我就找记者曝光"])
def test_a_signal_in_an_ultimatum_is_kept_and_quiet(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.threatens_escalation
    # Never dropped on the rule's word: whatever the model heard is kept, and is quiet.
    assert quiet(analysis) or not analysis.emergency


def test_a_danger_with_the_ultimatum_still_alarms(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("再不管我就去北京，死在那里算了")
    assert analysis.emergency and not analysis.threatens_escalation and alarmed(analysis)
