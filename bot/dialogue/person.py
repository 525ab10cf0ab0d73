"""A request for a person ("转人工", "能让工作人员给我回个电话吗"), in every state of the dialogue.

The request is explicit, so it is a rule (``nlp.person``), not a guess. It is answered the way a
12345 platform answers it: a person will contact the citizen in working hours (by the phone
number on file, else here), and the 12345 hotline is there to talk now. A person must actually
see it: the message is flagged (``needs_human``), and the case it concerns — the one named, the
one the bot is asking about, else the newest open one — is flagged and gets the message with a
``person_requested`` event. A request alone never opens a case; a request inside a complaint
("…万象城门口，请派人联系我") lets the rows below register (or file) the complaint first, then
flags the case that came of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot import cases, flagged, texts
from bot.dialogue.alarm import SURE
from bot.dialogue.draft import Draft
from bot.dialogue.followup import referenced_case
from bot.dialogue.handler import Handler
from bot.dialogue.turn import Turn
from nlp import Intent
from nlp.normalize import content_chars
from nlp.person import PersonRequest, beyond_request, person_request
from storage import Case

#: Content characters the message must tell beyond the request (its reasons, courtesy and
#: particulars left out) to be a matter as well: "楼道灯坏了" (5) is one, "能不能…吗" is not;
#: an English word counts two.
MATTER_CHARS = 5
# Words that carry no matter ("我", "你们", "一下吧"): left out before counting.
_FILLER = re.compile(r"[我你您他她俺们的了吗呢吧啊呀哦嘛么就还也都再请下个一这那是有说过去来]")
_ENGLISH_FILLER = re.compile(
    r"\b(?:i|i'd|i'm|want|would|like|need|to|can|could|may|someone|somebody|anyone|please|pls|is|"
    r"are|there|a|an|the|me|you|your|just|now|do|have|get|hi|hello|thanks|thank|ok|okay|number|"
    r"call|phone|ring|back|from|staff|member|person|talk|speak|with)\b", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# A phone number (with or without +86 and separators): the call can go to it.
_PHONE = re.compile(r"\d[\d\- ]{5,}\d")


def asks_for_person(turn: Turn) -> PersonRequest | None:
    """The request in this message, when it is typed words (not a command, a tap, STOP)."""
    if turn.command is not None or turn.callback \
            or turn.analysis.intent in (Intent.OPT_OUT, Intent.OPT_IN):
        return None
    return person_request(turn.analysis.text or turn.text)


def tells_more(turn: Turn, request: PersonRequest) -> bool:
    """The message tells a matter (or a question, a rating...) besides asking for a person."""
    rest = beyond_request(turn.analysis.text or turn.text, request)
    given = turn.analysis.particulars
    for value in (given.name, given.address, given.id_number):
        if value:
            rest = rest.replace(value, "")
    rest = _FILLER.sub("", _ENGLISH_FILLER.sub("", _PHONE.sub("", rest)))
    # An English word left over counts as two characters: three of them tell a matter.
    words = len(_LATIN_WORD.findall(rest))
    return content_chars(_LATIN_WORD.sub("", rest)) + 2 * words >= MATTER_CHARS


class PersonAsked:
    """The first row: a request for a person before help, slots or chitchat. A quiet signal
    (the recall-first model hears "给我回个电话" at 0.03) is no reason to open a case: the
    person asked for reads the message; a sure alarm goes to the emergency row as well, and a
    fainter one is told the numbers after this row (Conversation.decide)."""

    name = "person"

    def __init__(self, rows_below: Sequence[Handler]) -> None:
        #: The rows that decide what else the message says (a complaint, a rating).
        self.rows_below = tuple(rows_below)

    def check(self, turn: Turn) -> bool:
        return asks_for_person(turn) is not None

    def handle(self, turn: Turn) -> list[Draft]:
        request = asks_for_person(turn)
        assert request is not None  # check() said so
        drafts: list[Draft] = []
        if tells_more(turn, request) or turn.analysis.emergency_confidence >= SURE:
            row = next(row for row in self.rows_below if row.check(turn))
            drafts = row.handle(turn)
        case = self._concerned(turn)
        flagged.flag(turn.message, flagged.PERSON)
        turn.session.add(turn.message)
        if case is not None:
            case.needs_human = True
            if turn.message.case_id == case.id:
                # The message is filed under it already (the complaint's row did): the event alone.
                cases.record(turn.session, case, turn.message.sender, "person_requested",
                             turn.now, message_id=turn.message.id)
                turn.session.add(case)
            else:
                turn.attach(case, "person_requested")
        answer = _answer(turn, case)
        if request.at_the_bot:  # "你是不是傻": the bot's own failing, owned before the person
            answer = texts.say(turn.language, "person_sorry") + (
                "" if turn.language == "zh" else " ") + answer
        return [*drafts, Draft(answer, case)]

    @staticmethod
    def _concerned(turn: Turn) -> Case | None:
        """The case a person should take up: one this message registered or was filed under,
        the one named, the one the bot is asking about, else the newest open one."""
        if turn.registered:
            return turn.registered[-1]
        if turn.message.case_id is not None:
            filed = next((c for c in turn.cases() if c.id == turn.message.case_id), None)
            if filed is not None:
                return filed
        named = referenced_case(turn)
        if named is not None:
            return named
        return turn.awaiting_case() or turn.latest_open()


def _answer(turn: Turn, case: Case | None) -> str:
    """A person will call (or write here), 12345 to talk now; the case flagged, if any."""
    language = turn.language
    by_phone = (turn.sender_is_contact and turn.identity.urn.startswith("tel:")) \
        or bool(_PHONE.search(turn.petitioner.contact))
    parts = [texts.say(language, "person_by_phone" if by_phone else "person_by_channel")]
    if case is not None:
        parts.append(texts.say(language, "person_case", number=case.number))
    if not by_phone:
        parts.append(texts.say(language, "person_leave_number"))
    return ("" if language == "zh" else " ").join(parts)
