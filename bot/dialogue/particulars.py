"""What the citizen already gave: name, phone, ID number and address, from any message.

``nlp`` extracts them (``Analysis.particulars``: a phone that parses, an ID with a valid
checksum, a name that looks like a name); this module keeps them on the petitioner, so the
bot never asks for what it was told, and reads a bare answer to its own question.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import texts
from bot.dialogue.alarm import SURE
from bot.dialogue.turn import Turn
from nlp import (
    Intent,
    Particulars,
    looks_like_bare_name,
    looks_like_name,
    parse_phone,
    starts_with_a_word,
)
from nlp.courtesy import ACKNOWLEDGEMENTS
from nlp.normalize import content_chars, normalize
from nlp.particulars import (
    FOR_WHOM,
    SURNAMES,
    looks_like_nickname,
    only_someone_elses_number,
    pinyin_name,
)

#: How a petitioner may introduce a bare answer to "your name?".
_NAME_PREFIX = re.compile(r"^(?:我叫|我是|本人|姓名|名字|my name is|i am|i'm)\s*[:：是为叫]?\s*",
                          re.IGNORECASE)
#: Consent said before the name it gives, apart from it by a space or a mark ("那好吧 周红").
_CONSENT = re.compile(rf"^(?:那|那就)?(?:{ACKNOWLEDGEMENTS}|行吧|行|可以|算了|那行|吧|"
                      # "那名字可以留 刘强": consent to give the name, then the name.
                      r"(?:名字|姓名)(?:可以|能|就|我)?(?:留|给|说|告诉你们?)(?:一下|个)?)+"
                      r"(?:吧|啦|了)?[\s,，。.!！、~～]+(?=\S)", re.IGNORECASE)
#: Cues of the other particulars beside a name in one reply.
_OTHER_CUES = re.compile(r"(?:联系)?电话|手机号?|号码|联系方式|身份证号?")
#: A Latin-script name ("John Smith"): for petitioners writing in English.
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*){0,3}")
#: Words a postal address is made of: a reply with one of them and no question is an address.
_ADDRESS_PART = re.compile(r"[省市区县镇乡村路街道巷弄号栋幢楼室组]|小区|单元|road|street|st\.|rd\.",
                           re.IGNORECASE)
#: Phone and ID numbers beside a name in one reply.
_NUMBER = re.compile(r"\+?[\d][\d\s-]{5,}[\dXx]")
_CHARACTERS = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]+|\d+")
_PUNCTUATION = re.compile(r"[\s,，。.;；:：!！、]+")


#: Words that introduce one's name, in characters, pinyin or English.
_NAME_CUE = re.compile(r"我叫|俺叫|我是|本人|姓名|名字|(?i:\bwo\s*(?:jiao|shi)\b|\bmy\s*name\b|"
                       r"\bi\s*am\b|\bi'm\b|\bmingzi\b|\bxingming\b)")


def learn(turn: Turn) -> tuple[str, ...]:
    """Keep what the message gives on the petitioner; the items it gave, in ask order.

    A message that is only an address ("幸福路12号", "河西村三组") gives it with no word before
    it, which nlp does not read: it is read here and added to ``turn.analysis.particulars``, so
    every handler sees it given. A new value replaces the old one (a correction)."""
    given = _with_a_bare_address(turn)
    petitioner = turn.petitioner
    learned: list[str] = []
    # A greeting is no signature ("谢谢" reads like a surname and a name), unless it introduces
    # the name ("wo jiao li ming", greeting 0.5 to the model).
    if given.name and given.name != petitioner.name and (
            turn.analysis.intent is not Intent.GREETING
            or _NAME_CUE.search(turn.analysis.text or turn.text) is not None):
        petitioner.name = given.name
        learned.append("name")
    elif not given.name and _name_asked(turn) and (named := _name_before_a_question(turn)):
        petitioner.name = named  # "王建国 你们会派人来吗": whichever row answers the question
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


def _with_a_bare_address(turn: Turn) -> Particulars:
    given = turn.analysis.particulars
    text = turn.text.strip()
    if given.address or not only_an_address(text) or _alarms(turn):
        return given
    given = replace(given, address=text)
    turn.analysis = replace(turn.analysis, particulars=given)
    return given




def _alarms(turn: Turn) -> bool:
    """The emergency judgement heard more than an address's parts ("打人幸福路12号" reads as
    one too), or heard them strongly: bot.dialogue.emergency decides, not this reading. A faint
    signal moved only by them ("中山路45号": 0.04, its reason "中山路") is the model's noise."""
    analysis = turn.analysis
    return analysis.emergency and (analysis.emergency_confidence >= SURE or not all(
        part_of_a_written_address(term) for term in analysis.emergency_terms))


def answer_name(turn: Turn) -> bool:
    """A bare reply to "your name?" ("李四", "姓名：李四", "John Smith"), kept when it fits."""
    # Normalized: a name written in traditional characters ("陳美玲") is read as the
    # simplified one it is, as every other reading of the message is.
    text = (turn.analysis.text or turn.text).strip()
    # "那好吧 周红", "行，李强": consent to the question, then the name (a clause of its own).
    if _CONSENT.match(turn.text.strip()):
        text = normalize(_CONSENT.sub("", turn.text.strip())).strip()
    introduced = _NAME_PREFIX.match(text) is not None
    # "张大山 13812345678": the number is the contact, read on its own; the rest is the name.
    text = _NUMBER.sub(" ", _NAME_PREFIX.sub("", text))
    text = _OTHER_CUES.sub(" ", text)  # "我叫端木蓉 电话135…": the cue is not the name's
    candidate = _PUNCTUATION.sub(" ", text).strip()
    joined = candidate.replace(" ", "")
    fits = looks_like_name if introduced else looks_like_bare_name
    called = introduced and "叫" in turn.text[:4] and looks_like_nickname(joined)  # "我叫小青"
    if fits(joined) or _long_name(joined) or called:
        turn.petitioner.name = joined
    elif (turn.language == "en" or latin_name_in_chinese(candidate)) \
            and _LATIN_NAME.fullmatch(candidate) and len(candidate) <= 60:
        turn.petitioner.name = candidate
    elif not introduced and pinyin_name(candidate):
        turn.petitioner.name = pinyin_name(candidate)  # "li xiao hong", as most type pinyin
    else:
        return False
    turn.session.add(turn.petitioner)
    return True


#: A clause that ends so ("明白了", "查一下", "好吧") is said, not a name.
_CLAUSE_ENDINGS = frozenset("了下吧啊呢吗的么过着啦呀哦哈")
#: The first clause of a reply, apart from the rest by a space or a mark ("王建国 你们会派人来吗").
_FIRST_CLAUSE = re.compile(r"^\s*([^\s,，。.;；:：!！、?？]+)[\s,，。.;；:：!！、]+(?=\S)")


def _name_asked(turn: Turn) -> bool:
    case = turn.awaiting_case()
    return case is not None and "name" in case.awaiting.split(",") and not turn.petitioner.name


#: What the rest of a reply asks with: a question mark or a question word.
_ASKS = re.compile(r"[?？]|吗|呢|么|怎|哪|多久|几时|什么时候|能不能|可不可以|会不会|是否")


def _name_before_a_question(turn: Turn) -> str | None:
    """The name of a reply to "your name?" that gives it in a clause of its own and asks something
    after it ("王建国 你们会派人来吗", "我叫刘芳，这个多久能处理"): kept, whichever row answers
    the question. Only a clause that is a name by itself: a name that is also a word
    ("高峰") needs its cue here as it does alone."""
    # (The simplified text as sent: the normalized one has lost the space the clause ends at.)
    found = _FIRST_CLAUSE.match(turn.text)
    if found is None or not _ASKS.search(turn.text[found.end():]):
        return None
    clause = found.group(1)
    introduced = _NAME_PREFIX.match(clause) is not None
    candidate = _NAME_PREFIX.sub("", clause)
    if not introduced and (candidate[-1:] in _CLAUSE_ENDINGS or starts_with_a_word(candidate)):
        return None  # "明白了，…", "查一下 …", "解决了 …": a clause of its own, no name
    if not (looks_like_name if introduced else looks_like_bare_name)(candidate):
        return None
    return candidate


#: A name written in Latin letters by a petitioner writing Chinese ("Li Na", "Wang Fang",
#: "Ouyang Xiu"): two or three capitalized words, as names are written in pinyin and on a
#: passport; an English phrase said instead of a name ("Thank You", "No Thanks") is none.
_TITLE_WORDS = re.compile(r"[A-Z][a-z]{0,11}(?: [A-Z][a-z]{0,11}){1,2}")
_ENGLISH_WORDS = frozenset(re.findall(r"\w+", (
    "a an the i you me my we he she it is am are not no yes ok okay hi hello hey thank thanks "
    "please sorry bye good morning night fine sure what why how who where when help name "
    "later now see test")))


def latin_name_in_chinese(candidate: str) -> bool:
    return _TITLE_WORDS.fullmatch(candidate) is not None and not any(
        word.lower() in _ENGLISH_WORDS for word in candidate.split())


def answer_contact(turn: Turn) -> bool:
    """A bare reply to "your phone or address?", kept when it is a valid number or an address."""
    text = turn.text.strip()
    # "老板姓刘 电话135…": the number of the party complained of, not the petitioner's.
    phone = "" if only_someone_elses_number(normalize(text)) else parse_phone(text)
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
#: ("菜单在哪里", "这个咋弄" end on 里 and 弄 too). 都 is no such word here: 成都, 都江堰 and 首都
#: are names, and a sentence ("大家都知道") has other little words that fail it.
_PLACE_NAME = r"(?:[\u4e00-\u9fffA-Za-z](?<![的了吗呢吧啊哪啥么咋怎谁是在我你他她它有没不要被把给让就也还又很太]))"
_ADDRESS_SEGMENT = (
    rf"(?:{_PLACE_NAME}{{1,5}}?(?:省|自治区|市|区|县|旗|镇|乡|街道|村|社区|大道|大街|路|街|"
    r"巷|弄|胡同|里|小区|花园|家园|公寓|大厦|广场|苑|园|庄|屯)"
    r"|(?:\d+|[一二三四五六七八九十百零〇两]+)(?:号院|号楼|号|栋|幢|座|楼|单元|门|层|室|户|组|期|排|弄|"
    r"巷|队|段)"
    r"|\d+)")
#: One part, for the readers of corrections told in words (bot.dialogue.amendment).
ADDRESS_SEGMENT = _ADDRESS_SEGMENT
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
            and not _A_NUMBER_WRITTEN.sub("", text).isdigit())


#: What a number is written with besides its digits ("138 1234 5678", "+86-138…"): a number so
#: written is a phone, not a house number of an address (it was kept twice, as both).
_A_NUMBER_WRITTEN = re.compile(r"[\s\-+()（）]")


#: What the model's features make of an address's parts: digits read as 0, unit words alone,
#: a gazetteer place as its placeholder.
_ADDRESS_FEATURE = re.compile(
    r"(?:[0-9号栋幢座楼单元门层室户组期排弄巷队院省市区县镇乡村路街里园苑庄屯]|〈g_place〉)+")


def address_feature(term: str) -> bool:
    """A term the judgements reported that is a part of an address ("0室", "0栋0", "幸福路")."""
    return bool(term) and (_ADDRESS_FEATURE.fullmatch(term) is not None
                           or _ADDRESS_PART_ALONE.fullmatch(term) is not None)


def part_of_a_written_address(term: str) -> bool:
    """A reason of the judgements, in a message that is only a written address
    (:func:`only_an_address`), that is one of its parts: an address's feature, or one character
    of a place's name ("朝阳区安贞里3号楼": 阳, "东城区和平里": 城, 和), which alone names no
    danger. A word of two characters or more is still the judgement's ("火烧坡村": 火烧)."""
    return address_feature(term) or len(term) == 1


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


_CONTACT_PARTS = re.compile(r"[；;]")


def _contact(current: str, phone: str, address: str) -> str:
    """``current`` with a new phone and address: each replaces an older one ("换号了", "我搬家
    了", a mistyped address corrected); the bot tells the latest of each."""
    parts = [p for p in _CONTACT_PARTS.split(current) if p.strip()]
    if phone and phone not in parts:
        parts = [phone] + [p for p in parts if not p.startswith("+")]
    if address and address not in parts:
        parts = [p for p in parts if p.startswith("+")] + [address]
    return "；".join(parts)[:300]


def current_address(contact: str) -> str:
    """The address on file in a petitioner's contact ("+86139…；幸福路12号"), "" for none."""
    return next((p for p in reversed(re.split(r"[；;]", contact)) if p.strip()
                 and not p.startswith("+")), "")


def with_address(contact: str, address: str) -> str:
    """``contact`` with ``address`` in place of the address on file (the phone kept)."""
    return _contact(contact, "", address)


#: Words that only introduce or change a particular ("电话", "换号了 新号码", "名字打错了，是"),
#: and the filler around them ("那就写…吧", "好吧给你们留个号码"): no matter in them.
_INTRODUCING = re.compile(
    # "电话在下面", "联系方式如下": where the particular follows; "我姓林": a surname said alone.
    r"(?:电话|号码|手机号?|联系方式|地址|姓名|名字)(?:我)?(?:写|附|留)?(?:在|见)?"
    r"(?:下面|下边|后面|下方|如下|以下)|(?:我|俺|本人|免贵)?(?:就)?姓(?:" + SURNAMES + r")|"
    # "我是替我爸发的，他叫何永福", "我妈叫孙桂兰": the one written for, and how they are named.
    rf"(?:替|帮|代|给)?{FOR_WHOM}(?:发的|问的|问|发)?(?:的)?(?:名字|姓名)?|(?:他|她)(?:的)?(?:名字|姓名)?叫|"
    r"我叫|我是|俺是|俺叫|本人|姓名|名字|联系人|电话|手机号?|号码|联系方式|联系电话|身份证号?|地址|住址|"
    r"家住|住在|我住|现住|我家在|俺家在|叫我|称呼我|是|为|叫|"
    # The same in pinyin and English ("wo jiao Wang Fang", "my name is Li Ming").
    r"(?i:\b(?:wo|wode|wo de|my)\s*(?:jiao|shi|mingzi\s*(?:shi|jiao)?|name\s*(?:is)?)\b|"
    r"\b(?:i am|i'm|this is|name|xingming|mingzi|dianhua|shouji|phone|tel)\b)")
_CHANGING = re.compile(
    r"不好意思|对不起|抱歉|刚才|之前|以前|原来|上次|打错了|写错了|留错了|弄错了|错了|不对|更正|改为|改成|"
    r"变更为|换成|换号了|换号|换了|应该|应为|新的|新|现在|以后|我搬家了|搬家了|一下|搬到")
_FILLER = re.compile(r"那就|那|算了|好吧|好的|好|行吧|行|嗯|哦|吧|啊|呢|的|我|留个|留下|留一下|给你们|"
                     r"给你|打这个|这个|可以|联系|就行|就好|就|写|填|记")
#: How and when to reach the petitioner, said beside the number ("家里没电话 有事找我女儿 她电话
#: 139…", "白天不在家 晚上打"): a closed grammar of who answers and when, which tells no matter.
_REACHING = re.compile(
    r"有(?:什么)?事(?:情)?的话|有(?:什么)?事(?:情)?|需要的话|(?:家里|我|家)没(?:有)?(?:装)?(?:电话|手机|座机)|"
    r"(?:找|打给?|联系|通知|告诉|问)(?:我的?|俺的?)?(?:女儿|儿子|闺女|老伴|爱人|老婆|老公|媳妇|家里人|家人|"
    r"孙子|孙女|外孙女?|侄子|侄女|邻居|亲戚|孩子)|(?:我的?|俺的?)?(?:女儿|儿子|闺女|老伴|爱人|老婆|老公|"
    r"媳妇|孙子|孙女|孩子)|(?:他|她)的?|(?:白天|晚上|上午|下午|中午|平时|工作日|周末)(?:我|俺)?(?:都)?"
    r"(?:不在家|在家|上班|不方便接|不方便|方便|打)?|耳朵(?:背|不好|不太好)|不识字|不会打字|眼睛不好")
#: A number written in digits, or said in characters when a phone was read from them
#: ("电话是一三九…"): none of it tells a matter.
_NUMBERS_GIVEN = re.compile(r"[\d+\-\s]{7,}|[零〇一幺二两三四五六七八九]{11,12}")
#: What may be left of a message of particulars alone: a stray character or two.
_LEFT_OVER_CHARS = 2


def gives_only_particulars(turn: Turn) -> bool:
    """The message is nothing but particulars and the words that introduce or change them
    ("我叫孙八，电话139…", "换号了 新号码136…", "那就写王先生吧", "幸福路12号")."""
    given = turn.analysis.particulars
    # Normalized, as the particulars were read; lower case, as a pinyin name is not written.
    rest = (turn.analysis.text or turn.text).lower()
    for value in sorted((given.name, given.address, given.id_number), key=len, reverse=True):
        if value:
            rest = rest.replace(value.lower(), "")
    rest = _NUMBERS_GIVEN.sub("", rest) if given.phone else re.sub(r"[\d+\-\s]{7,}", "", rest)
    for words in (_CHANGING, _REACHING, _INTRODUCING, _FILLER):
        rest = words.sub("", rest)
    return content_chars(rest) <= _LEFT_OVER_CHARS


def signal_in_own_words(turn: Turn) -> bool:
    """Every word the emergency judgement rests on is one of the words that introduce or change
    the particulars ("好吧给你们留个号码 138…"), a name, or an address's part ("0号", "中山路"):
    none lies in the rest of an address read from the text — "地址写错了，我家着火了" read
    "我家着火了" as one (fire 0.64) — nor in the few characters beyond the particulars."""
    given = turn.analysis.particulars
    # Lower case throughout: the model's terms are ("ming"), and a name read from pinyin is
    # written capitalized ("wo jiao li ming" gives "Li Ming").
    text = (turn.analysis.text or turn.text).lower()
    marked = text
    # A name and an ID number are read only when they fit one (a surname, a checksum): their
    # own words. An address after its cue is whatever follows it, so it may be the danger.
    # A written address whole ("新城小区9栋1单元502室") is its own words too: only what an
    # address cue swept up that is no address ("我家着火了") may hold the danger.
    written = "\x01" if given.address and only_an_address(given.address) else "\x00"
    for value, mark in sorted(((given.name, "\x01"), (given.id_number, "\x01"),
                               (given.address, written)), key=lambda pair: -len(pair[0])):
        if value:
            marked = marked.replace(value.lower(), mark * len(value))

    def own(match: re.Match[str]) -> str:
        return "\x01" * len(match.group(0))

    marked = (_NUMBERS_GIVEN if given.phone else re.compile(r"[\d+\-\s]{7,}")).sub(own, marked)
    for words in (_CHANGING, _REACHING, _INTRODUCING, _FILLER):
        marked = words.sub(own, marked)
    kept = "".join(char if mark == "\x01" or (mark != "\x00" and content_chars(mark) == 0)
                   else "\x00" for char, mark in zip(text, marked, strict=True))
    spans = [span for span in kept.split("\x00") if span]
    return all(term in kept or address_feature(term)
               # The model reads digits as 0: "0-" is the shape of "0571-8765…" given.
               or (bool(given.phone or given.id_number) and _NUMBER_SHAPE.fullmatch(term) is not None)
               # A term of words apart ("打老婆" of "打我老婆电话"): all in one span of one's own.
               or any(_in_order(term, span) for span in spans)
               for term in turn.analysis.emergency_terms)


#: A term of the model made of digits (read as 0) and the marks between them.
_NUMBER_SHAPE = re.compile(r"(?=.*0)[0\s+\-()（）]+")


def _in_order(term: str, span: str) -> bool:
    """Each character of ``term`` found in ``span``, in order."""
    rest = iter(span)
    return all(char in rest for char in term if not char.isspace())


#: A message that says it changes a particular: the case's timeline calls it a correction.
_CORRECTS = re.compile(r"错|更正|改|换|新|搬家|不对")


def says_a_change(text: str) -> bool:
    """Words that change or replace one's particulars ("原来的号停机了", "新号码", "以后打这个")."""
    return _CHANGING.search(text) is not None


def corrects(text: str) -> bool:
    return _CORRECTS.search(text) is not None


#: Where the matter is, told right after the bot's first reply ("就在人民路和中山路交叉口",
#: "地点是光明小区南门对面"): a cue of the matter's place or a word of position, then places.
_MATTER_PLACE_CUE = r"(?:就|是|也|具体|大概)?在|(?:事发|具体)?(?:地点|位置)(?:是|在|[:：])?"
_POSITION = (r"(?:十字|丁字)?路口|交叉口|交界处?|门口|对面|旁边|附近|边上|后面|前面|里面|外面|拐角|"
             r"转角|[东西南北](?:侧|门|边|头)|楼下|中间|一带|那边|这边|那里|这里|那儿|这儿|"
             # "往东一百米", "向北大概200米": how far from the place named
             r"(?:往|向|朝)[东西南北里外前后]边?(?:走)?(?:大概|大约|约)?"
             r"(?:\d+|[一二三四五六七八九十百两几]+)(?:多)?(?:米|步|公里)")
#: Said before the place ("对，就在…", "嗯 在…"): agreeing with the question, no more.
_AGREEING = r"(?:对|对的|是的|嗯|嗯嗯|没错)?[\s,，]*"
#: A place people name a matter by that is no part of a postal address ("菜市场", "实验小学");
#: not a hospital: "在人民医院" may say where someone is in need.
_LANDMARK = (rf"{_PLACE_NAME}{{1,6}}?(?:菜市场|市场|菜场|学校|小学|中学|幼儿园|公园|超市|商场|"
             r"车站|地铁站|公交站|站|桥|大楼|银行|饭店|酒店|工地)")
_PLACE_OF_MATTER = re.compile(
    rf"{_AGREEING}(?P<cue>{_MATTER_PLACE_CUE})?[\s,，]*"
    rf"(?:{_ADDRESS_SEGMENT}|{_LANDMARK}|(?P<position>{_POSITION})|那个|这个|[和与跟及、的\s,，])+"
    r"[。.!！~～]*")


def place_of_matter(text: str) -> bool:
    """The whole message says where the matter is and nothing else: places, joined ("和") and
    placed ("交叉口", "对面"), after a cue of place ("就在", "地点是") or with a word of position.
    A postal address alone ("幸福路12号") has neither: it answers "your address?"."""
    text = text.strip()
    match = _PLACE_OF_MATTER.fullmatch(text)
    return (match is not None and 0 < len(text) <= 40
            and bool(match.group("cue") or match.group("position"))
            and re.search(f"{_ADDRESS_SEGMENT}|{_LANDMARK}", text) is not None)
