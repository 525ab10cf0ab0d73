"""Train-time roughening: segmented, stop-word-free reference text made to look like live text.

The reference training text lost its function words, punctuation and the letter around the
matter; live letters keep all of it.  Each roughened copy puts some of it back, at random but
repeatably (a seeded generator): function words and punctuation between words, a salutation,
a closing with thanks, a contact line.  The serve-time cleaning (:func:`nlp.normalize.strip_letter`)
and the tokenizer's stop list then have to undo it, in training exactly as in serving.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

# Function words and fillers of citizen letters (what the reference preprocessing removed).
_FILLERS = (
    "的", "了", "我们", "我", "这个", "一直", "非常", "现在", "已经", "就是", "还是", "但是",
    "因为", "所以", "如果", "请问", "希望", "那么", "一个", "这样", "没有", "也", "都", "在",
    "对", "给", "被", "把", "让", "去", "又", "很", "真的", "目前", "至今", "有关", "相关",
)
_PUNCTUATION = ("，", "。", "！", "？", "、", "；", "：", "“", "”", "（", "）", " ")
_SALUTATIONS = (
    "尊敬的领导：您好！", "领导您好，", "您好！", "尊敬的市长：", "各位领导好！", "你好，",
    "尊敬的书记您好，", "",
)
_CLOSINGS = (
    "谢谢！", "恳请领导重视，谢谢！", "望尽快解决，万分感谢！", "此致敬礼！", "辛苦了。",
    "联系电话：13800000000", "谢谢。联系人：王先生 电话13912345678", "",
)


def roughen(text: str, generator: random.Random, *, rate: float = 0.2) -> str:
    """A live-looking version of segmented ``text`` (words separated by spaces)."""
    words = text.split()
    if not words:
        return text
    pieces: list[str] = []
    for word in words:
        pieces.append(word)
        draw = generator.random()
        if draw < rate / 2:
            pieces.append(generator.choice(_FILLERS))
        elif draw < rate:
            pieces.append(generator.choice(_PUNCTUATION))
    body = "".join(pieces)
    return generator.choice(_SALUTATIONS) + body + generator.choice(_CLOSINGS)


def roughened(texts: Sequence[str], seed: int, *, rate: float = 0.2) -> list[str]:
    """One roughened copy of each of ``texts``, repeatably for a given ``seed``."""
    generator = random.Random(seed)
    return [roughen(text, generator, rate=rate) for text in texts]
