"""Danger, accusations and legal routes as a citizen tells them (session 19, helper probe19d),
by class, as tables in other words than the probe's:

- a person missing (a child, an old parent, a relative who has not come home) got the crisis
  text or the accident text, and one told mid-dialogue ("我妈八十多了 上周去买菜后就找不到人了")
  no alarm at all: it is the police's at once (110, no need to wait 24 hours);
- a route that has already decided ("复议机关维持了原决定", "对仲裁裁决不服") was told the
  route's start (apply for 行政复议) instead of the next step (行政诉讼, court, 15 days), on
  registration, as material for a case, and asked as a question;
- a surname given with where the number is ("我姓林 电话在下面", self-harm 0.13) got the alarm;
- English "report" (反映: "I am writing to report a water leak") was read as an accusation and
  told it goes to 纪检监察.
"""

from __future__ import annotations

import pytest

from nlp import Analyzer
from nlp.accused import only_reported
from nlp.missing import tells_missing_person
from nlp.normalize import normalize
from nlp.routes import (
    ADMINISTRATIVE_REVIEW,
    ARBITRATION,
    DECIDED,
    LITIGATION,
    UNENFORCED,
    route_stage,
)
from tests.bot.harness import NUMBER, BotHarness, all_cases, pin_analysis, register

# -- a person missing -----------------------------------------------------------------------

MISSING = [
    "我儿子走丢了",
    "小孩不见了 在商场里",
    "我家孩子放学到现在都没回家 电话也打不通 已经五个小时了",
    "我爸有老年痴呆 早上出门散步到现在没回来 到处找不到",
    "我女儿失联两天了 微信不回",
    "就是我妈八十多了 上周去买菜后就找不到人了 派出所说等等",
    "我奶奶昨天出门后一直没回家",
    "老伴儿早上去公园 到现在联系不上",
    "俺家娃被人抱走了",
    "我孫子走失了 幫忙找找",
    "wo erzi zou diu le",  # (pinyin: not read by the grammar; the head's own call)
    "My son is missing since this morning",
    "my mother went missing after lunch",
]
NOT_MISSING = [
    "物业找不到人 电话也没人接",
    "我妈去办低保 街道找不到人",
    "大哥 我们小区找不到人管",
    "我儿子的自行车不见了",
    "孩子昨晚没回家 今天早上回来了",
    "我家的狗走丢了",
    "不是孩子走丢了 是自行车丢了",
    "我爸的电话打不通",
    "老人被车撞了",
    "女儿找到了 谢谢你们",
]


@pytest.mark.parametrize("text", [t for t in MISSING if not t.startswith("wo ")])
def test_a_person_missing_is_read(text: str) -> None:
    assert tells_missing_person(normalize(text))


@pytest.mark.parametrize("text", NOT_MISSING)
def test_no_person_missing_is_read(text: str) -> None:
    assert not tells_missing_person(normalize(text))


@pytest.mark.parametrize("text", [t for t in MISSING if not t.startswith("wo ")])
def test_a_person_missing_is_an_alarm(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.missing_person and analysis.emergency, analysis
    assert analysis.emergency_confidence >= 0.5  # an alarm, never the quiet line


@pytest.mark.parametrize("said", [
    "我儿子走丢了",
    "我家孩子放学到现在都没回家 电话也打不通 已经五个小时了",
    "我爸有老年痴呆 早上出门散步到现在没回来 到处找不到",
])
async def test_a_person_missing_is_told_to_call_the_police(bot: BotHarness, said: str) -> None:
    replies = await bot.say(said, sender="tel:+8613800019001")
    assert "110" in replies[0] and "24" in replies[0], replies
    assert "珍惜生命" not in replies[0], replies  # not the crisis text
    assert all_cases(bot)[0].emergency


async def test_a_person_missing_told_mid_dialogue_is_an_alarm(bot: BotHarness) -> None:
    sender = "tel:+8613800019002"
    await bot.say("我想反映一个问题", sender=sender)
    replies = await bot.say("就是我妈八十多了 上周去买菜后就找不到人了 派出所说等等",
                            sender=sender)
    assert any("110" in reply and "24" in reply for reply in replies), replies
    assert any(case.emergency for case in all_cases(bot))


async def test_a_person_missing_in_english(bot: BotHarness) -> None:
    replies = await bot.say("My daughter is missing, she didn't come home from school",
                            sender="mailto:missing19@example.cn")
    assert "110" in replies[0] and "24 hours" in replies[0], replies


@pytest.mark.parametrize("said", ["我不想活了", "楼下饭店后厨冒黑烟 火苗都窜出来了 快来人"])
async def test_other_danger_keeps_its_own_advice(bot: BotHarness, said: str) -> None:
    replies = await bot.say(said, sender="tel:+8613800019003")
    assert "110 报警：报警不需要等满24小时" not in replies[0], replies
    assert "12356" in replies[0] or "119" in replies[0], replies


# -- a legal route that has decided ---------------------------------------------------------

@pytest.mark.parametrize(("text", "route", "stage"), [
    ("我已经申请过行政复议了 复议机关维持了原决定", ADMINISTRATIVE_REVIEW, DECIDED),
    ("复议维持了 我还能怎么办", ADMINISTRATIVE_REVIEW, DECIDED),
    ("行政复议决定书收到了 维持了处罚 我不服", ADMINISTRATIVE_REVIEW, DECIDED),
    ("复议申请被驳回了 说超期了", ADMINISTRATIVE_REVIEW, DECIDED),
    ("复议结果出来了 没支持我", ADMINISTRATIVE_REVIEW, DECIDED),
    ("复议过了还是维持", ADMINISTRATIVE_REVIEW, DECIDED),
    ("我对仲裁裁决不服 怎么办", ARBITRATION, DECIDED),
    ("仲裁委不受理 给了不予受理通知书", ARBITRATION, DECIDED),
    ("裁决书下来了 我不认可", ARBITRATION, DECIDED),
    # The route's start, or another route: no stage.
    ("不服处罚决定怎么申请复议", ADMINISTRATIVE_REVIEW, ""),
    ("我对罚款决定不服 想申请行政复议", ADMINISTRATIVE_REVIEW, ""),
    # An award in force not carried out is the enforcement stage (session 20).
    ("劳动仲裁裁决下来了 公司还是不给钱", ARBITRATION, UNENFORCED),
    ("我想申请劳动仲裁", ARBITRATION, ""),
    ("复议维持了 我还能怎么办", LITIGATION, ""),
    ("复议维持了 我还能怎么办", None, ""),
])
def test_route_stage(text: str, route: str | None, stage: str) -> None:
    assert route_stage(normalize(text), route) == stage


@pytest.mark.parametrize(("said", "says", "never"), [
    ("行政复议决定书收到了 维持了处罚 我不服", "十五日内向人民法院提起行政诉讼", "六十日内申请行政复议"),
    ("复议申请被驳回了 说超期了", "十五日内向人民法院提起行政诉讼", "六十日内申请行政复议"),
    ("仲裁委不受理 给了不予受理通知书", "向人民法院提起诉讼", "一年内"),
    # The route's start keeps the route's own notice.
    ("我对区市场监管局的罚款决定不服 想申请行政复议", "六十日内申请行政复议", "不需要再申请复议"),
])
async def test_a_route_decided_is_told_the_next_step(
        bot: BotHarness, said: str, says: str, never: str) -> None:
    replies = await bot.say(said, sender="tel:+8613800019004")
    joined = " ".join(replies)
    assert NUMBER.search(joined) and says in joined and never not in joined, replies


async def test_a_review_decided_told_as_material_is_told_the_next_step(bot: BotHarness) -> None:
    sender = "tel:+8613800019005"
    await register(bot, sender, "我对区市场监管局的罚款决定不服，他们罚了我五千块，我觉得不合理")
    replies = await bot.say("我已经申请过行政复议了 复议机关维持了原决定", sender=sender)
    joined = " ".join(replies)
    assert "十五日内向人民法院提起行政诉讼" in joined, replies
    assert len(all_cases(bot)) == 1, replies  # material for the case, not a second case


@pytest.mark.parametrize(("asked", "says"), [
    ("复议维持了 我还能怎么办", "十五日内向人民法院提起行政诉讼"),
    ("我对仲裁裁决不服 怎么办", "十五日内向人民法院提起诉讼"),
])
async def test_a_route_decided_asked_is_answered_with_the_next_step(
        bot: BotHarness, asked: str, says: str) -> None:
    replies = await bot.say(asked, sender="tel:+8613800019006")
    assert says in replies[0] and "12348" in replies[0], replies


# -- English "report" is 反映 ----------------------------------------------------------------

@pytest.mark.parametrize(("terms", "confidence", "reported"), [
    (("report", "〈g_tells_particular〉", "to", "in"), 0.12, True),
    (("the", "toreport", "writing"), 0.26, True),
    (("report", "the", "to", "at"), 0.49, True),
    # A word of wrongdoing or of the accused, or a sure head: still an accusation.
    (("report", "bribes", "the", "from"), 0.3, False),
    (("report", "the", "who", "to"), 0.25, False),
    (("report", "head", "took", "the"), 0.3, False),
    (("report", "the", "to"), 0.8, False),
    (("举报", "局长"), 0.3, False),
])
def test_only_reported(terms: tuple[str, ...], confidence: float, reported: bool) -> None:
    assert only_reported(terms, confidence) is reported


@pytest.mark.parametrize(("text", "accused"), [
    ("I am writing to report a water leak in my building", False),
    ("I am writing to report that the street lights on Zhongshan Road are broken", False),
    ("I'd like to report a broken traffic light at the crossing", False),
    ("I want to report the mayor's office for taking bribes from the developer", True),
    ("I want to report the village head who took the subsidy money", True),
    ("举报 城管队长收保护费 每个摊位每月200", True),
    ("村会计贪污扶贫款 好几年了", True),
])
def test_english_report_is_no_accusation(analyzer: Analyzer, text: str, accused: bool) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.accusation is accused, analysis
    assert (analysis.legal_route == "纪检监察") is accused or analysis.legal_route_confidence < 0.5


async def test_a_problem_reported_in_english_is_not_told_it_is_an_accusation(
        bot: BotHarness) -> None:
    replies = await bot.say("I am writing to report a water leak in my building",
                            sender="mailto:leak19@example.cn")
    joined = " ".join(replies)
    assert NUMBER.search(joined) and "accusation" not in joined, replies


@pytest.mark.parametrize("said", ["老婆留了封信说对不起孩子 人不见了", "我妈失联两天了 她有抑郁症"])
async def test_a_person_missing_heard_as_self_harm_keeps_the_crisis_lines(
        bot: BotHarness, said: str) -> None:
    replies = await bot.say(said, sender="tel:+8613800019007")
    assert "110" in replies[0] and "12356" in replies[0] and "400-161-9995" in replies[0], replies


# -- a surname and where the number is ------------------------------------------------------

@pytest.mark.parametrize(("said", "alarm"), [
    ("我姓林 电话在下面", False),
    ("我姓林电话在下面", False),
    ("你好 我姓林", False),
    ("免贵姓焦", False),
    ("姓何，号码如下", False),
    # Any other word beside the surname leaves the signal to the rules.
    ("我姓林 我不想活了", True),
    ("我姓林 电话在下面 救命", True),
])
async def test_a_surname_told_is_no_danger(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, said: str, alarm: bool) -> None:
    # The faint self-harm signal the probe met (0.13), pinned: the rule is on the words.
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind="self_harm",
                 emergency_confidence=0.13, emergency_terms=("下面", "在", "电话"))
    replies = await bot.say(said, sender="tel:+8613800019008")
    assert ("12356" in replies[0]) is alarm, replies
