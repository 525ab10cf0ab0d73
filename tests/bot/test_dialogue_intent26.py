"""Issue 15, two classes of intent the unseen authors' files showed (session 21, helper
intent26), in words that are in no phrasing file: the writer's own visit asked for as a
question ("我明天想去你们那 几点去合适") is a visit to book and gets the reception days, while a
question of whether or how one must come stays a question; which of two ways a charge or a
benefit is reckoned ("按户收还是按人收") is a question of rule and opens no case, unless a problem
of the writer's is told with it.  The rules beneath are ``nlp.intents.asks_to_come_in`` and
``nlp.intents.asks_either_way``, tested here on judgements of our own as well.
"""

from __future__ import annotations

import pytest

from nlp import Analyzer
from nlp.dialogue_model import Judgement
from nlp.intents import EITHER_WAY, VISIT, Intent, asks_either_way, asks_to_come_in, detect_intent
from tests.bot.harness import BotHarness, all_cases

VISITS = [
    "俺想明天去信访局 几点到合适",
    "Could I come to your office on Friday?",
    "我能去现场反映吗 手机上打字说不清",
    "星期五我想来你们这 可以吗",
]


@pytest.mark.parametrize("text", VISITS)
async def test_a_visit_asked_as_a_question_gets_the_reception_days(
        bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="tel:+8613800026001")
    said = " ".join(replies)
    # answered in the writer's language: the reception days in Chinese or in English
    assert ("接访" in said or "reception day" in said) and not all_cases(bot), replies


@pytest.mark.parametrize("text", VISITS)
def test_a_visit_asked_is_read_as_booking(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).intent is Intent.BOOKING


@pytest.mark.parametrize("text", [
    "需要本人去现场吗",
    "网上反映和去信访局反映有区别吗",
    "去信访局要带什么材料",
])
def test_whether_or_how_to_come_stays_a_question(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).intent is Intent.QUESTION


@pytest.mark.parametrize("text", [
    "停车费是按小时收还是按次收",
    "物业费按面积收还是按户收啊",
    "独生子女补贴是按月发还是按年发",
])
async def test_either_way_of_a_rule_opens_no_case(bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="tel:+8613800026002")
    assert replies and not all_cases(bot), replies


def _judgement(label: str, p: float, other: str) -> Judgement:
    return Judgement(label, p, (), ((label, p), (other, round(1 - p, 4))))


@pytest.mark.parametrize(("text", "fires"), [
    ("我周三下午能过去找你们吗", True),
    ("can we come in person on monday", True),
    ("我可以去现场说吗 电话里讲不清", True),
    # whether or how one must come, or a hypothetical: a question of procedure
    ("需要我本人去现场吗 明天有空", False),
    ("我明天去信访局还是去街道", False),
    ("如果我明天去你们那 要带身份证吗", False),
    # nobody's visit, or no time, 当面 or booking named
    ("我能去你们那吗", False),
    ("信访局明天上班吗", False),
])
def test_asks_to_come_in(text: str, fires: bool) -> None:
    assert asks_to_come_in(text) is fires
    result = detect_intent(text, (), _judgement("question", 0.9, "booking"))
    assert result.intent is (Intent.BOOKING if fires else Intent.QUESTION)
    assert (VISIT in result.terms) is fires
    if fires:
        # the question it was read as stays the next most likely
        assert result.alternatives[0][0] is Intent.QUESTION


@pytest.mark.parametrize(("text", "fires"), [
    ("垃圾费按户收还是按人收", True),
    ("划片是按户口还是按房子", True),
    # a problem of the writer's told with it: their matter
    ("我家的补偿按人头算还是按面积算 他们给我少算了两万", False),
    ("物业费按面积收还是按户收 物业上个月多收了我三百", False),
    # no either-or of reckoning
    ("物业费涨了是找物业还是找街道", False),
])
def test_asks_either_way(text: str, fires: bool) -> None:
    assert asks_either_way(text) is fires
    result = detect_intent(text, (), _judgement("new_petition", 0.7, "question"))
    assert result.intent is (Intent.QUESTION if fires else Intent.NEW_PETITION)
    assert (EITHER_WAY in result.terms) is fires


def test_either_way_keeps_a_danger_a_matter() -> None:
    danger = Judgement("fire", 0.6, (), (("fire", 0.6), ("", 0.4)))
    result = detect_intent("煤气费按月收还是按季度收 现在厨房着火了", (),
                           _judgement("new_petition", 0.7, "question"), danger)
    assert result.intent is Intent.NEW_PETITION
