"""What is never a case: greetings and thanks, questions about the service (answered from
``bot.faq`` when one of its entries matches), and a message that only gives the petitioner's
particulars (an unprompted phone number by SMS)."""

from __future__ import annotations

import re

from bot import texts, workflow
from bot.dialogue import feedback, particulars, slots
from bot.dialogue.draft import Draft
from bot.dialogue.faqreply import faq_reply
from bot.dialogue.secrecy import asks_for_secrecy, keep_secret
from bot.dialogue.status import words_told
from bot.dialogue.turn import Turn
from bot.lawroutes import LEGAL_CONFIDENCE, LEGAL_ROUTES
from nlp import Intent
from nlp.courtesy import CALLS, GREETINGS, THANKS
from nlp.routes import route_stage
from storage import Case


class ChitChat:
    name = "chitchat"

    def check(self, turn: Turn) -> bool:
        if turn.message.needs_human:
            return False  # the channel could not read it: a person registers it
        if _particulars_alone(turn):
            return True  # whatever nlp's intent: "那就写王先生吧" reads like a question
        if asks_for_secrecy(turn):
            return True  # "请一定帮我保密 不然我工作就没了" (a new matter 0.54 to the model)
        if _declines_alone(turn):
            return True  # "我就不留名字了" before any matter: no matter of its own
        intent = turn.analysis.intent
        if intent is Intent.QUESTION and may_be_a_matter(turn):
            # Registered: a complaint lost costs more than a question registered; but a
            # question about the sender's open matter ("能不能不让院长知道是谁举报的？") is
            # answered and filed under it, not a second case.
            return _open_case_asked_about(turn) is not None
        if intent is Intent.QUESTION and told_not_asked(turn):
            return False  # "举报乡里的会计做假账" (question 0.54): an accusation to register
        if intent is Intent.GREETING and may_be_a_matter(turn):
            # "Hello, ... the KTV downstairs is very loud every night ... Thanks." (greeting
            # 0.46, a new matter 0.18): a letter opened and closed politely is no greeting, as a
            # question this long that may be a matter is registered (below).
            return False
        if intent in (Intent.GREETING, Intent.QUESTION):
            return True
        if intent is Intent.PARTICULARS:
            # A matter with them goes on to be registered; a change of them is no matter.
            return only_particulars(turn) or _particulars_changed(turn)
        if _short_question(turn):
            return True
        return bool(turn.learned) and only_particulars(turn)

    def handle(self, turn: Turn) -> list[Draft]:
        intent, language = turn.analysis.intent, turn.language
        if _particulars_alone(turn):
            return acknowledge(turn)
        if asks_for_secrecy(turn):
            return keep_secret(turn)
        declined = slots.declines_particulars(turn) if _declines_alone(turn) else []
        if declined:
            # "那就不留名了" before telling the matter: kept, so the matter is not asked for it.
            slots.remember_declined(turn, declined)
            return [Draft(texts.say(language, "declined_before_matter",
                                    items=particulars.listing(language, declined)))]
        if intent is Intent.GREETING and slots.question_form(turn.text) \
                and slots.content_chars(turn.text) > _GREETING_QUESTION_CHARS:
            # "那什么时候能装好？" (greeting 0.55): a question longer than "在吗？", "你好吗？" is
            # answered as the question it is, never with "您好！请描述您的问题".
            intent = Intent.QUESTION
        if intent is Intent.GREETING and not turn.learned:
            if thanks(turn.text):
                return [Draft(texts.say(language, "thanks_reply"))]
            noted = _acknowledged(turn)
            return noted or [Draft(texts.say(language, "greeting"))]
        if intent is Intent.QUESTION or _short_question(turn):
            asked_about = _open_case_asked_about(turn) if may_be_a_matter(turn) else None
            if asked_about is not None:
                # About the sender's own matter, so not another office's service.
                turn.attach(asked_about, "question")
                return [Draft(turn.services.faq.specific(turn.text, language)
                              or texts.say(language, "question_filed", number=asked_about.number),
                              asked_about)]
            route = legal_route_asked(turn)
            entry = turn.services.faq.entry(turn.text, turn.analysis) if route else None
            if route and (entry is None or entry.id not in _ROUTE_ENTRIES):
                # "想问一下劳动仲裁要交钱吗", "不服处罚决定怎么申请复议": the route's own
                # procedure, not this service's fee or 复查 (nor "another office's service":
                # a petition cannot replace the route).
                stage = route_stage(turn.analysis.text or turn.text, route)
                key = "legal_route_answer_" + route
                if stage and texts.has(language, f"{key}_{stage}"):
                    key = f"{key}_{stage}"  # "复议维持了 我还能怎么办": the next step
                return [Draft(texts.say(language, key)
                              + ("" if language == "zh" else " ")
                              + texts.say(language, "legal_route_answer_tail"))]
            found = faq_reply(turn)
            if found is not None:
                return found
            answered = _answer_asked_about(turn)
            if answered is not None:
                # "那什么时候能装好？" right after an answer asks about that answer: filed under
                # it for the clerk who wrote it, not met with the service's procedure.
                turn.attach(answered, "question")
                return [Draft(texts.say(language, "question_filed", number=answered.number),
                              answered)]
            return [Draft(turn.services.faq.answer(turn.text, language, turn.analysis))]
        if not turn.learned:
            return [Draft(texts.say(language, "greeting"))]
        return acknowledge(turn)


#: A salutation or a call ("你好", "在吗", "喂"): what opens a conversation, unlike an
#: acknowledgement of what the bot said ("好吧 我再等等", "好的 知道了", "ok").
_SALUTATION = re.compile(rf"(?<![a-z])(?:{GREETINGS}|{CALLS})(?![a-z])")


def _acknowledged(turn: Turn) -> list[Draft]:
    """A "greeting" that greets nobody, from a petitioner with a case on file, acknowledges
    what the bot last said: answered with where their case stands, never with the opening
    greeting that asks them to describe a problem (they did)."""
    if _SALUTATION.search(turn.text.lower()) or not turn.cases():
        return []
    language = turn.language
    answered = feedback.fresh_answer(turn)
    if answered is not None and not workflow.has_event(turn.session, answered, "rate"):
        return [Draft(texts.say(language, "noted_rating", number=answered.number), answered)]
    case = turn.latest_open()
    if case is not None:
        return [Draft(texts.say(language, "noted_on_file", number=case.number), case)]
    return [Draft(texts.say(language, "noted_closed"))]


#: "在吗？", "有人吗？", "你好吗？": greetings written as questions are no longer than this.
_GREETING_QUESTION_CHARS = 4


def _declines_alone(turn: Turn) -> bool:
    """Only a decline of particulars ("不想留名，楼下餐馆油烟大" is a matter told anonymously:
    the matter row's), with no case being taken down to decline them on."""
    return (slots.only_declines(turn.text) and turn.awaiting_case() is None
            and bool(slots.declines_particulars(turn)))


#: A question about one's particulars ("地址要写到门牌号吗") gives none.
_ASKS = re.compile(r"[?？]|吗|呢|么|怎|哪|能不能|可不可以|是否")


def _particulars_alone(turn: Turn) -> bool:
    """The message gives particulars and nothing else, and asks nothing."""
    return (bool(turn.analysis.particulars) and _ASKS.search(turn.text) is None
            and only_particulars(turn))


def acknowledge(turn: Turn) -> list[Draft]:
    """Say what was kept ("已记录您提供的…"), on the open case's timeline when there is one (a
    correction as one): particulars never open a case. Items already on file are named too."""
    language = turn.language
    given = turn.analysis.particulars
    items = list(turn.learned) or [item for item, value in (
        ("name", given.name), ("contact", given.phone or given.address),
        ("id_number", given.id_number)) if value]
    listed = particulars.listing(language, items)
    case = turn.latest_open()
    if case is not None:
        action = "particulars_corrected" if particulars.corrects(turn.text) else "particulars_given"
        turn.attach(case, action, item=",".join(items))
        return [Draft(texts.say(language, "particulars_added", items=listed,
                                number=case.number), case)]
    return [Draft(texts.say(language, "particulars_noted", items=listed))]


#: Thanks and their fillers: a thanks is answered as one, not with the opening greeting.
_THANKS = re.compile(rf"谢谢|感谢|多谢|辛苦|麻烦(?:你|您)|thank|(?<![a-z]){THANKS}(?![a-z])",
                     re.IGNORECASE)


def thanks(text: str) -> bool:
    return _THANKS.search(text) is not None


#: A question at least this long (Chinese characters and Latin words) that nlp also reads as a
#: new matter with at least this probability is registered: "register everything" (Art 22)
#: weighs a complaint in question form ("工地天天半夜施工，这合理吗？") above a question filed.
#: Chosen on the dev phrasings: it moves mostly complaints and few true questions.
MATTER_QUESTION_MIN_WORDS = 16
MATTER_QUESTION_MIN_PROBABILITY = 0.1


#: The FAQ entries that answer a question about a legal route as such ("法院判了还能上访吗").
_ROUTE_ENTRIES = frozenset({"legal_routes", "legal_aid"})


def legal_route_asked(turn: Turn) -> str:
    """The legal route (诉讼, 仲裁, 行政复议) a question is about, when nlp's route judgement is as
    sure as it must be to move a case (bot.lawroutes); else ""."""
    analysis = turn.analysis
    sure = analysis.legal_route_confidence >= LEGAL_CONFIDENCE
    # A route told to have decided ("复议维持了 我还能怎么办", route 0.19) names its route by
    # a closed grammar: the next step is the answer, however unsure the model is.
    sure = sure or bool(route_stage(analysis.text or turn.text, analysis.legal_route))
    return analysis.legal_route if sure and analysis.legal_route in LEGAL_ROUTES else ""


def told_not_asked(turn: Turn) -> bool:
    """An accusation written as a statement ("举报乡里的会计做假账", "村主任把补助款吞了"): nlp's
    intent can lean to a question on a short text, but nothing in it asks (no question mark,
    no question word), and an accusation lost costs more than a question registered (Art 30).
    One asked ("举报村干部要实名吗") is still answered."""
    return turn.analysis.accusation and not slots.question_form(turn.text) \
        and _ASKS.search(turn.text) is None


def may_be_a_matter(turn: Turn) -> bool:
    analysis = turn.analysis
    words = words_told(turn.text)
    second = dict(analysis.intent_alternatives).get(Intent.NEW_PETITION, 0.0)
    return words >= MATTER_QUESTION_MIN_WORDS and second >= MATTER_QUESTION_MIN_PROBABILITY


def _answer_asked_about(turn: Turn) -> Case | None:
    """The case answered a moment ago that a short question no FAQ entry answers follows on
    from: it names nothing the case does not, and is about no other office's service."""
    case = feedback.fresh_answer(turn)
    if case is None or words_told(turn.text) >= MATTER_QUESTION_MIN_WORDS:
        return None
    if turn.services.faq.about_another_service(turn.analysis):
        return None
    return None if feedback.names_another_matter(turn, case) else case


def _open_case_asked_about(turn: Turn) -> Case | None:
    """The sender's open case this question is about (the matter model's "same")."""
    if turn.latest_open() is None:
        return None
    same = turn.services.matters.open_repeat(
        turn.session, turn.petitioner.id or 0, turn.text, turn.analysis)
    return same.case if same is not None else None


def _short_question(turn: Turn) -> bool:
    """A question too short to carry a matter ("你们几点上班？"): answered, never a case.

    A floor under nlp's intent, like ``status.asks_progress``; longer questions may be
    complaints in question form ("噪音这么大有没有人管？") and go on to the new matter, and so
    does a short one that names what it is about ("物业费凭什么一年涨两次？", "井盖丢了没人管吗"):
    a complaint told in few words is still one to register (Art 22)."""
    return (turn.analysis.intent is Intent.NEW_PETITION and not turn.analysis.emergency
            and not turn.analysis.accusation
            and slots.content_chars(turn.text) < slots.MIN_DETAIL_CHARS
            and slots.asks_something(turn) and not turn.names_a_matter())


#: nlp is this sure the message gives particulars: with nothing of a matter named beside them,
#: the words around the number say why it changed ("旧号停用了", "手机丢了"), not a matter.
_SURE_PARTICULARS = 0.9


def _particulars_changed(turn: Turn) -> bool:
    """A petitioner with a case on file gives a phone, address or ID number in words that say
    it changed and name no thing, place or party of a matter: new particulars for the file,
    never a case."""
    analysis = turn.analysis
    given = analysis.particulars
    if analysis.intent_confidence < _SURE_PARTICULARS or analysis.emergency \
            or analysis.accusation or not (given.phone or given.address or given.id_number):
        return False
    if not turn.cases() or not particulars.says_a_change(turn.text):
        return False  # "138…这个号码天天打电话骚扰我" gives a number and tells a matter
    return not turn.names_a_matter()


def only_particulars(turn: Turn) -> bool:
    """Nothing but particulars and the words introducing them ("我叫孙八，电话139…")."""
    return particulars.gives_only_particulars(turn)
