"""The words of a complaint written in Latin letters, for a category model that reads Chinese.

The category model was trained on complaints written in characters: of "My boss has not paid
my salary for three months" or "wo jia lou shang zhuang xiu tai chao le" it knows no word, and
its bias alone named a label at confidence 0 (商贸旅游 for a street light, docs/NLP.md). Here
such a text is glossed into the Chinese words of what it complains about — an English word
by :data:`ENGLISH`, pinyin by the syllables of the category lexicon's words
(:data:`nlp.lexicon.CATEGORY_KEYWORDS`, and :data:`_PINYIN_EXTRA`) found in a row — for the
same model to read. Only asked when the model read nothing of the text itself.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from nlp.dialogue_pinyin import split_syllables
from nlp.lexicon import CATEGORY_KEYWORDS
from nlp.matter_latin import readings

_LATIN = re.compile(r"[a-z]+")

#: English words (and a few pairs) of what a complaint is about, with the Chinese words a
#: complaint in characters uses for it. No word that every complaint has ("fix", "broken",
#: "please"). Salary and wages are glossed as owed: what a complaint of them is about.
ENGLISH: dict[str, str] = {
    "salary": "拖欠工资", "salaries": "拖欠工资", "wage": "拖欠工资", "wages": "拖欠工资",
    "unpaid": "拖欠工资", "paid": "拖欠工资", "overtime": "加班费", "employer": "用人单位",
    "boss": "老板", "pension": "养老金", "retirement": "退休", "layoff": "辞退", "fired": "辞退",
    "noise": "噪音", "noisy": "噪音", "loud": "噪音", "construction": "施工",
    "pollution": "污染", "polluting": "污染", "discharging": "排放", "discharge": "排放",
    "sewage": "污水", "smell": "异味", "smells": "异味", "stink": "臭气", "smoke": "油烟",
    "dust": "扬尘", "factory": "工厂", "river": "河道",
    "streetlight": "路灯", "streetlights": "路灯", "street light": "路灯", "street lights": "路灯",
    "street lamp": "路灯", "traffic light": "红绿灯", "traffic lights": "红绿灯",
    "water supply": "停水", "no water": "停水", "power cut": "停电", "no power": "停电", "lift": "电梯", "elevator": "电梯",
    "landlord": "房东", "deposit": "押金", "rent": "租房", "property": "物业",
    "demolition": "拆迁", "leak": "漏水", "leaking": "漏水", "heating": "暖气",
    "pipe": "水管", "sewer": "下水道", "drain": "下水道", "garbage": "垃圾", "rubbish": "垃圾",
    "trash": "垃圾", "blackout": "停电", "electricity": "停电", "outage": "停电",
    "school": "学校", "teacher": "老师", "teachers": "老师", "student": "学生",
    "kindergarten": "幼儿园", "tuition": "学费",
    "hospital": "医院", "doctor": "医生", "doctors": "医生", "nurse": "护士", "clinic": "诊所",
    "medicine": "药品", "pharmacy": "药店", "vaccine": "疫苗",
    "bus": "公交车", "taxi": "出租车", "driver": "司机", "traffic": "交通", "parking": "停车",
    "road": "道路", "pothole": "坑洼", "potholes": "坑洼",
    "restaurant": "餐馆", "shop": "商家", "store": "商家", "refund": "退款", "expired": "过期食品",
    "supermarket": "超市", "scam": "诈骗", "fraud": "诈骗",
}

#: Words a short complaint in pinyin says that the lexicon does not list ("tai chao": 吵). Not
#: 装修: the model reads it alone as 商贸旅游 (0.79), and "zhuang xiu tai chao le" would go to
#: 商务局 instead of the triage queue.
_PINYIN_EXTRA = ("吵", "停电", "欠薪", "拖欠", "老板", "房东", "押金")


@cache
def _pinyin_words() -> tuple[tuple[str, str], ...]:
    """Each lexicon word of two or more syllables (and the extras) with its syllables spelled
    out: " zao yin " for 噪音."""
    table = readings().readings
    words = [word for label_words in CATEGORY_KEYWORDS.values() for word in label_words]
    spelled: list[tuple[str, str]] = []
    for word in (*words, *_PINYIN_EXTRA):
        syllables = [table.get(char, "") for char in word]
        if all(syllables) and len(syllables) >= 2 - (word in _PINYIN_EXTRA):
            spelled.append((word, " " + " ".join(syllables) + " "))
    return tuple(spelled)


def _syllables(words: list[str]) -> str:
    """The Latin words as a run of pinyin syllables, " "-joined and padded ("" for a word that
    is no pinyin breaks the run)."""
    known = readings().syllables
    parts: list[str] = []
    for word in words:
        if word in known:
            parts.append(word)
        else:
            split = split_syllables(word, known)
            parts.extend(split if split else ("|",))
    return " " + " ".join(parts) + " "


def gloss(text: str) -> str:
    """The Chinese words of what normalized ``text``, written in Latin letters, complains about
    ("" when none is found): English words by :data:`ENGLISH`, pinyin by the lexicon's words
    spelled out."""
    words = _LATIN.findall(text.lower())
    if not words:
        return ""
    pairs = [f"{first} {second}" for first, second in pairwise(words)]
    found = [ENGLISH[pair] for pair in pairs if pair in ENGLISH]
    found += [ENGLISH[word] for word in words if word in ENGLISH]
    run = _syllables(words)
    found += [word for word, spelled in _pinyin_words() if spelled in run]
    return " ".join(dict.fromkeys(found))
