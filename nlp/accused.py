"""Who an accusation names: the units and officials, as the citizen wrote them.

Art 30 forbids passing an accusation to the persons or units accused; the firewall can only
hold if it knows who they are.  A span is a run of place and organisation words ending in an
official's title ("副镇长", "村支书", "执法队员") or a public body ("城管局", "派出所",
"村委会").  Only called when the message is judged an accusation: in a noise complaint "城管"
is the helper, not the accused.
"""

from __future__ import annotations

import re

# Titles and bodies, longest first so that "副镇长" wins over "镇长".
_TITLES = sorted(
    (
        "党委书记", "村支书", "支书", "书记", "副镇长", "镇长", "副乡长", "乡长", "副县长", "县长",
        "副市长", "市长", "副区长", "区长", "副局长", "局长", "处长", "副科长", "科长", "副所长",
        "所长", "中队长", "大队长", "队长", "副主任", "主任", "村主任", "村长", "村干部", "干部",
        "会计", "出纳", "网格员", "民警", "警察", "法官", "检察官", "院长", "校长", "执法队员",
        "执法人员", "城管队员", "工作人员", "公务员", "领导", "官员", "组长", "站长", "经理",
    ),
    key=len, reverse=True,
)
_BODIES = sorted(
    (
        "镇政府", "乡政府", "区政府", "县政府", "市政府", "街道办事处", "街道办", "街道", "村委会",
        "居委会", "村委", "社区", "城管局", "城管", "派出所", "公安局", "交警大队", "交警中队",
        "住建局", "国土所", "自然资源局", "教育局", "卫健委", "民政局", "民政所", "人社局", "税务局",
        "税务所", "工商所", "市场监管局", "环保局", "生态环境局", "水利局", "财政局", "法院",
        "检察院", "管委会", "国资委", "执法局", "执法队", "医院", "学校", "局", "所", "委",
    ),
    key=len, reverse=True,
)
#: The titles and bodies, longest first, for other grammars about officials (nlp.inaction).
TITLES: tuple[str, ...] = tuple(_TITLES)
BODIES: tuple[str, ...] = tuple(_BODIES)
# A qualifier before the title: a place or body name of up to 12 characters, no punctuation.
_QUALIFIER = r"[\u4e00-\u9fffA-Za-z0-9]{0,12}?"
_SPAN = re.compile(
    "(" + _QUALIFIER + "(?:" + "|".join(map(re.escape, _BODIES)) + ")?"
    + "(?:的)?(?:一名|一个|某个|某|有个|几个)?"
    + "(?:" + "|".join(map(re.escape, _TITLES)) + ")"
    + "|" + _QUALIFIER + "(?:" + "|".join(map(re.escape, _BODIES[:-3])) + "))"
)
# Words that open a sentence but are not part of the name ("我要举报", "听说").
# Connectives and particles told on before a name late in a conversation ("另外镇长也…", "还有
# 镇上的刘书记", "给了村长的亲戚"): never a name's first characters.
_LEAD = re.compile(r"^(?:我要|我想|要|想|我|实名|举报|检举|控告|告发|揭发|反映|听说|请|彻查|查|有|"
                   r"们|的|和|跟|与|是|被|把|让|给|说|在|这个|那个|这|那|"
                   r"了|另外|还有|而且|并且|以及|对了|就是|也)+")
# Verbs inside a greedy span mark where the name starts ("向纪委反映村干部" names 村干部).
_CUT = re.compile(r".*(?:反映|举报|检举|控告|告发|揭发|投诉|向|找|说|和|跟|与|让|给|被|把)")
_MAX_SPANS = 4


def find_accused(text: str) -> tuple[str, ...]:
    """The accused units and officials named in normalized ``text``, in order, each once."""
    found: list[str] = []
    for match in _SPAN.finditer(text):
        span = _LEAD.sub("", _CUT.sub("", match.group(1)))
        if len(span) < 2 or span in found:
            continue
        # "县教育局局长": keep the longer span when one contains the other.
        if any(span in kept for kept in found):
            continue
        found = [kept for kept in found if kept not in span] + [span]
        if len(found) >= _MAX_SPANS:
            break
    return tuple(found)


# -- a threat against an official is no accusation of them ---------------------------------

_NAMED = "(?:" + "|".join(map(re.escape, _TITLES + [b for b in _BODIES if len(b) >= 2])) + ")"
_HARM = r"(?:砍|杀|捅|宰|弄死|打死|打残|收拾|废了|点了|烧了|炸了|放火|泼汽油|泼硫酸|同归于尽)"
_CLAUSE = r"[^，。！？；,.!?;]"
#: The official or body is the one harmed: "把那个镇长砍了", "把村主任家点了", "杀了那个村长".
_THREAT = re.compile(
    rf"(?:把|将){_CLAUSE}{{0,8}}?{_NAMED}{_CLAUSE}{{0,4}}?{_HARM}"
    rf"|{_HARM}[了死掉]?(?:那个|这个|那|这)?{_CLAUSE}{{0,6}}?{_NAMED}")


def threatens_official(text: str) -> bool:
    """Does ``text`` threaten harm to an official or a public body ("我就去把那个镇长砍了")?

    Art 30's accusation is of wrongdoing by them; here they are the ones in danger, and the
    message is the emergency it is (a person reads it at once), not a case for 纪检监察. In
    "镇长把我爸打了" the official is the one who harms, and the accusation stands.
    """
    return _THREAT.search(text) is not None



#: English "report" is the everyday word for telling a problem (反映: "I am writing to report a
#: water leak"), not only for accusing (举报). The words a faint accusation may rest on when it
#: rests on nothing but that verb and the sentence's function words; a word of wrongdoing
#: ("bribes", "corrupt") or an official named is none of them.
_REPORTING_WORDS = frozenset({
    "report", "reporting", "reported", "toreport", "write", "writing", "like", "want", "would",
    "wish", "need", "i", "im", "am", "to", "the", "a", "an", "in", "at", "on", "of", "for",
    "my", "our", "we", "is", "are", "that", "this", "there", "about", "with", "and", "it",
})
#: Over this the accusation head is sure enough to stand on "report" alone.
_FAINT_REPORT = 0.5


def only_reported(terms: tuple[str, ...], confidence: float) -> bool:
    """A faint accusation resting only on English "report" and function words (grammar markers
    aside): a problem reported, not an official accused."""
    words = [term.lower() for term in terms if not term.startswith("〈")]
    return (confidence < _FAINT_REPORT and any(word.startswith("report") or word == "toreport"
                                               for word in words)
            and all(word in _REPORTING_WORDS for word in words))
