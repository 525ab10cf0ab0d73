"""Outbound SMS against a fake Twilio API on 127.0.0.1 (and MockTransport for broken networks)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from channels.base import Button, Channel, OutboundMessage, SendError
from channels.sms import OPTED_OUT_META, SmsChannel, measure

from .fakes import Answer, FakeIntake, FakeTwilio, offline_transport, serve

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "f3c1b2a4d5e6f708192a3b4c5d6e7f80"
FROM = "+12025550123"
PUBLIC_URL = "https://xf.example.gov.cn"
RECIPIENT = "tel:+8613800138000"


def sms(text: str = "您的信访件已受理。", **fields: Any) -> OutboundMessage:
    return OutboundMessage(
        channel="sms", recipient=fields.pop("recipient", RECIPIENT), text=text, **fields
    )


@pytest.fixture
async def twilio() -> AsyncIterator[tuple[FakeTwilio, str]]:
    fake = FakeTwilio(ACCOUNT_SID, AUTH_TOKEN)
    async with serve(fake.app()) as url:
        yield fake, url


def channel_for(api_url: str, **overrides: Any) -> SmsChannel:
    options: dict[str, Any] = {
        "account_sid": ACCOUNT_SID,
        "auth_token": AUTH_TOKEN,
        "from_number": FROM,
        "public_url": PUBLIC_URL,
        "api_url": api_url,
        "max_segments": 3,
    }
    options.update(overrides)
    return SmsChannel(intake=FakeIntake(), **options)


async def test_send_posts_the_message_form(twilio: tuple[FakeTwilio, str]) -> None:
    fake, url = twilio
    channel = channel_for(url)
    try:
        delivery = await channel.send(sms())
    finally:
        await channel.stop()
    assert delivery.provider_id == f"SM{1:032x}"
    assert delivery.status == "queued"
    [request] = fake.requests
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert (request.username, request.password) == (ACCOUNT_SID, AUTH_TOKEN)
    assert request.form == {
        "To": "+8613800138000",
        "From": FROM,
        "Body": "您的信访件已受理。",
        "StatusCallback": "https://xf.example.gov.cn/sms/twilio/status",
    }


async def test_long_text_is_cut_to_max_segments(twilio: tuple[FakeTwilio, str]) -> None:
    fake, url = twilio
    channel = channel_for(url, max_segments=2)
    text = "经调查核实，您反映的问题已转交属地街道办理。" * 20
    try:
        await channel.send(sms(text))
    finally:
        await channel.stop()
    body = fake.requests[0].form["Body"]
    assert measure(body).segments == 2
    assert body.endswith("…")


async def test_buttons_are_listed_by_label(twilio: tuple[FakeTwilio, str]) -> None:
    fake, url = twilio
    channel = channel_for(url)
    buttons = ((Button("满意", "rate:1"), Button("不满意", "rate:0")),)
    try:
        await channel.send(sms("请评价本次办理。", buttons=buttons))
    finally:
        await channel.stop()
    assert fake.requests[0].form["Body"] == "请评价本次办理。\n满意 / 不满意"


async def test_messaging_service_and_no_public_url(twilio: tuple[FakeTwilio, str]) -> None:
    fake, url = twilio
    channel = channel_for(url, from_number="MG0123456789abcdef0123456789abcdef", public_url="")
    try:
        await channel.send(sms())
    finally:
        await channel.stop()
    form = fake.requests[0].form
    assert form["MessagingServiceSid"] == "MG0123456789abcdef0123456789abcdef"
    assert "From" not in form and "StatusCallback" not in form


@pytest.mark.parametrize(
    ("answer", "retryable", "retry_after"),
    [
        (Answer(429, {"code": 20429, "status": 429}, {"Retry-After": "7"}), True, 7.0),
        (Answer(500, {"code": 20500, "status": 500}), True, None),
        (Answer(503, {"status": 503}, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}), True, 0.0),
        (
            Answer(400, {"code": 21211, "message": "The 'To' number +8613800138000 is not valid"}),
            False,
            None,
        ),
        (
            Answer(400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient"}),
            False,
            None,
        ),
        (Answer(404, {"code": 20404}), False, None),
    ],
    ids=["429", "500", "503-date", "400-bad-number", "400-unsubscribed", "404"],
)
async def test_twilio_refusals_map_to_send_errors(
    twilio: tuple[FakeTwilio, str], answer: Answer, retryable: bool, retry_after: float | None
) -> None:
    fake, url = twilio
    fake.answers.append(answer)
    channel = channel_for(url)
    try:
        with pytest.raises(SendError) as caught:
            await channel.send(sms())
    finally:
        await channel.stop()
    error = caught.value
    assert error.retryable is retryable
    assert error.retry_after == retry_after
    assert str(answer.status) in error.reason
    if "code" in answer.json:
        assert str(answer.json["code"]) in error.reason
    assert "8613800138000" not in error.reason  # Twilio's message quotes the number


async def test_wrong_credentials_are_not_retried(twilio: tuple[FakeTwilio, str]) -> None:
    _, url = twilio
    channel = channel_for(url, auth_token="wrong-token")
    try:
        with pytest.raises(SendError) as caught:
            await channel.send(sms())
    finally:
        await channel.stop()
    assert not caught.value.retryable
    assert "401" in caught.value.reason


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("eof")],
    ids=["connect", "read-timeout", "protocol"],
)
async def test_network_failures_are_retryable(failure: httpx.TransportError) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise failure

    channel = channel_for("https://api.twilio.example", transport=httpx.MockTransport(broken))
    with pytest.raises(SendError) as caught:
        await channel.send(sms())
    await channel.stop()
    assert caught.value.retryable
    assert caught.value.__cause__ is failure


async def test_nobody_listening_is_retryable() -> None:
    fake = FakeTwilio(ACCOUNT_SID, AUTH_TOKEN)
    async with serve(fake.app()) as url:
        pass  # the port is closed again now
    channel = channel_for(url, request_timeout=2.0)
    with pytest.raises(SendError) as caught:
        await channel.send(sms())
    await channel.stop()
    assert caught.value.retryable


async def test_unreadable_success_is_not_sent_again() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(201, text="<html>"))
    channel = channel_for("https://api.twilio.example", transport=transport)
    with pytest.raises(SendError) as caught:
        await channel.send(sms())
    await channel.stop()
    assert not caught.value.retryable


@pytest.mark.parametrize(
    ("message", "overrides"),
    [
        (sms(meta={OPTED_OUT_META: "1"}), {}),
        (sms(meta={OPTED_OUT_META: "true"}), {}),
        (OutboundMessage(channel="mail", recipient="mailto:a@b.cn", text="x"), {}),
        (sms(recipient="mailto:a@b.cn"), {}),
        (sms(recipient="telegram:42"), {}),
        (sms(""), {}),
        (sms(), {"auth_token": ""}),
        (sms(), {"from_number": ""}),
    ],
    ids=[
        "opted-out",
        "opted-out-true",
        "other-channel",
        "mail-recipient",
        "telegram-recipient",
        "empty",
        "no-token",
        "no-from",
    ],
)
async def test_refused_without_calling_twilio(
    message: OutboundMessage, overrides: dict[str, Any]
) -> None:
    channel = channel_for("https://api.twilio.example", transport=offline_transport(), **overrides)
    with pytest.raises(SendError) as caught:
        await channel.send(message)
    await channel.stop()
    assert not caught.value.retryable


async def test_opt_out_marker_false_still_sends(twilio: tuple[FakeTwilio, str]) -> None:
    fake, url = twilio
    channel = channel_for(url)
    try:
        await channel.send(sms(meta={OPTED_OUT_META: "0"}))
    finally:
        await channel.stop()
    assert len(fake.requests) == 1


def test_channel_keeps_the_contract() -> None:
    channel = channel_for("https://api.twilio.example", transport=offline_transport())
    assert isinstance(channel, Channel)
    assert channel.name == "sms"
    paths = sorted(route.path for route in channel.routes())  # type: ignore[attr-defined]
    assert paths == ["/sms/twilio", "/sms/twilio/status"]
    assert AUTH_TOKEN not in channel.describe()
    assert "REFUSE" in channel_for("x", auth_token="", transport=offline_transport()).describe()


@pytest.mark.parametrize(
    "bad", [{"max_segments": 0}, {"reply_timeout": 15.0}, {"reply_timeout": 0}]
)
def test_constructor_rejects_unsafe_settings(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        channel_for("https://api.twilio.example", **bad)
