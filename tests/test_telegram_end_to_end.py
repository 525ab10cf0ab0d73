"""Telegram end to end through the real bot: polling against a Bot API on 127.0.0.1, the real
store, processor, outbox worker and media fetcher. A citizen files a complaint, gets a case
number, taps the category keyboard, asks for status, and sends a photo that becomes an
attachment of the case."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.core import Core
from bot.media import MediaFetcher
from bot.outbox import OutboxWorker
from nlp import Analyzer
from storage import Attachment, Case, CaseEvent, Message
from tests.channels.chat.fake_bot_api import FakeBotApi, serve
from tests.channels.chat.fakes import TOKEN, make_channel
from tests.channels.chat.test_chat_e2e import real_request
from tests.conftest import FIXED_NOW

CITIZEN = 987654321
NUMBER = re.compile(r"XF2026-\d{6}")
COMPLAINT = "我们小区楼下的烧烤店每天营业到凌晨两点，油烟和噪音严重扰民，请求有关部门处理。"
JPEG = b"\xff\xd8\xff\xe0JFIF" + bytes(range(256)) * 4


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


async def wait_for(predicate: Callable[[], Any], seconds: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


@pytest.fixture
async def world(tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[tuple[FakeBotApi, Core,
                                                                           Any]]:
    fake = FakeBotApi(TOKEN)
    core = Core.open(database_url=f"sqlite:///{tmp_path / 'cases.sqlite3'}", data_dir=tmp_path,
                     secret_key="k", fixed_now=FIXED_NOW, analyzer=analyzer)
    async with serve(fake.app) as url:
        channel = make_channel(real_request(), core.intake, api_url=url,  # type: ignore[arg-type]
                               updates_request=real_request())
        await channel.start()
        try:
            assert await channel.wait_ready(10)
            yield fake, core, channel
        finally:
            await channel.stop()
            core.close()


async def turn(core: Core, channel: Any) -> None:
    """What serve's background tasks do: process, send replies, fetch files."""
    await core.processor.drain()
    await OutboxWorker(core.store, {"telegram": channel}, core.clock,
                       hasher=core.hasher).send_due()
    await MediaFetcher(core.store, {"telegram": channel}, core.clock).fetch_due()


def stored(core: Core) -> int:
    return core.store.read_sync(lambda s: len(list(s.exec(select(Message)))))


async def test_a_citizen_conversation_through_the_real_bot(world: tuple[FakeBotApi, Core,
                                                                         Any]) -> None:
    fake, core, channel = world

    fake.says(CITIZEN, COMPLAINT)
    await wait_for(lambda: stored(core) >= 1)
    await turn(core, channel)
    number = NUMBER.search(fake.sent[0].text).group()  # type: ignore[union-attr]
    assert "查询码" in fake.sent[0].text and all(m.chat_id == CITIZEN for m in fake.sent)
    keyboard = next(m for m in fake.sent if m.reply_markup)
    assert keyboard.reply_markup["inline_keyboard"][0][0]["callback_data"] == f"cat:ok:{number}"

    tap = fake.taps(CITIZEN, f"cat:ok:{number}", keyboard)
    await wait_for(lambda: fake.answered == [tap["callback_query"]["id"]])
    await wait_for(lambda: stored(core) >= 2)
    sent = len(fake.sent)
    await turn(core, channel)
    assert "确认" in fake.sent[sent].text

    fake.says(CITIZEN, "/status")
    await wait_for(lambda: stored(core) >= 3)
    sent = len(fake.sent)
    await turn(core, channel)
    assert fake.sent[sent].text.startswith(number)

    fake.sends_photo(CITIZEN, JPEG, caption="凌晨的油烟")
    await wait_for(lambda: stored(core) >= 4)
    await turn(core, channel)
    attachment = core.store.read_sync(lambda s: s.exec(select(Attachment)).one())
    case = core.store.read_sync(lambda s: s.exec(select(Case)).one())
    assert attachment.case_id == case.id and core.store.files.get(attachment.sha256) == JPEG
    events = core.store.read_sync(lambda s: [e.action for e in s.exec(select(CaseEvent))])
    assert "category_confirmed" in events
