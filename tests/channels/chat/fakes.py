"""Typed fakes for the Telegram channel's tests: an intake, an offline Bot API request, payloads.

Every fake records what it saw. :class:`OfflineRequest` answers only what a test scripted and
records anything else as unexpected (the ``offline`` fixture fails the test on it), so a
stray network call can never pass silently.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from channels.chat import SendRateLimiter, TelegramChannel
from tests.channels.fakes import FakeIntake

__all__ = ["FakeIntake"]

PAYLOADS = Path(__file__).resolve().parents[2] / "payloads" / "chat"
TOKEN = "123456:TEST-token-never-sent-anywhere"
BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "信访助手",
    "username": "XinfangTestBot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


def payload(name: str) -> bytes:
    """The exact bytes of a recorded update under tests/payloads/chat/."""
    return (PAYLOADS / name).read_bytes()


def payload_names() -> list[str]:
    return sorted(path.name for path in PAYLOADS.glob("*.json") if path.name != "expected.json")


def text_update(
    update_id: int,
    text: str,
    *,
    user_id: int = 123456789,
    chat_id: int | None = None,
    chat_type: str = "private",
    message_id: int | None = None,
) -> dict[str, Any]:
    """A message update as the Bot API sends it."""
    chat: dict[str, Any] = {"id": user_id if chat_id is None else chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "建国"
    else:
        chat["title"] = "群"
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id if message_id is not None else update_id % 100000,
            "from": {"id": user_id, "is_bot": False, "first_name": "建国"},
            "chat": chat,
            "date": 1717200000,
            "text": text,
        },
    }


def callback_update(
    update_id: int, data: str, *, user_id: int = 123456789, query_id: str = "q-1"
) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": query_id,
            "from": {"id": user_id, "is_bot": False, "first_name": "建国"},
            "message": {
                "message_id": 12,
                "from": {"id": BOT_USER["id"], "is_bot": True, "first_name": "信访助手"},
                "chat": {"id": user_id, "type": "private", "first_name": "建国"},
                "date": 1717200005,
                "text": "类别对吗？",
            },
            "chat_instance": "-8219028713523521042",
            "data": data,
        },
    }


def photo_update(update_id: int, file_id: str, *, user_id: int = 123456789) -> dict[str, Any]:
    update = text_update(update_id, "", user_id=user_id)
    message = update["message"]
    del message["text"]
    message["caption"] = "现场照片"
    message["photo"] = [
        {
            "file_id": file_id + "-s",
            "file_unique_id": "s",
            "file_size": 10,
            "width": 90,
            "height": 60,
        },
        {
            "file_id": file_id,
            "file_unique_id": "l",
            "file_size": 2048,
            "width": 1280,
            "height": 960,
        },
    ]
    return update


# --- the intake --------------------------------------------------------------------------


# --- the offline request -----------------------------------------------------------------


class UnexpectedCall(AssertionError):
    """A Bot API call no test scripted."""


@dataclass(frozen=True, slots=True)
class ApiCall:
    endpoint: str
    params: dict[str, Any]
    http_method: str = "POST"


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes

    @staticmethod
    def ok(result: Any) -> Reply:
        return Reply(200, json.dumps({"ok": True, "result": result}, ensure_ascii=False).encode())

    @staticmethod
    def error(status: int, description: str, **parameters: Any) -> Reply:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return Reply(status, json.dumps(body).encode())


Handler = Callable[[dict[str, Any]], Awaitable[Reply]]


@dataclass
class OfflineRequest(BaseRequest):
    """A Bot API that exists only in this process. Script it with :meth:`once` (one answer,
    in order) or :meth:`always` (a handler); serve files with :attr:`files` (path -> bytes)."""

    token: str = TOKEN
    calls: list[ApiCall] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    _queued: dict[str, deque[Reply]] = field(default_factory=dict)
    _handlers: dict[str, Handler] = field(default_factory=dict)

    def once(self, endpoint: str, reply: Reply) -> None:
        self._queued.setdefault(endpoint, deque()).append(reply)

    def always(self, endpoint: str, handler: Handler) -> None:
        self._handlers[endpoint] = handler

    def calls_to(self, endpoint: str) -> list[ApiCall]:
        return [call for call in self.calls if call.endpoint == endpoint]

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def transport(self) -> httpx.MockTransport:
        """The download seam (the channel's own HTTP client): serves :attr:`files`, records
        each download, and refuses anything else loudly (a connection error to the client)."""

        def serve(request: httpx.Request) -> httpx.Response:
            marker = f"/file/bot{self.token}/"
            url = unquote(str(request.url))
            if request.method != "GET" or marker not in url:
                self.unexpected.append(f"{request.method} to a foreign URL")
                raise httpx.ConnectError("unscripted download", request=request)
            path = url.split(marker, 1)[1]
            self.calls.append(ApiCall("download", {"path": path}, "GET"))
            if path in self.files:
                return httpx.Response(200, content=self.files[path])
            self.unexpected.append(f"GET file {path}")
            raise httpx.ConnectError("unscripted download", request=request)

        return httpx.MockTransport(serve)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        file_marker = f"/file/bot{self.token}/"
        url = unquote(url)  # PTB percent-encodes file paths, the token's ":" included
        if method == "GET" and file_marker in url:
            path = url.split(file_marker, 1)[1]
            self.calls.append(ApiCall("download", {"path": path}, "GET"))
            if path in self.files:
                return 200, self.files[path]
            return self._unexpected(f"GET file {path}")
        marker = f"/bot{self.token}/"
        if marker not in url:
            return self._unexpected(f"{method} to a foreign URL")
        endpoint = url.split(marker, 1)[1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append(ApiCall(endpoint, params, method))
        queued = self._queued.get(endpoint)
        if queued:
            reply = queued.popleft()
        elif endpoint in self._handlers:
            reply = await self._handlers[endpoint](params)
        else:
            return self._unexpected(f"{method} {endpoint}")
        return reply.status, reply.body

    def _unexpected(self, what: str) -> tuple[int, bytes]:
        self.unexpected.append(what)
        raise UnexpectedCall(f"unscripted Bot API call: {what}")


def sent_message(chat_id: int, message_id: int, text: str) -> dict[str, Any]:
    """A ``sendMessage`` result."""
    return {
        "message_id": message_id,
        "from": {"id": BOT_USER["id"], "is_bot": True, "first_name": "信访助手"},
        "chat": {"id": chat_id, "type": "private", "first_name": "建国"},
        "date": 1717200100,
        "text": text,
    }


class MessageCounter:
    """A ``sendMessage`` handler that answers with increasing message ids and keeps the texts."""

    def __init__(self, first_id: int = 100) -> None:
        self.next_id = first_id
        self.texts: list[str] = []

    async def __call__(self, params: dict[str, Any]) -> Reply:
        self.texts.append(str(params["text"]))
        message_id = self.next_id
        self.next_id += 1
        return Reply.ok(sent_message(int(params["chat_id"]), message_id, str(params["text"])))


class UpdateQueue:
    """A ``getUpdates`` handler honouring ``offset`` and ``limit``; an empty answer comes after
    a short pause, like a (very short) long poll."""

    def __init__(self, pause: float = 0.02) -> None:
        self.pending: list[bytes] = []
        self.offsets: list[int | None] = []
        self._pause = pause

    def add(self, *updates: dict[str, Any] | bytes) -> None:
        for update in updates:
            if isinstance(update, bytes):
                self.pending.append(update)
            else:
                self.pending.append(json.dumps(update, ensure_ascii=False).encode())

    async def __call__(self, params: dict[str, Any]) -> Reply:
        offset = params.get("offset")
        self.offsets.append(None if offset is None else int(offset))
        limit = int(params.get("limit", 100))
        if offset is not None:
            # Telegram forgets everything below the offset once it is asked for it.
            self.pending = [
                raw for raw in self.pending if json.loads(raw)["update_id"] >= int(offset)
            ]
        batch = self.pending[:limit]
        if not batch:
            await asyncio.sleep(self._pause)
        body = b'{"ok":true,"result":[' + b",".join(batch) + b"]}"
        return Reply(200, body)


def fast_limiter() -> SendRateLimiter:
    """Flood limits loose enough not to slow a test down."""
    return SendRateLimiter(
        per_chat_rate=1e6, per_chat_burst=1000, global_rate=1e6, global_burst=1000
    )


def make_channel(request: BaseRequest, intake: FakeIntake, **options: Any) -> TelegramChannel:
    """A channel on the given request seam with test-speed timings."""
    settings: dict[str, Any] = {
        "poll_interval": 0.01,
        "poll_timeout": 1,
        "limiter": fast_limiter(),
        "register_commands": False,
        "retry_initial": 0.01,
        "request_timeout": 5.0,
    }
    if isinstance(request, OfflineRequest):
        settings.setdefault("download_transport", request.transport)
    settings.update(options)
    return TelegramChannel(TOKEN, intake, request=request, **settings)
