"""Keep secrets and personal data out of the logs, whatever logs them.

Our own code logs ids, counts and exception type names, never petitioner data. Libraries are
another matter: httpx logs every request URL at INFO (the Telegram bot token is in the path),
python-telegram-bot logs request payloads at DEBUG, aiosmtpd logs the peer's commands and data
at DEBUG, SQLAlchemy echoes parameters, uvicorn's access log carries query strings. So
:func:`install` (called by ``run.py`` once the log level is set):

* raises those data-bearing library loggers to WARNING, even when the rest runs at DEBUG;
* wraps the log-record factory so every record, from any logger and for any handler, is
  formatted once and scrubbed: the deployment's secrets (bot token, Twilio token, webhook
  secret, the bureau's HMAC key, a database password) and anything shaped like a phone number,
  an ID number or an e-mail address become ``«redacted»``, in the message, the traceback and
  the stack. A record that needed no change is left exactly as it was;
* writes tracebacks with the frames and the exception types but not the exceptions' messages:
  a message may quote the input that caused it (a parser's error, a database error's
  parameters), and input here is a petitioner's letter.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable
from typing import Any, Final

REDACTED: Final = "«redacted»"
#: Library loggers whose DEBUG/INFO output carries URLs with tokens or message content.
QUIET: Final = ("httpx", "httpcore", "telegram", "telegram.ext", "aiosmtpd", "mail.log",
                "sqlalchemy.engine", "sqlalchemy.pool", "uvicorn.access", "multipart",
                "python_multipart", "hpack", "twilio.http_client", "urllib3")
#: Personal data by shape: mainland mobile numbers (with or without +86), 18-character ID
#: numbers, e-mail addresses. Names and free text have no shape: our code never logs them.
PATTERNS: Final = (
    re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)"),
    re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])"),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
)
_MIN_SECRET: Final = 6  # shorter values would redact ordinary words

_secrets: set[str] = set()
_previous: list[Any] = []  # [the record factory before install], empty when not installed
_levels: dict[str, int] = {}


def redact(text: str) -> str:
    """``text`` with every known secret and personal-data shape replaced."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern in PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


def add_secrets(values: Iterable[str]) -> None:
    for value in values:
        if value and len(value) >= _MIN_SECRET:
            _secrets.add(value)
            if ":" in value:  # a bot token: its secret half leaks on its own too
                tail = value.split(":", 1)[1]
                if len(tail) >= _MIN_SECRET:
                    _secrets.add(tail)


def install(secrets: Iterable[str] = ()) -> None:
    """Quiet the data-bearing library loggers and scrub every record from now on.

    Idempotent: a second call only adds secrets."""
    add_secrets(secrets)
    for name in QUIET:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.WARNING:
            _levels.setdefault(name, logger.level)
            logger.setLevel(logging.WARNING)
    if _previous:
        return
    previous = logging.getLogRecordFactory()
    _previous.append(previous)

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        scrub(record)
        return record

    logging.setLogRecordFactory(factory)


def uninstall() -> None:
    """Undo :func:`install` (tests that wire the process as ``run.py`` does, then restore)."""
    if _previous:
        logging.setLogRecordFactory(_previous.pop())
    for name, level in _levels.items():
        logging.getLogger(name).setLevel(level)
    _levels.clear()
    _secrets.clear()


def scrub(record: logging.LogRecord) -> None:
    """Redact a record in place; records without anything to hide are left untouched."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed record is the handler's to report
        return
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        record.exc_text = redact(safe_traceback(record.exc_info[1]))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


def safe_traceback(error: BaseException) -> str:
    """The traceback of ``error`` and its causes: frames and types, messages withheld."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__
                                        else current.__context__)
    parts = []
    for exc in reversed(chain):
        kind = type(exc)
        parts.append("Traceback (most recent call last):\n"
                     + "".join(traceback.format_tb(exc.__traceback__))
                     + f"{kind.__module__}.{kind.__qualname__}: (message withheld)")
    return "\n\nThe above led to:\n\n".join(parts)


def secrets_of(settings: Any) -> list[str]:
    """The secrets in a :class:`bot.settings.Settings`: credentials and a database password."""
    values = [settings.twilio_auth_token, settings.telegram_token,
              settings.telegram_webhook_secret, settings.secret_key,
              settings.wechat_app_secret, settings.wechat_token, settings.wechat_aes_key]
    key_file = settings.data_dir / "secret.key"  # the generated HMAC key, once it exists
    if not settings.secret_key and key_file.is_file():
        values.append(key_file.read_text(errors="replace").strip())
    url = settings.database_url
    if "@" in url and "://" in url:
        credentials = url.split("://", 1)[1].rsplit("@", 1)[0]
        if ":" in credentials:
            values.append(credentials.split(":", 1)[1])
    return [v for v in values if v]
