"""Outbound through the offline request seam: what reaches the Bot API, and what comes back."""

from __future__ import annotations

import json
from typing import Any

import pytest

from channels.base import Button, OutboundMessage, SendError
from channels.chat import SendRateLimiter

from .fakes import FakeIntake, MessageCounter, OfflineRequest, Reply, make_channel


def reply(text: str, **fields: Any) -> OutboundMessage:
    return OutboundMessage(channel="telegram", recipient="telegram:123456789", text=text, **fields)


async def test_plain_reply(offline: OfflineRequest, intake: FakeIntake) -> None:
    counter = MessageCounter(first_id=501)
    offline.always("sendMessage", counter)
    channel = make_channel(offline, intake)
    delivery = await channel.send(reply("您的信访事项已登记，编号 XF20240601-0001。"))
    assert delivery.provider_id == "501"
    assert delivery.status == "sent"
    (call,) = offline.calls_to("sendMessage")
    assert call.params["chat_id"] == 123456789
    assert call.params["text"] == "您的信访事项已登记，编号 XF20240601-0001。"
    assert "reply_markup" not in call.params
    assert "parse_mode" not in call.params  # citizens' words are never parsed as markup


async def test_buttons_become_an_inline_keyboard_on_the_last_part(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    offline.always("sendMessage", MessageCounter())
    channel = make_channel(offline, intake)
    buttons = (
        (Button("对", "cat:yes:1"), Button("不对", "cat:no:1")),
        (Button("⭐⭐⭐", "rate:3"),),
    )
    await channel.send(reply("甲" * 3000 + "\n\n" + "乙" * 3000, buttons=buttons))
    first, last = offline.calls_to("sendMessage")
    assert "reply_markup" not in first.params
    markup = last.params["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    assert markup == {
        "inline_keyboard": [
            [
                {"text": "对", "callback_data": "cat:yes:1"},
                {"text": "不对", "callback_data": "cat:no:1"},
            ],
            [{"text": "⭐⭐⭐", "callback_data": "rate:3"}],
        ]
    }


async def test_long_text_goes_in_parts_and_all_ids_are_recorded(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    counter = MessageCounter(first_id=700)
    offline.always("sendMessage", counter)
    channel = make_channel(offline, intake)
    text = "第一段。" * 900 + "\n\n" + "第二段。" * 900
    delivery = await channel.send(reply(text, in_reply_to="11"))
    assert delivery.provider_id == "700,701"
    assert all(len(part) <= 4096 for part in counter.texts)
    first, second = offline.calls_to("sendMessage")
    assert first.params["reply_parameters"]["message_id"] == 11
    assert "reply_parameters" not in second.params


async def test_retry_after_a_partial_send_resumes_without_repeating(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    counter = MessageCounter(first_id=800)
    channel = make_channel(offline, intake)
    text = "甲" * 4000 + "\n\n" + "乙" * 4000 + "\n\n" + "丙" * 100
    message = reply(text, outbox_id=42)
    offline.once("sendMessage", await counter({"chat_id": 1, "text": "part 1"}))
    offline.once("sendMessage", Reply.error(429, "Too Many Requests: retry after 3", retry_after=3))
    with pytest.raises(SendError) as raised:
        await channel.send(message)
    assert raised.value.retryable is True
    assert raised.value.retry_after == 3.0

    offline.always("sendMessage", counter)
    delivery = await channel.send(message)  # the outbox's retry
    assert delivery.provider_id == "800,801,802"
    texts = [call.params["text"] for call in offline.calls_to("sendMessage")]
    assert (
        texts[0] == "甲" * 4000 and texts[1] == texts[2] == "乙" * 4000 and texts[3] == "丙" * 100
    )


@pytest.mark.parametrize(
    ("answer", "retryable"),
    [
        (Reply.error(400, "Bad Request: chat not found"), False),
        (Reply.error(403, "Forbidden: bot was blocked by the user"), False),
        (Reply.error(502, "Bad Gateway"), True),
        (Reply.error(500, "Internal Server Error"), True),
        (Reply(200, b"<html>proxy error</html>"), True),
    ],
)
async def test_errors_are_translated(
    offline: OfflineRequest, intake: FakeIntake, answer: Reply, retryable: bool
) -> None:
    offline.once("sendMessage", answer)
    channel = make_channel(offline, intake)
    with pytest.raises(SendError) as raised:
        await channel.send(reply("您好"))
    assert raised.value.retryable is retryable
    assert raised.value.__cause__ is not None  # translated once, at the boundary


@pytest.mark.parametrize(
    ("message", "why"),
    [
        (reply("   "), "empty"),
        (OutboundMessage(channel="telegram", recipient="tel:+8613800000000", text="x"), "URN"),
        (OutboundMessage(channel="telegram", recipient="telegram:abc", text="x"), "URN"),
        (OutboundMessage(channel="sms", recipient="telegram:1", text="x"), "not a telegram"),
        (reply("x", buttons=((Button("长", "d" * 65),),)), "bytes"),
        (reply("x", buttons=((Button("", "d"),),)), "label"),
    ],
)
async def test_unsendable_messages_fail_permanently_without_a_call(
    offline: OfflineRequest, intake: FakeIntake, message: OutboundMessage, why: str
) -> None:
    channel = make_channel(offline, intake)
    with pytest.raises(SendError) as raised:
        await channel.send(message)
    assert raised.value.retryable is False
    assert why in raised.value.reason
    assert offline.calls == []


async def test_sends_wait_for_the_flood_limit(offline: OfflineRequest, intake: FakeIntake) -> None:
    offline.always("sendMessage", MessageCounter())
    slept: list[float] = []
    now = [0.0]

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = SendRateLimiter(clock=lambda: now[0], sleep=sleep)
    channel = make_channel(offline, intake, limiter=limiter)
    for _ in range(3):
        await channel.send(reply("进度通知"))
    assert slept == [1.0, 1.0]
