"""WeChat callback throughput: the durable callback against the same app's bare route.

The server (see :mod:`bench.http_load`) is the bot's web app on the real intake with
:class:`channels.wechat.channel.WechatChannel`'s routes plus ``POST /wechat/bare``, which reads
the body and answers ``success``: the cost of the web stack alone. ``POST /wechat`` is the real
path in safe mode: the URL signature and the ``msg_signature`` checked, the AES envelope
opened (wechatpy's ``PrpCrypto``), the XML read, the message stored (group commit, fsync'd),
then ``success``.

Every request is a text message with a new ``MsgId`` (a 40-character Chinese complaint),
encrypted and signed with wechatpy's own ``WeChatCrypto`` as WeChat's servers do; the bare
route gets the same requests. 16 concurrent keep-alive connections.

Target (issue 20): durable ≥ 0.4 × bare requests/s; the p99 is reported (WeChat waits 5 s).
Run alone: ``python -m bench.wechat_bench`` (prints the figures as JSON).
"""

from __future__ import annotations

import json
import time
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from bench.http_load import compare, figures, http_post

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from bot.core import Core

APP_ID = "wxbench0123456789"
APP_SECRET = "bench-secret-0123456789abcdef"
TOKEN = "bench-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
BODY_TEXT = "您好，我是A市A3区居民，小区旁边工地夜间施工噪音很大，已持续两个月，请尽快处理。"
BARE_PATH = "/wechat/bare"
WEBHOOK_PATH = "/wechat"
NONCE = "benchnonce"

_crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)


def _sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(TOKEN, *parts)
    return str(signer.signature)


def signed_request(path: str, number: int) -> bytes:
    """An encrypted, signed text-message callback to ``path`` with MsgId ``number``."""
    timestamp = str(int(time.time()))
    openid = f"oBench{number % 100_000:08d}"
    xml = (f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName>"
           f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
           f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           f"<Content><![CDATA[{BODY_TEXT}]]></Content><MsgId>{10**15 + number}</MsgId></xml>")
    envelope = _crypto.encrypt_message(xml, NONCE, timestamp)
    encrypt = envelope.split("<Encrypt><![CDATA[")[1].split("]]>")[0]
    query = urlencode({"signature": _sign(timestamp, NONCE), "timestamp": timestamp,
                       "nonce": NONCE, "openid": openid, "encrypt_type": "aes",
                       "msg_signature": _sign(timestamp, NONCE, encrypt)})
    return http_post(f"{path}?{query}", {"Content-Type": "text/xml"}, envelope.encode())


async def server_routes(core: Core, stack: AsyncExitStack) -> list[BaseRoute]:
    """The WeChat channel on ``core.intake`` (sending nothing out) plus the bare route."""
    import httpx
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    from channels.wechat.channel import WechatChannel

    def offline(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("the benchmark sends nothing out")

    channel = WechatChannel(intake=core.intake, app_id=APP_ID, app_secret=APP_SECRET,
                            token=TOKEN, aes_key=AES_KEY, transport=httpx.MockTransport(offline))
    stack.push_async_callback(channel.stop)

    async def bare(request: Request) -> Response:
        await request.body()  # the same upload work as the callback, nothing checked or stored
        return PlainTextResponse("success")

    return [*channel.routes(), Route(BARE_PATH, bare, methods=["POST"])]


def run() -> list[dict[str, Any]]:
    result = compare("bench.wechat_bench", "wechat", signed_request, BARE_PATH, WEBHOOK_PATH)
    return figures(result, what="wechat durable callback (safe mode)", unit="requests/s",
                   baseline_name="same app, bare route", min_ratio=0.4)


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
