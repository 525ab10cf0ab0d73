"""Sending replies: split, keyboard, flood limits, errors translated once, each chunk sent once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram import error as tg_error

from channels.base import RESEND, Button, Delivery, OutboundMessage, SendError

from .errors import translate_send_error
from .ratelimit import SendRateLimiter
from .splitting import split_text
from .texts import RESEND_NOTE

#: Telegram's limit on ``callback_data``.
CALLBACK_DATA_MAX_BYTES = 64


def chat_id_of(recipient: str) -> int:
    """``"telegram:123456"`` -> ``123456``; anything else is a permanent :class:`SendError`."""
    scheme, _, value = recipient.partition(":")
    try:
        if scheme != "telegram":
            raise ValueError(scheme)
        return int(value)
    except ValueError:
        raise SendError("recipient is not a telegram:<id> URN", retryable=False) from None


def build_keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """An inline keyboard for :attr:`OutboundMessage.buttons` (``None`` when there are none)."""
    keyboard: list[list[InlineKeyboardButton]] = []
    for row in rows:
        line: list[InlineKeyboardButton] = []
        for button in row:
            if not button.label.strip():
                raise SendError("button without a label", retryable=False)
            size = len(button.data.encode("utf-8"))
            if not 1 <= size <= CALLBACK_DATA_MAX_BYTES:
                raise SendError(
                    f"button data is {size} bytes; Telegram takes 1-{CALLBACK_DATA_MAX_BYTES}",
                    retryable=False,
                )
            line.append(InlineKeyboardButton(button.label, callback_data=button.data))
        if line:
            keyboard.append(line)
    return InlineKeyboardMarkup(keyboard) if keyboard else None


class Sender:
    """Delivers :class:`OutboundMessage` through a :class:`telegram.Bot`.

    A text over 4,096 characters goes as several messages, the keyboard on the last one. When
    a later part fails, the ids of the parts already delivered are remembered under the
    message's ``outbox_id`` so the outbox's retry resumes after them instead of repeating
    them. This memory lives in the process (bounded); a restart between the two attempts can
    repeat a part, which the Bot API gives us no way to avoid.
    """

    def __init__(
        self,
        bot: Bot,
        limiter: SendRateLimiter,
        *,
        read_timeout: float = 10.0,
        max_partials: int = 1024,
    ) -> None:
        self._bot = bot
        self._limiter = limiter
        self._read_timeout = read_timeout
        self._partials: OrderedDict[int, list[int]] = OrderedDict()
        self._max_partials = max_partials

    async def send(self, message: OutboundMessage) -> Delivery:
        """Deliver ``message``; ``provider_id`` is the Telegram message id(s), comma-joined."""
        chat_id = chat_id_of(message.recipient)
        text = message.text
        if message.meta.get(RESEND) == "1" and text:
            text = f"{RESEND_NOTE}\n{text}"  # Telegram has no idempotency: say it may repeat
        chunks = split_text(text)
        if not chunks:
            raise SendError("empty text", retryable=False)
        markup = build_keyboard(message.buttons)
        key = message.outbox_id
        sent = self._partials.pop(key, []) if key is not None else []
        reply_to = int(message.in_reply_to) if message.in_reply_to.isdigit() else None
        for index, chunk in enumerate(chunks):
            if index < len(sent):
                continue
            last = index == len(chunks) - 1
            try:
                message_id = await self.send_text(
                    chat_id,
                    chunk,
                    markup=markup if last else None,
                    reply_to=reply_to if index == 0 else None,
                )
            except SendError:
                if key is not None and sent:
                    self._remember(key, sent)
                raise
            sent.append(message_id)
        return Delivery(provider_id=",".join(str(message_id) for message_id in sent))

    async def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        markup: InlineKeyboardMarkup | None = None,
        reply_to: int | None = None,
    ) -> int:
        """Send one message of at most 4,096 characters after the flood limits allow it."""
        await self._limiter.acquire(str(chat_id))
        reply = (
            ReplyParameters(reply_to, allow_sending_without_reply=True)
            if reply_to is not None
            else None
        )
        try:
            sent = await self._bot.send_message(
                chat_id=chat_id,
                text=text,
                reply_markup=markup,
                reply_parameters=reply,
                read_timeout=self._read_timeout,
                write_timeout=self._read_timeout,
                connect_timeout=self._read_timeout,
            )
        except tg_error.TelegramError as exc:
            raise translate_send_error(exc) from exc
        return sent.message_id

    def _remember(self, key: int, sent: list[int]) -> None:
        self._partials[key] = sent
        while len(self._partials) > self._max_partials:
            self._partials.popitem(last=False)
