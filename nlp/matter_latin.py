"""A text written in Latin letters against one in characters: is what it says in the other?

Petitioners retell a matter in pinyin ("jinyuan erqi gongdi ye li shi gong") or in English
mixed with Chinese ("Century Tower 一半电梯坏了 … 请物业 fix"). Against the same matter written
in characters such a text shares no word, bigram or character, so every cosine and key-term
feature reads "another matter" (docs/NLP.md, 2026-12-06: over a quarter of the fifth and sixth
authors' missed pairs). Here each key term written in Latin letters is looked for in the other
text: a pinyin word by its syllables ("jinyuan" → jin yuan: 锦 and 园 are among the other's
characters), an English word by the characters of a gloss (:data:`GLOSS`: "escalator" →
扶梯); a pinyin word spelling the other's place or party name is left out. :func:`latin_found` is the IDF-weighted share found (the better of the two directions)
× how far the two differ in how much of them is Latin: it is 0 for two texts in characters,
and vouches for a pair only where one side is written otherwise.

Reads only what a signature stores (its key terms and content characters); the character →
syllable table (:data:`TABLE_FILE`, the GB2312 characters) ships as package data, so nothing
here needs a pinyin package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from nlp.dialogue_pinyin import split_syllables

TABLE_FILE = "matter_pinyin.txt"
_LATIN = re.compile(r"[a-z]+")

#: English words petitioners mix in, with the characters the same thing is written with in
#: Chinese ("|" separates alternatives; every character of one must be in the other text).
#: Only what a complaint is about: "fix", "broken", "night" are in every other complaint, and
#: with them "<小区> lift broken please fix" read as the 小区's street lights (docs/NLP.md).
GLOSS: dict[str, str] = {
    "lift": "电梯", "elevator": "电梯", "escalator": "扶梯", "refund": "退", "refunded": "退",
    "deposit": "押金", "noise": "吵|噪", "noisy": "吵|噪", "loud": "吵|响",
    "light": "灯", "lights": "灯", "streetlight": "路灯",
    "water": "水", "power": "电", "electricity": "电", "garbage": "垃圾", "rubbish": "垃圾",
    "trash": "垃圾", "smell": "臭|味", "smelly": "臭|味", "stink": "臭", "parking": "停车|车位",
    "park": "公园", "school": "学|校", "kitchen": "厨", "canteen": "食堂", "food": "饭|食|菜",
    "salary": "工资|薪", "wage": "工资|薪", "wages": "工资|薪", "unpaid": "欠|拖",
    "bus": "公交|车", "station": "站", "exit": "口", "gate": "门", "bar": "吧",
    "tower": "大厦|楼", "garden": "园", "apartment": "公寓", "rent": "租", "flood": "淹|水",
    "flooding": "淹|水", "pump": "泵", "bike": "单车", "teacher": "老师", "hospital": "医院",
    "doctor": "医", "fee": "费", "fees": "费", "tree": "树", "road": "路",
    "construction": "施工|工地", "dog": "狗", "smoke": "烟", "gym": "健身",
    "pension": "养老", "village": "村", "market": "市场",
}


@dataclass(frozen=True, slots=True)
class PinyinReadings:
    """Characters to their toneless syllable, and the syllables, to split written pinyin."""

    readings: dict[str, str]
    syllables: frozenset[str]

    @classmethod
    def parse(cls, lines: Iterable[str]) -> PinyinReadings:
        readings: dict[str, str] = {}
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            character, _, syllable = line.rstrip("\n").partition(" ")
            if len(character) == 1 and syllable:
                readings[character] = syllable
        return cls(readings, frozenset(readings.values()))

    def split(self, word: str) -> tuple[str, ...]:
        """``word`` as two or more pinyin syllables (:func:`nlp.dialogue_pinyin.split_syllables`)."""
        return split_syllables(word, self.syllables)

    def of(self, characters: Iterable[str]) -> frozenset[str]:
        """The syllables of ``characters``."""
        found = self.readings
        return frozenset(found[c] for c in characters if c in found)


@cache
def readings() -> PinyinReadings:
    """The shipped character → syllable table, read once."""
    text = resources.files("nlp.data").joinpath(TABLE_FILE).read_text(encoding="utf-8")
    return PinyinReadings.parse(text.splitlines())


#: A Latin key term as it is looked for: its weight, its syllables (pinyin) and the
#: alternatives of its gloss (English); a term with neither is not looked for.
Probe = tuple[float, tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class LatinSide:
    """What one signature brings to :func:`latin_found`, derived once per signature."""

    #: The share of its key terms written in Latin letters.
    share: float
    probes: tuple[Probe, ...]
    #: The syllables of its content characters, and the characters.
    syllables: frozenset[str]
    characters: frozenset[str]
    #: The syllables of the names of its places and parties.
    names: frozenset[str]

    @classmethod
    def of(cls, key_terms: tuple[tuple[str, float], ...], characters: frozenset[str],
           names: Iterable[str] = ()) -> LatinSide:
        table = readings()
        latin = [(term.lower(), weight) for term, weight in key_terms
                 if _LATIN.fullmatch(term.lower())]
        probes: list[Probe] = []
        for term, weight in latin:
            syllables = table.split(term)
            gloss = tuple(GLOSS[term].split("|")) if not syllables and term in GLOSS else ()
            if syllables or gloss:
                probes.append((weight, syllables, gloss))
        return cls(len(latin) / len(key_terms) if key_terms else 0.0, tuple(probes),
                   table.of(characters), characters, table.of("".join(names)))


def _found_in(mine: LatinSide, theirs: LatinSide) -> float | None:
    """The IDF-weighted share of ``mine``'s Latin terms found in ``theirs`` (None: none).
    A pinyin word that spells one of ``theirs``' names ("cuizhuyuan": 翠竹苑) is left out, as
    the latent residual leaves names out: two matters at one 小区 share its name."""
    total = found = 0.0
    for weight, syllables, gloss in mine.probes:
        if syllables and theirs.names.issuperset(syllables):
            continue
        total += weight
        if syllables:
            found += weight * all(s in theirs.syllables for s in syllables)
        else:
            found += weight * any(all(c in theirs.characters for c in alternative)
                                  for alternative in gloss)
    return found / total if total else None


def latin_found(a: LatinSide, b: LatinSide) -> float:
    """How much of the Latin one side writes is in the other, × how far they differ in how
    much of each is Latin (0 for two texts written alike)."""
    apart = abs(a.share - b.share)
    if not apart:
        return 0.0
    shares = [share for share in (_found_in(a, b), _found_in(b, a)) if share is not None]
    return max(shares) * apart if shares else 0.0
