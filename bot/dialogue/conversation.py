"""The conversation: what the bot answers to one stored message, given nlp's judgements.

Before the table: automatic mail and blocked senders get silence; a flood is stored for a
person; the reply language is chosen; the particulars the message gives are kept. Then the
ordered table (:data:`TABLE`), first match wins — so a question, a status request, an
emergency or a new matter is decided before anything could take it as a slot value.
All of it runs inside the caller's transaction; nothing here talks to a channel.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from bot import flagged
from bot.batchlookups import BatchLookups
from bot.codes import CodeHasher
from bot.deadlines import DeadlineEngine
from bot.dialogue import particulars
from bot.dialogue.amended import Amended
from bot.dialogue.appeal import Appeal
from bot.dialogue.booking import Booking
from bot.dialogue.chitchat import ChitChat
from bot.dialogue.clarify import Clarify
from bot.dialogue.commands import Commands, OptOut, parse_command
from bot.dialogue.draft import Draft, one_reply, spaced
from bot.dialogue.emergency import Emergency
from bot.dialogue.feedback import Feedback
from bot.dialogue.followup import FollowUp, SameMatter
from bot.dialogue.handler import Handler
from bot.dialogue.matter import NewMatter
from bot.dialogue.missing_files import MissingFiles
from bot.dialogue.person import PersonAsked
from bot.dialogue.rating import Rating
from bot.dialogue.slots import SlotAnswers
from bot.dialogue.status import Status
from bot.dialogue.taps import Taps
from bot.dialogue.turn import Services, Turn
from bot.dialogue.withdraw import Withdraw
from bot.faq import FaqIndex, load
from bot.matters import MatterIndex
from bot.people import petitioner_of, sender_of
from bot.reception import ReceptionSchedule
from bot.routing import RoutingTable
from nlp import Analysis, Intent
from storage import Identity, Message, Petitioner, Store

#: More messages than this from one sender within the window: no more automatic replies.
FLOOD_LIMIT = 20
FLOOD_WINDOW = timedelta(minutes=10)
#: Intents whose words are keywords, not language: the reply keeps the petitioner's language.
KEYWORD_INTENTS = (Intent.OPT_OUT, Intent.OPT_IN, Intent.RATING)
#: Addresses that receive letters: everything the bot says to one letter goes in one reply.
LETTER_SCHEMES = ("mailto:",)


def table(matter: NewMatter) -> tuple[Handler, ...]:
    """The dialogue's rows, in the order they are tried."""
    chitchat = ChitChat()
    below: tuple[Handler, ...] = (
        Emergency(matter),   # whatever the state: the number to call, a person at once
        OptOut(),            # STOP / 退订 / START / help: hard rules
        Commands(),          # /start /new /lang
        Taps(),              # rating, category and case buttons
        MissingFiles(),      # "如图" with nothing attached: it did not arrive; asked again
        Amended(),           # "门牌号搞错了，应该是19号": a particular corrected, never a case
        Rating(),            # a grade, in figures or words, after the rating prompt
        Feedback(),          # a short reply about a fresh answer: filed under it, never a case
        Status(),            # progress in any words, the list of one's cases
        Withdraw(),          # 撤回, in any words: recorded for a person, never a slot value
        FollowUp(),          # 追加材料, a supplement cue, a case named
        Appeal(),            # 复查 / 复核
        Booking(),           # leader reception days
        SlotAnswers(),       # the answer to the bot's own Art 19 question
        SameMatter(matter, chitchat),  # the open case's matter, or "是对 XF… 的补充吗？"
        chitchat,            # thanks, questions, particulars alone: never a case
        Clarify(),           # a few words nlp cannot place: asked what they mean
        matter,              # everything else: a new matter
    )
    # 转人工 / a call back first: a person is flagged, and the rows below (the emergency row
    # first) decide whatever else the message says; a request is never an alarm's false case.
    return (PersonAsked(below), *below)


class Conversation:
    """The entry point the intake calls: :meth:`respond` per stored message."""

    def __init__(self, store: Store, hasher: CodeHasher, deadlines: DeadlineEngine,
                 routing: RoutingTable, matters: MatterIndex, *,
                 reception: ReceptionSchedule | None = None,
                 faq: FaqIndex | None = None,
                 blocked: frozenset[str] = frozenset()) -> None:
        self.store = store
        #: Sender URNs the bureau blocks (``XINFANG_BLOCKLIST``): stored, never answered.
        self.blocked = blocked
        #: Leader reception days; None: the bot does not offer them.
        self.reception = reception
        #: Answers to common questions; None: the shipped ones.
        self.faq = faq or FaqIndex(load())
        self.hasher = hasher
        self.deadlines = deadlines
        self.routing = routing
        #: Same-matter checks: repeats (Art 19, 36), follow-ups and collective alerts.
        self.matters = matters
        self.handlers = table(NewMatter())
        #: The emergency row: it also follows up a quiet signal another row answered.
        self.emergency = next(h for h in self.handlers if isinstance(h, Emergency))

    def respond(self, session: Session, message: Message, analysis: Analysis,
                now: datetime, lookups: BatchLookups | None = None) -> list[Draft]:
        """``lookups``: the batch's senders read up front (bot.batchlookups); else per message."""
        if message.auto_generated:
            return []
        identity, petitioner = _sender(session, message, now, lookups)
        if identity.blocked or message.sender in self.blocked:
            return []
        recent = (lookups.recent.get(message.sender, 0) if lookups is not None
                  else _recent(session, message, now))
        if recent > FLOOD_LIMIT:
            # Stored, and flagged for a person; automatic replies stop until it calms down.
            flagged.flag(message, flagged.FLOOD)
            session.add(message)
            return []
        code = str(message.meta.get("language_code", ""))
        if code and identity.created_at == now:  # first contact: the app's language
            petitioner.locale = "en" if code.lower().startswith("en") else "zh"
            session.add(petitioner)
        command = parse_command(message.text) if message.text.lstrip()[:1] in "/／" else None
        if (analysis.intent in KEYWORD_INTENTS or command is not None
                or message.meta.get("callback_data")):
            # "STOP", "5", "/start" or a tap say nothing about the language: keep theirs.
            language = petitioner.locale
        elif not analysis.language_evident:
            # Pinyin ("bu manyi, yao fucha"), "ok", a number: no language of their own.
            language = petitioner.locale
        else:
            language = analysis.language
            if petitioner.locale != language:
                petitioner.locale = language
                session.add(petitioner)
        services = Services(self.store, self.hasher, self.deadlines, self.routing,
                            self.matters, self.reception, self.faq)
        turn = Turn(session=session, message=message, analysis=analysis, identity=identity,
                    petitioner=petitioner, language=language, now=now, services=services,
                    command=command, lookups=lookups)
        if not (analysis.intent in (Intent.OPT_OUT, Intent.OPT_IN) or command is not None):
            turn.learned = particulars.learn(turn)
        drafts = self.decide(turn)
        if lookups is not None:
            lookups.decided(petitioner.id, turn.registered)
        drafts = [spaced(replace(draft, language=turn.language)) for draft in drafts]
        if identity.urn.startswith(LETTER_SCHEMES):
            drafts = one_reply(drafts)
        return drafts

    def decide(self, turn: Turn) -> list[Draft]:
        """The replies of the first handler that claims the message; a quiet emergency signal
        that row answered as what it is still reaches a person, with the numbers to call."""
        for handler in self.handlers:
            if handler.check(turn):
                drafts = handler.handle(turn)
                if handler is not self.emergency and self.emergency.heard(turn):
                    drafts = self.emergency.after_quiet(turn, drafts)
                return drafts
        return []  # unreachable: the last row claims everything


def _sender(session: Session, message: Message, now: datetime,
            lookups: BatchLookups | None) -> tuple[Identity, Petitioner]:
    """The sender's identity and petitioner: from the batch's lookups when it has them."""
    identity = lookups.identities.get(message.sender) if lookups is not None else None
    if identity is None:
        sender = sender_of(session, message.sender, message.channel, message.sender_name, now,
                           known_absent=lookups is not None)
        if lookups is not None:
            lookups.remember(sender.identity, sender.petitioner, new=sender.new)
        return sender.identity, sender.petitioner
    assert lookups is not None  # found in them
    petitioner = lookups.petitioners.get(identity.petitioner_id)
    if petitioner is None:
        petitioner = petitioner_of(session, identity)
        lookups.remember(identity, petitioner)
    return identity, petitioner


def _recent(session: Session, message: Message, now: datetime) -> int:
    """Messages from this sender within the flood window (this one included)."""
    return session.exec(
        select(func.count()).select_from(Message).where(
            Message.sender == message.sender,
            col(Message.received_at) >= now - FLOOD_WINDOW,
        )
    ).one()
