"""Store first, parse later: the letter as taken in before ``250``, and its completion.

Before answering ``250`` the intake only needs the raw bytes safe and the dedupe key
(Message-ID, sha256 of the raw bytes). :func:`deferred_message` builds that minimal message
from a cheap header scan; the full parse (MIME, charsets, quotes, HTML, attachments,
threading, auto-reply detection) runs later in the bot, through :func:`complete`, which is a
pure function of the stored raw bytes and the envelope facts kept in ``meta``.

``meta`` of a deferred message::

    parse          "deferred" (channels.base.PARSE_DEFERRED; the bot completes it, then
                   records "done" or "failed")
    message_id     the scanned Message-ID ("" when absent), for threading replies
    envelope_from  MAIL FROM as given ("" for the null reverse-path ``<>``)
    to             the first accepted recipient
    recipients     every accepted recipient, one per line (plus-addressed case numbers)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import partial

from channels.base import MAIL, PARSE, PARSE_DEFERRED, Completer, InboundMessage, storable

from .headscan import scan_message_id
from .normalize import content_hash, from_parsed
from .parser import ParseLimits, parse_letter
from .references import DEFAULT_CASE_NUMBER_PATTERN

__all__ = ["NULL_SENDER", "complete", "completer", "deferred_message"]

#: Sender of a letter with the null reverse-path (bounces, auto-replies) until it is parsed.
NULL_SENDER = "mailto:<>"

_DEFAULT_LIMITS = ParseLimits()


def deferred_message(
    raw: bytes, *, mail_from: str, recipients: Sequence[str], received_at: datetime
) -> InboundMessage:
    """The minimal message stored before ``250``: raw bytes, dedupe key, envelope facts.

    Never raises for the letter's content, and everything in it can be stored: the sender's
    bytes decide nothing but what a person later reads (``channels.base.storable``).
    """
    message_id = storable(scan_message_id(raw))
    mail_from = storable(mail_from)
    recipients = [storable(address) for address in recipients]
    address = mail_from.strip().lower()
    return InboundMessage(
        channel=MAIL,
        sender=f"mailto:{address}" if address else NULL_SENDER,
        text="",
        external_id=message_id,
        received_at=received_at,
        raw=raw,
        content_hash=content_hash(raw),
        # Known before parsing, and kept if parsing fails: never answer a null reverse-path.
        auto_generated=not address,
        meta={
            PARSE: PARSE_DEFERRED,
            "message_id": message_id,
            "envelope_from": mail_from,
            "to": recipients[0] if recipients else "",
            "recipients": "\n".join(recipients),
        },
    )


def complete(
    raw: bytes,
    meta: Mapping[str, str],
    *,
    limits: ParseLimits = _DEFAULT_LIMITS,
    case_number_pattern: str = DEFAULT_CASE_NUMBER_PATTERN,
) -> InboundMessage:
    """The fully parsed message for a stored letter, from its raw bytes and deferred ``meta``.

    Pure and CPU-bound (run it in a worker thread). Bad mail yields ``needs_human`` and
    problem codes, not exceptions; only a parser bug escapes, and the caller then keeps the
    letter raw for a human. ``received_at`` of the result is meaningless: the stored row keeps
    the time the letter arrived.
    """
    recipients = tuple(line for line in meta.get("recipients", meta.get("to", "")).split("\n") if line)
    return from_parsed(
        parse_letter(raw, limits),
        raw,
        mail_from=meta.get("envelope_from", ""),
        recipients=recipients,
        received_at=datetime.now(UTC),
        case_number_pattern=case_number_pattern,
    )


def completer(
    *,
    attachment_max_bytes: int = 20 * 1024 * 1024,
    max_message_bytes: int = 25 * 1024 * 1024,
    case_number_pattern: str = DEFAULT_CASE_NUMBER_PATTERN,
) -> Completer:
    """:func:`complete` with the limits a :class:`~.channel.MailChannel` is configured with."""
    limits = ParseLimits(
        attachment_max_bytes=attachment_max_bytes, attachments_total_bytes=max_message_bytes
    )
    return partial(complete, limits=limits, case_number_pattern=case_number_pattern)
