"""MMS pictures and Telegram files named by a message become attachments of its case."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import select

from bot.media import MediaFetcher
from channels.base import IncomingAttachment, MediaRef
from storage import Attachment, MediaFetch
from tests.bot.harness import BotHarness, all_cases

COMPLAINT = "我要投诉：小区门口的下水道堵了一个月，污水横流，照片附上，请尽快疏通。"


@dataclass
class FakeDownloads:
    """Serves files by reference; records each request; can fail by reference."""

    files: dict[str, bytes]
    failures: dict[str, Exception] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    async def fetch_media(self, media: MediaRef) -> IncomingAttachment:
        self.asked.append(media.ref)
        if media.ref in self.failures:
            raise self.failures[media.ref]
        return IncomingAttachment(media.filename, media.content_type, self.files[media.ref])


class NotRetryable(Exception):
    retryable = False


async def test_mms_pictures_are_fetched_into_the_case(bot: BotHarness) -> None:
    url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"
    await bot.push(COMPLAINT, sender="tel:+8613800000001",
                   media=(MediaRef(url, kind="image", content_type="image/jpeg"),))
    downloads = FakeDownloads({url: b"\xff\xd8 jpeg bytes"})
    fetcher = MediaFetcher(bot.core.store, {"sms": downloads}, bot.core.clock)
    assert await fetcher.fetch_due() == 1
    assert await fetcher.fetch_due() == 0  # done once, never again
    attachment = bot.core.store.read_sync(lambda s: s.exec(select(Attachment)).one())
    [case] = all_cases(bot)
    assert attachment.case_id == case.id and attachment.content_type == "image/jpeg"
    assert bot.core.store.files.get(attachment.sha256) == b"\xff\xd8 jpeg bytes"
    assert downloads.asked == [url]


async def test_telegram_documents_keep_their_name_and_failures_are_recorded(
    bot: BotHarness,
) -> None:
    await bot.push(COMPLAINT, sender="telegram:5",
                   media=(MediaRef("PHOTO1", kind="image", filename="photo.jpg"),
                          MediaRef("DOC1", filename="证明.pdf", content_type="application/pdf")))
    downloads = FakeDownloads({"DOC1": b"%PDF-1.7"},
                              failures={"PHOTO1": NotRetryable("too large")})
    fetcher = MediaFetcher(bot.core.store, {"telegram": downloads}, bot.core.clock)
    assert await fetcher.fetch_due() == 2
    attachment = bot.core.store.read_sync(lambda s: s.exec(select(Attachment)).one())
    assert attachment.original_name == "证明.pdf"
    rows = bot.core.store.read_sync(
        lambda s: {r.ref: (r.status, r.last_error) for r in s.exec(select(MediaFetch))})
    assert rows == {"PHOTO1": ("failed", "NotRetryable"), "DOC1": ("done", "")}


async def test_a_transient_failure_is_retried_later(bot: BotHarness) -> None:
    from datetime import timedelta

    url = "https://api.twilio.com/media/ME2"
    await bot.push(COMPLAINT, sender="tel:+8613800000002",
                   media=(MediaRef(url),))
    downloads = FakeDownloads({url: b"png"}, failures={url: ConnectionError("reset")})
    fetcher = MediaFetcher(bot.core.store, {"sms": downloads}, bot.core.clock)
    assert await fetcher.fetch_due() == 1
    assert await fetcher.fetch_due() == 0  # backing off
    del downloads.failures[url]
    bot.core.clock.advance(timedelta(minutes=1))
    assert await fetcher.fetch_due() == 1
    assert len(bot.core.store.read_sync(lambda s: list(s.exec(select(Attachment))))) == 1


async def test_refs_a_message_does_not_carry_in_media_are_not_guessed_from_meta(
    bot: BotHarness,
) -> None:
    """The bot reads only the typed refs: a provider's keys in ``meta`` mean nothing to it."""
    await bot.push(COMPLAINT, sender="tel:+8613800000003",
                   meta={"NumMedia": "1", "MediaUrl0": "https://api.twilio.com/media/ME3"})
    assert bot.core.store.read_sync(lambda s: list(s.exec(select(MediaFetch)))) == []
