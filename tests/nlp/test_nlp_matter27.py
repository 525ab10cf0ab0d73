"""Matter judgements, session 22 (helper matter27): things of one thing read as conflicting things
("停水" / "自来水", "积水" / "井盖", "噪音" / "广场舞"), a verb of going in read into an estate's name
("开进翠微花园小区" as "开进翠微花园"), and a kind of place after a verb of building read as an estate
("建物流园")."""

from __future__ import annotations

import pytest

from bot.matters import things_apart
from nlp.matter import MatterJudge
from nlp.matter_model import FEATURES, pair_features
from nlp.matter_parts import PartsReader, shipped_lexicon, thing_kin
from nlp.matter_signature import MatterSignature
from nlp.matter_view import view_of
from nlp.normalize import normalize

CONFLICT = FEATURES.index("thing_conflict")


def _estates(text: str) -> list[str]:
    parts = PartsReader().read(normalize(text))
    return [name.core for name in parts.names if name.kind == "community"]


def test_every_kin_is_a_thing_of_the_lexicon() -> None:
    lexicon = shipped_lexicon()
    assert lexicon.kin, "no kin groups read"
    assert set(lexicon.kin) <= set(lexicon.things)
    assert set(lexicon.kin.values()) <= set(lexicon.kin)
    assert thing_kin(["停水"]) == thing_kin(["自来水"])
    assert thing_kin(["停水"]) != thing_kin(["路灯"])


@pytest.mark.parametrize(("a", "b"), [
    # The supply and its outage.
    ("石桥镇上塘村从本月3号起就没有自来水了，请尽快恢复供水", "俺们上塘村停水停了八九天了，啥时候来水"),
    # The water standing and the drain it stands on.
    ("红叶小区南门的井盖被落叶堵死了，请来清掏", "红叶小区南门一下雨就积水，车开不进去"),
    # The noise and its source.
    ("公园东门那帮跳舞的大妈天不亮就开音箱，吵得要命", "人民公园东门广场舞早上六点开始，请管管"),
])
def test_kin_things_are_no_thing_conflict(judge: MatterJudge, a: str, b: str) -> None:
    first, second = judge.sign(a), judge.sign(b)
    # Each stays its own thing (the kin is read only for the conflict) ...
    assert view_of(first).things and view_of(second).things
    assert not view_of(first).things & view_of(second).things
    # ... but they are not different things: no conflict, fresh or stored, either way round.
    stored = MatterSignature.from_bytes(second.to_bytes())
    for x, y in ((first, second), (second, first), (first, stored)):
        assert pair_features(x, y)[CONFLICT] == 0.0
        assert not things_apart(x, y)


@pytest.mark.parametrize(("a", "b"), [
    ("上塘村停水八九天了", "上塘村路灯不亮了"),
    ("红叶小区南门积水", "红叶小区南门油烟太大"),
    ("公园东门广场舞太吵", "公园东门垃圾没人清运"),
    # Kin of two groups are still two things.
    ("上塘村停水八九天了", "上塘村一下雨就积水"),
])
def test_other_things_still_conflict(judge: MatterJudge, a: str, b: str) -> None:
    first, second = judge.sign(a), judge.sign(b)
    assert pair_features(first, second)[CONFLICT] == 1.0
    assert things_apart(first, second)


@pytest.mark.parametrize("verb", ["开进", "走进", "住进", "搬进", "拐进", "驶入", "搬出", "走出"])
def test_a_verb_of_going_in_or_out_is_not_read_into_the_estate(verb: str) -> None:
    estates = _estates(f"渣土车晚上{verb}翠微花园小区，吵得没法睡")
    assert "翠微花园" in estates
    assert not any(verb in estate for estate in estates)


@pytest.mark.parametrize("text", [
    "村又要征地建物流园，补偿款一分没见",
    "前年被征用修物流园的地到现在没给钱",
    "王家庄这次物流园占地的补偿不公开",
    "镇上要建化工厂，离村子不到一里地",
])
def test_a_kind_of_place_to_be_built_names_no_place(text: str) -> None:
    names = PartsReader().read(normalize(text)).names
    assert not [name for name in names if name.kind == "community"], names
    assert not any(name.core.endswith(("物流", "化工")) for name in names), names


@pytest.mark.parametrize(("text", "core"), [
    ("东郊物流园拖欠运费", "东郊物流"),
    ("建设路一下雨就积水", "建设"),
    ("修文路的路灯坏了", "修文"),
    ("我住在建华小区三号楼", "建华"),
    ("我家住在翠微花园小区北门", "翠微花园"),
])
def test_names_starting_with_those_characters_are_still_read(text: str, core: str) -> None:
    names = PartsReader().read(normalize(text)).names
    assert core in [name.core for name in names]


def test_a_collective_check_finds_a_case_about_a_kin_thing(judge: MatterJudge) -> None:
    """things_apart keeps a case about a kin thing, so the name × thing keys must find it: the
    asking side asks by its things' kin, the stored side keeps its own things' keys."""
    new = judge.sign("上塘村停水停了八九天了，啥时候来水")
    on_file = MatterSignature.from_bytes(judge.sign("上塘村没有自来水了，请尽快恢复").to_bytes())
    other = MatterSignature.from_bytes(judge.sign("上塘村路灯不亮了，请来修").to_bytes())
    asked = set(new.collective_keys())
    assert not asked.isdisjoint(on_file.keys())
    assert not things_apart(new, on_file)
    # A case at the place about another thing only is still not read.
    assert asked.isdisjoint(other.keys()) or not things_apart(new, other)
    assert things_apart(new, other)
