"""Polling through the offline request seam: the offset never passes an unstored update."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
from telegram import Bot

from channels.chat import TelegramChannel
from channels.chat.polling import CapturingRequest, UpdatePoller
from nlp.commands import COMMANDS

from .fakes import (
    BOT_USER,
    FakeIntake,
    OfflineRequest,
    Reply,
    UpdateQueue,
    make_channel,
    payload,
    text_update,
)


def script_setup(offline: OfflineRequest) -> None:
    offline.always("getMe", _ok(BOT_USER))
    offline.always("deleteWebhook", _ok(True))


def _ok(result: Any) -> Any:
    async def handler(params: dict[str, Any]) -> Reply:
        return Reply.ok(result)

    return handler


async def run_until(channel: TelegramChannel, condition: Any, timeout: float = 5.0) -> None:
    await channel.start()
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.005)
    finally:
        await channel.stop()


async def test_updates_are_stored_and_the_offset_follows(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    script_setup(offline)
    queue = UpdateQueue()
    queue.add(text_update(1001, "一"), text_update(1002, "二"))
    offline.always("getUpdates", queue)
    channel = make_channel(offline, intake)
    await run_until(channel, lambda: 1003 in queue.offsets)
    assert intake.external_ids == ["1001", "1002"]
    assert channel.poll_offset == 1003
    first = offline.calls_to("getUpdates")[0].params
    assert first["timeout"] == 1 and first["limit"] == 100
    assert first["allowed_updates"] == [
        "message",
        "edited_message",
        "callback_query",
        "my_chat_member",
    ]
    assert "offset" not in first  # nothing stored yet: no offset, nothing confirmed
    assert offline.calls_to("deleteWebhook")[0].params["drop_pending_updates"] is False


async def test_a_failed_store_is_fetched_again_with_the_old_offset(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    script_setup(offline)
    queue = UpdateQueue()
    queue.add(text_update(2001, "一"), text_update(2002, "二"), text_update(2003, "三"))
    seen: list[tuple[int | None, set[str]]] = []

    async def get_updates(params: dict[str, Any]) -> Reply:
        # What was durably stored at the moment each offset was sent to Telegram.
        seen.append((params.get("offset"), set(intake.external_ids)))
        return await queue(params)

    offline.always("getUpdates", get_updates)
    intake.fail_on("2002")
    channel = make_channel(offline, intake)
    await run_until(channel, lambda: any(offset == 2004 for offset, _ in seen))

    assert [offset for offset, _ in seen[:3]] == [None, 2002, 2004]
    for offset, stored in seen:
        if offset is not None:
            # every update below the offset (which Telegram now forgets) is stored
            assert {str(n) for n in range(2001, offset)} <= stored
    assert intake.store_attempts[:4] == ["2001", "2002", "2002", "2003"]
    assert intake.external_ids == ["2001", "2002", "2003"]


async def test_exact_bytes_out_of_order_and_duplicates(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    script_setup(offline)
    queue = UpdateQueue()
    odd = (
        b'{ "update_id" : 3005,\n  "message": {"message_id": 5, "date": 1717200000,\n'
        b'  "chat": {"id": 9, "type": "private"}, "from": {"id": 9, "is_bot": false,'
        b' "first_name": "A"}, "text": "\\u6295\\u8bc9 \xe5\x99\xaa\xe9\x9f\xb3"}}'
    )
    queue.add(odd, text_update(3003, "三"), text_update(3004, "四"), text_update(3003, "三"))
    offline.always("getUpdates", queue)
    channel = make_channel(offline, intake)
    await run_until(channel, lambda: channel.poll_offset == 3006)
    assert intake.external_ids == ["3003", "3004", "3005"]
    stored = {message.external_id: message for message in intake.stored}
    assert stored["3005"].raw == odd
    assert stored["3005"].text == "投诉 噪音"
    assert json.loads(stored["3003"].raw) == text_update(3003, "三")


async def test_recorded_payloads_through_polling(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    script_setup(offline)
    offline.always("answerCallbackQuery", _ok(True))
    offline.always(
        "sendMessage", _ok({"message_id": 1, "date": 0, "chat": {"id": 1, "type": "group"}})
    )
    queue = UpdateQueue()
    names = ["private_text.json", "callback_query.json", "private_photo.json", "group_plain.json"]
    queue.add(*(payload(name).strip() for name in names))  # the files end with a newline
    offline.always("getUpdates", queue)
    channel = make_channel(offline, intake)
    await run_until(
        channel, lambda: len(intake.stored) == 4 and len(offline.calls_to("sendMessage")) == 1
    )
    # stored in update_id order, each with the exact bytes it had inside the batch
    assert intake.external_ids == ["500000001", "500000004", "500000006", "500000008"]
    raws = {payload(name).strip() for name in names}
    assert {message.raw for message in intake.stored} == raws


async def test_stop_is_prompt_during_a_long_poll(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    script_setup(offline)
    started = asyncio.Event()

    async def hang(params: dict[str, Any]) -> Reply:
        started.set()
        await asyncio.sleep(60)
        return Reply.ok([])

    offline.always("getUpdates", hang)
    channel = make_channel(offline, intake)
    await channel.start()
    await asyncio.wait_for(started.wait(), 5)
    begun = time.monotonic()
    await channel.stop(timeout=2)
    assert time.monotonic() - begun < 2


async def test_setup_retries_until_the_bot_api_answers(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    offline.once("getMe", Reply.error(502, "Bad Gateway"))
    offline.once("getMe", Reply.error(502, "Bad Gateway"))
    script_setup(offline)
    offline.always("getUpdates", UpdateQueue())
    channel = make_channel(offline, intake)
    await channel.start()
    try:
        assert await channel.wait_ready(5)
        assert channel.bot_username == "XinfangTestBot"
    finally:
        await channel.stop()
    assert len(offline.calls_to("getMe")) == 3


async def test_webhook_mode_registers_the_webhook_with_its_secret(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    offline.always("getMe", _ok(BOT_USER))
    offline.always("setWebhook", _ok(True))
    offline.always("setMyCommands", _ok(True))
    channel = make_channel(
        offline,
        intake,
        webhook_secret="secret-1",
        webhook_url="https://xf.example.gov.cn/telegram/webhook",
        register_commands=True,
        commands=COMMANDS,
    )
    await channel.start()
    try:
        assert await channel.wait_ready(5)
    finally:
        await channel.stop()
    (call,) = offline.calls_to("setWebhook")
    assert call.params["url"] == "https://xf.example.gov.cn/telegram/webhook"
    assert call.params["secret_token"] == "secret-1"
    commands = offline.calls_to("setMyCommands")[0].params["commands"]
    assert [command["command"] for command in commands] == [
        "start",
        "new",
        "status",
        "cases",
        "help",
        "lang",
    ]
    assert offline.calls_to("getUpdates") == []  # webhook mode never polls


async def test_retry_after_on_get_updates_waits_what_telegram_says(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    offline.once("getUpdates", Reply.error(429, "Too Many Requests", retry_after=7))
    queue = UpdateQueue()
    queue.add(text_update(4001, "一"))
    offline.always("getUpdates", queue)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) >= 3:
            raise asyncio.CancelledError

    channel = make_channel(offline, intake)
    capture = CapturingRequest(offline)
    bot = Bot(
        "123456:TEST-token-never-sent-anywhere",
        request=offline,
        get_updates_request=capture,
        base_url="http://offline.invalid/bot",
        base_file_url="http://offline.invalid/file/bot",
    )
    poller = UpdatePoller(
        bot, capture, channel.accept_body, poll_interval=0.25, timeout=1, sleep=sleep
    )
    with pytest.raises(asyncio.CancelledError):
        await poller.run()
    assert slept[:2] == [7.0, 0.25]
    assert intake.external_ids == ["4001"]


def test_poll_interval_must_be_positive(offline: OfflineRequest, intake: FakeIntake) -> None:
    with pytest.raises(ValueError):
        make_channel(offline, intake, poll_interval=0)
