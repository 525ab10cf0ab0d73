"""Files a message names but does not carry: MMS pictures (``MediaUrlN``) and Telegram photos
and documents (``photo_file_id`` / ``document_file_id``).

Processing a message queues one :class:`MediaFetch` row per file in the same transaction; the
:class:`MediaFetcher` downloads them with the channel's own credentials (its ``fetch`` callable)
and keeps each as a content-addressed attachment of the message and its case. Failures retry
with backoff; an error that says it is not retryable (too large, gone) ends as ``failed`` with
the reason, and the message keeps its reference for staff.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from sqlmodel import Session, and_, col, select

from bot.clock import Clock
from channels.base import IncomingAttachment
from storage import Attachment, MediaFetch, Message, Store, StoreUnavailable

log = logging.getLogger(__name__)

#: Downloads one queued file: the channel's authenticated fetch.
Fetch = Callable[[MediaFetch], Awaitable[IncomingAttachment]]

MAX_ATTEMPTS = 6
BASE_BACKOFF = timedelta(seconds=30)
LEASE = timedelta(minutes=10)


def queue_media(session: Session, message: Message, now: datetime) -> int:
    """Queue the files ``message`` names; returns how many."""
    refs = named_files(message)
    assert message.id is not None  # stored rows have ids
    for ref, filename, content_type in refs:
        session.add(MediaFetch(message_id=message.id, channel=message.channel, ref=ref,
                               filename=filename, content_type=content_type,
                               next_attempt_at=now, created_at=now))
    return len(refs)


def named_files(message: Message) -> list[tuple[str, str, str]]:
    """The files ``message`` names but does not carry: (ref, filename, content type)."""
    meta = message.meta
    refs: list[tuple[str, str, str]] = []  # (ref, filename, content type)
    if message.channel == "sms":
        count = int(str(meta.get("NumMedia", "0")) or "0")
        refs += [(str(meta[f"MediaUrl{i}"]), "", str(meta.get(f"MediaContentType{i}", "")))
                 for i in range(min(count, 10)) if meta.get(f"MediaUrl{i}")]
    elif message.channel == "telegram":
        if meta.get("photo_file_id"):
            refs.append((str(meta["photo_file_id"]), "photo.jpg", "image/jpeg"))
        if meta.get("document_file_id"):
            refs.append((str(meta["document_file_id"]), str(meta.get("document_file_name", "")),
                         str(meta.get("document_mime_type", ""))))
    return refs


class MediaFetcher:
    """Downloads queued files through the channels that can; runs inside ``serve``."""

    def __init__(self, store: Store, fetchers: Mapping[str, Fetch], clock: Clock,
                 poll_seconds: float = 2.0) -> None:
        self.store = store
        self.fetchers = fetchers
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
            attachment = await self.fetchers[row.channel](row)
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
