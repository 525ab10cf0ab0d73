from __future__ import annotations

from pathlib import Path

import pytest

from nlp import Analyzer, Place, Territory, TerritoryError
from nlp.places import PlaceResolver

BEIJING = Territory.default()

CHANGCHUN_TOML = """
name = "长春市信访局"
[[province]]
name = "吉林省"
aliases = ["吉林"]
[[province.city]]
name = "长春市"
aliases = ["长春"]
counties = ["南关区", "宽城区", "朝阳区", "二道区", "绿园区"]
county_aliases = { "二道" = "二道区" }
"""


@pytest.fixture(scope="module")
def beijing() -> PlaceResolver:
    return PlaceResolver(BEIJING)


@pytest.fixture(scope="module")
def changchun(tmp_path_factory: pytest.TempPathFactory) -> PlaceResolver:
    path = tmp_path_factory.mktemp("territory") / "territory.toml"
    path.write_text(CHANGCHUN_TOML, encoding="utf-8")
    return PlaceResolver(Territory.from_toml(path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("朝阳区一个小区晚上施工噪音扰民", ("北京市", "北京市", "朝阳区")),
        ("朝阳 区 小区 施工", ("北京市", "北京市", "朝阳区")),
        ("长春市朝阳区的路灯坏了", ("吉林省", "长春市", "朝阳区")),
        ("吉林省朝阳区", ("吉林省", "长春市", "朝阳区")),
        ("我住在海淀，学校在海淀区", ("北京市", "北京市", "海淀区")),
        ("南京鼓楼区有家店卖假货", ("江苏省", "南京市", "鼓楼区")),
        ("广州市天河区", ("广东省", "广州市", "天河区")),
        ("北京", ("北京市", "北京市", None)),
    ],
)
def test_places_for_a_beijing_bureau(beijing: PlaceResolver, text: str, expected: tuple[str | None, ...]) -> None:
    from nlp import normalize

    places = beijing.find(normalize(text))
    assert places, text
    assert (places[0].province, places[0].city, places[0].county) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("朝阳区的供暖不热", ("吉林省", "长春市", "朝阳区")),
        ("北京市朝阳区", ("北京市", "北京市", "朝阳区")),
        ("二道这边的路坏了", ("吉林省", "长春市", "二道区")),
    ],
)
def test_places_for_a_changchun_bureau(changchun: PlaceResolver, text: str, expected: tuple[str | None, ...]) -> None:
    places = changchun.find(text)
    assert (places[0].province, places[0].city, places[0].county) == expected


def test_ambiguous_name_outside_the_territory_keeps_only_what_is_certain(beijing: PlaceResolver) -> None:
    # 鼓楼区 is in Nanjing, Xuzhou, Fuzhou and Kaifeng; none is named, none is local.
    assert beijing.find("鼓楼区菜市场") == (Place(None, None, "鼓楼区", ("鼓楼区",)),)


def test_two_districts_are_two_places(beijing: PlaceResolver) -> None:
    places = beijing.find("我在海淀区上班，住在通州区")
    assert [place.county for place in places] == ["海淀区", "通州区"]


def test_no_place(beijing: PlaceResolver) -> None:
    assert beijing.find("小区物业不作为") == ()
    assert beijing.find("") == ()


def test_analyzer_uses_the_given_territory(changchun: PlaceResolver) -> None:
    analyzer = Analyzer.load(territory=changchun.territory)
    assert analyzer.analyze("朝阳区有人跳楼").places[0].city == "长春市"


@pytest.mark.parametrize(
    "toml",
    [
        "name = 'x'",
        "[[province]]\naliases = ['a']",
        "[[province]]\nname = 'x'\n[[province.city]]\nname = 'y'\ncounties = 'z'",
        "[[province]]\nname = 'x'\n[[province.city]]\nname = 'y'\ncounties = ['a区']\ncounty_aliases = { 'b' = 'c区' }",
        "not toml [",
    ],
)
def test_bad_territory_files(tmp_path: Path, toml: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(TerritoryError):
        Territory.from_toml(path)


def test_missing_territory_file(tmp_path: Path) -> None:
    with pytest.raises(TerritoryError):
        Territory.from_toml(tmp_path / "absent.toml")
