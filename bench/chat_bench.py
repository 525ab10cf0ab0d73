"""Telegram webhook throughput: durable updates/s against the same app's bare route.

The server (see :mod:`bench.http_load`) is the bot's web app on the real intake with
:class:`channels.chat.TelegramChannel`'s webhook route plus ``POST /telegram/bare``, which
reads the body and answers ``200``: the cost of the web stack alone. ``POST /telegram/webhook``
is the real path: the ``X-Telegram-Bot-Api-Secret-Token`` check, the update parsed by
python-telegram-bot, and the update stored (group commit, fsync'd) before the ``200``.

Every request is a real private-chat text update (the JSON Telegram sends) with a new
``update_id`` and the right secret header; the bare route gets the same requests. The channel
is built with a Bot API request object that refuses every call: nothing goes out.

Target (issue #5): durable ≥ 0.4 × bare updates/s.
Run alone: ``python -m bench.chat_bench`` (prints the figures as JSON).
"""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from bench.http_load import compare, figures, http_post

if TYPE_CHECKING:
    from starlette.routing import BaseRoute
    from telegram.request import BaseRequest

    from bot.core import Core

TOKEN = "123456:bench-token-never-used-on-a-network"
SECRET = "bench-webhook-secret-0123456789"
TEXT = "您好，我是A市A3区居民，小区楼下烧烤店油烟和噪音扰民，已持续两个月，请尽快处理。"
BARE_PATH = "/telegram/bare"
WEBHOOK_PATH = "/telegram/webhook"


def update_request(path: str, number: int) -> bytes:
    """A webhook POST to ``path`` carrying text update number ``number`` from one of 5,000 users."""
    user = 100_000_000 + number % 5_000
    update = {
        "update_id": 1_000_000 + number,
        "message": {
            "message_id": number + 1,
            "from": {"id": user, "is_bot": False, "first_name": "建国", "language_code": "zh-hans"},
            "chat": {"id": user, "first_name": "建国", "type": "private"},
            "date": 1717200000 + number,
            "text": TEXT,
        },
    }
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    return http_post(path, headers, json.dumps(update, ensure_ascii=False).encode())


def _no_network() -> BaseRequest:
    """A Bot API request object that refuses every call."""
    from telegram.request import BaseRequest

    class NoNetwork(BaseRequest):
        @property
        def read_timeout(self) -> float | None:
            return 1.0

        async def initialize(self) -> None:
            return None

        async def shutdown(self) -> None:
            return None

        async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("the benchmark makes no Bot API calls")

    return NoNetwork()


async def server_routes(core: Core, stack: AsyncExitStack) -> list[BaseRoute]:
    """The Telegram channel's webhook on ``core.intake`` plus the bare route."""
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from channels.chat import TelegramChannel

    channel = TelegramChannel(TOKEN, core.intake, webhook_secret=SECRET, request=_no_network())
    stack.push_async_callback(channel.stop)

    async def bare(request: Request) -> Response:
        await request.body()  # the same upload work as the webhook, nothing checked or stored
        return Response(status_code=200)

    return [*channel.routes(), Route(BARE_PATH, bare, methods=["POST"])]


def run() -> list[dict[str, Any]]:
    result = compare("bench.chat_bench", "telegram", update_request, BARE_PATH, WEBHOOK_PATH)
    return figures(result, what="telegram durable webhook", unit="updates/s",
                   baseline_name="same app, bare route", min_ratio=0.4)


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
