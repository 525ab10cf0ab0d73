"""What a petition is about: the named places and parties, the buildings, the things and the
demands of a normalized text (:func:`extract_parts`).

These are the symbolic half of a matter fingerprint (:mod:`nlp.matter_signature`). Two texts
about the same matter, however worded and whoever wrote them, name the same 小区 or road, the
same thing (a lift, unpaid wages) and usually the same demand; two texts about the same street
but different problems share the place and nothing else. The lexicon is the package's
``matter_lexicon.toml`` (things, demands, the suffixes names end with).

Names are read backwards from a suffix ("美和园" + "小区", "鑫源化工" + "厂") up to a boundary
word ("住在", "的", an administrative unit such as "海淀区"), so "住在海淀区美和园小区" gives the
community "美和园".
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from nlp.latin_designators import in_characters, latin_names
from nlp.matter_latin import readings
from nlp.party_names import party_core

#: Kinds of names; a place kind and a party kind can both describe "市第三医院".
NAME_KINDS = ("community", "road", "village", "institution", "company")
#: The kinds that name a party complained of (a school, hospital or firm), read without the
#: verb or preposition before them (:func:`nlp.party_names.party_core`).
_PARTY_KINDS = frozenset({"institution", "company"})
_MAX_NAME = 6
_MAX_LATIN_NAME = 20
_NUMERALS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9, "十": 10}
#: A number, then what it numbers (the building, phase, road, exit, branch, school, group of a
#: village): the numbered names that tell neighbours apart. Floors (18楼, 三层) are not here:
#: neighbours in one building write different floors of one matter.
#: Not a date's day (11月3号), an hour (一小时), a noon (一中午) or a breath (一口气).
_DESIGNATOR = re.compile(r"(?<![月0-9])([0-9]{1,4}|[一二两三四五六七八九十]{1,3})\s*(号楼|号院|栋|幢|单元"
                         r"|期|号线|路|街|巷|弄|组|队|中(?![午间心])|小(?![时孩朋])|号|口(?![气子])"
                         r"|店|区|村|车间|分店|标段|(?:人民|中心|中医)?医院|院(?![子里落长内外士校系]))")
#: A building, exit or zone lettered rather than numbered (A口 / D出口, B座, C区, E栋): two exits
#: of one station or two blocks of one estate are neighbours as 3栋 / 7栋 are. One letter, not
#: inside a Latin word ("wifi区", "KTV区" are no designators).
_LETTERED = re.compile(r"(?<![A-Za-z])([A-Za-z])\s*(出口|入口|口(?![气子])|座|栋|幢|区)")
_LETTERED_KIND = {"出口": "口", "入口": "口", "幢": "栋"}
#: Designators that number the same thing: a building is 栋 / 幢 / 号楼, a branch 店 / 分店.
_DESIGNATOR_KIND = {"号楼": "栋", "幢": "栋", "分店": "店", "医院": "院", "人民医院": "院",
                    "中心医院": "院", "中医医院": "院"}
_BUILDING = re.compile(r"([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(号楼|栋|幢|号院|单元)")
#: What tells neighbouring places of one name apart when added to its end: a direction or a
#: number (光明里 / 光明东里, 上塘 / 上塘二组, 锦园 / 锦园二期).
QUALIFIERS = frozenset("东西南北中上下前后内外一二三四五六七八九十0123456789")
_NAME_CHAR = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")
#: Verbs of going in or out, away or back: "小区" right after one is the word, not an estate's
#: name ("车进小区", "进出小区", "距离小区", "烟排入小区"); read as a name ("些车进"), it clashed
#: with the estate the text named (session 22, docs/NLP.md).
_MOTION = frozenset("进出回入离")
#: Words after a name in brackets that make it a landmark of the place the text is about
#: ("翠庭小区（盛世名苑隔壁）", "绿洲北苑（就在绿洲家园北边）"). Out of brackets "附近", "北边" often
#: say where the matter itself is ("沿河路桃源桥附近河堤堆满建筑垃圾" is at 桃源桥): not read there.
_LANDMARK = re.compile(r"的?(?:斜?对面|隔壁|旁边|边上|附近|[东南西北](?:边|侧|面))[^（(）)]{0,12}[）)]")
#: Verbs of building or taking land: "建物流园", "修物流园", "征地建停车场" name a kind of place
#: to be built, no place (helper matter27).
_BUILDING_VERBS = frozenset("建修盖征占")


@dataclass(frozen=True, slots=True)
class Name:
    """A named place or party: its kind, its core ("美和园") and the suffix it was read by."""

    kind: str
    core: str
    suffix: str

    @property
    def text(self) -> str:
        return self.core + self.suffix

    def same_as(self, other: Name) -> bool:
        """Same kind, and one core is the other or contains it ("金地" / "金地花园") — unless
        what the longer adds at its end is a direction or a number ("光明" / "光明东" in
        光明里 / 光明东里, "锦园" / "锦园二" in 锦园 / 锦园二期): that names a neighbour."""
        if self.kind != other.kind:
            return False
        shorter, longer = sorted((self.core, other.core), key=len)
        if shorter == longer or _sounds_alike(shorter, longer):
            return True
        if _latin(shorter) != _latin(longer):
            return _spelt_alike(*(sorted((shorter, longer), key=_latin)))
        if len(shorter) < 2:
            return False
        if shorter not in longer:
            return _inserted(shorter, longer) or (self.kind == "road"
                                                  and _abbreviated(shorter, longer))
        added = longer[len(shorter):] if longer.startswith(shorter) else ""
        return not (0 < len(added) <= 2 and all(ch in QUALIFIERS for ch in added))


def _latin(core: str) -> bool:
    return any("a" <= ch <= "z" or "A" <= ch <= "Z" for ch in core)


#: Initials and finals a pinyin typist or a southern speaker writes one for the other.
_LOOSE = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"))


def _loose(syllable: str) -> str:
    for strict, loose in _LOOSE:
        syllable = syllable.replace(strict, loose)
    return syllable


def _spelt_alike(characters: str, latin: str) -> bool:
    """Whether a name written in pinyin ("fengqiao", read before "xincun" or "新村") spells a
    name in characters (枫桥): its syllables those of the characters, or of a run of them
    ("hongxing" in 城南红星), zh / z, ch / c, sh / s and -ng / -n taken as one; a name of three
    or more syllables may differ in one (a character of two readings: the table keeps one)."""
    table = readings()
    syllables = table.split(latin.lower()) or ((latin.lower(),) if latin.lower() in table.syllables
                                               else ())
    theirs = [table.readings.get(ch, "") for ch in characters]
    if not syllables or len(syllables) > len(theirs):
        return False
    mine = [_loose(s) for s in syllables]
    for start in range(len(theirs) - len(mine) + 1):
        window = [_loose(s) for s in theirs[start:start + len(mine)]]
        differ = sum(a != b for a, b in zip(mine, window, strict=True))
        if differ == 0 or (differ == 1 and len(mine) >= 3):
            return True
    return False


#: A branch named right after its firm: "力美健身" + "滨湖店", "惠多多超市" + "黄河路店".
_BRANCH = re.compile(r"([\u4e00-\u9fff]{2,4}?)分?店")
#: What a branch's name never holds ("力美健身的店", "这家店", "门店", "新店", "总店", "公司和酒店",
#: "中心有人帮药店"), nor ends on (a kind of shop: 酒店, 药店, 饭店, 书店 …).
_NOT_BRANCH = re.compile(r"[的这那家个门新老总大小网开关该本此每和与跟帮给在到去有把被让对从向也都还就]"
                         r"|[酒药饭书花商粮茶果菜面鞋服]$")


def _branches(text: str, names: Iterable[Name]) -> set[str]:
    """Branches of a chain as "店:<branch>" designators: a firm's name ("力美健身", "惠多多超市")
    followed at once by a name and 店 ("滨湖店", "黄河路店"). Two branches of one chain then
    clash as 3栋 / 7栋 do ("力美健身滨湖店" / "力美健身城南店", two places in the known limits);
    a text naming the chain without its branch clashes with neither (helper matter31)."""
    found = set()
    for name in names:
        if name.kind not in ("company", "institution") or name.suffix == "店":
            continue
        at = text.find(name.text)
        while at >= 0:
            match = _BRANCH.match(text, at + len(name.text))
            if match and not _NOT_BRANCH.search(match.group(1)):
                found.add("店:" + match.group(1))
            at = text.find(name.text, at + 1)
    return found


def _in_brackets(text: str, start: int) -> bool:
    """Whether ``start`` is within an opening bracket's few characters ("（就在…")."""
    before = text[max(0, start - 4):start]
    opening = max(before.rfind("（"), before.rfind("("))
    return opening >= 0 and not any(ch in "）)" for ch in before[opening:])


def _sounds_alike(one: str, other: str) -> bool:
    """Whether two cores of one length differ by one character read the same, tones dropped:
    a pinyin input method's slip ("青风苑" for 青枫苑, "金帝花园" for 金地花园). A direction or
    a number is never a slip ("光明东" / "光明冬"), and a character of another sound is another
    name ("金鼎" / "银鼎")."""
    if len(one) != len(other) or len(one) < 2:
        return False
    differ = [(a, b) for a, b in zip(one, other, strict=True) if a != b]
    if len(differ) != 1:
        return False
    (a, b), = differ
    if a in QUALIFIERS or b in QUALIFIERS:
        return False
    table = readings().readings
    return a in table and table.get(a) == table.get(b)


def _abbreviated(shorter: str, longer: str) -> bool:
    """Whether ``shorter`` is ``longer`` abbreviated the way street names are ("德外大街" for
    德胜门外大街, "朝外" for 朝阳门外): the same first and last character, the shorter's
    characters in order among the longer's, and what it drops holds no direction or number
    ("新华路" / "新华东路" stay neighbours). Read for roads only: over the names of the
    labelled phrasings it joins villages and estates that are two ("柳湾" / "柳树湾")."""
    if shorter[0] != longer[0] or shorter[-1] != longer[-1]:
        return False
    rest = iter(longer)
    if not all(character in rest for character in shorter):
        return False
    dropped = list(longer)
    for character in shorter:
        dropped.remove(character)
    return not any(character in QUALIFIERS for character in dropped)


def _inserted(shorter: str, longer: str) -> bool:
    """Whether ``longer`` is ``shorter`` with a word of two or more characters inserted
    after its first two and before its last, a word holding no direction or number:
    "启航教育东" (启航教育东城) / "启航东" (启航东城) are one place, the firm's trade written out
    in one and not the other; "光明东" / "光明" (光明东里 / 光明里) stay neighbours."""
    head = 2
    if len(shorter) < head + 1 or longer[:head] != shorter[:head] or len(longer) - len(shorter) < 2:
        return False
    for cut in range(head, len(shorter)):
        added = len(longer) - len(shorter)
        if (longer[:cut] == shorter[:cut] and longer[cut + added:] == shorter[cut:]
                and not any(ch in QUALIFIERS for ch in longer[cut:cut + added])):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Parts:
    """The symbolic fingerprint of one text; every field sorted, so equal texts give equal parts."""

    names: tuple[Name, ...]
    buildings: tuple[str, ...]
    things: tuple[str, ...]
    demands: tuple[str, ...]
    #: The demands of the clauses that ask ("请…", "要求…"): what the petitioner wants done,
    #: rather than every demand word the story mentions ("电梯维修动用了维修基金，要求公示").
    asks: tuple[str, ...] = ()
    #: What the request clauses ask done, read by the verb rather than by the lexicon's
    #: phrases (:data:`REQUEST_VERBS`): "求修", "物业必须赔", "贴出来给业主看" are requests
    #: the demand lexicon does not list.
    requests: tuple[str, ...] = ()
    #: What the text ends up asking, by the verb: the :data:`REQUEST_VERBS` of the last clause
    #: naming any (:func:`_final_requests`). A text states its story first and its ask last,
    #: and a story mentions other demands ("维修记录", "物业只重启从未更换") that are not its ask.
    #: None in a signature stored before finals and numbers were read: unknown, not none.
    finals: tuple[str, ...] | None = ()
    #: Numbered designators, "kind:number" (:func:`designators`): 3栋, 纬五路, 二期, B口's
    #: neighbours 七中 / 第九中学, 14号 / 52号. Two texts numbering one kind of thing apart
    #: speak of two places (3栋 / 7栋, 二期 / 三期) whatever else they share.
    numbers: tuple[str, ...] | None = ()


NO_PARTS = Parts((), (), (), ())
_CLAUSES = re.compile(r"[，。！？；,.!?;：:\n]+")
_ASKING = re.compile(r"(?<!申)请|要求|希望|恳请|盼望|建议|督促|能不能|什么时候|何时")
#: Where a request starts, more broadly than :data:`_ASKING`: the colloquial and the
#: impatient ("快修！", "求修", "物业必须赔", "啥时候修") ask too.
_REQUESTING = re.compile(r"(?<!申)请|要求|希望|恳请|盼望|建议|督促|能不能|能否|什么时候|何时"
                         r"|啥时候|(?<![追要])求|应该|应当|必须|赶紧|尽快|快|麻烦|拜托|谁来|得")
#: What a request asks done, by its verb: a character or two that every way of asking for
#: it shares (修 in 维修 / 快修 / 修起来 / 修缮, but not 装修 or 修车费).
REQUEST_VERBS: dict[str, re.Pattern[str]] = {
    "维修": re.compile(r"(?<![装])修(?![车费资基])|修缮|更换|换新|疏通|恢复"
                     r"|弄好|弄牢|加固|补上|补好|装回|扶正|堵上|通开|通通"),
    "赔偿": re.compile(r"赔|损失|谁出|谁掏|得掏|掏钱|出钱|得认|谁来认|把钱给|钱给我"),
    "退费": re.compile(r"退(?!休)|还回来|还给我|要回来|返还"),
    "公开": re.compile(r"公开|公示|公布|贴出|明细|账目|去向|花在|花哪|交代清楚|账本"
                     r"|给我们看|给大家看|拿出来看"),
    "查处": re.compile(r"查处|处罚|追究|严查|查一查|抓|取缔|整治|罚|处分|严肃处理"),
    "搬迁": re.compile(r"搬|迁|挪"),
    "拆除": re.compile(r"拆"),
    "道歉": re.compile(r"道歉"),
}


@dataclass(frozen=True, slots=True)
class Lexicon:
    things: Mapping[str, tuple[str, ...]]
    demands: Mapping[str, tuple[str, ...]]
    suffixes: Mapping[str, tuple[str, ...]]
    boundaries: frozenset[str]
    generic: frozenset[str]
    not_names: tuple[str, ...]
    #: Things that are one thing for telling matters apart (a thing and its symptom or cause:
    #: "停水" and "自来水"), each thing to its group's first: no thing conflict between them.
    kin: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, text: str) -> Lexicon:
        data = tomllib.loads(text)
        return cls(
            things={key: tuple(value) for key, value in data["thing"].items()},
            demands={key: tuple(value) for key, value in data["demand"].items()},
            suffixes={kind: tuple(data["suffix"][kind]) for kind in NAME_KINDS},
            # Greetings, prefaces and a story's verbs end a name as the boundary words do.
            boundaries=frozenset(data["boundary"]["words"])
            | frozenset(data["boundary"].get("story_words", ())),
            generic=frozenset(data["boundary"]["generic"]),
            not_names=tuple(data["boundary"]["not_names"]),
            kin={thing: group[0] for group in data.get("kin", {}).get("groups", ())
                 for thing in group},
        )


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The lexicon shipped in the package (read once per process)."""
    text = resources.files("nlp.data").joinpath("matter_lexicon.toml").read_text("utf-8")
    return Lexicon.from_toml(text)


def thing_kin(things: Iterable[str]) -> frozenset[str]:
    """``things`` with each one of a kin group read as the group (``Lexicon.kin``): two texts
    whose kin share none name things that cannot be one matter's."""
    kin = shipped_lexicon().kin
    return frozenset(kin.get(thing, thing) for thing in things)


def kin_members(things: Iterable[str]) -> tuple[str, ...]:
    """``things`` and every thing of their kin groups, sorted: what a collective check looks a
    case up by (a case about "停水" is found by one about "自来水"; the keys stored stay each
    case's own things)."""
    lexicon = shipped_lexicon()
    groups = {lexicon.kin.get(thing, thing) for thing in things}
    return tuple(sorted({*things, *(t for t, group in lexicon.kin.items() if group in groups)}))


class PartsReader:
    """Reads :class:`Parts` out of normalized text; build once, thread-safe."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon or shipped_lexicon()
        self._things = _concept_pattern(self._lexicon.things)
        self._demands = _concept_pattern(self._lexicon.demands)
        suffix_kind: dict[str, list[str]] = {}
        for kind in NAME_KINDS:
            for suffix in self._lexicon.suffixes[kind]:
                suffix_kind.setdefault(suffix, []).append(kind)
        self._suffix_kinds = {suffix: tuple(kinds) for suffix, kinds in suffix_kind.items()}
        self._suffixes = re.compile("|".join(
            re.escape(suffix) for suffix in sorted(suffix_kind, key=len, reverse=True)))
        self._not_names = re.compile("|".join(
            re.escape(word) for word in sorted(self._lexicon.not_names, key=len, reverse=True)))
        self._boundary_lengths = sorted({len(word) for word in self._lexicon.boundaries},
                                        reverse=True)

    def read(self, text: str) -> Parts:
        """The parts of normalized ``text`` (see :func:`nlp.normalize`)."""
        if not text:
            return NO_PARTS
        # Buildings and designators in pinyin or English read as their Chinese forms.
        spots = in_characters(text)
        # The suffix too: "南湖社区" and "南湖街道" share kind and core, and a set's order
        # differs from process to process (a signature's bytes and an alert's place did).
        names = tuple(sorted(set(self._told_apart(text)), key=lambda n: (n.kind, n.core, n.suffix)))
        return Parts(
            names=names,
            buildings=tuple(sorted({building for match in _BUILDING.finditer(spots)
                                    if (building := _building(match)) is not None})),
            things=_concepts(self._things, text),
            demands=_concepts(self._demands, text),
            asks=tuple(sorted({concept for clause in _CLAUSES.split(text)
                               if _ASKING.search(clause)
                               for concept in _concepts(self._demands, clause)})),
            requests=_requests(text),
            finals=_final_requests(text),
            numbers=tuple(sorted({*_designators_in_characters(spots), *_branches(text, names)})),
        )

    def _told_apart(self, text: str) -> list[Name]:
        """:meth:`_names` without the names a text gives only as a landmark of another name of
        the same kind it names: "翠庭小区（盛世名苑隔壁）快递柜也一样" is about 翠庭, not
        盛世名苑; read with both, it shared 盛世名苑 with the neighbour's matter (helper matter31).
        A landmark that is the text's only name of its kind stays ("红星广场北侧的KTV")."""
        names: list[Name] = []
        landmarks: list[Name] = []
        for name, landmark in self._names_read(text):
            (landmarks if landmark else names).append(name)
        kinds = {name.kind for name in names}
        return names + [name for name in landmarks if name.kind not in kinds]

    def _names(self, text: str) -> Iterable[Name]:
        return (name for name, _ in self._names_read(text))

    def _names_read(self, text: str) -> Iterable[tuple[Name, bool]]:
        blocked = [(m.start(), m.end(), m.group(0)) for m in self._not_names.finditer(text)]
        for match in self._suffixes.finditer(text):
            start, end, suffix = match.start(), match.end(), match.group(0)
            if any(b_start < end and start < b_end and word != suffix
                   for b_start, b_end, word in blocked):
                continue  # "城管", "路灯", "医院" read as "院": a word, not a name's end
            if suffix == "小区" and start and text[start - 1] in _MOTION:
                continue  # "这些车进小区", "烟飘进小区", "距离小区": the word, no estate named
            core = self._core_before(text, start)
            if len(core) < 2 and not core.isdigit() or core in self._lexicon.generic:
                continue
            if self._built_kind(core):
                continue
            landmark = bool(_LANDMARK.match(text, end)) and _in_brackets(text, start - len(core))
            for kind in self._suffix_kinds[suffix]:
                if kind not in _PARTY_KINDS:
                    yield Name(kind, core, suffix), landmark
                    continue
                # "找鼎力劳务公司", "责令物业": the firm without the words before it, none
                # if they were all (helper party32).
                party, _ = party_core(core)
                if len(party) >= 2 and party not in self._lexicon.generic:
                    yield Name(kind, party, suffix), landmark
        # Names in pinyin before a pinyin suffix ("fengqiao xincun", "jianshe lu"): compared
        # with names in characters by their syllables (:meth:`Name.same_as`).
        for core, suffix in latin_names(text, readings().syllables):
            for kind in self._suffix_kinds[suffix]:
                yield Name(kind, core, suffix), False

    def _built_kind(self, core: str) -> bool:
        """``core`` ends on a kind of place ("物流") right after a verb of building ("建")."""
        return any(core[-size:] in self._lexicon.generic and core[-size - 1] in _BUILDING_VERBS
                   for size in (2, 3, 4) if len(core) > size)

    def _core_before(self, text: str, end: int) -> str:
        start = end
        while start > 0 and end - start < _MAX_NAME and _NAME_CHAR.match(text[start - 1]):
            if any(text[start - size:start] in self._lexicon.boundaries
                   for size in self._boundary_lengths if size <= start):
                break
            start -= 1
        # A word in Latin letters is read whole ("jincheng小区", not "ncheng"): compared by its
        # syllables, a cut one read as another name (helper matter31).
        while (0 < start < end and end - start < _MAX_LATIN_NAME and text[start].isascii()
               and text[start].isalpha() and text[start - 1].isascii() and text[start - 1].isalpha()):
            start -= 1
        return text[start:end]


#: A concept pattern: the forms' alternation, the concept of each form, and a class of the
#: characters a form can start with (:func:`_concept_matches`).
_ConceptPattern = tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]


def _concept_pattern(concepts: Mapping[str, Sequence[str]]) -> _ConceptPattern:
    concept_of: dict[str, str] = {}
    for concept, forms in concepts.items():
        for form in forms:
            concept_of.setdefault(form.lower(), concept)
    # Case-blind: petitions mix in English ("电梯又坏了 Lift 不动"), in any capitals.
    pattern = re.compile("|".join(re.escape(f) for f in sorted(concept_of, key=len, reverse=True)),
                         re.IGNORECASE)
    starts = {character for form in concept_of for character in
              (form[0], form[0].upper(), form[0].lower())}
    first = re.compile("[" + "".join(re.escape(c) for c in sorted(starts)) + "]", re.IGNORECASE)
    return pattern, concept_of, first


def _concept_matches(compiled: _ConceptPattern, text: str) -> Iterator[str]:
    """``m.group(0) for m in pattern.finditer(text)``, tried only where a form can start.

    The same matches: every form is a plain word (no anchor, no look-around, none empty), so
    a match at a position is the pattern's match there, and one can start only at a
    character of ``first`` (the same case-blind matching). A few hundred forms tried at every
    character were most of reading a text's things (issue 17); the class is searched in C."""
    pattern, _, first = compiled
    match, search = pattern.match, first.search
    position = 0
    while (start := search(text, position)) is not None:
        found = match(text, start.start())
        if found is None:
            position = start.start() + 1
        else:
            yield found.group(0)
            position = found.end()


def _concepts(compiled: _ConceptPattern, text: str) -> tuple[str, ...]:
    concept_of = compiled[1]
    # Concepts named "_…" only hold words back from the others ("维修基金" is no demand).
    # (A match whose lower case is another string, "lİft" → "li̇ft", names no concept.)
    found = {concept_of.get(word.lower(), "_") for word in _concept_matches(compiled, text)}
    return tuple(sorted(concept for concept in found if not concept.startswith("_")))


def _requests(text: str) -> tuple[str, ...]:
    """The :data:`REQUEST_VERBS` of the clauses that ask, read from where the asking starts."""
    found: set[str] = set()
    for clause in _CLAUSES.split(text):
        start = _REQUESTING.search(clause)
        if start is not None:
            request = clause[start.start():]
            found.update(verb for verb, pattern in REQUEST_VERBS.items()
                         if pattern.search(request))
    return tuple(sorted(found))


def _final_requests(text: str) -> tuple[str, ...]:
    """The :data:`REQUEST_VERBS` of the last clause that names any, asked or not: "…还修不修？"
    asks 维修, "…维保记录还没公布" 公开, "到底谁赔？" 赔偿 — the ask a follow-up or a question
    ends on, without the asking words :func:`_requests` waits for."""
    # From the end: the first clause that names any is the last one (every clause was read
    # before; issue 17).
    for clause in reversed(_CLAUSES.split(text)):
        found = tuple(verb for verb, pattern in REQUEST_VERBS.items() if pattern.search(clause))
        if found:
            return tuple(sorted(found))
    return ()


def designators(text: str) -> tuple[str, ...]:
    """Numbered designators of normalized ``text`` as "kind:number" ("栋:3", "期:2", "路:5"),
    those written in pinyin or English too ("8 dong", "group 5":
    :func:`nlp.latin_designators.in_characters`)."""
    return _designators_in_characters(in_characters(text))


def _designators_in_characters(text: str) -> tuple[str, ...]:
    """:func:`designators` of a text whose spots are already written in characters."""
    found = set()
    for match in _DESIGNATOR.finditer(text):
        number = match.group(1)
        value = int(number) if number.isdigit() else _chinese_number(number)
        if value is not None:
            found.add(f"{_DESIGNATOR_KIND.get(match.group(2), match.group(2))}:{value}")
    for match in _LETTERED.finditer(text):
        found.add(f"{_LETTERED_KIND.get(match.group(2), match.group(2))}:{match.group(1).upper()}")
    return tuple(sorted(found))


def _building(match: re.Match[str]) -> str | None:
    number = match.group(1)
    if not number.isdigit():
        value = _chinese_number(number)
        if value is None:
            return None
        number = str(value)
    unit = "单元" if match.group(2) == "单元" else "楼"
    return f"{unit}{int(number)}"


def _chinese_number(text: str) -> int | None:
    """十二 → 12, 二十 → 20, 五 → 5 (the numbers that name buildings); None for a run of
    numerals that is no one number ("十八四中全会", "十二五期间", "六七十口人"): read as a
    designator it crashed signing a real petition."""
    if "十" not in text:
        return int("".join(str(_NUMERALS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[ones] if ones else 0)
