"""A reply about an answer while it is fresh ("效果不明显", "处理太敷衍了", "还是老样子"): feedback
on that case, filed under it, and the grade and the next appeal asked for; never a new case.

After the bot sends an answer and its rating request, a short reply that gives no readable
grade is, in the way citizens write, nearly always about that answer; the intent model has no
class for it and scatters such replies over new matter, withdrawal, greeting and status (a
second, empty case was opened for them). A confident new matter ("楼下又有人烧垃圾了"), a
question, a status request, thanks or particulars still go to their own rows.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot import ratings, texts, workflow
from bot.dialogue import appeal, slots
from bot.dialogue.draft import Draft
from bot.dialogue.rating import awaits_an_answer, rate
from bot.dialogue.turn import Turn
from bot.notices import as_utc
from nlp import Intent, looks_like_bare_name
from nlp.courtesy import ACKNOWLEDGEMENTS, GREETINGS, THANKS
from nlp.rating import asks_more_than_a_grade, read_rating, satisfaction_with_another
from storage import Case

#: As long as a 复查 may be asked for (Art 35: 30 days): a reply within it is about the answer.
WINDOW = timedelta(days=30)
#: Longer than this, a reply tells a matter of its own (its own rows decide).
MAX_CHARS = 30
#: Intents other rows answer better, whatever the length.
_ELSEWHERE = frozenset({Intent.OPT_OUT, Intent.OPT_IN, Intent.HELP, Intent.LIST_CASES,
                        Intent.PARTICULARS, Intent.APPEAL})
#: The model is this sure of a new matter or a status question: it is one.
_SURE = 0.9
_COURTESY = re.compile(rf"(?:{THANKS}|{ACKNOWLEDGEMENTS}|{GREETINGS}|您|你们|啦|了|的|呀|哈|啊)+")
_NOT_CONTENT = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")


class Feedback:
    name = "feedback"

    def check(self, turn: Turn) -> bool:
        case = fresh_answer(turn)
        if case is None:
            return False
        analysis = turn.analysis
        # (An emergency signal the emergency row let through is handled as what it tells.)
        if analysis.accusation or turn.command is not None \
                or turn.callback or turn.learned or turn.carries_files():
            return False
        if appeal.requested(turn) is not None:
            return False  # "申请复查", or what the model hears as asking for it: the appeal row
        if asks_about_appeal(turn):
            return True  # "还能往上告吗": what this answer can be appealed to, and by when
        bare = _NOT_CONTENT.sub("", turn.text.lower())
        if not bare or len(bare) > MAX_CHARS or _COURTESY.fullmatch(bare) \
                or looks_like_bare_name(turn.text.strip()):
            return False
        if awaits_an_answer(turn):
            return False  # the bot's own question is answered first
        if analysis.intent in _ELSEWHERE:
            return False
        return about_the_answer(turn, case)

    def handle(self, turn: Turn) -> list[Draft]:
        case = fresh_answer(turn)
        assert case is not None  # check() found it
        language = turn.language
        next_appeal, due = ratings.next_appeal(turn.session, case, turn.now,
                                               turn.services.deadlines)
        if asks_about_appeal(turn) or asks_more_than_a_grade(turn.text):
            turn.attach(case, "feedback")
            if not next_appeal:
                return [Draft(texts.say(language, "appeal_final", number=case.number), case)]
            return [Draft(texts.say(language, "appeal_howto", number=case.number,
                                    appeal=next_appeal, due=due), case)]
        reading = read_rating(turn.text)
        if reading is not None and reading.grade is not None \
                and not workflow.has_event(turn.session, case, "rate"):
            # A grade with a story the rating row would not take alone: it is this answer's.
            return rate(turn, case, reading.grade)
        turn.attach(case, "feedback")
        reply = texts.say(language, "feedback_noted", number=case.number)
        if not workflow.has_event(turn.session, case, "rate"):
            reply += texts.say(language, "rating_ask", number=case.number)
        if next_appeal and ratings.still_open(due, turn.now):
            reply += texts.say(language, "feedback_appeal", appeal=next_appeal, due=due)
        return [Draft(reply, case)]


def about_the_answer(turn: Turn, case: Case) -> bool:
    """Whether a reply after ``case``'s answer speaks of that answer or its matter, rather than
    of a matter of its own or another question."""
    analysis = turn.analysis
    intent, sure = analysis.intent, analysis.intent_confidence
    if slots.question_form(turn.text) or (intent in (Intent.NEW_PETITION, Intent.STATUS_QUERY)
                                          and sure >= _SURE):
        # A question or a matter of its own, unless it quotes the answer or tells the
        # answered matter again ("什么明年春季？老人天天摔，你们就是在踢皮球" after an answer
        # about that pavement): that is what the citizen thinks of the answer.
        # A question about the answer's own words is for the clerk who wrote it.
        return quotes_the_answer(turn.text, case.answer) or (
            intent is Intent.NEW_PETITION
            and turn.services.matters.same_as(turn.session, case, turn.text, analysis))
    return not (satisfaction_with_another(turn.text) or names_another_matter(turn, case))


def answered_about(turn: Turn) -> Case | None:
    """The latest answered case, while this reply is about its answer (:func:`about_the_answer`)."""
    case = fresh_answer(turn)
    return case if case is not None and about_the_answer(turn, case) else None


def fresh_answer(turn: Turn) -> Case | None:
    """The petitioner's latest answered case, while a reply is still about its answer."""
    case = turn.rateable()
    if case is None or case.answered_at is None \
            or as_utc(turn.now) - as_utc(case.answered_at) > WINDOW:
        return None
    return case


#: Characters in a row that a reply must share with the answer to be quoting it ("明年春季").
_QUOTED = 4
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def quotes_the_answer(text: str, answer: str) -> bool:
    """Whether ``text`` repeats words of the answer: it is about that answer."""
    return any(run[i:i + _QUOTED] in answer for run in _HAN.findall(text)
               for i in range(len(run) - _QUOTED + 1))


def names_another_matter(turn: Turn, case: Case) -> bool:
    """The reply names a thing, place, party or building the answered case does not ("5号楼漏水"
    after an answer about a barbecue's smoke); "油烟还是很大啊" names the case's own, and "效果不
    明显" none."""
    matters = turn.services.matters
    parts = matters.signature(turn.text, turn.analysis).parts
    named = {n.text for n in parts.names} | set(parts.buildings) | set(parts.things)
    if not named:
        return False
    signed = matters.signature_of(turn.session, case)
    if signed is None:
        return True
    own = signed.parts
    return not named <= ({n.text for n in own.names} | set(own.buildings) | set(own.things))


#: The model's second thought that a question is an appeal ("还是不服，还能往上告吗": 0.125).
_APPEAL_BESIDE_A_QUESTION = 0.1


def asks_about_appeal(turn: Turn) -> bool:
    """An appeal the model hears without one being named ("你们的答复我看了，不同意"), or a
    question it also hears as one ("还是不服，还能往上告吗"): what can be done against the
    answer, and by when."""
    analysis = turn.analysis
    if analysis.intent is Intent.APPEAL:
        return True  # not one the appeal row files: it names no 复查 or 复核
    if analysis.intent is not Intent.QUESTION:
        return False
    # A question that objects to the answer or names the way up asks what can be done against
    # it, however faintly the model hears an appeal beside it (its second thought moves with
    # every retraining: 0.125 then 0.07 for "还是不服，还能往上告吗").
    return _OBJECTION.search(analysis.text or turn.text) is not None or any(
        intent is Intent.APPEAL and p >= _APPEAL_BESIDE_A_QUESTION
        for intent, p in analysis.intent_alternatives)


#: Words that object to an answer or name the way up from it (Art 35: 复查, then 复核).
_OBJECTION = re.compile(r"不满意|不服|不认可|不同意|不接受|有异议|不合理|不公平|复查|复核|申诉|往上告|"
                        r"上一级|更高一级")

