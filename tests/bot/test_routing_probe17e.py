"""Police matters told as a victim tells them go to 公安 (session 17, helper probe17e).

The bureau's police words are read as written ("被盗", "诈骗"), and a victim seldom writes the
crime's name: a bicycle "叫人偷走了", a mother "让人骗了三万", "I got scammed". Those went to
the unit their topic named (a theft in a compound to the housing bureau, a fraud to commerce).
Violence under way that the emergency judgement is sure of is the police's too, whatever the
message's topic. Look-alikes that share a character with a crime stay with their topic.
"""

from __future__ import annotations

import dataclasses

import pytest

from bot.firewall import UnitTree
from bot.routing import RoutingTable
from nlp import Analyzer
from nlp.police import police_matter

TABLE = RoutingTable.load(tree=UnitTree.load())


@pytest.mark.parametrize("text", [
    "停在单元门口的摩托车前天夜里让人给偷走了",
    "俺娘在集上叫两个外地人骗了八千块钱",
    "昨晚地铁上钱包被扒了，卡和证件全在里面",
    "有人打电话冒充银行客服，骗走我一万二",
    "家里进了贼，柜子全被翻乱了",
    "收废品的那几个人天天来店里要保护费",
    "前同事一直发消息恐吓我，说要让我在这行混不下去",
    "someone stole my bike outside the library",
    "wo bei pian le san qian kuai",
])
def test_a_crime_in_a_victims_words_goes_to_the_police(analyzer: Analyzer, text: str) -> None:
    decision = TABLE.decide(analyzer.analyze(text))
    assert "公安" in decision.unit, (decision.unit, decision.reasons)
    assert any("公安事项" in reason for reason in decision.reasons), decision.reasons


@pytest.mark.parametrize("text", [
    "楼上每天半夜装修，休息被打扰了好几个月",
    "化工厂晚上偷排污水，河里的鱼都死了",
    "物业给我打了三次电话说来修水管，到现在也没来",
    "开发商偷工减料，墙面一碰就掉灰",
    "老是接到推销的骚扰电话，一天十几个",
])
def test_a_look_alike_stays_with_its_topic(text: str) -> None:
    assert police_matter(text) == ()


@pytest.mark.parametrize(("kind", "confidence", "police"), [
    ("violence", 0.97, True),   # violence under way, judged sure
    ("violence", 0.3, False),   # a faint signal: the case goes by its words
    ("accident", 0.97, False),  # another kind's number is not the police's matter
])
def test_sure_violence_goes_to_the_police(analyzer: Analyzer, kind: str, confidence: float,
                                          police: bool) -> None:
    found = analyzer.analyze("邻居家的男人拿着铁棍在楼道里追他老婆")
    judged = dataclasses.replace(found, emergency=True, emergency_kind=kind,
                                 emergency_confidence=confidence, accusation=False,
                                 legal_route=None, legal_route_confidence=0.0)
    decision = TABLE.decide(judged)
    assert ("公安" in decision.unit) == police, (decision.unit, decision.reasons)
