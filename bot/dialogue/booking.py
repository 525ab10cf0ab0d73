"""Leader reception days (领导接访日): when they are, and booking one for an open case."""

from __future__ import annotations

import re

from bot import appointments, texts
from bot.clock import local_date
from bot.dialogue.draft import Draft
from bot.dialogue.turn import Turn
from nlp import Intent

#: Short questions about leader reception days, and requests to book one (a whole message).
_RECEPTION = re.compile(
    r"(接访|领导.{0,6}(?:见|接待|接访)|(?:见|找|约).{0,4}领导|see the leader|meet the leader|"
    r"leader.{0,12}(?:reception|visit|day)|reception day)", re.IGNORECASE)
_BOOK = re.compile(r"(预约|登记|约|book|appointment)", re.IGNORECASE)
_MAX_CHARS = 30
#: What a request about a visit names: a time to be booked, a leader or an official to see, going
#: over in person (去现场, 来找你们, visit: the words of nlp.intents.asks_to_come_in, session 21).
#: nlp's BOOKING judgement without any of it is no request of the kind: "网吧接待未成年人"
#: (booking 0.95 on 接待) tells a matter. (Every booking phrasing of the dev split but
#: none has one of these words; 接待 alone is no such word.)
_ABOUT_A_VISIT = re.compile(
    r"约|領導|领导|接访|接訪|面谈|面談|当面|當面|见面|見面|面对面|面對面|过去|過去|过来|過來|去你们|"
    r"去信访|到信访|信访局|信訪局|信访大厅|信訪大廳|接待大厅|接待(?:日|群众|羣衆|时间|时段)|"
    r"(?:书记|書記|局长|局長|区长|區長|县长|縣長|市长|市長|镇长|鎮長|主任|经办人|负责人).{0,6}"
    r"(?:接待|见|見|谈|談)|[见見].{0,4}(?:书记|書記|局长|局長|区长|區長|县长|縣長|市长|市長|镇长|鎮長|"
    r"主任|经办人|负责人)|[去到来]现场|[去到來]現場|来你们|來你們|到你们|到你們|找你们|找你們|"
    r"leader|meet|appointment|in person|face to face|visit|come (?:in|over|to your)|your office|"
    r"yu ?yue|jie ?fang|reception",
    re.IGNORECASE)
_BARE = re.compile(r"[\s\W_]+")


def _asks_for_a_visit(turn: Turn) -> bool:
    """The words of a request to come in or see someone, in the text or its normalized form."""
    return any(_ABOUT_A_VISIT.search(text) for text in (turn.text, turn.analysis.text) if text)


def _tells_a_matter(turn: Turn) -> bool:
    """"我家房子被强拆了没有补偿 我要见领导": the wish to see a leader comes with the matter,
    which nlp reads as a new one and which names what it is about or what is demanded of it
    (强拆 → 拆除): registered first (nothing told is lost), not answered with the reception
    days alone."""
    return turn.analysis.intent is Intent.NEW_PETITION and (
        turn.names_a_matter() or bool(turn.matter_parts().demands))


class Booking:
    name = "booking"

    def check(self, turn: Turn) -> bool:
        if turn.services.reception is None:
            return False
        if turn.analysis.intent is Intent.BOOKING:
            return _asks_for_a_visit(turn)
        bare = _BARE.sub("", turn.text) if len(turn.text) <= 60 else ""
        return (len(bare) <= _MAX_CHARS and _RECEPTION.search(turn.text) is not None
                and not _tells_a_matter(turn))

    def handle(self, turn: Turn) -> list[Draft]:
        schedule = turn.services.reception
        assert schedule is not None  # check() said so
        language = turn.language
        days = appointments.upcoming(schedule, local_date(turn.now), 2)
        info = texts.say(language, "reception_info", day=days[0].date.isoformat(),
                         leader=days[0].leader or texts.say(language, "duty_leader"),
                         next=days[1].date.isoformat())
        if not _BOOK.search(turn.text):
            return [Draft(info)]
        case = turn.latest_open() or turn.rateable()
        if case is None:
            return [Draft(info), Draft(texts.say(language, "booking_needs_case"))]
        try:
            appointments.book(turn.session, case, schedule, actor=turn.message.sender,
                              now=turn.now)
        except appointments.AppointmentRefused:
            return [Draft(info), Draft(texts.say(language, "booking_exists", number=case.number),
                          case)]
        # The confirmation and the reminder are queued as notices on this same channel.
        return []
