"""Matter judgements, session 24 (helper matter29): a building, village group or phase numbered
in pinyin or English is read as the same spot as its Chinese form, and as another spot than
another number (:mod:`nlp.latin_designators`); a Latin side found in the other text vouches for
nothing when the two number their spots apart; signing reads traditional characters as
simplified."""

from __future__ import annotations

import pytest

from nlp.latin_designators import in_characters
from nlp.matter import MatterJudge
from nlp.matter_model import FEATURES, pair_features
from nlp.matter_parts import PartsReader, designators
from nlp.normalize import normalize


def _numbers(text: str) -> tuple[str, ...]:
    return designators(normalize(text))


@pytest.mark.parametrize(("text", "found"), [
    ("jinxiu huating 8 dong dianti huai le", "栋:8"),
    ("8dong电梯又停了", "栋:8"),
    ("住在 8 Dong 的王阿姨", "栋:8"),
    ("3 hao lou louti deng bu liang", "栋:3"),
    ("3haolou楼道灯不亮", "栋:3"),
    ("san hao lou de shui bengle", "栋:3"),
    ("12 zhuang waiqiang tuoluo", "栋:12"),
    ("2 dan yuan men jin huai le", "单元:2"),
    ("上塘村5 zu zhengdi buchang mei fa", "组:5"),
    ("wu zu de buchang kuan hai mei dao", "组:5"),
    ("锦园 2 qi gongdi ye li da zhuang", "期:2"),
    ("Building 8 lift broken again", "栋:8"),
    ("bldg. 3 的电梯", "栋:3"),
    ("Block No.7 water pipe burst", "栋:7"),
    ("Group 5 compensation not paid", "组:5"),
    ("phase 2 工地太吵", "期:2"),
    ("８　ｄｏｎｇ電梯壞了", "栋:8"),  # full width and traditional
    ("BUILDING 12 的电梯", "栋:12"),
])
def test_a_spot_in_latin_letters_or_marks_is_read_as_its_chinese_form(text: str,
                                                                      found: str) -> None:
    assert found in _numbers(text)


@pytest.mark.parametrize(("latin", "chinese"), [
    ("锦绣华庭 8 dong dianti huai le", "锦绣华庭8号楼电梯坏了"),
    ("锦绣华庭 8 dong dianti huai le", "锦绣华庭八栋电梯坏了"),
    ("上塘村 5 zu buchang", "上塘村五组补偿"),
    ("Building 3 lift", "三号楼电梯"),
    ("3 zhuang dianti", "3幢电梯"),
    ("2 danyuan men jin", "二单元门禁"),
])
def test_the_same_spot_written_two_ways_is_one(latin: str, chinese: str) -> None:
    reader = PartsReader()
    a, b = reader.read(normalize(latin)), reader.read(normalize(chinese))
    assert a.numbers == b.numbers
    assert a.buildings == b.buildings


@pytest.mark.parametrize("text", [
    "yi dong de xinhao tai cha",  # 移动, not building one
    "ren yuan liu dong tai da",  # 流动
    "qi dong bu liao",  # 启动
    "shi qi de wenti",  # 时期
    "wo men yi qi qu",  # 一起
    "shi dui de",  # 是对的
    "8 dongmen kou you keng",  # 东门
    "wu zuo de shihou",  # 午座? no group
    "unit 301 leaking",  # a room, not a spot
    "301室楼上漏水",
    "dong tian tai leng",
    "#维权# 物业不作为",
    "3#楼电梯",  # measured and left out (docs/NLP.md, session 24)
    "building materials piled 8 meters high",
    "fire in my building 12th floor",  # a floor, by its ordinal
])
def test_words_that_only_look_like_a_spot_are_none(text: str) -> None:
    assert _numbers(text) == ()
    assert in_characters(normalize(text)) == normalize(text)


def test_two_buildings_clash_when_one_is_in_pinyin(judge: MatterJudge) -> None:
    clash = FEATURES.index("numbers_clash")
    building = FEATURES.index("building_conflict")
    eight = judge.sign("jinxiu huating 8 dong dianti huai le")
    three = judge.sign("锦绣华庭小区3号楼电梯经常困人，请督促物业检修。")
    eight_again = judge.sign("锦绣华庭八号楼的电梯又坏了")
    assert pair_features(eight, three)[clash] == 1.0
    assert pair_features(eight, three)[building] == 1.0
    assert pair_features(eight, eight_again)[clash] == 0.0
    assert pair_features(eight, eight_again)[building] == 0.0


@pytest.mark.parametrize(("latin", "neighbour"), [
    ("jinxiu huating 8 dong dianti huai le, 28 hao kun le ren", "锦绣华庭3栋电梯又困人了，上个月才修过"),
    ("shiqiao cun 5 zu zhengdi kuan hai mei fa", "石桥村二组征地款一年多没发"),
    ("Building 7 of Jinxiu Huating lift broken again", "锦绣华庭2号楼电梯坏了，请物业修"),
])
def test_a_latin_side_vouches_for_nothing_at_another_numbered_spot(
        judge: MatterJudge, latin: str, neighbour: str) -> None:
    latin_found = FEATURES.index("latin_found")
    a, b = judge.sign(latin), judge.sign(neighbour)
    assert pair_features(a, b)[FEATURES.index("numbers_clash")] == 1.0
    assert pair_features(a, b)[latin_found] == 0.0
    assert pair_features(b, a)[latin_found] == 0.0


def test_a_latin_side_at_the_same_numbered_spot_still_vouches(judge: MatterJudge) -> None:
    latin_found = FEATURES.index("latin_found")
    a = judge.sign("jinxiu huating 8 dong dianti huai le")
    b = judge.sign("锦绣华庭8号楼电梯坏了，老人被困")
    assert pair_features(a, b)[latin_found] > 0.0


@pytest.mark.parametrize(("traditional", "simplified"), [
    ("錦繡華庭3號樓電梯又壞了，請物業盡快維修", "锦绣华庭3号楼电梯又坏了，请物业尽快维修"),
    ("樓上裝修噪音擾民，晚上十點還在敲牆", "楼上装修噪音扰民，晚上十点还在敲墙"),
    ("石橋村五組徵地補償款一直沒發下來", "石桥村五组征地补偿款一直没发下来"),
])
def test_a_text_in_traditional_characters_signs_as_its_simplified_form(
        judge: MatterJudge, traditional: str, simplified: str) -> None:
    assert judge.sign(traditional).to_bytes() == judge.sign(simplified).to_bytes()
