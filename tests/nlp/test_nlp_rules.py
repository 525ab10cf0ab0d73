"""Statutory type, legal route and emergency, on raw citizen text and its segmented form."""

from __future__ import annotations

import pytest

from nlp import Analyzer


def segmented(text: str) -> str:
    """The text as the reference data has it: words separated by spaces."""
    return " ".join(text)


STATUTORY = [
    ("我要实名举报村支书贪污扶贫款", "检举控告"),
    ("举报镇干部吃拿卡要，办个证要收好处费", "检举控告"),
    ("控告派出所民警滥用职权", "检举控告"),
    ("建议在我们小区门口增设一个公交站", "建议意见"),
    ("提个建议：希望公园晚上多开一会儿灯", "建议意见"),
    ("公司拖欠我三个月工资，要求尽快支付", "申诉求决"),
    ("我家的拆迁补偿款一直没有到位，请求解决", "申诉求决"),
    ("楼上漏水到我家", "申诉求决"),
]

ROUTES = [
    ("我已经向法院起诉了，判决下来对方还是不执行", "诉讼"),
    ("这个案子法院已经判决了，我不服想上诉", "诉讼"),
    ("公司不给加班费，我申请了劳动仲裁", "仲裁"),
    ("对区政府的行政处罚决定不服，想申请行政复议", "行政复议"),
    ("我要向纪委反映村干部的问题", "纪检监察"),
    ("我申请政府信息公开，一直没有答复", "信息公开"),
    ("对信访处理意见书不服，申请复查", "信访程序中"),
    ("我家门口的路灯坏了", None),
    ("小区噪音扰民", None),
]

EMERGENCIES = [
    ("工地老板不给钱，有个工人站在楼顶说要跳楼", True),
    ("我实在活不下去了", True),
    ("楼下饭店着火了，烟很大", True),
    ("小区里闻到很浓的煤气泄漏的味道", True),
    ("有人在菜市场持刀砍人", True),
    ("几百人群体聚集在镇政府门口", True),
    ("my neighbour says he will kill myself", True),
    ("小区消防通道被占用，存在火灾隐患", False),
    ("商场打折是假的", False),
    ("我被公司fired了", False),
    ("楼下噪音扰民", False),
]


@pytest.mark.parametrize(("text", "kind"), STATUTORY)
def test_statutory_type(analyzer: Analyzer, text: str, kind: str) -> None:
    result = analyzer.analyze(text)
    assert result.statutory_type == kind
    assert 0.0 <= result.statutory_confidence <= 1.0


@pytest.mark.parametrize(("text", "kind"), STATUTORY)
def test_statutory_type_segmented(analyzer: Analyzer, text: str, kind: str) -> None:
    assert analyzer.analyze(segmented(text)).statutory_type == kind


def test_statutory_terms_explain(analyzer: Analyzer) -> None:
    result = analyzer.analyze("我要实名举报村支书贪污扶贫款")
    assert "实名举报" in result.statutory_terms


@pytest.mark.parametrize(("text", "route"), ROUTES)
def test_legal_route(analyzer: Analyzer, text: str, route: str | None) -> None:
    result = analyzer.analyze(text)
    assert result.legal_route == route
    assert bool(result.legal_route_terms) == (route is not None)


@pytest.mark.parametrize(("text", "route"), ROUTES)
def test_legal_route_segmented(analyzer: Analyzer, text: str, route: str | None) -> None:
    assert analyzer.analyze(segmented(text)).legal_route == route


@pytest.mark.parametrize(("text", "emergency"), EMERGENCIES)
def test_emergency(analyzer: Analyzer, text: str, emergency: bool) -> None:
    result = analyzer.analyze(text)
    assert result.emergency is emergency
    assert bool(result.emergency_terms) is emergency


@pytest.mark.parametrize(("text", "emergency"),
                         [case for case in EMERGENCIES if case[0].isascii() is False])
def test_emergency_segmented(analyzer: Analyzer, text: str, emergency: bool) -> None:
    assert analyzer.analyze(segmented(text)).emergency is emergency


@pytest.mark.parametrize(("text", "threat"), [
    ("我就去把那个镇长砍了", True), ("他说今晚就要去把村主任家点了，汽油都买好了", True),
    ("再不解决我就去把镇政府点了", True), ("我要杀了那个村长", True),
    ("镇长把我爸打了", False), ("村主任带人把我家房子砸了", False),  # they harm: accused
    ("我要举报副镇长收受贿赂", False), ("城管把我的摊子砸了还打人", False),
])
def test_a_threat_against_an_official_is_told_from_an_official_who_harms(
        text: str, threat: bool) -> None:
    from nlp.accused import threatens_official

    assert threatens_official(text) is threat


def test_a_threat_against_an_official_is_no_accusation_for_discipline_inspection(
        analyzer: Analyzer) -> None:
    threat = analyzer.analyze("我就去把那个镇长砍了")
    assert not threat.accusation and threat.legal_route != "纪检监察"
    assert threat.emergency  # a person reads it at once
    harmed = analyzer.analyze("镇长把我爸打了，还说要让我们家好看")
    assert harmed.accusation and harmed.legal_route == "纪检监察"
