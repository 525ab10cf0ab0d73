"""Telegram updates to :class:`InboundMessage`, read straight from the update's JSON.

Only the documented Bot API fields listed below are read, each type-checked (see
:mod:`channels.chat.jsonfields`); building python-telegram-bot's ``Update`` for every update
cost several times more than all of this together.

What the bot finds in ``meta`` (all values are strings; a key is absent when it does not apply):

- ``update_type``: ``message``, ``edited_message``, ``callback_query``, ``my_chat_member``, ...
- ``chat_id``: where the update happened (a private chat's id is the user's id)
- ``chat_type``: ``private``, ``group``, ``supergroup`` or ``channel``
- ``message_id``: the citizen's message, or for a tap the message holding the keyboard
- ``user_id``: the Telegram user id (also in ``sender``)
- ``language_code``: the citizen's Telegram language (IETF tag), a hint for ``/lang``
- ``sent_at``: the message's own date (ISO, UTC)
- ``reply_to_message_id``: the message the citizen answered with "reply"
- ``callback_query_id``, ``callback_data``: a keyboard tap (``text`` holds the data too)
- ``photo_file_id``, ``photo_file_size``, ``photo_width``, ``photo_height``: the largest size
- ``document_file_id``, ``document_file_name``, ``document_mime_type``, ``document_file_size``
- ``media_kind``: voice, video, audio, sticker, location, contact, ... (not fetched)
- ``member_status``: for ``my_chat_member``, the bot's new status (``kicked``: blocked by the
  citizen)

Only private-chat messages, edits and keyboard taps are a citizen talking to us. Anything else
(group chats, channel posts, membership changes) is stored for the record with
``auto_generated=True``: stored, never answered, never a case.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from channels.base import TELEGRAM, InboundMessage, MediaRef

from .errors import BadUpdate
from .jsonfields import (
    JsonObject,
    object_list,
    optional_int,
    optional_object,
    optional_str,
    required_int,
    required_object,
    required_str,
)

PRIVATE = "private"
_CONVERSATION = ("message", "edited_message", "callback_query")
_UPDATE_TYPES = (
    "message",
    "edited_message",
    "callback_query",
    "channel_post",
    "edited_channel_post",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "inline_query",
    "chosen_inline_result",
    "message_reaction",
    "message_reaction_count",
    "poll",
    "poll_answer",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "chat_boost",
    "removed_chat_boost",
)
#: Where the acting user is, as in python-telegram-bot's ``Update.effective_user``: the first
#: update field present decides, and names the key of the user inside it.
_USER_SOURCES = (
    ("message", "from"),
    ("edited_message", "from"),
    ("business_message", "from"),
    ("edited_business_message", "from"),
    ("guest_message", "from"),
    ("channel_post", "from"),
    ("edited_channel_post", "from"),
    ("inline_query", "from"),
    ("chosen_inline_result", "from"),
    ("callback_query", "from"),
    ("shipping_query", "from"),
    ("pre_checkout_query", "from"),
    ("poll_answer", "user"),
    ("my_chat_member", "from"),
    ("chat_member", "from"),
    ("chat_join_request", "from"),
    ("message_reaction", "user"),
    ("business_connection", "user"),
    ("purchased_paid_media", "from"),
    ("managed_bot", "user"),
)
#: Update fields holding a ``chat``, in ``Update.effective_chat``'s order (a keyboard tap's
#: chat is its message's, checked between the messages and ``my_chat_member``).
_CHAT_SOURCES = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "guest_message",
    "callback_query",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
    "message_reaction",
    "message_reaction_count",
)
_MESSAGES = ("message", "edited_message", "channel_post", "edited_channel_post")
_OTHER_MEDIA = (
    "voice",
    "video",
    "video_note",
    "audio",
    "animation",
    "sticker",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
)


@dataclass(frozen=True, slots=True)
class ChatUpdate:
    """What the channel uses of one update: the message to store, and the facts deciding what
    it owes the update after storing (answer a tap, tell a group that petitions are private)."""

    update_id: int
    kind: str
    sender: str
    sender_name: str
    text: str
    #: The chat the update happened in (``None``: inline queries, polls, ...).
    chat_id: int | None
    chat_type: str
    callback_query_id: str | None
    #: For ``my_chat_member``: the bot's new status in the chat.
    member_status: str | None
    meta: dict[str, str]


def parse_update(body: bytes) -> tuple[int, ChatUpdate | None]:
    """Decode a webhook body: its ``update_id`` and, when its fields are readable, the update
    (``None`` otherwise: the raw bytes are still stored, for a human).

    Raises :class:`BadUpdate` when the body is not a JSON object with an integer ``update_id``.
    """
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadUpdate("body is not JSON") from exc
    except RecursionError:
        # Nested past the decoder's stack: no update is, and a retry will not change it.
        raise BadUpdate("body is nested too deeply to be an update") from None
    if not isinstance(data, dict):
        raise BadUpdate("body is not a JSON object")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise BadUpdate("no integer update_id")
    try:
        return update_id, read_update(data)
    except Exception:  # noqa: BLE001 - malformed, or a reader bug: either way the raw is kept
        return update_id, None


def unreadable_to_inbound(update_id: int, raw: bytes, received_at: datetime) -> InboundMessage:
    """An update we could not read: stored as it came, flagged for a human. Its sender is
    unknown, so it gets an identity of its own: unknown senders never share one (and with it
    each other's cases)."""
    return InboundMessage(
        channel=TELEGRAM,
        sender=f"telegram:unknown-{update_id}",
        text="",
        external_id=str(update_id),
        received_at=received_at,
        raw=raw,
        needs_human=True,
        meta={"update_type": "unknown"},
    )


def update_type(data: JsonObject) -> str:
    """The name of the one field of the update that is set (``"unknown"`` if none we know)."""
    for name in _UPDATE_TYPES:
        if data.get(name) is not None:
            return name
    return "unknown"


def _first_object(data: JsonObject, names: tuple[str, ...]) -> JsonObject | None:
    for name in names:
        value = optional_object(data, name)
        if value is not None:
            return value
    return None


def _effective_user(data: JsonObject) -> JsonObject | None:
    for kind, key in _USER_SOURCES:
        source = optional_object(data, kind)
        if source is not None:
            return optional_object(source, key)
    return None


def _effective_chat(data: JsonObject) -> JsonObject | None:
    for kind in _CHAT_SOURCES:
        source = optional_object(data, kind)
        if source is None:
            continue
        if kind == "callback_query":
            source = optional_object(source, "message")
            if source is None:  # a tap on an inline-mode message has no chat
                continue
        return required_object(source, "chat")
    return None


def _largest_photo_meta(message: JsonObject, meta: dict[str, str]) -> None:
    sizes = [
        (
            required_str(size, "file_id"),
            required_int(size, "width"),
            required_int(size, "height"),
            optional_int(size, "file_size"),
        )
        for size in object_list(message, "photo")
    ]
    if not sizes:
        return
    file_id, width, height, file_size = max(sizes, key=lambda s: (s[1] * s[2], s[3] or 0))
    meta["photo_file_id"] = file_id
    meta["photo_width"] = str(width)
    meta["photo_height"] = str(height)
    if file_size is not None:
        meta["photo_file_size"] = str(file_size)


def _document_meta(message: JsonObject, meta: dict[str, str]) -> None:
    document = optional_object(message, "document")
    if document is None:
        return
    meta["document_file_id"] = required_str(document, "file_id")
    file_name = optional_str(document, "file_name")
    if file_name:
        meta["document_file_name"] = file_name
    mime_type = optional_str(document, "mime_type")
    if mime_type:
        meta["document_mime_type"] = mime_type
    file_size = optional_int(document, "file_size")
    if file_size is not None:
        meta["document_file_size"] = str(file_size)


def _message_meta(message: JsonObject, meta: dict[str, str]) -> str:
    """Fill in a message's meta; returns its text (or caption)."""
    meta["message_id"] = str(required_int(message, "message_id"))
    meta["sent_at"] = datetime.fromtimestamp(required_int(message, "date"), UTC).isoformat()
    reply_to = optional_object(message, "reply_to_message")
    if reply_to is not None:
        meta["reply_to_message_id"] = str(required_int(reply_to, "message_id"))
    _largest_photo_meta(message, meta)
    _document_meta(message, meta)
    for kind in _OTHER_MEDIA:
        if message.get(kind) is not None:
            meta["media_kind"] = kind
            break
    return optional_str(message, "text") or optional_str(message, "caption") or ""


def _full_name(user: JsonObject) -> str:
    first = required_str(user, "first_name")
    last = optional_str(user, "last_name")
    return f"{first} {last}" if last else first


def read_update(data: JsonObject) -> ChatUpdate:
    """Read one decoded update; raises :class:`BadUpdate` if a field we use is malformed."""
    update_id = required_int(data, "update_id")
    kind = update_type(data)
    meta: dict[str, str] = {"update_type": kind}
    user = _effective_user(data)
    user_id: int | None = None
    sender_name = ""
    if user is not None:
        user_id = required_int(user, "id")
        sender_name = _full_name(user)
        meta["user_id"] = str(user_id)
        language_code = optional_str(user, "language_code")
        if language_code:
            meta["language_code"] = language_code
    text = ""
    query = optional_object(data, "callback_query")
    query_id: str | None = None
    if query is not None:
        query_id = required_str(query, "id")
        meta["callback_query_id"] = query_id
        data_field = optional_str(query, "data")
        if data_field is not None:
            meta["callback_data"] = data_field
        text = data_field or ""
        query_message = optional_object(query, "message")
        chat = None
        if query_message is not None:
            meta["message_id"] = str(required_int(query_message, "message_id"))
            chat = required_object(query_message, "chat")
    else:
        chat = _effective_chat(data)
        message = _first_object(data, _MESSAGES)
        if message is not None:
            text = _message_meta(message, meta)
    chat_id: int | None = None
    chat_type = ""
    if chat is not None:
        chat_id = required_int(chat, "id")
        chat_type = required_str(chat, "type")
        meta["chat_id"] = str(chat_id)
        meta["chat_type"] = chat_type
    member_status: str | None = None
    member = optional_object(data, "my_chat_member")
    if member is not None:
        member_status = required_str(required_object(member, "new_chat_member"), "status")
        meta["member_status"] = member_status
    if user_id is not None:
        sender = f"telegram:{user_id}"
    elif chat_id is not None:
        sender = f"telegram:{chat_id}"
    else:
        sender = f"telegram:unknown-{update_id}"  # never one identity for all unknowns
    return ChatUpdate(
        update_id=update_id,
        kind=kind,
        sender=sender,
        sender_name=sender_name,
        text=text,
        chat_id=chat_id,
        chat_type=chat_type,
        callback_query_id=query_id,
        member_status=member_status,
        meta=meta,
    )


def to_inbound(update: ChatUpdate, raw: bytes, received_at: datetime) -> InboundMessage:
    """Normalize one update. ``raw`` is the update's JSON exactly as received."""
    conversation = update.kind in _CONVERSATION and update.chat_type == PRIVATE
    return InboundMessage(
        channel=TELEGRAM,
        sender=update.sender,
        text=update.text,
        external_id=str(update.update_id),
        received_at=received_at,
        raw=raw,
        sender_name=update.sender_name,
        auto_generated=not conversation,
        meta=update.meta,
        media=media_refs(update.meta),
    )


def media_refs(meta: Mapping[str, str]) -> tuple[MediaRef, ...]:
    """The files a message names (its largest photo size, its document), for the bot to queue."""
    refs = []
    if meta.get("photo_file_id"):
        refs.append(MediaRef(ref=meta["photo_file_id"], kind="image", filename="photo.jpg",
                             content_type="image/jpeg"))
    if meta.get("document_file_id"):
        refs.append(MediaRef(ref=meta["document_file_id"], kind="document",
                             filename=meta.get("document_file_name", ""),
                             content_type=meta.get("document_mime_type", "")))
    return tuple(refs)
