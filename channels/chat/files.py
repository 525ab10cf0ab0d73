"""Fetching a citizen's photo or document with ``getFile`` and a download, within a size limit."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from telegram import Bot
from telegram import error as tg_error

from channels.base import IncomingAttachment

from .errors import FileFetchError, FileTooLarge, translate_file_error


async def fetch_file(
    bot: Bot,
    file_id: str,
    max_bytes: int,
    *,
    filename: str = "",
    content_type: str = "",
    timeout: float = 30.0,
) -> IncomingAttachment:
    """Download one file. ``filename`` / ``content_type`` override what the path suggests
    (pass a document's ``document_file_name`` / ``document_mime_type`` from the message meta).

    The size Telegram reports is checked before downloading and the bytes after, so a file
    over ``max_bytes`` is refused with :class:`FileTooLarge`; other failures raise
    :class:`FileFetchError` with ``retryable`` set. The file URL holds the bot token: it is
    never logged or returned.
    """
    try:
        remote = await bot.get_file(
            file_id, read_timeout=timeout, connect_timeout=timeout, write_timeout=timeout
        )
    except tg_error.TelegramError as exc:
        raise translate_file_error(exc) from exc
    if remote.file_size is not None and remote.file_size > max_bytes:
        raise FileTooLarge(remote.file_size, max_bytes)
    if not remote.file_path:
        raise FileFetchError("the Bot API gave no download path", retryable=False)
    try:
        data = bytes(
            await remote.download_as_bytearray(
                read_timeout=timeout, connect_timeout=timeout, write_timeout=timeout
            )
        )
    except tg_error.TelegramError as exc:
        raise translate_file_error(exc) from exc
    if len(data) > max_bytes:
        raise FileTooLarge(len(data), max_bytes)
    name = filename or PurePosixPath(remote.file_path.split("?", 1)[0]).name or "file"
    kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return IncomingAttachment(filename=name, content_type=kind, data=data)
