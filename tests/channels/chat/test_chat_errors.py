from __future__ import annotations

import datetime as dt

import pytest
from telegram import error as tg_error

from channels.chat import translate_send_error
from channels.chat.errors import FileTooLarge, translate_file_error


@pytest.mark.parametrize(
    ("exc", "retryable"),
    [
        (tg_error.BadRequest("Bad Request: chat not found"), False),
        (tg_error.Forbidden("Forbidden: bot was blocked by the user"), False),
        (tg_error.InvalidToken(), False),
        (tg_error.ChatMigrated(-100123), False),
        (tg_error.TimedOut(), True),
        (tg_error.NetworkError("Bad Gateway (502)"), True),
        (tg_error.Conflict("terminated by other getUpdates request"), True),
        (tg_error.TelegramError("Invalid server response"), True),
    ],
)
def test_translation(exc: tg_error.TelegramError, retryable: bool) -> None:
    error = translate_send_error(exc)
    assert error.retryable is retryable
    assert error.retry_after is None
    assert type(exc).__name__ in error.reason


@pytest.mark.parametrize("wait", [7, dt.timedelta(seconds=7)])
def test_retry_after_carries_the_wait(wait: int | dt.timedelta) -> None:
    error = translate_send_error(tg_error.RetryAfter(wait))
    assert error.retryable is True
    assert error.retry_after == 7.0


def test_file_errors() -> None:
    assert translate_file_error(tg_error.BadRequest("file is too big")).retryable is False
    assert translate_file_error(tg_error.TimedOut()).retryable is True
    too_large = FileTooLarge(30, 20)
    assert (too_large.size, too_large.limit, too_large.retryable) == (30, 20, False)
