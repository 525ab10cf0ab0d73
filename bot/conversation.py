"""The dialogue: what the bot answers to one stored message, given what the classifier saw.

Order of decisions (the first that applies wins): blocked or automatic mail → silence;
opt-out / opt-in; help; an answer to the question the intake dialogue asked (Art 19 data);
status; list; supplement; rating; greeting; otherwise a new petition, registered at once.
All of it runs inside the caller's transaction; nothing here talks to a channel.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from bot import cases, texts
from bot.codes import CodeHasher
from bot.deadlines import DeadlineEngine
from bot.people import identity_for, petitioner_of
from bot.routing import RoutingTable
from nlp import Analysis, Intent
from storage import Case, Identity, Message, Outbox, StatusAttempt, Store

#: Failed status guesses per sender per hour before the bot stops answering them.
GUESS_LIMIT = 10
GUESS_WINDOW = timedelta(hours=1)

#: Channels whose sender URN is itself a way to reach the petitioner (Art 19 "contact").
CONTACT_CHANNELS = ("sms", "mail")

_NAME_PREFIX = re.compile(r"^(我叫|我是|姓名[:：]?|名字[:：]?|my name is|i am|i'm)\s*", re.I)
_MIN_DETAIL_CHARS = 12

#: A new text this similar to an open case of the same petitioner is the same matter (Art 19).
REPEAT_SIMILARITY = 0.6
#: This many petitioners with similar texts about one place within the window: an alert.
COLLECTIVE_PETITIONERS = 5
COLLECTIVE_SIMILARITY = 0.5
COLLECTIVE_WINDOW = timedelta(days=3)

#: Intents whose words are keywords, not language: the reply keeps the petitioner's language.
KEYWORD_INTENTS = (Intent.OPT_OUT, Intent.OPT_IN, Intent.RATING)


@dataclass(frozen=True, slots=True)
class Draft:
    """A reply decided by the conversation, before it becomes an outbox row."""

    text: str
    case: Case | None = None
    #: Sent even to an opted-out identity (the one opt-out confirmation).
    ignore_opt_out: bool = False
    language: str = "zh"


class Conversation:
    def __init__(self, store: Store, hasher: CodeHasher, deadlines: DeadlineEngine,
                 routing: RoutingTable, similar: Callable[[str, str], float]) -> None:
        self.store = store
        self.hasher = hasher
        self.deadlines = deadlines
        self.routing = routing
        #: Text similarity in [0, 1] (nlp's TF-IDF cosine over jieba tokens).
        self.similar = similar

    def respond(self, session: Session, message: Message, analysis: Analysis,
                now: datetime) -> list[Draft]:
        if message.auto_generated:
            return []
        identity = identity_for(session, message.sender, message.channel,
                                message.sender_name, now)
        if identity.blocked:
            return []
        petitioner = petitioner_of(session, identity)
        if analysis.intent in KEYWORD_INTENTS:
            language = petitioner.locale  # "STOP" or "5" says nothing about the language
        else:
            language = analysis.language
            if petitioner.locale != language:
                petitioner.locale = language
                session.add(petitioner)
        drafts = self._respond(session, identity, message, analysis, language, now)
        return [replace(draft, language=language) for draft in drafts]

    def _respond(self, session: Session, identity: Identity, message: Message,
                 analysis: Analysis, language: str, now: datetime) -> list[Draft]:
        intent = analysis.intent

        if intent is Intent.OPT_OUT:
            identity.opted_out = True
            session.add(identity)
            return [Draft(texts.say(language, "opted_out"), ignore_opt_out=True)]
        if intent is Intent.OPT_IN:
            identity.opted_out = False
            session.add(identity)
            return [Draft(texts.say(language, "opted_in"))]
        if intent is Intent.HELP:
            return [Draft(texts.say(language, "help"))]

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
            rated = self._latest_answered(session, identity)
            if rated is not None:
                cases.record(session, rated, message.sender, "rate", now, rating=analysis.rating)
                return [Draft(texts.say(language, "rating_thanks"), rated)]
        if intent is Intent.GREETING and not message.needs_human:
            return [Draft(texts.say(language, "greeting"))]
        return self._register(session, identity, message, analysis, language, now)

    # -- new petitions and the Art 19 questions ------------------------------------------

    def _register(self, session: Session, identity: Identity, message: Message,
                  analysis: Analysis, language: str, now: datetime) -> list[Draft]:
        repeat = None if message.needs_human else self._same_matter(session, identity, message)
        if repeat is not None:
            # Art 19: a matter already accepted or in progress is not a new case.
            message.case_id = repeat.id
            session.add(message)
            cases.record(session, repeat, message.sender, "repeat_attached", now,
                         message_id=message.id)
            return [Draft(texts.say(language, "repeat_attached", number=repeat.number), repeat)]
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
        self._collective_alert(session, case, message, now)

    def _same_matter(self, session: Session, identity: Identity, message: Message) -> Case | None:
        """An open case of this petitioner about the same matter (similar text), if any."""
        if _too_short(message.text):
            return None
        for case in cases.cases_of(session, identity.petitioner_id)[:20]:
            if case.status not in cases.OPEN_STATUSES:
                continue
            first = session.exec(
                select(Message.text).where(Message.case_id == case.id).order_by(col(Message.id))
            ).first()
            if first and self.similar(first, message.text) >= REPEAT_SIMILARITY:
                return case
        return None

    def _collective_alert(self, session: Session, case: Case, message: Message,
                          now: datetime) -> None:
        """Many petitioners, one place, similar texts, a short window: tell staff (群体性)."""
        if not case.place:
            return
        recent = session.exec(
            select(Case).where(
                Case.place == case.place, Case.category == case.category, Case.id != case.id,
                col(Case.created_at) >= now - COLLECTIVE_WINDOW,
            ).order_by(col(Case.id).desc()).limit(200)
        )
        petitioners = {case.petitioner_id}
        for other in recent:
            first = session.exec(
                select(Message.text).where(Message.case_id == other.id).order_by(col(Message.id))
            ).first()
            if first and self.similar(first, message.text) >= COLLECTIVE_SIMILARITY:
                petitioners.add(other.petitioner_id)
        if len(petitioners) >= COLLECTIVE_PETITIONERS:
            case.needs_human = True
            session.add(case)
            cases.record(session, case, "bot", "collective_alert", now,
                         petitioners=len(petitioners), place=case.place)

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
            return [Draft(self._status_line(c, language), c) for c in open_cases[:3]]
        if self._throttled(session, identity.urn, now):
            return [Draft(texts.say(language, "throttled"))]
        replies: list[Draft] = []
        for ref in analysis.case_refs[:3]:
            case = cases.find_case(session, ref.number)
            if case is not None and case.petitioner_id == identity.petitioner_id:
                replies.append(Draft(self._status_line(case, language), case))
                continue
            stored_hash = case.code_hash if case is not None else self.hasher.hash("-", "-")
            # Verify even when there is no such case, so both answers take the same time.
            valid = self.hasher.verify(ref.number, ref.code or "", stored_hash)
            session.add(StatusAttempt(sender=identity.urn, succeeded=valid, at=now))
            if case is not None and valid and ref.code:
                cases.record(session, case, identity.urn, "status_with_code", now)
                replies.append(Draft(self._status_line(case, language), case))
            else:
                replies.append(Draft(texts.say(language, "no_such_case")))
        return replies

    def _throttled(self, session: Session, sender: str, now: datetime) -> bool:
        failures = session.exec(
            select(func.count()).select_from(StatusAttempt).where(
                StatusAttempt.sender == sender,
                StatusAttempt.succeeded == False,  # noqa: E712 - SQL expression
                col(StatusAttempt.at) >= now - GUESS_WINDOW,
            )
        ).one()
        return failures >= GUESS_LIMIT

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

    def _latest_answered(self, session: Session, identity: Identity) -> Case | None:
        for case in cases.cases_of(session, identity.petitioner_id):
            if case.status == "answered":
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


def _too_short(text: str) -> bool:
    return len(re.sub(r"\s+", "", text)) < _MIN_DETAIL_CHARS

