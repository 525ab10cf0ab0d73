"""The dialogue: what the bot answers to one stored message, given what the classifier saw.

Order of decisions (the first that applies wins): blocked or automatic mail → silence;
opt-out / opt-in; help; a rating button (Telegram); leader reception days and booking
(领导接访日 / 预约接访); a request for 复查 / 复核; an answer to the question the intake dialogue
asked (Art 19 data); status; list; supplement; rating; greeting; otherwise a new petition —
unless it repeats an open matter (attached, Art 19) or a matter concluded by 复核 (not accepted
again, Art 36).
All of it runs inside the caller's transaction; nothing here talks to a channel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from bot import appointments, cases, notices, ratings, texts, workflow
from bot.clock import local_date
from bot.codes import CodeHasher
from bot.deadlines import DeadlineEngine
from bot.matters import MatterIndex
from bot.people import identity_for, petitioner_of
from bot.reception import ReceptionSchedule
from bot.routing import RoutingTable
from channels.chat import parse_command
from nlp import Analysis, Intent
from nlp.caserefs import CASE_NUMBER_PATTERN
from storage import Case, Identity, Message, Outbox, StatusAttempt, Store

#: Failed status guesses per sender per hour before the bot stops answering them.
GUESS_LIMIT = 10
GUESS_WINDOW = timedelta(hours=1)
#: Failed code checks on one case number, from all senders together, within GUESS_WINDOW:
#: many identities (SIM farms, bot accounts) guessing one case's code are stopped too.
CASE_GUESS_LIMIT = 20

#: Channels whose sender URN is itself a way to reach the petitioner (Art 19 "contact").
CONTACT_CHANNELS = ("sms", "mail")

_NAME_PREFIX = re.compile(r"^(我叫|我是|姓名[:：]?|名字[:：]?|my name is|i am|i'm)\s*", re.IGNORECASE)
_MIN_DETAIL_CHARS = 12
#: Callback data of the conversation's own buttons: category confirmation and case choice.
_CASE_BUTTON = re.compile(rf"^(cat:ok|cat:no|case):({CASE_NUMBER_PATTERN})$")

#: More messages than this from one sender within the window: no more automatic replies.
FLOOD_LIMIT = 20
FLOOD_WINDOW = timedelta(minutes=10)

#: Intents whose words are keywords, not language: the reply keeps the petitioner's language.
KEYWORD_INTENTS = (Intent.OPT_OUT, Intent.OPT_IN, Intent.RATING)

#: Short questions about leader reception days, and requests to book one (a whole message).
_RECEPTION = re.compile(
    r"(接访|领导.{0,6}(?:见|接待|接访)|(?:见|找|约).{0,4}领导|see the leader|meet the leader|"
    r"leader.{0,12}(?:reception|visit|day)|reception day)", re.IGNORECASE)
_BOOK = re.compile(r"(预约|登记|约|book|appointment)", re.IGNORECASE)
_RECEPTION_MAX_CHARS = 30
#: A petitioner's own request for 复查 / 复核 (a whole short message).
_APPEAL = re.compile(r"^(?:我要|我想|申请|要求|请求)?(复查|复核)(?:申请)?$|^request (re-?review|review)$",
                     re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Draft:
    """A reply decided by the conversation, before it becomes an outbox row."""

    text: str
    case: Case | None = None
    #: Sent even to an opted-out identity (the one opt-out confirmation).
    ignore_opt_out: bool = False
    language: str = "zh"
    #: Rows of (label, callback data): inline keyboards on Telegram, plain text elsewhere.
    buttons: tuple[tuple[tuple[str, str], ...], ...] = ()


class Conversation:
    def __init__(self, store: Store, hasher: CodeHasher, deadlines: DeadlineEngine,
                 routing: RoutingTable, matters: MatterIndex, *,
                 reception: ReceptionSchedule | None = None,
                 blocked: frozenset[str] = frozenset()) -> None:
        self.store = store
        #: Sender URNs the bureau blocks (``XINFANG_BLOCKLIST``): stored, never answered.
        self.blocked = blocked
        #: Leader reception days; None: the bot does not offer them.
        self.reception = reception
        self.hasher = hasher
        self.deadlines = deadlines
        self.routing = routing
        #: Same-matter checks: repeats (Art 19, 36) and collective alerts.
        self.matters = matters

    def respond(self, session: Session, message: Message, analysis: Analysis,
                now: datetime) -> list[Draft]:
        if message.auto_generated:
            return []
        identity = identity_for(session, message.sender, message.channel,
                                message.sender_name, now)
        if identity.blocked or message.sender in self.blocked:
            return []
        if self._flooding(session, message, now):
            # Stored, and flagged for a person; automatic replies stop until it calms down.
            message.needs_human = True
            session.add(message)
            return []
        petitioner = petitioner_of(session, identity)
        code = str(message.meta.get("language_code", ""))
        if code and identity.created_at == now:  # first contact: the app's language
            petitioner.locale = "en" if code.lower().startswith("en") else "zh"
            session.add(petitioner)
        command = parse_command(message.text) if message.text.startswith("/") else None
        if (analysis.intent in KEYWORD_INTENTS or command is not None
                or message.meta.get("callback_data")):
            # "STOP", "5", "/start" or a tap say nothing about the language: keep theirs.
            language = petitioner.locale
        else:
            language = analysis.language
            if petitioner.locale != language:
                petitioner.locale = language
                session.add(petitioner)
        if command is not None:
            handled = self._command(session, identity, command, language, now)
            if handled is not None:
                language = petitioner.locale  # /lang changes it
                return [replace(draft, language=language) for draft in handled]
        drafts = self._respond(session, identity, message, analysis, language, now)
        return [replace(draft, language=language) for draft in drafts]

    @staticmethod
    def _flooding(session: Session, message: Message, now: datetime) -> bool:
        recent = session.exec(
            select(func.count()).select_from(Message).where(
                Message.sender == message.sender,
                col(Message.received_at) >= now - FLOOD_WINDOW,
            )
        ).one()
        return recent > FLOOD_LIMIT

    def _command(self, session: Session, identity: Identity, command: tuple[str, str],
                 language: str, now: datetime) -> list[Draft] | None:
        """Chat commands; None hands the message on (``/status`` and ``/cases`` are intents)."""
        name, args = command
        if name == "start":
            return [Draft(texts.say(language, "welcome"))]
        if name == "new":
            # A new matter: whatever question an earlier case was waiting on is dropped.
            for case in session.exec(select(Case).where(Case.identity_id == identity.id,
                                                        Case.awaiting != "")):
                case.awaiting = ""
                session.add(case)
            return [Draft(texts.say(language, "new_prompt"))]
        if name == "lang":
            petitioner = petitioner_of(session, identity)
            wanted = args.strip().lower()[:2]
            if wanted not in ("zh", "en"):
                wanted = "en" if petitioner.locale == "zh" else "zh"
            petitioner.locale = wanted
            session.add(petitioner)
            return [Draft(texts.say(wanted, "lang_set"))]
        if name in ("status", "cases"):
            return None
        return [Draft(texts.say(language, "help"))]

    def _respond(self, session: Session, identity: Identity, message: Message,
                 analysis: Analysis, language: str, now: datetime) -> list[Draft]:
        intent = analysis.intent

        if intent is Intent.OPT_OUT:
            identity.opted_out = True
            session.add(identity)
            # The cases stay open; staff see on each that notices no longer reach the citizen.
            for case in cases.cases_of(session, identity.petitioner_id):
                if case.status in cases.OPEN_STATUSES and case.identity_id == identity.id:
                    cases.record(session, case, message.sender, "opted_out", now,
                                 channel=identity.channel)
            return [Draft(texts.say(language, "opted_out"), ignore_opt_out=True)]
        if intent is Intent.OPT_IN:
            identity.opted_out = False
            session.add(identity)
            return [Draft(texts.say(language, "opted_in"))]
        if intent is Intent.HELP:
            return [Draft(texts.say(language, "help"))]
        callback = str(message.meta.get("callback_data", ""))
        button = ratings.CALLBACK.match(callback)
        if button is not None:
            return self._rate_button(session, identity, message, button.group(1),
                                     int(button.group(2)), language, now)
        tapped = _CASE_BUTTON.match(callback)
        if tapped is not None:
            return self._case_button(session, identity, message, tapped.group(1),
                                     tapped.group(2), language, now)
        bare = re.sub(r"[\s\W_]+", "", message.text) if len(message.text) <= 60 else ""
        if self.reception is not None and len(bare) <= _RECEPTION_MAX_CHARS \
                and _RECEPTION.search(message.text):
            return self._reception(session, self.reception, identity, message, language, now)
        appeal = _APPEAL.match(bare) or _APPEAL.match(message.text.strip())
        if appeal is not None:
            return self._appeal(session, identity, message, appeal.group(0), language, now)

        awaiting = self._awaiting_case(session, identity)
        if awaiting is not None and intent not in (Intent.STATUS_QUERY, Intent.LIST_CASES):
            return self._answer_question(session, awaiting, identity, message, language, now)
        if intent is Intent.STATUS_QUERY:
            return self._status(session, identity, analysis, language, now)
        if intent is Intent.LIST_CASES:
            return self._list(session, identity, language)
        referenced = self._own_referenced_case(session, identity, message, analysis)
        if intent is Intent.SUPPLEMENT or referenced is not None:
            target = referenced or self._latest_open(session, identity)
            if target is not None:
                return self._supplement(session, target, message, language, now)
        if intent is Intent.RATING and analysis.rating is not None:
            rated = ratings.latest_rateable(session, identity.petitioner_id)
            if rated is not None:
                return self._rate(session, rated, message, analysis.rating, language, now)
        if intent is Intent.GREETING and not message.needs_human:
            return [Draft(texts.say(language, "greeting"))]
        return self._register(session, identity, message, analysis, language, now)

    # -- new petitions and the Art 19 questions ------------------------------------------

    def _register(self, session: Session, identity: Identity, message: Message,
                  analysis: Analysis, language: str, now: datetime) -> list[Draft]:
        repeat = None if message.needs_human else self.matters.open_repeat(
            session, identity.petitioner_id, message.text, analysis)
        if repeat is not None:
            # Art 19: a matter already accepted or in progress is not a new case.
            message.case_id = repeat.id
            session.add(message)
            cases.record(session, repeat, message.sender, "repeat_attached", now,
                         message_id=message.id)
            return [Draft(texts.say(language, "repeat_attached", number=repeat.number), repeat)]
        concluded = None if message.needs_human else self.matters.concluded_repeat(
            session, identity.petitioner_id, message.text, analysis)
        if concluded is not None:
            # Art 36: after 复核, the same facts and reasons are not accepted again.
            message.case_id = concluded.id
            session.add(message)
            cases.record(session, concluded, message.sender, "repeat_after_final", now,
                         message_id=message.id)
            return [Draft(texts.say(language, "not_again", number=concluded.number), concluded)]
        created = cases.register(
            session, self.store, self.hasher, self.deadlines, identity=identity, message=message,
            category=analysis.category, confidence=analysis.category_confidence, now=now,
        )
        case = created.case
        self._judge(session, case, analysis, message, now)
        if message.needs_human:
            return [Draft(texts.say(language, "received_for_human", number=case.number), case)]
        if message.channel == "mail" and message.sender_name:
            petitioner = petitioner_of(session, identity)
            petitioner.name = petitioner.name or message.sender_name[:100]
            session.add(petitioner)
        due = case.acceptance_due.isoformat() if case.acceptance_due else ""
        ack = texts.say(language, "ack", number=case.number, code=created.code, due=due)
        drafts = [Draft(ack, case)]
        if case.emergency:
            drafts.insert(0, Draft(texts.say(language, "emergency"), case))
        if case.legal_route:
            drafts.append(Draft(texts.say(language, "legal_route", route=case.legal_route), case))
        missing = self._missing(session, identity, case, message.text)
        if missing:
            case.awaiting = missing
            session.add(case)
            drafts.append(Draft(texts.say(language, "ask_" + missing), case))
        if message.channel == "telegram" and case.category and not case.needs_human:
            # A tap beats typing: the citizen confirms or disputes the classifier's category.
            drafts.append(Draft(
                texts.say(language, "category_question", category=case.category), case,
                buttons=((("是 ✓" if language == "zh" else "Yes", f"cat:ok:{case.number}"),
                          ("不是" if language == "zh" else "No", f"cat:no:{case.number}")),)))
        return drafts

    def _judge(self, session: Session, case: Case, analysis: Analysis, message: Message,
               now: datetime) -> None:
        """Record the classifier's judgement and the routing proposal, with their reasons."""
        decision = self.routing.decide(analysis)
        case.statutory_type = analysis.statutory_type
        case.legal_route = analysis.legal_route or ""
        case.emergency = analysis.emergency
        case.place = decision.place
        case.route_unit = decision.unit
        case.route_level = decision.level
        case.route_reasons = list(decision.reasons)
        if analysis.emergency:
            case.needs_human = True  # a person takes it at once; the citizen is told 110/119/120
            cases.record(session, case, "bot", "emergency", now,
                         terms=list(analysis.emergency_terms))
        session.add(case)
        cases.record(session, case, "bot", "route_proposed", now, unit=decision.unit,
                     level=decision.level, triage=decision.triage, reasons=list(decision.reasons),
                     statutory_type=analysis.statutory_type, legal_route=case.legal_route)
        self.matters.on_registered(session, case, message.text, analysis, now)

    # -- reception days, appeals, ratings ---------------------------------------------

    def _reception(self, session: Session, schedule: ReceptionSchedule, identity: Identity,
                   message: Message, language: str, now: datetime) -> list[Draft]:
        days = appointments.upcoming(schedule, local_date(now), 2)
        info = texts.say(language, "reception_info", day=days[0].date.isoformat(),
                         leader=days[0].leader or texts.say(language, "duty_leader"),
                         next=days[1].date.isoformat())
        if not _BOOK.search(message.text):
            return [Draft(info)]
        case = self._latest_open(session, identity) or ratings.latest_rateable(
            session, identity.petitioner_id)
        if case is None:
            return [Draft(info), Draft(texts.say(language, "booking_needs_case"))]
        try:
            appointments.book(session, case, schedule, actor=message.sender, now=now)
        except appointments.AppointmentRefused:
            return [Draft(info), Draft(texts.say(language, "booking_exists", number=case.number),
                          case)]
        # The confirmation and the reminder are queued as notices on this same channel.
        return []

    def _appeal(self, session: Session, identity: Identity, message: Message, word: str,
                language: str, now: datetime) -> list[Draft]:
        """The petitioner asks for 复查 / 复核 of their latest answered case."""
        case = ratings.latest_rateable(session, identity.petitioner_id)
        if case is None:
            return [Draft(texts.say(language, "appeal_no_answer"))]
        action = "rereview" if ("复核" in word or "re" in word.lower()) else "review"
        try:
            outcome = workflow.apply(session, case, action, actor=message.sender, now=now,
                                     deadlines=self.deadlines)
        except workflow.TransitionRefused as refused:
            return [Draft(texts.say(language, "appeal_refused", number=case.number,
                                    reason=workflow.citizen_reason(refused)), case)]
        message.case_id = case.id
        session.add(message)
        text = notices.render(outcome.notice, language, notices.form_for(message.channel),
                              number=case.number, **outcome.notice_fields)
        return [Draft(text, case)]

    def _rate_button(self, session: Session, identity: Identity, message: Message,
                     number: str, score: int, language: str, now: datetime) -> list[Draft]:
        case = cases.find_case(session, number)
        if case is None or case.petitioner_id != identity.petitioner_id \
                or case.status not in workflow.ANSWERED:
            return [Draft(texts.say(language, "rating_not_open"))]
        return self._rate(session, case, message, score, language, now)

    def _rate(self, session: Session, case: Case, message: Message, score: int,
              language: str, now: datetime) -> list[Draft]:
        rated = ratings.record(session, case, score, actor=message.sender,
                               channel=message.channel, now=now, deadlines=self.deadlines)
        message.case_id = case.id
        session.add(message)
        if rated.appeal:
            return [Draft(texts.say(language, "rating_low", number=case.number,
                                    appeal=rated.appeal, due=rated.appeal_due), case)]
        return [Draft(texts.say(language, "rating_thanks"), case)]

    def _missing(self, session: Session, identity: Identity, case: Case, text: str) -> str:
        """The first of Art 19's items still missing: name, contact, or facts and reasons."""
        petitioner = petitioner_of(session, identity)
        if not petitioner.name:
            return "name"
        if not petitioner.contact and identity.channel not in CONTACT_CHANNELS:
            return "contact"
        if case.awaiting != "details" and _too_short(text) and not self._has_details(session, case):
            return "details"
        return ""

    def _has_details(self, session: Session, case: Case) -> bool:
        texts_of_case = session.exec(select(Message.text).where(Message.case_id == case.id))
        return sum(len(t) for t in texts_of_case) >= _MIN_DETAIL_CHARS * 2

    def _answer_question(self, session: Session, case: Case, identity: Identity,
                         message: Message, language: str, now: datetime) -> list[Draft]:
        petitioner = petitioner_of(session, identity)
        answer = message.text.strip()
        asked = case.awaiting
        if asked == "name":
            petitioner.name = _NAME_PREFIX.sub("", answer)[:100]
        elif asked == "contact":
            petitioner.contact = answer[:300]
        session.add(petitioner)
        message.case_id = case.id
        session.add(message)
        cases.record(session, case, message.sender, "intake_answer", now, item=asked,
                     message_id=message.id)
        case.awaiting = ""
        # Ask the next missing item, if any; "details" was asked already when it was asked.
        following = self._missing(session, identity, case, "" if asked == "details" else "x" * 99)
        if asked == "details":
            following = ""
        case.awaiting = following
        case.updated_at = now
        session.add(case)
        if following:
            return [Draft(texts.say(language, "ask_" + following), case)]
        return [Draft(texts.say(language, "intake_complete", number=case.number), case)]

    def _awaiting_case(self, session: Session, identity: Identity) -> Case | None:
        statement = (
            select(Case)
            .where(Case.identity_id == identity.id, Case.awaiting != "")
            .order_by(col(Case.id).desc())
        )
        return session.exec(statement).first()

    # -- status, list, supplement ------------------------------------------------------

    def _status(self, session: Session, identity: Identity, analysis: Analysis,
                language: str, now: datetime) -> list[Draft]:
        if not analysis.case_refs:
            mine = [c for c in cases.cases_of(session, identity.petitioner_id)]
            if not mine:
                return [Draft(texts.say(language, "no_open_case"))]
            open_cases = [c for c in mine if c.status in cases.OPEN_STATUSES] or mine[:1]
            if identity.channel == "telegram" and len(open_cases) > 1:
                return [Draft(texts.say(language, "choose_case"), buttons=tuple(
                    ((c.number, f"case:{c.number}"),) for c in open_cases[:8]))]
            return [Draft(self._status_line(c, language), c) for c in open_cases[:3]]
        if self._throttled(session, identity.urn, now):
            return [Draft(texts.say(language, "throttled"))]
        replies: list[Draft] = []
        for ref in analysis.case_refs[:3]:
            case = cases.find_case(session, ref.number)
            if case is not None and case.petitioner_id == identity.petitioner_id:
                replies.append(Draft(self._status_line(case, language), case))
                continue
            if self._throttled(session, identity.urn, now):
                # Each reference is a guess: three in one message are three, not one.
                replies.append(Draft(texts.say(language, "throttled")))
                break
            if self._case_throttled(session, ref.number, now):
                # Whether or not the case exists: the answer says nothing about that.
                replies.append(Draft(texts.say(language, "throttled")))
                continue
            stored_hash = case.code_hash if case is not None else self.hasher.hash("-", "-")
            # Verify even when there is no such case, so both answers take the same time.
            valid = self.hasher.verify(ref.number, ref.code or "", stored_hash)
            session.add(StatusAttempt(sender=identity.urn, case_number=ref.number,
                                      succeeded=valid, at=now))
            if case is not None and valid and ref.code:
                cases.record(session, case, identity.urn, "status_with_code", now)
                replies.append(Draft(self._status_line(case, language), case))
            else:
                replies.append(Draft(texts.say(language, "no_such_case")))
        return replies

    def _throttled(self, session: Session, sender: str, now: datetime) -> bool:
        return _failed_guesses(session, StatusAttempt.sender == sender, now) >= GUESS_LIMIT

    def _case_throttled(self, session: Session, number: str, now: datetime) -> bool:
        return (_failed_guesses(session, StatusAttempt.case_number == number, now)
                >= CASE_GUESS_LIMIT)

    def _status_line(self, case: Case, language: str) -> str:
        deadline = cases.next_deadline(case)
        return texts.say(
            language, "status",
            number=case.number,
            status=texts.status_name(language, case.status),
            unit=texts.say(language, "status_unit", unit=case.unit) if case.unit else "",
            deadline=(texts.say(language, "status_deadline", deadline=deadline.isoformat())
                      if deadline else ""),
            answer=texts.say(language, "status_answer", answer=case.answer) if case.answer else "",
        ).strip()

    def _list(self, session: Session, identity: Identity, language: str) -> list[Draft]:
        mine = cases.cases_of(session, identity.petitioner_id)
        if not mine:
            return [Draft(texts.say(language, "no_open_case"))]
        lines = [texts.say(language, "list_header")] + [
            texts.say(language, "list_item", number=c.number,
                      status=texts.status_name(language, c.status))
            for c in mine[:10]
        ]
        return [Draft("\n".join(lines))]

    def _own_referenced_case(self, session: Session, identity: Identity, message: Message,
                             analysis: Analysis) -> Case | None:
        """A case of this same petitioner named in the text or the mail references."""
        numbers = [ref.number for ref in analysis.case_refs] + [
            r.upper() for r in message.references if r.upper().startswith("XF")
        ]
        for number in numbers:
            case = cases.find_case(session, number)
            if case is not None and case.petitioner_id == identity.petitioner_id:
                return case
        # A mail reply threads on the Message-ID of what we sent: only to this same sender.
        message_ids = [r for r in message.references if r.startswith("<")]
        if message_ids:
            case_id = session.exec(
                select(Outbox.case_id).where(
                    col(Outbox.provider_id).in_(message_ids),
                    Outbox.recipient == identity.urn,
                    col(Outbox.case_id).is_not(None),
                )
            ).first()
            if case_id is not None:
                return session.get(Case, case_id)
        return None

    def _latest_open(self, session: Session, identity: Identity) -> Case | None:
        for case in cases.cases_of(session, identity.petitioner_id):
            if case.status in cases.OPEN_STATUSES:
                return case
        return None

    def _supplement(self, session: Session, case: Case, message: Message, language: str,
                    now: datetime) -> list[Draft]:
        message.case_id = case.id
        session.add(message)
        case.updated_at = now
        session.add(case)
        cases.record(session, case, message.sender, "supplement", now, message_id=message.id)
        return [Draft(texts.say(language, "supplement_added", number=case.number), case)]


    def _case_button(self, session: Session, identity: Identity, message: Message,
                     kind: str, number: str, language: str, now: datetime) -> list[Draft]:
        """A tap on a category question (``cat:ok|no:N``) or a case choice (``case:N``)."""
        case = cases.find_case(session, number)
        if case is None or case.petitioner_id != identity.petitioner_id:
            return [Draft(texts.say(language, "no_such_case"))]
        if kind == "case":
            return [Draft(self._status_line(case, language), case)]
        if kind == "cat:ok":
            cases.record(session, case, message.sender, "category_confirmed", now,
                         category=case.category)
            return [Draft(texts.say(language, "category_confirmed", category=case.category),
                          case)]
        case.needs_human = True  # triage takes another look at the category and the route
        session.add(case)
        cases.record(session, case, message.sender, "category_disputed", now,
                     category=case.category)
        return [Draft(texts.say(language, "category_disputed"), case)]

def _too_short(text: str) -> bool:
    return len(re.sub(r"\s+", "", text)) < _MIN_DETAIL_CHARS


def _failed_guesses(session: Session, whose: Any, now: datetime) -> int:
    """Failed code checks matching ``whose`` (a sender, or a case number) in GUESS_WINDOW."""
    return session.exec(
        select(func.count()).select_from(StatusAttempt).where(
            whose,
            StatusAttempt.succeeded == False,
            col(StatusAttempt.at) >= now - GUESS_WINDOW,
        )
    ).one()
