"""End to end against a Bot API on 127.0.0.1: a citizen's conversation, polling and webhook.

The bot side is played by :func:`bot_turn`: it does what ``bot/`` and the outbox worker do
with a stored message (process it, fetch attachments, send the replies through the channel,
record the delivery), with :class:`FakeIntake` standing in for the real store and dialogue.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

import pytest
from starlette.applications import Starlette
from telegram.request import HTTPXRequest

from channels.base import Button, InboundMessage, IncomingAttachment, OutboundMessage, Receipt
from channels.chat import TelegramChannel, parse_command
from nlp.commands import COMMANDS

from .fake_bot_api import BOT_USERNAME, FakeBotApi, serve
from .fakes import TOKEN, FakeIntake, make_channel

CITIZEN = 123456789
CASE = "XF20240601-0001"
COMPLAINT = "我们小区楼下的烧烤店每天营业到凌晨两点，油烟和噪音严重扰民，请求有关部门处理。"
JPEG = b"\xff\xd8\xff\xe0JFIF" + bytes(range(256)) * 8


def conversation(message: InboundMessage) -> Sequence[OutboundMessage]:
    """A scripted stand-in for the bot's dialogue."""

    def say(text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> OutboundMessage:
        return OutboundMessage("telegram", message.sender, text, case_number=CASE, buttons=buttons)

    command = parse_command(message.text, BOT_USERNAME)
    if message.meta.get("callback_data", "").startswith("cat:yes:"):
        return [say("好的，类别已确认：环境保护。")]
    if command is not None and command[0] == "status":
        return [say(f"{CASE}：已受理，承办单位：区生态环境局，答复期限 2024-08-15。")]
    if "photo_file_id" in message.meta:
        return [say(f"照片已收到，附在 {CASE}。")]
    return [
        say(
            f"您的信访事项已登记，编号 {CASE}，查询码 7QK2-MX9D。类别：环境保护，对吗？",
            ((Button("对", f"cat:yes:{CASE}"), Button("不对", f"cat:no:{CASE}")),),
        )
    ]


@dataclass
class Bot:
    """Plays bot/ and the outbox worker for the stored messages."""

    channel: TelegramChannel
    intake: FakeIntake
    done: int = 0
    attachments: list[IncomingAttachment] = field(default_factory=list)

    async def turn(self) -> list[OutboundMessage]:
        """Handle every message stored since the last turn."""
        replies: list[OutboundMessage] = []
        while self.done < len(self.intake.stored):
            self.done += 1
            message = self.intake.stored[self.done - 1]
            if "photo_file_id" in message.meta:
                self.attachments.append(
                    await self.channel.fetch_file(message.meta["photo_file_id"], 20 * 1024 * 1024)
                )
            for reply in await self.intake.process(Receipt(self.done, duplicate=False)):
                delivery = await self.channel.send(reply)
                await self.intake.record_delivery("telegram", delivery.provider_id, delivery.status)
                replies.append(reply)
        return replies


def real_request() -> HTTPXRequest:
    # trust_env off: a proxy configured on the test machine must not see loopback traffic
    return HTTPXRequest(connection_pool_size=4, httpx_kwargs={"trust_env": False})


@pytest.fixture
async def api() -> AsyncIterator[tuple[FakeBotApi, str]]:
    fake = FakeBotApi(TOKEN)
    async with serve(fake.app) as url:
        yield fake, url


@pytest.fixture
def citizen_intake() -> FakeIntake:
    return FakeIntake(reply=conversation)


async def test_polling_conversation(
    api: tuple[FakeBotApi, str], citizen_intake: FakeIntake
) -> None:
    fake, url = api
    intake = citizen_intake
    channel = make_channel(
        real_request(), intake, api_url=url, updates_request=real_request(), register_commands=True,
        commands=COMMANDS,
    )
    bot = Bot(channel, intake)
    await channel.start()
    try:
        assert await channel.wait_ready(5)
        assert fake.calls_to("deleteWebhook") and fake.calls_to("setMyCommands")

        # 1. a complaint: stored, a case number comes back with a keyboard
        fake.says(CITIZEN, COMPLAINT)
        await intake.wait_for(1)
        assert intake.stored[0].text == COMPLAINT
        await bot.turn()
        registered = fake.sent[-1]
        assert CASE in registered.text and registered.chat_id == CITIZEN
        assert registered.reply_markup == {
            "inline_keyboard": [
                [
                    {"text": "对", "callback_data": f"cat:yes:{CASE}"},
                    {"text": "不对", "callback_data": f"cat:no:{CASE}"},
                ]
            ]
        }
        assert intake.deliveries[-1] == ("telegram", str(registered.message_id), "sent")

        # 2. a tap on the keyboard: stored, answered by the channel at once, then confirmed
        tap = fake.taps(CITIZEN, f"cat:yes:{CASE}", registered)
        await intake.wait_for(2)
        await fake.wait_until(lambda: fake.answered == [tap["callback_query"]["id"]])
        await bot.turn()
        assert "类别已确认" in fake.sent[-1].text

        # 3. a status question
        fake.says(CITIZEN, f"/status@{BOT_USERNAME} {CASE}")
        await intake.wait_for(3)
        await bot.turn()
        assert "已受理" in fake.sent[-1].text

        # 4. a photo: the bot fetches it through the channel
        fake.sends_photo(CITIZEN, JPEG, caption="凌晨的油烟")
        await intake.wait_for(4)
        await bot.turn()
        assert bot.attachments[0].data == JPEG
        assert bot.attachments[0].content_type == "image/jpeg"
        assert fake.calls_to("download")

        # 5. out-of-order update ids with a gap: all stored, the offset passes the highest
        first = fake.says(CITIZEN, "补充：周末更严重")
        later = first["update_id"] + 10
        for update_id in (later + 2, later, later + 1):
            fake.says(CITIZEN, f"第{update_id}条", update_id=update_id)
        await intake.wait_for(8)
        await fake.wait_until(lambda: channel.poll_offset == later + 3)
        assert {str(later), str(later + 1), str(later + 2)} <= set(intake.external_ids)

        # 6. Telegram delivers everything again: each update is still one message
        attempts = len(intake.store_attempts)
        fake.redeliver_confirmed_once()
        fake.says(CITIZEN, "还有一条")
        await fake.wait_until(lambda: len(intake.store_attempts) >= attempts + 9)
        await intake.wait_for(9)
        assert len(intake.external_ids) == len(set(intake.external_ids)) == 9
    finally:
        await channel.stop()
    assert all(call.params.get("timeout") == 1 for call in fake.calls_to("getUpdates"))


async def test_polling_offset_waits_for_a_failed_store(
    api: tuple[FakeBotApi, str], citizen_intake: FakeIntake
) -> None:
    fake, url = api
    intake = citizen_intake
    channel = make_channel(real_request(), intake, api_url=url, updates_request=real_request())
    await channel.start()
    try:
        assert await channel.wait_ready(5)
        first = fake.says(CITIZEN, "第一条")
        await intake.wait_for(1)
        second_id = first["update_id"] + 1
        intake.fail_on(str(second_id))
        calls_before = len(fake.calls_to("getUpdates"))
        fake.says(CITIZEN, "第二条")
        await intake.wait_for(2)
        offsets = fake.offsets()[calls_before:]
        # the failed update was asked for again with the same offset, never skipped
        assert offsets.count(second_id) >= 2
        assert all(offset is None or offset <= second_id for offset in offsets)
        await fake.wait_until(lambda: fake.offsets()[-1] == second_id + 1)
        assert intake.store_attempts.count(str(second_id)) == 2
    finally:
        await channel.stop()


async def test_webhook_conversation(
    api: tuple[FakeBotApi, str], citizen_intake: FakeIntake
) -> None:
    fake, api_url = api
    intake = citizen_intake
    secret = "wh-secret-0123456789"
    app = Starlette()  # routes added once the port (hence the webhook URL) is known
    async with serve(app) as our_url:
        channel = make_channel(
            real_request(),
            intake,
            api_url=api_url,
            webhook_secret=secret,
            webhook_url=f"{our_url}/telegram/webhook",
        )
        app.router.routes.extend(channel.routes())
        bot = Bot(channel, intake)
        await channel.start()
        try:
            assert await channel.wait_ready(5)
            assert fake.webhook_url == f"{our_url}/telegram/webhook"
            assert fake.webhook_secret == secret

            complaint = fake.says(CITIZEN, COMPLAINT, queue=False)  # webhook: Telegram pushes
            assert await fake.deliver(complaint, secret="forged") == 403
            assert intake.store_attempts == []
            intake.fail_next()
            assert await fake.deliver(complaint) == 503
            assert await fake.deliver(complaint) == 200  # Telegram's retry
            assert await fake.deliver(complaint) == 200  # a duplicate delivery
            assert intake.external_ids == [str(complaint["update_id"])]
            await bot.turn()
            registered = fake.sent[-1]
            assert CASE in registered.text

            tap = fake.taps(CITIZEN, f"cat:yes:{CASE}", registered, queue=False)
            assert await fake.deliver(tap) == 200
            await fake.wait_until(lambda: fake.answered == [tap["callback_query"]["id"]])
            await bot.turn()
            assert "类别已确认" in fake.sent[-1].text
            assert fake.calls_to("getUpdates") == []
        finally:
            await channel.stop()
