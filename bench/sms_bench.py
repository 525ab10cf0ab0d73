"""SMS webhook throughput: the durable Twilio webhook against the same app's bare TwiML route.

The server (see :mod:`bench.http_load`) is the bot's web app on the real intake with
:class:`channels.sms.SmsChannel`'s routes plus ``POST /sms/bare``, which reads the body and
answers a fixed empty ``<Response/>``: the cost of the web stack alone. ``POST /sms/twilio`` is
the real path: signature check with twilio's ``RequestValidator``, the message stored (group
commit, fsync'd) before anything is answered, then the bot's inline reply rendered as TwiML.

Every request is a Twilio-shaped form with a new ``MessageSid`` (a 40-character Chinese
complaint), signed with ``RequestValidator`` for the public URL of ``/sms/twilio``; the bare
route gets the same requests. 16 concurrent keep-alive connections.

Targets (issue #4): durable ≥ 0.4 × bare requests/s; durable p99 < 50 ms.
Run alone: ``python -m bench.sms_bench`` (prints the figures as JSON).
"""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from bench.http_load import compare, figures, http_post

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from bot.core import Core

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "bench-token-0123456789abcdef0123"
PUBLIC_URL = "https://bench.example"
TO_NUMBER = "+12025550123"
BODY_TEXT = "您好，我是A市A3区居民，小区旁边工地夜间施工噪音很大，已持续两个月，请尽快处理。"
BARE_PATH = "/sms/bare"
WEBHOOK_PATH = "/sms/twilio"

_validator = RequestValidator(AUTH_TOKEN)


def signed_request(path: str, number: int) -> bytes:
    """A signed inbound-SMS form POST to ``path`` with MessageSid number ``number``."""
    sid = f"SM{number:032x}"
    form = {
        "ToCountry": "US", "SmsMessageSid": sid, "NumMedia": "0", "SmsSid": sid,
        "SmsStatus": "received", "Body": BODY_TEXT, "FromCountry": "CN", "To": TO_NUMBER,
        "NumSegments": "1", "MessageSid": sid, "AccountSid": ACCOUNT_SID,
        "From": f"+86138{number % 100_000_000:08d}", "ApiVersion": "2010-04-01",
    }
    signature = _validator.compute_signature(PUBLIC_URL + WEBHOOK_PATH, form)
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "X-Twilio-Signature": signature}
    return http_post(path, headers, urlencode(form).encode())


async def server_routes(core: Core, stack: AsyncExitStack) -> list[BaseRoute]:
    """The SMS channel on ``core.intake`` (sending nothing out) plus the bare route."""
    import httpx
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from channels.sms import SmsChannel

    def offline(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("the benchmark sends nothing out")

    channel = SmsChannel(
        intake=core.intake, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN,
        from_number=TO_NUMBER, public_url=PUBLIC_URL, transport=httpx.MockTransport(offline),
    )
    stack.push_async_callback(channel.stop)
    empty = '<?xml version="1.0" encoding="UTF-8"?><Response />'

    async def bare(request: Request) -> Response:
        await request.body()  # the same upload work as the webhook, nothing checked or stored
        return Response(empty, media_type="application/xml")

    return [*channel.routes(), Route(BARE_PATH, bare, methods=["POST"])]


def run() -> list[dict[str, Any]]:
    result = compare("bench.sms_bench", "sms", signed_request, BARE_PATH, WEBHOOK_PATH)
    return figures(result, what="sms durable webhook", unit="requests/s",
                   baseline_name="same app, bare TwiML route", min_ratio=0.4, max_p99_ms=50.0)


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
