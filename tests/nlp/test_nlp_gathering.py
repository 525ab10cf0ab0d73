"""Many people going together to an office, announced, is a mass-incident alarm by rule
(nlp.gathering): the converged head heard the colloquial "一块去" at 0.02."""

from __future__ import annotations

import pytest

from nlp import Analyzer
from nlp.gathering import gathering_announced
from nlp.normalize import normalize


@pytest.mark.parametrize("text", [
    "月底我们几十户一块去市政府请愿",
    "下礼拜一全村人约好了一起到县政府门口讨说法",
    "后天上百个工人集体去区政府要工资",
    "大伙商量好了明天一块儿去街道办门口坐着",
])
def test_a_gathering_announced_is_read(text: str) -> None:
    assert gathering_announced(normalize(text))


@pytest.mark.parametrize("text", [
    "上次我们几十户一起去过区政府，到现在也没答复",
    "几十户一起去信访局要怎么登记",
    "我一个人去政府问过了，没人管",
    "小区几十户的暖气都不热，物业不管",
    "去年全村一起去镇政府反映过修路的事",
])
def test_a_visit_past_asked_or_alone_is_not(text: str) -> None:
    assert not gathering_announced(normalize(text))


def test_the_analyzer_raises_the_mass_incident_alarm(analyzer: Analyzer) -> None:
    judged = analyzer.analyze("下礼拜一全村人约好了一起到县政府门口讨说法")
    assert judged.emergency and judged.emergency_kind == "mass_incident"
    assert judged.emergency_confidence >= 0.5
