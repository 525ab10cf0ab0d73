"""The petitioner's particulars a message already gives (Art 19): name, phone, ID number, address.

Citizens write them in the first message ("我叫孙八，电话13912345678"), sign a letter ("王芳
2026年3月1日"), or send them alone when asked. The bot asks only for what is still missing, so
what is here must be right when it says something: a phone number must parse as a Chinese
number, an ID number must carry a valid checksum, a name must look like a name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import jieba
import phonenumbers

from nlp.normalize import normalize


@dataclass(frozen=True, slots=True)
class Particulars:
    """What the text gives; "" where it gives nothing. ``phone`` is E.164 (``+8613912345678``)."""

    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.phone or self.id_number or self.address)


#: A message that gives nothing (immutable, so one instance serves every default).
NO_PARTICULARS = Particulars()


_SURNAME_CHARS = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈"
    "饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵"
    "苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    # Rarer ones, each still a surname of living people (and of 展昭, 貂蝉, 法海): chosen among
    # those that do not start the words written after "我是" ("国家", "东北", "公司").
    "展貂法仝冼晁禹郁洪储匡茅贝阙粟钮邰冀郜蔺帅鄢竺蓟訾宿谈芮闻羿汲邴糜隗宓蓬郗仰伊戎祖鄂"
    "索咸屠阴胥逄堵郦雍桑濮扈郏浦庾暨殳沃蔚夔厍阚毋乜鞠巢蒯荆逯桓赖"
    # 萧, apart from 肖 (萧红, 萧峰): "萧红" was told it does not look like a name (session 25).
    "萧"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
                      "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木")
# Words that follow "我是" but are not names: "我是业主", "我是某小区的居民".
_NOT_NAME = re.compile(r"(业主|居民|村民|市民|群众|家长|学生|老师|职工|员工|工人|司机|患者|租户|"
                       r"网友|老人|农民|退休|残疾|母亲|父亲|妈妈|爸爸|本地|外地|这里|那里|一名|一个|"
                       r"你们|他们|我们|什么|怎么|为什么|不是|没有|需要|不想|不要|谢谢|感谢|多谢|辛苦|好的|收到|"
                       r"不客气|再见|拜拜|法人|法律|法院|法官|法定|法规|法制)")
_NAME_CUE = re.compile(
    # One writing for a parent says who they are to them first: "我是她女儿严静".
    r"(?:(?:我|俺)是(?:[他她]的?|老人的?)?(?:儿子|女儿|孙子|孙女|外孙女?|儿媳|女婿|侄子|侄女|"
    r"老伴|爱人|妻子|丈夫|哥哥|姐姐|弟弟|妹妹)\s*[,，]?|"
    r"(?:我|俺|咱)(?:的名字|名字)?(?:叫|是)|我名叫|本人(?:是|叫)?|姓名\s*[:：是为]?|名字\s*[:：是为叫]?|联系人\s*[:：是为]?|"
    r"反映人\s*[:：]?|投诉人\s*[:：]?|举报人\s*[:：]?|来信人\s*[:：]?|署名\s*[:：]?)\s*"
    r"([\u4e00-\u9fff·]{2,4})")
_SIGNATURE = re.compile(
    r"(?:^|[\n。！!；;]\s*)(?:此致\s*敬礼\s*[!！]?\s*)?"
    r"(?:反映人|投诉人|举报人|信访人|申请人|当事人|来信人|署名|落款)?[:：]?\s*"
    # "此致 敬礼！ 居民 马德福 电话139…", "住户 周秀兰": who signs, as what
    r"(?:居民|村民|市民|业主|群众|住户|租户|职工|员工|家长|退休职工|退休教师|老党员)?\s*"
    r"([\u4e00-\u9fff]{2,3}?)\s*(?:\d{4}\s*年|\d{4}[-/.]\d{1,2}|敬上|谨上|上|"
    r"(?:联系)?电话|手机|$)")
_PHONE = re.compile(r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d){8}(?!\d)|"
                    r"(?<!\d)0\d{2,3}-?(?:\d{7,8}|\d{3,4}[-\s]\d{4})(?!\d)")
#: How far after "我是" a 的 still says where the writer is from ("我是阳光小区3栋的住户李梅").
_FROM_MAX_CHARS = 14
#: Words that end a name written without punctuation ("我叫孙八电话139…").
_NAME_STOPS = re.compile(r"电话|手机|联系|地址|住在|家住|身份|今年|号码|微信|邮箱")
# "俺是王家庄的赵老四" / "我是阳光小区3栋的住户李梅": who the writer is, after where they are from.
_FROM_PLACE_THEN_NAME = re.compile(
    r"(?:我|俺|咱)是[\u4e00-\u9fff\d]{2,14}?(?:村|庄|屯|寨|组|社区|小区|街道|镇|乡|县|市|区|栋|楼|"
    r"单元|号|公司|厂|学校)的(?:住户|居民|村民|业主|职工|员工)?([\u4e00-\u9fff]{2,4})")
# "我姓李，叫李秀兰" / "我姓王叫小红" / "免贵姓张，名伟": the surname said apart from the name.
_SURNAME_THEN_NAME = re.compile(
    # The given name only after a word that introduces it: "免贵姓蔡，我们楼的…" and "我姓蒋学校
    # 门口…" (normalized without the space) go on with the matter, not with a name.
    r"(?:我|免贵|本人)姓(" + "|".join(_COMPOUND_SURNAMES) + r"|[\u4e00-\u9fff])[，,、\s]*"
    r"(?:(?:全名|名字|名)(?:叫|是|为)?|叫|是|为)\s*([\u4e00-\u9fff]{1,4})")
#: A signature line needs a letter above it, a closing or a date: a bare short message
#: ("谢谢啊", a 2-3 character reply) signs nothing; an answer to "your name?" is read elsewhere.
_SIGNATURE_MIN_PRECEDING_CHARS = 8
_SIGNATURE_MARKS = re.compile(r"此致|敬礼|反映人|投诉人|来信人|署名|落款|敬上|谨上|\d")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
#: An address's cue, and the words of a change after it ("地址改为…", "地址写错了，是…").
_ADDRESS = re.compile(r"(?:地址|住址|家住在?|住在|居住在|(?:我|现)住(?!院|房|宿|过|了|的|不)在?|"
                      r"(?:我|俺)家在)"
                      r"(?:写错了|打错了|错了|改为|改成|更正为|变更为|换成|[:：是为在,，\s])*"
                      r"([^\s,，。；;!！?？]{4,60})")
#: Where an address given with a cue ends: at the next particular's cue ("住在南门菜场后面 电话是
#: 139…" is normalized without the space).
_ADDRESS_STOPS = re.compile(r"(?:联系)?电话|手机|号码|联系|姓名|名字|我叫|身份证|微信|邮箱")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def valid_id_number(candidate: str) -> bool:
    """True when ``candidate`` is an 18-character resident ID number with a valid checksum."""
    if not re.fullmatch(r"\d{17}[\dXx]", candidate):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(candidate, _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == candidate[-1].upper()


def parse_phone(candidate: str) -> str:
    """``candidate`` as an E.164 Chinese number, or "" when it is not a valid one."""
    digits = re.sub(r"[\s-]", "", candidate)
    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_name(candidate: str) -> bool:
    """A Chinese personal name: 2-4 ideographs starting with a known surname, not a noun."""
    candidate = candidate.strip()
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", candidate) or _NOT_NAME.search(candidate):
        return False
    if candidate[:2] in _COMPOUND_SURNAMES:
        return len(candidate) >= 3
    return candidate[0] in _SURNAME_CHARS and len(candidate) <= 3


#: A reply that gives a surname only: "我姓罗", "免贵姓欧阳", "姓罗".  ("罗女士" is read as a
#: name, as a hotline operator writes it down.)
#: A surname as written: a compound one first, else one character.
SURNAMES = "|".join(_COMPOUND_SURNAMES) + r"|[\u4e00-\u9fff]"
#: Said after the surname and saying nothing more ("姓刘就行", "叫我小李就好").
_SURNAME_TAIL = r"(?:就行了?|就好了?|就可以了?|就成|吧|啊|呀|哈)?[\s,，。.!！~～]*"
_SURNAME_ONLY = re.compile(
    r"(?:我|俺|咱|本人|免贵)?(?:就)?姓\s*(" + SURNAMES + r")" + _SURNAME_TAIL
    # The surname alone ("张", "欧阳"): all many people give when asked their name.
    + r"|(" + SURNAMES + r")[\s,，。.!！]*"
    # The name they go by ("叫我小李就行", "老王"): a surname with 小 or 老 before it.
    # ("小明" alone is a given name as often: 小 only after the words that introduce it.)
    # ("那我叫老陈吧": the name one goes by, introduced as a name is.)
    + r"|(?:(?:那|那就)?(?:就|你们)?(?:(?:叫|喊)我|我是|俺是|就叫)([小老])|(?:(?:那|那就)?(?:我|俺)叫)?(老))"
    + r"([\u4e00-\u9fff])"
    + _SURNAME_TAIL)


#: Who the writer is, said before the surname in one reply ("我是孩子家长，姓周", "俺是这儿的
#:住户 姓王"): a role (the words that follow "我是" and are no name) and nothing else.
_ROLE_SAID = re.compile(r"^(?:我|俺|咱|本人)(?:是|就是)[\u4e00-\u9fff]{0,8}(?:住户|户主|家属|"
                        + _NOT_NAME.pattern[1:] + r"(?:啊|哈|呀)?[\s,，。.!！、]*(?=\S)")


def surname_only(reply: str) -> str:
    """The surname of a reply that gives only that ("我姓罗", "俺姓刘", "张", "叫我小李就行" →
    "罗", "刘", "张", "李"), else "".  Many people give this much first: the bot thanks them by
    it and asks for the rest, not "not a name". A bare character or "小"/"老" before one is a
    surname only when it is a known one and the pair is no everyday word ("小区", "老师")."""
    match = _SURNAME_ONLY.fullmatch(_ROLE_SAID.sub("", reply.strip(), count=1))
    if match is None:
        return ""
    surname = match.group(1) or match.group(2) or match.group(5)
    if match.group(5) and (match.group(3) or match.group(4)) + surname in _common_words():
        return ""
    return surname if surname in _COMPOUND_SURNAMES or surname in _SURNAME_CHARS else ""


_CLAUSES = re.compile(r"[\s,，。；;!！?？、]+")


def surname_told(text: str) -> str:
    """The surname a clause of a longer message gives alone ("您好，我是滨河花园的业主，姓龚，
    小区的垃圾…" → "龚"), said with 姓: a lone character among the clauses is no surname."""
    for clause in _CLAUSES.split(text):
        if "姓" in clause:
            surname = surname_only(clause)
            if surname:
                return surname
    return ""


def looks_like_bare_name(candidate: str) -> bool:
    """A reply that is only a name: looks like one and is not a common word ("查询", "算了").

    A name said without a cue word has nothing else to go by, and many everyday words start
    with a character that is also a surname. A name that is also a word ("高峰") is still read
    when introduced ("我叫高峰"), which the bot's re-ask suggests.
    """
    candidate = candidate.strip()
    return looks_like_name(candidate) and candidate not in _common_words()


def starts_with_a_word(candidate: str) -> bool:
    """A three- or four-character candidate whose first two characters are an everyday word
    ("明白了", "解决了"): a phrase rather than a surname and a given name."""
    return len(candidate) > 2 and candidate[:2] in _common_words()


def warm_name_check() -> None:
    """Read the everyday-word list now (about half a second): ``serve`` does it at start, so the
    first bare reply to "your name?" does not read a dictionary inside a write transaction."""
    _common_words()


@functools.cache
def _common_words() -> frozenset[str]:
    """Words of jieba's dictionary of 2-4 characters that start with a surname character (or 小,
    老: "小区", "老师" are no names people go by) and are not tagged as a person's name (``nr``):
    read once, when a bare reply first needs it."""
    words = set()
    with jieba.get_dict_file() as lines:
        for raw in lines:
            word, *rest = raw.decode("utf-8").split()
            if 2 <= len(word) <= 4 and (word[0] in _SURNAME_CHARS or word[0] in "小老") and rest \
                    and not rest[-1].startswith("nr"):
                words.add(word)
    return frozenset(words)


#: A space between two ideographs in the citizen's own text: normalizing removes it, but it
#: ends a clause there ("我叫石磊 这个会不会…", "住在建设街12号 我们楼下的饭馆…").
_CLAUSE_GAP = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])[ \t\u3000]+(?=[\u3400-\u4dbf\u4e00-\u9fff])")


def extract_particulars(text: str, source: str = "") -> Particulars:
    """The particulars normalized ``text`` gives; fields it does not give are "".

    ``source``, the citizen's own text when given: its spaces between words end a name or an
    address, which run on into the next clause once normalizing joined them ("我叫石磊这个…"
    read "石磊这"; an address swept the whole matter after it). Each field is read with the
    spaces kept as clause ends first; a name written spaced ("王 磊") is still read joined.
    Its line ends, in a text written on several lines (a letter), are where a signature is:
    the foot of the letter is read line by line (see ``_closing_name``)."""
    lines = _letter_lines(source)
    joined = _extract(text, lines)
    if not source or _CLAUSE_GAP.search(source) is None:
        return joined
    apart = _extract(normalize(_CLAUSE_GAP.sub("，", source)), lines)
    address = apart.address or (joined.address if _one_place(joined.address, source) else "")
    return Particulars(name=apart.name or joined.name, phone=joined.phone or apart.phone,
                       id_number=joined.id_number or apart.id_number, address=address)


def _one_place(address: str, source: str) -> bool:
    """An address read with the spaces taken out, that the clauses apart did not give: kept
    when each spaced clause it runs over, but the last, is a place too ("朝阳区 呼家楼 3号楼").
    "我叫潘明 139… 楼下麻将馆每天吵到凌晨两点 在朝阳区呼家楼" joined the matter told into the
    address (the whole line ends as a place does) and the matter was taken for particulars."""
    if not address:
        return True
    clauses = [normalize(clause) for clause in source.split()]
    inside = [clause for clause in clauses if clause and clause in address]
    if inside and inside[-1] != address and _told(inside[-1]):
        # "我是住在北关的 这两天家里的自来水一直是浑的": the place ("北关的", too short to be
        # read in its own clause) ran on over the whole next clause, a matter told; the
        # message was then taken for particulars alone (helper newmatter31).
        return False
    return all(_PLACE_PART.fullmatch(clause) is not None and not _SENTENCE_CHARS.search(clause)
               for clause in inside[:-1])


def _told(clause: str) -> bool:
    """A clause that tells something rather than names a place: no place's ending, and a
    sentence's words in it or longer than a place's remark ("这两天家里的自来水一直是浑的", not "3号楼2单元" nor "俺是杏树坪村的")."""
    clause = clause.removesuffix("的")
    return _PLACE_PART.fullmatch(clause) is None and (
        _SENTENCE_CHARS.search(clause) is not None or len(clause) >= _TOLD_MIN_CHARS)


#: A clause this long that is no place tells something ("这几天楼下一直在烧垃圾").
_TOLD_MIN_CHARS = 6


#: An elder a citizen writes for, as they call them ("我妈", "俺爹", "家里老人"): their name is the
#: one to take down ("我妈叫孙桂兰"), as a hotline operator does for a caller ringing for a parent.
FOR_WHOM = (r"(?:我|俺|咱)?(?:家)?(?:老?(?:妈|爸|爹|娘)|母亲|父亲|老母亲|老父亲|爷爷|奶奶|外婆|外公|"
            r"姥姥|姥爷|老伴儿?|公公|婆婆|岳父|岳母|老人家?|家里老人)")
#: Someone else one may write for, named only in a message that says it is written for them.
_PARTNER = r"(?:老公|丈夫|爱人|老婆|媳妇|妻子|对象|儿子|女儿|孩子|哥哥|姐姐|弟弟|妹妹|亲戚|朋友|哥|姐|弟|妹)"
#: "我妈叫孙桂兰", "我爸的名字是何永福"; after "替我爸发的", "他叫何永福" / "她叫…" too: the one
#: written for, named. A clause that starts with 叫 ("叫吴海涛，电话…") names the writer.
_FOR_WHOM_NAMED = re.compile(rf"{FOR_WHOM}(?:的)?(?:名字|姓名)?(?:叫|名字是|姓名是)([\u4e00-\u9fff]{{2,4}})")
#: A message that says it is written for someone ("替我爸发的", "我帮他发的", "代我爱人反映"):
#: there "他叫…", "我老公叫…" name the one it is for.
_WRITES_FOR = re.compile(rf"(?:替|帮|代|给)(?:{FOR_WHOM}|他|她|(?:我|俺)?{_PARTNER})|(?:替|帮|代)(?:他|她)?(?:发|问|反映|写|留言)")
_THEY_ARE_NAMED = re.compile(rf"(?:他|她|他老人家|她老人家|(?:我|俺)?{_PARTNER})(?:的)?(?:名字|姓名)?"
                             r"(?:叫|名字是|姓名是)([\u4e00-\u9fff]{2,4})")
_REPLY_NAMED = re.compile(r"^叫([\u4e00-\u9fff]{2,4})")
_NAME_ENDS = re.compile(r"$|[，,。；;!！~～]")


def writes_for(text: str) -> bool:
    """The message says it is written for someone else ("我帮他发的", "替我妈问一下")."""
    return _WRITES_FOR.search(text) is not None


def _named_in_a_clause(text: str) -> str:
    """The name of "叫吴海涛，电话…" (a message that starts with 叫), "我妈叫孙桂兰" (an elder
    written for) or, in a message that says it writes for one, "他叫何永福". The name ends its
    clause or meets another particular's cue: "叫张师傅来看" names whom they called."""
    matches = [*_REPLY_NAMED.finditer(text), *_FOR_WHOM_NAMED.finditer(text)]
    if _WRITES_FOR.search(text):
        matches += _THEY_ARE_NAMED.finditer(text)
    for match in matches:
        start = match.start(1)
        for size in range(4, 1, -1):
            candidate, after = text[start:start + size], text[start + size:]
            if len(candidate) == size and looks_like_name(candidate) and (
                    _NAME_ENDS.match(after) or _NAME_STOPS.match(after)):
                return candidate
    return ""


#: Someone a petitioner complains of or about, whose number they may pass on ("老板姓刘 电话…",
#: "房东的电话是…", "包工头叫王大海 他电话是…"): the party, not the writer. (Not a neighbour: "有事
#: 打俺邻居老胡的电话" is how the writer who has no phone is reached.) "他" or "她" before a word
#: of kin is the writer saying who they are ("我是他女儿 叫李娟 手机…"), not the holder.
_OTHER_PARTY = (r"(?:他|她)(?!的?(?:女儿|儿子|孙子|孙女|外孙女?|闺女|儿媳|女婿|侄子|侄女|家属|"
                r"老婆|老公|爱人|媳妇|妹妹|弟弟|哥哥|姐姐))|对方|那人|那个人|老板娘?|房东|包工头|"
                r"工头|经理|物业|店主|店家|商家|卖家|中介|司机|开发商|施工方|厂长|校长|老师|村长|"
                r"支书|书记|主任|队长|债主|欠款人")
#: The writer themself ("我电话", "打我手机", "本人手机"): the number is theirs.
_WRITER = r"我|俺|本人|咱"
_HOLDER = re.compile(rf"(?:{_OTHER_PARTY})|(?P<writer>{_WRITER})")
#: The writer's own family, named before a 他 or 她 that then means them ("我妈…她手机号是…").
_OWN_KIN = re.compile(rf"(?:我|俺|咱)(?:家)?(?:的)?(?:{FOR_WHOM}|{_PARTNER}|闺女|孙子|孙女|儿媳|女婿)")
#: How far before a number its holder is looked for, within one sentence.
_HOLDER_CHARS = 16


def someone_elses_number(text: str, start: int) -> bool:
    """The number at ``start`` of normalized ``text`` is another party's: the nearest holder
    named before it in its sentence is someone else ("老板姓刘电话135…", "那个工头叫李四手机
    137…"), not the writer ("老板不接我电话 我手机是138…"), and the message does not say before
    it that it is written for someone (``writes_for``: "我帮我妈发的 她电话…" is the one to
    reach)."""
    before = re.split(r"[。！？!?]", text[max(0, start - _HOLDER_CHARS):start])[-1]
    holders = list(_HOLDER.finditer(before))
    if not holders or holders[-1].group("writer") is not None:
        return False
    if holders[-1].group(0) in ("他", "她") and _OWN_KIN.search(before[:holders[-1].start()]):
        return False  # "有事情打给我闺女 她的号码159…": 她 is the writer's own, to reach them by
    # (Written-for said before the number: "打给他" after it asks to call the party.)
    return not writes_for(text[:start])


def only_someone_elses_number(text: str) -> bool:
    """Normalized ``text`` holds a phone number, and each it holds is another party's."""
    starts = [match.start() for match in _PHONE.finditer(text)]
    return bool(starts) and all(someone_elses_number(text, start) for start in starts)


def _extract(text: str, lines: tuple[str, ...] = ()) -> Particulars:
    name = _cued_name(text) or _corrected_name(text) or _surname_then_name(text) \
        or _from_place_then_name(text) or _name_to_write(text) or _named_in_a_clause(text) \
        or _closing_name(lines) or _latin_name(text)
    if not name:
        for match in _SIGNATURE.finditer(text):
            if _signs_a_letter(text, match) and looks_like_name(match.group(1)):
                name = match.group(1)
    phone = next((p for p in (parse_phone(m.group(0)) for m in _PHONE.finditer(text)
                              if not someone_elses_number(text, m.start())) if p), "") \
        or _spoken_phone(text)
    id_number = next((m.group(0).upper() for m in _ID_NUMBER.finditer(text)
                      if valid_id_number(m.group(0))), "")
    address = _cued_address(text)
    if phone or id_number:
        line_name, line_address = _record_line(_record_block(lines) if lines else text)
        if address and line_name in address:
            line_name = ""  # "地址：张家庄": the place its cue named, not a person
        name, address = name or line_name, address or line_address
    return Particulars(name=name, phone=phone, id_number=id_number, address=address)


#: A name written in Latin letters after its cue, in English or in pinyin ("my name is Wang Lei",
#: "name: Li Na", "wo jiao li ming"): one to three words, kept as written, each word
#: capitalized (pinyin is typed lower-case). The words after it that are no part of a name
#: ("phone", "dian hua", "and") end it.
_LATIN_NAME = re.compile(
    r"(?<![a-z])(?:my name is|my name's|name\s*[:：]|i am called|"
    r"wo jiao|wo de ming zi (?:shi|jiao)|ming zi (?:shi|jiao)|xing ming\s*[:：]?)\s+"
    r"([a-z]+(?:[ \-][a-z]+){0,2})", re.IGNORECASE)
_NOT_IN_A_LATIN_NAME = frozenset({
    "and", "phone", "tel", "mobile", "number", "my", "i", "im", "from", "at", "the", "here",
    "dian", "hua", "shou", "ji", "hao", "ma", "de", "wo", "zhu", "zai", "live", "living",
    "address", "please", "pls", "thanks", "thank", "you", "is", "not"})


#: "I'm Mary Wang", "this is David Chen speaking": a self-introduction names the writer only as
#: a first and a last name, each capitalized ("I am Korean", "I'm a resident", "I am Very
#: angry" are none: one word, lower case, or a word no name holds).
_INTRODUCED_LATIN = re.compile(
    r"(?<![A-Za-z])(?:I'm|I am|Im|This is|this is|It's|it's)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2})(?![A-Za-z])")
_NOT_A_FIRST_NAME = frozenset({
    "very", "so", "really", "just", "not", "the", "a", "an", "from", "living", "writing",
    "calling", "chinese", "korean", "japanese", "american", "british", "english", "french",
    "german", "russian", "indian", "african", "foreign", "new", "here", "sorry", "angry",
    "happy", "tired", "mr", "mrs", "ms", "miss", "dr"})


def _latin_name(text: str) -> str:
    found = _LATIN_NAME.search(text)
    if found is None:
        introduced = _INTRODUCED_LATIN.search(text)
        words = introduced.group(1).split() if introduced else []
        if words and not {w.lower() for w in words} & (_NOT_A_FIRST_NAME | _NOT_IN_A_LATIN_NAME):
            return " ".join(words)
        return ""
    words = []
    for word in re.split(r"[ \-]", found.group(1)):
        if word.lower() in _NOT_IN_A_LATIN_NAME:
            break
        words.append(word[:1].upper() + word[1:].lower())
    return " ".join(words)


#: A name typed in toneless pinyin as the whole reply to "your name?" ("li xiao hong",
#: "wangfang", "ouyang xiu"): most people type pinyin lower-case. A closed grammar: a common
#: surname's syllable first, then one to three syllables, in one to three words; replies said
#: in pinyin that start with a surname's sound ("xie xie", "hao de", "shi de") are none.
_PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|"
                    r"un|vn|ia|ie|iu|ua|uo|ue|ve|ui|er|a|o|e|i|u|v)")
_PINYIN_SURNAMES = (
    "ouyang|sima|zhuge|shangguan|situ|murong|"
    "wang|li|zhang|liu|chen|yang|huang|zhao|wu|zhou|xu|sun|ma|zhu|hu|guo|he|gao|lin|luo|zheng|"
    "liang|xie|song|tang|han|feng|deng|cao|peng|zeng|xiao|tian|dong|yuan|pan|cai|jiang|yu|du|ye|"
    "cheng|wei|su|lv|lu|ding|ren|shen|yao|jin|fu|zhong|cui|tan|fan|liao|shi|jia|xia|fang|bai|zou|"
    "meng|xiong|qin|qiu|hou|yin|xue|yan|duan|lei|long|tao|gu|mao|hao|gong|shao|wan|qian|dai|mo|"
    "kong|xiang|chang|kang|niu|qi|wen|zhan|bao|zuo|lai|lan|ou|hong|geng|guan|ning|rao|tong|yue")
_PINYIN_NAME = re.compile(
    rf"({_PINYIN_SURNAMES})(?=(?:\s?{_PINYIN_SYLLABLE}){{1,3}}$)((?:\s?{_PINYIN_SYLLABLE}){{1,3}})")
_PINYIN_SAYINGS = frozenset({
    "xiexie", "haode", "haole", "haoba", "haoa", "shide", "shia", "keyi", "duide", "zaijian",
    "suanle", "hehe", "haha", "mama", "baba", "gege", "jiejie", "didi", "meimei", "laoshi",
    "shishi", "shibushi", "haobuhao", "xingba", "meiyou", "buyong", "buxing", "wanan", "zaoan",
    "zhidao", "zhidaole", "mingbai", "shouji", "dianhua", "dizhi", "mingzi", "xingming", "gongzuo",
    "xiaoqu", "wuye", "dianti", "lutou", "huoche", "gongjiao", "yiyuan", "xuexiao", "jiating",
    "wenti", "tousu", "jubao", "fanying", "xiaoxi", "weixin", "hongbao", "chaxun", "jindu"})


def pinyin_name(reply: str) -> str:
    """The name a reply typed in pinyin gives alone ("li xiao hong" → "Li Xiaohong", "wangfang"
    → "Wang Fang"), written as a passport writes it; "" when it is not one."""
    words = reply.strip().lower().split()
    if not 1 <= len(words) <= 3 or not all(w.isascii() and w.isalpha() for w in words):
        return ""
    joined = " ".join(words)
    if "".join(words) in _PINYIN_SAYINGS:
        return ""
    found = _PINYIN_NAME.fullmatch(joined)
    if found is None:
        return ""
    given = found.group(2).replace(" ", "")
    return found.group(1).capitalize() + " " + given.capitalize()


# -- a letter's foot ---------------------------------------------------------------------------

#: A line of a letter's foot is short; the first long one upwards is the letter's text.
_FOOT_LINE_MAX_CHARS = 40
_FOOT_MAX_LINES = 8
#: Labels a signature is written under ("落款：", "代写人：", "村民：", "反映人 |"); any other
#: label ("地址：", "小区 |") says what follows is no name.
_FOOT_LABEL = re.compile(r"^([\u4e00-\u9fff]{1,5})\s*[:：|｜]\s*")
_NAME_LABEL = re.compile(r"^(?:[\u4e00-\u9fff]{0,4}人|落款|署名|签名|签字|姓名|名字|"
                         r"[\u4e00-\u9fff]{0,3}(?:民|户|主|长|众|工|员|师))$")
#: A note after a name ("刘军（儿子）"), a date, a closing ("敬上"), a number: none of them name.
_FOOT_NOTE = re.compile(r"[（(][^）)]{0,16}[）)]")
_FOOT_DATE = re.compile(r"\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?|\d{1,2}月\d{1,2}日")
_FOOT_CLOSING = re.compile(r"敬上|谨上|拜上|叩上|敬呈|谨呈|此致|敬礼|顿首|[!！。.,，]")


def _letter_lines(source: str) -> tuple[str, ...]:
    """The lines of a text written on several lines, normalized one by one; () for one line."""
    lines = [line.strip() for line in source.replace("\r", "\n").split("\n")]
    if sum(1 for line in lines if line) < 2:
        return ()
    # Word by word: normalizing a whole line joins "居民 郭桂芹" into one word.
    return tuple(" ".join(normalize(word) for word in line.split()) for line in lines)


def _foot(lines: tuple[str, ...]) -> list[str]:
    """The short lines that end a letter, from the last one upwards."""
    foot: list[str] = []
    for line in reversed(lines):
        if not line:
            continue
        if len(line) > _FOOT_LINE_MAX_CHARS or len(foot) >= _FOOT_MAX_LINES:
            break
        foot.append(line)
    return foot


def _closing_name(lines: tuple[str, ...]) -> str:
    """The name a letter is signed with, on a line of its foot of its own or beside its
    label, a date, a closing or a number: "落款：张三 139…", "2026年11月18日 / 赵四",
    "殷五 敬上", "代写人：刘六（儿子）", "退休教师 白七". Without a label the name must be no
    everyday word ("祝好", "王府井")."""
    foot = _foot(lines)
    if len(foot) == len([line for line in lines if line]):
        return ""  # a few short lines and nothing above them: a chat message, not a letter
    for line in foot:
        labelled = False
        label = _FOOT_LABEL.match(line)
        if label:
            if not _NAME_LABEL.match(label.group(1)):
                continue
            line, labelled = line[label.end():], True
        line = _NAME_STOPS.split(line)[0]
        line = _FOOT_CLOSING.sub(" ", _FOOT_DATE.sub(" ", _FOOT_NOTE.sub(" ", line)))
        line = _PHONE.sub(" ", _ID_NUMBER.sub(" ", line))
        words = [word for word in re.split(r"[\s、/|｜;；:：]+", line) if word]
        latin: list[str] = []
        for word in words:
            if looks_like_bare_name(word) or labelled and looks_like_name(word):
                return word
            if re.fullmatch(r"[A-Za-z\-]+", word):
                latin.append(word)
            elif not _NOT_NAME.search(word):
                break  # "钱交了 路只修了一半": a clause, not a signature
        else:
            # Signed in pinyin or in Latin letters ("wang jian guo", "业主 Zhou Min").
            signed = _signed_in_latin(" ".join(latin))
            if signed:
                return signed
    return ""


#: Words of an English letter's closing, which are no name ("Best Regards", "Thank You").
_LATIN_CLOSINGS = frozenset({"best", "regards", "thanks", "thank", "you", "sincerely", "dear",
                             "sir", "madam", "yours", "truly", "faithfully", "kind", "warm"})


def _signed_in_latin(words: str) -> str:
    """A name signed in pinyin ("wang jian guo" → "Wang Jianguo") or written as in a passport
    ("Zhou Min"), else ""."""
    if not words:
        return ""
    if pinyin_name(words):
        return pinyin_name(words)
    parts = words.split()
    if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", words) \
            and not any(part.lower() in _LATIN_CLOSINGS for part in parts):
        return words
    return ""


def _record_block(lines: tuple[str, ...]) -> str:
    """The short lines around the one with a phone or ID number, read as one record line
    ("方晓明 / 137…"); the line alone when it is long (a number told inside a sentence)."""
    for index, line in enumerate(lines):
        if not (_PHONE.search(line) or _ID_NUMBER.search(line)):
            continue
        if len(line) > _FOOT_LINE_MAX_CHARS:
            return line
        start = end = index
        while start > 0 and lines[start - 1] and len(lines[start - 1]) <= _FOOT_LINE_MAX_CHARS:
            start -= 1
        while end + 1 < len(lines) and lines[end + 1] and len(lines[end + 1]) <= _FOOT_LINE_MAX_CHARS:
            end += 1
        return " ".join(lines[start:end + 1])
    return ""


#: A phone number written in characters, as it is said ("一三八一二三四五六七八", 幺 for 1).
_SPOKEN_DIGITS = str.maketrans("零〇一幺二两三四五六七八九", "0011223456789")
_SPOKEN_NUMBER = re.compile(r"[零〇一幺二两三四五六七八九]{11,12}")


def _spoken_phone(text: str) -> str:
    """A mobile or landline number written in Chinese numerals, E.164, else ""."""
    for match in _SPOKEN_NUMBER.finditer(text):
        phone = parse_phone(match.group(0).translate(_SPOKEN_DIGITS))
        if phone:
            return phone
    return ""


def _cued_name(text: str) -> str:
    """The name after "我叫", "姓名：", "反映人：" and the like."""
    for match in _overlapping(_NAME_CUE, text):
        clause = re.split(r"[\s,，。；;!！?？、]", text[match.start(1):], maxsplit=1)[0]
        cue = text[match.start():match.start(1)].strip()
        if cue.endswith("是") and "的" in clause[:_FROM_MAX_CHARS]:
            continue  # "我是王家庄的赵老四", "我是李明的家属": whose or where from, not a name
        # "我叫孙八电话…", "反映人：欧阳修 联系地址…" (normalized without the space): the
        # name ends at the next particular's cue, read on the text, not on four characters.
        candidate = _NAME_STOPS.split(clause)[0][:4]
        if "叫" in cue and looks_like_nickname(candidate[:3]) or looks_like_nickname(candidate):
            return next(c for c in (candidate, candidate[:3], candidate[:2])
                        if looks_like_nickname(c))
        # A name may still run on into the next word: try the shorter readings as well.
        for size in range(min(len(candidate), 4), 1, -1):
            if looks_like_name(candidate[:size]):
                return candidate[:size]
    return ""


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match, each searched from just after the last one's start: "名字打错了我叫孟凡"
    has a cue inside the first reading's name."""
    match = pattern.search(text)
    while match is not None:
        yield match
        match = pattern.search(text, match.start() + 1)


#: A name corrected ("名字打错了，是牛奔", "姓名更正为陈建华"): the message speaks of the name,
#: and the new one follows the correction.
_NAME_CORRECTED = re.compile(
    # Not a place's or a unit's name ("小区名字错了，是和美小区", "公司名字写错了"): the writer's.
    r"(?<![区村路街镇乡楼店厂司校院园])(?:名字|姓名|名)[^,，。;；!！?？]{0,6}?(?:打错了|写错了|弄错了|错了|更正(?:一下)?|改为|改成|"
    r"更正为|应为)[\s,，:：]*(?:应该是|应该叫|应为|是|为|叫)?\s*([\u4e00-\u9fff]{2,4})")


def _corrected_name(text: str) -> str:
    for match in _NAME_CORRECTED.finditer(text):
        candidate = _NAME_STOPS.split(match.group(1))[0]
        for size in range(len(candidate), 1, -1):
            if looks_like_name(candidate[:size]):
                return candidate[:size]
    return ""


#: "那就写王先生吧", "叫我张大爷就行": what the citizen asks to be written down as a name.
_NAME_TO_WRITE = re.compile(r"(?:(?:就|那就|你就|直接)(?:写|填|记)(?:成|为|作)?|叫我|称呼我)"
                            r"([\u4e00-\u9fff]{2,4}?)(?:吧|就行|就好|就可以|即可|[\s,，。]|$)")
_NAME_TO_WRITE_MAX_CHARS = 16


def _name_to_write(text: str) -> str:
    if len(text) > _NAME_TO_WRITE_MAX_CHARS and _PHONE.search(text) is None:
        return ""  # a sentence, not a reply about what to write
    match = _NAME_TO_WRITE.search(text)
    return match.group(1) if match and looks_like_name(match.group(1)) else ""


def looks_like_nickname(candidate: str) -> bool:
    """"小青", "阿明": a name people go by, read only when introduced ("我叫小青"), and never a
    dictionary word ("小区", "小学")."""
    return (re.fullmatch(r"[小阿][\u4e00-\u9fff]{1,2}", candidate) is not None
            and candidate not in _common_words())


def _cued_address(text: str) -> str:
    """The address after "住在", "地址：" and the like, up to the next particular's cue."""
    match = _ADDRESS.search(text)
    if match is None:
        return ""
    address = _ADDRESS_STOPS.split(match.group(1))[0]
    phone = _PHONE.search(address)
    address = address[:phone.start()] if phone else address
    if _ASKS.search(address) or _TELLS.search(address):
        return ""  # "地址要写到门牌号吗": a question about the address gives none
    if _OF_THE_MATTER.search(text[:match.start()]) and not _OF_ONESELF.search(text[:match.end(1)]):
        return ""  # "我刚才发的那个投诉写错了 地址不是幸福路是…": where the matter is, not one's home
    # "住在城南花园的业主": who lives there follows the place ("的业主", "的居民").
    address = _WHO_LIVES_THERE.sub("", address)
    corrected = _NOT_THIS_BUT.fullmatch(address)
    if corrected:
        address = corrected.group(1)  # "不是幸福路是幸福南路": the second is the address
    return address if len(address) >= 2 else ""


#: Before an address's cue, words that make it the place of the matter told ("投诉的那个…地址"),
#: unless the petitioner's own home is named ("我家地址", "我的住址", "住在").
_OF_THE_MATTER = re.compile(r"(?:投诉|反映|举报)(?!人)|报的|说的|发的|那个事|这个事|事情|事发|出事")
_OF_ONESELF = re.compile(r"我家|俺家|我的|本人|我住|家住|住在|居住|现住|通讯|联系|收件|寄|"
                         r"(?:投诉|反映|举报|来信|信访)人")
_WHO_LIVES_THERE = re.compile(r"的(?:业主|居民|住户|租户|村民|老住户|老人|一名|一位).*$")
_NOT_THIS_BUT = re.compile(r"不是.{2,30}?(?:而是|应该是|是)(.{2,40})")


_ASKS = re.compile(r"吗|呢|么|怎|哪|能不能|可不可以|是否|多少")
#: What follows the cue tells something, not where: "地址登记错了", "地址写错了，我家着火了".
_TELLS = re.compile(r"错|了$")


#: One line of particulars ("孙大牛 13512340000 河西村三组", "林小红/13811112222/人民路5号"): its
#: parts apart, the cue words before a value taken out.
_LINE_SEPARATORS = re.compile(r"[\s/|,，、;；:：。！!？?]+")
_LINE_CUES = re.compile(r"我叫|我是|本人|俺是|姓名|名字|联系人|联系电话|电话|手机号?|号码|联系方式|"
                        r"身份证号?|住址|地址|家住|住在|(?:我|俺)?家在|住|是")
#: Words that may stand between the parts of a line and say nothing ("不对", "新号码").
_LINE_FILLER = re.compile(r"不对|不是|新的?|换号了|改为|改成|更正|以后|打这个|或者|或")
#: A part that is a place: no word a sentence needs, and ends as a place or a number does.
_PLACE_PART = re.compile(
    r"[\u4e00-\u9fff\dA-Za-z#\-]{1,38}"
    r"(?:村|组|屯|庄|寨|路|街|巷|弄|道|号|栋|幢|楼|室|单元|门|院|区|县|市|镇|乡|省|花园|家园|苑|园|里|"
    r"胡同|社区|大厦|公寓|广场|市场|菜场|路口|郊|期|层|户|座|府|城|湾|坝|桥|站|厂|场|坡|岗|\d|"
    r"旁边|附近|对面|后面|前面|门口|边上)")
_SENTENCE_CHARS = re.compile(r"[了吗呢吧啊的么坏漏没不被把很太要想说找打骂偷抢欠占堵]")
_HONORIFIC = re.compile(r"(?:先生|女士|小姐|大爷|大妈|阿姨|大姐|大哥|师傅|老师|同志)$")


def _record_line(text: str) -> tuple[str, str]:
    """The name and address of a line that lists particulars without words between them.

    Only a line with a valid phone or ID number (the caller's check) is read so: beside one, a
    short part that looks like a name is the writer's. Every other part must be a place or a
    cue, else the line tells something and only a name standing next to the number is read.
    """
    numbers = [m.span() for m in _PHONE.finditer(text)] + [m.span() for m in _ID_NUMBER.finditer(text)]
    marked = text
    for start, end in sorted(numbers, reverse=True):
        marked = marked[:start] + "\x00" + marked[end:]
    parts = [_LINE_CUES.sub(" ", part) for part in re.split(r"(\x00)", marked)]
    pieces = [piece for part in parts for piece in _LINE_SEPARATORS.split(part) if piece]
    name = address = ""
    told = named_beside = False
    for index, piece in enumerate(pieces):
        if piece == "\x00" or _LINE_FILLER.fullmatch(piece):
            continue
        beside_number = "\x00" in pieces[max(0, index - 1):index + 2]
        found_name, rest = _name_then_place(piece)
        # A name beside the number outranks a word of the matter before it that looked like
        # one ("周边住户苦不堪言。伍静 136…": 周边 is no signature).
        if found_name and (not name or beside_number and not named_beside) \
                and (beside_number or not rest):
            if name:
                told = True  # the earlier "name" was a word of the matter
            name, named_beside = found_name, beside_number
            piece = rest
            if not piece:
                continue
        if piece.isdigit():
            continue  # "黄小姐 96660000 不对 138…": a number that is no phone, and no place
        if not address and _PLACE_PART.fullmatch(piece) and not _SENTENCE_CHARS.search(piece) \
                and piece not in _two_character_words():  # "家里电话": an everyday word, no place
            address = piece
        else:
            told = True
    if told:
        # A matter on the line: only a name that is no everyday word, beside the number.
        return (name if looks_like_bare_name(name) or _HONORIFIC.search(name) else "", "")
    return name, address


def _name_then_place(piece: str) -> tuple[str, str]:
    """A part that is a name ("孙大牛"), or a name and a place run together ("郑强幸福路12号":
    normalizing joins them across the space); ("", piece) when it starts with no name.

    Where a name and a place both fit either way ("孙大|牛河西村", "孙大牛|河西村"), the place
    that starts with a word of the dictionary ("幸福", "河西") wins, then the longer name."""
    if looks_like_name(piece):
        return piece, ""
    if len(piece) <= 4 and looks_like_nickname(piece):
        return "", piece
    splits = [(piece[:size], piece[size:]) for size in (2, 3, 4)
              if looks_like_name(piece[:size]) and _PLACE_PART.fullmatch(piece[size:])
              and not _SENTENCE_CHARS.search(piece[size:])]
    if not splits:
        return "", piece
    return max(splits, key=lambda split: (split[1][:2] in _two_character_words(), len(split[0])))


@functools.cache
def _two_character_words() -> frozenset[str]:
    """The dictionary's two-character words: where a place run on after a name starts."""
    with jieba.get_dict_file() as lines:
        return frozenset(word for word in (raw.decode("utf-8").split(maxsplit=1)[0] for raw in lines)
                         if len(word) == 2)


#: "我姓周 周建华 电话…", "免贵姓李，李明": the surname said, then the full name as a clause of its
#: own (it starts with that surname and ends at a clause end): the surname said twice is the cue.
_SURNAME_THEN_FULL = re.compile(
    r"姓(" + "|".join(_COMPOUND_SURNAMES) + r"|[\u4e00-\u9fff])[，,、]*(\1[\u4e00-\u9fff]{1,3})"
    r"(?=$|[，,。；;!！~～])")


def _surname_then_name(text: str) -> str:
    """The name of "我姓李，叫李秀兰" (given in full) or "我姓王叫小红" (given without the surname),
    or "我姓周，周建华" (the full name as a clause of its own)."""
    for match in _SURNAME_THEN_FULL.finditer(text):
        if looks_like_name(match.group(2)):
            return match.group(2)
    for match in _SURNAME_THEN_NAME.finditer(text):
        surname, given = match.group(1), match.group(2)
        for size in range(min(len(given), 4), 0, -1):
            part = given[:size]
            candidate = part if part.startswith(surname) else surname + part
            if looks_like_name(candidate):
                return candidate
    return ""


def _from_place_then_name(text: str) -> str:
    for match in _FROM_PLACE_THEN_NAME.finditer(text):
        candidate = match.group(1)
        for size in range(min(len(candidate), 4), 1, -1):
            if looks_like_name(candidate[:size]) and not _NOT_NAME.search(candidate[:size]):
                return candidate[:size]
    return ""


def _signs_a_letter(text: str, match: re.Match[str]) -> bool:
    return match.start(1) >= _SIGNATURE_MIN_PRECEDING_CHARS or \
        _SIGNATURE_MARKS.search(match.group(0)) is not None
