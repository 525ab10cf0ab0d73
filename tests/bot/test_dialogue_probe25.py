"""Misreadings a citizen probe met (session 21, helper probe25), by class, as tables in other
words than the probe's:

- a grade word run into a story ("太失望了 活着真没意思 投诉了三次都没人理 …") from a sender
  with no case was a rating ("该事项目前无需评价") and the message was dropped;
- lying down on the railway, or "一死了之", was heard as an accident or not at all: it is
  self-harm, with the crisis line;
- danger heard of someone else in the news or from others ("新闻说有个人跳河了") got the crisis
  alarm, and care given ("孩子打针了") the general one: quiet now, a person still sees it;
- abuse of the bureau as a body ("你们这些狗官 收了钱不办事") was an accusation of bribery,
  registered as a second case: with a case open it is answered as disappointment;
- what becomes of another party asked before anything is filed ("那家烧烤店会不会被查封") got
  the procedure or the privacy entry; with a case open, "那家" made "家烧烤店" a name the case
  did not have and the question was not filed under it;
- a number not found from a sender with no case here was told only "未找到".
"""

from __future__ import annotations

import pytest

from bot.dialogue.alarm import _DANGER_WORDS
from nlp.hearsay import heard_of_someone, routine_care
from nlp.inaction import only_abuse
from nlp.normalize import normalize
from nlp.rating import says_more_than_a_grade
from nlp.stated_harm import stated_act
from tests.bot.harness import BotHarness, all_cases, register

CRISIS = "400-161-9995"
LOUD = ("请您一定珍惜生命", "请立即拨打")
HOTPOT = "小区门口那家火锅店每天后半夜还在搬货 吵得没法睡 住在幸福路6号 我叫周立 电话13711005566"


# -- a grade word run into a story, nothing to rate ----------------------------------------------

@pytest.mark.parametrize(("text", "more"), [
    ("太让人失望了楼道的灯坏了半年没人修", True),
    ("非常不满意 隔壁工地半夜还在打桩", True),
    ("好失望啊 日子过得真憋屈 物业天天停水", True),
    ("非常不满意", False),
    ("失望透顶", False),
    ("差评！", False),
    ("manyi xiexie", False),
])
def test_says_more_than_a_grade(text: str, more: bool) -> None:
    assert says_more_than_a_grade(text) is more


@pytest.mark.parametrize("text", [
    "太让人失望了楼道的灯坏了半年没人修",
    "非常不满意 隔壁工地半夜还在打桩 吵得孩子没法写作业",
])
async def test_a_story_with_a_grade_word_and_no_case_is_registered(bot: BotHarness,
                                                                    text: str) -> None:
    replies = await bot.say(text, sender="telegram:2500101")
    assert len(all_cases(bot)) == 1 and "无需评价" not in " ".join(replies), replies


async def test_a_bare_grade_with_no_case_is_still_not_a_case(bot: BotHarness) -> None:
    replies = await bot.say("非常不满意", sender="telegram:2500102")
    assert not all_cases(bot), replies


# -- the railway, and a way out said as a wish -------------------------------------------------

@pytest.mark.parametrize(("text", "act"), [
    ("我现在就去火车道上躺着", True),
    ("大不了躺到铁轨上 让火车轧死", True),
    ("活着没意思 不如一死了之", True),
    ("铁路上躺着一头牛 火车停了半小时", False),   # no "去": the railway's own news
    ("不是要一死了之 就是想讨个说法", False),       # denied
])
def test_railway_and_a_way_out_are_acts(text: str, act: bool) -> None:
    assert bool(stated_act(normalize(text))) is act


@pytest.mark.parametrize("text", ["我现在就去火车道上躺着", "活着没意思 不如一死了之"])
async def test_the_railway_gets_the_crisis_line(bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="telegram:2500103")
    assert CRISIS in replies[0], replies


# -- danger heard of, care given ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "heard"), [
    ("网上说有个女的跳江了 江边连个护栏都没有", True),
    ("听邻居说有一个人在这个水库淹死了 水库边上没有警示牌", True),
    ("据说一男子从这个天桥上掉下去了 天桥栏杆太矮", True),
    ("听说有人跳楼了 我也想跟着跳", False),            # the writer's own act beside it
    ("据说明天有人要在广场上跳楼", False),              # yet to come: a warning
    ("群里有人号召周六去市政府门口拉横幅", False),
    ("我儿子跳河了 快来人", False),
])
def test_heard_of_someone(text: str, heard: bool) -> None:
    typed = "，".join(normalize(piece) for piece in text.split())
    assert heard_of_someone(typed, _DANGER_WORDS, stated_act) is heard


@pytest.mark.parametrize(("text", "care"), [
    ("闺女上午打了疫苗 胳膊有点红", True),
    ("我妈在社区医院输液 护士态度很差", True),
    ("打完针后孩子浑身起疹子 喘不上气", False),
    ("孩子打完疫苗 高烧40度", False),
])
def test_routine_care(text: str, care: bool) -> None:
    assert routine_care(normalize(text)) is care


@pytest.mark.parametrize("text", [
    "网上说有个女的跳江了 江边连个护栏都没有",
    "闺女上午打了疫苗 胳膊有点红",
])
async def test_hearsay_and_care_are_quiet_but_seen(bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="telegram:2500104")
    cases = all_cases(bot)
    # Flagged, quiet: a person sees the case at once, the safety line follows, no alarm leads.
    assert len(cases) == 1 and cases[0].needs_human, replies
    assert "110" in " ".join(replies) and not any(word in replies[0] for word in LOUD), replies


async def test_the_writers_own_act_beside_hearsay_leads(bot: BotHarness) -> None:
    replies = await bot.say("听说有人跳楼了 我也想跟着跳", sender="telegram:2500105")
    assert CRISIS in replies[0], replies


# -- abuse of the bureau, a case open ----------------------------------------------------------

@pytest.mark.parametrize(("text", "abuse"), [
    ("你们这帮废物 拿着纳税人的钱不干活", True),
    ("一群吃闲饭的", True),
    ("当官的全是饭桶", True),
    ("李所长收了包工头两万块 不给我们办", False),
    ("村支书拿了开发商的钱", False),
    ("你们这帮人收了钱不办事 王主任还让我请他吃饭", False),
])
def test_only_abuse(text: str, abuse: bool) -> None:
    assert only_abuse(normalize(text)) is abuse


async def test_abuse_with_a_case_open_is_no_accusation(bot: BotHarness) -> None:
    sender = "telegram:2500106"
    number = await register(bot, sender, HOTPOT)
    replies = await bot.say("你们这帮废物 拿着纳税人的钱不干活", sender=sender)
    assert len(all_cases(bot)) == 1 and number in " ".join(replies), replies
    assert "检举控告" not in " ".join(replies) and "补充" not in " ".join(replies), replies


async def test_a_named_bribe_with_a_case_open_is_still_an_accusation(bot: BotHarness) -> None:
    sender = "telegram:2500107"
    await register(bot, sender, HOTPOT)
    replies = await bot.say("城管的李队长收了火锅店老板两万块 所以一直不管", sender=sender)
    assert len(all_cases(bot)) == 2 and "检举控告" in " ".join(replies), replies


# -- another party's outcome -------------------------------------------------------------------

@pytest.mark.parametrize("asked", ["隔壁那家洗车店会被罚款吗", "楼上那户会不会被处罚"])
async def test_another_partys_outcome_before_filing(bot: BotHarness, asked: str) -> None:
    replies = await bot.say(asked, sender="telegram:2500108")
    said = " ".join(replies)
    assert "依法决定" in said and "描述" in said and not all_cases(bot), replies


async def test_this_shops_outcome_with_a_case_open_is_filed_under_it(bot: BotHarness) -> None:
    sender = "telegram:2500109"
    number = await register(bot, sender, HOTPOT)
    replies = await bot.say("这家火锅店会不会被关掉", sender=sender)
    assert number in " ".join(replies) and len(all_cases(bot)) == 1, replies
