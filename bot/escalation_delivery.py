"""Delivering staff notices (bot/escalation.py): by mail through the bureau's relay, and as
JSON to the webhook of the bureau's own IM. Grouped per recipient: a supervisor gets one mail
per round, not one per case.

Rows are claimed with a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so two ``serve``
processes never send the same row; a retryable failure backs off exponentially, a permanent
one (5xx from the relay, 4xx from the webhook) marks the row ``failed`` for a human. Reasons
recorded carry codes, never addresses or notice text.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import smtplib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, make_msgid
from typing import Protocol

import httpx
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.escalation import WEBHOOK
from channels.base import SendError
from storage import Case, StaffNotice, Store, StoreUnavailable

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Xinfang-Signature"
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
BATCH = 200


@dataclass(frozen=True, slots=True)
class Notice:
    """One claimed row, as the senders see it."""

    id: int
    case_number: str
    rule: str
    title: str
    text: str


class MailSender(Protocol):
    async def send(self, recipient: str, subject: str, body: str) -> None:
        """Deliver one staff mail or raise :class:`SendError`."""
        ...


class WebhookSender(Protocol):
    async def post(self, notices: Sequence[Notice]) -> None:
        """Deliver the notices to the bureau's IM or raise :class:`SendError`."""
        ...


@dataclass(frozen=True, slots=True)
class Relay:
    """``host:port`` of the bureau's SMTP relay (a local MTA: no TLS, no AUTH)."""

    host: str
    port: int
    timeout: float = 30.0

    @classmethod
    def parse(cls, value: str) -> Relay:
        host, _, port = value.strip().rpartition(":")
        if not host or not port.isdigit():
            raise ValueError("the relay must be host:port")
        return cls(host.strip("[]"), int(port))


class RelayMail:
    """Staff mail through the same SMTP relay as the replies (``XINFANG_OUTBOUND_SMTP``).

    ``smtplib`` runs in a worker thread: the service loop never waits on the relay. A 4xx or
    a lost connection is retried; a 5xx is permanent. Reasons carry codes only."""

    def __init__(self, relay: Relay, mail_from: str, clock: Clock) -> None:
        self.relay = relay
        self.mail_from = mail_from
        self.clock = clock

    async def send(self, recipient: str, subject: str, body: str) -> None:
        address = recipient.removeprefix("mailto:").strip()
        if "@" not in address or any(char in address for char in "\r\n<>,;"):
            raise SendError("recipient is not a mail address", retryable=False)
        domain = self.mail_from.rpartition("@")[2] or "localhost"
        message = EmailMessage(policy=SMTP_POLICY)
        message["From"] = self.mail_from
        message["To"] = address
        message["Subject"] = subject
        message["Date"] = format_datetime(self.clock.now())
        message["Message-ID"] = make_msgid(domain=domain)
        message.set_content(body, charset="utf-8")
        try:
            await asyncio.to_thread(self._send, domain, address, message.as_bytes())
        except smtplib.SMTPResponseException as exc:
            raise SendError(f"relay answered {exc.smtp_code}",
                            retryable=exc.smtp_code < 500) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            code = next(iter(exc.recipients.values()), (550, b""))[0]
            raise SendError(f"relay refused the recipient ({code})",
                            retryable=code < 500) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"relay unreachable ({type(exc).__name__})",
                            retryable=True) from exc

    def _send(self, domain: str, address: str, data: bytes) -> None:
        with smtplib.SMTP(self.relay.host, self.relay.port, local_hostname=domain,
                          timeout=self.relay.timeout) as client:
            client.sendmail(self.mail_from, [address], data)


class JsonWebhook:
    """POST ``{"notices": [...]}`` to the bureau's URL (``XINFANG_ESCALATION_WEBHOOK``),
    signed with ``XINFANG_ESCALATION_WEBHOOK_SECRET`` when one is set."""

    def __init__(self, url: str, client: httpx.AsyncClient, secret: str = "") -> None:
        self.url = url
        self.client = client
        self.secret = secret

    async def post(self, notices: Sequence[Notice]) -> None:
        body = json.dumps({"notices": [{"case": n.case_number, "rule": n.rule, "title": n.title,
                                        "text": n.text} for n in notices]},
                          ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.secret:
            digest = hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
            headers[SIGNATURE_HEADER] = f"sha256={digest}"
        try:
            response = await self.client.post(self.url, content=body, headers=headers,
                                              timeout=15.0)
        except httpx.HTTPError as exc:
            raise SendError(f"webhook unreachable ({type(exc).__name__})",
                            retryable=True) from exc
        if response.status_code >= 300:
            retryable = response.status_code >= 500 or response.status_code == 429
            raise SendError(f"webhook answered {response.status_code}", retryable=retryable)


class EscalationDelivery:
    """The ``serve`` task sending staff notices every ``interval`` seconds."""

    def __init__(self, store: Store, clock: Clock, *, mail: MailSender | None = None,
                 webhook: WebhookSender | None = None, interval: float = 10.0) -> None:
        self.store = store
        self.clock = clock
        self.mail = mail
        self.webhook = webhook
        self.interval = interval

    async def run_once(self) -> dict[str, int]:
        """Claim what is due, send it per recipient, record the outcome. Returns counts."""
        now = self.clock.now()
        claimed = await self.store.write(lambda s: _claim(s, now))
        groups: dict[str, list[Notice]] = defaultdict(list)
        for recipient, notice in claimed:
            groups[recipient].append(notice)
        results: dict[int, SendError | None] = {}
        for recipient, notices in groups.items():
            error = await self._send(recipient, notices)
            results.update({notice.id: error for notice in notices})
        await self.store.write(lambda s: _record(s, results, self.clock.now()))
        sent = sum(1 for error in results.values() if error is None)
        if results:
            log.info("escalation: %d notice(s) sent, %d not", sent, len(results) - sent)
        return {"sent": sent, "failed": len(results) - sent}

    async def _send(self, recipient: str, notices: list[Notice]) -> SendError | None:
        try:
            if recipient == WEBHOOK:
                if self.webhook is None:
                    raise SendError("no webhook configured", retryable=False)
                await self.webhook.post(notices)
            else:
                if self.mail is None:
                    raise SendError("no mail relay configured", retryable=False)
                subject = (notices[0].title if len(notices) == 1
                           else f"督办提示：{len(notices)} 件事项")
                await self.mail.send(recipient, subject, "\n".join(n.text for n in notices))
        except SendError as exc:
            return exc
        return None

    async def run(self) -> None:
        while True:
            try:
                await self.run_once()
            except StoreUnavailable:
                log.warning("escalation: store unavailable; retrying")
            await asyncio.sleep(self.interval)


def _claim(session: Session, now: datetime) -> list[tuple[str, Notice]]:
    statement = (select(StaffNotice)
                 .where(StaffNotice.status == "pending", col(StaffNotice.next_attempt_at) <= now)
                 .order_by(col(StaffNotice.id)).limit(BATCH).with_for_update(skip_locked=True))
    rows = list(session.exec(statement))
    numbers = dict(session.exec(select(Case.id, Case.number).where(
        col(Case.id).in_([row.case_id for row in rows if row.case_id is not None]))).all())
    claimed = []
    for row in rows:
        row.next_attempt_at = now + LEASE  # a crash mid-send: another round takes it later
        session.add(row)
        claimed.append((row.recipient, Notice(int(row.id or 0), numbers.get(row.case_id, ""),
                                              row.rule, row.title, row.text)))
    return claimed


def _record(session: Session, results: dict[int, SendError | None], now: datetime) -> None:
    if not results:
        return
    for row in session.exec(select(StaffNotice).where(col(StaffNotice.id).in_(list(results)))):
        error = results[int(row.id or 0)]
        row.attempts += 1
        if error is None:
            row.status, row.sent_at, row.last_error = "sent", now, ""
        elif not error.retryable or row.attempts >= MAX_ATTEMPTS:
            row.status, row.last_error = "failed", error.reason[:200]
        else:
            backoff = error.retry_after or 30.0 * 2 ** (row.attempts - 1)
            row.next_attempt_at, row.last_error = now + timedelta(seconds=backoff), error.reason[:200]
        session.add(row)


def build_delivery(store: Store, clock: Clock, *, outbound_smtp: str, mail_from: str,
                   webhook_url: str, webhook_secret: str = "") -> EscalationDelivery:
    """The delivery task ``serve`` runs, from the settings: mail when a relay is set, the
    webhook when a URL is."""
    mail = RelayMail(Relay.parse(outbound_smtp), mail_from, clock) if outbound_smtp else None
    webhook = (JsonWebhook(webhook_url, httpx.AsyncClient(), webhook_secret) if webhook_url
               else None)
    return EscalationDelivery(store, clock, mail=mail, webhook=webhook)
