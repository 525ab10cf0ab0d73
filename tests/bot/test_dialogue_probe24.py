"""Misreadings a citizen probe met (session 20, helper probe24), by class, as tables in other
words than the probe's:

- "not come home" said of someone away (a holiday missed, years away, working elsewhere) was
  a missing person, with the police advice and an alarm; a fresh absence stays one;
- a short English question about the reply ("when will you reply") was heard faintly as an
  emergency and answered with the procedure; it is the status question it is;
- "有人吗" from a sender with a case open got the opening greeting or the hours;
- a case number not found (a wrong year, a digit wrong) from a sender with a case of their own
  here was told only "未找到";
- grades in pinyin ("manyi", "bu manyi") and out of ten ("8分", "打九分") were asked again;
- "仲裁结果不满意 能上访吗": a route's decision named and whether a petition may replace it
  asked got the procedure; it gets the route's next step and that a petition cannot replace it;
- what becomes of the other party ("他们会被罚款吗") or what the citizen is to do got the
  procedure; it is filed under the open case with its status.
"""

from __future__ import annotations

import pytest

from nlp import Analyzer
from nlp.missing import tells_missing_person
from nlp.normalize import normalize
from nlp.progress import asks_only_progress
from nlp.rating import read_rating
from tests.bot.harness import BotHarness, all_cases, answer_as_staff, register, scores

SMOKE = "楼下烧烤店每天晚上油烟直冲我家窗户，住在建设路8号，我叫刘敏 电话13800224455"


# -- absent, not missing -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "missing"), [
    ("我儿子在外地打工 过年都没回家 工资也被老板拖欠了半年", False),  # probed
    ("我闺女在杭州上班 春节也没回来 单位不给放假", False),
    ("老伴常年在工地干活 好几年没回过家了 想问养老保险", False),
    ("我弟在广州打工三年没回家 老板一直欠着工钱", False),
    ("我儿子在深圳打工 昨晚没回宿舍 也没回家", True),        # fresh: still missing
    ("孩子放假去同学家 到现在没回来 电话打不通", True),
    ("老公春节前出门到现在都没回家", True),
    ("我妈昨天去买菜后一直没回家", True),
])
def test_away_is_not_missing(text: str, missing: bool) -> None:
    assert tells_missing_person(normalize(text)) is missing


# -- English progress questions ----------------------------------------------------------

@pytest.mark.parametrize(("text", "asks"), [
    ("when will I get an answer", True),
    ("any update?", True),
    ("how much longer do I have to wait", True),
    ("has anyone looked at my complaint yet", True),
    ("will the shop be fined", True),
    ("when will the ambulance come, he is bleeding", False),   # danger beside it
    ("how long until the fire brigade gets here", False),
    ("the restaurant downstairs is noisy every night", False),
])
def test_english_progress_grammar(text: str, asks: bool) -> None:
    assert asks_only_progress(normalize(text)) is asks


@pytest.mark.parametrize("asked", [
    "when will you reply",                 # probed
    "when can I expect an answer?",
    "any news on this?",
    "how long does it take",
])
async def test_an_english_progress_question_gets_the_status(bot: BotHarness, asked: str) -> None:
    sender = "telegram:2400101"
    number = await register(
        bot, sender, "The streetlight outside 12 Park Road has been broken for two weeks. "
                     "My name is Anna Li, phone 13711224466")
    replies = await bot.say(asked, sender=sender)
    said = " ".join(replies)
    assert number in said and "110" not in said, replies
    assert not any(case.needs_human for case in all_cases(bot)), replies


def test_a_danger_asked_in_english_keeps_its_alarm() -> None:
    analysis = Analyzer.load().analyze("when will the police come my neighbour is beating his wife")
    assert analysis.emergency


# -- a call with a case open ---------------------------------------------------------------

@pytest.mark.parametrize("call", ["在吗？", "喂 有人吗", "有人在吗", "hello? anyone there"])
async def test_a_call_with_a_case_open_gets_its_status(bot: BotHarness, call: str) -> None:
    sender = "tel:+8613800024002"
    number = await register(bot, sender, SMOKE)
    replies = await bot.say(call, sender=sender)
    said = " ".join(replies)
    assert number in said and "请直接描述" not in said and "Describe" not in said, replies


async def test_a_call_while_the_name_is_asked_asks_it_again(bot: BotHarness) -> None:
    sender = "tel:+8613800024003"
    number = await register(bot, sender, "小区门口的垃圾站一个星期没人清了 住在东城区和平里5号")
    replies = await bot.say("在不在", sender=sender)
    said = " ".join(replies)
    assert number in said and "姓名" in said, replies


async def test_a_call_with_no_case_gets_the_greeting(bot: BotHarness) -> None:
    replies = await bot.say("有人吗", sender="tel:+8613800024004")
    assert "描述" in " ".join(replies), replies


# -- a number not found, beside one's own case -------------------------------------------------

@pytest.mark.parametrize("typed", ["XF2025-000001 进度", "查一下XF2026-000009", "XF2024-000001怎么样了"])
async def test_a_number_not_found_names_the_own_case(bot: BotHarness, typed: str) -> None:
    sender = "tel:+8613800024005"
    number = await register(bot, sender, SMOKE)
    replies = await bot.say(typed, sender=sender)
    assert any("未找到" in r for r in replies) and number in " ".join(replies), replies


async def test_a_number_not_found_with_no_case_is_one_reply(bot: BotHarness) -> None:
    # One reply per query, the same whatever the number (tests/privacy/test_enumeration.py);
    # where else to ask is inside it (probe26: tests/bot/test_dialogue_probe26.py).
    replies = await bot.say("XF2025-000001 进度", sender="tel:+8613800024006")
    assert len(replies) == 1 and replies[0].startswith("未找到相应的事项。") \
        and "XF20" not in replies[0], replies


# -- grades in pinyin and out of ten -------------------------------------------------------------

@pytest.mark.parametrize(("text", "grade"), [
    ("man yi", 4), ("ting manyi de", 5), ("bu tai manyi", 2), ("yiban", 3),
    ("9分", 5), ("打七分吧", 4), ("给6分", 3), ("10分满分 我给8分", 4), ("7/10", 4),
    ("十分满意", 5), ("3分", 3),                     # unchanged
])
def test_grades_in_pinyin_and_out_of_ten(text: str, grade: int) -> None:
    reading = read_rating(text)
    assert reading is not None and reading.grade == grade, reading


@pytest.mark.parametrize("text", ["等了10分钟没人接", "八分钟就到了", "我家住6分区"])
def test_minutes_and_places_are_no_grades(text: str) -> None:
    reading = read_rating(text)
    assert reading is None or reading.grade is None, reading


@pytest.mark.parametrize(("said", "grade"), [("hen manyi", 5), ("8分", 4), ("bu manyi", 2)])
async def test_a_grade_after_the_prompt_is_kept(bot: BotHarness, said: str, grade: int) -> None:
    sender = "tel:+8613800024007"
    number = await register(bot, sender)
    await bot.say("张三", sender=sender)
    await answer_as_staff(bot, number)
    await bot.say(said, sender=sender)
    assert scores(bot) == [grade]


# -- a petition instead of a route's decision ---------------------------------------------------

@pytest.mark.parametrize(("asked", "step"), [
    ("劳动仲裁裁决不服 可以来信访吗", "十五日内"),
    ("法院判决不公平 能不能上访", "上诉"),
    ("复议决定维持了 我还能找你们反映吗", "行政诉讼"),
])
async def test_a_petition_instead_of_a_route_is_told_the_route(
        bot: BotHarness, asked: str, step: str) -> None:
    replies = await bot.say(asked, sender="tel:+8613800024008")
    said = " ".join(replies)
    assert step in said and "信访不能代替" in said and not all_cases(bot), replies


async def test_a_petition_asked_about_without_a_route_keeps_the_procedure(bot: BotHarness) -> None:
    replies = await bot.say("我想反映问题 能上访吗", sender="tel:+8613800024009")
    assert "信访不能代替" not in " ".join(replies), replies


# -- what becomes of the other party, what the citizen is to do ---------------------------------

@pytest.mark.parametrize("asked", [
    "烧烤店老板会不会被处罚",
    "对方能不能被罚款",
    "要我到场吗",
    "would they be fined",
    "烧烤店会不会被查封",              # names the open case's party: not another office's
    "店主要赔我家的窗帘吗",
])
async def test_the_outcome_asked_is_filed_under_the_case(bot: BotHarness, asked: str) -> None:
    sender = "tel:+8613800024010"
    number = await register(bot, sender, SMOKE)
    replies = await bot.say(asked, sender=sender)
    said = " ".join(replies)
    assert number in said and "办理程序" not in said, replies
    assert len(all_cases(bot)) == 1


async def test_the_outcome_asked_with_no_case_is_filed_nowhere(bot: BotHarness) -> None:
    replies = await bot.say("对方会不会被罚款", sender="tel:+8613800024011")
    assert "记入" not in " ".join(replies), replies


# -- a withdrawal signed with a name and a phone ----------------------------------------------

@pytest.mark.parametrize("said", ["我想撤销我的投诉 田甜 13311112222", "不投诉了 我叫郑凯 13311112222"])
async def test_a_signed_withdrawal_with_no_case_opens_none(bot: BotHarness, said: str) -> None:
    replies = await bot.say(said, sender="tel:+8613800024012")
    assert not all_cases(bot), replies


async def test_a_signed_withdrawal_takes_the_open_case_back(bot: BotHarness) -> None:
    sender = "tel:+8613311112222"
    number = await register(bot, sender, "工地每天半夜施工 住丰台区南苑路20号 我叫郑凯")
    replies = await bot.say("撤回投诉 郑凯 13311112222", sender=sender)
    assert number in " ".join(replies) and "撤回" in " ".join(replies), replies
    assert len(all_cases(bot)) == 1


async def test_a_denied_withdrawal_with_a_new_phone_is_not_one(bot: BotHarness) -> None:
    sender = "tel:+8613800024013"
    await register(bot, sender, SMOKE)
    replies = await bot.say("不是要撤回，是想改一下我的联系电话，新号是13700112233", sender=sender)
    assert "撤回" not in " ".join(replies), replies


# -- an official's words quoted, or inaction told: no accusation -----------------------------------

@pytest.mark.parametrize(("text", "accused"), [
    ("街道的人说我们这栋楼要腾退 让我们下个月搬走 也没说补偿多少", False),
    ("食堂的菜是馊的 孩子吃了吐 班主任不管", False),
    ("物业报修了三次 社区主任说让我们自己找物业", False),
    ("城管局推给街道 街道又推给城管局", False),
    ("所长说交两千块就给立案", True),                 # money asked: still an accusation
    ("村支书不管 因为那个厂是他亲戚开的", True),          # kin: still one
    ("镇长收了老板的礼 工地半夜施工他不管", True),
])
def test_words_quoted_or_inaction_is_no_accusation(text: str, accused: bool) -> None:
    analysis = Analyzer.load().analyze(text)
    assert analysis.accusation is accused, (analysis.accusation_terms, analysis.accusation_confidence)
    assert (analysis.legal_route == "纪检监察") is accused


async def test_inaction_told_is_not_sent_to_discipline(bot: BotHarness) -> None:
    replies = await bot.say("小区的路灯坏了两个月 居委会主任说没钱修 住在和平路3号 我叫陆明 13800224466",
                            sender="tel:+8613800024014")
    assert "纪检监察" not in " ".join(replies), replies


# -- a matter between the phone and a place is no address ------------------------------------------

@pytest.mark.parametrize(("text", "address"), [
    ("我叫潘明 13912340987 楼下麻将馆每天吵到凌晨两点 在朝阳区呼家楼", ""),
    ("赵红 13700112233 隔壁工地天天半夜打桩 在海淀区西二旗", ""),
    ("孙大牛 13512340000 河西村三组", "河西村三组"),            # a record line keeps its place
])
def test_a_matter_told_is_not_swept_into_the_address(text: str, address: str) -> None:
    from nlp.particulars import extract_particulars
    assert extract_particulars(normalize(text), source=text).address == address


async def test_a_matter_beside_particulars_is_registered(bot: BotHarness) -> None:
    replies = await bot.say("赵红 13700112233 隔壁工地天天半夜打桩 在海淀区西二旗",
                            sender="tel:+8613800024015")
    assert len(all_cases(bot)) == 1, replies


# -- thanks in more words, while the name is asked ---------------------------------------------------

@pytest.mark.parametrize("said", ["thanks a lot", "thank you so much!", "many thanks"])
async def test_thanks_while_the_name_is_asked_is_no_name(bot: BotHarness, said: str) -> None:
    sender = "telegram:2400102"
    await register(bot, sender, "the road outside 3 Hill Street has a big hole, phone 13600112244")
    replies = await bot.say(said, sender=sender)
    assert "added" not in " ".join(replies) and "name" in " ".join(replies), replies
