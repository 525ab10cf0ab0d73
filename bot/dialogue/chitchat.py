"""What is never a case: greetings and thanks, questions about the service (answered from
``bot.faq`` when one of its entries matches), and a message that only gives the petitioner's
particulars (an unprompted phone number by SMS)."""

from __future__ import annotations

import re

from bot import texts
from bot.dialogue import particulars, slots
from bot.dialogue.draft import Draft
from bot.dialogue.status import words_told
from bot.dialogue.turn import Turn
from nlp import Intent


class ChitChat:
    name = "chitchat"

    def check(self, turn: Turn) -> bool:
        if turn.message.needs_human:
            return False  # the channel could not read it: a person registers it
        intent = turn.analysis.intent
        if intent is Intent.QUESTION and may_be_a_matter(turn):
            return False  # registered: a complaint lost costs more than a question registered
        if intent in (Intent.GREETING, Intent.QUESTION):
            return True
        if intent is Intent.PARTICULARS:
            return only_particulars(turn)  # a matter with them goes on to be registered
        if _short_question(turn):
            return True
        return bool(turn.learned) and only_particulars(turn)

    def handle(self, turn: Turn) -> list[Draft]:
        intent, language = turn.analysis.intent, turn.language
        if intent is Intent.GREETING and not turn.learned:
            return [Draft(texts.say(language, "thanks_reply" if thanks(turn.text) else "greeting"))]
        if intent is Intent.QUESTION or _short_question(turn):
            return [Draft(turn.services.faq.answer(turn.text, language, turn.analysis))]
        if not turn.learned:
            return [Draft(texts.say(language, "greeting"))]
        case = turn.latest_open()
        items = particulars.listing(language, list(turn.learned))
        if case is not None:
            turn.attach(case, "particulars_given", item=",".join(turn.learned))
            return [Draft(texts.say(language, "particulars_added", items=items,
                                    number=case.number), case)]
        return [Draft(texts.say(language, "particulars_noted", items=items))]


#: Thanks and their fillers: a thanks is answered as one, not with the opening greeting.
_THANKS = re.compile(r"谢谢|感谢|多谢|辛苦|麻烦(?:你|您)|thank", re.IGNORECASE)


def thanks(text: str) -> bool:
    return _THANKS.search(text) is not None


#: A question at least this long (Chinese characters and Latin words) that nlp also reads as a
#: new matter with at least this probability is registered: "register everything" (Art 22)
#: weighs a complaint in question form ("工地天天半夜施工，这合理吗？") above a question filed.
#: Chosen on the dev phrasings: it moves mostly complaints and few true questions.
MATTER_QUESTION_MIN_WORDS = 16
MATTER_QUESTION_MIN_PROBABILITY = 0.1


def may_be_a_matter(turn: Turn) -> bool:
    analysis = turn.analysis
    words = words_told(turn.text)
    second = dict(analysis.intent_alternatives).get(Intent.NEW_PETITION, 0.0)
    return words >= MATTER_QUESTION_MIN_WORDS and second >= MATTER_QUESTION_MIN_PROBABILITY


def _short_question(turn: Turn) -> bool:
    """A question too short to carry a matter ("你们几点上班？"): answered, never a case.

    A floor under nlp's intent, like ``status.asks_progress``; longer questions may be
    complaints in question form ("噪音这么大有没有人管？") and go on to the new matter."""
    return (turn.analysis.intent is Intent.NEW_PETITION and not turn.analysis.emergency
            and not turn.analysis.accusation
            and slots.content_chars(turn.text) < slots.MIN_DETAIL_CHARS
            and slots.asks_something(turn))


def only_particulars(turn: Turn) -> bool:
    """Nothing but particulars and the words introducing them ("我叫孙八，电话139…")."""
    given = turn.analysis.particulars
    rest = turn.analysis.text or turn.text  # normalized, as the particulars were read
    for value in (given.name, given.address, given.id_number):
        if value:
            rest = rest.replace(value, "")
    rest = re.sub(r"[\d+\-\s]{7,}", "", rest)
    rest = re.sub(r"我叫|我是|本人|姓名|名字|电话|手机|手机号|号码|联系方式|联系电话|身份证号?|地址|住址|"
                  r"家住|住在|是|为|叫", "", rest)
    # Conversational filler around them ("那算了，电话139…", "好吧给你们留个号码"): no matter.
    rest = re.sub(r"那就|那|算了|好吧|好的|好|行吧|行|嗯|哦|吧|啊|呢|的|我|留个|留下|留一下|给你们|给你|"
                  r"打这个|这个|可以|联系|就", "", rest)
    return slots.content_chars(rest) <= 2
