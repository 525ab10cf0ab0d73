"""Table-driven webhook tests over the recorded Twilio forms in tests/payloads/sms/.

Each payload file names the route, how the channel is configured, how the request is signed
(with twilio's own RequestValidator, here), the form as Twilio posts it, and what must follow.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

import httpx
import pytest
from starlette.applications import Starlette
from twilio.request_validator import RequestValidator

from channels.base import Intake, OutboundMessage, Receipt
from channels.sms import SmsChannel

from .fakes import FakeIntake, offline_transport

PAYLOADS = Path(__file__).resolve().parents[2] / "payloads" / "sms"
ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "f3c1b2a4d5e6f708192a3b4c5d6e7f80"
OTHER_TOKEN = "00000000000000000000000000000000"
PUBLIC_URL = "https://xf.example.gov.cn"
REPLY_TIMEOUT = 0.3


def load_cases(kind: str) -> list[Any]:
    files = sorted((PAYLOADS / kind).glob("*.json"))
    assert files, f"no payloads under {PAYLOADS / kind}"
    return [
        pytest.param(json.loads(path.read_text(encoding="utf-8")), id=path.stem) for path in files
    ]


def make_channel(intake: Intake, **overrides: Any) -> SmsChannel:
    options: dict[str, Any] = {
        "account_sid": ACCOUNT_SID,
        "auth_token": AUTH_TOKEN,
        "from_number": "+12025550123",
        "public_url": PUBLIC_URL,
        "reply_timeout": REPLY_TIMEOUT,
        "transport": offline_transport(),
    }
    options.update(overrides)
    return SmsChannel(intake=intake, **options)


def sign(case: dict[str, Any]) -> dict[str, str]:
    if case.get("sign") is None:
        return {}
    token = AUTH_TOKEN if case["sign"]["token"] == "account" else OTHER_TOKEN
    signed_form = dict(map(tuple, case.get("sign_form", case["form"])))
    signature = RequestValidator(token).compute_signature(case["sign"]["url"], signed_form)
    return {"X-Twilio-Signature": signature}


async def post_case(case: dict[str, Any], intake: FakeIntake) -> tuple[list[httpx.Response], bytes]:
    channel = make_channel(intake, **case.get("channel", {}))
    app = Starlette(routes=list(channel.routes()))
    body = urlencode([tuple(pair) for pair in case["form"]]).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(case)}
    url = case.get("route", "/sms/twilio")
    if case.get("query"):
        url += "?" + case["query"]
    transport = httpx.ASGITransport(app=app)
    base_url = case.get("base_url", "http://testserver")
    responses = []
    async with httpx.AsyncClient(transport=transport, base_url=base_url, timeout=5) as client:
        for _ in range(case.get("repeat", 1)):
            responses.append(await client.post(url, content=body, headers=headers))
    await channel.stop()
    return responses, body


def twiml_messages(response: httpx.Response) -> list[str]:
    assert response.headers["content-type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "Response"
    return [element.text or "" for element in root.iter("Message")]


def assert_nothing_private_logged(case: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    form = dict(map(tuple, case["form"]))
    secrets = [form.get("Body", ""), form.get("From", "")]
    secrets = [secret.strip() for secret in secrets if len(secret.strip()) >= 4]
    for record in caplog.records:
        text = record.getMessage()
        for secret in secrets:
            assert secret not in text, f"logged private data: {record.getMessage()!r}"
        assert AUTH_TOKEN not in text


@pytest.mark.parametrize("case", load_cases("inbound"))
async def test_inbound(case: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    intake = FakeIntake(mode=case.get("intake", "ok"))
    responses, body = await post_case(case, intake)
    expect = case["expect"]

    assert [response.status_code for response in responses] == [expect["status"]] * len(responses)
    assert len(intake.stored) == expect["stored"]
    assert_nothing_private_logged(case, caplog)
    if expect["status"] != 200:
        assert "xinfang" not in responses[0].text and "internal" not in responses[0].text
        assert not intake.processed
        return

    # Stored before answering, exactly what came in.
    form = dict(map(tuple, case["form"]))
    message = intake.stored[0]
    assert message.channel == "sms"
    assert message.raw == body
    assert message.text == form.get("Body", "")
    assert message.external_id == form["MessageSid"]
    assert message.received_at.tzinfo is not None
    if "sender" in expect:
        assert message.sender == expect["sender"]
    if "text_length" in expect:
        assert len(message.text) == expect["text_length"]
    for key, value in expect.get("meta", {}).items():
        assert message.meta[key] == value

    # Replies on the response: one canned reply when the bot was quick enough.
    assert all(inline for _, inline in intake.processed)
    replies = [twiml_messages(response) for response in responses]
    assert all(len(messages) == expect["twiml_messages"] for messages in replies)
    if expect["twiml_messages"]:
        assert replies[0] == [FakeIntake.reply_for(1, message.sender).text]
    # A retried MessageSid: stored once, answered the same way every time.
    assert intake.store_calls == len(responses)
    assert all(messages == replies[0] for messages in replies)


@pytest.mark.parametrize("case", load_cases("status"))
async def test_status_callback(case: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    intake = FakeIntake(mode=case.get("intake", "ok"))
    responses, _ = await post_case(case, intake)
    expect = case["expect"]
    assert responses[0].status_code == expect["status"]
    assert intake.deliveries == [tuple(item) for item in expect["deliveries"]]
    assert not intake.stored
    assert_nothing_private_logged(case, caplog)


async def test_slow_processing_is_cancelled_not_left_running() -> None:
    """Past the timeout the bot's inline run is cancelled, so nothing is marked as sent inline."""
    intake = FakeIntake(mode="slow")
    case = json.loads((PAYLOADS / "inbound" / "slow_processing.json").read_text("utf-8"))
    responses, _ = await post_case(case, intake)
    assert twiml_messages(responses[0]) == []
    assert intake.cancelled_processes == 1


async def test_oversized_body_is_refused_before_parsing() -> None:
    intake = FakeIntake()
    channel = make_channel(intake)
    app = Starlette(routes=list(channel.routes()))
    body = urlencode({"Body": "字" * 30_000, "MessageSid": "SM1"}).encode()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await client.post(
            "/sms/twilio",
            content=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": "x",
            },
        )
    assert response.status_code == 413
    assert intake.store_calls == 0


async def _asgi_post(app: Starlette, chunks: list[dict[str, Any]]) -> tuple[int, int]:
    """POST to /sms/twilio with ``chunks`` as the ASGI messages of the body and no
    Content-Length; (status, number of body messages the app read)."""
    sent: list[dict[str, Any]] = []
    pending = list(chunks)

    async def receive() -> dict[str, Any]:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/sms/twilio", "query_string": b"",
             "headers": [(b"content-type", b"application/x-www-form-urlencoded"),
                         (b"x-twilio-signature", b"x")], "root_path": ""}
    await app(scope, receive, send)
    return sent[0]["status"], len(chunks) - len(pending)


async def test_chunked_body_over_the_limit_is_cut_off_and_refused() -> None:
    intake = FakeIntake()
    app = Starlette(routes=list(make_channel(intake).routes()))
    piece = {"type": "http.request", "body": b"Body=" + b"%E5%AD%97" * 4000, "more_body": True}
    status, read = await _asgi_post(app, [piece] * 10)  # 360 kB announced by no header
    assert status == 413
    assert read == 2  # stopped reading once past 64 kB
    assert intake.store_calls == 0


async def test_client_gone_mid_body_is_answered_400_and_nothing_stored() -> None:
    intake = FakeIntake()
    app = Starlette(routes=list(make_channel(intake).routes()))
    status, _ = await _asgi_post(
        app, [{"type": "http.request", "body": b"MessageSid=SM1&Bo", "more_body": True}])
    assert status == 400
    assert intake.store_calls == 0


async def test_non_form_body_is_refused() -> None:
    intake = FakeIntake()
    app = Starlette(routes=list(make_channel(intake).routes()))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await client.post("/sms/twilio", json={"Body": "hi"})
    assert response.status_code == 415
    assert intake.store_calls == 0


async def test_get_is_not_a_webhook() -> None:
    app = Starlette(routes=list(make_channel(FakeIntake()).routes()))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await client.get("/sms/twilio")
    assert response.status_code == 405


def signed_lamp_report(sid: str) -> tuple[bytes, dict[str, str]]:
    """A signed inbound SMS (a broken street lamp) with MessageSid ``sid``: body, headers."""
    form = {"MessageSid": sid, "From": "+8613800000001", "To": "+12025550123",
            "AccountSid": ACCOUNT_SID, "Body": "路灯坏了"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + "/sms/twilio", form)
    return urlencode(form).encode(), {"Content-Type": "application/x-www-form-urlencoded",
                                      "X-Twilio-Signature": signature}


async def test_concurrent_arrivals_are_answered_at_once_replies_via_outbox() -> None:
    """Under concurrent arrivals the webhook does not wait on the conversation: a second new
    message gets an immediate empty TwiML (its replies go through the outbox), while a Twilio
    retry of a message already stored still gets its inline answer."""
    release = asyncio.Event()

    class GatedIntake(FakeIntake):
        async def process(self, receipt: Receipt, *, inline: bool = False
                          ) -> Sequence[OutboundMessage]:
            await release.wait()
            return await super().process(receipt, inline=inline)

    intake = GatedIntake()
    channel = make_channel(intake, reply_timeout=10.0)
    app = Starlette(routes=list(channel.routes()))

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver", timeout=20) as client:
        first = asyncio.create_task(client.post("/sms/twilio", content=signed_lamp_report("SM1")[0],
                                                headers=signed_lamp_report("SM1")[1]))
        while not intake.stored:
            await asyncio.sleep(0.01)
        second = await client.post("/sms/twilio", content=signed_lamp_report("SM2")[0],
                                   headers=signed_lamp_report("SM2")[1])
        assert twiml_messages(second) == []  # answered at once, while the first is in progress
        retry = asyncio.create_task(client.post("/sms/twilio", content=signed_lamp_report("SM1")[0],
                                                headers=signed_lamp_report("SM1")[1]))
        await asyncio.sleep(0.05)
        release.set()
        assert twiml_messages(await first) and twiml_messages(await retry)
    assert [receipt.duplicate for receipt, _ in intake.processed] == [False, True]
    await channel.stop()


async def test_a_message_right_after_another_is_answered_through_the_outbox() -> None:
    """Inline TwiML only for a message that comes alone: one within ``quiet_seconds`` of the
    last is acknowledged at once (even with none in flight), one after a pause is answered."""
    intake = FakeIntake()
    channel = make_channel(intake, quiet_seconds=0.3)
    app = Starlette(routes=list(channel.routes()))

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as client:
        first = await client.post("/sms/twilio", content=signed_lamp_report("SM1")[0], headers=signed_lamp_report("SM1")[1])
        second = await client.post("/sms/twilio", content=signed_lamp_report("SM2")[0], headers=signed_lamp_report("SM2")[1])
        await asyncio.sleep(0.35)
        third = await client.post("/sms/twilio", content=signed_lamp_report("SM3")[0], headers=signed_lamp_report("SM3")[1])
    assert twiml_messages(first) and twiml_messages(third)
    assert twiml_messages(second) == []
    assert [receipt.message_id for receipt, _ in intake.processed] == [1, 3]
    await channel.stop()


@pytest.mark.parametrize("sender", ["", "   ", "+", "---"])
async def test_senders_without_a_readable_number_never_share_an_identity(sender: str) -> None:
    """Issue 14 item 7: every unreadable ``From`` was ``tel:unknown``, one identity whose case
    list all such senders saw. Now each message is its own, flagged for a person."""
    intake = FakeIntake()
    channel = make_channel(intake)
    app = Starlette(routes=list(channel.routes()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://xf.example.gov.cn") as client:
        for sid in ("SM" + "a" * 32, "SM" + "b" * 32):
            form = {"MessageSid": sid, "From": sender, "To": "+12025550123",
                    "AccountSid": ACCOUNT_SID, "Body": "我的事项列表"}
            signature = RequestValidator(AUTH_TOKEN).compute_signature(
                PUBLIC_URL + "/sms/twilio", form)
            response = await client.post("/sms/twilio", content=urlencode(form).encode(),
                                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                                  "X-Twilio-Signature": signature})
            assert response.status_code == 200
    first, second = intake.stored
    assert first.sender != second.sender and "unknown" in first.sender
    assert first.needs_human and second.needs_human
