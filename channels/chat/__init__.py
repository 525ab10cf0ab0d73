"""Telegram chat channel (python-telegram-bot): polling or webhook in, replies out.

Public surface::

    TelegramChannel(token, intake, *, webhook_secret="", api_url="", webhook_url="", proxy="",
                    request=None, updates_request=None, poll_interval=0.5, poll_timeout=25, ...)
    parse_command(text, bot_username="") -> (command, args) | None   for the bot's conversation
    split_text(text, limit=4096) -> list[str]                         pure
    SendRateLimiter, TokenBucket                                      flood limits
    FileFetchError, FileTooLarge, BadUpdate                           this package's errors

The meta keys of the messages it stores are listed in :mod:`channels.chat.normalize`.
"""

from .channel import DEFAULT_API_URL, TelegramChannel, build_bot, guard_library_logs
from .commands import COMMANDS, KNOWN_COMMANDS, parse_command
from .errors import BadUpdate, FileFetchError, FileTooLarge, translate_send_error
from .kind import CAPABILITIES, KIND
from .normalize import to_inbound
from .outbound import build_keyboard, chat_id_of
from .ratelimit import SendRateLimiter, TokenBucket
from .splitting import TELEGRAM_TEXT_LIMIT, split_text
from .texts import group_notice
from .webhook import SECRET_HEADER, WEBHOOK_PATH

__all__ = [
    "CAPABILITIES",
    "COMMANDS",
    "DEFAULT_API_URL",
    "KIND",
    "KNOWN_COMMANDS",
    "SECRET_HEADER",
    "TELEGRAM_TEXT_LIMIT",
    "WEBHOOK_PATH",
    "BadUpdate",
    "FileFetchError",
    "FileTooLarge",
    "SendRateLimiter",
    "TelegramChannel",
    "TokenBucket",
    "build_bot",
    "build_keyboard",
    "chat_id_of",
    "group_notice",
    "guard_library_logs",
    "parse_command",
    "split_text",
    "to_inbound",
    "translate_send_error",
]
