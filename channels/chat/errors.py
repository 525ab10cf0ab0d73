"""Errors of the Telegram channel, and the one place python-telegram-bot's errors are translated.

Exception tree (everything derives from the contract's ``ChannelError``)::

    ChannelError                      channels.base
     ├── SendError                    channels.base: ``retryable`` / ``retry_after`` say what to do
     ├── IntakeUnavailable            channels.base: raised by the intake, answered with 503
     ├── BadUpdate                    a webhook body that is not a Telegram update (HTTP 400)
     └── FileFetchError               a citizen's file could not be downloaded; ``retryable``
          └── FileTooLarge            over the size limit, never retried

Translation of ``telegram.error`` (its own tree: ``BadRequest`` and ``TimedOut`` are both
subclasses of ``NetworkError``, so the order of the checks below matters)::

    RetryAfter            -> retryable, retry_after = the server's figure
    BadRequest            -> not retryable (the request itself is wrong: chat not found, ...)
    Forbidden             -> not retryable (the citizen blocked the bot)
    InvalidToken          -> not retryable (configuration)
    ChatMigrated          -> not retryable (groups only; we only write to private chats)
    TimedOut/NetworkError -> retryable
    any other             -> retryable (server trouble: "try again" is the safe answer)
"""

from __future__ import annotations

import datetime as dt
import warnings

from telegram import error as tg_error

from channels.base import ChannelError, SendError

#: Longest Telegram description carried into a reason; descriptions never hold message text,
#: but a bound keeps a misbehaving server from filling our outbox rows.
_MAX_REASON = 200


class BadUpdate(ChannelError):
    """A webhook body that is not a Telegram update (not JSON, or no integer ``update_id``)."""


class FileFetchError(ChannelError):
    """A file a citizen sent could not be fetched from the Bot API."""

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class FileTooLarge(FileFetchError):
    """The file is larger than the caller's limit (or than the Bot API lets bots download)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"file of {size} bytes exceeds the limit of {limit} bytes", retryable=False
        )
        self.size = size
        self.limit = limit


def retry_after_seconds(exc: tg_error.RetryAfter) -> float:
    """The server's wait in seconds, whichever type this PTB version uses for it."""
    # PTB 22 keeps the normalized timedelta privately; its public ``retry_after`` is an int
    # that emits a deprecation warning on every read (and is a timedelta in PTB 23).
    value: object = getattr(exc, "_retry_after", None)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        public: object = exc.retry_after
    if isinstance(public, dt.timedelta):
        return public.total_seconds()
    if isinstance(public, (int, float)):
        return float(public)
    return 1.0


def _describe(exc: tg_error.TelegramError) -> str:
    return f"{type(exc).__name__}: {exc.message[:_MAX_REASON]}"


def is_retryable(exc: tg_error.TelegramError) -> bool:
    """Whether trying the same request again later can succeed."""
    if isinstance(exc, tg_error.RetryAfter):
        return True
    permanent = (
        tg_error.BadRequest,
        tg_error.Forbidden,
        tg_error.InvalidToken,
        tg_error.ChatMigrated,
    )
    return not isinstance(exc, permanent)


def translate_send_error(exc: tg_error.TelegramError) -> SendError:
    """Turn a python-telegram-bot error into the contract's :class:`SendError`."""
    if isinstance(exc, tg_error.RetryAfter):
        return SendError(_describe(exc), retryable=True, retry_after=retry_after_seconds(exc))
    return SendError(_describe(exc), retryable=is_retryable(exc))


def translate_file_error(exc: tg_error.TelegramError) -> FileFetchError:
    """Turn a python-telegram-bot error met while fetching a file into :class:`FileFetchError`."""
    return FileFetchError(_describe(exc), retryable=is_retryable(exc))
