"""The webhook route in-process: authenticate, store, only then 200."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from channels.chat import SECRET_HEADER, WEBHOOK_PATH, TelegramChannel, group_notice

from .fakes import (
    FakeIntake,
    MessageCounter,
    OfflineRequest,
    Reply,
    callback_update,
    make_channel,
    payload,
    text_update,
)

SECRET = "s3cr3t-Token_for-tests"


@pytest.fixture
def channel(offline: OfflineRequest, intake: FakeIntake) -> TelegramChannel:
    return make_channel(offline, intake, webhook_secret=SECRET)


@pytest.fixture
async def client(channel: TelegramChannel) -> AsyncIterator[httpx.AsyncClient]:
    app = Starlette(routes=list(channel.routes()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await channel.stop()


async def post(client: httpx.AsyncClient, body: bytes, secret: str | None = SECRET) -> int:
    headers = {"content-type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    response = await client.post(WEBHOOK_PATH, content=body, headers=headers)
    return response.status_code


async def test_stored_before_200_with_the_exact_bytes(
    client: httpx.AsyncClient, intake: FakeIntake
) -> None:
    body = payload("private_text.json")
    assert await post(client, body) == 200
    (message,) = intake.stored
    assert message.raw == body
    assert message.external_id == "500000001"
    assert message.sender == "telegram:123456789"


@pytest.mark.parametrize(
    "secret", [None, "", "wrong", SECRET + "x", SECRET[:-1], SECRET.upper(), "秘密"]
)
async def test_missing_or_wrong_secret_is_refused_and_never_logged(
    client: httpx.AsyncClient,
    intake: FakeIntake,
    caplog: pytest.LogCaptureFixture,
    secret: str | None,
) -> None:
    caplog.set_level(logging.DEBUG)
    body = payload("private_text.json")
    if secret == "秘密":  # not latin-1 encodable by httpx as str: send raw bytes
        response = await client.post(
            WEBHOOK_PATH, content=body, headers=[(SECRET_HEADER.encode(), secret.encode())]
        )
        status = response.status_code
    else:
        status = await post(client, body, secret)
    assert status == 403
    assert intake.store_attempts == []
    if secret:
        assert secret not in caplog.text
    assert SECRET not in caplog.text
    assert "烧烤" not in caplog.text  # nor the petition


async def test_duplicate_delivery_is_one_message(
    client: httpx.AsyncClient, intake: FakeIntake
) -> None:
    body = payload("private_text.json")
    assert await post(client, body) == 200
    assert await post(client, body) == 200
    assert intake.store_attempts == ["500000001", "500000001"]
    assert intake.external_ids == ["500000001"]


async def test_out_of_order_deliveries_are_all_stored(
    client: httpx.AsyncClient, intake: FakeIntake
) -> None:
    for update_id in (905, 903, 904, 901):
        body = json.dumps(text_update(update_id, f"第{update_id}条"), ensure_ascii=False).encode()
        assert await post(client, body) == 200
    assert sorted(intake.external_ids) == ["901", "903", "904", "905"]


async def test_store_failure_is_503_and_the_retry_lands(
    client: httpx.AsyncClient, intake: FakeIntake, caplog: pytest.LogCaptureFixture
) -> None:
    intake.fail_next()
    body = payload("private_text.json")
    assert await post(client, body) == 503
    assert intake.stored == []
    assert "烧烤" not in caplog.text
    assert await post(client, body) == 200  # Telegram's redelivery
    assert intake.external_ids == ["500000001"]


@pytest.mark.parametrize("body", [b"", b"{", b'{"message": {}}', b"[]"])
async def test_not_an_update_is_400_and_nothing_stored(
    client: httpx.AsyncClient, intake: FakeIntake, body: bytes
) -> None:
    assert await post(client, body) == 400
    assert intake.store_attempts == []


@pytest.mark.parametrize("depth", [5_000, 100_000])
async def test_deeply_nested_json_is_400_not_a_retry(
    client: httpx.AsyncClient, intake: FakeIntake, depth: int
) -> None:
    """Issue 14 item 7: a RecursionError in the decoder was answered 503, so the provider
    retried a body that can never be stored, forever."""
    body = b'{"update_id": 1, "message": ' + b"[" * depth + b"]" * depth + b"}"
    assert await post(client, body) == 400
    assert intake.store_attempts == []


async def test_two_unreadable_updates_never_share_an_identity(
    client: httpx.AsyncClient, intake: FakeIntake
) -> None:
    for update_id in (10, 11):
        body = json.dumps({"update_id": update_id, "message": {"message_id": "??"}}).encode()
        assert await post(client, body) == 200
    assert len({message.sender for message in intake.stored}) == 2


async def test_unreadable_update_is_stored_raw_for_a_human(
    client: httpx.AsyncClient, intake: FakeIntake
) -> None:
    body = b'{"update_id": 9, "message": {"message_id": "??"}}'
    assert await post(client, body) == 200
    (message,) = intake.stored
    assert message.needs_human and message.raw == body


async def test_oversized_body_is_413(client: httpx.AsyncClient, intake: FakeIntake) -> None:
    body = b'{"update_id": 1, "message": {"text": "' + b"a" * (1 << 20) + b'"}}'
    assert await post(client, body) == 413
    assert intake.store_attempts == []


async def test_only_post(client: httpx.AsyncClient) -> None:
    response = await client.get(WEBHOOK_PATH, headers={SECRET_HEADER: SECRET})
    assert response.status_code == 405


async def test_callback_query_is_answered_after_storing(
    client: httpx.AsyncClient,
    channel: TelegramChannel,
    intake: FakeIntake,
    offline: OfflineRequest,
) -> None:
    offline.always("answerCallbackQuery", _answer_true)
    body = json.dumps(callback_update(950, "cat:yes:XF1", query_id="cbq-950")).encode()
    assert await post(client, body) == 200
    assert intake.external_ids == ["950"]
    await channel.flush()
    (call,) = offline.calls_to("answerCallbackQuery")
    assert call.params["callback_query_id"] == "cbq-950"
    # a redelivery of the same tap is not answered twice
    assert await post(client, body) == 200
    await channel.flush()
    assert len(offline.calls_to("answerCallbackQuery")) == 1


async def test_group_chat_is_told_petitions_are_private_once(
    client: httpx.AsyncClient,
    channel: TelegramChannel,
    intake: FakeIntake,
    offline: OfflineRequest,
) -> None:
    counter = MessageCounter()
    offline.always("sendMessage", counter)
    assert await post(client, payload("group_text.json")) == 200
    await channel.flush()
    group = payload("group_text.json").replace(b"500000007", b"500000107")
    assert await post(client, group) == 200
    await channel.flush()
    (call,) = offline.calls_to("sendMessage")
    assert call.params["chat_id"] == -1001234567890
    assert call.params["text"] == group_notice("")
    assert "私聊" in counter.texts[0] and "private" in counter.texts[0]
    assert [message.auto_generated for message in intake.stored] == [True, True]
    assert intake.stored[0].meta["chat_type"] == "supergroup"


async def test_route_exists_only_in_webhook_mode(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    assert make_channel(offline, intake).routes() == []


async def _answer_true(params: dict[str, object]) -> Reply:
    return Reply.ok(True)
