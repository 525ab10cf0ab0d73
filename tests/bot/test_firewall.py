"""The unit table behind the whistleblower firewall: names resolved by aliases, abbreviations
and the hierarchy; unknown names refused; and the one access rule (``bot.access``) on it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot import access
from bot.api.accounts import AccountError, Principal, add_user
from bot.firewall import UnitsError, UnitTree, UnknownUnit
from storage import Case

TREE = UnitTree.load()


@pytest.mark.parametrize(("written", "unit"), [
    ("朝阳区住建委", "朝阳区住房和城乡建设委员会"),
    ("朝阳区住房和城乡建设委员会", "朝阳区住房和城乡建设委员会"),
    ("朝阳区住建局", "朝阳区住房和城乡建设委员会"),  # an alias in units.toml
    ("朝阳 区 住建委", "朝阳区住房和城乡建设委员会"),  # spaces
    ("朝阳区住建委\u3000", "朝阳区住房和城乡建设委员会"),  # an ideographic space
    ("区政府", "区人民政府"),
    ("海淀区政府", "海淀区人民政府"),
    ("市纪委", "市纪委监委"),
    ("市纪律检查委员会", "市纪委监委"),
    ("北京市住房和城乡建设委员会", "市住房和城乡建设委员会"),
    ("区城市管理局", "区城管局"),
    ("海淀区公安局", "海淀区公安分局"),
])
def test_names_resolve_to_one_unit(written: str, unit: str) -> None:
    assert TREE.resolve(written) == unit
    assert TREE.same(written, unit)


@pytest.mark.parametrize(("written", "suggested"), [
    ("朝阳区住建处", "朝阳区住房和城乡建设委员会"),
    ("区住建", "区住建局"),
])
def test_an_unknown_name_is_refused_with_the_nearest_units(written: str, suggested: str) -> None:
    with pytest.raises(UnknownUnit) as refused:
        TREE.resolve(written)
    assert suggested in refused.value.suggestions
    assert written in str(refused.value)


def test_a_name_that_fits_two_units_is_refused_as_ambiguous() -> None:
    tree = UnitTree.from_mapping({"parents": {"甲区住建委": "甲区人民政府",
                                              "甲区住房和城乡建设委员会": "甲区人民政府"}})
    with pytest.raises(UnknownUnit) as refused:
        tree.resolve("甲区住建委")
    assert refused.value.ambiguous and len(refused.value.suggestions) == 2


@pytest.mark.parametrize(("unit", "accused", "within"), [
    ("区住建局", "区住建局", True),
    ("区住建局质量安全科", "区住建局", True),
    ("区住建局质量安全科", "区政府", True),  # two levels down, through an abbreviation
    ("朝阳区住建委", "朝阳区住房和城乡建设委员会", True),  # the issue's own example
    ("朝阳区住建局", "朝阳区人民政府", True),
    ("区人民政府", "区住建局", False),  # above the accused: not barred (bot.access)
    ("区纪委监委", "区人民政府", False),  # the discipline organ is not under the government
    ("海淀区住建委", "朝阳区人民政府", False),
    ("市教育委员会", "区人民政府", False),
])
def test_the_hierarchy_is_walked_on_resolved_names(unit: str, accused: str, within: bool) -> None:
    assert TREE.is_within(unit, accused) is within
    assert (TREE.conflict(unit, ["市商务局", accused]) is not None) is within


@pytest.mark.parametrize(("accused", "organ"), [
    (["区城管局"], "区纪委监委"),
    (["朝阳区住房和城乡建设委员会"], "朝阳区纪委监委"),
    (["市教育委员会"], "市纪委监委"),
    (["区住建局质量安全科"], "区纪委监委"),
    # The organ itself accused: the level above, never the accused one.
    (["区城管局", "区纪委监委"], "市纪委监委"),
    (["市委"], None),  # everything a city-level organ could be is under the accused
])
def test_an_accusation_goes_to_the_discipline_organ_at_the_accused_level(
        accused: list[str], organ: str | None) -> None:
    assert TREE.accusation_destination(accused) == organ


@pytest.mark.parametrize(("text", "found"), [
    ("举报区城管局执法人员收受贿赂", ("区城管局",)),
    ("朝阳区城管局的队员和区住建局质量安全科科长", ("区住建局质量安全科", "朝阳区城市管理委员会")),
    ("小区门口的路灯坏了", ()),
])
def test_units_named_in_a_text(text: str, found: tuple[str, ...]) -> None:
    assert set(TREE.find_in(text)) == set(found)


def _find_in_by_scanning(tree: UnitTree, text: str) -> tuple[str, ...]:
    """``find_in`` as it was first written: every name of one unit, longest first, looked
    for in the text; a name overlapping one already found is passed over."""
    target = tree.key(text)
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for key in sorted(tree._index, key=len, reverse=True):
        units = tree._index[key]
        if len(key) < 3 or len(units) != 1:
            continue
        start = target.find(key)
        while start >= 0:
            end = start + len(key)
            if not any(start < t_end and t_start < end for t_start, t_end in taken):
                taken.append((start, end))
                if units[0] not in found:
                    found.append(units[0])
            start = target.find(key, end)
    return tuple(found)


def test_units_in_a_text_are_found_as_a_scan_of_every_name_finds_them() -> None:
    """Looking only at the names that start with a character of the text (issue 17) finds
    the same units in the same order as scanning every name, overlaps and repeats included."""
    rng = random.Random(30)
    names = sorted(TREE._index)
    filler = ["举报", "执法人员", "收受贿赂", "的", "区", "市", "局", "和", "，"]
    texts = ["".join(rng.choice(names) if rng.random() < 0.5 else rng.choice(filler)
                     for _ in range(rng.randint(1, 8))) for _ in range(600)]
    found = [TREE.find_in(text) for text in texts]
    assert found == [_find_in_by_scanning(TREE, text) for text in texts]
    assert sum(len(units) > 1 for units in found) > 50  # overlapping names were exercised


@pytest.mark.parametrize(("content", "message"), [
    ('[parents]\n"甲" = "乙"\n"乙" = "甲"\n', "cycle"),
    ('[aliases]\n"甲" = "乙"\n', "list"),
    ('[contacts]\n"甲" = "jia@example.cn"\n', "mailto:"),
    ('[county]\nfoo = 1\n', "county"),
    ('[parents]\n"甲局" = "乙"\n"丙局" = "乙"\n[aliases]\n"甲局" = ["丙局"]\n', "another unit"),
    ("[teams]\n", "unknown key"),
])
def test_a_malformed_unit_table_names_the_problem(tmp_path: Path, content: str,
                                                  message: str) -> None:
    path = tmp_path / "units.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnitsError, match=message):
        UnitTree.load(path)


def test_county_templates_are_made_for_every_county() -> None:
    tree = UnitTree.from_mapping({"county": {
        "parents": {"{county}住房和城乡建设委员会": "{county}人民政府"},
        "aliases": {"{county}住房和城乡建设委员会": ["{county}住建局"]},
        "discipline": {"{county}人民政府": "{county}纪委监委"}}}, counties=("甲区", "乙县"))
    assert tree.resolve("乙县住建局") == "乙县住房和城乡建设委员会"
    assert tree.discipline_organ("甲区住建委") == "甲区纪委监委"


def case(unit: str, accused: list[str], kind: str = "") -> Case:
    return Case(number="XF2026-000001", code_hash="-", petitioner_id=1, identity_id=1,
                channel="sms", unit=unit, accused_units=accused, statutory_type=kind,
                received_at=None, created_at=None, updated_at=None)  # type: ignore[arg-type]


def handler(unit: str) -> Principal:
    return Principal(1, "h", "handler", unit)


@pytest.mark.parametrize(("viewer", "held_by", "accused", "sees", "identity"), [
    (handler("区住建局"), "区住建局", [], True, True),
    (handler("区住建局"), "区城管局", [], False, True),
    (handler("朝阳区住建委"), "朝阳区住房和城乡建设委员会", [], True, True),  # by alias
    # Held by the accused (old data, or a step that forgot): the accused never sees it.
    (handler("区住建局"), "区住建局", ["区住建局"], False, False),
    (handler("区住建局质量安全科"), "区住建局质量安全科", ["区政府"], False, False),
    # The handling unit of an accusation: sees the matter, never who accused.
    (handler("区纪委监委"), "区纪委监委", ["区住建局"], True, False),
    (handler("区人民政府"), "区人民政府", ["区住建局"], True, False),  # above: allowed
    (Principal(2, "c", "clerk", ""), "区住建局", ["区住建局"], True, True),
    (Principal(3, "b", "supervisor", ""), "", ["区住建局"], True, True),
])
def test_the_access_rule(viewer: Principal, held_by: str, accused: list[str], sees: bool,
                         identity: bool) -> None:
    row = case(held_by, accused)
    assert access.may_see(viewer, row, TREE) is sees
    assert access.sees_identity(viewer, row) is identity


def test_a_handler_account_names_a_unit_of_the_table(sqlite_url: str, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from storage import Store
    from storage.accounts import StaffUser

    store = Store.open(sqlite_url, tmp_path / "data")
    now = datetime(2026, 11, 22, tzinfo=UTC)
    try:
        with pytest.raises(AccountError, match="朝阳区住建处"):
            store.write_sync(lambda s: add_user(s, "甲", "handler", now, unit="朝阳区住建处",
                                                units=TREE))
        store.write_sync(lambda s: add_user(s, "乙", "handler", now, unit="朝阳区住建委",
                                            units=TREE))
        from sqlmodel import select

        stored = store.read_sync(lambda s: s.exec(select(StaffUser.unit)).all())
        assert stored == ["朝阳区住房和城乡建设委员会"]
    finally:
        store.close()


def test_every_way_a_unit_is_written_short_forms_included() -> None:
    """Stored unit columns hold what staff typed: a queue for 市交通委员会 finds "市交通委"."""
    names = TREE.names_of("市交通委员会")
    assert {"市交通委员会", "市交通委", "市交通局"} <= names
    assert "区交通委" not in names
