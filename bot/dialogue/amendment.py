"""A particular corrected in words ("号码倒数第二位是3不是2", "门牌号搞错了，应该是19号",
"电话留错了，刚那个是我儿子的"): read, and applied to an address when that is unambiguous.

The whole message must be read as such a correction, word by word, by a small closed grammar:
the particular named (电话, 门牌号, 小区名字…), the words saying it was wrong (写错了, 不是,
应该是…), a position in a number (倒数第二位, 中间那个), whose the number was (是我儿子的), a
digit or a part of an address (19号, 和美小区) and fillers. A single character outside it, and
the message is something else ("门牌号被人涂掉了，快递老送错" is a matter): so a message read
here tells nothing but a correction — no matter, and no danger (bot.dialogue.emergency).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dialogue.particulars import ADDRESS_SEGMENT

PHONE, ADDRESS, NAME, ID_NUMBER = "phone", "address", "name", "id_number"

#: The particular a correction is about, by the word that names it. Longer words first: the
#: first alternative that matches at a place wins ("小区名字" is an address's, not a name).
_ITEMS = (
    (ADDRESS, (r"小区名字|小区名称|小区名|村名字|村名|路名|街道名|街名|门牌号码|门牌号|门牌|楼栋号|楼号|"
               r"栋号|单元号|房间号|房号|门号|通讯地址|联系地址|家庭住址|地址|住址|小区|楼栋")),
    (ID_NUMBER, r"身份证号码|身份证号|身份证"),
    (PHONE, r"手机号码|手机号|电话号码|联系电话|联系方式|电话|手机|号码"),
    (NAME, r"姓名|名字"),
)
#: Words that say the particular was wrong or is changed: a correction needs one.
_WRONG = (r"(?:搞|弄|写|打|留|填|记|说|输|报|发|给|登记)(?:错|反)了?|(?:少|多|漏)(?:写|打|输|留)?了?一?(?:位|个数字?)|"
          r"反了|反的|颠倒了?|倒过来了?|错了|有误|不对|不是|应该是|应该为|应该|"
          r"应为|应是|改为|改成|改一下|更正(?:一下|为)?|纠正(?:一下)?|修改(?:一下)?|搞混了?|弄混了?|错")
#: A place in a number or a name ("倒数第二位", "中间那个", "最后一个字").
_NUMERAL = r"[一二两三四五六七八九十\d]"
_POSITION = (rf"倒数第{_NUMERAL}+(?:位|个数字|个数|个字|个)?|第{_NUMERAL}+(?:位|个数字|个数|个字|个)|"
             rf"最后(?:{_NUMERAL})?(?:位|个数字|个数|个字|个)|最后面|[前后]{_NUMERAL}+位|"
             r"中间(?:那个|那位|的|那)?|(?:有)?一(?:个数字?|位数?)|尾号|尾数|末尾|结尾|开头|数字")
#: Whose the number or address was ("是我儿子的", "那是我家座机"): no value of the citizen's own.
_WHOSE = (r"(?:我|俺)?(?:家)?(?:儿子|女儿|儿媳|女婿|老伴|老婆|老公|爱人|媳妇|丈夫|妻子|孩子|爸爸|妈妈|"
          r"父亲|母亲|哥哥|姐姐|弟弟|妹妹|孙子|孙女|亲戚|朋友|同事|邻居|别人|家里人|家人|单位|"
          r"座机|旧号|老号码|老号)的?")
#: One character of a name, after its place ("最后一个字是鸣").
_NAME_CHAR = r"(?<=字是)[\u4e00-\u9fff]|(?<=字应该是)[\u4e00-\u9fff]"
_FILLER = (r"我家|俺家|咱家|好像|可能|估计|貌似|完整的|完整|全号|不好意思|对不起|抱歉|麻烦|哎呀|哦|噢|喔|啊|呀|嗯|哎|诶|呃|那个|这个|刚才|刚刚|刚|之前|上次|"
           r"原来|其实|就是|才是|正确的|正确|对的|新的|我的|我们|我|俺|你们|给的|留的|写的|填的|发的|说的|"
           r"一下|重新|帮我|帮忙|请|吧|呢|哈|也|都|那|的|了|是|为")
_DIGITS = r"[+\-]?[\dXx零〇一二两三四五六七八九十幺]+"
_PUNCTUATION = r"[\s,，。.!！、;；:：…~～]+"

_TOKEN = re.compile(
    "|".join(f"(?P<{item}>{words})" for item, words in _ITEMS)
    + rf"|(?P<wrong>{_WRONG})|(?P<position>{_POSITION})|(?P<whose>{_WHOSE})|(?P<namechar>{_NAME_CHAR})"
    + rf"|(?P<filler>{_FILLER})|(?P<place>{ADDRESS_SEGMENT})|(?P<digits>{_DIGITS})"
    + rf"|(?P<punctuation>{_PUNCTUATION})")
#: A place part that is a name and its kind, or a number and its unit: its kind, at its end.
_KIND = re.compile(r"(?:号院|号楼|号|栋|幢|座|楼|单元|门|层|室|户|组|期|排|弄|巷|队|段|自治区|省|市|小区|"
                   r"社区|区|县|旗|镇|乡|街道|村|大道|大街|路|街|胡同|里|花园|家园|公寓|大厦|广场|苑|园|庄|屯)$")
_PLACE_ALONE = re.compile(ADDRESS_SEGMENT)


@dataclass(frozen=True, slots=True)
class Amendment:
    """What a correction told: the particulars it is about, the address parts it gives
    (``new``) and those it says were wrong (``old``, after 不是)."""

    items: tuple[str, ...]
    new: tuple[str, ...] = ()
    old: tuple[str, ...] = ()
    #: The particular was named ("门牌号", "电话"), not only guessed from the parts told.
    named: bool = True
    #: The text with its free values (place names, a name's character) blanked: what is left is
    #: the grammar's own words, which tell no danger (bot.dialogue.emergency).
    fixed: str = ""


def read(text: str) -> Amendment | None:
    """The correction ``text`` is, word for word; None when any of it is something else."""
    items: list[str] = []
    new: list[str] = []
    old: list[str] = []
    wrong = False
    negated = False  # after 不是: the part that follows is the wrong one
    position = 0
    text = text.strip()
    fixed = []
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            return None  # a word no correction is made of
        kind = match.lastgroup or ""
        value = match.group(0)
        position = match.end()
        if kind == "place" and not _KIND.search(value):
            kind = "digits"  # a number alone ("3不是2"): a digit, not a place
        fixed.append("\x00" if kind in ("place", "namechar") else value)
        if kind in (PHONE, ADDRESS, NAME, ID_NUMBER):
            if kind not in items:
                items.append(kind)
        elif kind == "wrong":
            wrong = True
            negated = value == "不是"
        elif kind == "position":
            wrong = True  # a digit told by its place ("最后一位是8") corrects the number
        elif kind == "place":
            (old if negated else new).append(value)
        elif kind == "punctuation" or value in ("是", "才是", "就是"):
            negated = False  # "不是三楼是五楼": the 不是 ends at the next 是
    if not wrong:
        return None
    if items:
        return Amendment(tuple(items), tuple(new), tuple(old), fixed="".join(fixed))
    if new and old:
        # "说错了，是下坝村，不是上坝村": no particular named, a place given for another.
        return Amendment((ADDRESS,), tuple(new), tuple(old), named=False, fixed="".join(fixed))
    return None


def amended_address(current: str, amendment: Amendment) -> str:
    """``current`` with the parts the correction gives put in place of the ones they correct,
    or "" when that is not unambiguous: each new part replaces the part it names after 不是,
    else the one part of ``current`` of its kind ("19号" for "9号" in "光明路9号"). Two parts of
    that kind, none, or a number told without its unit: asked, not guessed."""
    if not current or not amendment.new or len(amendment.old) > len(amendment.new):
        return ""
    parts = [m for m in _PLACE_ALONE.finditer(current) if _KIND.search(m.group(0))]
    amended = current
    replaced: set[int] = set()
    for index, part in enumerate(amendment.new):
        kind = _KIND.search(part)
        if kind is None:
            return ""
        if index < len(amendment.old):
            targets = [m for m in parts if m.group(0) == amendment.old[index]]
        else:
            targets = [m for m in parts if _kind_of(m.group(0)) == kind.group(0)]
        if len(targets) != 1 or targets[0].start() in replaced:
            return ""
        replaced.add(targets[0].start())
        amended = amended.replace(targets[0].group(0), part, 1) \
            if amended.count(targets[0].group(0)) == 1 else ""
        if not amended:
            return ""
    return amended if amended != current else ""


def _kind_of(part: str) -> str:
    kind = _KIND.search(part)
    return kind.group(0) if kind else ""
