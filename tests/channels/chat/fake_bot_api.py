"""A small, typed fake of the Telegram Bot API, served by uvicorn on 127.0.0.1 for end-to-end tests.

It implements what the channel uses: getMe, getUpdates (offset, limit and timeout honoured),
sendMessage, answerCallbackQuery, getFile and file download, setWebhook / deleteWebhook,
setMyCommands; and records every call. Citizens are simulated with :meth:`FakeBotApi.says`,
:meth:`taps`, :meth:`sends_photo`; in webhook mode :meth:`deliver` POSTs an update to the
registered webhook the way Telegram does (secret header, retry until 2xx).

Unlike the npm ``telegram-test-api`` emulator it answers in the shapes python-telegram-bot 22
expects (``is_bot`` in getMe, dates in seconds, ``chat_instance`` on callback queries).
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from channels.chat.splitting import utf16_len

BOT_ID = 7000000001
BOT_USERNAME = "XinfangTestBot"
#: Parameters python-telegram-bot sends JSON-encoded inside form fields.
_JSON_PARAMS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "reply_parameters",
    "link_preview_options",
}


@dataclass(frozen=True, slots=True)
class RecordedCall:
    method: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SentMessage:
    chat_id: int
    message_id: int
    text: str
    reply_markup: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class StoredFile:
    file_id: str
    path: str
    content: bytes


@dataclass
class FakeBotApi:
    token: str
    calls: list[RecordedCall] = field(default_factory=list)
    sent: list[SentMessage] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    webhook_url: str = ""
    webhook_secret: str = ""
    _pending: list[dict[str, Any]] = field(default_factory=list)
    _confirmed: list[dict[str, Any]] = field(default_factory=list)
    _ignore_offset_once: bool = False
    _files: dict[str, StoredFile] = field(default_factory=dict)
    _open_queries: set[str] = field(default_factory=set)
    _failures: dict[str, deque[tuple[int, str, dict[str, Any]]]] = field(default_factory=dict)
    _next_update_id: int = 700_000_000
    _next_message_id: int = 1
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    # -- what the test sees --------------------------------------------------------------

    def calls_to(self, method: str) -> list[RecordedCall]:
        return [call for call in self.calls if call.method == method]

    def offsets(self) -> list[int | None]:
        """The ``offset`` of every getUpdates call, in order."""
        return [call.params.get("offset") for call in self.calls_to("getUpdates")]

    async def wait_until(self, predicate: Any, timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout):
            while not predicate():
                await asyncio.sleep(0.01)

    # -- what citizens do ----------------------------------------------------------------

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "建国", "language_code": "zh-hans"}

    def _message(self, user_id: int, **content: Any) -> dict[str, Any]:
        message_id = self._next_message_id
        self._next_message_id += 1
        return {
            "message_id": message_id,
            "from": self._user(user_id),
            "chat": {"id": user_id, "first_name": "建国", "type": "private"},
            "date": 1717200000 + message_id,
            **content,
        }

    def _update(self, update_id: int | None, queue: bool, **body: Any) -> dict[str, Any]:
        if update_id is None:
            update_id = self._next_update_id
        self._next_update_id = max(self._next_update_id, update_id + 1)
        update = {"update_id": update_id, **body}
        if queue:
            self.push(update)
        return update

    def says(
        self, user_id: int, text: str, *, update_id: int | None = None, queue: bool = True
    ) -> dict[str, Any]:
        """A citizen writes; ``queue=False`` only builds the update (for :meth:`deliver`)."""
        return self._update(update_id, queue, message=self._message(user_id, text=text))

    def taps(
        self, user_id: int, data: str, on_message: SentMessage, *, queue: bool = True
    ) -> dict[str, Any]:
        query_id = f"cbq-{self._next_update_id}"
        self._open_queries.add(query_id)
        return self._update(
            None,
            queue,
            callback_query={
                "id": query_id,
                "from": self._user(user_id),
                "message": {
                    "message_id": on_message.message_id,
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "信访助手"},
                    "chat": {"id": on_message.chat_id, "type": "private", "first_name": "建国"},
                    "date": 1717200000,
                    "text": on_message.text,
                },
                "chat_instance": "-8219028713523521042",
                "data": data,
            },
        )

    def sends_photo(self, user_id: int, content: bytes, caption: str = "") -> dict[str, Any]:
        file_id = f"AgAC-{self._next_update_id}"
        self._files[file_id] = StoredFile(file_id, f"photos/file_{len(self._files)}.jpg", content)
        sizes = [
            {
                "file_id": file_id + "-thumb",
                "file_unique_id": "t",
                "file_size": 100,
                "width": 90,
                "height": 60,
            },
            {
                "file_id": file_id,
                "file_unique_id": "f",
                "file_size": len(content),
                "width": 1280,
                "height": 960,
            },
        ]
        return self._update(
            None, True, message=self._message(user_id, photo=sizes, caption=caption)
        )

    def push(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (any order the test likes)."""
        self._pending.append(update)
        self._arrived.set()

    def redeliver_confirmed_once(self) -> None:
        """The next getUpdates answer repeats already-confirmed updates, as after a server-side
        hiccup (and as the npm emulator does every time: it ignores ``offset``)."""
        self._ignore_offset_once = True

    def fail_next(self, method: str, status: int, description: str, **parameters: Any) -> None:
        self._failures.setdefault(method, deque()).append((status, description, parameters))

    async def deliver(self, update: dict[str, Any], *, secret: str | None = None) -> int:
        """POST one update to the registered webhook like Telegram; returns the status."""
        headers = {
            "X-Telegram-Bot-Api-Secret-Token": self.webhook_secret if secret is None else secret
        }
        async with httpx.AsyncClient(trust_env=False, timeout=5) as client:
            response = await client.post(
                self.webhook_url,
                content=json.dumps(update, ensure_ascii=False).encode(),
                headers={**headers, "content-type": "application/json"},
            )
        return response.status_code

    # -- the Bot API -----------------------------------------------------------------------

    @property
    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/bot{token}/{method}", self._api, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._download, methods=["GET"]),
            ]
        )

    async def _params(self, request: Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query_params)
        if request.method == "POST":
            if request.headers.get("content-type", "").startswith("application/json"):
                params.update(json.loads(await request.body() or b"{}"))
            else:
                async with request.form() as form:
                    params.update(
                        {key: value for key, value in form.items() if isinstance(value, str)}
                    )
        for key in list(params):
            if key in _JSON_PARAMS and isinstance(params[key], str):
                params[key] = json.loads(params[key])
        for key in ("offset", "limit", "timeout", "chat_id"):
            if isinstance(params.get(key), str):
                params[key] = int(params[key])
        return params

    async def _api(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.path_params["method"]
        params = await self._params(request)
        self.calls.append(RecordedCall(method, params))
        queued = self._failures.get(method)
        if queued:
            status, description, parameters = queued.popleft()
            return _error(status, description, **parameters)
        handler = getattr(self, "_m_" + method, None)
        if handler is None:
            return _error(404, "Not Found")
        result: Response = await handler(params)
        return result

    async def _m_getMe(self, params: dict[str, Any]) -> Response:
        return _ok(
            {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "信访助手",
                "username": BOT_USERNAME,
                "can_join_groups": False,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        )

    async def _m_getUpdates(self, params: dict[str, Any]) -> Response:
        if self.webhook_url:
            return _error(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = params.get("offset")
        if offset is not None:
            self._confirmed += [u for u in self._pending if u["update_id"] < offset]
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        if self._ignore_offset_once:
            self._ignore_offset_once = False
            self._pending = self._confirmed + self._pending
            self._confirmed = []
        if not self._pending:
            self._arrived.clear()
            try:
                await asyncio.wait_for(
                    self._arrived.wait(), min(float(params.get("timeout", 0)), 2.0)
                )
            except TimeoutError:
                pass
        return _ok(self._pending[: int(params.get("limit", 100))])

    async def _m_sendMessage(self, params: dict[str, Any]) -> Response:
        text = str(params.get("text", ""))
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if utf16_len(text) > 4096:
            return _error(400, "Bad Request: message is too long")
        message = SentMessage(
            int(params["chat_id"]), self._next_message_id, text, params.get("reply_markup")
        )
        self._next_message_id += 1
        self.sent.append(message)
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "from": {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "信访助手",
                "username": BOT_USERNAME,
            },
            "chat": {"id": message.chat_id, "type": "private", "first_name": "建国"},
            "date": 1717300000,
            "text": text,
        }
        if message.reply_markup:
            body["reply_markup"] = message.reply_markup
        return _ok(body)

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Response:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            return _error(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._open_queries.discard(query_id)
        self.answered.append(query_id)
        return _ok(True)

    async def _m_getFile(self, params: dict[str, Any]) -> Response:
        stored = self._files.get(str(params.get("file_id", "")))
        if stored is None:
            return _error(400, "Bad Request: invalid file_id")
        return _ok(
            {
                "file_id": stored.file_id,
                "file_unique_id": "u" + stored.file_id,
                "file_size": len(stored.content),
                "file_path": stored.path,
            }
        )

    async def _m_setWebhook(self, params: dict[str, Any]) -> Response:
        self.webhook_url = str(params["url"])
        self.webhook_secret = str(params.get("secret_token", ""))
        return _ok(True)

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Response:
        self.webhook_url = self.webhook_secret = ""
        return _ok(True)

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Response:
        return _ok(True)

    async def _download(self, request: Request) -> Response:
        self.calls.append(RecordedCall("download", {"path": request.path_params["path"]}))
        if request.path_params["token"] != self.token:
            return Response(status_code=401)
        for stored in self._files.values():
            if stored.path == request.path_params["path"]:
                return Response(stored.content, media_type="application/octet-stream")
        return Response(status_code=404)


def _ok(result: Any) -> Response:
    return JSONResponse({"ok": True, "result": result})


def _error(status: int, description: str, **parameters: Any) -> Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=status)


@asynccontextmanager
async def serve(app: Any) -> AsyncIterator[str]:
    """Run ``app`` under uvicorn on 127.0.0.1, a free port; yields its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(5):
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
