"""The persisted outbox: replies become rows in the same transaction that decided them; a
worker claims due rows, hands them to their channel, and records what the provider said.

Retries back off exponentially (or as the provider asks, ``retry_after``); a permanent error or
too many attempts marks the row failed with the reason. A row is claimed (``sending``) before
it is sent, so two workers never send it twice; on PostgreSQL the claim uses
``FOR UPDATE SKIP LOCKED``. Each send is recorded the moment the provider answers.

A row left ``sending`` by a crash is retried after :data:`LEASE` (longer than any channel's
send timeout, so a live worker's slow send is never taken twice). That retry may repeat a
message the provider took just before the crash, so it goes out marked
(``channels.base.RESEND``) and the channel makes the copy harmless where it can: the same
Message-ID for mail, a look-up at Twilio before an SMS goes again, a visible "重发" mark on
Telegram. ``payload["uncertain"]`` counts such retries, for the audit.

A claim's provider ids are recorded only once every send of the claim returned, so a fast
delivery report (Twilio's status callback) can arrive before its row names the id: such a
report is held (``DeliveryReport``) and applied when the id is recorded, never dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, and_, col, or_, select, update

from bot import texts
from bot.clock import Clock
from bot.codes import CodeHasher
from bot.codeslot import fill, issue_codes
from bot.dialogue import Draft
from bot.links import case_link, link_line
from channels.base import (
    RESEND,
    RESEND_SINCE,
    Button,
    Channel,
    Delivery,
    OutboundMessage,
    SendError,
)
from storage import DeliveryReport, Identity, Message, Outbox, Store, StoreUnavailable

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BASE_BACKOFF = timedelta(seconds=5)
MAX_BACKOFF = timedelta(hours=1)
#: A held delivery report no row has claimed after this is deleted by the retention round: the
#: provider id was never recorded (the send was lost, or the report was not ours).
HELD_REPORT_DAYS = 7
#: A claimed row nobody recorded is taken again after this: above every channel's send
#: timeout (mail 30 s, Twilio and Telegram 10 s), as small as that allows.
LEASE = timedelta(minutes=2)


def draft_to_row(draft: Draft, message: Message, now: datetime, *, inline: bool) -> Outbox:
    return Outbox(**draft_values(draft, message, now, inline=inline))


def draft_values(draft: Draft, message: Message, now: datetime, *,
                 inline: bool) -> dict[str, Any]:
    """The outbox row of ``draft`` (the model's defaults for the rest): the background batch
    inserts these with one Core statement, no ORM object (issue 17)."""
    case = draft.case
    number = case.number if case is not None else ""
    return {
        "channel": message.channel,
        "recipient": message.sender,
        "text": draft.text,
        "subject": texts.say(draft.language, "subject", number=number) if number else "",
        "case_id": case.id if case is not None else None,
        "message_id": message.id,
        "in_reply_to": str(message.meta.get("message_id", "")),
        "payload": {"case_number": number, "meta": _reply_meta(message.meta),
                    "ignore_opt_out": draft.ignore_opt_out,
                    "buttons": [[list(button) for button in row] for row in draft.buttons]},
        "status": "inline" if inline else "pending",
        "sent_at": now if inline else None,
        "next_attempt_at": now,
        "created_at": now,
    }


def _reply_meta(meta: Mapping[str, object]) -> dict[str, str]:
    # What a channel needs to answer on the same thread: chat id, mail subject and so on.
    keep = ("chat_id", "message_id", "to")
    return {key: str(meta[key]) for key in keep if key in meta}


def row_to_outbound(row: Outbox, code: str | None = None,
                    public_url: str = "") -> OutboundMessage:
    """What the channel sends; ``code``: the query code for the row's slot (``bot.codeslot``).
    A notice that carries a case link (``payload["link"]``, bot/notices.py: the 意见书 where a
    message cannot be the letter) gets it here, from this deployment's public URL: the
    stored text is the same whichever URL serves it."""
    text = fill(row.text, code)
    if row.payload.get("link") and public_url:
        text += "\n" + link_line(case_link(public_url, str(row.payload["link"])))
    buttons = tuple(
        tuple(Button(label, data) for label, data in line)
        for line in row.payload.get("buttons", [])
    )
    meta = dict(row.payload.get("meta", {}))
    if row.payload.get("uncertain"):
        meta[RESEND] = "1"
        meta[RESEND_SINCE] = row.created_at.isoformat()
    return OutboundMessage(
        channel=row.channel,
        recipient=row.recipient,
        text=text,
        subject=row.subject,
        case_number=str(row.payload.get("case_number", "")),
        in_reply_to=row.in_reply_to,
        buttons=buttons,
        outbox_id=row.id,
        meta=meta,
    )


def backoff(attempts: int) -> timedelta:
    delay: timedelta = BASE_BACKOFF * (2 ** max(attempts - 1, 0))
    return min(delay, MAX_BACKOFF)


class OutboxWorker:
    """Sends due outbox rows through the channels this process runs."""

    def __init__(self, store: Store, channels: Mapping[str, Channel], clock: Clock,
                 poll_seconds: float = 1.0, batch: int = 50, recipient: str = "", *,
                 hasher: CodeHasher, public_url: str = "") -> None:
        """``hasher``: the bureau's, for the query code an acknowledgement gets as it is sent.
        ``public_url``: where citizens open a case's page (``XINFANG_PUBLIC_URL``); empty: no
        links."""
        self.store = store
        self.hasher = hasher
        self.public_url = public_url
        #: Only this recipient's rows (a ``chat`` session prints its own notices, no one else's).
        self.recipient = recipient
        self.channels = channels
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.wake = asyncio.Event()

    async def run(self) -> None:
        while True:
            try:
                sent = await self.send_due()
            except StoreUnavailable:
                log.warning("outbox: store unavailable; retrying")
                sent = 0
            if sent == 0:
                try:
                    await asyncio.wait_for(self.wake.wait(), self.poll_seconds)
                except TimeoutError:
                    pass
                self.wake.clear()

    async def send_due(self) -> int:
        """Claim and send the rows that are due; returns how many were attempted."""
        if not self.channels:
            return 0
        now = self.clock.now()
        claimed = await self.store.write(lambda s: self._claim_and_issue(s, now))
        if claimed:
            sent = await asyncio.gather(*(self._send_one(row, code) for row, code in claimed))
            await self._record_sent([pair for pair in sent if pair is not None])
        return len(claimed)

    def _claim_and_issue(self, session: Session, now: datetime
                         ) -> list[tuple[Outbox, str | None]]:
        # The codes' hashes commit with the claim, before any of them leaves this process.
        rows = self._claim(session, now)
        codes = issue_codes(session, rows, self.hasher)
        return [(row, codes.get(row.case_id) if row.case_id is not None else None)
                for row in rows]

    def _claim(self, session: Session, now: datetime) -> list[Outbox]:
        statement = (
            select(Outbox)
            .where(
                col(Outbox.channel).in_(list(self.channels)),
                or_(
                    and_(Outbox.status == "pending", col(Outbox.next_attempt_at) <= now),
                    and_(Outbox.status == "sending", col(Outbox.next_attempt_at) <= now - LEASE),
                ),
            )
            .order_by(col(Outbox.id))
            .limit(self.batch)
            .with_for_update(skip_locked=True)
        )
        if self.recipient:
            statement = statement.where(Outbox.recipient == self.recipient)
        claimed = []
        for row in session.exec(statement):
            if self._opted_out(session, row):
                # Queued before the citizen opted out: keep the record, send nothing.
                row.status = "suppressed"
                session.add(row)
                continue
            claimed.append(row)
        rows = claimed
        for row in rows:
            if row.status == "sending":
                # Its last attempt ended without an answer: it may have arrived already.
                row.payload = {**row.payload,
                               "uncertain": int(row.payload.get("uncertain", 0)) + 1}
            row.status = "sending"
            row.attempts += 1
            row.next_attempt_at = now
            session.add(row)
        return rows

    @staticmethod
    def _opted_out(session: Session, row: Outbox) -> bool:
        if row.payload.get("ignore_opt_out"):
            return False
        identity = session.exec(select(Identity).where(Identity.urn == row.recipient)).first()
        return identity is not None and (identity.opted_out or identity.blocked)

    async def _send_one(self, row: Outbox, code: str | None = None
                        ) -> tuple[Outbox, Delivery] | None:
        """Hand ``row`` to its channel; a failure is recorded here, a success returned."""
        channel = self.channels[row.channel]
        try:
            delivery = await channel.send(row_to_outbound(row, code, self.public_url))
        except SendError as exc:
            await self._record_failure(row, exc)
            return None
        except Exception as exc:  # noqa: BLE001 - a channel bug must not kill the worker
            log.error("outbox %s send raised %s", row.id, type(exc).__name__)
            await self._record_failure(row, SendError(type(exc).__name__, retryable=True))
            return None
        return row, delivery

    async def _record_sent(self, sent: list[tuple[Outbox, Delivery]]) -> None:
        """Record every row of one claim that was sent, in ONE transaction: one commit (one
        fsync on SQLite) per claim, not per reply, on the writer that stores arrivals too."""
        if not sent:
            return
        now = self.clock.now()

        def record(session: Session) -> None:
            recorded = []
            for row, delivery in sent:
                fresh = session.get(Outbox, row.id)
                if fresh is None:
                    continue
                recorded.append(fresh)
                fresh.status = "sent"
                fresh.provider_id = delivery.provider_id
                fresh.delivery_status = delivery.status
                fresh.sent_at = now
                fresh.last_error = ""
                session.add(fresh)
            apply_held_reports(session, recorded)

        await self.store.write(record)

    async def _record_failure(self, row: Outbox, error: SendError) -> None:
        now = self.clock.now()

        def update(session: Session) -> None:
            fresh = session.get(Outbox, row.id)
            if fresh is None:
                return
            fresh.last_error = error.reason[:500]
            if error.retryable and fresh.attempts < MAX_ATTEMPTS:
                delay = (timedelta(seconds=error.retry_after) if error.retry_after is not None
                         else backoff(fresh.attempts))
                fresh.status = "pending"
                fresh.next_attempt_at = now + delay
            else:
                fresh.status = "failed"
            session.add(fresh)

        log.info("outbox %s: send failed (%s, retryable=%s)", row.id, error.reason[:80],
                 error.retryable)
        await self.store.write(update)


def record_report(session: Session, channel: str, provider_id: str, status: str,
                  now: datetime) -> None:
    """A provider's delivery report: onto the rows that sent ``provider_id``, or held until
    one does (:func:`apply_held_reports`); a repeated report collapses on the unique key."""
    if _apply_report(session, channel, provider_id, status, now):
        return
    if session.get_bind().dialect.name == "postgresql":
        # A worker may be recording this id right now, uncommitted: neither side would see the
        # other. Wait for the channel's in-flight sends (rows locked in id order, the order
        # the worker updates them), then look again; a record that starts after this lock
        # waits for our commit and finds the held report. SQLite has one writer: no race.
        session.execute(select(Outbox.id).where(Outbox.channel == channel,
                                                Outbox.status == "sending")
                        .order_by(col(Outbox.id)).with_for_update())
        if _apply_report(session, channel, provider_id, status, now):
            return
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(DeliveryReport)
                    .values(channel=channel, provider_id=provider_id, status=status,
                            received_at=now)
                    .on_conflict_do_nothing(index_elements=["channel", "provider_id", "status"]))


def _apply_report(session: Session, channel: str, provider_id: str, status: str,
                  at: datetime) -> bool:
    """One UPDATE; True when a row named ``provider_id``."""
    values: dict[str, object] = {"delivery_status": status}
    if status == "delivered":  # proven delivery starts the statutory clocks: the first counts
        values["delivered_at"] = func.coalesce(col(Outbox.delivered_at), at)
    changed = session.execute(update(Outbox).where(
        col(Outbox.channel) == channel, col(Outbox.provider_id) == provider_id).values(values))
    return bool(changed.rowcount)  # type: ignore[attr-defined]


def apply_held_reports(session: Session, rows: list[Outbox]) -> None:
    """Apply and delete the reports held for ``rows``' provider ids: ONE statement per claim
    (DELETE … RETURNING), in the order they arrived, so a later "delivered" beats "sent"."""
    by_key: dict[tuple[str, str], list[Outbox]] = {}
    for row in rows:
        if row.provider_id:
            by_key.setdefault((row.channel, row.provider_id), []).append(row)
    if not by_key:
        return
    # The ids go to the database first: a report that waits on them on PostgreSQL
    # (record_report) must find them once this transaction commits, or be found below.
    session.flush()
    held = session.execute(
        delete(DeliveryReport)
        .where(tuple_(col(DeliveryReport.channel), col(DeliveryReport.provider_id))
               .in_(list(by_key)))
        .returning(col(DeliveryReport.id), col(DeliveryReport.channel),
                   col(DeliveryReport.provider_id), col(DeliveryReport.status),
                   col(DeliveryReport.received_at))
    ).all()
    for _, channel, provider_id, status, received_at in sorted(held, key=lambda r: (r[4], r[0])):
        for row in by_key[(channel, provider_id)]:
            row.delivery_status = status
            if status == "delivered" and row.delivered_at is None:
                row.delivered_at = received_at
            session.add(row)


def purge_held_reports(session: Session, before: datetime) -> int:
    """Delete held reports older than ``before`` (no row recorded their id); returns how many."""
    result = session.execute(delete(DeliveryReport)
                             .where(col(DeliveryReport.received_at) < before))
    return int(result.rowcount)  # type: ignore[attr-defined]
