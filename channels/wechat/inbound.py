"""WeChat's callback XML → :class:`InboundMessage`. Pure: no I/O, no clock of its own.

What a follower sends, as the bot sees it::

    text                      the text
    image                     no text; the picture as a MediaRef (MediaId, fetched later)
    voice                     WeChat's own recognition as the text when the account has it on,
                       else none; the recording as a MediaRef
    event subscribe           "/start": the bot's welcome and privacy notice
    event unsubscribe         stored, never answered (nobody to answer)
    event CLICK (menu)        "/<key>" when the menu key is one of the bot's commands
    anything else             stored raw for a human, never answered

Idempotency: messages carry ``MsgId``; events do not, so WeChat's documented key for them,
``FromUserName`` + ``CreateTime`` (with the event), is their external id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from xml.etree import ElementTree

from channels.base import WECHAT, InboundMessage, MediaRef

#: A command name as every channel writes them: 1-32 of [A-Za-z0-9_].
_COMMAND_KEY = re.compile(r"[A-Za-z0-9_]{1,32}")


class UnreadableXml(ValueError):
    """The body is not a WeChat message (not XML, or without sender or time)."""


def parse_xml(body: bytes | str) -> dict[str, str]:
    """The flat ``<xml>`` of a callback as a dict of its text fields.

    WeChat never sends a DTD; a body with one (entity expansion, external entities) is
    refused before the parser (the standard library's expat) sees it.
    """
    lowered = (body if isinstance(body, bytes) else body.encode()).lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise UnreadableXml("a DTD")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise UnreadableXml("not XML") from exc
    if root.tag != "xml":
        raise UnreadableXml("no <xml> root")
    # The callbacks are flat: each field one child element, CDATA or not.
    return {child.tag: child.text or "" for child in root if len(child) == 0}


def to_inbound(fields: Mapping[str, str], raw: bytes, received_at: datetime) -> InboundMessage:
    """The stored form of one callback; ``raw`` is its XML exactly as it came (decrypted, in
    safe mode)."""
    openid = fields.get("FromUserName", "")
    created = fields.get("CreateTime", "")
    if not openid or not created.isdigit():
        raise UnreadableXml("no FromUserName or CreateTime")
    kind = fields.get("MsgType", "")
    meta = {"msg_type": kind, "to": fields.get("ToUserName", ""), "create_time": created}
    base = InboundMessage(channel=WECHAT, sender=f"wechat:{openid}", text="", external_id="",
                          received_at=received_at, raw=raw)
    if kind == "event":
        event = fields.get("Event", "").lower()
        key = fields.get("EventKey", "")
        meta |= {"event": event, "event_key": key}
        external_id = f"event:{openid}:{created}:{event}"
        if event == "subscribe":
            return replace(base, text="/start", external_id=external_id, meta=meta)
        # A menu key is the bureau's own setting, named after a bot command ("STATUS" →
        # "/status"); which commands exist is the bot's business, so any command-shaped key
        # goes through as one and the bot answers an unknown one as it answers any.
        if event == "click" and _COMMAND_KEY.fullmatch(key):
            return replace(base, text=f"/{key.lower()}", external_id=external_id, meta=meta)
        # unsubscribe, VIEW (a link opened), LOCATION reports...: kept, never answered.
        return replace(base, text="", external_id=external_id, meta=meta,
                       auto_generated=True)
    external_id = fields.get("MsgId", "") or f"msg:{openid}:{created}"
    if kind == "text":
        return replace(base, text=fields.get("Content", ""), external_id=external_id,
                       meta=meta)
    if kind == "image" and fields.get("MediaId"):
        picture = MediaRef(ref=fields["MediaId"], kind="image", filename="image.jpg",
                           content_type="image/jpeg")
        return replace(base, text="", external_id=external_id, meta=meta,
                       media=(picture,))
    if kind == "voice" and fields.get("MediaId"):
        audio = fields.get("Format", "amr").lower() or "amr"
        recording = MediaRef(ref=fields["MediaId"], kind="voice", filename=f"voice.{audio}",
                             content_type=f"audio/{audio}")
        recognition = fields.get("Recognition", "")
        if recognition:
            meta["recognition"] = "wechat"  # the text is WeChat's transcript, not the citizen's
        return replace(base, text=recognition, external_id=external_id, meta=meta,
                       media=(recording,))
    return replace(base, text="", external_id=external_id, meta=meta, needs_human=True)


def received_now() -> datetime:
    return datetime.now(UTC)
