"""Issue 14 item 7: replies in flight at a crash. A claimed row nobody recorded goes out again
after a short lease, marked as a possible repeat, and each channel makes the copy detectable or
harmless: the same Message-ID on mail (through a real SMTP relay), a look-up at (fake) Twilio
before a second SMS, a visible mark on Telegram."""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import timedelta
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from bot.clock import Clock
from bot.codes import CodeHasher
from bot.outbox import LEASE, OutboxWorker, row_to_outbound
from channels.base import RESEND, OutboundMessage
from channels.chat.texts import RESEND_NOTE
from channels.mail import MailChannel
from channels.sms import SmsChannel
from storage import Outbox, Store
from tests.bot.harness import RecordingChannel
from tests.channels.chat.fakes import FakeIntake as ChatIntake
from tests.channels.chat.fakes import MessageCounter, OfflineRequest, make_channel
from tests.channels.mail.fakes import FakeIntake as MailIntake
from tests.channels.mail.fakes import SinkHandler, mail_sink
from tests.channels.sms.fakes import FakeIntake as SmsIntake
from tests.channels.sms.fakes import FakeTwilio, serve
from tests.conftest import FIXED_NOW


@pytest.fixture
def store(sqlite_url: str, tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(sqlite_url, tmp_path / "data")
    yield opened
    opened.close()


def queue(store: Store, channel: str, recipient: str, text: str = "您的事项已受理。") -> int:
    def add(session: Session) -> int:
        row = Outbox(channel=channel, recipient=recipient, text=text, next_attempt_at=FIXED_NOW,
                     created_at=FIXED_NOW, payload={"case_number": "XF2026-000007"})
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id

    return store.write_sync(add)


async def crash_after_sending(store: Store, worker: OutboxWorker) -> None:
    """Claim, hand to the channel, and die before the result is recorded."""
    rows = await store.write(lambda s: worker._claim(s, worker.clock.now()))
    for row in rows:
        await worker.channels[row.channel].send(row_to_outbound(row))


def row_of(store: Store, row_id: int) -> Outbox:
    found = store.read_sync(lambda s: s.get(Outbox, row_id))
    assert found is not None
    return found


async def test_a_row_left_sending_waits_out_the_lease_then_goes_marked(store: Store) -> None:
    clock = Clock(FIXED_NOW)
    channel = RecordingChannel("sms")
    worker = OutboxWorker(store, {"sms": channel}, clock, hasher=CodeHasher(b"test"))
    row_id = queue(store, "sms", "tel:+8613800138000")
    await crash_after_sending(store, worker)
    assert row_of(store, row_id).status == "sending"
    clock.advance(LEASE - timedelta(seconds=1))
    assert await worker.send_due() == 0  # a live worker's slow send is not taken twice
    clock.advance(timedelta(seconds=2))
    assert await worker.send_due() == 1
    first, second = channel.sent
    assert RESEND not in first.meta and second.meta[RESEND] == "1"
    row = row_of(store, row_id)
    assert (row.status, row.attempts, row.payload["uncertain"]) == ("sent", 2, 1)
    assert LEASE <= timedelta(minutes=2)


async def test_mail_repeats_carry_the_same_message_id(store: Store) -> None:
    sink = SinkHandler()
    clock = Clock(FIXED_NOW)
    async with mail_sink(sink) as port:
        channel = MailChannel(intake=MailIntake(), domains=("xinfang.example.cn",),
                              outbound_smtp=f"127.0.0.1:{port}", send_timeout=5)
        worker = OutboxWorker(store, {"mail": channel}, clock, hasher=CodeHasher(b"test"))
        queue(store, "mail", "mailto:zhangsan@example.com")
        await crash_after_sending(store, worker)
        clock.advance(LEASE + timedelta(seconds=1))
        assert await worker.send_due() == 1
    ids = [email.message_from_bytes(e.original_content, policy=default_policy)["Message-ID"]
           for e in sink.received]
    assert len(ids) == 2 and ids[0] == ids[1]  # the receiver's client drops the copy


async def test_an_sms_twilio_already_took_is_not_sent_again(store: Store) -> None:
    account, token = "AC" + "0" * 32, "secret-token-0123456789abcdef01"
    twilio = FakeTwilio(account, token)
    clock = Clock(FIXED_NOW)
    async with serve(twilio.app()) as url:
        channel = SmsChannel(intake=SmsIntake(), account_sid=account, auth_token=token,
                             from_number="+12025550123", public_url="https://xf.example.cn",
                             api_url=url)
        try:
            worker = OutboxWorker(store, {"sms": channel}, clock, hasher=CodeHasher(b"test"))
            first = queue(store, "sms", "tel:+8613800138000")
            await crash_after_sending(store, worker)
            clock.advance(LEASE + timedelta(seconds=1))
            assert await worker.send_due() == 1
            assert twilio.sent == 1  # looked up, found, not posted again
            assert row_of(store, first).provider_id == twilio.messages[0]["sid"]
            # Not found at Twilio (the crash came before it took it): sent now.
            second = queue(store, "sms", "tel:+8613900139000", "另一条告知。")
            await store.write(lambda s: worker._claim(s, clock.now()))
            clock.advance(LEASE + timedelta(seconds=1))
            assert await worker.send_due() == 1
            assert twilio.sent == 2 and row_of(store, second).status == "sent"
        finally:
            await channel.stop()
    lookups = [r for r in twilio.requests if r.method == "GET"]
    assert len(lookups) == 2 and lookups[0].form["To"] == "+8613800138000"


async def test_a_telegram_repeat_says_it_may_be_one() -> None:
    offline = OfflineRequest()
    counter = MessageCounter()
    offline.always("sendMessage", counter)
    channel = make_channel(offline, ChatIntake())
    message: dict[str, Any] = {"channel": "telegram", "recipient": "telegram:4242",
                               "text": "您的事项已受理。", "outbox_id": 9}
    await channel.send(OutboundMessage(**message))
    await channel.send(OutboundMessage(**message, meta={RESEND: "1"}))
    assert counter.texts == ["您的事项已受理。", f"{RESEND_NOTE}\n您的事项已受理。"]
    assert offline.unexpected == []
