"""Telegram updates to :class:`InboundMessage`.

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
from datetime import UTC, datetime

from telegram import CallbackQuery, Chat, Message, Update, User

from channels.base import TELEGRAM, InboundMessage

from .errors import BadUpdate

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


def update_type(update: Update) -> str:
    """The name of the one field of the update that is set (``"unknown"`` if none we know)."""
    for name in _UPDATE_TYPES:
        if getattr(update, name, None) is not None:
            return name
    return "unknown"


def parse_update(body: bytes) -> tuple[int, Update | None]:
    """Decode a webhook body: its ``update_id`` and, when python-telegram-bot can read it, the
    typed update (``None`` otherwise: the raw bytes are still stored, for a human).

    Raises :class:`BadUpdate` when the body is not a JSON object with an integer ``update_id``.
    """
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadUpdate("body is not JSON") from exc
    if not isinstance(data, dict):
        raise BadUpdate("body is not a JSON object")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise BadUpdate("no integer update_id")
    try:
        return update_id, Update.de_json(data, None)
    except Exception:  # noqa: BLE001 - any library parse failure: keep the raw bytes
        return update_id, None


def unreadable_to_inbound(update_id: int, raw: bytes, received_at: datetime) -> InboundMessage:
    """An update we could not parse: stored as it came, flagged for a human."""
    return InboundMessage(
        channel=TELEGRAM,
        sender="telegram:unknown",
        text="",
        external_id=str(update_id),
        received_at=received_at,
        raw=raw,
        needs_human=True,
        meta={"update_type": "unknown"},
    )


def _largest_photo_meta(message: Message, meta: dict[str, str]) -> None:
    if not message.photo:
        return
    largest = max(message.photo, key=lambda size: (size.width * size.height, size.file_size or 0))
    meta["photo_file_id"] = largest.file_id
    meta["photo_width"] = str(largest.width)
    meta["photo_height"] = str(largest.height)
    if largest.file_size is not None:
        meta["photo_file_size"] = str(largest.file_size)


def _message_meta(message: Message, meta: dict[str, str]) -> None:
    meta["message_id"] = str(message.message_id)
    meta["sent_at"] = message.date.astimezone(UTC).isoformat()
    if message.reply_to_message is not None:
        meta["reply_to_message_id"] = str(message.reply_to_message.message_id)
    _largest_photo_meta(message, meta)
    document = message.document
    if document is not None:
        meta["document_file_id"] = document.file_id
        if document.file_name:
            meta["document_file_name"] = document.file_name
        if document.mime_type:
            meta["document_mime_type"] = document.mime_type
        if document.file_size is not None:
            meta["document_file_size"] = str(document.file_size)
    for kind in _OTHER_MEDIA:
        if getattr(message, kind, None) is not None:
            meta["media_kind"] = kind
            break


def _chat_meta(chat: Chat | None, meta: dict[str, str]) -> None:
    if chat is not None:
        meta["chat_id"] = str(chat.id)
        meta["chat_type"] = chat.type


def _user_meta(user: User | None, meta: dict[str, str]) -> None:
    if user is not None:
        meta["user_id"] = str(user.id)
        if user.language_code:
            meta["language_code"] = user.language_code


def _callback_meta(query: CallbackQuery, meta: dict[str, str]) -> None:
    meta["callback_query_id"] = query.id
    if query.data is not None:
        meta["callback_data"] = query.data
    if query.message is not None:
        meta["message_id"] = str(query.message.message_id)
        _chat_meta(query.message.chat, meta)


def _sender(update: Update) -> str:
    user = update.effective_user
    if user is not None:
        return f"telegram:{user.id}"
    chat = update.effective_chat
    if chat is not None:
        return f"telegram:{chat.id}"
    return "telegram:unknown"


def to_inbound(update: Update, raw: bytes, received_at: datetime) -> InboundMessage:
    """Normalize one update. ``raw`` is the update's JSON exactly as received."""
    kind = update_type(update)
    meta: dict[str, str] = {"update_type": kind}
    _user_meta(update.effective_user, meta)
    text = ""
    query = update.callback_query
    if query is not None:
        _callback_meta(query, meta)
        text = query.data or ""
    else:
        _chat_meta(update.effective_chat, meta)
        message = update.message or update.edited_message or update.channel_post
        message = message or update.edited_channel_post
        if message is not None:
            _message_meta(message, meta)
            text = message.text or message.caption or ""
    member = update.my_chat_member
    if member is not None:
        meta["member_status"] = member.new_chat_member.status
    private = meta.get("chat_type") == Chat.PRIVATE
    conversation = kind in _CONVERSATION and private
    user = update.effective_user
    return InboundMessage(
        channel=TELEGRAM,
        sender=_sender(update),
        text=text,
        external_id=str(update.update_id),
        received_at=received_at,
        raw=raw,
        sender_name=user.full_name if user is not None else "",
        auto_generated=not conversation,
        meta=meta,
    )
