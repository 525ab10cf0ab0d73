"""A local stand-in for api.weixin.qq.com: tokens, customer-service sends, media; typed and
recording. Tokens expire when the test says so; followers outside the 48-hour window are
refused as WeChat refuses them (45015); ``rate_limited`` answers 45011 that many times."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass(frozen=True)
class Sent:
    token: str
    openid: str
    text: str


@dataclass
class FakeWechatApi:
    app_id: str
    app_secret: str
    issued: list[str] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    refused: list[tuple[str, int]] = field(default_factory=list)
    #: Followers whose last message is older than 48 hours.
    outside_window: set[str] = field(default_factory=set)
    rate_limited: int = 0
    media: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @property
    def valid_token(self) -> str:
        return self.issued[-1] if self.issued else ""

    def expire_token(self) -> None:
        """WeChat invalidates the token (it expired, or another server fetched one)."""
        self.issued.append("")

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/cgi-bin/token", self._token, methods=["GET"]),
            Route("/cgi-bin/message/custom/send", self._send, methods=["POST"]),
            Route("/cgi-bin/media/get", self._media, methods=["GET"]),
        ])

    async def _token(self, request: Request) -> Response:
        query = request.query_params
        if (query.get("appid"), query.get("secret")) != (self.app_id, self.app_secret):
            return JSONResponse({"errcode": 40125, "errmsg": "invalid appsecret"})
        token = f"TOKEN-{len(self.issued) + 1}"
        self.issued.append(token)
        return JSONResponse({"access_token": token, "expires_in": 7200})

    async def _send(self, request: Request) -> Response:
        token = request.query_params.get("access_token", "")
        body = json.loads(await request.body())
        openid = body["touser"]
        if token != self.valid_token or not token:
            self.refused.append((openid, 42001))
            return JSONResponse({"errcode": 42001, "errmsg": "access_token expired"})
        if self.rate_limited:
            self.rate_limited -= 1
            self.refused.append((openid, 45011))
            return JSONResponse({"errcode": 45011, "errmsg": "api minute-quota reach limit"})
        if openid in self.outside_window:
            self.refused.append((openid, 45015))
            return JSONResponse({"errcode": 45015, "errmsg": "response out of time limit"})
        self.sent.append(Sent(token, openid, body["text"]["content"]))
        return JSONResponse({"errcode": 0, "errmsg": "ok"})

    async def _media(self, request: Request) -> Response:
        if request.query_params.get("access_token") != self.valid_token:
            return JSONResponse({"errcode": 42001, "errmsg": "access_token expired"})
        found = self.media.get(request.query_params.get("media_id", ""))
        if found is None:
            return JSONResponse({"errcode": 40007, "errmsg": "invalid media_id"})
        return Response(found[1], media_type=found[0])
