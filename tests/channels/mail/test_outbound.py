"""Replies: UTF-8 MIME mail to a local aiosmtpd sink, and relay errors as SendError."""

from __future__ import annotations

import email
import socket
from email.policy import default as default_policy

import pytest

from channels.base import Button, OutboundMessage, SendError
from channels.mail import MailChannel

from .fakes import FakeIntake, SinkHandler, mail_sink

REPLY = OutboundMessage(
    channel="mail",
    recipient="mailto:zhangsan@example.com",
    text="您的来信已登记，编号 XF2026-000123，查询码 ABCD2345。\n我们将在 15 日内告知受理情况。",
    subject="您的来信已登记",
    case_number="XF2026-000123",
    in_reply_to="<reply-007@example.com>",
    outbox_id=41,
    meta={"references": "<first-001@example.com>"},
)


def _channel(relay_port: int | None) -> MailChannel:
    return MailChannel(
        intake=FakeIntake(),
        domains=("xinfang.example.cn",),
        outbound_smtp=f"127.0.0.1:{relay_port}" if relay_port else "",
        from_name="某市信访局",
        send_timeout=5,
    )


async def test_reply_reaches_the_relay_threaded_with_our_message_id() -> None:
    sink = SinkHandler()
    async with mail_sink(sink) as port:
        delivery = await _channel(port).send(REPLY)
    assert delivery.status == "accepted"
    [envelope] = sink.received
    assert envelope.mail_from == "xinfang@xinfang.example.cn"
    assert envelope.rcpt_tos == ["zhangsan@example.com"]
    mail = email.message_from_bytes(envelope.original_content, policy=default_policy)
    assert mail["Message-ID"] == delivery.provider_id
    assert delivery.provider_id.startswith("<xf.41.") and delivery.provider_id.endswith("@xinfang.example.cn>")
    assert mail["In-Reply-To"] == "<reply-007@example.com>"
    assert mail["References"] == "<first-001@example.com> <reply-007@example.com>"
    assert mail["Subject"] == "[XF2026-000123] 您的来信已登记"
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["From"].addresses[0].display_name == "某市信访局"
    body = mail.get_body(("plain",))
    assert body is not None and body.get_content_charset() == "utf-8"
    assert body.get_content().startswith("您的来信已登记，编号 XF2026-000123")


async def test_same_outbox_row_keeps_its_message_id_across_retries() -> None:
    sink = SinkHandler()
    async with mail_sink(sink) as port:
        channel = _channel(port)
        first = await channel.send(REPLY)
        second = await channel.send(REPLY)
    assert first.provider_id == second.provider_id


async def test_buttons_are_listed_as_text_and_subject_defaults() -> None:
    sink = SinkHandler()
    message = OutboundMessage(
        channel="mail", recipient="mailto:a@example.com", text="请评价办理结果",
        buttons=((Button("满意", "rate:3"), Button("不满意", "rate:1")),),
    )
    async with mail_sink(sink) as port:
        delivery = await _channel(port).send(message)
    mail = email.message_from_bytes(sink.received[0].original_content, policy=default_policy)
    assert mail["In-Reply-To"] is None and mail["Subject"] == "关于您的来信"
    body = mail.get_body(("plain",))
    assert body is not None and "· 满意\n· 不满意" in body.get_content().replace("\r\n", "\n")
    assert delivery.provider_id.endswith("@xinfang.example.cn>")


@pytest.mark.parametrize(
    ("where", "answer", "retryable"),
    [
        ("rcpt", "550 5.1.1 <zhangsan@example.com>: user unknown", False),
        ("rcpt", "450 4.2.1 mailbox busy", True),
        ("data", "554 5.7.1 rejected as spam", False),
        ("data", "451 4.3.0 try later", True),
    ],
)
async def test_relay_answers_become_send_errors(where: str, answer: str, retryable: bool) -> None:
    sink = SinkHandler(**{f"{where}_answer": answer})
    async with mail_sink(sink) as port:
        with pytest.raises(SendError) as error:
            await _channel(port).send(REPLY)
    assert error.value.retryable is retryable
    assert answer[:3] in error.value.reason
    assert "zhangsan" not in error.value.reason  # the relay's text quotes the address: dropped
    assert isinstance(error.value.__cause__, Exception)


async def test_unreachable_relay_is_retryable() -> None:
    with socket.socket() as placeholder:  # a port that is bound but not listening
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
        with pytest.raises(SendError) as error:
            await _channel(port).send(REPLY)
    assert error.value.retryable


async def test_without_relay_and_with_bad_recipients() -> None:
    with pytest.raises(SendError) as error:
        await _channel(None).send(REPLY)
    assert error.value.retryable and error.value.retry_after
    sink = SinkHandler()
    async with mail_sink(sink) as port:
        for recipient in ("tel:+8613800000000", "mailto:a@example.com\r\nBcc: x@evil.org"):
            bad = OutboundMessage(channel="mail", recipient=recipient, text="x")
            with pytest.raises(SendError) as refused:
                await _channel(port).send(bad)
            assert not refused.value.retryable
    assert sink.received == []
