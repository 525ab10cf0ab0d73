"""Sound features for the dialogue model: what a message says read aloud, tones dropped.

Citizens type with pinyin input methods, so a slip picks a character of the same sound
("近度" for 进度, "然气" for 燃气, "跳搂" for 跳楼), and some write the pinyin itself
("tiaolou", "jindu").  Character n-grams miss both; syllable pairs catch them: "近度", "进度" and
"jindu" all give ``y:jin du``.

The character → syllable table is built at training time from ``pypinyin`` (each character's
first reading) and stored in the model file, so prediction needs no pinyin package and no
dictionary load beyond a string split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from itertools import pairwise

#: The feature family's prefix.
PINYIN = "y:"
_CJK = re.compile("[\u4e00-\u9fff]")
_LATIN = re.compile(r"[a-z]+")
# The longest syllable written without tones ("zhuang", "chuang", "shuang").
_LONGEST = 6


class PinyinTable:
    """Characters to their toneless syllable, and the syllables to split written pinyin."""

    def __init__(self, readings: Mapping[str, str]) -> None:
        self._readings = dict(readings)
        self._syllables = frozenset(self._readings.values())

    @property
    def readings(self) -> dict[str, str]:
        """Character → syllable."""
        return dict(self._readings)

    def to_text(self) -> tuple[str, str]:
        """The table as two strings for a model file: the characters, the syllables space-joined."""
        characters = "".join(sorted(self._readings))
        return characters, " ".join(self._readings[c] for c in characters)

    @classmethod
    def from_text(cls, characters: str, syllables: str) -> PinyinTable:
        """The table written by :meth:`to_text`."""
        readings = syllables.split(" ") if syllables else []
        if len(readings) != len(characters):
            raise ValueError("pinyin table: characters and syllables differ in number")
        return cls(dict(zip(characters, readings)))

    @classmethod
    def build(cls, characters: Iterable[str] | None = None) -> PinyinTable:
        """Every common CJK character's first reading (training only: needs ``pypinyin``)."""
        from pypinyin import Style, lazy_pinyin
        from pypinyin.pinyin_dict import pinyin_dict

        wanted = (characters if characters is not None
                  else (chr(code) for code in pinyin_dict if 0x4E00 <= code <= 0x9FFF))
        readings: dict[str, str] = {}
        for character in wanted:
            reading = lazy_pinyin(character, style=Style.NORMAL, errors="ignore")
            if reading and reading[0].isascii() and reading[0].isalpha():
                readings[character] = reading[0].replace("ü", "v")
        return cls(readings)

    def syllables(self, text: str) -> list[str]:
        """The syllables of lower-cased ``text`` in order: its characters read, and Latin words
        that are pinyin split into syllables ("tiaolou" → tiao lou); anything else is a break
        (""), so no pair spans an English word or punctuation."""
        found: list[str] = []
        position = 0
        while position < len(text):
            character = text[position]
            if _CJK.match(character):
                found.append(self._readings.get(character, ""))
                position += 1
                continue
            latin = _LATIN.match(text, position)
            if latin:
                found.extend(self._split(latin.group()) or [""])
                position = latin.end()
                continue
            if not found or found[-1]:
                found.append("")
            position += 1
        return found

    def _split(self, word: str) -> list[str]:
        return list(split_syllables(word, self._syllables))


def split_syllables(word: str, syllables: frozenset[str] | set[str]) -> tuple[str, ...]:
    """``word`` as pinyin syllables, longest first; () when it is not pinyin throughout, or is
    one syllable alone ("he", "a", "me" are as likely English): only words of two or more."""
    parts: list[str] = []
    position = 0
    while position < len(word):
        for size in range(min(_LONGEST, len(word) - position), 0, -1):
            if word[position:position + size] in syllables:
                parts.append(word[position:position + size])
                position += size
                break
        else:
            return ()
    return tuple(parts) if len(parts) >= 2 else ()


def pinyin_pairs(table: PinyinTable, text: str) -> list[str]:
    """``y:`` features: adjacent syllable pairs of ``text``."""
    syllables = table.syllables(text)
    return [PINYIN + first + " " + second
            for first, second in pairwise(syllables) if first and second]
