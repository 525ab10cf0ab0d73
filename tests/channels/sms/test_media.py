"""MMS media is fetched later, with the account's credentials, size-limited."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from channels.base import MediaRef
from channels.sms import MediaFetchError, SmsChannel

from .fakes import FakeIntake, FakeTwilio, serve

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "f3c1b2a4d5e6f708192a3b4c5d6e7f80"
MEDIA = "ME00000000000000000000000000000001"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2000


@pytest.fixture
async def twilio() -> AsyncIterator[tuple[FakeTwilio, str]]:
    fake = FakeTwilio(ACCOUNT_SID, AUTH_TOKEN, media={MEDIA: ("image/jpeg", JPEG)})
    async with serve(fake.app()) as url:
        yield fake, url


def media_url(api_url: str, media: str = MEDIA) -> str:
    return f"{api_url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/SM42/Media/{media}"


def channel_for(api_url: str, **overrides: object) -> SmsChannel:
    return SmsChannel(
        intake=FakeIntake(),
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        from_number="+12025550123",
        public_url="https://xf.example.gov.cn",
        api_url=api_url,
        **overrides,  # type: ignore[arg-type]
    )


async def test_fetch_media_with_credentials_not_passed_on(twilio: tuple[FakeTwilio, str]) -> None:
    fake, url = twilio
    channel = channel_for(url)
    try:
        attachment = await channel.fetch_media(MediaRef(media_url(url)))
    finally:
        await channel.stop()
    assert attachment.data == JPEG
    assert attachment.content_type == "image/jpeg"
    assert attachment.filename == MEDIA + ".jpg"
    assert (fake.requests[0].username, fake.requests[0].password) == (ACCOUNT_SID, AUTH_TOKEN)
    # Twilio's storage is another origin: it must not see the account's credentials.
    [storage] = fake.storage_requests
    assert "authorization" not in storage


async def test_media_over_the_limit_is_refused(twilio: tuple[FakeTwilio, str]) -> None:
    _, url = twilio
    channel = channel_for(url, attachment_max_bytes=1000)
    try:
        with pytest.raises(MediaFetchError) as caught:
            await channel.fetch_media(MediaRef(media_url(url)))
    finally:
        await channel.stop()
    assert not caught.value.retryable


async def test_media_over_the_limit_without_content_length() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b"x" * 200

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=chunks()))
    channel = channel_for(
        "https://api.twilio.example", attachment_max_bytes=1000, transport=transport
    )
    with pytest.raises(MediaFetchError, match="limit"):
        await channel.fetch_media(MediaRef(media_url("https://api.twilio.example")))
    await channel.stop()


async def test_missing_media_is_not_retried(twilio: tuple[FakeTwilio, str]) -> None:
    _, url = twilio
    channel = channel_for(url)
    try:
        with pytest.raises(MediaFetchError) as caught:
            await channel.fetch_media(MediaRef(media_url(url, "ME404")))
    finally:
        await channel.stop()
    assert not caught.value.retryable
    assert "404" in caught.value.reason


@pytest.mark.parametrize(
    ("handler", "retryable"),
    [
        (lambda request: httpx.Response(503, headers={"Retry-After": "30"}), True),
        (lambda request: httpx.Response(429), True),
        (lambda request: httpx.Response(403), False),
    ],
    ids=["503", "429", "403"],
)
async def test_media_refusals(handler: object, retryable: bool) -> None:
    channel = channel_for("https://api.twilio.example", transport=httpx.MockTransport(handler))  # type: ignore[arg-type]
    with pytest.raises(MediaFetchError) as caught:
        await channel.fetch_media(MediaRef(media_url("https://api.twilio.example")))
    await channel.stop()
    assert caught.value.retryable is retryable


async def test_media_network_failure_is_retryable() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    channel = channel_for("https://api.twilio.example", transport=httpx.MockTransport(broken))
    with pytest.raises(MediaFetchError) as caught:
        await channel.fetch_media(MediaRef(media_url("https://api.twilio.example")))
    await channel.stop()
    assert caught.value.retryable


@pytest.mark.parametrize(
    "url",
    ["https://evil.example/2010-04-01/x", "http://api.twilio.example/x", "file:///etc/passwd"],
)
async def test_credentials_only_go_to_the_api(url: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request may be made")

    channel = channel_for("https://api.twilio.example", transport=httpx.MockTransport(refuse))
    with pytest.raises(MediaFetchError) as caught:
        await channel.fetch_media(MediaRef(url))
    await channel.stop()
    assert not caught.value.retryable
