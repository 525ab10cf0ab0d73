"""What the citizen already gave: name, phone, ID number and address, from any message.

``nlp`` extracts them (``Analysis.particulars``: a phone that parses, an ID with a valid
checksum, a name that looks like a name); this module keeps them on the petitioner, so the
bot never asks for what it was told, and reads a bare answer to its own question.
"""

from __future__ import annotations

import re

from bot import texts
from bot.dialogue.turn import Turn
from nlp import Intent, looks_like_bare_name, looks_like_name, parse_phone

#: How a petitioner may introduce a bare answer to "your name?".
_NAME_PREFIX = re.compile(r"^(?:我叫|我是|本人|姓名|名字|my name is|i am|i'm)\s*[:：是为叫]?\s*",
                          re.IGNORECASE)
#: A Latin-script name ("John Smith"): for petitioners writing in English.
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*){0,3}")
#: Words a postal address is made of: a reply with one of them and no question is an address.
_ADDRESS_PART = re.compile(r"[省市区县镇乡村路街道巷弄号栋幢楼室组]|小区|单元|road|street|st\.|rd\.",
                           re.IGNORECASE)
#: Phone and ID numbers beside a name in one reply.
_NUMBER = re.compile(r"\+?[\d][\d\s-]{5,}[\dXx]")
_CHARACTERS = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]+|\d+")
_PUNCTUATION = re.compile(r"[\s,，。.;；:：!！、]+")


def learn(turn: Turn) -> tuple[str, ...]:
    """Keep what the message gives on the petitioner; the items it gave, in ask order."""
    given = turn.analysis.particulars
    petitioner = turn.petitioner
    learned: list[str] = []
    # A greeting is no signature ("谢谢" reads like a surname and a name).
    if given.name and given.name != petitioner.name and turn.analysis.intent is not Intent.GREETING:
        petitioner.name = given.name
        learned.append("name")
    contact = _contact(petitioner.contact, given.phone, given.address)
    if contact != petitioner.contact:
        petitioner.contact = contact
        learned.append("contact")
    if given.id_number and given.id_number != petitioner.id_number:
        petitioner.id_number = given.id_number
        learned.append("id_number")
    if learned:
        turn.session.add(petitioner)
    return tuple(learned)


def answer_name(turn: Turn) -> bool:
    """A bare reply to "your name?" ("李四", "姓名：李四", "John Smith"), kept when it fits."""
    text = turn.text.strip()
    introduced = _NAME_PREFIX.match(text) is not None
    # "张大山 13812345678": the number is the contact, read on its own; the rest is the name.
    text = _NUMBER.sub(" ", _NAME_PREFIX.sub("", text))
    candidate = _PUNCTUATION.sub(" ", text).strip()
    joined = candidate.replace(" ", "")
    fits = looks_like_name if introduced else looks_like_bare_name
    if fits(joined) or _long_name(joined):
        turn.petitioner.name = joined
    elif turn.language == "en" and _LATIN_NAME.fullmatch(candidate) and len(candidate) <= 60:
        turn.petitioner.name = candidate
    else:
        return False
    turn.session.add(turn.petitioner)
    return True


def answer_contact(turn: Turn) -> bool:
    """A bare reply to "your phone or address?", kept when it is a valid number or an address."""
    text = turn.text.strip()
    phone = parse_phone(text)
    address = text if not phone and looks_like_address(text) else ""
    if not (phone or address):
        return False
    turn.petitioner.contact = _contact(turn.petitioner.contact, phone, address)
    turn.session.add(turn.petitioner)
    return True


#: A short reply with one address word is an address ("阳光小区", "住在城关镇"); a longer one needs
#: two kinds of them ("幸福路12号", "阳光小区3栋"): "楼上漏了两周 物业说找不到楼上的人" tells a
#: matter, and one "楼" in it is no address.
_SHORT_ADDRESS_CHARS = 12


def looks_like_address(text: str) -> bool:
    """A bare reply that reads as a postal address, not a question or a story with a place word."""
    if not 4 <= len(text) <= 120 or text.endswith(("?", "？")):
        return False
    kinds = {part.lower() for part in _ADDRESS_PART.findall(text)}
    return len(kinds) >= 2 or (len(kinds) == 1
                                and len(_CHARACTERS.findall(text)) <= _SHORT_ADDRESS_CHARS)


#: One part of a written address: a name and its kind ("幸福路", "和平里社区", "城关镇"), or a
#: number and its unit ("12号", "3栋", "2单元", "三组"); a bare number ends one ("…2单元301").
#: A name is at most five characters and holds none of the little words a sentence is made of
#: ("菜单在哪里", "这个咋弄" end on 里 and 弄 too).
_PLACE_NAME = r"(?:[\u4e00-\u9fffA-Za-z](?<![的了吗呢吧啊哪啥么咋怎谁是在我你他她它有没不要被把给让就都也还又很太]))"
_ADDRESS_SEGMENT = (
    rf"(?:{_PLACE_NAME}{{1,5}}?(?:省|自治区|市|区|县|旗|镇|乡|街道|村|社区|大道|大街|路|街|"
    r"巷|弄|胡同|里|小区|花园|家园|公寓|大厦|广场|苑|园|庄|屯)"
    r"|(?:\d+|[一二三四五六七八九十百零〇两]+)(?:号院|号楼|号|栋|幢|座|楼|单元|门|层|室|户|组|期|排|弄|"
    r"巷|队)"
    r"|\d+)")
#: Two parts at least: one name alone ("装修公司跑路") is as likely a sentence as a place.
_ONLY_AN_ADDRESS = re.compile(rf"{_ADDRESS_SEGMENT}(?:[\s,，、#\-－]*{_ADDRESS_SEGMENT})+")
#: One part (for the judgements' reasons, each a word or two).
_ADDRESS_PART_ALONE = re.compile(rf"(?:{_ADDRESS_SEGMENT})+")


def only_an_address(text: str) -> bool:
    """Is the whole reply a written address and nothing else ("幸福路12号3栋201室")?

    Stricter than :func:`looks_like_address`: every character belongs to a part of the
    address, a place name of at most five characters before its kind, so a reply that tells
    anything besides ("楼上着火了") is not one.
    """
    text = text.strip()
    return (0 < len(text) <= 60 and _ONLY_AN_ADDRESS.fullmatch(text) is not None
            and not text.isdigit())


#: What the model's features make of an address's parts: digits read as 0, unit words alone,
#: a gazetteer place as its placeholder.
_ADDRESS_FEATURE = re.compile(
    r"(?:[0-9号栋幢座楼单元门层室户组期排弄巷队院省市区县镇乡村路街里园苑庄屯]|〈g_place〉)+")


def address_feature(term: str) -> bool:
    """A term the judgements reported that is a part of an address ("0室", "0栋0", "幸福路")."""
    return bool(term) and (_ADDRESS_FEATURE.fullmatch(term) is not None
                           or _ADDRESS_PART_ALONE.fullmatch(term) is not None)


def _long_name(candidate: str) -> bool:
    """A whole answer a little longer than ``looks_like_name`` reads ("欧阳金丝雀": a compound
    surname and a three-character given name), given on its own when asked."""
    return (re.fullmatch(r"[\u4e00-\u9fff]{4,5}", candidate) is not None
            and looks_like_name(candidate[:3]) and looks_like_name(candidate[:4]))


def sender_name(turn: Turn) -> None:
    """A letter's sender name ("王芳 <wf@…>") when nothing better is known and it is a name."""
    name = turn.message.sender_name.strip()
    if not turn.petitioner.name and name and (
            looks_like_name(name) or (_LATIN_NAME.fullmatch(name) and len(name) <= 60)):
        turn.petitioner.name = name
        turn.session.add(turn.petitioner)


def listing(language: str, items: tuple[str, ...] | list[str]) -> str:
    """"您的姓名、联系电话或通讯地址" for the items given."""
    return texts.say(language, "items_joiner").join(
        texts.say(language, "item_" + item) for item in items)


def _contact(current: str, phone: str, address: str) -> str:
    """``current`` with a new phone and address added (a phone replaces an older phone)."""
    parts = [p for p in re.split(r"[；;]", current) if p.strip()]
    if phone and phone not in parts:
        parts = [phone] + [p for p in parts if not p.startswith("+")]
    if address and address not in parts:
        parts.append(address)
    return "；".join(parts)[:300]
