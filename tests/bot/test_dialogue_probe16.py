"""Misreadings a sixth citizen probe met on first contact and the turn after it (session 16),
as tables in other words than the probe's: a name given for the elder one writes for, or after
a bare 叫; a surname after the writer's role; a name declined beside the phone given; where the
matter is, told right after the bot's first reply (read as a new matter, an accident and a
second case); and a faint self-harm signal on an act the citizen says they will not do."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.dialogue import particulars
from bot.dialogue.alarm import quiet
from nlp import Analyzer
from nlp import particulars as reading
from nlp.normalize import normalize
from nlp.particulars import extract_particulars, surname_only
from tests.bot.harness import (
    BotHarness,
    all_cases,
    case_events,
    case_row,
    petitioner,
    register,
)

# -- pure readings ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name"), [
    # The elder written for, named: the name to take down.
    ("我爸叫郑德胜", "郑德胜"),
    ("我老伴的名字叫汪春花", "汪春花"),
    ("帮我外婆发的 她叫罗秀珍 她不会打字", "罗秀珍"),
    ("替俺娘问的，她叫侯桂芝", "侯桂芝"),
    # A reply that starts with 叫, the phone after it.
    ("叫卢建平 手机一三九一二三四五六七八", "卢建平"),
    ("叫卢建平电话13912345678", "卢建平"),
    # Anyone else, in a message that says it is written for them.
    ("我爱人叫邓丽萍 她在医院陪床 我替她留言", "邓丽萍"),
    ("帮我弟问的 他叫石海", "石海"),
    # A surname, then the matter: the next clause is no given name ("蒋学校").
    ("我姓蒋，学校门口天天堵车", ""),
    ("免贵姓蔡 我们楼的电梯三天两头停", ""),
    ("免贵姓蔡，名丽", "蔡丽"),
    # Someone else named in a matter: no name of the writer's.
    ("他叫马强 天天在楼道里抽烟", ""),
    ("叫物业的刘经理来看过", ""),
    ("叫张师傅来修了三回", ""),
    ("老板叫蒋大海 欠了我们半年工资", ""),
    ("我女儿叫韩雪 在学校被同学欺负", ""),
])
def test_a_name_given_for_an_elder_or_after_a_bare_jiao(text: str, name: str) -> None:
    assert extract_particulars(normalize(text), source=text).name == name


@pytest.mark.parametrize(("reply", "surname"), [
    ("我是这个楼的租户 姓彭", "彭"),
    ("俺是村民，姓焦", "焦"),
    ("我是学生家长姓龚就行", "龚"),
    ("我是退休职工 老秦", "秦"),
    # A role alone, or one that is no role: no surname.
    ("我是业主", ""),
    ("我是学生家长", ""),
    ("我是谁姓王", ""),
])
def test_a_surname_after_the_writers_role(reply: str, surname: str) -> None:
    assert surname_only(reply) == surname


@pytest.mark.parametrize(("text", "surname"), [
    ("你好 我是金色家园的住户 免贵姓蔡 我们楼的电梯三天两头停", "蔡"),
    ("我姓蒋，学校门口天天堵车", "蒋"),
    # 姓 in other words, or a lone character: none.
    ("老百姓的事没人管", ""),
    ("姓名不方便说 门口的水管爆了", ""),
    ("张 门口的水管爆了", ""),
])
def test_a_surname_told_in_a_clause_of_the_first_message(text: str, surname: str) -> None:
    assert reading.surname_told(text) == surname


@pytest.mark.parametrize(("text", "place"), [
    ("就在建设路和光华街交叉口", True),
    ("地点是第二中学东门对面", True),
    ("在城南菜市场门口", True),
    ("具体位置：滨江路和新华路路口", True),
    ("嗯 就在汽车站对面那个站", True),
    ("滨江路和新华路交叉口往北两百米", True),
    # A postal address answers "your address?"; a place with something happening is a matter.
    ("光华街8号3单元", False),
    ("建设路着火了", False),
    ("在医院", False),
    ("就在我家", False),
    ("在厂里上班的时候", False),
])
def test_where_the_matter_is(text: str, place: bool) -> None:
    assert particulars.place_of_matter(text) is place


@pytest.mark.parametrize(("text", "terms", "confidence", "is_quiet"), [
    # The act the faint signal rests on most is said not to be meant: quiet.
    ("你们放心 我不会去跳河的 就是欠薪心里堵", ("跳河", "欠薪"), 0.04, True),
    ("并不是想轻生，只是房子的事拖太久了", ("轻生", "房子"), 0.03, True),
    # Despair, an act not denied first, or a stronger signal: the crisis alarm as before.
    ("我不想活了 欠薪三年了", ("不想活", "欠薪"), 0.04, False),
    ("不会跳河 我去喝药", ("喝药", "跳河"), 0.04, False),
    # (Session 20, emerg24: a denial is quiet under SURE, not only under QUIET — issue 15
    # asks that "我不会自杀的" raise no alarm; a surer head still leads.)
    ("我不会跳河的", ("跳河",), 0.3, True),
    ("我不会跳河的", ("跳河",), 0.6, False),
    ("跳河也没用 我不会跳河的", ("跳河",), 0.04, False),
])
def test_a_faint_self_harm_signal_on_a_denied_act(analyzer: Analyzer, text: str,
                                                  terms: tuple[str, ...], confidence: float,
                                                  is_quiet: bool) -> None:
    heard = replace(analyzer.analyze(text), emergency=True, emergency_kind="self_harm",
                    emergency_confidence=confidence, emergency_terms=terms)
    assert quiet(heard) is is_quiet


# -- through the bot -------------------------------------------------------------------------

SENDER = "telegram:5551600"
SMS = "tel:13700001600"
MATTER = "我们小区东门外的排污管破了半个月，污水流到人行道上，臭得没法走路。"


async def test_the_name_of_the_elder_written_for_is_taken(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say("我是替我姥爷问的 他叫彭德怀 他耳朵背", sender=SENDER)
    assert petitioner(bot, SENDER).name == "彭德怀", replies
    assert "不像姓名" not in replies[-1] and "联系电话" in replies[-1], replies
    assert case_row(bot, number).awaiting == "contact"


async def test_a_bare_jiao_and_a_spoken_phone_complete_the_intake(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say("叫卢建平 手机一三九一二三四五六七八", sender=SENDER)
    person = petitioner(bot, SENDER)
    assert person.name == "卢建平" and person.contact.startswith("+8613912345678"), replies
    assert case_row(bot, number).awaiting == "", replies


async def test_a_surname_after_a_role_is_thanked_by(bot: BotHarness) -> None:
    await register(bot, SENDER, MATTER)
    replies = await bot.say("我是这个楼的租户 姓彭", sender=SENDER)
    assert "彭先生/女士" in replies[0] and "不像姓名" not in replies[0], replies


async def test_a_name_declined_beside_a_phone_given(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say("名字就不留了 手机13911112222", sender=SENDER)
    assert petitioner(bot, SENDER).contact.startswith("+8613911112222"), replies
    assert case_row(bot, number).awaiting == "", replies
    assert "不留姓名" in replies[0] and "没有联系方式" not in replies[0], replies
    # Not asked again on the next matter either.
    replies = await bot.say("另外 小区门口的路灯坏了一个多月了，晚上黑漆漆的", sender=SENDER)
    assert not any("姓名" in reply for reply in replies), replies


async def test_an_sms_sender_declining_the_name_is_told_the_result_will_reach_them(
        bot: BotHarness) -> None:
    await register(bot, SMS, MATTER)
    replies = await bot.say("不想留名字", sender=SMS)
    assert "联系方式告知" in replies[0] and "没有联系方式" not in replies[0], replies


async def test_a_name_for_the_one_written_for_with_why_is_no_new_matter(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say("我爱人叫邓丽萍 她在医院陪床 我替她留言", sender=SENDER)
    assert petitioner(bot, SENDER).name == "邓丽萍", replies
    assert not any("补充吗" in reply for reply in replies), replies
    assert case_row(bot, number).awaiting == "contact", replies


async def test_a_name_declined_beside_a_phone_said_in_numerals(bot: BotHarness) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say("名字不方便告诉你们 打这个号码 一五八零零零零四四四四", sender=SENDER)
    assert petitioner(bot, SENDER).contact.startswith("+8615800004444"), replies
    assert case_row(bot, number).awaiting == "" and "不留姓名" in replies[0], replies


async def test_a_surname_in_the_first_message_is_thanked_by(bot: BotHarness) -> None:
    replies = await bot.say("你好 我是金色家园的住户 免贵姓蔡 我们楼的电梯三天两头停 上下楼全靠爬",
                            sender=SMS)
    assert any("蔡先生/女士" in reply for reply in replies), replies


async def test_where_the_matter_is_is_no_address_when_both_are_asked(bot: BotHarness) -> None:
    number = await register(bot, SENDER, "井盖丢了")  # too short: the details are asked too
    replies = await bot.say("在光华街", sender=SENDER)
    assert petitioner(bot, SENDER).contact == "", replies
    assert "details" not in case_row(bot, number).awaiting, replies


@pytest.mark.parametrize("place", ["就在建设路和光华街交叉口", "地点是第二中学东门对面"])
async def test_where_the_matter_is_joins_the_case_being_taken_down(bot: BotHarness,
                                                                   place: str) -> None:
    number = await register(bot, SENDER, MATTER)
    replies = await bot.say(place, sender=SENDER)
    assert [c.number for c in all_cases(bot)] == [number], replies
    assert not any("110" in reply for reply in replies), replies
    assert case_events(bot, number, "supplement"), replies
    assert petitioner(bot, SENDER).contact == "", "the matter's place is not the citizen's address"
    assert "联系电话" in replies[-1], replies  # the question stands
