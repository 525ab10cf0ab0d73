"""The webhook on a real uvicorn server on 127.0.0.1: body read from the socket, chunked too."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
from starlette.applications import Starlette
from twilio.request_validator import RequestValidator

from .fakes import FakeIntake, serve
from .test_webhook import AUTH_TOKEN, PUBLIC_URL, make_channel, twiml_messages

PAYLOAD = (
    Path(__file__).resolve().parents[2] / "payloads" / "sms" / "inbound" / "long_chinese_1000.json"
)


async def test_long_petition_over_a_real_socket_in_chunks() -> None:
    case = json.loads(PAYLOAD.read_text("utf-8"))
    form = dict(map(tuple, case["form"]))
    body = urlencode([tuple(pair) for pair in case["form"]]).encode()
    signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + "/sms/twilio", form)
    intake = FakeIntake()
    channel = make_channel(intake)

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 1000):
            yield body[start : start + 1000]

    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
    async with (
        serve(Starlette(routes=list(channel.routes()))) as url,
        httpx.AsyncClient(base_url=url, timeout=5) as client,
    ):
        streamed = await client.post("/sms/twilio", content=chunks(), headers=headers)
        again = await client.post("/sms/twilio", content=body, headers=headers)
    await channel.stop()
    assert streamed.status_code == again.status_code == 200
    assert len(body) > 9000  # percent-encoded UTF-8: several chunks on the wire
    [message] = intake.stored
    assert message.raw == body
    assert message.text == form["Body"] and len(message.text) == 1000
    assert (
        twiml_messages(streamed)
        == twiml_messages(again)
        == [FakeIntake.reply_for(1, message.sender).text]
    )
