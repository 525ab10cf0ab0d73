"""Special routing as rules of law (issue 16 item 2): accusations to 纪检监察 at the accused's
level, court and arbitration matters to the 政法 office, police matters to 公安, and every
proposal checked against the firewall before it is shown."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from bot.firewall import UnitTree
from bot.routing import RoutingDecision, RoutingError, RoutingTable
from nlp import Analyzer
from tests.bot.harness import BotHarness, all_cases

TREE = UnitTree.load()
TABLE = RoutingTable.load(tree=TREE)


@pytest.mark.parametrize(("text", "unit", "rule"), [
    # 检举控告: the organ at the accused's level, however the unit is written.
    ("举报区城管局执法人员收受贿赂，在幸福路执法时索要好处费。", "区纪委监委", "检举控告"),
    ("我要举报朝阳区住建委的王科长收受开发商贿赂，违规审批验收。", "朝阳区纪委监委", "检举控告"),
    ("举报区住建局质量安全科科长吃拿卡要，验收不合格也签字。", "区纪委监委", "检举控告"),
    ("举报市教育委员会某处长受贿，违规审批民办学校。", "市纪委监委", "检举控告"),
    ("举报有人贪污扶贫款，以权谋私。", "市纪委监委", "检举控告"),  # no unit named
    # Courts, enforcement, arbitration: never the category's unit (市商务局 and the like).
    ("法院判决后对方一直不执行，申请强制执行也没有结果，请帮忙。", "市委政法委", "诉讼"),
    ("公司拖欠工资，我已经申请劳动仲裁，仲裁裁决下来了对方不履行。", "市委政法委", "仲裁"),
    # Police matters.
    ("我家电动车在海淀区被盗了，小偷还在小区附近转悠，请公安抓人追回。", "海淀区公安分局", "公安"),
    ("接到电信诈骗电话被骗了两万元，请公安机关追回。", "市公安局", "公安"),
])
def test_rules_of_law_come_before_the_category(analyzer: Analyzer, text: str, unit: str,
                                               rule: str) -> None:
    decision = TABLE.decide(analyzer.analyze(text))
    assert (decision.unit, decision.level, decision.triage) == (unit, "law", False)
    assert any(rule in reason for reason in decision.reasons), decision.reasons


@pytest.mark.parametrize(("confidence", "unit", "level"), [
    (0.9, "市委政法委", "law"), (0.31, "市委政法委", "law"),
    (0.29, "市人力资源和社会保障局", "default"), (0.1, "市人力资源和社会保障局", "default"),
])
def test_only_a_sure_legal_route_moves_the_case(analyzer: Analyzer, confidence: float,
                                                unit: str, level: str) -> None:
    """A wage claim may be told of labour arbitration on a faint signal; it goes to the 政法
    office only when the judgement is sure, else to the labour bureau its category names, with
    the possible route among the reasons a clerk reads."""
    found = analyzer.analyze("公司拖欠我三个月工资，老板一直不给，请劳动部门帮忙追讨。")
    assert found.category == "劳动和社会保障"
    judged = dataclasses.replace(found, legal_route="仲裁", legal_route_terms=("拖欠",),
                                 legal_route_confidence=confidence, accusation=False)
    decision = TABLE.decide(judged)
    assert (decision.unit, decision.level) == (unit, level)
    told = [reason for reason in decision.reasons if "仲裁" in reason]
    assert told and ("未据此分办" in told[0]) == (level != "law"), decision.reasons


@pytest.mark.parametrize("text", ["我家电动车在海淀区被盗了，派出所一直不立案。",
                                  "我家电动车在海淀区被盗了，请派出所尽快立案追回。"])
def test_asking_the_police_to_act_is_a_police_matter_not_an_accusation(
        analyzer: Analyzer, text: str) -> None:
    decision = TABLE.decide(analyzer.analyze(text))
    assert decision.unit == "海淀区公安分局"


def test_an_unsure_discipline_route_alone_does_not_move_the_case(analyzer: Analyzer) -> None:
    """The accusation judgement is the firewall's; the route head's faint 纪检监察 without it
    is shown to the clerk and leaves the case with the unit that can act."""
    found = analyzer.analyze("我家电动车在海淀区被盗了，请派出所尽快立案追回。")
    faint = dataclasses.replace(found, accusation=False, legal_route="纪检监察",
                                legal_route_confidence=0.12)
    decision = TABLE.decide(faint)
    assert decision.unit == "海淀区公安分局"
    assert any("可能涉及检举控告" in reason for reason in decision.reasons), decision.reasons
    sure = TABLE.decide(dataclasses.replace(faint, legal_route_confidence=0.6))
    assert (sure.unit, sure.level) == ("市纪委监委", "law")


def test_an_ordinary_matter_still_goes_by_category(analyzer: Analyzer) -> None:
    decision = TABLE.decide(analyzer.analyze(
        "海淀区中关村大街的建筑工地夜间施工，噪音很大，严重影响居民休息，请环保部门查处。"))
    assert (decision.unit, decision.level) == ("海淀区生态环境局", "county")


def test_the_accused_named_by_the_analyzer_are_resolved(analyzer: Analyzer) -> None:
    analysis = dataclasses.replace(analyzer.analyze("举报他们收受贿赂。"), accusation=True,
                                   accused=("朝阳区住建局执法人员",))
    decision = TABLE.decide(analysis)
    assert decision.accused == ("朝阳区住房和城乡建设委员会",)
    assert decision.unit == "朝阳区纪委监委"


def test_a_discipline_organ_that_is_itself_accused_is_passed_over(analyzer: Analyzer) -> None:
    analysis = dataclasses.replace(analyzer.analyze("举报他们收受贿赂。"), accusation=True,
                                   accused=("区城管局", "区纪委监委的干部"))
    decision = TABLE.decide(analysis)
    assert decision.unit == "市纪委监委"
    assert not TREE.conflict(decision.unit, decision.accused)


@pytest.mark.parametrize(("proposed", "accused", "unit", "level"), [
    ("区城管局", ("区城管局",), "区纪委监委", "law"),
    ("区住建局质量安全科", ("区人民政府",), "区纪委监委", "law"),
    ("市委政法委", ("市委",), "信访局办信科（人工分办）", "triage"),
    ("区城管局", ("区住建局",), "区城管局", "county"),  # not accused: kept
])
def test_every_proposal_is_checked_against_the_firewall(
        proposed: str, accused: tuple[str, ...], unit: str, level: str) -> None:
    decision = TABLE.firewall_checked(RoutingDecision(proposed, "county", False, ("类别",), "",
                                                      accused))
    assert (decision.unit, decision.level) == (unit, level)
    if unit != proposed:
        assert any("防火墙" in reason for reason in decision.reasons)


def test_without_a_law_table_a_court_matter_goes_to_triage(analyzer: Analyzer,
                                                           tmp_path: Path) -> None:
    table = tmp_path / "routing.toml"
    table.write_text('threshold = 0.5\ntriage_unit = "人工分办"\n'
                     '[category."城乡建设"]\ndefault = "市住房和城乡建设委员会"\n'
                     '[category."商贸旅游"]\ndefault = "市商务局"\n', encoding="utf-8")
    decision = RoutingTable.load(table, tree=TREE).decide(
        analyzer.analyze("法院判决后对方一直不执行，申请强制执行也没有结果，请帮忙。"))
    assert (decision.unit, decision.triage) == ("人工分办", True)
    # An accusation without a [law] table still goes to the organ the unit table names.
    accusation = RoutingTable.load(table, tree=TREE).decide(
        analyzer.analyze("举报区城管局执法人员收受贿赂。"))
    assert accusation.unit == "区纪委监委"


@pytest.mark.parametrize(("law", "message"), [
    ('police = ["x"]', "police"),
    ('police_terms = "偷"', "police_terms"),
    ("accusation = 3", "accusation"),
    ('courts = "x"', "unknown key"),
    ("legal_confidence = 1.5", "legal_confidence"),
    ('legal_confidence = "high"', "legal_confidence"),
])
def test_a_malformed_law_table_names_the_entry(tmp_path: Path, law: str, message: str) -> None:
    table = tmp_path / "routing.toml"
    table.write_text(f'threshold = 0.5\ntriage_unit = "t"\n[law]\n{law}\n', encoding="utf-8")
    with pytest.raises(RoutingError, match=message):
        RoutingTable.load(table)


async def test_a_new_accusation_is_proposed_to_the_organ_not_the_accused(bot: BotHarness) -> None:
    replies = await bot.say("我要举报朝阳区住建委的王科长收受开发商贿赂，违规审批验收。",
                            sender="tel:+8613800000031")
    assert re.search(r"XF2026-\d{6}", " ".join(replies))
    [case] = all_cases(bot)
    assert (case.route_unit, case.route_level) == ("朝阳区纪委监委", "law")
    assert not TREE.conflict(case.route_unit, ["朝阳区住房和城乡建设委员会"])
