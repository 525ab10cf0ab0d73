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

from nlp.language import written_language

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


# Emoji that say a danger. A message made of emoji alone ("🆘", "🔥🔥🏠", "🚑") is read in
# these words, so the models that never saw emoji hear it; among words, an emoji is left
# alone ("太给力了🔥" is praise), the words say enough.
_DANGER_EMOJI = {
    "🆘": "救命", "🔥": "着火", "🧯": "着火", "🚒": "火警", "🚑": "救护车", "🚨": "报警",
    "🔪": "有人拿刀", "🗡": "有人拿刀", "🩸": "流血", "💣": "炸弹", "🏠": "房子", "🏚": "房子",
    "🏢": "楼", "🌊": "发大水", "💊": "吃药", "☠": "要死了", "😵": "晕倒", "🤕": "受伤",
}
_EMOJI_GLOSS = re.compile("|".join(_DANGER_EMOJI))
_ANY_WORD = re.compile(r"[^\W_]")
#: A character that carries content: a digit, a Latin letter or an ideograph (not
#: punctuation, a space, a symbol or an emoji).
_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


def _gloss_emoji(text: str) -> str:
    """``text`` with its danger emoji as words, when it has no words of its own."""
    if _ANY_WORD.search(text) or not _EMOJI_GLOSS.search(text):
        return text
    return _EMOJI_GLOSS.sub(lambda m: _DANGER_EMOJI[m.group(0)], text)


_SPACED_LETTERS = re.compile(r"(?<![A-Za-z])(?:[A-Za-z] ){2,}[A-Za-z](?![A-Za-z])")


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
    folded = _gloss_emoji(_INVISIBLE.sub("", folded).translate(_PUNCT_MAP))
    folded = _WHITESPACE.sub(" ", folded).strip()
    if _IDEOGRAPH.search(folded):
        folded = _t2s().convert(folded)
        # Lookarounds do not consume, so one pass closes every gap in "a b c".
        folded = _SPACE_BETWEEN_CJK.sub("", folded)
        # "f i r e d" in Chinese text (letters spaced out, or text segmented character by
        # character): one word again, so it is read as the word and not as loose letters.
        folded = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), folded)
    return folded


def simplified(text: str) -> str:
    """``text`` with traditional characters written as simplified ones, and nothing else changed
    (punctuation, width, spaces and case kept): what a rule written for the raw text reads, so
    that "謝謝" and "不想說名字" are heard as "谢谢" and "不想说名字"."""
    return _t2s().convert(text) if _IDEOGRAPH.search(text) else text


def is_cjk(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph or CJK punctuation."""
    return bool(_CJK_CHAR.match(char))


def detect_language(text: str) -> str:
    """``"en"`` when the (normalized) text is English prose, else ``"zh"``.

    Chinese is the default: an empty message, digits, a case number, pinyin or "ok" are not
    English (:func:`nlp.language.written_language` says which texts tell a language at all).
    """
    return written_language(text) or "zh"


# -- the letter around the matter -----------------------------------------------------------
#
# Live letters open with a salutation, close with thanks and a signature, and mail quotes the
# previous exchange below; the reference training text has none of it.  Stripping it at serve
# time (and on the training text alike) keeps the classifier on the matter itself.

# "_x000D_" is how spreadsheet exports write a carriage return; exported cases keep it.
_EXPORT_NEWLINE = re.compile(r"_x000[dDaA]_")
_SALUTATION = re.compile(
    r"^(?:(?:尊敬的|敬爱的|亲爱的)[^，,：:！!。\n]{0,24}[：:，,！!]?\s*)?"
    r"(?:(?:(?:各位)?(?:领导|书记|市长|县长|区长|局长|同志|工作人员|老师)(?:们)?"
    r"(?:您好|你好|你们好|好)|您好|你好|你们好|大家好)[！!，,。：:]?\s*)?"
)
# A quoted earlier message: everything from its header line on is not this letter.
_QUOTE_START = re.compile(
    r"(?:-{2,}\s*(?:原始邮件|Original Message|转发邮件|Forwarded message)\s*-{2,}"
    r"|(?:^|\s)发件人[:：]|(?:^|\s)From:\s"
    r"|在\s*\d{4}[-/年]\d{1,2}[-/月]\d{1,2}.{0,40}?写道[:：]"
    r"|On .{0,80}? wrote:)",
    re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"(?m)^\s*>.*$")
# A closing: 此致敬礼 and what follows, or a contact / signature tail of the last 120 characters.
_CLOSING = re.compile(r"此致\s*敬礼.*$", re.DOTALL)
_SIGNATURE_TAIL = re.compile(
    r"[，,！!\s]*(?:(?:联系|手机|电话|联系电话|联系方式|联系人|落款|举报人|反映人|信访人|署名)"
    r"[:：]?[^。！!？?]{0,60}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[。]?\s*$"
)
_THANKS_TAIL = re.compile(
    r"[，,！!\s]*(?:(?:万分|非常|十分)?(?:感谢|谢谢)[^。！!？?]{0,12}|辛苦了)[！!。.]*\s*$"
)


def strip_letter(text: str) -> str:
    """The matter of a normalized letter: salutation, closing, signature and quotes removed.

    Only the frame is removed, never the request: when stripping would leave (almost) nothing,
    the text is returned as it was.  Works on one-line text (normalize collapses newlines) and
    on text that still has its line breaks.
    """
    if not text:
        return ""
    body = _EXPORT_NEWLINE.sub(" ", text)
    quoted = _QUOTE_START.search(body)
    if quoted is not None and quoted.start() > 0:
        body = body[: quoted.start()]
    body = _QUOTED_LINE.sub("", body)
    body = _SALUTATION.sub("", body.strip(), count=1)
    body = _CLOSING.sub("", body)
    for _ in range(3):  # "谢谢！联系电话：… 2024年5月1日" peels off in turns
        shorter = _THANKS_TAIL.sub("", _SIGNATURE_TAIL.sub("", body))
        if shorter == body:
            break
        body = shorter
    body = body.strip()
    return body if len(body) >= min(4, len(text)) else text.strip()


def content_chars(text: str) -> int:
    """How many characters of ``text`` carry content: what "short", "nothing else" and "a
    few words beside" mean in every rule that reads a text's size."""
    return len(_CONTENT.findall(text))
