"""Letters by mail that a citizen probe (session 16, probe16c) found misread, as tables in
other words than the probe's: the particulars at a letter's foot (a name under its date, after
a label, beside its phone, before "敬上", a writer for a parent saying who they are), a
landline written with a space, a letter's 一、二、 enumeration of several matters, a thanks
answering the acknowledgement filed as material, and a matter that says in passing that it
leaves no name and was asked for one."""

from __future__ import annotations

import pytest

from bot.firewall import UnitTree
from bot.routing import RoutingTable
from nlp import Analyzer
from nlp.normalize import normalize
from nlp.particulars import extract_particulars
from nlp.several import split_matters
from tests.bot.harness import BotHarness, case_events, petitioner, register

_BODY = ("我们单位家属院的化粪池满了两个多星期，污水从井盖里往外冒，整个院子臭得没法待，"
         "找了物业三次都说要等报批。")


def _read(text: str) -> tuple[str, str]:
    found = extract_particulars(normalize(text), source=text)
    return found.name, found.phone


@pytest.mark.parametrize(("foot", "name", "phone"), [
    ("此致\n敬礼\n\n2026年10月3日\n严冬梅\n手机 13812340000", "严冬梅", "+8613812340000"),
    ("落款：钟立群 13912340987", "钟立群", "+8613912340987"),
    ("代笔人：黎小勇（外孙）\n电话：13512345678", "黎小勇", "+8613512345678"),
    ("温建平 13666660000", "温建平", "+8613666660000"),
    ("邵淑华 敬上\n手机：15911112222", "邵淑华", "+8615911112222"),
    ("家属院住户 滕明远\n联系电话：18800001111\n2026.10.21", "滕明远", "+8618800001111"),
    ("我的手机：13700002222（我是他孙女翁小雨）", "翁小雨", "+8613700002222"),
    ("鲍德清 家中座机：0755-2633 1188", "鲍德清", "+8675526331188"),
    # A label that is no signature's, and a clause, name nobody.
    ("地址：张家庄\n电话：13612341234", "", "+8613612341234"),
    ("钱还没退，路也没修\n13612341234", "", "+8613612341234"),
])
def test_the_foot_of_a_letter_gives_the_writer(foot: str, name: str, phone: str) -> None:
    assert _read(f"领导好：\n{_BODY}\n\n{foot}\n") == (name, phone)


@pytest.mark.parametrize(("text", "count"), [
    ("反映两个问题：\n一、小区的健身器材全坏了，一直没人修理。\n二、地下车库的照明灯有一半不亮，晚上很危险。", 2),
    (("现将情况反映如下：一、村道两边的垃圾堆成了山，没人清运。二、村卫生室经常锁门，看病找不到人。"
     "三、低保名单从来不公示。"), 3),
    # A range of floors is no enumeration.
    ("我们楼一、二层的住户家里都被水淹了，物业不管。", 0),
])
def test_a_letters_enumeration_marks_several_matters(text: str, count: int) -> None:
    assert len(split_matters(normalize(text))) == count


MAIL = "mailto:reader16@example.cn"


@pytest.mark.parametrize("thanks", ["好的，收到了，辛苦你们", "知道了 谢谢\n\n严冬梅"])
async def test_a_thanks_answering_the_acknowledgement_is_no_material(
        bot: BotHarness, thanks: str) -> None:
    number = await register(bot, MAIL, _BODY + "我叫严冬梅，电话13812340000。")
    replies = await bot.say(thanks, sender=MAIL, references=(number,))
    assert len(replies) == 1 and "补充" not in replies[0], replies
    assert case_events(bot, number, "supplement") == []


@pytest.mark.parametrize("matter", [
    "我不想留名字，" + _BODY + "请环卫部门来抽一下。",
    _BODY + "\n名字就不留了，请尽快处理。",
])
async def test_a_decline_told_within_the_matter_is_not_asked_again(
        bot: BotHarness, matter: str) -> None:
    replies = await bot.say(matter, sender=MAIL)
    assert len(replies) == 1 and "姓名" not in replies[0], replies
    assert "name" in petitioner(bot, MAIL).declined


async def test_someone_elses_decline_is_not_the_writers(bot: BotHarness) -> None:
    replies = await bot.say(_BODY + "物业的人打电话来，他不愿意留名字。", sender=MAIL)
    assert "姓名" in replies[-1], replies


@pytest.mark.parametrize(("text", "police"), [
    # The writer's own ID number given with its cue tells no identity-card matter.
    (("本人晏丽萍，身份证号：110101199003070011，电话13699998888。孩子在幼儿园被老师体罚，"
     "脸上都是红印，园长说是孩子自己摔的。"), False),
    ("姓名：瞿建明 公民身份证号码 110101199003070011\n单位食堂的饭菜里吃出了虫子，几十个职工拉肚子。", False),
    # A number mistyped by a digit (its checksum wrong) is still the writer's own.
    ("我叫甘露，身份证号码110101199003070012，小区的健身器材坏了半年没人修。", False),
    # An identity-card matter is still the police's, with or without a number beside it.
    ("身份证丢了去补办，派出所说要回老家户籍地才能办，来回一千多公里。", True),
    ("我的身份证110101199003070011被人冒用注册了公司，现在税务局找我。", True),
])
def test_a_letters_own_id_number_is_no_police_matter(
        analyzer: Analyzer, text: str, police: bool) -> None:
    decision = RoutingTable.load(tree=UnitTree.load()).decide(analyzer.analyze(text))
    assert ("公安" in decision.unit) is police, (decision.unit, decision.reasons)
