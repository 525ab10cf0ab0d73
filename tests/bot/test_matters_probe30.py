"""The same matter in other words, by class (helper matterprobe30, docs/NLP.md session 25):
an estate's name with a pinyin slip and a road's abbreviated name are one place; a verb of
asking is not read into a name; a barbecue shop is the party, not its smoke; and petitioners
about one employer or market that name no street still raise the collective warning.

Fresh sentences, none from the probe (bench/matter_probe30_scenarios.py) or a pair file."""

from __future__ import annotations

from typing import Any

import pytest

from nlp import Analyzer
from nlp.matter import MatterJudge
from nlp.matter_parts import Name, PartsReader
from nlp.normalize import normalize
from tests.bot.harness import ANY_YEAR_NUMBER, BotHarness, case_events


@pytest.fixture(scope="module")
def judge(analyzer: Analyzer) -> MatterJudge:
    return MatterJudge.load(analyzer.tokenizer)


def _read(text: str) -> Any:
    return PartsReader().read(normalize(text))


# -- a pinyin slip in a name -----------------------------------------------------------------

@pytest.mark.parametrize(("one", "other"), [
    ("丽枫", "丽风"), ("金地", "金帝"), ("锦绣", "锦秀"), ("华清", "华青"), ("翠湖", "翠壶"),
    ("康馨", "康欣"),
])
def test_a_name_with_a_slip_of_the_same_sound_is_one_place(one: str, other: str) -> None:
    assert Name("community", one, "苑").same_as(Name("community", other, "苑"))
    assert Name("community", other, "苑").same_as(Name("community", one, "苑"))


@pytest.mark.parametrize(("one", "other"), [
    ("金鼎", "银鼎"),      # another sound: another firm
    ("光明东", "光明冬"),  # a direction is never a slip
    ("翠湖东", "翠湖西"),
    ("锦园二", "锦园三"),  # a number neither
    ("丽枫", "美风"),      # two characters apart
])
def test_names_of_other_sounds_or_qualifiers_stay_two(one: str, other: str) -> None:
    assert not Name("community", one, "苑").same_as(Name("community", other, "苑"))


@pytest.mark.parametrize(("first", "again"), [
    ("海淀区丽枫苑5号楼的电梯坏了一个星期，物业一直不管，请督促物业尽快维修电梯。",
     "丽风苑5号楼电梯一个礼拜了还没修好 物业不管 快修"),
    ("朝阳区金地家园小区北门的路灯坏了二十多天，晚上出入很不安全，请尽快修复。",
     "金帝家园北门路灯二十来天不亮了，黑灯瞎火的，赶紧修修"),
    ("丰台区锦绣嘉园7号楼地下室积水一个多月没人管，蚊虫很多，请物业抽水。",
     "锦秀嘉园七号楼地下室的水泡了一个月了 全是蚊子 物业快抽"),
])
def test_a_retelling_with_a_slip_in_the_name_is_not_vetoed_as_another_place(
        judge: MatterJudge, first: str, again: str) -> None:
    assert judge.score(judge.sign(first), judge.sign(again)) >= judge.threshold


# -- a road's abbreviated name ----------------------------------------------------------------

@pytest.mark.parametrize(("short", "full"), [
    ("德外", "德胜门外"), ("朝外", "朝阳门外"), ("阜外", "阜成门外"), ("宣外", "宣武门外"),
    ("崇外", "崇文门外"),
])
def test_an_abbreviated_road_is_the_road(short: str, full: str) -> None:
    assert Name("road", short, "大街").same_as(Name("road", full, "大街"))


@pytest.mark.parametrize(("kind", "short", "full"), [
    ("road", "新华", "新华东"),      # a direction added: the neighbour
    ("road", "建设", "建设南"),
    ("road", "朝外", "朝阳门北外"),  # what it drops holds a direction
    ("village", "柳湾", "柳树湾"),  # villages and estates are not abbreviated so
    ("community", "金华", "金光华"),
])
def test_other_names_are_not_read_as_abbreviations(kind: str, short: str, full: str) -> None:
    assert not Name(kind, short, "路").same_as(Name(kind, full, "路"))


@pytest.mark.parametrize(("first", "again"), [
    ("朝阳区朝阳门外大街22号楼下的早餐店每天凌晨四点就开始剁馅，声音很大，楼上住户睡不着。",
     "朝外大街22号楼下早点铺天天凌晨剁馅子 咣咣响 楼上没法睡"),
    ("西城区阜成门外大街的一个公交站台顶棚塌了一半，下雨等车没地方躲，请尽快修复站台。",
     "阜外大街那个公交站的顶棚塌了一半 下雨等车全挨淋 快修"),
])
def test_a_retelling_with_the_road_abbreviated_is_not_vetoed_as_another_place(
        judge: MatterJudge, first: str, again: str) -> None:
    assert judge.score(judge.sign(first), judge.sign(again)) >= judge.threshold


# -- a verb of asking is not part of a name ---------------------------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("请查处幸福路上那家无证经营的黑诊所", "幸福路"),
    ("强烈要求整治光明路的占道经营", "光明路"),
    ("请取缔东关市场门口的流动摊贩", "东关市场"),
    ("请依法查处鑫源化工厂的偷排行为", "鑫源化工厂"),
])
def test_a_verb_of_asking_is_not_read_into_the_name(text: str, name: str) -> None:
    names = [found.text for found in _read(text).names]
    assert name in names and not any(
        verb in found for found in names for verb in ("查处", "整治", "取缔")), names


# -- a barbecue shop is the party, not its smoke ----------------------------------------------

@pytest.mark.parametrize(("text", "things"), [
    ("小区门口烧烤店卖的鸡翅没烤熟，孩子吃完上吐下泻", {"食品卫生"}),
    ("楼下烧烤摊后半夜划拳喝酒吵得睡不着", {"噪音"}),
    ("那家烧烤铺把桌子摆到人行道上，占道经营", {"占道"}),
])
def test_a_barbecue_shop_named_is_not_its_smoke(text: str, things: set[str]) -> None:
    assert set(_read(text).things) == things


@pytest.mark.parametrize("text", [
    "楼下烧烤的油烟熏得家里不能开窗",
    "烧烤店的烟太大，衣服上都是烧烤味",
    "夜里烤串的烟全飘进我家",
])
def test_the_smoke_of_a_barbecue_is_still_smoke(text: str) -> None:
    assert "油烟" in _read(text).things


@pytest.mark.parametrize("other", [
    "光华路88号楼下的烧烤店后半夜喝酒划拳，吵得楼上根本睡不着，请派出所管一管。",
    "光华路88号楼下那家烧烤店的羊肉串不新鲜，我吃完上吐下泻去了医院，请市场监管部门查处。",
])
def test_another_problem_of_one_barbecue_shop_is_another_matter(
        judge: MatterJudge, other: str) -> None:
    smoke = "光华路88号楼下的烧烤店每天晚上油烟直冲楼上窗户，家里不能开窗，请环保部门查处。"
    assert judge.score(judge.sign(smoke), judge.sign(other)) < judge.threshold


# -- many petitioners about one party, no place named -----------------------------------------

EMPLOYER = [
    "鑫盛劳务公司拖欠我们二十多个工人的工资快半年了，请劳动监察帮我们讨薪。",
    "我在鑫盛劳务公司干了五个月，工钱一分没拿到，老板不接电话，求帮忙要工资。",
    "鑫盛劳务公司欠我们的血汗钱不给，好多工友都等着钱过年，请政府做主追讨欠薪。",
    "反映鑫盛劳务公司拖欠农民工工资的问题，老板一直躲着，请相关部门督促支付。",
    "鑫盛劳务公司欠薪半年了，我们二十几个人的工资都没发，请劳动监察大队处理。",
]


async def test_petitioners_about_one_employer_naming_no_place_raise_the_warning(
        bot: BotHarness) -> None:
    numbers = []
    for index, text in enumerate(EMPLOYER):
        replies = await bot.say(text, sender=f"mailto:w{index}@example.cn",
                                sender_name=f"工人{index}")
        found = ANY_YEAR_NUMBER.search(" ".join(replies))
        assert found, replies
        numbers.append(found.group())
    alert = case_events(bot, numbers[-1], "collective_alert")
    assert len(alert) == 1 and alert[0].details["members"] == sorted(numbers)
    assert "鑫盛劳务" in alert[0].details["place"]
    assert not any(case_events(bot, number, "collective_alert") for number in numbers[:-1])


async def test_another_problem_at_the_employer_is_no_member(bot: BotHarness) -> None:
    """Four about the wages and a fifth about the firm's social insurance: four, no alert."""
    numbers = []
    texts = [*EMPLOYER[:4], "鑫盛劳务公司从来不给我们交社保，工伤了也没人管，请社保部门责令补缴。"]
    for index, text in enumerate(texts):
        replies = await bot.say(text, sender=f"mailto:w{index}@example.cn",
                                sender_name=f"工人{index}")
        found = ANY_YEAR_NUMBER.search(" ".join(replies))
        assert found, replies
        numbers.append(found.group())
    assert not any(case_events(bot, number, "collective_alert") for number in numbers)
