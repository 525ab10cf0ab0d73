"""Matter judgements, session 18 (helper matter21): asks told in everyday words are read by
their verb (the money asked back, the accounts asked shown, the thing asked made safe), and a
lettered exit, block or zone tells neighbours apart as a numbered one does."""

from __future__ import annotations

import pytest

from nlp.matter import MatterJudge
from nlp.matter_model import FEATURES, pair_features
from nlp.matter_parts import PartsReader, designators
from nlp.normalize import normalize


def _requests(text: str) -> tuple[str, ...]:
    return PartsReader().read(normalize(text)).requests


@pytest.mark.parametrize(("text", "asked"), [
    ("车被楼上掉的砖砸了，这钱物业得掏", "赔偿"),
    ("家具全泡坏了，这损失房管所得认。", "赔偿"),
    ("请假扣我五百，这钱必须要回来。", "退费"),
    ("道闸收外面车子的钱，收到谁兜里了？物业得交代清楚。", "公开"),
    ("墙皮砖头哗哗往下掉，快找人上去弄牢靠。", "维修"),
    ("电线杆被撞歪了，请供电所派人来扶正加固。", "维修"),
    ("阿杰剪坏了我头发还推人，请店里严肃处理这个人。", "查处"),
])
def test_an_ask_in_everyday_words_is_read_by_its_verb(text: str, asked: str) -> None:
    assert asked in _requests(text)


@pytest.mark.parametrize("text", [
    # a story that mentions money or accounts without asking for them asks nothing of them
    "我家房顶漏了一个月，损失不小。",
    "物业说账本在办公室。",
    # nor does a question that starts no ask ("这钱到底谁出？" tells, it does not ask)
    "车被楼上掉的砖砸了，这钱到底谁出？",
])
def test_a_story_is_no_ask(text: str) -> None:
    assert _requests(text) == ()


@pytest.mark.parametrize(("text", "found"), [
    ("3号线南湖站D出口请重新开放。", "口:D"),
    ("南湖站A口单车堆太多了", "口:A"),
    ("万达广场B座电梯坏了", "座:B"),
    ("小区c区停车场积水", "区:C"),
])
def test_a_lettered_exit_block_or_zone_is_a_designator(text: str, found: str) -> None:
    assert found in designators(normalize(text))


@pytest.mark.parametrize("text", ["KTV区太吵了", "wifi区没信号", "我住A市"])
def test_a_letter_inside_a_word_or_a_city_is_none(text: str) -> None:
    assert not [d for d in designators(normalize(text)) if not d.split(":")[1].isdigit()]


def test_two_exits_of_one_station_clash_and_one_exit_retold_does_not(
        judge: MatterJudge) -> None:
    clash = FEATURES.index("numbers_clash")
    d_exit = judge.sign("3号线南湖站D出口关了三个月，请地铁公司尽快重新开放D口。")
    a_exit = judge.sign("南湖站A口共享单车堆太多了，人都过不去")
    d_again = judge.sign("南湖站d出口啥时候开啊")
    assert pair_features(d_exit, a_exit)[clash] == 1.0
    assert pair_features(d_exit, d_again)[clash] == 0.0


def test_repair_and_pay_for_the_damage_clash_as_asks(judge: MatterJudge) -> None:
    """One roof, two matters: fix it, and pay for what the leak spoiled (issue 16)."""
    fix = judge.sign("新华北街18号院3排房顶漏了，下雨屋里接了好几个盆，房管所快派人来补好。")
    pay = judge.sign("新华北街18号院3排我家房顶漏雨泡坏了衣柜和电视，这损失房管所得认。")
    features = pair_features(fix, pay)
    assert features[FEATURES.index("requests_conflict")] == 1.0
    assert judge.probability(fix, pay) < judge.probability(fix, judge.sign(
        "新华北街十八号院后排房顶瓦都飞了，屋里跟水帘洞似的，求房管所派人修一修"))


def test_characters_apart_from_the_place_tell_two_problems_of_one_courtyard_apart(
        judge: MatterJudge) -> None:
    """A long place name is most of a one-liner's characters: apart from it, the roof and the
    water pipes share little, and two tellings of the roof still share what is wrong."""
    roof = judge.sign("新华北街18号院3排房顶瓦片掉了，请维修。")
    pipes = judge.sign("新华北街18号院能不能给每家接根水管")
    roof_again = judge.sign("新华北街十八号院后排房顶的瓦片被风掀了，下雨就漏，请房管所来修")
    everything = FEATURES.index("characters_contained")
    apart = FEATURES.index("content_contained")
    other = pair_features(roof, pipes)
    same = pair_features(roof, roof_again)
    assert other[apart] < other[everything]
    assert other[apart] < same[apart]
    assert same[FEATURES.index("key_content_max")] > other[FEATURES.index("key_content_max")]


def test_a_letter_whose_lower_case_is_longer_signs_without_error() -> None:
    """"İ" lowers to two characters: the match then names no concept (it raised KeyError, and
    the processor could not sign the message)."""
    for text in ("小区的lİft坏了三天没人修", normalize("小区的lİft坏了三天没人修")):
        assert "电梯" not in PartsReader().read(text).things
