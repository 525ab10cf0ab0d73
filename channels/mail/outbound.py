"""Replies as UTF-8 MIME mail, handed to the configured relay; relay errors become SendError.

``smtplib`` runs in a worker thread so the service loop never blocks on the relay. Error
translation happens once, here: 4xx, refused connections, timeouts and drops are retryable;
5xx is permanent. Reasons carry codes, never addresses or the relay's free text (which often
quotes the recipient).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, formataddr, make_msgid

from channels.base import OutboundMessage, SendError

__all__ = ["Relay", "compose_reply", "deliver", "mailbox_of"]

DEFAULT_SUBJECT = "关于您的来信"


@dataclass(frozen=True, slots=True)
class Relay:
    """Where replies go: ``host:port`` of an SMTP relay (no TLS/AUTH: a local MTA)."""

    host: str
    port: int
    timeout: float = 30.0

    @classmethod
    def parse(cls, value: str, timeout: float = 30.0) -> Relay:
        host, sep, port = value.strip().rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError("outbound relay must be host:port")
        return cls(host=host.strip("[]"), port=int(port), timeout=timeout)


def mailbox_of(recipient: str) -> str:
    """The bare address of a ``mailto:`` URN; rejects anything that could inject headers."""
    address = recipient.removeprefix("mailto:").strip()
    if not address or "@" not in address or any(char in address for char in "\r\n<>,;\x00"):
        raise SendError("recipient is not a mail address", retryable=False)
    return address


def _angle(message_id: str) -> str:
    value = message_id.strip()
    if not value:
        return ""
    return value if value.startswith("<") else f"<{value.strip('<>')}>"


def _message_id(message: OutboundMessage, domain: str) -> str:
    if message.outbox_id is None:
        return make_msgid(idstring="xf", domain=domain)
    # Stable across retries of one outbox row: a relay that took an attempt whose answer we
    # lost sees the same Message-ID again, and so does the petitioner's mail client.
    digest = hashlib.sha256(f"{message.recipient}\0{message.text}".encode()).hexdigest()[:16]
    return f"<xf.{message.outbox_id}.{digest}@{domain}>"


def _subject(message: OutboundMessage) -> str:
    subject = " ".join(message.subject.split()) or DEFAULT_SUBJECT
    if message.case_number and message.case_number not in subject:
        subject = f"[{message.case_number}] {subject}"
    return subject


def _body(message: OutboundMessage) -> str:
    text = message.text.replace("\r\n", "\n")
    labels = [button.label for row in message.buttons for button in row]
    if labels:
        text += "\n\n" + "\n".join(f"· {label}" for label in labels)
    return text + "\n"


def compose_reply(
    message: OutboundMessage,
    *,
    from_address: str,
    from_name: str,
    domain: str,
    now: datetime,
) -> EmailMessage:
    """The reply as a MIME message; its ``Message-ID`` header is the delivery's provider id."""
    mail = EmailMessage(policy=SMTP_POLICY)
    mail["From"] = formataddr((from_name, from_address)) if from_name else from_address
    mail["To"] = mailbox_of(message.recipient)
    mail["Subject"] = _subject(message)
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = _message_id(message, domain)
    parent = _angle(message.in_reply_to)
    if parent:
        earlier = [_angle(item) for item in message.meta.get("references", "").split()]
        chain = [item for item in earlier if item and item != parent] + [parent]
        mail["In-Reply-To"] = parent
        mail["References"] = " ".join(chain[-20:])
    # RFC 3834: an automatic answer. Well-behaved autoresponders will not answer it back.
    mail["Auto-Submitted"] = "auto-replied"
    mail["X-Auto-Response-Suppress"] = "All"
    mail.set_content(_body(message), charset="utf-8")
    return mail


_ENHANCED = re.compile(rb"^\s*([245]\.\d{1,3}\.\d{1,3})")


def _describe(code: int, text: bytes | str) -> str:
    raw = text.encode("utf-8", "replace") if isinstance(text, str) else text
    found = _ENHANCED.match(raw or b"")
    return f"{code} {found.group(1).decode()}" if found else str(code)


def _classify(code: int, what: str, text: bytes | str) -> SendError:
    detail = _describe(code, text)
    if 400 <= code < 500:
        return SendError(f"relay deferred {what} ({detail})", retryable=True)
    if 500 <= code < 600:
        return SendError(f"relay refused {what} ({detail})", retryable=False)
    return SendError(f"relay answered {what} unexpectedly ({detail})", retryable=True)


def _deliver_blocking(relay: Relay, helo_name: str, mail_from: str, recipient: str, data: bytes) -> None:
    options = ["SMTPUTF8"] if not (mail_from + recipient).isascii() else []
    with smtplib.SMTP(relay.host, relay.port, local_hostname=helo_name, timeout=relay.timeout) as client:
        client.sendmail(mail_from, [recipient], data, mail_options=options)


async def deliver(relay: Relay, *, helo_name: str, mail_from: str, recipient: str, data: bytes) -> None:
    """Hand one message to the relay, or raise :class:`SendError` saying whether to retry."""
    try:
        await asyncio.to_thread(_deliver_blocking, relay, helo_name, mail_from, recipient, data)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (550, b""))
        raise _classify(int(code), "the recipient", text) from exc
    except smtplib.SMTPSenderRefused as exc:
        raise _classify(exc.smtp_code, "the sender", exc.smtp_error) from exc
    except smtplib.SMTPDataError as exc:
        raise _classify(exc.smtp_code, "the message", exc.smtp_error) from exc
    except smtplib.SMTPResponseException as exc:
        raise _classify(exc.smtp_code, "the session", exc.smtp_error) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise SendError("relay does not support SMTPUTF8", retryable=False) from exc
    except (smtplib.SMTPServerDisconnected, TimeoutError) as exc:
        raise SendError("relay connection dropped or timed out", retryable=True) from exc
    except smtplib.SMTPException as exc:
        raise SendError(f"relay error ({type(exc).__name__})", retryable=True) from exc
    except OSError as exc:
        raise SendError(f"relay unreachable ({type(exc).__name__})", retryable=True) from exc
