"""The WeChat channel against its real peers: callbacks signed and encrypted with wechatpy's own
crypto, posted to the channel's routes on a uvicorn server on 127.0.0.1; replies and media
through a fake WeChat API on another one."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from channels.base import Button, MediaRef, OutboundMessage, SendError
from channels.wechat.channel import WechatChannel
from tests.channels.fakes import FakeIntake, serve

from .fake_api import FakeWechatApi

APP_ID = "wx0123456789abcdef"
APP_SECRET = "secret-0123456789abcdef0123456789"
TOKEN = "xinfang-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as WeChat issues them
OPENID = "oABCD1234567890abcdefghijkl"
RECEIVED = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def signature(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(TOKEN, *parts)
    return str(signer.signature)


def xml(**fields: str | int) -> str:
    inner = "".join(f"<{k}><![CDATA[{v}]]></{k}>" if isinstance(v, str) else f"<{k}>{v}</{k}>"
                    for k, v in fields.items())
    return f"<xml>{inner}</xml>"


def text_xml(content: str, msg_id: int = 1001, created: int = 1_790_000_000) -> str:
    return xml(ToUserName="gh_bureau", FromUserName=OPENID, CreateTime=created, MsgType="text",
               Content=content, MsgId=msg_id)


@dataclass
class Peer:
    """What WeChat's servers do: sign (and in safe mode encrypt) and POST to our URL."""

    client: httpx.AsyncClient
    safe: bool

    def query(self, timestamp: str, nonce: str = "nonce123") -> dict[str, str]:
        return {"signature": signature(timestamp, nonce), "timestamp": timestamp,
                "nonce": nonce, "openid": OPENID}

    async def post(self, body: str, *, timestamp: str | None = None) -> httpx.Response:
        timestamp = timestamp or str(int(time.time()))
        query = self.query(timestamp)
        if self.safe:
            envelope = WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(body, "nonce123",
                                                                            timestamp)
            encrypt = envelope.split("<Encrypt><![CDATA[")[1].split("]]>")[0]
            query |= {"encrypt_type": "aes", "msg_signature": signature(timestamp, "nonce123",
                                                                        encrypt)}
            body = envelope
        return await self.client.post("/wechat", params=query, content=body.encode())


@pytest.fixture
def api() -> FakeWechatApi:
    return FakeWechatApi(APP_ID, APP_SECRET,
                         media={"MEDIA1": ("image/jpeg", b"\xff\xd8 a picture")})


@pytest.fixture
def intake() -> FakeIntake:
    return FakeIntake()


def make_channel(intake: FakeIntake, api_url: str, *, safe: bool,
                 clock: list[float] | None = None) -> WechatChannel:
    ticks = clock if clock is not None else [0.0]
    return WechatChannel(intake=intake, app_id=APP_ID, app_secret=APP_SECRET, token=TOKEN,
                         aes_key=AES_KEY if safe else "", api_url=api_url,
                         received_at=lambda: RECEIVED, monotonic=lambda: ticks[0])


@pytest.fixture(params=["safe", "plain"])
async def peer(request: pytest.FixtureRequest, intake: FakeIntake,
               api: FakeWechatApi) -> AsyncIterator[tuple[Peer, WechatChannel]]:
    safe = request.param == "safe"
    async with serve(api.app()) as api_url:
        channel = make_channel(intake, api_url, safe=safe)
        async with (serve(Starlette(routes=list(channel.routes()))) as url,
                    httpx.AsyncClient(base_url=url, timeout=5) as client):
            yield Peer(client, safe), channel
        await channel.stop()


async def test_url_verification_echoes_only_when_signed(
    peer: tuple[Peer, WechatChannel],
) -> None:
    client = peer[0].client
    stamp = str(int(time.time()))
    good = await client.get("/wechat", params=peer[0].query(stamp) | {"echostr": "echo-42"})
    forged = await client.get("/wechat", params={"signature": "0" * 40, "timestamp": stamp,
                                                 "nonce": "n", "echostr": "echo-42"})
    assert (good.status_code, good.text) == (200, "echo-42")
    assert forged.status_code == 403 and "echo" not in forged.text


async def test_a_text_is_stored_before_success_and_once(
    peer: tuple[Peer, WechatChannel], intake: FakeIntake,
) -> None:
    first = await peer[0].post(text_xml("小区门口的下水道堵了一个月，请尽快疏通。"))
    again = await peer[0].post(text_xml("小区门口的下水道堵了一个月，请尽快疏通。"))
    assert (first.status_code, first.text) == (200, "success")
    assert (again.status_code, again.text) == (200, "success")
    [message] = intake.stored
    assert message.channel == "wechat" and message.sender == f"wechat:{OPENID}"
    assert message.text == "小区门口的下水道堵了一个月，请尽快疏通。"
    assert message.external_id == "1001" and message.received_at == RECEIVED
    assert b"<MsgId>1001</MsgId>" in message.raw  # the XML as sent (decrypted in safe mode)


async def test_voice_with_recognition_image_and_events(
    peer: tuple[Peer, WechatChannel], intake: FakeIntake,
) -> None:
    post = peer[0].post
    voice = xml(ToUserName="gh", FromUserName=OPENID, CreateTime=1_790_000_001,
                MsgType="voice", MediaId="VOICE1", Format="amr", MsgId=2001,
                Recognition="我要查询办理进度")
    image = xml(ToUserName="gh", FromUserName=OPENID, CreateTime=1_790_000_002,
                MsgType="image", PicUrl="http://mmbiz/1", MediaId="MEDIA1", MsgId=2002)
    subscribe = xml(ToUserName="gh", FromUserName=OPENID, CreateTime=1_790_000_003,
                    MsgType="event", Event="subscribe")
    click = xml(ToUserName="gh", FromUserName=OPENID, CreateTime=1_790_000_004,
                MsgType="event", Event="CLICK", EventKey="STATUS")
    leave = xml(ToUserName="gh", FromUserName=OPENID, CreateTime=1_790_000_005,
                MsgType="event", Event="unsubscribe")
    for body in (voice, image, subscribe, subscribe, click, leave):
        assert (await post(body)).text == "success"
    voice_in, image_in, subscribed, clicked, left = intake.stored  # the repeated event once
    assert voice_in.text == "我要查询办理进度"
    assert voice_in.media == (MediaRef("VOICE1", kind="voice", filename="voice.amr",
                                       content_type="audio/amr"),)
    assert image_in.text == "" and image_in.media[0].ref == "MEDIA1"
    assert subscribed.text == "/start"
    assert subscribed.external_id == f"event:{OPENID}:1790000003:subscribe"
    assert clicked.text == "/status"
    assert left.auto_generated and left.text == ""


async def test_forged_stale_and_downgraded_callbacks_are_refused(
    peer: tuple[Peer, WechatChannel], intake: FakeIntake,
) -> None:
    client, safe = peer[0].client, peer[0].safe
    stamp = str(int(time.time()))
    forged = await client.post("/wechat", content=text_xml("伪造").encode(), params={
        "signature": "f" * 40, "timestamp": stamp, "nonce": "nonce123"})
    stale = await peer[0].post(text_xml("重放", msg_id=3), timestamp=str(int(time.time()) - 3600))
    assert forged.status_code == stale.status_code == 403
    if safe:  # signed by the token but plain: a safe-mode account never sends that
        plain = await client.post("/wechat", content=text_xml("明文").encode(),
                                  params=peer[0].query(stamp))
        assert plain.status_code == 403
        wrong_msg_signature = await client.post(
            "/wechat", content=WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(
                text_xml("篡改"), "nonce123", stamp).encode(),
            params=peer[0].query(stamp) | {"encrypt_type": "aes", "msg_signature": "0" * 40})
        assert wrong_msg_signature.status_code == 403
    assert intake.stored == []


async def test_a_store_failure_asks_wechat_to_try_again(
    peer: tuple[Peer, WechatChannel], intake: FakeIntake,
) -> None:
    intake.mode = "fail_store"
    answer = await peer[0].post(text_xml("存储失败时"))
    assert answer.status_code == 503 and "locked" not in answer.text and answer.text != "success"


# -- sending through the customer-service API -----------------------------------------------


@pytest.fixture
async def api_url(api: FakeWechatApi) -> AsyncIterator[str]:
    async with serve(api.app()) as url:
        yield url


def reply(text: str, **fields: object) -> OutboundMessage:
    return OutboundMessage(channel="wechat", recipient=f"wechat:{OPENID}", text=text,
                           outbox_id=7, **fields)  # type: ignore[arg-type]


async def test_the_token_is_cached_and_renewed_when_refused_or_expired(
    api: FakeWechatApi, api_url: str, intake: FakeIntake,
) -> None:
    ticks = [0.0]
    channel = make_channel(intake, api_url, safe=False, clock=ticks)
    try:
        await channel.send(reply("第一条"))
        await channel.send(reply("第二条"))
        assert api.issued == ["TOKEN-1"]  # one token for both
        api.expire_token()  # another server took a new one: ours is refused (42001)
        await channel.send(reply("第三条"))
        assert api.refused == [(OPENID, 42001)]
        ticks[0] = 7200.0  # past expires_in: renewed before use, nothing refused
        await channel.send(reply("第四条"))
        assert api.refused == [(OPENID, 42001)]
        assert [s.text for s in api.sent] == ["第一条", "第二条", "第三条", "第四条"]
        assert [s.token for s in api.sent] == ["TOKEN-1", "TOKEN-1", "TOKEN-3", "TOKEN-4"]
    finally:
        await channel.stop()


async def test_rate_limits_retry_and_the_48_hour_window_is_final(
    api: FakeWechatApi, api_url: str, intake: FakeIntake,
) -> None:
    channel = make_channel(intake, api_url, safe=False)
    try:
        api.rate_limited = 1
        with pytest.raises(SendError) as limited:
            await channel.send(reply("限流"))
        assert limited.value.retryable and limited.value.retry_after == 60.0
        api.outside_window.add(OPENID)
        with pytest.raises(SendError) as closed:
            await channel.send(reply("超过48小时"))
        assert not closed.value.retryable
        assert api.sent == []
        with pytest.raises(SendError) as wrong:
            await channel.send(OutboundMessage(channel="wechat", recipient="tel:+86138", text="x"))
        assert not wrong.value.retryable
    finally:
        await channel.stop()


async def test_long_texts_and_buttons_fit_customer_service_messages(
    api: FakeWechatApi, api_url: str, intake: FakeIntake,
) -> None:
    channel = make_channel(intake, api_url, safe=False)
    try:
        text = "\n".join(["办理进度说明" * 20] * 8)  # 8 lines of 120 characters
        await channel.send(reply(text, buttons=((Button("满意", "r:5"), Button("不满意", "r:1")),)))
    finally:
        await channel.stop()
    pieces = [s.text for s in api.sent]
    assert all(len(piece) <= channel.capabilities.max_text for piece in pieces)
    assert len(pieces) == 2 and "\n".join(pieces).startswith(text)
    assert pieces[-1].endswith("回复：满意 / 不满意")


async def test_media_is_fetched_with_the_token_and_missing_media_is_final(
    api: FakeWechatApi, api_url: str, intake: FakeIntake,
) -> None:
    channel = make_channel(intake, api_url, safe=False)
    try:
        picture = await channel.fetch_media(MediaRef("MEDIA1", kind="image",
                                                     filename="image.jpg"))
        with pytest.raises(SendError) as gone:
            await channel.fetch_media(MediaRef("GONE"))
    finally:
        await channel.stop()
    assert (picture.content_type, picture.data) == ("image/jpeg", b"\xff\xd8 a picture")
    assert not gone.value.retryable


async def test_unreadable_and_entity_laden_xml_is_refused(
    peer: tuple[Peer, WechatChannel], intake: FakeIntake,
) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f'<xml><FromUserName>{OPENID}</FromUserName><CreateTime>1</CreateTime>'
            '<MsgType>text</MsgType><Content>&b;</Content><MsgId>9</MsgId></xml>')
    for body in (bomb, "not xml", xml(MsgType="text", Content="no sender")):
        answer = await peer[0].post(body)
        assert answer.status_code == 400 and answer.text != "success"
    assert intake.stored == []
