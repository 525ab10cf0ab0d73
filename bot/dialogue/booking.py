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
_BARE = re.compile(r"[\s\W_]+")


class Booking:
    name = "booking"

    def check(self, turn: Turn) -> bool:
        if turn.services.reception is None:
            return False
        bare = _BARE.sub("", turn.text) if len(turn.text) <= 60 else ""
        return (len(bare) <= _MAX_CHARS and _RECEPTION.search(turn.text) is not None) or (
            turn.analysis.intent is Intent.BOOKING)

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
