"""The bot's side of the adapter contract: store first, then decide, then queue replies.

:class:`DurableIntake` implements ``channels.base.Intake``. ``store`` only persists (group
commit, fsync'd) and returns; ``process`` runs the conversation on a stored message exactly
once and turns its drafts into outbox rows in the same transaction. A background
:class:`Processor` picks up every stored message that no channel processed inline, including
those stored just before a crash. Messages a channel stored before parsing them (mail) are
completed first, by that channel's completer (:mod:`bot.completion`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import bindparam, inspect
from sqlmodel import Session, col, func, select

from bot import flagged
from bot.batchlookups import BatchLookups
from bot.clock import Clock
from bot.codeslot import issue_codes
from bot.completion import Completion, Completions, apply
from bot.dialogue import Conversation, Draft
from bot.dialogue.conversation import FLOOD_WINDOW
from bot.media import MEDIA_META, media_to_meta, queue_media
from bot.outbox import draft_to_row, draft_values, record_report, row_to_outbound
from bot.people import first_contacts
from bot.workflow import hold_accusation
from channels.base import (
    Completer,
    InboundMessage,
    IntakeUnavailable,
    OutboundMessage,
    Receipt,
    storable,
)
from nlp import Analysis, Analyzer, Intent
from storage import (
    Identity,
    Message,
    NewAttachment,
    NewMessage,
    Outbox,
    Store,
    StoreUnavailable,
    WriteConflict,
)
from storage.locks import SenderClaim, try_sender_locks
from storage.prepared import Prepared, connection_of
from storage.rows import forget, full_row

log = logging.getLogger(__name__)


@dataclass
class Classified:
    """A batch read, claimed and classified, waiting for its transaction (the messages whose
    senders ``claim`` holds, each with its completion and analysis)."""

    messages: list[Message]
    completions: list[Completion | None]
    analyses: list[Analysis]
    claim: SenderClaim


def to_row(message: InboundMessage) -> NewMessage:
    # ``storable``: no text a sender chose may make the store fail (the channel would answer
    # "try again" forever); the raw bytes keep what was really sent.
    return NewMessage(
        channel=message.channel,
        external_id=storable(message.external_id),
        content_hash=message.content_hash,
        sender=storable(message.sender),
        sender_name=storable(message.sender_name),
        subject=storable(message.subject),
        text=storable(message.text),
        raw=message.raw,
        meta={key: storable(value) if isinstance(value, str) else value
              for key, value in message.meta.items()}
        | ({MEDIA_META: media_to_meta(message.media)} if message.media else {}),
        references=[storable(reference) for reference in message.references],
        auto_generated=message.auto_generated,
        needs_human=message.needs_human,
        received_at=message.received_at,
    )


class DurableIntake:
    """Stores inbound messages durably and runs the conversation on them."""

    def __init__(self, store: Store, analyzer: Analyzer, conversation: Conversation,
                 clock: Clock, completers: Mapping[str, Completer] | None = None) -> None:
        """``completers``: by channel name, for messages stored with a deferred parse."""
        self.db = store
        self.analyzer = analyzer
        self.conversation = conversation
        self.clock = clock
        self.completions = Completions(completers or {}, store.files)
        self.stored = asyncio.Event()  # wakes the processor
        self._inline: set[int] = set()  # ids a channel is processing on its own response
        self._background: set[asyncio.Future[None]] = set()

    async def store(self, message: InboundMessage) -> Receipt:
        attachments = [
            NewAttachment(a.data, a.content_type, a.filename) for a in message.attachments
        ]
        try:
            stored = await self.db.add_inbound(to_row(message), attachments)
        except StoreUnavailable as exc:
            log.warning("intake refused a %s message: %s", message.channel, exc)
            raise IntakeUnavailable("the store is unavailable, try again later") from exc
        self.stored.set()
        return Receipt(stored.message_id, stored.duplicate)

    def claimed_inline(self, message_id: int) -> bool:
        return message_id in self._inline

    async def process(self, receipt: Receipt, *, inline: bool = False) -> Sequence[OutboundMessage]:
        if inline:
            self._inline.add(receipt.message_id)
        try:
            message = await self.db.read(lambda s: s.get(Message, receipt.message_id))
            if message is None:
                raise IntakeUnavailable("message not found")
            # Parsing and classification are CPU work: keep them outside the write transaction.
            completion = await self.completions.complete(message)
            text = _text_of(message, completion)
            analysis = await asyncio.to_thread(self._understand, text)
            now = self.clock.now()
            write = asyncio.ensure_future(self.db.write(
                lambda s: self._decide_and_issue(s, receipt.message_id, analysis, now, inline,
                                                 completion)
            ))
            try:
                # Shielded: the write thread finishes anyway, so a caller that gives up (a
                # webhook's timeout) must not leave rows marked "inline" that nobody sends.
                rows = await asyncio.shield(write)
            except asyncio.CancelledError:
                if inline:
                    self._demote_when_done(write, receipt.message_id)
                raise
        except StoreUnavailable as exc:
            raise IntakeUnavailable("the store is unavailable, try again later") from exc
        finally:
            self._inline.discard(receipt.message_id)
        return [row_to_outbound(row, code) for row, code in rows]

    async def process_next(self, window: Sequence[int], at_most: int) -> tuple[int, int]:
        """Decide up to ``at_most`` of ``window``'s stored messages (ids in arrival order) in
        one transaction: the background path on PostgreSQL. Returns how many were decided and
        how many of the window's ids this looked at; the drain goes on after those.

        The window's senders are claimed first (storage.locks.SenderClaim.take_next), and only
        the messages whose turn it is are read and classified: several processors neither load
        nor classify the same messages. Those another holds are passed, and the intake's event
        set, so a later drain looks again. Elsewhere (one process): the window's first chunk.
        """
        if not SenderClaim.locks(self.db.engine):
            chunk = window[:at_most]
            return await self.process_many(chunk), len(chunk)
        claim = await asyncio.to_thread(SenderClaim.take_next, self.db.engine, window, at_most)
        if claim.passed:
            self.stored.set()  # another processor holds some: look again after it
        if not claim.messages:
            await self._release(claim)
            return 0, len(window)
        looked = window.index(claim.messages[-1]) + 1
        # process_many releases the claim once the batch is decided (or has failed).
        return await self.process_many(claim.messages, self._classify_claimed(claim)), looked

    async def _classify_claimed(self, claim: SenderClaim) -> Classified:
        """Read and classify the messages ``claim`` took (those still undecided)."""
        try:
            messages = [m for m in await self.db.read(
                lambda s: _read_messages(s, claim.messages)) if m.processed_at is None]
        except BaseException:
            await self._release(claim)
            raise
        return await self._classify_held(claim, messages)

    async def _classify_held(self, claim: SenderClaim, messages: list[Message]) -> Classified:
        """Complete and classify ``messages``, whose senders ``claim`` holds; the claim is let
        go if that fails (the caller releases it otherwise, once they are decided)."""
        try:
            completions = [await self.completions.complete(m) for m in messages]
            texts = [_text_of(m, c) for m, c in zip(messages, completions, strict=True)]
            analyses = (await asyncio.to_thread(lambda: [self._understand(t) for t in texts])
                        if texts else [])
        except BaseException:
            await self._release(claim)
            raise
        return Classified(messages, completions, analyses, claim)

    async def process_many(self, message_ids: Sequence[int],
                           classified: Awaitable[Classified | None] | None = None,
                           committing: Callable[[], object] | None = None) -> int:
        """Process several stored messages in ONE transaction (one fsync); the background path.

        ``classified``: the batch already read and classified (:meth:`classify`, started
        during the commit of the batch before). ``committing``: called on the write thread
        when a transaction of these messages has decided and is about to commit. Returns how
        many were processed. If the batch fails, each is retried on its own so one poison
        message cannot hold back the others.
        """
        try:
            return await self._process_batch(message_ids, classified, committing)
        except WriteConflict:
            # Another process took a unique key one of these needed: alone, each sees its row.
            log.debug("a batch of %d met a write conflict; one by one", len(message_ids))
        except StoreUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - each is retried alone below, a lone one too
            log.debug("a batch of %d failed (%s); one by one", len(message_ids),
                      type(exc).__name__)
        done = 0
        for message_id in message_ids:
            try:
                done += await self._process_batch([message_id], committing=committing)
            except WriteConflict:
                # Conflicts are transient: the next drain decides it against the winner's rows.
                log.debug("message %d met a write conflict; left for the next drain", message_id)
            except StoreUnavailable:
                raise
            except Exception as exc:  # noqa: BLE001 - this one is poison: a human takes it
                # The type only: an exception's text may quote the petitioner's message.
                log.error("processing message %d failed (%s); marked for a human",
                          message_id, type(exc).__name__)
                await self._mark_for_human(message_id)
        return done

    async def classify(self, message_ids: Sequence[int]) -> Classified | None:
        """Read the still-undecided messages of ``message_ids``, claim their senders and
        classify them: everything of a batch that comes before its transaction. None when no
        sender is left to decide. The caller releases the claim (:meth:`process_many` does)."""
        # Only those still undecided: another processor may have decided some since this
        # drain listed them, and classifying those again would be CPU thrown away (the
        # decide re-checks under the row lock anyway).
        messages = [m for m in await self.db.read(lambda s: _read_messages(s, message_ids))
                    if m.processed_at is None]
        if not messages:
            return None
        # PostgreSQL: claim the senders before classifying (storage.locks.SenderClaim), so
        # several processors do not all classify one chunk; the others are left for later.
        # Elsewhere a claim touches no database: taken and released here, not on a thread
        # (two hand-offs to a thread and back per chunk were all it cost).
        senders = [m.sender for m in messages]
        locks = SenderClaim.locks(self.db.engine)
        claim = (await asyncio.to_thread(SenderClaim.take, self.db.engine, senders) if locks
                 else SenderClaim.take(self.db.engine, senders))
        claimed = [m for m in messages if m.sender in claim.senders]
        if len(claimed) < len(messages):
            self.stored.set()  # another processor holds some: look again after it
        return await self._classify_held(claim, claimed)

    async def _release(self, claim: SenderClaim) -> None:
        if SenderClaim.locks(self.db.engine):
            await asyncio.to_thread(claim.release)
        else:
            claim.release()

    async def _process_batch(self, message_ids: Sequence[int],
                             classified: Awaitable[Classified | None] | None = None,
                             committing: Callable[[], object] | None = None) -> int:
        batch = await (classified if classified is not None else self.classify(message_ids))
        if batch is None:
            return 0
        try:
            return await self._decide_classified(batch, committing) if batch.messages else 0
        finally:
            await self._release(batch.claim)

    async def _decide_classified(self, batch: Classified,
                                 committing: Callable[[], object] | None = None) -> int:
        messages, analyses, completions = batch.messages, batch.analyses, batch.completions
        now = self.clock.now()

        def decide_all(session: Session) -> int:
            # PostgreSQL: only senders no other processor holds (per-sender order, no waits).
            mine = try_sender_locks(session, (m.sender for m in messages))
            if session.get_bind().dialect.name == "postgresql":
                mine = _next_in_line(session, messages, mine)
            chosen = [(m, a, c) for m, a, c in zip(messages, analyses, completions, strict=True)
                      if m.sender in mine]
            # One statement locks and reloads the batch's rows, three read its senders
            # (bot.batchlookups); then the messages are decided in arrival order, each seeing
            # what the ones before it wrote.
            locked = _lock_messages(session, [m.id for m, _, _ in chosen if m.id is not None])
            lookups = BatchLookups.read(session, locked.values(), now, FLOOD_WINDOW)
            self._meet_new_senders(session, [(locked.get(m.id or 0), c) for m, _, c in chosen],
                                   lookups, now)
            decided = 0
            replies: list[dict[str, Any]] = []
            for message, analysis, completion in chosen:
                assert message.id is not None  # loaded from the table
                row = locked.get(message.id)
                if row is None or row.processed_at is not None:
                    continue  # another processor decided it since our read: not twice
                self._decide(session, message.id, analysis, now, inline=False,
                             completion=completion, lookups=lookups, locked=row,
                             replies=replies)
                decided += 1
            if replies:
                _OUTBOX_INSERT.execute(connection_of(session), replies)
            if committing is not None:
                committing()
            return decided

        decided = await self.db.write(decide_all)
        if decided < len(messages):
            self.stored.set()  # another processor held a sender: look again after its commit
        return decided

    def _meet_new_senders(self, session: Session,
                          batch: Sequence[tuple[Message | None, Completion | None]],
                          lookups: BatchLookups, now: datetime) -> None:
        """Create the rows of the batch's new senders in two statements before deciding (two
        per sender, each adopted, cost a tenth of deciding; issue 17). Only the senders whose
        first message here will surely meet them as the dialogue would — a private,
        undecided message a person wrote — in the order those messages come, so ids are what
        deciding one at a time gives; a deferred parse (it may change what is known) stops
        the look-ahead, and the rest meet their senders as they are decided."""
        firsts: dict[str, tuple[str, str, str]] = {}
        for message, completion in batch:
            if message is None or message.processed_at is not None:
                continue
            if completion is not None and self.completions.wanted(message):
                break
            if message.auto_generated or message.meta.get("chat_type", "private") != "private":
                continue
            if message.sender not in lookups.identities and message.sender not in firsts:
                firsts[message.sender] = (message.sender, message.channel, message.sender_name)
        for sender in first_contacts(session, list(firsts.values()), now):
            lookups.remember(sender.identity, sender.petitioner, new=True)

    def _understand(self, text: str) -> Analysis:
        """Classify, and sign a new matter for the matter index (cached by text) off the
        write thread. Only a new petition is signed here: a status question, a grade or a
        supplement almost never opens a case, and of the decide mix's 49 such texts none was
        ever signed again (issue 17, helper perf32). Whatever the dialogue does need is signed
        there, on first use: a signature is a function of the text and its analysis alone, so
        where it is made changes nothing decided."""
        analysis = self.analyzer.analyze(text)
        if analysis.intent is Intent.NEW_PETITION:
            self.conversation.matters.signature(text, analysis)
        return analysis

    async def _mark_for_human(self, message_id: int) -> None:
        now = self.clock.now()

        def mark(session: Session) -> None:
            message = session.get(Message, message_id)
            if message is not None and message.processed_at is None:
                flagged.flag(message, flagged.FAILED)
                message.processed_at = now
                session.add(message)

        await self.db.write(mark)

    def _decide_and_issue(self, session: Session, message_id: int, analysis: Analysis,
                          now: datetime, inline: bool, completion: Completion | None
                          ) -> list[tuple[Outbox, str | None]]:
        """Decide; rows answered on this response get their query code now (bot.codeslot)."""
        rows = self._decide(session, message_id, analysis, now, inline, completion)
        codes = issue_codes(session, rows, self.conversation.hasher) if inline else {}
        return [(row, codes.get(row.case_id) if row.case_id is not None else None)
                for row in rows]

    def _demote_when_done(self, write: asyncio.Future[list[tuple[Outbox, str | None]]],
                          message_id: int) -> None:
        """Hand the replies of an abandoned inline reply to the outbox worker instead."""

        def demote(session: Session) -> None:
            for row in session.exec(
                select(Outbox).where(Outbox.message_id == message_id, Outbox.status == "inline")
            ):
                row.status = "pending"
                row.sent_at = None
                session.add(row)

        def schedule(_: asyncio.Future[list[tuple[Outbox, str | None]]]) -> None:
            task = asyncio.ensure_future(self.db.write(demote))
            self._background.add(task)
            task.add_done_callback(self._background.discard)

        write.add_done_callback(schedule)

    def _decide(self, session: Session, message_id: int, analysis: Analysis, now: datetime,
                inline: bool, completion: Completion | None = None,
                lookups: BatchLookups | None = None, locked: Message | None = None,
                replies: list[dict[str, Any]] | None = None) -> list[Outbox]:
        """``locked``: the row already read FOR UPDATE by the batch; ``lookups``: its senders.
        ``replies`` (the background batch): the reply rows are added there, for the batch to
        insert without ORM objects, and none are returned."""
        # FOR UPDATE: on PostgreSQL two workers never process one message twice.
        message = locked if locked is not None else session.exec(
            select(Message).where(Message.id == message_id).with_for_update()
        ).one()
        if message.processed_at is not None:
            answered_query = (
                select(Outbox).where(Outbox.message_id == message_id).order_by(col(Outbox.id)))
            if inline:
                # Locked: an outbox worker claiming these rows right now (PostgreSQL) must
                # either finish first (we then see "sending") or skip them; an unlocked read
                # would see "pending" and overwrite its claim, and both would send.
                answered_query = answered_query.with_for_update()
            answered = list(session.exec(answered_query))
            if not inline:
                return answered
            # The background processor may have got there first: replies the outbox worker
            # has not claimed yet are taken over by this response; claimed ones it sends.
            for row in answered:
                if row.status == "pending":
                    row.status, row.sent_at = "inline", now
                    session.add(row)
            return [row for row in answered if row.status == "inline"]
        if completion is not None and self.completions.wanted(message):
            # Under the row lock: two workers never attach the same files twice.
            apply(session, message, completion)
            if lookups is not None and message.id is not None:
                lookups.completed.add(message.id)  # its attachments wait in the session
        drafts: list[Draft] = []
        if message.meta.get("chat_type", "private") == "private":
            # One flush per message, not one per read: autoflush before every query flushed
            # the message's few changed rows three or four times over, and the unit of work's
            # fixed cost was a fifth of deciding (issue 17). The dialogue's reads within one
            # message do not depend on what that message changed so far (the new case's own
            # insert is flushed where its id is needed); what earlier messages changed is
            # flushed at their end, below.
            with session.no_autoflush:
                drafts = self.conversation.respond(session, message, analysis, now, lookups)
                # Whatever the dialogue decided, an accusation it attached to a case held by
                # a unit never stays with the unit it accuses (Art 30; bot.workflow).
                hold_accusation(session, message, analysis, self.conversation.routing.tree,
                                now)
        message.processed_at = now
        if message not in session:  # add() of a row already here only walks its cascades
            session.add(message)
        queue_media(session, message, now)  # pictures and documents it names, fetched later
        identity = lookups.identities.get(message.sender) if lookups is not None else None
        if identity is None and drafts:
            identity = session.exec(select(Identity).where(Identity.urn == message.sender)
                                    ).first()
        if identity is not None and identity.opted_out:
            # 退订 stops what the bot sends of its own accord (notices, the rating request); a
            # reply to what the petitioner writes afterwards is what they asked for (a status
            # question, an emergency's numbers to call) and goes out.
            drafts = [replace(draft, ignore_opt_out=True) for draft in drafts]
        _settle(session, message)
        if replies is None:
            rows = [draft_to_row(draft, message, now, inline=inline) for draft in drafts]
            session.add_all(rows)
            session.flush()
            return rows
        # The background batch: nobody reads these rows back, so no ORM objects and no
        # RETURNING — the batch's replies are one executemany at its end. A row this message
        # made pending (a notice's own outbox row) waits for the replies before it, so ids
        # keep the one-at-a-time order.
        if replies and any(isinstance(row, Outbox) for row in session.new):
            _OUTBOX_INSERT.execute(connection_of(session), replies)
            replies.clear()
        session.flush()
        replies.extend(full_row(Outbox, draft_values(draft, message, now, inline=False))
                       for draft in drafts)
        return []

    async def record_delivery(self, channel: str, provider_id: str, status: str) -> None:
        now = self.clock.now()

        try:
            # Onto its row, or held until the worker records the id (bot.outbox): one write.
            await self.db.write(lambda s: record_report(s, channel, provider_id, status, now))
        except StoreUnavailable as exc:
            raise IntakeUnavailable("the store is unavailable, try again later") from exc


def _next_in_line(session: Session, messages: Sequence[Message], senders: set[str]) -> set[str]:
    """The senders whose earliest undecided message is in this batch: another processor may
    have skipped an earlier one of theirs while we held their lock; deciding a later one now
    would answer a sender out of order."""
    if not senders:
        return senders
    earliest: dict[str, int | None] = dict(session.exec(
        select(Message.sender, func.min(Message.id))
        .where(col(Message.sender).in_(sorted(senders)), col(Message.processed_at).is_(None),
               Message.direction == "in")
        .group_by(col(Message.sender))
    ).all())
    first_here: dict[str, int] = {}
    for message in messages:
        if message.id is not None:
            first_here.setdefault(message.sender, message.id)
    return {sender for sender in senders
            if (first := earliest.get(sender)) is None or first >= first_here[sender]}


#: The batch's replies and a message's own UPDATE are fixed-shape: driver level
#: (storage.prepared).
_OUTBOX_INSERT = Prepared(Outbox.__table__.insert())  # type: ignore[attr-defined]
_MESSAGES = Message.__table__  # type: ignore[attr-defined]
#: What deciding changes on the message itself (a deferred parse completes more).
_DECIDED = ("processed_at", "case_id", "needs_human")
_MESSAGE_DECIDED = Prepared(
    _MESSAGES.update().where(_MESSAGES.c.id == bindparam("row_id"))
    .values({name: bindparam(name) for name in _DECIDED}))
_MESSAGE_COLUMNS = frozenset(_MESSAGES.columns.keys())


def _settle(session: Session, message: Message) -> None:
    """Write what deciding changed on ``message`` with one Core UPDATE and let the session
    forget the object: flushed by the unit of work, the row cost four times the statement
    (issue 17). Nothing reads the object through the session afterwards; a later
    ``session.get`` reads the row as written. When more changed (a deferred parse completed
    the text), the unit of work writes it all as before."""
    state = inspect(message)
    if not (_MESSAGE_COLUMNS - state.unmodified) <= set(_DECIDED) or state.session is None:
        return
    # On the connection: the session's own dispatch of a Core statement (and its autoflush,
    # which the message's own changes made moot) cost as much as the statement.
    _MESSAGE_DECIDED.execute(connection_of(session), {
        "row_id": message.id, "processed_at": message.processed_at,
        "case_id": message.case_id, "needs_human": message.needs_human})
    forget(session, message)


#: A batch's rows, built once (the ids an expanding parameter): building the statement per
#: batch cost a third of running it (issue 17).
_BATCH = select(Message).where(col(Message.id).in_(bindparam("ids", expanding=True)))
_READ_BATCH = _BATCH.order_by(col(Message.id))
_LOCK_BATCH = _BATCH.with_for_update().execution_options(populate_existing=True)


def _read_messages(session: Session, ids: Sequence[int]) -> list[Message]:
    """The stored messages ``ids`` in arrival order, in one statement."""
    return list(session.exec(_READ_BATCH, params={"ids": sorted(set(ids))}))


def _lock_messages(session: Session, ids: Sequence[int]) -> dict[int, Message]:
    """The batch's rows, read FOR UPDATE in one statement (fresh: populate_existing)."""
    if not ids:
        return {}
    rows = session.exec(_LOCK_BATCH, params={"ids": sorted(ids)})
    return {row.id: row for row in rows if row.id is not None}


def _text_of(message: Message, completion: Completion | None) -> str:
    """The text the bot reads: the completed one when the message was stored unparsed."""
    if completion is not None and completion.parsed is not None:
        return completion.parsed.text
    return message.text


class Processor:
    """Processes stored messages that no channel processed inline; survives restarts."""

    #: Give a channel that processes inline (TwiML, console) the first go at its message.
    GRACE_SECONDS = 0.05
    #: Messages decided per transaction: one fsync for the lot.
    CHUNK = 32
    #: Chunks of ids a processor looks at for one batch (PostgreSQL: ``process_next``).
    WINDOW_CHUNKS = 2

    def __init__(self, intake: DurableIntake, poll_seconds: float = 5.0,
                 between_batches: Callable[[], Awaitable[object]] | None = None) -> None:
        """``between_batches``: run before each drain, a safe point (a promoted model's swap)."""
        self.intake = intake
        self.poll_seconds = poll_seconds
        self.between_batches = between_batches
        #: Called after each committed batch that decided something: ``serve`` wakes its
        #: outbox worker here, so replies leave at once instead of at the worker's next poll.
        self.on_decided: Callable[[], object] | None = None

    async def run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self.intake.stored.wait(), self.poll_seconds)
            except TimeoutError:
                pass
            self.intake.stored.clear()
            await asyncio.sleep(self.GRACE_SECONDS)
            if self.between_batches is not None:
                await self.between_batches()
            await self.drain()

    async def drain(self, limit: int = 500) -> int:
        """Process every unprocessed inbound message; returns how many were processed."""
        ids = await self.intake.db.read(
            lambda s: list(
                s.exec(
                    select(Message.id)
                    .where(col(Message.processed_at).is_(None), Message.direction == "in")
                    .order_by(col(Message.id))
                    .limit(limit)
                )
            )
        )
        pending = [i for i in ids if i is not None and not self.intake.claimed_inline(i)]
        if SenderClaim.locks(self.intake.db.engine):
            return await self._drain_windows(pending)
        chunks = [pending[start:start + self.CHUNK]
                  for start in range(0, len(pending), self.CHUNK)]
        # The next chunk is read and classified while this one commits: the commit waits for
        # the disk without the GIL, time the classifier uses instead of waiting for its turn
        # after it (issue 17). Started at the commit, not with the decide: running beside the
        # decide, the two threads took turns at the GIL and each ran slower (measured: +9 %
        # CPU a message). Not on PostgreSQL: a claim (storage.locks.SenderClaim) taken ahead
        # would hold the next chunk's senders from the other processors meanwhile.
        ahead = not SenderClaim.locks(self.intake.db.engine)
        loop = asyncio.get_running_loop()
        done = 0
        following: asyncio.Task[Classified | None] | None = None
        try:
            for index, chunk in enumerate(chunks):
                nxt = chunks[index + 1] if ahead and index + 1 < len(chunks) else None
                started: list[asyncio.Task[Classified | None]] = []

                def begin(ids: list[int] | None = nxt,
                          started: list[asyncio.Task[Classified | None]] = started) -> None:
                    if ids is not None and not started:  # once, if a batch is retried alone
                        started.append(asyncio.ensure_future(self.intake.classify(ids)))

                current, following = following, None
                try:
                    decided = await self.intake.process_many(
                        chunk, current,
                        None if nxt is None else partial(loop.call_soon_threadsafe, begin))
                finally:
                    # (the write's result comes back after ``begin`` was run on the loop)
                    following = started[0] if started else None
                done += decided
                if decided and self.on_decided is not None:
                    self.on_decided()
        except StoreUnavailable:
            log.warning("store unavailable while processing; will retry")
        finally:
            if following is not None:
                await _abandon(following)
        return done


    async def _drain_windows(self, pending: list[int]) -> int:
        """PostgreSQL: a window of two chunks at a time; when another processor holds part of
        the first, the batch fills from the second (DurableIntake.process_next), instead of
        leaving leftovers for small batches."""
        done = at = 0
        while at < len(pending):
            window = pending[at:at + self.CHUNK * self.WINDOW_CHUNKS]
            try:
                decided, looked = await self.intake.process_next(window, self.CHUNK)
            except StoreUnavailable:
                log.warning("store unavailable while processing; will retry")
                return done
            at += looked
            done += decided
            if decided and self.on_decided is not None:
                self.on_decided()
        return done

async def _abandon(task: asyncio.Task[Classified | None]) -> None:
    """A chunk classified ahead that will not be decided now: its claim let go (the next
    drain reads its messages again)."""
    task.cancel()
    try:
        batch = await task
    except (asyncio.CancelledError, Exception):  # noqa: BLE001 - nothing of it is kept
        return
    if batch is not None:
        batch.claim.release()
