"""A rating reply after the rating prompt, in figures or in words ("满意，谢谢", "还行吧3分",
"不满意，根本没人来", "凑合", "not happy"): nlp.rating reads the grade and the reason given with it.

A rating for an answered case comes before the answer to the bot's own question: "很不满意，
根本没人来" while the name is still asked is a grade, never a name (a real name is no rating and
still fills the slot). Short forms ("中", "凑合", "太差劲了") and a grade with its reason grade
only when a case awaits its rating; with nothing to rate, a rating alone is answered
("该事项目前无需评价") and never registered as a case, and thanks ("3q 收到") are thanks.
Words the grade cannot be read from ("态度满意，结果不满意") are asked about, not guessed.
"""

from __future__ import annotations

import re

from bot import ratings, texts, workflow
from bot.dialogue.alarm import alarmed
from bot.dialogue.draft import Draft
from bot.dialogue.questions import CONFIRM, PERSONAL, SUPPLEMENT, ask, pending, still_unknown
from bot.dialogue.status import picked_from_list
from bot.dialogue.turn import Turn
from nlp import Intent
from nlp.courtesy import ACKNOWLEDGEMENTS, THANKS
from nlp.normalize import normalize
from nlp.rating import RatingReading, may_be_rating, read_rating, says_more_than_a_grade
from storage import Case

_NOT_CONTENT = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
#: Thanks and acknowledgements: no grade unless they name one ("满意，谢谢").
_THANKS = re.compile(rf"(?:{THANKS}|ty|{ACKNOWLEDGEMENTS}|您|你们|啦|了|的|呀|哈)+")
#: A reason that speaks of the handling (or of nobody coming): said about the case rated.
_ABOUT_HANDLING = re.compile(
    r"答复|回复|处理|办理|解决|你们|他们|没人|没有人|没来|来过|上门|现场|推|敷衍|走过场|结果|效率|"
    r"态度|及时|速度|拖|问题|变化|老样子|改善|好转|整改|落实|工作人员|部门|results?|answer|nobody|no one|fixed|solved",
    re.IGNORECASE)
#: A reason this short is about the case rated, whatever it says ("根本没人来").
_SHORT_REASON = 16
#: Words beside a grade this short are a rating's own ("一般般", "五星"), not a story.
_SHORT_STORY = 5
_MAX_CHARS = 60
#: With nothing to rate, the model's second reading of a new matter this likely: a matter told
#: beside the rating words ("不满意 垃圾站还臭 而且又多了个废品站": 0.18), registered.
_A_MATTER_TOO = 0.15


def grade_in_words(text: str) -> int | None:
    """The grade a reply after the rating prompt gives, else None (kept for callers and tests:
    short forms count, as they do after the prompt)."""
    reading = read_rating(text)
    return reading.grade if reading is not None else None


class Rating:
    name = "rating"

    def check(self, turn: Turn) -> bool:
        if picked_from_list(turn) is not None:
            return False  # "2" right after the list of one's open cases picks the second
        return _reading(turn) is not None or _unread_rating(turn)

    def handle(self, turn: Turn) -> list[Draft]:
        reading = _reading(turn)
        case = turn.rateable()
        if case is None:
            return [_nothing_answered(turn)]
        grade = reading.grade if reading is not None else None
        if grade is None:  # a rating whose grade we cannot read ("還算manyi吧"): ask for it
            turn.attach(case, "feedback")  # filed under the case it speaks of, for staff
            return [Draft(texts.say(turn.language, "rating_ask", number=case.number), case)]
        drafts = rate(turn, case, grade)
        if reading is not None and asks_beside(reading.comment) \
                and case.status in workflow.ANSWERED:
            # "满意。想问下以后再坏了找谁": the grade is kept and the question is not dropped:
            # filed for the clerk who answered, or answered when an entry knows it.
            turn.attach(case, "question")
            drafts.append(Draft(turn.services.faq.specific(reading.comment, turn.language)
                                or texts.say(turn.language, "question_filed", number=case.number),
                                case))
        return drafts


#: A question asked in the words beside a grade: a question mark, a question word, or a
#: question announced ("想问一下", "请问").
_ASKS_BESIDE = re.compile(r"[?？]|吗|呢|谁|哪|怎么|怎样|如何|什么|几时|多久|请问|想问|问一下|问下")


def asks_beside(comment: str) -> bool:
    """The words given with a grade ask something."""
    return bool(comment) and _ASKS_BESIDE.search(comment) is not None


def rates_the_awaited_case(turn: Turn) -> bool:
    """A case awaits its rating and this message gives one ("不怎么样" after the rating
    prompt): nlp's guess of a help request or a greeting does not outweigh it."""
    return turn.rateable() is not None and _reading(turn) is not None


def _reading(turn: Turn) -> RatingReading | None:
    """The rating this message gives, None when it gives none (as this turn's state allows)."""
    analysis = turn.analysis
    if alarmed(analysis) or analysis.accusation:
        return None
    judged = analysis.intent is Intent.RATING
    model = analysis.rating if judged else None
    text = unsigned(turn.text, turn.petitioner.name or analysis.particulars.name)
    reading = read_rating(text, analysis.normalized(text))
    if reading is None:
        # What the turn's cases say weighs only a reading: not scanned for the most messages,
        # which read as none (issue 17). Read all the same, when they were read before.
        turn.cases()
        return _weigh(None, rateable=False, model_grade=model, judged=judged)
    if not turn.cases() and says_more_than_a_grade(text, analysis.normalized(text)):
        # Nothing of theirs to rate and more said than a grade ("太失望了 活着真没意思 投诉了
        # 三次都没人理 楼下的狗天天叫" read as grade 1): a matter or a feeling, not a rating
        # ("该事项目前无需评价" dropped it).
        return None
    return _weigh(reading, rateable=turn.rateable() is not None,
                  awaits_answer=awaits_an_answer(turn), model_grade=model, judged=judged)


def unsigned(text: str, name: str) -> str:
    """``text`` without the lines under it that only sign it with the writer's ``name`` ("5" /
    "牛芳" in a letter): a signature is no reason given with a grade."""
    lines = text.strip().splitlines()
    if not name or len(lines) < 2:
        return text
    while len(lines) > 1 and lines[-1].strip() in ("", name):
        lines.pop()
    return "\n".join(lines)


def judge(text: str, *, rateable: bool, awaits_answer: bool = False,
          model_grade: int | None = None, judged: bool = False) -> RatingReading | None:
    """The rating ``text`` gives, None when it gives none. ``rateable``: a case awaits its
    rating; ``awaits_answer``: the bot asked a yes-or-no question; ``model_grade``: the grade
    nlp read when it judged the message a rating; ``judged``: nlp judged it a rating."""
    return _weigh(read_rating(text), rateable=rateable, awaits_answer=awaits_answer,
                  model_grade=model_grade, judged=judged)


def _weigh(reading: RatingReading | None, *, rateable: bool, awaits_answer: bool = False,
           model_grade: int | None = None, judged: bool = False) -> RatingReading | None:
    """:func:`judge` of what nlp read from the text (``reading``)."""
    if reading is None:
        return RatingReading(model_grade, "", True) if model_grade is not None else None
    if not rateable:
        # Nothing awaits a rating: only a rating and nothing else is one ("满意，谢谢" is
        # answered); a short form is one too when nlp also reads a rating ("一般", "很好":
        # answered, never a case); a reason, or a short form nlp reads otherwise, is left to
        # the rows below (a matter, thanks).
        return reading if (reading.explicit or judged) and not reading.comment else None
    if not reading.explicit and awaits_answer:
        return None  # "行" / "可以" answer the bot's yes-or-no question first
    short = len(_NOT_CONTENT.sub("", reading.comment)) <= _SHORT_REASON and reading.explicit
    if reading.comment and not (short or _ABOUT_HANDLING.search(reading.comment)):
        # A grade next to a long story of something else, or a short form ("还行") next to
        # anything but the handling: a matter of its own.
        return None
    return reading


def awaits_an_answer(turn: Turn) -> bool:
    """The bot asked a yes-or-no question (is this an addition? the material?) on a case."""
    case = turn.awaiting_case()
    return case is not None and any(item.startswith(CONFIRM) or item == SUPPLEMENT
                                    for item in pending(case))


def _unread_rating(turn: Turn) -> bool:
    """nlp judges a short message a rating but no grade can be read from it: still no matter.
    It must speak of satisfaction or a score: thanks are thanks ("3q 收到"), "物业太差劲了" is
    a matter, "满意吗？" a question. (While the bot waits for an answer, that answer's checks
    come first.)"""
    analysis = turn.analysis
    if analysis.intent is not Intent.RATING or alarmed(analysis) or analysis.accusation:
        return False  # before the text is looked at: most messages stop here
    bare = _NOT_CONTENT.sub("", turn.text.lower())
    if turn.rateable() is None and (
            dict(analysis.intent_alternatives).get(Intent.NEW_PETITION, 0.0) >= _A_MATTER_TOO
            or _story_beside(read_rating(turn.text, analysis.normalized(turn.text)))):
        # With nothing to rate, a matter: "5分，谢谢。另外还有个事，…化粪池又满了" (the model's
        # second reading), or a grade beside a story of something else ("5分谢谢 楼下的化粪池
        # 又满了": how sure the model is of the matter beside it is no guard then).
        return False
    if _matter_beside_a_grade(turn):
        return False
    return (not _THANKS.fullmatch(bare) and may_be_rating(turn.text) and len(bare) <= _MAX_CHARS
            and turn.awaiting_case() is None)


def _matter_beside_a_grade(turn: Turn) -> bool:
    """"差评 你们说修好了 根本没修 今天水管又爆了" from a sender with no case here at all: more
    said than a grade (nlp.rating.says_more_than_a_grade), and a fresh occurrence told in it
    (``_FRESH_EVENT``). Nothing here to rate, so the grade is how they feel about a handling
    elsewhere, and what happened again is the matter ("该事项目前无需评价" dropped it; helper
    newmatter31). A grade with its reason ("不满意，还是老样子，路灯还是不亮", "很不满意，兜兜转转
    又让我自己去找施工方") is still answered as a rating: over the labelled phrasings (dev and
    held-out aside) the rule meets 4 texts the model reads a rating, all labelled new_petition,
    and none of the 791 labelled rating (naming a thing instead of a fresh occurrence met 49)."""
    if turn.cases():
        return False
    text = turn.analysis.normalized(turn.text) or normalize(turn.text)
    return says_more_than_a_grade(turn.text, text) and _FRESH_EVENT.search(text) is not None


#: Something happening again or anew, told beside a grade ("今天电梯又困人了", "而且又多了个废品
#: 站", "又有个新问题").
_FRESH_EVENT = re.compile(r"(?:今天|昨天|昨晚|前天|刚才|刚刚|这两天)[^，。！？,.!?]{0,8}又|"
                          r"又(?:有|多了|出了|坏了|爆了|漏了|困人|堵了|停了|来了)|新(?:的)?问题|"
                          r"另外(?:还有)?(?:一|个)")


def _nothing_answered(turn: Turn) -> Draft:
    """A grade with no answered case to rate. With a case open ("满意，谢谢" just after it was
    registered, while its name is asked): when the rating comes, and the bot's own question
    asked again, not dropped; with none, "该事项目前无需评价"."""
    case = turn.awaiting_case() or turn.latest_open()
    if case is None:
        return Draft(texts.say(turn.language, "rating_not_open"))
    asked = [item for item in pending(case) if item in (*PERSONAL, "details")]
    still = still_unknown(turn, asked) if len(asked) == len(pending(case)) else []
    return Draft(texts.say(turn.language, "rating_not_yet", number=case.number)
                 + (ask(turn.language, still) if still else ""), case)


def rate(turn: Turn, case: Case, score: int) -> list[Draft]:
    """Record ``score`` for ``case``; a low grade offers the next appeal with its date."""
    if case.status not in workflow.ANSWERED:
        return [Draft(texts.say(turn.language, "rating_not_open"))]
    rated = ratings.record(turn.session, case, score, actor=turn.message.sender,
                           channel=turn.message.channel, now=turn.now,
                           deadlines=turn.services.deadlines)
    turn.message.case_id = case.id
    turn.session.add(turn.message)
    if rated.appeal:
        return [Draft(texts.say(turn.language, "rating_low", number=case.number,
                                appeal=rated.appeal, due=rated.appeal_due), case)]
    return [Draft(texts.say(turn.language, "rating_thanks"), case)]


def _story_beside(reading: RatingReading | None) -> bool:
    """A grade read beside words longer than a reason that are not about any handling."""
    if reading is None:
        return False
    comment = _NOT_CONTENT.sub("", reading.comment)
    return len(comment) > _SHORT_STORY and not _ABOUT_HANDLING.search(comment) \
        and not _THANKS.fullmatch(comment)
