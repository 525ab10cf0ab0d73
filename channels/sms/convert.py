"""Twilio form fields → :class:`InboundMessage`, and :class:`OutboundMessage` → SMS text.

Pure functions: no I/O, no clock of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from channels.base import SMS, InboundMessage, MediaRef, OutboundMessage

from .numbers import DEFAULT_REGION, UNKNOWN_SENDER, normalize_sender
from .segments import fit_segments

#: OutboundMessage.meta key the bot sets ("1") on anything for a number that opted out (or is
#: blocked): the channel then refuses to send it, permanently. The opt-out confirmation
#: itself is sent without it.
OPTED_OUT_META = "sms_opted_out"

#: Twilio caps MMS at 10 media items; more numbered fields are not read.
MAX_MEDIA = 10
_TRUE = frozenset({"1", "true", "yes"})


def is_suppressed(message: OutboundMessage) -> bool:
    """True when the bot marked ``message`` as going to an opted-out or blocked number."""
    return message.meta.get(OPTED_OUT_META, "").strip().lower() in _TRUE


def message_sid(form: Mapping[str, object]) -> str:
    """The message's id: ``MessageSid``, or the older ``SmsSid``; empty when neither."""
    for name in ("MessageSid", "SmsSid"):
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _text(form: Mapping[str, object], name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def to_inbound_message(
    form: Mapping[str, object],
    raw: bytes,
    received_at: datetime,
    *,
    region: str = DEFAULT_REGION,
) -> InboundMessage:
    """The stored form of one inbound SMS/MMS; ``raw`` is the request body exactly."""
    text = _text(form, "Body")
    meta: dict[str, str] = {}
    try:
        count = int(_text(form, "NumMedia") or "0")
    except ValueError:
        count = 0
    count = max(0, min(count, MAX_MEDIA))
    meta["NumMedia"] = str(count)
    media: list[MediaRef] = []
    for index in range(count):
        url = _text(form, f"MediaUrl{index}")
        if url:
            content_type = _text(form, f"MediaContentType{index}")
            meta[f"MediaUrl{index}"] = url
            meta[f"MediaContentType{index}"] = content_type
            media.append(MediaRef(ref=url, kind=content_type.split("/", 1)[0] or "document",
                                  content_type=content_type))
    for name in ("To", "NumSegments", "MessagingServiceSid"):
        value = _text(form, name)
        if value:
            meta[name] = value
    sender = normalize_sender(_text(form, "From"), region)
    unreadable = sender == UNKNOWN_SENDER
    if unreadable:
        # No number to tell people apart: one identity per message, never a shared one whose
        # case list everyone without a readable number would see. A person looks at it.
        sender = f"sms:unknown-{message_sid(form) or 'no-sid'}"
        meta["problems"] = "sender_unreadable"
    return InboundMessage(
        channel=SMS,
        sender=sender,
        text=text,
        external_id=message_sid(form),
        received_at=received_at,
        raw=raw,
        needs_human=unreadable,
        meta=meta,
        media=tuple(media),
    )


def sms_text(message: OutboundMessage, max_segments: int) -> str:
    """The text one SMS carries for ``message``, cut to fit ``max_segments``.

    Buttons become one line of their labels ("满意 / 不满意"): the petitioner answers by
    texting a label, which the bot must accept as the button's choice.
    """
    labels = [button.label for row in message.buttons for button in row]
    if not labels:
        return fit_segments(message.text, max_segments)
    listing = " / ".join(labels)
    if not message.text:
        return fit_segments(listing, max_segments)
    try:
        return fit_segments(message.text, max_segments, suffix="\n" + listing)
    except ValueError:
        # Too many choices to show in full: the text matters more.
        return fit_segments(f"{message.text}\n{listing}", max_segments)
