"""One message on its way through the dialogue: what it is, who sent it, what is on file.

A :class:`Turn` is the "update" the handlers look at (python-telegram-bot's model): built once
per message by :class:`bot.dialogue.Conversation`, read by every handler's ``check`` and acted
on by the one ``handle`` that claims it. Its helpers read the sender's cases once per turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot import cases, media, workflow
from bot.batchlookups import BatchLookups
from bot.codes import CodeHasher
from bot.deadlines import DeadlineEngine
from bot.faq import FaqIndex
from bot.matters import MatterIndex
from bot.reception import ReceptionSchedule
from bot.routing import RoutingTable
from nlp import Analysis, simplified
from nlp.matter_parts import Parts
from storage import Attachment, Case, Identity, Message, Petitioner, Store

#: Address schemes whose sender address is itself a way to reach the petitioner (Art 19
#: "contact"): a phone number or a mail address. A property of the address, not the channel.
CONTACT_SCHEMES = ("tel:", "mailto:")


@dataclass(frozen=True, slots=True)
class Services:
    """What the handlers need beyond the message: the store and the bureau's rules."""

    store: Store
    hasher: CodeHasher
    deadlines: DeadlineEngine
    routing: RoutingTable
    matters: MatterIndex
    reception: ReceptionSchedule | None
    faq: FaqIndex  # answers to common questions


@dataclass(slots=True)
class Turn:
    """One inbound message with its judgements, its sender and the time of the decision."""

    session: Session
    message: Message
    analysis: Analysis
    identity: Identity
    petitioner: Petitioner
    language: str
    now: datetime
    services: Services
    #: A slash command already split as ("name", "args"), or None.
    command: tuple[str, str] | None = None
    #: Particulars this message gave that were kept on the petitioner ("name", "contact", ...).
    learned: tuple[str, ...] = ()
    _cases: list[Case] | None = field(default=None, repr=False)
    #: The batch's reads of its senders (bot.batchlookups); None: read here, per message.
    lookups: BatchLookups | None = field(default=None, repr=False)
    #: Cases registered while deciding this message (shared with a held message's turn):
    #: the batch's list of the petitioner's cases gains them (Conversation.respond).
    registered: list[Case] = field(default_factory=list, repr=False)
    #: Ids of the cases flagged as an emergency for this message (one event each, not two).
    flagged: set[int] = field(default_factory=set, repr=False)
    #: A faint signal on a decline of the particulars asked (bot.dialogue.emergency), read
    #: before the decline row stops asking for them.
    declined_faintly: bool = False
    #: A faint signal on the words of a particular the case asked for (bot.dialogue.emergency),
    #: read before the slot row fills it and stops asking.
    answered_faintly: bool = False
    _text: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The message's text as the dialogue's rules read it: in simplified characters, all
        else as written. Rules are written in simplified words; read on the raw text, "謝謝"
        while the bot asks what happened was filed as the matter's details and "不想說名字"
        was met by the name asked again (session 23). The stored message keeps what was sent."""
        if self._text is None:
            self._text = simplified(self.message.text)
        return self._text

    @property
    def callback(self) -> str:
        """Callback data of a tapped button ("" for typed text)."""
        return str(self.message.meta.get("callback_data", ""))

    @property
    def sender_is_contact(self) -> bool:
        return self.identity.urn.startswith(CONTACT_SCHEMES)

    def cases(self) -> list[Case]:
        """The petitioner's cases, newest first (read once per turn)."""
        if self._cases is None:
            known = (self.lookups.cases.get(self.petitioner.id or 0)
                     if self.lookups is not None else None)
            self._cases = (list(known) if known is not None
                           else cases.cases_of(self.session, self.petitioner.id or 0))
        return self._cases

    def open_cases(self) -> list[Case]:
        return [c for c in self.cases() if c.status in cases.OPEN_STATUSES]

    def latest_open(self) -> Case | None:
        found = self.open_cases()
        return found[0] if found else None

    def awaiting_case(self) -> Case | None:
        """The newest case of this identity waiting for an answer to the bot's question."""
        # Among the petitioner's cases (an identity's cases are all its petitioner's): no
        # statement of its own, and asked by several handlers of one turn (issue 17).
        return next((case for case in self.cases()
                     if case.identity_id == self.identity.id and case.awaiting != ""
                     and not _intake_moot(case)), None)

    def previous_text(self) -> str | None:
        """The text of the sender's message before this one (None: there is none)."""
        if self.lookups is not None and self.message.id in self.lookups.previous:
            return self.lookups.previous_text(self.message.id)
        return self.session.exec(
            select(Message.text).where(Message.sender == self.message.sender,
                                       col(Message.id) < (self.message.id or 0))
            .order_by(col(Message.id).desc())
        ).first()

    def rateable(self) -> Case | None:
        """The petitioner's most recently answered case still in an answered state, read
        among the cases already at hand."""
        answered = [case for case in self.cases()
                    if case.status in workflow.ANSWERED and case.answered_at is not None]
        return max(answered, key=lambda case: (case.updated_at, case.id or 0), default=None)

    def carries_files(self) -> bool:
        """The message brings pictures or documents (stored, or named for a later fetch)."""
        if media.media_from_meta(self.message.meta):
            return True
        if self.lookups is not None and self.lookups.knows_files_of(self.message.id):
            assert self.message.id is not None  # one of the batch's stored messages
            return self.lookups.carries_files(self.session, self.message.id)
        return self.session.exec(
            select(Attachment.id).where(Attachment.message_id == self.message.id)).first() \
            is not None

    def files_came_just_before(self, within: timedelta) -> bool:
        """The sender's message before this one, received at most ``within`` earlier, brought
        pictures or documents: where a channel carries no caption with a file (WeChat) or
        sends an album's words apart from it (Telegram), "如图" comes next, on its own. Read
        only for a message that points at files it does not carry: a rare row, one read."""
        before = self.session.exec(
            select(Message).where(Message.sender == self.message.sender,
                                  col(Message.id) < (self.message.id or 0))
            .order_by(col(Message.id).desc()).limit(1)).first()
        if before is None or self.message.received_at - before.received_at > within:
            return False
        if media.media_from_meta(before.meta):
            return True
        return self.session.exec(
            select(Attachment.id).where(Attachment.message_id == before.id)).first() is not None

    def matter_parts(self) -> Parts:
        """What the text is about, as the matter index reads it (signed once per text)."""
        return self.services.matters.signature(self.text, self.analysis).parts

    def names_a_matter(self) -> bool:
        """The text names a thing, party, building or place a matter is about (the matter
        index's parts of it, nlp's places): "物业费凭什么涨两次" does, "投诉要交钱吗" does not."""
        parts = self.matter_parts()
        return bool(parts.names or parts.things or parts.buildings or self.analysis.places)

    def own_case(self, number: str) -> Case | None:
        """The case numbered ``number`` when it is this petitioner's."""
        case = cases.find_case(self.session, number)
        if case is not None and case.petitioner_id == self.petitioner.id:
            return case
        return None

    def attach(self, case: Case, action: str, **details: object) -> None:
        """File this message under ``case`` with an event saying why."""
        self.message.case_id = case.id
        if self.message not in self.session:  # add() of a row already here walks cascades
            self.session.add(self.message)
        cases.touch(self.session, case, self.now)
        cases.record(self.session, case, self.message.sender, action, self.now,
                     message_id=self.message.id, **details)


#: The intake questions (Art 19's items): asked while a case is taken down.
_INTAKE_ITEMS = frozenset({"name", "contact", "details"})


def _intake_moot(case: Case) -> bool:
    """Staff have answered (or closed) the case and only intake questions are left on it: they
    are moot — "谢谢" after the rating is not met with "请告诉我们姓名、具体情况" again. (Staff
    see what is missing on the case; a confirmation or material asked for still stands.)"""
    return case.status not in cases.OPEN_STATUSES and all(
        item in _INTAKE_ITEMS for item in case.awaiting.split(",") if item)

