"""Matter judgements, session 22 (helper matter26): two misreadings that vetoed one matter as two
places — "小区" after a verb of going in or out read as an estate's name ("些车进小区"), and a
bus line ("105路") clashing with the street it stops on ("永兴路")."""

from __future__ import annotations

import pytest

from nlp.matter import MatterJudge
from nlp.matter_model import places_conflict
from nlp.matter_parts import PartsReader
from nlp.matter_signature import MatterSignature
from nlp.matter_view import view_of
from nlp.normalize import normalize


def _estates(text: str) -> list[str]:
    parts = PartsReader().read(normalize(text))
    return [name.core for name in parts.names if name.kind == "community"]


@pytest.mark.parametrize("text", [
    # "小区" after going in, out, back or away is the word: no estate is named by it.
    "晚上外卖车一辆接一辆地开进小区，请物业管一管",
    "请物业不许这些车进小区",
    "工厂的烟飘进小区，呛得睡不着",
    "垃圾站距离小区不到五十米",
    "施工车辆进出小区把路压坏了",
    "废水直接排入小区旁边的河里",
])
def test_no_estate_is_named_by_the_word_after_a_verb_of_motion(text: str) -> None:
    assert _estates(text) == []


@pytest.mark.parametrize(("text", "estate"), [
    ("金港湾小区老鼠太多，请物业消杀", "金港湾"),
    ("我家住在翠微花园小区北门", "翠微花园"),
    ("我住在锦华苑小区三号楼", "锦华苑"),
])
def test_an_estate_named_before_the_word_is_still_read(text: str, estate: str) -> None:
    assert estate in _estates(text)


@pytest.mark.parametrize(("a", "b"), [
    # The estate named once, the word "小区" after a verb in the other: one place.
    ("翠微花园里快递车开得飞快，请物业不许这些车进小区", "翠微花园快递车在小区里飙车"),
    ("锦华苑门口卸货的车一早就开进小区，吵死了", "锦华苑小区凌晨卸货太吵"),
    # A bus line and the street it stops on: one place.
    ("永兴路口105路站被撤了，请恢复", "永兴路那个105的站怎么没了"),
    ("长青路上的32路站牌被拆了", "长青路那个公交站没了，请加回来"),
])
def test_one_place_is_not_vetoed_as_two(judge: MatterJudge, a: str, b: str) -> None:
    first, second = judge.sign(a), judge.sign(b)
    assert not places_conflict(first, second)
    assert not places_conflict(second, first)
    # A signature read back from its bytes (a case on file) is judged the same.
    stored = MatterSignature.from_bytes(second.to_bytes())
    assert not places_conflict(first, stored)


@pytest.mark.parametrize(("a", "b"), [
    # Two bus lines are still two (12路 / 128路 are neighbours), and two streets two.
    ("12路车太少了，早上等半小时", "128路车太少了，早上等半小时"),
    ("105路站被撤了，请恢复", "106路站被撤了，请恢复"),
    ("永兴路人行道砖翘起来了", "长青路人行道砖翘起来了"),
    # Two estates named, none the same: still two places.
    ("金港湾小区老鼠太多", "银杏里小区老鼠太多"),
])
def test_two_places_still_clash(judge: MatterJudge, a: str, b: str) -> None:
    assert places_conflict(judge.sign(a), judge.sign(b))


def test_a_bus_line_clashes_only_with_a_bus_line(judge: MatterJudge) -> None:
    line = view_of(judge.sign("105路站被撤了"))
    street = view_of(judge.sign("永兴路人行道砖翘起来了"))
    assert line.clash_kinds == frozenset({"route"})
    assert street.clash_kinds == frozenset({"road"})
