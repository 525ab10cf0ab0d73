"""Buildings, village groups and other numbered spots written in pinyin or English, rewritten
in the characters :mod:`nlp.matter_parts` reads them by (:func:`in_characters`).

A petitioner typing pinyin writes "8 dong", "wu zu", "3 hao lou"; one mixing in English writes
"building 8", "group 5". Read as no designator, "jinxiu huating 8 dong dianti huai le" did not
clash with "锦绣华庭3栋电梯又困人了", and the Latin side, held by the estate's name and the lift,
scored as a retelling (docs/NLP.md, session 23). Here each such form becomes the Chinese one
("8栋", "5组", "3号楼"): the same spot as its Chinese form, another spot than another number.

Only a number together with the word that says what it numbers is read: a bare "8" or "dong"
is nothing. A number in pinyin is read from 二 and only before a kind no common word ends on:
"yi dong" is 移动, "liu dong" 流动, "qi dong" 启动, "shi qi" 时期, "wu qi" 武器 and "shi dui"
是对 far more often than a building, a phase or a team; "san hao lou", "wu zu" are read.
Rooms ("301室", "unit 301") are no designators: neighbours of one building write different
rooms of one matter (a lift, a leak from upstairs), as they write different floors. Estates'
"3#楼" was measured and left out (docs/NLP.md, session 24).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Pinyin numerals, from two (see the module's note on "yi").
_PINYIN_NUMERALS = {"er": "二", "liang": "两", "san": "三", "si": "四", "wu": "五", "liu": "六",
                    "qi": "七", "ba": "八", "jiu": "九", "shi": "十"}
#: What a number numbers, in pinyin (syllables spaced or not), as matter_parts reads it.
_PINYIN_KINDS = {"hao lou": "号楼", "haolou": "号楼", "hao yuan": "号院", "haoyuan": "号院",
                 "dan yuan": "单元", "danyuan": "单元", "dong": "栋", "zhuang": "幢",
                 "zu": "组", "dui": "队", "qi": "期"}
#: The kinds a number in pinyin is read before (see the module's note).
_PINYIN_NUMBERED = ("hao lou", "haolou", "hao yuan", "haoyuan", "dan yuan", "danyuan", "zu")
#: The same in English, the word before the number ("building 8", "group 5").
_ENGLISH_KINDS = {"building": "栋", "bldg": "栋", "block": "栋", "blk": "栋", "group": "组",
                  "team": "队", "phase": "期"}


def _alternation(words: Iterable[str]) -> str:
    """A regular alternation of ``words``, longest first, a space in one matching any or none."""
    forms = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(form).replace(r"\ ", r"\s*") for form in forms)


_NUMBER = r"[0-9]{1,3}"
#: "8 dong", "8dong", "3 hao lou": a number in digits, then the kind, and then no more Latin
#: letters ("8 dongmen" is 东门).
_PINYIN = re.compile(
    rf"(?<![0-9A-Za-z])(?P<number>{_NUMBER})\s*"
    rf"(?P<kind>{_alternation(_PINYIN_KINDS)})(?![A-Za-z])", re.IGNORECASE)
#: "wu zu", "san hao lou": a number in pinyin, then a kind of :data:`_PINYIN_NUMBERED` ("wu zuo"
#: is no group).
_PINYIN_SPELLED = re.compile(
    rf"(?<![A-Za-z])(?P<number>{_alternation(_PINYIN_NUMERALS)})\s*"
    rf"(?P<kind>{_alternation(_PINYIN_NUMBERED)})(?![A-Za-z])", re.IGNORECASE)
#: "building 8", "Bldg. 8", "block No.3", "group 5": the English word, then the number.
_ENGLISH = re.compile(
    rf"(?<![A-Za-z])(?P<kind>{_alternation(_ENGLISH_KINDS)})\.?\s*(?:no\.?\s*|#\s*)?"
    rf"(?P<number>{_NUMBER})(?![0-9A-Za-z])", re.IGNORECASE)


def _pinyin(match: re.Match[str]) -> str:
    number = match.group("number")
    kind = re.sub(r"\s+", " ", match.group("kind").lower())
    numeral = number if number.isdigit() else _PINYIN_NUMERALS[number.lower()]
    return numeral + _PINYIN_KINDS[kind]


def _english(match: re.Match[str]) -> str:
    return match.group("number") + _ENGLISH_KINDS[match.group("kind").lower()]


def in_characters(text: str) -> str:
    """``text`` with its numbered spots in pinyin or English written in characters
    ("8 dong" → "8栋", "group 5" → "5组"); everything else as it was."""
    if not any("a" <= ch <= "z" or "A" <= ch <= "Z" for ch in text):
        return text
    text = _ENGLISH.sub(_english, text)
    return _PINYIN_SPELLED.sub(_pinyin, _PINYIN.sub(_pinyin, text))


#: What a place or party's name ends with, in pinyin (syllables spaced or not), as the Chinese
#: suffix :mod:`nlp.matter_parts` reads it by ("fengqiao xincun" is 新村 "fengqiao"). Only
#: suffixes of two syllables and 路 / 街 / 村: "yuan", "li", "cheng", "wan", "xiang" are one
#: syllable of too many words (园 / 院 / 元 / 远, 里 / 理, 城 / 成) to end a name alone.
_PINYIN_SUFFIXES = {
    "xiao qu": "小区", "hua yuan": "花园", "jia yuan": "家园", "xin cun": "新村", "xin cheng": "新城",
    "gong yu": "公寓", "da sha": "大厦", "shan zhuang": "山庄", "ming yuan": "名苑",
    "da jie": "大街", "da dao": "大道", "hu tong": "胡同", "lu": "路", "jie": "街",
    "cun": "村", "jie dao": "街道", "she qu": "社区",
    "xiao xue": "小学", "zhong xue": "中学", "yi yuan": "医院", "gong yuan": "公园",
    "guang chang": "广场", "chao shi": "超市", "shi chang": "市场",
}
#: The one-syllable suffixes: read only right after a core written as one word ("jianshe lu",
#: "shiqiao cun qi zu"); "jie" only before no further Latin word ("qing you jie jue" is 请尤解决,
#: and "jie" is as often 接, 借, 姐).
_SHORT_SUFFIXES = frozenset({"lu", "jie", "cun"})
#: Syllables no name holds in a petitioner's pinyin, their particles and pronouns: "women quan
#: cun" is 我们全村, "wanshang zai xiaoqu" 晚上在小区, "menkou de lu" 门口的路.
_PARTICLES = frozenset({"de", "le", "zai", "men", "ma", "ne", "ba", "wo", "ni"})
_PINYIN_NAME_SUFFIX = re.compile(
    rf"(?<![A-Za-z])(?P<suffix>{_alternation(_PINYIN_SUFFIXES)})(?![A-Za-z])", re.IGNORECASE)
_SUFFIX_OF = {form.replace(" ", ""): suffix for form, suffix in _PINYIN_SUFFIXES.items()}
_LATIN_WORD = re.compile(r"[A-Za-z]+")
#: Words before a suffix that are no name: "women xiaoqu" is 我们小区, "zhe tiao lu" 这条路.
_NOT_PINYIN_NAMES = frozenset({
    "women", "zanmen", "nimen", "tamen", "zhege", "nage", "zhetiao", "natiao", "zhejia",
    "najia", "dajia", "benlai", "yiqian", "xianzai", "suoyou", "shang", "fujin",
    "pangbian", "duimian", "menkou", "limian", "waimian", "laojia", "zhuzai", "zaizhe",
})


def latin_names(text: str, syllables: frozenset[str]) -> list[tuple[str, str]]:
    """Names written in pinyin before a pinyin suffix, as (core, Chinese suffix): "住 fengqiao
    xincun" gives ("fengqiao", "新村"), "jianshe lu" ("jianshe", "路"). The core is the Latin
    words right before the suffix, read back until they make two syllables (at most four),
    every one a pinyin syllable (``syllables``; :func:`nlp.dialogue_pinyin.split_syllables`);
    English ("my xiaoqu") and pronouns ("women xiaoqu") name nothing."""
    from nlp.dialogue_pinyin import split_syllables

    found: list[tuple[str, str]] = []
    if not any("a" <= ch <= "z" or "A" <= ch <= "Z" for ch in text):
        return found
    for match in _PINYIN_NAME_SUFFIX.finditer(text):
        short = re.sub(r"\s+", "", match.group("suffix").lower()) in _SHORT_SUFFIXES
        if (match.group("suffix").lower() == "jie"
                and re.match(r"\s+[A-Za-z]", text[match.end():])):
            continue
        before = text[:match.start()]
        words = [w.lower() for w in _LATIN_WORD.findall(before[-40:])]
        tail = before.rstrip()
        core, count = "", 0
        syllables_read: tuple[str, ...] = ()
        for word in reversed(words):
            # the words must run right up to the suffix, separated by spaces only
            if not tail.lower().endswith(word):
                break
            parts = split_syllables(word, syllables) or ((word,) if word in syllables else ())
            if not parts or count + len(parts) > 4:
                break
            core, count = word + core, count + len(parts)
            syllables_read += parts
            tail = tail[:-len(word)].rstrip()
            if count >= 2 or short:
                break
        if count < 2 or core in _NOT_PINYIN_NAMES or _PARTICLES.intersection(syllables_read):
            continue
        found.append((core, _SUFFIX_OF[re.sub(r"\s+", "", match.group("suffix").lower())]))
    return found
