"""One received letter to one :class:`InboundMessage`, keeping the raw bytes exactly.

``content_hash`` (sha256 of the raw bytes) is always set: Message-IDs get reused, so the
store's dedupe key is (Message-ID, hash). A letter the parser gives up on is kept by the bot
as stored (raw bytes, envelope sender) and marked for a human; see :mod:`.deferred`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from channels.base import MAIL, InboundMessage, IncomingAttachment, storable

from .parser import ParsedLetter
from .references import case_numbers

__all__ = ["content_hash", "from_parsed"]

# Problems that mean the bot did not see the whole letter: a person should look at it.
_INCOMPLETE = frozenset(
    {"no_sender", "too_many_parts", "nesting_too_deep", "attachment_too_large", "too_many_attachments"}
)


def content_hash(raw: bytes) -> str:
    """The sha256 of the raw bytes: with the Message-ID, the store's dedupe key."""
    return hashlib.sha256(raw).hexdigest()


def _meta(message_id: str, recipients: Sequence[str], mail_from: str, problems: Sequence[str]) -> dict[str, str]:
    meta = {
        "message_id": message_id,
        "to": recipients[0] if recipients else "",
        "envelope_from": mail_from,
    }
    if problems:
        meta["problems"] = ",".join(problems)
    return meta


def from_parsed(
    parsed: ParsedLetter,
    raw: bytes,
    *,
    mail_from: str,
    recipients: Sequence[str],
    received_at: datetime,
    case_number_pattern: str,
) -> InboundMessage:
    """The message for a parsed letter. ``recipients``: the accepted envelope recipients.

    Every text is made storable (``channels.base.storable``): raw 8-bit bytes in a header come
    out of the stdlib parser as lone surrogates, and those, like NUL, no store takes.
    """
    mail_from = storable(mail_from)
    recipients = [storable(address) for address in recipients]
    address = storable(parsed.from_address) or mail_from.strip().lower()
    subject = storable(parsed.subject)
    references = tuple(
        dict.fromkeys(
            storable(reference) for reference in (
                parsed.in_reply_to
                + parsed.references
                + case_numbers(subject, recipients, case_number_pattern))
        )
    )
    message_id = storable(parsed.message_id)
    return InboundMessage(
        channel=MAIL,
        sender=f"mailto:{address}",
        text=storable(parsed.text),
        external_id=message_id,
        received_at=received_at,
        raw=raw,
        subject=subject,
        sender_name=storable(parsed.from_name),
        content_hash=content_hash(raw),
        attachments=tuple(IncomingAttachment(storable(a.filename), storable(a.content_type),
                                             a.data) for a in parsed.attachments),
        references=references,
        # A null reverse-path (MAIL FROM:<>) is how RFC 5321/3834 mark bounces and auto-replies.
        auto_generated=parsed.auto_generated or not mail_from.strip(),
        needs_human=not address or bool(_INCOMPLETE.intersection(parsed.problems)),
        meta=_meta(message_id, recipients, mail_from, parsed.problems),
    )
