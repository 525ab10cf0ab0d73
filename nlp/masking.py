"""Place names masked out of the classifier's words, so that a model cannot learn a city.

A model trained on one city's letters learns its districts ("A3区" is mostly housing) and then
misreads another city's.  Every place-like word becomes one placeholder, :data:`PLACE`, in
training and prediction alike: the anonymized codes of the reference data ("a3" + "区"),
gazetteer names and their short forms ("长春", "南关区"), and any word of three or more
characters ending in a division suffix ("武侯区", "金鼎村") except common nouns that end the
same way ("开发区", "城中村").  The routing step still sees the real places (:mod:`nlp.places`):
only the category stops depending on them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from nlp.territory import Territory

#: What every place word becomes.
PLACE = "某地"

_SUFFIXES = ("省", "市", "区", "县", "州", "旗", "镇", "乡", "村")
# Suffix words standing alone: what is left of "A市" after the reference data dropped the "A".
_BARE_SUFFIXES = frozenset({"省", "市", "区", "县", "州"})
# Anonymized codes and map grid names: "a3", "d12", "k".
_CODE = re.compile(r"^[a-z]{1,2}\d{0,3}$")
# Nouns that end in a division suffix but name a kind of place, not a place: they carry the
# matter ("城中村" is housing, "风景区" is tourism) and are kept.
_COMMON = frozenset({
    "开发区", "风景区", "景区", "居民区", "住宅区", "工业区", "保护区", "商业区", "示范区", "高新区", "经开区", "自贸区", "试验区",
    "生活区", "办公区", "服务区", "老城区", "主城区", "新城区", "中心城区", "城市", "城区", "市区", "郊区", "社区", "小区", "园区",
    "校区", "片区", "辖区", "学区", "新区", "街区", "库区", "林区", "山区", "牧区", "灾区", "禁区", "专区", "特区", "试点区",
    "安置区", "拆迁区", "棚户区", "贫困县", "全县", "本县", "全市", "本市", "我市", "该市", "城中村", "新农村", "自然村", "行政村",
    "美丽乡村", "乡村", "农村", "本村", "全村", "我村", "该村", "城乡", "小城镇", "特色小镇", "乡镇", "城镇", "集镇", "本镇", "全镇",
    "我镇", "该镇", "本省", "全省", "外省", "我省", "该省", "外地", "地级市", "县级市", "直辖市", "超市", "都市", "菜市", "夜市",
    "股市", "楼市", "车市", "早市", "集市", "门市", "开市", "上市", "黑市", "农贸市", "自治州", "全区", "本区", "我区", "该区",
    "各区", "各县", "各市", "各省", "各村", "各镇",
})


@lru_cache(maxsize=1)
def _gazetteer_names() -> frozenset[str]:
    names: set[str] = set()
    for province in Territory.national().provinces:
        names.update((province.name, *province.aliases))
        for city in province.cities:
            names.update((city.name, *city.aliases))
            for county in city.counties:
                names.update((county.name, *county.aliases))
    return frozenset(name for name in names if len(name) >= 2)


def is_place(word: str) -> bool:
    """Whether one content word names a particular place."""
    if word in _COMMON:
        return False
    if word in _gazetteer_names():
        return True
    return len(word) >= 3 and word.endswith(_SUFFIXES)


def mask_places(words: Sequence[str]) -> list[str]:
    """``words`` with every place word replaced by :data:`PLACE` (a code and its suffix: one)."""
    result: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if _CODE.match(word) and following in _BARE_SUFFIXES:
            index += 2  # "a3" "区": one place
        elif is_place(word) or word in _BARE_SUFFIXES:
            index += 1
        else:
            result.append(word)
            index += 1
            continue
        if not result or result[-1] != PLACE:
            result.append(PLACE)  # "长春市南关区": one mention, one placeholder
    return result
