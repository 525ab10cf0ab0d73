"""The party a petition complains of, its name cleaned of the words written before it, and
whether two texts name two firms (issue 16, helper party32).

A firm's name is read backwards from its designator ("鼎力劳务" + "公司") up to six characters
(:mod:`nlp.matter_parts`), so the verb or preposition before it comes along: "找鼎力劳务公司",
"责令宏远建筑公司", "物业和维保公司", "10月起物业", "工地宏达建筑公司". Two texts about one firm then
name it apart and two firms cannot be told from one. :func:`party_core` cuts such a preface by
class; :func:`proper_part` is what is left of a name once its trade is dropped ("宏达建筑" →
"宏达"): a firm named only by its trade ("燃气公司", "物业") is no proper name, and two of those
tell nothing apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

#: Words that end a preface wherever they stand in a core read before a firm's designator:
#: complaining, ordering, asking, learning, and the filler between a story and the firm
#: ("办医保才知道公司", "业主想换物业", "并追究物业公司"). None of them is part of a firm's name.
_PREFACE_WORDS = (
    "投诉", "反映", "举报", "责令", "责成", "追究", "制止", "协调", "麻烦", "认为", "因为", "通过",
    "知道", "发现", "赶紧", "解聘", "报修", "更换", "应该由", "扔进", "冲进", "好多", "期间", "后来",
    "催下", "找过", "想换", "依法", "应由",
)
#: Single characters that are a verb or preposition before a name wherever they stand in a
#: core ("业赶紧找维保公司", "火车站打顺达公司", "金色家园换物业", "擅自将物业"): 找, 被, 给, 跟,
#: 把, 让, 叫, 催, 打, 换, 将 name no firm (问 does, in 问题: "赔偿问题超市" is 超市's).
_PREFACE_ANYWHERE = frozenset("找被给跟把让叫催打换将")
#: Single characters that are a preface only at the core's start ("向物业", "告宏达", "在宏达",
#: "由物业", "比自来水公司", "问物业"): inside a name they are often its own (向阳, 告 of 广告).
_PREFACE_AT_START = frozenset("向告在由比问到去是说也还又该那这个里边进求")
#: A conjunction between two parties ("物业和维保公司", "城管和单车公司", "外卖和快递"): the
#: designator is the last party's. Only after a word of two characters or more: "仁和医院",
#: "嘉和物业" end their own names on 和; and not 和平, 和谐, 和美, 和顺 ("和平里热力公司").
_CONJUNCTION = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:和(?![平谐美顺])|与|以及|及)")
#: A date before a name ("10月起物业", "八月宏达建材厂", "今年物业"): the name is after it.
_DATE = re.compile(r"(?:[0-9]{1,4}|[一二两三四五六七八九十]{1,3})[年月号日](?:起|份|底|初|中|以来)?"
                   r"|(?:今年|去年|前年|本月|上月|这个月|上个月)")
#: Trades a firm is named by after its proper name ("宏达" + "建筑工程", "金鼎" + "装饰"), longest
#: first; a core that is only trades names no firm of its own ("燃气", "维保", "物业").
TRADES = tuple(sorted((
    "建筑工程", "建筑", "工程", "劳务", "装饰", "装修", "物流", "电子", "化工", "建材", "石材", "纸品",
    "制衣", "服装", "人力资源", "人力", "汽车", "教育", "英语", "培训", "健身", "燃气", "自来水",
    "热力", "供电", "电力", "电信", "保洁", "维保", "物业", "快递", "派遣", "运营", "运输", "排水",
    "收费", "广告", "充电", "单车", "司机", "水厂", "造纸", "纺织", "砖", "农资", "小炒", "烧烤",
    "火锅", "烤鱼", "便利", "美发", "养猪", "开发", "房地产", "实业", "科技", "贸易", "商贸",
), key=len, reverse=True))


def party_core(core: str) -> tuple[str, str]:
    """``core`` (read before a party's designator) without the preface before the name, and
    the kind of preface cut: "verb" (a verb or preposition), "conjunction", "date" or "" (none).
    An empty core means the words before the designator were all preface ("责令物业")."""
    cut, kind = 0, ""
    for word in _PREFACE_WORDS:
        at = core.rfind(word)
        if at >= 0 and at + len(word) > cut:
            cut, kind = at + len(word), "verb"
    for at, character in enumerate(core):
        if character in _PREFACE_ANYWHERE and at + 1 > cut:
            cut, kind = at + 1, "verb"
    for match in _CONJUNCTION.finditer(core):
        if match.end() > cut:
            cut, kind = match.end(), "conjunction"
    for match in _DATE.finditer(core):
        if match.end() > cut:
            cut, kind = match.end(), "date"
    while cut < len(core) and core[cut] in _PREFACE_AT_START:
        cut, kind = cut + 1, kind or "verb"
    return core[cut:], kind


def proper_part(core: str) -> str:
    """The firm's own name in ``core``, its trades dropped from the end ("宏达建筑工程" → "宏达",
    "金茂大厦智优教育" → "金茂大厦智优"); "" when nothing of two characters is left."""
    rest = core
    trimmed = True
    while trimmed:
        trimmed = False
        for trade in TRADES:
            if len(rest) > len(trade) and rest.endswith(trade):
                rest, trimmed = rest[:-len(trade)], True
                break
        if rest in TRADES:
            return ""
    return rest if len(rest) >= 2 else ""


def firms_apart(mine: Iterable[str], theirs: Iterable[str], my_characters: AbstractSet[str],
                their_characters: AbstractSet[str]) -> bool:
    """Whether both texts name a firm by a proper name (the cores of their company names) and
    no firm of one is a firm of the other: neither proper name inside the other (a short name
    inside the full name is one firm: "宏达" / "宏达建筑"), and not every character of either
    written anywhere in the other text (a firm named there without its designator, "鼎力那边")."""
    my_firms = {part for core in mine if (part := proper_part(core))}
    their_firms = {part for core in theirs if (part := proper_part(core))}
    if not my_firms or not their_firms:
        return False
    for one in my_firms:
        for other in their_firms:
            if one in other or other in one:
                return False
    return not (any(all(ch in their_characters for ch in one) for one in my_firms)
                or any(all(ch in my_characters for ch in other) for other in their_firms))
