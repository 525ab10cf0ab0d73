"""Satisfaction replies read as a 1..5 grade: figures ("5", "打4分", "五星", "满分") and words
("很满意", "不是很满意", "凑合", "太差劲了", "not happy"), alone or with a reason
("不满意，根本没人来").

The scale is the one the rating request itself shows the citizen (bot/notices.py, the 12345
回访 scale): 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. Words map onto it as

* 5 — satisfied with a strong degree (非常/很/特别/十分/超/太 满意), 满分, 完美, 很好, 棒, 点赞,
  "very satisfied", "excellent";
* 4 — satisfied (满意, 比较/挺/蛮/还算 满意, 好评, 不错, 挺好, 可以, 行, 中, "satisfied", "good"),
  and a denied dissatisfaction (没什么不满意的);
* 3 — so-so (基本满意, 一般, 还行, 还可以, 还好, 凑合, 马马虎虎, 中评, "so-so", "okay");
* 2 — dissatisfied (不满意, 不太/不是很/有点 不满意, 差评, 不好, 差, 不行, 失望, "not happy");
* 1 — dissatisfied with a strong degree (非常/很/特别/极/太 不满意, 一点也不满意, 很差, 太差劲,
  垃圾, 零分, "very dissatisfied", "terrible").

A figure wins over words one step away ("还行吧，给三分": 3); words and figure further apart
("很满意，1分"), or clauses that disagree ("态度满意，结果不满意"), are ambiguous: the reading
says "a rating" with no grade, and the bot asks for the figure instead of guessing.

Two kinds of words: *explicit* ones name satisfaction or a score (满意, 差评, 3分) and are a
rating wherever they stand, unless their object is something other than the handling ("我对物业
很不满意"); *short forms* (中, 凑合, 不错, 太差劲了, ok) only grade a clause that is nothing
else, and only after the rating request (the caller knows whether one is open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.courtesy import THANKS
from nlp.leading import Leading
from nlp.normalize import normalize


@dataclass(frozen=True, slots=True)
class RatingReading:
    """What a message says as a rating."""

    grade: int | None  # 1..5; None: a rating whose grade is unclear (ask for the figure)
    comment: str  # the reason given with it ("根本没人来"); "" when none
    explicit: bool  # named satisfaction or a score; False: a short form only after the prompt


_NUMERALS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "满": 5, "0": 1, "零": 1}

#: A score: "打4分", "给个五星", "3分吧", "满分", "五星好评", "4/5", "4 stars", "4 out of 5".
_SCORE = re.compile(
    r"(?:(?:打|给|评|就)(?:个|了)?)?(?<![0-9一二两三四五六七八九十百])([0-5一二两三四五满零])"
    r"(?:分(?!钟|之|局|区|店|队|公司)|颗?星(?!期)(?:级)?|个星(?!期))|"
    r"(?<![0-9])([0-5]) ?(?:/ ?5|out of 5|stars?|points?)\b|"
    r"\b(?:give|rate|rated|score)(?: it| you| them)? ([1-5])\b",
    re.IGNORECASE)
_BARE_FIGURE = re.compile(r"[1-5]")
#: A score out of ten ("10分", "打8分", "六分吧", "7/10", "8 out of 10"): six and over, as
#: five and under read out of five above. "十分" is "very" ("十分满意"), never a score.
_TEN_POINT = re.compile(
    r"(?:(?:打|给|评|就)(?:个|了)?)?(?<![0-9一二两三四五六七八九十百])(10|[6-9]|六|七|八|九)"
    r"分(?!钟|之|局|区|店|队|公司|钱|米|厘)|"
    r"(?<![0-9])(10|[0-9]) ?(?:/ ?10|out of 10)\b", re.IGNORECASE)
_TEN_POINT_LEADING = Leading(_TEN_POINT)
#: The scale named beside the score ("10分满分给8分", "满分十分 我打六分"): no score itself.
_SCALE = re.compile(r"(?:10|十)分(?:满分|制)|满分(?:是)?(?:10|十)分|out of 10,|总分(?:10|十)分")
_TENS = {"六": 6, "七": 7, "八": 8, "九": 9}
#: Grades typed in pinyin ("manyi", "bu manyi", "hai xing", "yiban"), as the words they spell:
#: typed without the input method's characters, they are the same grade.
_PINYIN_GRADES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"(?<![a-z])" + pattern + r"(?![a-z])"), words) for pattern, words in (
        (r"(?:yi ?dian ?(?:ye|dou) ?bu|hen ?bu|tai ?bu|fei ?chang ?bu|gen ?ben ?bu) ?man ?yi", "很不满意"),
        (r"bu ?(?:tai|shi ?hen|zen ?me) ?man ?yi", "不太满意"),
        (r"bu ?man ?yi", "不满意"),
        (r"(?:fei ?chang|te ?bie|shi ?fen|tai|hen|ting) ?man ?yi", "很满意"),
        (r"(?:ji ?ben|hai ?suan|bi ?jiao|hai) ?man ?yi", "基本满意"),
        (r"man ?yi", "满意"),
        (r"yi ?ban ?(?:ban)?", "一般"),
        (r"hai ?xing", "还行"), (r"hai ?ke ?yi", "还可以"), (r"cou ?he", "凑合"),
        (r"ma ?ma ?hu ?hu", "马马虎虎"), (r"bu ?cuo", "不错"), (r"(?:hen|ting|man) ?hao", "很好"),
        (r"(?:tai|hen) ?cha", "太差"), (r"hao ?ping", "好评"), (r"cha ?ping", "差评"),
        (r"bu ?zen ?me ?yang|bu ?za ?di", "不怎么样"),
    ))


def _pinyin_grades(plain: str) -> str:
    """``plain`` with the grades it spells in pinyin written as the words they are."""
    if not _ENGLISH.search(plain):
        return plain
    for pattern, words in _PINYIN_GRADES:
        plain = pattern.sub(words, plain)
    return plain

# -- satisfaction in words ----------------------------------------------------------------
_STRONG = r"非常|很|特别|十分|超级|超|太|相当|极其|极|挺挺|真的很|真心|实在|巨|贼|老"
_FAIR = r"比较|挺|蛮|还算|还挺|算是|还是|总体|基本上?"
_MILD_NEG = r"不咋|不怎|不太|不大|不怎么|不是很|不是太|不是特别|不是那么|不那么|没那么|不算|有点|有些|有一点|不是非常|不十分"
_FULL_NEG = r"一点也不|一点都不|一点儿也不|完全不|根本不|根本就不|压根不|极度不|极不|很不|非常不|特别不|十分不|太不|相当不|真不|实在不"
_NOT_DIS = r"没什么|没有什么|没啥|没有|并没有|也没有|谈不上|说不上|没"

#: (pattern, grade), tried in order on each clause; the first that matches wins.
_EXPLICIT: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), grade) for pattern, grade in (
        (rf"(?:{_NOT_DIS})(?:太|很|啥|什么)?(?:不满意|不满|意见)", 4),
        (r"(?:说不上|谈不上)满意(?:也|，)?(?:说不上|谈不上)不满意", 3),
        (rf"(?:{_FULL_NEG})满意|(?:{_STRONG}|极度|彻底)失望|不满意(?:至极|极了|透了|到极点)|极度不满|强烈不满|(?:{_STRONG})(?:的)?不满意?", 1),
        (rf"(?:{_MILD_NEG})(?:不)?满意|不满意|不满|(?:{_MILD_NEG})?失望|差评|(?:{_MILD_NEG}|不)认可|(?:{_FAIR})不满意", 2),
        (r"(?:谈不上|说不上|算不上)满意", 2),
        (r"基本满意|基本上满意|中评|一般满意|勉强满意", 3),
        (rf"(?:{_STRONG})+(?:的)?满意|满意(?:极了|得很|至极|到家)|百分之百满意|百分百满意|满分|五星好评|好评如潮", 5),
        (rf"(?:{_FAIR})?满意|好评|认可", 4),
        # English: satisfaction named (short words like "good" are short forms below)
        ((r"\b(?:very|extremely|totally|completely|really|so|deeply) (?:dis|un)satisfied\b|"
         r"\b(?:very|extremely|really|so) (?:unhappy|disappointed)\b|"
         r"\bnot (?:satisfied|happy) at all\b"), 1),
        ((r"\b(?:not|n't|never) (?:very |really |so |quite |entirely |fully |too )?(?:satisfied|happy|"
         r"pleased)\b|\b(?:dis|un)satisfied\b|\bunhappy\b|\bdisappointed\b"), 2),
        (r"\b(?:very|extremely|totally|completely|really|so|more than|fully) (?:satisfied|happy|pleased)\b", 5),
        (r"\b(?:satisfied|happy|pleased)\b", 4),
    ))

#: Short forms: a grade only when the clause is nothing else (after the prompt).
_SHORT: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), grade) for pattern, grade in (
        ((r"(?:太|很|真|非常|特别|极其|超级?)?(?:差劲|垃圾|糟糕|烂)(?:透顶|透|死|极)?了?|"
         r"(?:太|很|非常|特别|极其|真)差|差(?:劲)?(?:透|极|死)了?|(?:一点|一点儿)?用(?:也|都)?没有|极差|一塌糊涂|零分|负分|"
         r"(?:一点|一点儿)?(?:用)?(?:也|都)?没(?:有)?(?:一点|什么|啥)?用|什么用都没有|啥用没有|"
         r"太让人失望|不像话|太不像话|稀烂|稀巴烂|没球用|"
         r"(?:it'?s |it is |it was |that'?s |very |really |so |too )*"
         r"(?:terrible|awful|horrible|useless|rubbish|the worst|very bad|very poor)"), 1),
        ((r"不(?:太|大|怎么)?(?:好|行|咋地|咋样|怎么样|靠谱|到位|及时|理想)|差|差劲|有点差|孬|拉胯|不咋滴|"
         r"(?:问题)?没(?:有)?(?:彻底|完全)?解决|"
         r"(?:it'?s |it is |it was |that'?s |pretty |quite )*(?:bad|poor|not good|not great)"), 2),
        ((r"一般般?|还行|还可以|还算可以|还算行|还好|还凑合|凑合|凑活|将就|过得去|说得过去|马马虎虎|中规中矩|"
         r"差不多|可以|行|中|就那样|也就那样|那样|也那样|不好不坏|一般化|"
         r"(?:it'?s |it is |it was |that'?s )*(?:so-so|so so|soso|average|okay-ish|mediocre|"
         r"acceptable|fine|alright|all right)"), 3),
        ((r"(?:非常|很|特别|太|超级?|真|相当)(?:好|棒|赞|给力|到位|及时|专业|负责)|"
         r"棒(?:极了|呆了)?|太棒|完美|点赞|赞+|给力|杠杠的?|没得说|没话说|好极了|一百分|100分|"
         # Praise in dialect, intensified ("巴适得很", "安逸得板", "美得很"): 5.
         r"(?:巴适|安逸|得劲|美|好|舒服|满意)(?:得很|得板|惨了|得不得了)|老好了|嘎嘎好|"
         r"(?:it'?s |it is |it was |that'?s |very |really |so )*"
         r"(?:excellent|perfect|great|awesome|fantastic|amazing|wonderful|very good)"), 5),
        ((r"(?:挺|蛮|比较|还挺|都|真)好|(?:还|挺|蛮|很|真|都)?不错|挺可以|挺行|靠谱|到位|及时|好评|"
         # Praise in dialect: "巴适" (Sichuan), "安逸", "得劲" (Henan), "蛮灵" (Shanghai).
         r"巴适|安逸|得劲|蛮灵|中中|"
         r"(?:it'?s |it is |it was |that'?s |pretty |quite )*(?:good|not bad|nice)"), 4),
    ))
#: Any explicit word, any short form at the start, in one pass each: most clauses grade
#: nothing, and trying every pattern in turn on every clause of every message decided was a
#: tenth of the dialogue's time (issue 17). A branch of an alternation matches wherever its
#: pattern alone would, so a clause these pass over is one the loops below find nothing in.
_ANY_EXPLICIT = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _EXPLICIT), re.IGNORECASE)
_ANY_SHORT = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _SHORT), re.IGNORECASE)
#: English words that may stand before "satisfied" ("i am very satisfied with the result").
_EN_SUBJECT = frozenset(
    ["i", "im", "i'm", "am", "we", "are", "we're", "was", "were", "overall", "honestly", "really", "it", "its", "it's", "the", "this", "that", "you", "your", "with", "result", "results", "answer", "service", "handling", "response", "work", "quite", "pretty", "totally"])

#: Said around a grade without saying anything about it: thanks, fillers, particles.
_FILLER = re.compile(
    rf"{THANKS}|"
    r"我给你们|给你们|给您|我给|我打|我评|我的评价是|评价|我觉得|我感觉|觉得|感觉|我对|对于|对|"
    r"这次|此次|本次|总体来说|总的来说|总体上|总体|整体|这个|你们的|你们|处理的|处理得|处理|办理得|办理|"
    r"结果|答复|服务|工作|态度|效率|事情|问题解决得|我|吧|啊|呀|哈|了|呢|嗯|哦|噢|的|哟|啦|嘛|呗|"
    r"还是|就是|算是|真的|确实|说实话|实话说|老实说|但是|不过|可是|只能|那就|就|please|pls|lol",
    re.IGNORECASE)
#: Objects of satisfaction that are the handling itself (or nothing in particular).
_HANDLING = re.compile(
    r"处理|办理|答复|回复|结果|服务|你们|您们|工作|态度|效率|速度|解决|这次|此次|本次|这个|这件|"
    r"事项|信访|12345|热线|部门|单位|回访|xf\d|办事|整改|落实|反馈|意见书|the (?:result|answer|"
    r"handling|service|response)|it|you|this|that|with (?:the|your)",
    re.IGNORECASE)
#: "对X不满意": the X before the satisfaction word.
_OBJECT = re.compile(r"对(?:于)?(.{1,16}?)(?:非常|很|特别|十分|比较|挺|不太|不是很|有点|极其|还算|基本)?(?:不)?满")
#: Before a satisfaction word in its clause: a subject; "物业不满意" is about the 物业.
_SUBJECT_OK = re.compile(
    r"^(?:我|我们|本人|俺|咱|家人|家里人|全家|群众|大家|居民|邻居们|都|也)*(?:对|对于)?"
    r"(?:这次|此次|本次|你们|您们|这个|整个)?(?:的)?(?:给个|给|打个|打|评个)?$")
#: A request or an appeal rides on the words ("不满意，要求复查"): not a grade (the appeal row).
_REQUEST = re.compile(
    r"要求|申请|复查|复核|重新|重办|再查|再处理|我要投诉|我要举报|上访|起诉|告你们|请求|"
    r"request|appeal|review|reopen", re.IGNORECASE)
#: A question about satisfaction ("满意吗？", "怎么评价"), not an answer to one.
_QUESTION = re.compile(
    r"吗|[?？]|(?<!不)怎么(?!样)|为什么|为啥|(?<!没)(?<!没有)(?<!没啥)什么(?!用)|几分|几星|多少分|如何|是否|能不能|可不可以|"
    r"要不要|哪里|哪儿|\bhow\b|\bwhat\b|\bwhy\b|\bshould\b|\bdo i\b|\bcan i\b",
    re.IGNORECASE)
#: The patterns run over every message or clause read, tried only where a match can begin
#: (nlp.leading: their branches start with optional words, look-behinds or groups, which
#: Python's engine tries at every position); the same matches, a third to a fifth of the time
#: on the texts decided (issue 17).
_EXPLICIT_LEADING = Leading(_ANY_EXPLICIT)
_SHORT_LEADING = Leading(_ANY_SHORT)
_QUESTION_LEADING = Leading(_QUESTION)
_SCORE_LEADING = Leading(_SCORE)
#: Clause breaks: punctuation, and the end of a satisfaction word run into its reason
#: ("不满意根本没人来", once punctuation is gone).
_CLAUSES = re.compile(r"[，,。.！!；;、~～…]+|(?<=满意)(?![极得至到度也])(?=[\u4e00-\u9fff]{2})")
#: Words that speak of a rating at all (in pinyin too: "manyi").
#: (A star is counted, "五星", "3颗星", or doubled, "星星": 星 alone is a name's, "星空网吧".)
_RATING_CUE = re.compile(r"满意|评|[0-9一二两三四五六七八九满]分|/ ?10|out of 10|[0-9一二两三四五]\s*(?:颗|个)?星|星星|manyi|satisf|"
                         r"happy|rat(?:e|ing)|score|star")
_NOT_CONTENT = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_ENGLISH = re.compile(r"[a-z]")
#: Longer than this (content characters): a letter, not a rating with its reason.
MAX_CHARS = 60


#: A thumb said as a word: up is 点赞 (5), down is 差评 (2); a run of thumbs says it once.
_THUMBS = re.compile(r"(?:👍🏻|👍🏼|👍🏽|👍🏾|👍🏿|👍)+|(?:👎🏻|👎🏼|👎🏽|👎🏾|👎🏿|👎)+")
_THUMBS_LEADING = Leading(_THUMBS)


def _thumb(match: re.Match[str]) -> str:
    return "，点赞，" if "👍" in match.group(0) else "，差评，"


#: Faces said as words, as short forms (a grade only after the rating prompt): an angry or a
#: sad face is "不好" (2), a smile, clapping or "ok" is "不错" (4); a run of them says it once.
_FACES = re.compile("(?:[😡😠🤬💢😤👿😞😔😢😭🙁☹😒🙄😩😫]\ufe0f?)+|"
                    "(?:[😊😀😃😄😁☺🙂😍🥰👏👌💯]\ufe0f?)+")
_FACES_LEADING = Leading(_FACES)


def _face(match: re.Match[str]) -> str:
    return "，不错，" if match.group(0)[0] in "😊😀😃😄😁☺🙂😍🥰👏👌💯" else "，不好，"


#: A space between two runs of Chinese: where a chat writer ends a clause ("还行吧 基本满意",
#: "一点用都没有 根本没解决"). ``normalize`` drops it, which ran the clauses together.
_SPACED_CLAUSE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


def read_rating(text: str, normalized: str | None = None) -> RatingReading | None:
    """What ``text`` says as a rating, None when it says none; ``normalized``:
    ``normalize(text)`` when the caller has it (``Analysis.normalized``).

    Many write clauses apart with spaces and no punctuation: when the text run together grades
    nothing (or nothing clear), its space-separated clauses are read as clauses ("非常 满意"
    still reads whole, as 5).
    """
    reading = _read(text, normalized)
    if reading is not None and reading.grade is not None:
        return reading
    if _SPACED_CLAUSE.search(text) is None:
        return reading
    apart = _read(_SPACED_CLAUSE.sub("，", text), None)
    return apart if apart is not None and apart.grade is not None else reading


def _read(text: str, normalized: str | None) -> RatingReading | None:
    """:func:`read_rating` of the text as written (its clauses where its punctuation says).

    Short forms ("中", "凑合", "太差劲了") grade a clause that is nothing else; the reading says
    whether the grade was named (``explicit``) so the caller lets a short form grade only with a
    case awaiting its rating.
    """
    plain = _FACES_LEADING.sub(_face, _THUMBS_LEADING.sub(_thumb, _pinyin_grades(_ten_point(
        (normalize(text) if normalized is None else normalized).lower()))))
    bare = _NOT_CONTENT.sub("", plain)
    if not bare or len(bare) > MAX_CHARS or _REQUEST.search(plain) \
            or _QUESTION_LEADING.search(plain):
        return None
    if _BARE_FIGURE.fullmatch(bare):
        return RatingReading(int(bare), "", True)
    if _other_object(plain):
        return None
    clauses = [c for c in _CLAUSES.split(plain) if _NOT_CONTENT.sub("", c)]
    figures: list[int] = []
    graded: list[tuple[int, bool]] = []  # (grade, explicit) per clause that grades
    reasons: list[str] = []  # clauses that grade nothing: the reason given
    described: list[str] = []  # clauses graded by a short form ("处理得挺及时的")
    # Each clause without its scores, and what its words grade. A score always takes
    # characters, so a clause whose words are the clause has none. No grade and no score:
    # nothing below can read a rating, and most messages decided are no rating at all, so
    # their reasons are not looked for (issue 17).
    read = [(clause, words, _grade_clause(words))
            for clause in clauses for words in (_SCORE_LEADING.sub("", clause),)]
    if all(found is None and words == clause for clause, words, found in read):
        return None
    for clause, words, found in read:
        if found is not None:
            graded.append(found)
        if words != clause and (found is not None or not _rest(words)):
            # A score is a clause of its own or next to a grade ("还行吧3分"); inside other
            # words ("楼下三星手机店") it is a name, not a score.
            figures += [_figure(match) for match in _SCORE.finditer(clause)]
            continue
        if not _rest(clause) or (found is not None and found[1]):
            continue
        (reasons if found is None else described).append(clause.strip())
    explicit = bool(figures) or any(e for _, e in graded)
    if not figures and not graded:
        return None
    # Next to a grade named, short forms describe it too; next to a short form ("还行，…")
    # the reason is the caller's to weigh.
    comment = "，".join([c for c in clauses if c.strip() in reasons + described] if explicit
                       else reasons)
    grade = _agree(figures, [g for g, _ in graded])
    return RatingReading(grade, comment, explicit)


def may_be_rating(text: str) -> bool:
    """``text`` speaks of satisfaction or a score and is neither a question about it, a
    request riding on it ("不满意，要求复查") nor satisfaction with something else ("对物业不满"):
    a rating whose grade may just be unreadable ("還算manyi吧")."""
    plain = normalize(text).lower()
    return (_RATING_CUE.search(plain) is not None and not _REQUEST.search(plain)
            and not _QUESTION.search(plain) and not _other_object(plain))


def parse_rating(bare: str) -> int | None:
    """The grade when ``bare`` (lower-cased, punctuation removed) is a rating reply and nothing
    else, named in so many words (no short forms, no reason), else None: nlp's rule."""
    reading = read_rating(bare)
    if reading is None or not reading.explicit or reading.comment:
        return None
    return reading.grade


def _ten_point(plain: str) -> str:
    """Scores out of ten written as the score out of five they are ("8分" → "4分")."""
    def out_of_five(match: re.Match[str]) -> str:
        figure = match.group(1) or match.group(2)
        tens = _TENS.get(figure) or int(figure)
        grade = max(1, (tens + 1) // 2)
        return f"{grade}分" if match.group(1) else f"{grade} out of 5"
    return _TEN_POINT_LEADING.sub(out_of_five, _SCALE.sub("", plain))


def _figure(match: re.Match[str]) -> int:
    figure = next(group for group in match.groups() if group)
    return _NUMERALS[figure]


def _rest(clause: str) -> str:
    """The clause without fillers: all that is left to be a grade (English keeps its spaces)."""
    if _ENGLISH.search(clause):
        words = _FILLER.sub(" ", re.sub(r"[^0-9a-z'\u4e00-\u9fff]+", " ", clause))
        return " ".join(words.split())
    return _FILLER.sub("", _NOT_CONTENT.sub("", clause))


def _grade_clause(clause: str) -> tuple[int, bool] | None:
    """(grade, explicit) when the clause grades, else None."""
    bare = _NOT_CONTENT.sub("", clause) if not _ENGLISH.search(clause) else clause.strip()
    if not bare:
        return None
    if _EXPLICIT_LEADING.search(bare) is not None:
        for pattern, grade in _EXPLICIT:
            match = pattern.search(bare)
            if match is not None and _subject_ok(bare[:match.start()]):
                return grade, True
    rest = _rest(clause)
    if not rest:
        return None
    for words in (rest, _SOFTENER.sub("", rest, count=1)):
        if not words or _SHORT_LEADING.match(words) is None:  # a full or repeated form starts there
            continue
        for pattern, grade in _SHORT:
            if pattern.fullmatch(words) or _repeated(pattern, words):
                return grade, False
    return None


#: "还中", "也行", "倒也凑合": a softening word before a short form grades as the form does
#: (the forms that carry one already, "还行", "还不错", match before it is taken off).
_SOFTENER = re.compile(r"^(?:倒也|倒是|也还|还|也|算)")


def _subject_ok(before: str) -> bool:
    """Whatever stands before a satisfaction word is its subject: the petitioner, or nothing."""
    if _ENGLISH.search(before):
        return all(word in _EN_SUBJECT for word in re.findall(r"[a-z']+", before))
    return any(_SUBJECT_OK.match(words) for words in (before, _FILLER.sub("", before)))


def _repeated(pattern: re.Pattern[str], rest: str) -> bool:
    """"不错不错", "好好好": a short form said twice or more."""
    match = pattern.match(rest)
    return match is not None and match.end() > 0 and rest == rest[:match.end()] * (
        len(rest) // match.end())


def asks_more_than_a_grade(text: str) -> bool:
    """"不满意，请重新处理", "太敷衍了 我要投诉你们": a request rides on the words (an appeal,
    not a grade)."""
    return _REQUEST.search(normalize(text).lower()) is not None


def satisfaction_with_another(text: str) -> bool:
    """"对小区物业非常不满意": the text speaks of satisfaction with something other than the
    handling (a matter, not a rating)."""
    return _other_object(normalize(text).lower())


def _other_object(plain: str) -> bool:
    """"对物业很不满意": satisfaction with something other than the handling."""
    match = _OBJECT.search(_NOT_CONTENT.sub("", plain))
    return match is not None and not _HANDLING.search(match.group(1))


def _agree(figures: list[int], words: list[int]) -> int | None:
    """One grade from what the message says, None when it says two different things."""
    if len(set(figures)) > 1:
        return None
    if figures:
        if words and max(abs(figures[0] - w) for w in words) > 1:
            return None
        return figures[0]
    if max(words) - min(words) > 1:
        return None
    return words[-1]  # the conclusion comes last ("不错，很满意": 5)


#: More content characters than this left beside the grade words: the message tells something
#: more than a grade ("太失望了 活着真没意思 投诉了三次都没人理 楼下的狗天天叫").
_MORE_THAN_A_GRADE = 5
_PINYIN_THANKS = re.compile(r"xie ?xie|3q")


def says_more_than_a_grade(text: str, normalized: str | None = None) -> bool:
    """Whether ``text``, once its grade words and scores are taken out, still says more than a
    grade's fillers: a grade word run into a story in one clause ("太失望了活着真没意思投诉了三次
    都没人理") reads as a grade with no comment, and with no case awaiting a rating it is a
    matter or a feeling told, not a rating (bot.dialogue.rating)."""
    plain = _FACES_LEADING.sub(_face, _THUMBS_LEADING.sub(_thumb, _pinyin_grades(_ten_point(
        (normalize(text) if normalized is None else normalized).lower()))))
    left = _PINYIN_THANKS.sub("", _SCORE.sub("", _ANY_EXPLICIT.sub("", plain)))
    return len(_rest(left)) > _MORE_THAN_A_GRADE
