"""Typed fakes for the SMS channel tests: an Intake that records, and a fake Twilio API.

``FakeIntake`` implements :class:`channels.base.Intake`: it keeps what was stored (deduped on
channel + external id, like the real store), can be told to fail, to be slow, and answers
every processed message with one canned reply.

``FakeTwilio`` is a small Starlette app speaking the two Twilio REST calls the channel makes;
it records every request and answers from a script (``answers``) or with a 201. ``serve()``
runs any ASGI app under uvicorn on 127.0.0.1 with a free port.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.channels.fakes import FakeIntake, IntakeMode, serve

__all__ = ["Answer", "FakeIntake", "FakeTwilio", "IntakeMode", "serve"]


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


def offline_transport() -> httpx.MockTransport:
    """A transport for channels that must not talk to Twilio in a test: any call fails loudly."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"unexpected network call to {request.url.host}")

    return httpx.MockTransport(refuse)
