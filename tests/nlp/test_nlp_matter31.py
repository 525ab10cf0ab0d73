"""Matter judgements, session 26 (helper matter31): the same matter's precision, by class.

Place names written in pinyin ("fengqiao xincun", "jianshe lu") are read as names and compared
with names in characters by their syllables; a name given in brackets as another's landmark is
not the text's place; the repair fund (维修金) asks no repair and a refusal to pay (一分不想出)
asks damages; a hospital's number (三院, 第二人民医院) and a chain's branch named after the firm
(力美健身滨湖店) are designators that tell two of them apart. Every sentence is written for
these tests (none is a corpus row)."""

from __future__ import annotations

import pytest

from nlp.latin_designators import latin_names
from nlp.matter import MatterJudge
from nlp.matter_latin import readings
from nlp.matter_model import places_conflict
from nlp.matter_parts import Name, PartsReader
from nlp.normalize import normalize


def _parts(text: str):  # type: ignore[no-untyped-def]
    return PartsReader().read(normalize(text))


def _names(text: str) -> set[str]:
    return {name.text for name in _parts(text).names}


# -- place names in pinyin ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("taoyuan xincun 6 hao lou shui guan bao le", ("taoyuan", "新村")),
    ("住 lanting huayuan 的, dianti tingle", ("lanting", "花园")),
    ("yinhe jiayuan 门口的垃圾没人拉", ("yinhe", "家园")),
    ("zhongshan lu 路灯坏了", ("zhongshan", "路")),
    ("baiyang cun qi zu buchang", ("baiyang", "村")),
    ("nanhu guang chang tiao wu tai chao", ("nanhu", "广场")),
    ("bei hai xiao qu ting shui san tian", ("beihai", "小区")),
])
def test_a_place_named_in_pinyin_is_read_as_a_name(text: str, found: tuple[str, str]) -> None:
    assert found in latin_names(normalize(text), readings().syllables)


@pytest.mark.parametrize("text", [
    "women xiaoqu dianti huai le",          # 我们小区: a pronoun
    "wanshang zai xiaoqu li chao",          # 晚上在小区: a particle
    "qing ni men jie jue yi xia",           # 解决, no 街
    "zhe ge lu deng bu liang",              # one syllable before 路
    "my xiaoqu lift is broken",             # English
    "ta de gongsi qian gongzi",             # no firm read from pinyin
])
def test_pinyin_that_is_no_name_is_not_read_as_one(text: str) -> None:
    assert latin_names(normalize(text), readings().syllables) == []


@pytest.mark.parametrize(("latin", "chinese", "same"), [
    ("taoyuan", "桃园", True),
    ("zhongshan", "中山", True),
    ("zongsan", "中山", True),       # zh / z, sh / s taken as one
    ("yinhe", "城西银河", True),      # a run of the characters
    ("taoyuan", "桃花", False),
    ("yinhe", "金河", False),
])
def test_a_pinyin_name_is_compared_by_its_syllables(latin: str, chinese: str, same: bool) -> None:
    assert Name("community", latin, "小区").same_as(Name("community", chinese, "小区")) is same


def test_two_estates_of_one_town_one_in_pinyin_cannot_be_one_place(judge: MatterJudge) -> None:
    chinese = judge.sign("西关镇兰亭花园6号楼电梯坏了三天了，请物业赶紧修。")
    other = judge.sign("taoyuan xincun 6 hao lou dianti huai le san tian, qing xiu")
    same = judge.sign("lanting huayuan 6 hao lou dianti huai le san tian, qing xiu")
    assert places_conflict(chinese, other)
    assert judge.model.score(chinese, other) == 0.0
    assert not places_conflict(chinese, same)


def test_two_roads_one_in_pinyin_cannot_be_one_place(judge: MatterJudge) -> None:
    assert places_conflict(judge.sign("中山路东段路灯坏了一排，晚上黑漆漆的，请修。"),
                           judge.sign("yanhe lu 路灯不亮好几天了 please fix"))
    assert not places_conflict(judge.sign("中山路东段路灯坏了一排，晚上黑漆漆的，请修。"),
                               judge.sign("zhongshan lu 路灯不亮好几天了 please fix"))


# -- a landmark in brackets --------------------------------------------------------------------

def test_a_landmark_in_brackets_is_not_the_place(judge: MatterJudge) -> None:
    assert _names("丹桂苑（就在银杏小区对面）也是一样，垃圾三天没人清。") == {"丹桂苑"}
    assert places_conflict(judge.sign("银杏小区垃圾三天没人清，臭得很。"),
                           judge.sign("丹桂苑（就在银杏小区对面）也是一样，垃圾三天没人清。"))


def test_a_landmark_out_of_brackets_or_alone_stays() -> None:
    # out of brackets "附近" says where the matter is
    assert _names("滨江路清水桥附近堆了一大堆建筑垃圾，请清走。") == {"滨江路", "滨江路清水桥"}
    # the only name of its kind stays, brackets or not
    assert _names("（银杏小区对面）那个垃圾站三天没人清") == {"银杏小区"}


# -- what is asked ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "物业换水泵花了维修金十二万，账要公开",
    "动用维修专项资金九万块，业主都不知道，请公示",
])
def test_the_repair_fund_asks_no_repair(text: str) -> None:
    parts = _parts(text)
    assert "维修" not in parts.demands
    assert "公开" in parts.demands


@pytest.mark.parametrize("text", [
    "楼上水管爆了淹了我家书房，他一分不想出",
    "车被物业的树砸了，物业一分钱都不出",
    "狗咬了孩子，打针花了一千多，狗主人不肯出钱",
])
def test_refusing_to_pay_asks_damages(text: str) -> None:
    assert "赔偿" in _parts(text).demands


# -- numbered hospitals and a chain's branches --------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("市五院急诊收了好几项没做的检查费", "院:5"),
    ("县第一人民医院门口停车太乱", "院:1"),
    ("在第六医院生孩子多收了床位费", "院:6"),
    ("省二院挂号要排三个小时", "院:2"),
])
def test_a_hospital_s_number_is_a_designator(text: str, found: str) -> None:
    assert found in _parts(text).numbers


@pytest.mark.parametrize("text", ["同一院子里住了六户人家", "12号院的水管又漏了"])
def test_a_courtyard_is_no_hospital(text: str) -> None:
    assert not any(number.startswith("院:") for number in _parts(text).numbers)


def test_two_numbered_hospitals_with_one_grievance_are_not_linked(judge: MatterJudge) -> None:
    a = judge.sign("市五院门口的号贩子太多了，专家号一放就没，请公安打击。")
    b = judge.sign("第六人民医院门口也有号贩子倒卖专家号，一个号加价两百，请打击。")
    assert judge.model.score(a, b) < judge.threshold


@pytest.mark.parametrize(("text", "found"), [
    ("我在飞跃健身湖滨店办了年卡，店关门了", "店:湖滨"),
    ("乐家超市解放路店卖过期牛奶", "店:解放路"),
])
def test_a_branch_named_after_its_firm_is_a_designator(text: str, found: str) -> None:
    assert found in _parts(text).numbers


@pytest.mark.parametrize("text", [
    "飞跃健身的店突然关门了", "乐家超市门店不给退货", "飞跃健身分店也关了",
    "劳务公司和酒店互相推，工资没人发",
])
def test_no_branch_is_read_where_none_is_named(text: str) -> None:
    assert not any(n.startswith("店:") and not n[2:].isdigit() for n in _parts(text).numbers)


def test_two_branches_of_one_chain_are_not_linked(judge: MatterJudge) -> None:
    a = judge.sign("飞跃健身湖滨店突然关门，我的年卡还剩八个月，要求退钱。")
    b = judge.sign("飞跃健身北站店也关了，会员卡里还有两千块，请帮忙退费。")
    assert judge.model.score(a, b) < judge.threshold
    retold = judge.sign("湖滨那家飞跃健身湖滨店关门跑路了 卡里的钱退不退")
    assert "店:湖滨" in retold.parts.numbers
