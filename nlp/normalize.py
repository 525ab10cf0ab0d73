"""Text normalization shared by every analysis step, training included.

Live traffic is raw citizen text (full-width digits, traditional characters, stray spaces) while
the reference training data is jieba-segmented with spaces between the words.  Both go through
:func:`normalize` so that the classifier sees the same surface for the same message.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

# Ranges that count as "CJK" for spacing and language decisions: unified ideographs (with
# extension A and the compatibility block) and CJK punctuation, which never needs a space.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_WHITESPACE = re.compile(r"\s+")
# Zero-width and bidi controls survive NFKC and break keyword matching; drop them.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
# Words made of letters only: case numbers ("XF2026-000123") and codes mix in digits and
# must not make a Chinese citizen's message look English.
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?:'[A-Za-z]+)?(?![A-Za-z0-9])")

# Typographic quotes and dashes citizens paste from word processors; NFKC keeps them.
_PUNCT_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
    }
)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    # The converter is immutable once built; one per process is enough.
    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """Return ``text`` in the canonical form every other function expects.

    NFKC (full-width letters, digits and punctuation become half-width, compatibility forms are
    folded), traditional to simplified Chinese, invisible characters dropped, whitespace runs
    collapsed and whitespace between two CJK characters removed.  Latin case is kept: case
    numbers and query codes are upper-cased by their own extractor.
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text)
    folded = _INVISIBLE.sub("", folded).translate(_PUNCT_MAP)
    folded = _WHITESPACE.sub(" ", folded).strip()
    if _IDEOGRAPH.search(folded):
        folded = _t2s().convert(folded)
        # Lookarounds do not consume, so one pass closes every gap in "a b c".
        folded = _SPACE_BETWEEN_CJK.sub("", folded)
    return folded


def is_cjk(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph or CJK punctuation."""
    return bool(_CJK_CHAR.match(char))


def detect_language(text: str) -> str:
    """``"en"`` when the (normalized) text is written in English, else ``"zh"``.

    Chinese is the default: an empty message, digits or a case number alone are answered in
    Chinese.  English needs Latin letters and no Chinese characters at all, since citizens often
    mix a few Latin letters (case numbers, "A市") into Chinese text.
    """
    if _IDEOGRAPH.search(text):
        return "zh"
    letters = sum(len(word) for word in _LATIN_WORD.findall(text))
    return "en" if letters >= 2 else "zh"
