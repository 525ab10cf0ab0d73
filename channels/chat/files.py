"""Fetching a citizen's photo or document: ``getFile``, then one HTTP(S) download from the
configured Bot API origin, within size and type limits.

The Bot API answers ``getFile`` with a ``file_path``; a self-hosted or compromised Bot API
can answer anything there. python-telegram-bot reads an existing *local* path straight from
disk (``/etc/hostname``, the data dir's secret key) instead of downloading it, so its
``File`` is never used here: the raw ``getFile`` result is checked (a relative path, no
``..``, no scheme, no backslash) and the file is downloaded with our own streaming HTTP
client from ``<api origin>/file/bot<token>/<path>`` only — no redirects, no other origin, the
byte limit enforced while reading. The type must be one a petition can carry (images, PDF,
office documents, text, audio, video); anything else is refused, and the message keeps the
file id for staff.
"""

from __future__ import annotations

import mimetypes
import re
import warnings
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
from telegram import Bot
from telegram import error as tg_error
from telegram.warnings import PTBUserWarning

from channels.base import IncomingAttachment

from .errors import FileFetchError, FileTooLarge, translate_file_error

#: What a petition may carry: evidence and documents, never programs or pages.
ALLOWED_TYPES = ("image/", "audio/", "video/", "application/pdf", "text/plain",
                 "application/msword", "application/vnd.openxmlformats-officedocument.",
                 "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
                 "application/vnd.oasis.opendocument.", "application/octet-stream")
#: Bytes that give a program or a web page away, whatever the name says.
_EXECUTABLE = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")
_MARKUP = re.compile(rb"^\s*<(?:!doctype|html|script|svg|\?xml|\?php)", re.IGNORECASE)
_MAX_PATH = 512
_CHUNK = 64 * 1024


class Downloader:
    """Streams one file from the Bot API origin with a byte limit; one client per channel."""

    def __init__(self, *, proxy: str = "", transport: httpx.AsyncBaseTransport | None = None,
                 timeout: float = 30.0) -> None:
        self._proxy = proxy
        self._transport = transport
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self._timeout, transport=self._transport, proxy=self._proxy or None,
                follow_redirects=False, trust_env=False)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    async def get(self, url: str, max_bytes: int) -> bytes:
        """The body of ``url``; raises :class:`FileFetchError` (the URL, which holds the
        token, is never in the reason) or :class:`FileTooLarge`."""
        try:
            async with self._http().stream("GET", url) as response:
                if response.status_code != 200:
                    status = response.status_code
                    raise FileFetchError(f"file download answered {status}",
                                         retryable=status == 429 or status >= 500)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FileTooLarge(int(declared), max_bytes)
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes(_CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge(size, max_bytes)
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.TransportError as exc:
            raise FileFetchError(f"file download failed ({type(exc).__name__})",
                                 retryable=True) from None
        except httpx.HTTPError as exc:
            raise FileFetchError(f"file download failed ({type(exc).__name__})",
                                 retryable=False) from None


def checked_path(value: object) -> str:
    """The ``file_path`` of a ``getFile`` answer if it names a file under the download URL."""
    if not isinstance(value, str) or not value or len(value) > _MAX_PATH:
        raise FileFetchError("the Bot API gave no usable download path", retryable=False)
    parts = value.split("/")
    if (value.startswith("/") or "\\" in value or ":" in value or "\x00" in value
            or any(part in ("", ".", "..") for part in parts)
            or any(ord(char) < 0x20 for char in value)):
        # An absolute or local path (a Bot API in --local mode, or one that lies), a URL, a
        # way out of the file directory: never read, never followed.
        raise FileFetchError("the Bot API answered a path that is not a download path",
                             retryable=False)
    return value


async def fetch_file(
    bot: Bot,
    file_id: str,
    max_bytes: int,
    *,
    downloader: Downloader,
    filename: str = "",
    content_type: str = "",
    timeout: float = 30.0,
) -> IncomingAttachment:
    """Download one file. ``filename`` / ``content_type`` override what the path suggests
    (pass a document's ``document_file_name`` / ``document_mime_type`` from the message meta).

    The size Telegram reports is checked before downloading and the bytes while downloading,
    so a file over ``max_bytes`` is refused with :class:`FileTooLarge`; other failures raise
    :class:`FileFetchError` with ``retryable`` set.
    """
    try:
        with warnings.catch_warnings():
            # The raw answer on purpose: Bot.get_file would resolve a local path itself.
            warnings.simplefilter("ignore", PTBUserWarning)
            result: Any = await bot.do_api_request(
                "getFile", api_kwargs={"file_id": file_id}, read_timeout=timeout,
                connect_timeout=timeout, write_timeout=timeout)
    except tg_error.TelegramError as exc:
        raise translate_file_error(exc) from exc
    if not isinstance(result, dict):
        raise FileFetchError("the Bot API answered getFile without a file", retryable=False)
    size = result.get("file_size")
    if isinstance(size, int) and not isinstance(size, bool) and size > max_bytes:
        raise FileTooLarge(size, max_bytes)
    path = checked_path(result.get("file_path"))
    url = f"{bot.base_file_url}/{quote(path)}"
    if urlsplit(url).scheme not in ("http", "https"):
        raise FileFetchError("the Bot API file URL is not HTTP(S)", retryable=False)
    data = await downloader.get(url, max_bytes)
    name = filename or PurePosixPath(path).name or "file"
    kind = (content_type or mimetypes.guess_type(name)[0] or "application/octet-stream").lower()
    if not kind.startswith(ALLOWED_TYPES) or data.startswith(_EXECUTABLE) or (
            _MARKUP.match(data[:256]) and not kind.startswith("text/plain")):
        raise FileFetchError(f"file type not accepted ({kind[:60]})", retryable=False)
    return IncomingAttachment(filename=name, content_type=kind, data=data)
