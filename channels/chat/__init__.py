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

from __future__ import annotations

from typing import TYPE_CHECKING

from channels.lazy import lazy_exports

from .kind import CAPABILITIES, KIND

# The kind (capabilities and construction) is all run.py needs at start; the protocol modules,
# with their heavy libraries, load on first use of one of their names (PEP 562).
if TYPE_CHECKING:
    from .channel import DEFAULT_API_URL, TelegramChannel, build_bot, guard_library_logs
    from .commands import parse_command
    from .errors import BadUpdate, FileFetchError, FileTooLarge, translate_send_error
    from .normalize import to_inbound
    from .outbound import build_keyboard, chat_id_of
    from .ratelimit import SendRateLimiter, TokenBucket
    from .splitting import TELEGRAM_TEXT_LIMIT, split_text
    from .texts import group_notice
    from .webhook import SECRET_HEADER, WEBHOOK_PATH

_LAZY = {
    "DEFAULT_API_URL": ".channel",
    "TelegramChannel": ".channel",
    "build_bot": ".channel",
    "guard_library_logs": ".channel",
    "parse_command": ".commands",
    "BadUpdate": ".errors",
    "FileFetchError": ".errors",
    "FileTooLarge": ".errors",
    "translate_send_error": ".errors",
    "to_inbound": ".normalize",
    "build_keyboard": ".outbound",
    "chat_id_of": ".outbound",
    "SendRateLimiter": ".ratelimit",
    "TokenBucket": ".ratelimit",
    "TELEGRAM_TEXT_LIMIT": ".splitting",
    "split_text": ".splitting",
    "group_notice": ".texts",
    "SECRET_HEADER": ".webhook",
    "WEBHOOK_PATH": ".webhook",
}


__getattr__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "CAPABILITIES",
    "DEFAULT_API_URL",
    "KIND",
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
