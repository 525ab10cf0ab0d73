"""Typed fakes for the SMS channel tests: an Intake that records, and a fake Twilio API.

``FakeIntake`` implements :class:`channels.base.Intake`: it keeps what was stored (deduped on
channel + external id, like the real store), can be told to fail, to be slow, and answers
every processed message with one canned reply.

``FakeTwilio`` is a small Starlette app speaking the two Twilio REST calls the channel makes;
it records every request and answers from a script (``answers``) or with a 201. ``serve()``
runs any ASGI app under uvicorn on 127.0.0.1 with a free port.
"""

from __future__ import annotations

import asyncio
import base64
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Literal

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from channels.base import (
    SMS,
    InboundMessage,
    IntakeUnavailable,
    OutboundMessage,
    Receipt,
)

IntakeMode = Literal["ok", "fail_store", "crash_store", "slow", "fail_process", "fail_delivery"]


@dataclass
class FakeIntake:
    """Records what the channel hands over; ``mode`` says how to misbehave."""

    mode: IntakeMode = "ok"
    slow_seconds: float = 2.0
    stored: list[InboundMessage] = field(default_factory=list)
    store_calls: int = 0
    processed: list[tuple[Receipt, bool]] = field(default_factory=list)
    cancelled_processes: int = 0
    deliveries: list[tuple[str, str, str]] = field(default_factory=list)

    async def store(self, message: InboundMessage) -> Receipt:
        self.store_calls += 1
        if self.mode == "fail_store":
            raise IntakeUnavailable("database is locked at /var/lib/xinfang/secret.sqlite3")
        if self.mode == "crash_store":
            raise RuntimeError("internal detail that must not leak")
        for index, known in enumerate(self.stored, 1):
            if (known.channel, known.external_id) == (message.channel, message.external_id):
                return Receipt(message_id=index, duplicate=True)
        self.stored.append(message)
        return Receipt(message_id=len(self.stored), duplicate=False)

    async def process(self, receipt: Receipt, *, inline: bool = False) -> Sequence[OutboundMessage]:
        self.processed.append((receipt, inline))
        if self.mode == "fail_process":
            raise RuntimeError("classifier exploded")
        if self.mode == "slow":
            try:
                await asyncio.sleep(self.slow_seconds)
            except asyncio.CancelledError:
                self.cancelled_processes += 1
                raise
        message = self.stored[receipt.message_id - 1]
        return [self.reply_for(receipt.message_id, message.sender)]

    @staticmethod
    def reply_for(message_id: int, recipient: str) -> OutboundMessage:
        return OutboundMessage(
            channel=SMS, recipient=recipient, text=f"您的信访件已登记，编号 XF{message_id:06d}。"
        )

    async def record_delivery(self, channel: str, provider_id: str, status: str) -> None:
        if self.mode == "fail_delivery":
            raise IntakeUnavailable("store down")
        self.deliveries.append((channel, provider_id, status))


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    form: dict[str, str]
    username: str
    password: str


@dataclass(frozen=True)
class Answer:
    status: int
    json: dict[str, object]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeTwilio:
    """A local stand-in for api.twilio.com: Messages.json and MMS media."""

    account_sid: str
    auth_token: str
    answers: list[Answer] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    media: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    storage_requests: list[dict[str, str]] = field(default_factory=list)
    sent: int = 0
    #: What Twilio took, as its message list shows it (sid, to, body).
    messages: list[dict[str, str]] = field(default_factory=list)

    def app(self) -> Starlette:
        prefix = f"/2010-04-01/Accounts/{self.account_sid}"
        return Starlette(
            routes=[
                Route(f"{prefix}/Messages.json", self._messages, methods=["POST"]),
                Route(f"{prefix}/Messages.json", self._list, methods=["GET"]),
                Route(f"{prefix}/Messages/{{message}}/Media/{{media}}", self._media),
                Route("/storage/{media}", self._storage),
            ]
        )

    def _credentials(self, request: Request) -> tuple[str, str]:
        header = request.headers.get("authorization", "")
        if not header.startswith("Basic "):
            return "", ""
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return user, password

    async def _messages(self, request: Request) -> Response:
        user, password = self._credentials(request)
        async with request.form() as form:
            fields = {key: str(value) for key, value in form.items()}
        self.requests.append(RecordedRequest("POST", request.url.path, fields, user, password))
        if (user, password) != (self.account_sid, self.auth_token):
            return JSONResponse({"code": 20003, "message": "Authenticate", "status": 401}, 401)
        if self.answers:
            answer = self.answers.pop(0)
            return JSONResponse(answer.json, answer.status, headers=answer.headers)
        self.sent += 1
        sid = f"SM{self.sent:032x}"
        self.messages.append({"sid": sid, "to": fields.get("To", ""),
                              "body": fields.get("Body", ""), "status": "sent",
                              "direction": "outbound-api", "date_sent": "2026-11-22"})
        return JSONResponse({"sid": sid, "status": "queued"}, 201)

    async def _list(self, request: Request) -> Response:
        user, password = self._credentials(request)
        self.requests.append(RecordedRequest("GET", request.url.path,
                                             dict(request.query_params), user, password))
        if (user, password) != (self.account_sid, self.auth_token):
            return JSONResponse({"code": 20003, "status": 401}, 401)
        to = request.query_params.get("To", "")
        since = request.query_params.get("DateSent>", "")
        listed = [m for m in self.messages if m["to"] == to and m["date_sent"] >= since]
        return JSONResponse({"messages": list(reversed(listed))})

    async def _media(self, request: Request) -> Response:
        user, password = self._credentials(request)
        media = request.path_params["media"]
        self.requests.append(RecordedRequest("GET", request.url.path, {}, user, password))
        if (user, password) != (self.account_sid, self.auth_token):
            return JSONResponse({"code": 20003, "status": 401}, 401)
        if media not in self.media:
            return JSONResponse({"code": 20404, "status": 404}, 404)
        # Twilio answers with a redirect to its storage on another origin, which must not
        # get our credentials.
        return RedirectResponse(
            f"http://localhost:{request.url.port}/storage/{media}", status_code=307
        )

    async def _storage(self, request: Request) -> Response:
        media = request.path_params["media"]
        self.storage_requests.append(dict(request.headers))
        content_type, data = self.media[media]
        return Response(data, media_type=content_type)


@asynccontextmanager
async def serve(app: Starlette) -> AsyncIterator[str]:
    """Run ``app`` under uvicorn on 127.0.0.1:<free port>; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    )
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(5):
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=5)
        sock.close()


def offline_transport() -> httpx.MockTransport:
    """A transport for channels that must not talk to Twilio in a test: any call fails loudly."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"unexpected network call to {request.url.host}")

    return httpx.MockTransport(refuse)
