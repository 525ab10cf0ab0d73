"""Matter judgements, session 27 (helper party32): the party complained of read without the
words before it, and two firms named apart are two matters (issue 16).

A firm's name is read backwards from its designator, so the verb, preposition, conjunction or
date before it came along ("找鼎力劳务公司", "责令物业", "物业和维保公司", "10月起物业");
:func:`nlp.party_names.party_core` cuts them by class. With the names clean, two texts that
each name a firm by a proper name, neither the other's (a short name inside the full name is
one firm), are read as two parties at one site and not linked. Every sentence is written for
these tests (none is a corpus row)."""

from __future__ import annotations

import pytest

from nlp.matter import MatterJudge
from nlp.matter_parts import PartsReader
from nlp.normalize import normalize
from nlp.party_names import firms_apart, party_core, proper_part
from nlp.tokenizer import Tokenizer


@pytest.fixture(scope="module")
def judge() -> MatterJudge:
    return MatterJudge.load(Tokenizer())


@pytest.fixture(scope="module")
def reader() -> PartsReader:
    return PartsReader()


@pytest.mark.parametrize(("core", "party", "kind"), [
    ("找恒丰劳务", "恒丰劳务", "verb"),
    ("责令安泰建筑", "安泰建筑", "verb"),
    ("投诉佳美装饰", "佳美装饰", "verb"),
    ("被顺心物流", "顺心物流", "verb"),
    ("向华泰", "华泰", "verb"),
    ("工人跟永兴", "永兴", "verb"),
    ("业主想换", "", "verb"),
    ("电工和安捷", "安捷", "conjunction"),
    ("城管与", "", "conjunction"),
    ("九月永兴建材", "永兴建材", "date"),
    ("3月起", "", "date"),
    # A name's own characters stay: 和 ending a two-character name, 和平, 广告's 告, 问题's 问.
    ("仁和", "仁和", ""),
    ("和平里热力", "和平里热力", ""),
    ("恒通广告", "恒通广告", ""),
    ("售后问题", "售后问题", ""),
    ("永兴", "永兴", ""),
])
def test_party_core_cuts_the_preface_by_class(core: str, party: str, kind: str) -> None:
    assert party_core(core) == (party, kind)


@pytest.mark.parametrize(("core", "proper"), [
    ("安泰建筑工程", "安泰"),
    ("佳美装饰", "佳美"),
    ("恒丰劳务", "恒丰"),
    ("燃气", ""),          # a firm named by its trade only: no proper name
    ("物业", ""),
    ("维保", ""),
    ("永兴", "永兴"),
])
def test_proper_part_drops_the_trade(core: str, proper: str) -> None:
    assert proper_part(core) == proper


@pytest.mark.parametrize(("text", "firm"), [
    ("我们去找恒丰劳务公司要工钱，没人理", "恒丰劳务公司"),
    ("请责令安泰建筑公司晚上停工", "安泰建筑公司"),
    ("物业和维保公司互相推，电梯还是坏的", "维保公司"),
    ("九月永兴建材厂又开始半夜装车", "永兴建材厂"),
])
def test_a_firm_is_read_without_the_words_before_it(reader: PartsReader, text: str,
                                                    firm: str) -> None:
    firms = {name.text for name in reader.read(normalize(text)).names if name.kind == "company"}
    assert firms == {firm}


@pytest.mark.parametrize("text", ["请责令物业马上修好", "3月起物业就不管了", "城管与公司都说不归他们管"])
def test_only_preface_before_a_designator_names_no_firm(reader: PartsReader, text: str) -> None:
    assert not [name for name in reader.read(normalize(text)).names if name.kind == "company"]


@pytest.mark.parametrize(("mine", "theirs", "apart"), [
    (["安泰建筑"], ["恒丰劳务"], True),
    (["佳美装饰"], ["宏图装饰"], True),
    (["安泰建筑"], ["安泰"], False),       # the short name inside the full one: one firm
    (["安泰建筑工程"], ["安泰建筑"], False),
    (["燃气"], ["安泰建筑"], False),       # one side names a trade only: nothing to compare
    ([], ["安泰建筑"], False),
])
def test_firms_apart(mine: list[str], theirs: list[str], apart: bool) -> None:
    assert firms_apart(mine, theirs, frozenset(), frozenset()) is apart
    assert firms_apart(theirs, mine, frozenset(), frozenset()) is apart


def test_a_firm_written_without_its_designator_in_the_other_is_no_clash() -> None:
    # "恒丰那边" names 恒丰 without 劳务公司: its characters are the other text's.
    assert not firms_apart(["恒丰劳务"], ["安泰建筑"], frozenset(), frozenset("恒丰那边欠钱"))


# Two firms at one site, one complaint: two matters (the second names another firm).
TWO_FIRMS = [
    ("滨河名都工地的安泰建筑公司拖欠我们木工三个月工资，请劳动监察督促支付",
     "滨河名都工地恒丰劳务公司招的钢筋工，四个月工资没发，老板电话打不通"),
    ("万象城三楼的佳美装饰公司收了装修定金不开工，要求退钱",
     "万象城三楼宏图装饰公司收了我两万定金，人找不到了，要求退还定金"),
]
# One firm told twice, once with a preface before its name and once with its short name.
ONE_FIRM = [
    ("滨河名都工地的安泰建筑公司拖欠我们木工三个月工资，请劳动监察督促支付",
     "我们去找安泰公司要滨河名都工地的木工工资，三个月了一分没给"),
    ("请责令永兴建材厂晚上别再装车，噪音太大睡不着",
     "永兴建材厂每天半夜装车卸车，吵得整栋楼睡不着"),
]


@pytest.mark.parametrize(("a", "b"), TWO_FIRMS)
def test_two_firms_at_one_site_are_not_linked(judge: MatterJudge, a: str, b: str) -> None:
    assert judge.score(judge.sign(a), judge.sign(b)) == 0.0
    assert not judge.same(judge.sign(a), judge.sign(b))


@pytest.mark.parametrize(("a", "b"), ONE_FIRM)
def test_one_firm_told_twice_is_not_vetoed(judge: MatterJudge, a: str, b: str) -> None:
    assert judge.score(judge.sign(a), judge.sign(b)) > 0.0
