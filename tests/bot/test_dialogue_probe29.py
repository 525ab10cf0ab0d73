"""Misreadings a citizen probe met (session 24, helper probe29), by class, in other words than
the probe's:

- a question about the service behind a politeness preface ("不好意思打扰了 想问下…") missed its
  FAQ entry: the preface is a filler now (bot.faq._FILLERS);
- the thought of self-harm denied ("我没有轻生的念头") was read as said: it is taken back
  (nlp.stated_harm);
- a debtor out of reach named through the family ("孩子他爸欠了半年抚养费 现在人联系不上了") was a
  missing person, then a crisis alarm: no missing person (nlp.missing), and his self-harm signal
  under SURE is quiet unless distress is said (bot.dialogue.alarm.debtor_dodging);
- a thing broken and left unrepaired ("栏杆断了一截 还没人修") heard faintly as self-harm got the
  general alarm: quiet (bot.dialogue.alarm.only_disrepair).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import texts
from bot.dialogue.alarm import QUIET, SURE, debtor_dodging, only_disrepair, quiet
from bot.faq import FaqIndex, load
from nlp import Analysis, Analyzer
from nlp.calm_matters import awaiting_repair
from nlp.dialogue_lexicon import CONCEPTS
from nlp.missing import tells_missing_person
from nlp.normalize import normalize
from nlp.stated_harm import all_taken_back, stated_act
from tests.bot.harness import BotHarness, actions, all_cases, pin_analysis

CRISIS_SAFETY = texts.say("zh", "emergency_safety_crisis")
GENERAL_ALARM = texts.say("zh", "emergency")
MISSING_ALARM = texts.say("zh", "emergency_missing_person")


@pytest.fixture(scope="module")
def faq() -> FaqIndex:
    return FaqIndex(load())


@pytest.mark.parametrize(("asked", "entry"), [
    ("不好意思哈 你们礼拜六上班不", "hours"),
    ("打扰一下 反映了能撤回吗", "withdraw"),
    ("劳驾问问 可以不留名字吗", "anonymous"),
    ("冒昧问一句 你们是真人吗", "who"),
    ("麻烦你 查询码忘了咋办", "lost_code"),
    ("不好意思打扰了，我想知道你们的办公时间", "hours"),
])
def test_a_question_behind_a_preface_finds_its_entry(faq: FaqIndex, asked: str, entry: str) -> None:
    found = faq.match(asked)
    assert found is not None and found.id == entry, asked


@pytest.mark.parametrize("said", ["不好意思打扰了", "麻烦你们了", "不好意思 楼下烧烤太吵了"])
def test_a_preface_alone_or_before_a_complaint_is_no_question(faq: FaqIndex, said: str) -> None:
    assert faq.match(said) is None


@pytest.mark.parametrize(("text", "meant"), [
    ("我没有轻生的念头 只是想问问低保", False),
    ("我没有任何自杀的打算 请查查这个老板", False),
    ("患者无自杀倾向", False),
    ("我有自杀的念头 控制不住", True),
    ("没有轻生的念头 但是真的不想活了", True),     # the second act is said
    ("我没有钱 只能跳楼了", True),                # 没有 of something else
])
def test_the_thought_denied_is_taken_back(text: str, meant: bool) -> None:
    assert bool(stated_act(normalize(text))) is meant
    assert all_taken_back(normalize(text), CONCEPTS["self_harm"]) is not meant


@pytest.mark.parametrize(("text", "missing"), [
    ("孩子他爸欠了半年抚养费 现在人联系不上了", False),
    ("前夫欠孩子的赡养费 人也找不到了", False),
    ("孩子他爸欠我两万 打了欠条 人失联了", False),
    ("我妈欠了网贷 现在联系不上", True),        # her own debt: she may be at risk
    ("我儿子欠了别人钱 现在失联了", True),
    ("女儿放学到现在没回家", True),
])
def test_a_debtor_out_of_reach_is_no_missing_person(text: str, missing: bool) -> None:
    assert tells_missing_person(normalize(text)) is missing


def _heard(analyzer: Analyzer, text: str, confidence: float, kind: str = "self_harm") -> Analysis:
    return replace(analyzer.analyze(text), emergency=True, emergency_kind=kind,
                   emergency_confidence=confidence, threatens_escalation=False)


def test_a_debtor_dodging_is_quiet_under_sure_only_without_distress(analyzer: Analyzer) -> None:
    dodging = "前妻拿了孩子的抚养费 电话关机 人也联系不上"
    assert debtor_dodging(_heard(analyzer, dodging, 0.35))
    assert quiet(_heard(analyzer, dodging, 0.35))
    assert not quiet(_heard(analyzer, dodging, SURE))
    assert not quiet(_heard(analyzer, dodging + " 我真的快崩溃了", 0.35))
    assert not quiet(_heard(analyzer, "前妻电话关机 人也联系不上", 0.35))   # no debt told


@pytest.mark.parametrize(("text", "waiting"), [
    ("小区围墙塌了一块 三个月没人管", True),
    ("公园的长椅坏了好几天了", True),
    ("河堤的护栏锈断了 也不来修", True),
    ("路灯坏了", False),                       # no wait told
    ("桥上有人", False),
])
def test_awaiting_repair(text: str, waiting: bool) -> None:
    assert awaiting_repair(normalize(text)) is waiting


def test_a_faint_signal_on_disrepair_is_quiet_only_with_nothing_else(analyzer: Analyzer) -> None:
    broken = "小区的铁栅栏坏了 三个月没人管"
    assert only_disrepair(_heard(analyzer, broken, 0.03)) and quiet(_heard(analyzer, broken, 0.03))
    assert not quiet(_heard(analyzer, broken, QUIET))
    assert not quiet(_heard(analyzer, broken + " 活着还有什么意思", 0.03))
    assert not quiet(_heard(analyzer, broken + " 我想跳楼", 0.03))
    assert not quiet(_heard(analyzer, "铁栅栏坏了 有人摔伤了 一直没人来", 0.03))   # danger said


async def test_a_broken_railing_gets_the_safety_line_not_the_alarm(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    said = "江边步道的栏杆断了两根 半个月没人修"
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind="self_harm",
                 emergency_confidence=0.03, emergency_terms=("江边",))
    replies = await bot.say(said, sender="telegram:2900101")
    [case] = all_cases(bot)
    assert replies[0] == CRISIS_SAFETY and GENERAL_ALARM not in replies, replies
    assert case.number in " ".join(replies) and case.emergency and "emergency" in actions(bot)


async def test_maintenance_owed_by_one_gone_gets_no_missing_person_alarm(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    said = "孩子他爸三年没给过抚养费 现在人也联系不上"
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind="self_harm",
                 emergency_confidence=0.33, missing_person=False)
    replies = await bot.say(said, sender="telegram:2900102")
    [case] = all_cases(bot)
    assert MISSING_ALARM not in replies and replies[0] == CRISIS_SAFETY, replies
    assert case.needs_human and case.emergency
