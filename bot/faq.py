"""Answers to the questions citizens ask about the service itself ("投诉要交钱吗", "可以匿名吗",
"多久能有结果"): the nearest entry of the FAQ file when it is near enough, else the generic answer.
The shipped file is ``bot/data/faq.toml`` (its header explains every field); the bureau edits
its own copy (``XINFANG_FAQ_FILE``), read once at start like the other tables.

Matching is a small retrieval over the entries' phrasings: the text, :func:`nlp.normalize`'d
(traditional to simplified, full width folded), lower-cased, stripped of punctuation and of
fillers ("请问", "吗", "的"), is cut into characters, bigrams and trigrams, weighted by TF-IDF
over the phrasings; an entry is the normalized sum of its phrasings' vectors (a centroid: it
rewards words several phrasings share over one phrasing's accident), scored by cosine. The
nearest entry answers when its score is at least :data:`THRESHOLD` and at least
:data:`MARGIN` above the second: a wrong answer costs more than the generic one, so both are set
for precision on the paraphrases and unanswerable questions of ``tests/bot/faq_eval.toml``
(figures, the variants measured and the command: docs/NLP.md, "Answers to common questions").
The answers are fixed texts: they name no case, unit or person.

Errors::

    ValueError
     └── FaqError   the FAQ file is malformed; names the entry and the key
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot import texts
from nlp import Analysis, normalize

DEFAULT_FILE = Path(__file__).parent / "data" / "faq.toml"
LANGUAGES = ("zh", "en")
#: The lowest cosine, and the lead over the second entry, at which the nearest entry answers.
THRESHOLD = 0.18
MARGIN = 0.05
#: The category model at least this sure of a policy domain, with one of the words behind it
#: in no phrasing of the FAQ ("公积金提取需要什么材料": 公积金): a question about another office's
#: service in the form of one about this service, which "materials" would answer wrongly.
OTHER_SERVICE_CONFIDENCE = 0.95
_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
#: Times name no office's service ("晚上十点还能发吗" is sure of a domain for 晚上十点).
_TIME = re.compile(r"[早晚夜]上|上午|中午|下午|半夜|凌晨|周末|星期|礼拜|节假日|假期|"
                   r"[\d一二三四五六七八九十两几]+(?:点|点钟|天|日|号)")
#: Applying for a thing of one's own ("办护照要带什么", "办理居住证需要哪些材料", "申请低保要
#: 什么条件"): the thing named is another office's service when no FAQ phrasing uses it, even
#: where the category model does not know the word (居住证 is no complaint category's).
_APPLYING_FOR = re.compile(r"(?:补办|办理|申请|申领|开具|领取|换领|办(?![事公案]))(?:个|一个|一下)?"
                           r"([\u4e00-\u9fff]{2,5}?)"
                           r"(?:需要|要|得|该|应该|怎么|咋|去哪|在哪|到哪|流程|手续|多少钱|收费)")
#: What another procedure asks for ("新生儿落户需要什么材料", "开超市要办哪些证"): the procedure
#: named before the question of its papers, a word the FAQ never uses.
_PAPERS_FOR = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:需要|要|得)(?:准备|带|提供|交|办)?(?:什么|哪些|啥)"
                         r"(?:材料|资料|手续|证件|证明|证)")
#: Looking up an account of one's own ("帮我查一下公积金余额", "查下我的医保还剩多少钱", "社保交了
#: 几年能查吗"): the office that keeps the account answers, by the form of the question (a balance,
#: what was paid, how long), whatever the account is called.
_LOOKING_UP_AN_ACCOUNT = re.compile(
    r"(?:查|查询|看看|看一下)(?:一下|下)?(?:我的?|本人的?|我家的?|我妈的?|我爸的?)?[\u4e00-\u9fff]{1,4}?"
    r"(?:的)?(?:余额|还剩|剩多少|剩下多少|到账|到没到账|缴费记录|缴纳记录|交了几年|缴了几年|交了多少|"
    r"缴了多少|交够|缴够|扣了多少|发了多少)|"
    r"[\u4e00-\u9fff]{1,4}?(?:余额|交了几年|缴了几年|交了多少|缴了多少)(?:怎么|咋|在哪|去哪|能|可以)(?:查|看)")
#: Asking whether a complaint about something is taken here ("能投诉医院吗", "这里可以反映
#: 学校的事吗", "医院的事你们管不管"): a question about this service's scope, which the scope
#: entry answers when the domain named keeps every entry from matching. The thing asked about
#: comes after the verb, or as "X的事" before "你们管不管": a problem told first ("隔壁装修噪音太
#: 大能投诉吗", "村干部私自卖地你们管不管") is a complaint in question form, not this question.
SCOPE_ENTRY = "scope"
_ASKS_IF_WE_TAKE_IT = re.compile(
    r"(?:能|可以|可不可以|能不能|可否)(?:在)?(?:这里|这儿|这边|你们这)?(?:投诉|反映|举报|告)"
    r"[^，。,?？]{1,8}(?:吗|不|么)|"
    r"^(?:请问)?[^，。,?？]{1,6}的(?:事|事情|问题)(?:你们|这里|这边)(?:管不管|管吗|受理吗|能管吗)")
#: The words of petitioning itself: a question that names one asks about this service's way
#: of handling a matter ("学校的事可以匿名反映吗", "对社保局的答复不满意怎么办", "医院会知道是我投诉
#: 的吗"), whatever office or domain it also names; "公积金提取需要什么材料" names none.
_PETITIONING = re.compile(r"反映|投诉|举报|检举|控告|信访|上访|答复|复查|复核|撤回|匿名|留名|报复")
#: Words that put petitioning aside before the question: denied ("不是投诉，只是咨询一下",
#: "我不是来投诉的"), or a petition of one's own told as settled ("之前反映的漏水问题已经处理好了",
#: "上次投诉的噪音解决了"). Its words are no question about this service: what follows is asked
#: of itself ("…现在想问问公积金怎么提取": another office's).
_PETITIONING_ASIDE = re.compile(
    # Denied, not withdrawn: "不投诉了" takes a petition back (the withdrawal's words).
    r"不(?:是)?(?:要|来|想|打算)?(?:投诉|反映|举报|上访)(?![了啦])|"
    # Settled, not "没解决" / "未落实", nor asked ("处理好了没有").
    r"(?:反映|投诉|举报)(?:过)?的[^，。,;；:：!！?？\s]{0,12}?(?:已经|早就|都)?(?<![没未不])(?<!没有)"
    r"(?:解决|处理好|处理完|修好|办好|办结|弄好|清理|落实|整改好)(?!了?(?:没|吗|么|否|不|啊没))")
_NGRAMS = (1, 2, 3)
#: What is kept of a text: letters, digits and ideographs; anything else separates.
_NOT_CONTENT = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
#: Politeness and sentence particles: every entry has them, so they only blur the scores
#: ("么" leaves "什" and "怎" of 什么 / 怎么, alike in the question and the phrasings). A
#: politeness preface ("不好意思打扰了 想问下…", "麻烦问一下", "劳驾") is the same: its n-grams
#: are in no phrasing and weighed as the rarest, they drowned the question behind them (probe29).
_FILLERS = re.compile(r"不好意思|打扰|麻烦(?:你们|您|你)?|劳驾|冒昧|请教|问一句|"
                      r"请问|问一下|问下|你好|您好|我想|想问|一下|吗|呢|啊|吧|呀|嘛|哈|的|了|么")


class FaqError(ValueError):
    """The FAQ file is malformed; the message names the entry and the key."""


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    answers: Mapping[str, str] = field(repr=False)  # language → answer
    asked: tuple[str, ...] = field(repr=False)  # the phrasings it is matched on
    #: About the asker's own matter ("然后呢", "交给哪个部门"): the dialogue adds the open
    #: case's status line (its unit once assigned), which a fixed answer cannot hold.
    with_status: bool = False


@dataclass(frozen=True, slots=True)
class Found:
    entry: Entry
    score: float  # cosine of the question with the entry
    margin: float  # how far it leads the second entry


def grams(text: str) -> Counter[str]:
    """The characters, bigrams and trigrams of ``text`` in its matching form."""
    bare = _NOT_CONTENT.sub(" ", normalize(text).lower()).strip()
    bare = _FILLERS.sub("", bare) or bare
    return Counter(bare[i:i + n] for n in _NGRAMS for i in range(len(bare) - n + 1))


class FaqIndex:
    """One TF-IDF centroid per entry: rows by n-gram, one column per entry."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = tuple(entries)
        counted = [(number, grams(phrase)) for number, entry in enumerate(self.entries)
                   for phrase in entry.asked]
        documents = Counter(gram for _, found in counted for gram in found)
        vocabulary = sorted(documents)
        self._row = {gram: row for row, gram in enumerate(vocabulary)}
        total = len(counted)
        self._idf = np.array([math.log((1 + total) / (1 + documents[g])) + 1 for g in vocabulary])
        #: An n-gram no phrasing has weighs as the rarest: it makes the question less alike.
        self._unseen_idf = math.log(1 + total) + 1
        self._centroids = np.zeros((len(vocabulary), len(self.entries)))
        for number, found in counted:
            phrase = np.zeros(len(vocabulary))
            for gram, count in found.items():
                row = self._row[gram]
                phrase[row] = (1 + math.log(count)) * self._idf[row]
            self._centroids[:, number] += phrase / np.linalg.norm(phrase)
        self._centroids /= np.linalg.norm(self._centroids, axis=0)
        #: Every phrasing in matching form, to tell a word the FAQ never uses.
        self._phrasings = " ".join(normalize(phrase).lower() for entry in self.entries
                                   for phrase in entry.asked)

    def nearest(self, text: str) -> Found | None:
        """The entry nearest to ``text``, however far (None when nothing is shared)."""
        rows, weights, unseen = [], [], 0.0
        for gram, count in grams(text).items():
            tf = 1 + math.log(count)
            row = self._row.get(gram)
            if row is None:
                unseen += (tf * self._unseen_idf) ** 2
            else:
                rows.append(row)
                weights.append(tf * self._idf[row])
        if not rows:
            return None
        query = np.array(weights)
        scores = query @ self._centroids[rows] / math.sqrt(float(query @ query) + unseen)
        order = np.argsort(-scores)
        first = int(order[0])
        lead = float(scores[first] - scores[order[1]]) if len(order) > 1 else 1.0
        return Found(self.entries[first], float(scores[first]), lead)

    def match(self, text: str, threshold: float = THRESHOLD,
              margin: float = MARGIN) -> Entry | None:
        found = self.nearest(text)
        if found is None or found.score < threshold or found.margin < margin:
            return None
        return found.entry

    def about_another_service(self, analysis: Analysis) -> bool:
        """Is the question about another office's policy or procedure (公积金, 驾照, 低保):
        a policy domain the category model is sure of, or a thing applied for, named by a word
        the FAQ never uses?"""
        text = normalize(analysis.text).lower()
        if _PETITIONING.search(_without_asides(text)):
            return False  # "能投诉医院吗", "医院会知道是我投诉的吗": about this service
        applied = _APPLYING_FOR.search(text)
        if applied is not None and applied.group(1) not in self._phrasings:
            return True
        if _LOOKING_UP_AN_ACCOUNT.search(text):
            return True
        papers = _PAPERS_FOR.search(text)
        if papers is not None and papers.group(1) not in self._phrasings:
            return True
        return analysis.category_confidence >= OTHER_SERVICE_CONFIDENCE and any(
            _WORD.fullmatch(term) and not _TIME.search(term)
            and normalize(term).lower() not in self._phrasings
            for term in analysis.category_terms)

    def entry(self, text: str, analysis: Analysis | None = None) -> Entry | None:
        """The entry matching the question ``text``, or None (also for a question about
        another office's service, given its ``analysis``)."""
        if analysis is not None and self.about_another_service(analysis):
            return None
        found = self.match(text)
        if found is None and _ASKS_IF_WE_TAKE_IT.search(normalize(text).lower()):
            # "能投诉医院吗" names a domain no phrasing of the scope entry has: it is still
            # the scope question, which that entry answers.
            return next((entry for entry in self.entries if entry.id == SCOPE_ENTRY), None)
        return found

    def specific(self, text: str, language: str,
                 analysis: Analysis | None = None) -> str | None:
        """The answer of the entry matching the question ``text``, or None (also for a
        question about another office's service, given its ``analysis``)."""
        entry = self.entry(text, analysis)
        if entry is None:
            return None
        return entry.answers.get(language, entry.answers["zh"])

    def answer(self, text: str, language: str, analysis: Analysis | None = None) -> str:
        """The matching entry's answer to the question ``text``; for a question about another
        office's service, where such questions go; else the generic answer."""
        if analysis is not None and self.about_another_service(analysis):
            return texts.say(language, "other_service_answer")
        return self.specific(text, language) or texts.say(language, "question_answer")


def _without_asides(text: str) -> str:
    """``text`` without the words that put petitioning aside (:data:`_PETITIONING_ASIDE`)."""
    return _PETITIONING_ASIDE.sub(" ", text)


def load(path: Path | None = None) -> list[Entry]:
    """The entries of a FAQ file (None: the shipped one), checked: unique ids, an answer per
    language, phrasings."""
    path = path or DEFAULT_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FaqError(f"{path}: cannot read ({exc})") from None
    entries: list[Entry] = []
    for number, table in enumerate(data.get("entry", []), start=1):
        where = f"{path.name}: entry {table.get('id', number)}"
        answers = {language: table.get(language) for language in LANGUAGES}
        asked = table.get("asked")
        if not isinstance(table.get("id"), str) or not table["id"]:
            raise FaqError(f"{where}: id must be a non-empty string")
        for language, answer in answers.items():
            if not isinstance(answer, str) or not answer.strip():
                raise FaqError(f"{where}: {language} must be the answer text")
        if not isinstance(asked, list) or not asked or not all(
                isinstance(a, str) and grams(a) for a in asked):
            raise FaqError(f"{where}: asked must list phrasings of two characters or more")
        if any(e.id == table["id"] for e in entries):
            raise FaqError(f"{where}: id used twice")
        with_status = table.get("with_status", False)
        if not isinstance(with_status, bool):
            raise FaqError(f"{where}: with_status must be true or false")
        entries.append(Entry(table["id"], answers, tuple(asked), with_status))
    if not entries:
        raise FaqError(f"{path.name}: no [[entry]]")
    return entries
