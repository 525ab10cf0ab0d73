"""WeChat through the real bot: a follower's encrypted callbacks on 127.0.0.1 stored in the real
store before ``success``, processed, answered through the outbox and the customer-service API
(a fake on 127.0.0.1), and their picture fetched into the case."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import select
from starlette.applications import Starlette

from bot.core import Core
from bot.media import MediaFetcher
from bot.outbox import OutboxWorker
from channels.wechat.channel import WechatChannel
from nlp import Analyzer
from storage import Attachment, Case, Message
from tests.channels.fakes import serve
from tests.conftest import FIXED_NOW

from .fake_api import FakeWechatApi
from .test_wechat import AES_KEY, APP_ID, APP_SECRET, OPENID, TOKEN, Peer, text_xml, xml

COMPLAINT = "我们小区楼下的烧烤店每天营业到凌晨两点，油烟和噪音严重扰民，请求有关部门处理。"
NUMBER = re.compile(r"XF2026-\d{6}")


@pytest.fixture
async def world(tmp_path: Path, analyzer: Analyzer,
                ) -> AsyncIterator[tuple[Peer, Core, WechatChannel, FakeWechatApi]]:
    api = FakeWechatApi(APP_ID, APP_SECRET, media={"PIC1": ("image/jpeg", b"\xff\xd8 photo")})
    core = Core.open(database_url=f"sqlite:///{tmp_path / 'cases.sqlite3'}", data_dir=tmp_path,
                     secret_key="k", fixed_now=FIXED_NOW, analyzer=analyzer)
    try:
        async with serve(api.app()) as api_url:
            channel = WechatChannel(intake=core.intake, app_id=APP_ID, app_secret=APP_SECRET,
                                    token=TOKEN, aes_key=AES_KEY, api_url=api_url)
            async with (serve(Starlette(routes=list(channel.routes()))) as url,
                        httpx.AsyncClient(base_url=url, timeout=10) as client):
                yield Peer(client, safe=True), core, channel, api
            await channel.stop()
    finally:
        core.close()


def stored(core: Core) -> list[Message]:
    return core.store.read_sync(lambda s: list(s.exec(select(Message).where(
        Message.direction == "in"))))


async def turn(core: Core, channel: WechatChannel) -> None:
    """What serve's background tasks do: process, send replies, fetch files."""
    await core.processor.drain()
    await OutboxWorker(core.store, {"wechat": channel}, core.clock,
                       hasher=core.hasher).send_due()
    await MediaFetcher(core.store, {"wechat": channel}, core.clock).fetch_due()


async def test_a_follower_files_a_petition_and_sends_a_picture(
    world: tuple[Peer, Core, WechatChannel, FakeWechatApi],
) -> None:
    peer, core, channel, api = world
    answer = await peer.post(text_xml(COMPLAINT, msg_id=5001))
    assert answer.text == "success"
    [message] = stored(core)  # in the store (committed) when success was said
    assert message.channel == "wechat" and message.processed_at is None
    await turn(core, channel)
    replies = [sent.text for sent in api.sent if sent.openid == OPENID]
    assert replies and NUMBER.search("\n".join(replies))
    number = NUMBER.search("\n".join(replies))
    assert number is not None

    picture = xml(ToUserName="gh", FromUserName=OPENID, CreateTime=1_790_000_100,
                  MsgType="image", PicUrl="http://mmbiz/2", MediaId="PIC1", MsgId=5002)
    assert (await peer.post(picture)).text == "success"
    assert (await peer.post(picture)).text == "success"  # WeChat's retry: stored once
    await turn(core, channel)
    assert len(stored(core)) == 2
    attachment = core.store.read_sync(lambda s: s.exec(select(Attachment)).one())
    case = core.store.read_sync(lambda s: s.exec(select(Case)).one())
    assert attachment.case_id == case.id and case.number == number.group(0)
    assert core.store.files.get(attachment.sha256) == b"\xff\xd8 photo"
