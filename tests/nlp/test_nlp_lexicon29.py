"""Matter lexicon, session 24 (helper lexicon29): other words for one thing — colloquial, regional,
formal, typos, pinyin and English — read as the thing, so two tellings of one matter in other words
share it. Texts written for this test, not taken from any pair file."""

from __future__ import annotations

import pytest

from nlp.matter_parts import PartsReader
from nlp.normalize import normalize


def _things(text: str) -> tuple[str, ...]:
    return PartsReader().read(normalize(text)).things


@pytest.mark.parametrize(("text", "thing"), [
    ("俺家楼道里耗子成群，晚上吱吱叫", "老鼠"),
    ("小區垃圾房老鼠亂竄", "老鼠"),
    ("食堂后厨有老耗子跑来跑去", "老鼠"),
    ("wo jia lou xia laoshu tai duo le", "老鼠"),
    ("lots of rats near the 菜市场 bins", "老鼠"),
    ("村里的旱厕臭得很没人掏", "厕所"),
    ("公园那个茅房好几天没人扫了", "厕所"),
    ("the public toilet in 人民公园 is broken", "厕所"),
    ("景区cesuo太少排长队", "厕所"),
    ("新农合住院报不了", "医保"),
    ("城乡居民医疗保险断缴了咋办", "医保"),
    ("楼下撸串的烟呛死人", "油烟"),
    ("there is a missing manhole cover on 建设路", "井盖"),
    ("8号楼 dianti 又坏了", "电梯"),
    ("货梯天天停运", "电梯"),
    ("小区拉圾没人清", "垃圾"),
    ("隔壁KTV躁音太大睡不了", "噪音"),
    ("村口那段烂泥路一下雨没法走", "道路"),
    ("the street lamp outside 3栋 is out", "路灯"),
    ("十字路口的红路灯坏了", "红绿灯"),
    ("学校门口没有交通灯", "红绿灯"),
    ("power cut again in our building 三天了", "停电"),
    ("物管费一下涨了一倍", "物业费"),
    ("hukou 迁不回来", "户口"),
    ("孩子上的幼稚园乱收钱", "幼儿园"),
    ("邻居在楼顶违章搭建彩钢房", "违建"),
    ("小区野猫太多半夜叫", "流浪动物"),
    ("计程车司机绕路多收钱", "出租车"),
    ("公司没给交 shebao", "社保"),
])
def test_another_word_reads_as_the_thing(text: str, thing: str) -> None:
    assert thing in _things(text)


@pytest.mark.parametrize(("text", "thing"), [
    # rat poison is a poisoning, not rats seen
    ("孩子误食了老鼠药正在吐", "老鼠"),
    ("邻居家的狗吃了耗子药", "老鼠"),
    # "红路灯" is a traffic light written wrong, not a street light
    ("十字路口的红路灯坏了", "路灯"),
])
def test_a_word_that_only_looks_like_it_does_not(text: str, thing: str) -> None:
    assert thing not in _things(text)


@pytest.mark.parametrize(("a", "b"), [
    ("幸福里小区耗子多，请物业消杀", "幸福里小区老鼠泛滥"),
    ("公园茅房脏得下不去脚", "公园公厕没人打扫"),
    ("新农合卡刷不了", "医保卡刷不了"),
])
def test_two_tellings_in_other_words_share_the_thing(a: str, b: str) -> None:
    assert set(_things(a)) & set(_things(b))
