"""Files a message names but does not carry: the :class:`~channels.base.MediaRef` of its
``media`` (an MMS picture, a Telegram photo, a WeChat voice message). What a ref means is the
channel's business; here it is an opaque handle with a kind, a name and a content type.

The refs are stored with the message (under :data:`MEDIA_META` in its ``meta``, in the form
:func:`media_to_meta` writes). Processing a message queues one :class:`MediaFetch` row per file
in the same transaction; the :class:`MediaFetcher` downloads them through the channel that
named them (its :class:`~channels.base.MediaSource`, with its own credentials) and keeps each
as a content-addressed attachment of the message and its case. Failures retry
with backoff; an error that says it is not retryable (too large, gone) ends as ``failed`` with
the reason, and the message keeps its reference for staff.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, and_, col, select

from bot.clock import Clock
from channels.base import MediaRef, MediaSource
from storage import Attachment, MediaFetch, Message, Store, StoreUnavailable

log = logging.getLogger(__name__)

#: The key of a stored message's ``meta`` that keeps its media refs (a list of objects).
MEDIA_META = "media"
#: More refs than this in one message are kept in ``meta`` but not fetched (MMS allows 10).
MAX_REFS = 10

MAX_ATTEMPTS = 6
BASE_BACKOFF = timedelta(seconds=30)
LEASE = timedelta(minutes=10)


def media_to_meta(media: Sequence[MediaRef]) -> list[dict[str, str]]:
    """``media`` as the JSON the message row keeps."""
    return [{"ref": item.ref, "kind": item.kind, "filename": item.filename,
             "content_type": item.content_type} for item in media]


def media_from_meta(meta: Mapping[str, Any]) -> list[MediaRef]:
    """The refs :func:`media_to_meta` stored; anything malformed is skipped, not fatal."""
    stored = meta.get(MEDIA_META)
    if not isinstance(stored, list):
        return []
    refs = []
    for item in stored:
        if isinstance(item, dict) and isinstance(item.get("ref"), str) and item["ref"]:
            refs.append(MediaRef(ref=item["ref"], kind=str(item.get("kind", "document")),
                                 filename=str(item.get("filename", "")),
                                 content_type=str(item.get("content_type", ""))))
    return refs


def queue_media(session: Session, message: Message, now: datetime) -> int:
    """Queue the files ``message`` names; returns how many."""
    refs = media_from_meta(message.meta)[:MAX_REFS]
    if message.id is None:
        raise ValueError("queue_media needs a stored message")
    for ref in refs:
        session.add(MediaFetch(message_id=message.id, channel=message.channel, ref=ref.ref,
                               filename=ref.filename, content_type=ref.content_type,
                               next_attempt_at=now, created_at=now))
    return len(refs)


class MediaFetcher:
    """Downloads queued files through the channels that can; runs inside ``serve``.

    ``sources``: by channel name, the channels that fetch media (their capabilities say so).
    """

    def __init__(self, store: Store, sources: Mapping[str, MediaSource], clock: Clock,
                 poll_seconds: float = 2.0) -> None:
        self.store = store
        self.fetchers = sources
        self.clock = clock
        self.poll_seconds = poll_seconds

    async def run(self) -> None:
        while True:
            try:
                if await self.fetch_due() == 0:
                    await asyncio.sleep(self.poll_seconds)
            except StoreUnavailable:
                await asyncio.sleep(self.poll_seconds)

    async def fetch_due(self, limit: int = 10) -> int:
        if not self.fetchers:
            return 0
        now = self.clock.now()
        rows = await self.store.write(lambda s: self._claim(s, now, limit))
        await asyncio.gather(*(self._fetch(row) for row in rows))
        return len(rows)

    def _claim(self, session: Session, now: datetime, limit: int) -> list[MediaFetch]:
        statement = (
            select(MediaFetch)
            .where(
                col(MediaFetch.channel).in_(list(self.fetchers)),
                and_(MediaFetch.status == "pending", col(MediaFetch.next_attempt_at) <= now),
            )
            .order_by(col(MediaFetch.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = list(session.exec(statement))
        for row in rows:
            row.attempts += 1
            row.next_attempt_at = now + LEASE  # a crash mid-download retries after the lease
            session.add(row)
        return rows

    async def _fetch(self, row: MediaFetch) -> None:
        try:
            attachment = await self.fetchers[row.channel].fetch_media(
                MediaRef(ref=row.ref, filename=row.filename, content_type=row.content_type))
        except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
            await self._failed(row, exc)
            return
        # The file is on disk (fsync'd) before the row that names it is committed.
        digest = await asyncio.to_thread(self.store.files.put, attachment.data)
        now = self.clock.now()

        def keep(session: Session) -> None:
            fetch = session.get(MediaFetch, row.id)
            message = session.get(Message, row.message_id)
            if fetch is None or message is None or fetch.status == "done":
                return
            session.add(Attachment(
                message_id=row.message_id, case_id=message.case_id, sha256=digest,
                size=len(attachment.data),
                content_type=attachment.content_type or row.content_type
                or "application/octet-stream",
                original_name=attachment.filename or row.filename, created_at=now))
            fetch.status = "done"
            fetch.last_error = ""
            session.add(fetch)

        await self.store.write(keep)

    async def _failed(self, row: MediaFetch, error: Exception) -> None:
        retryable = bool(getattr(error, "retryable", True))
        now = self.clock.now()

        def record(session: Session) -> None:
            fetch = session.get(MediaFetch, row.id)
            if fetch is None:
                return
            fetch.last_error = type(error).__name__  # the type only: texts may carry URLs
            if retryable and fetch.attempts < MAX_ATTEMPTS:
                fetch.next_attempt_at = now + BASE_BACKOFF * (2 ** (fetch.attempts - 1))
            else:
                fetch.status = "failed"
            session.add(fetch)

        log.info("media %s: fetch failed (%s, retryable=%s)", row.id, type(error).__name__,
                 retryable)
        await self.store.write(record)
