"""The WeChat API calls the channel makes, through httpx (never blocking the loop):
the access token, customer-service messages, and media downloads.

The access token is shared by every caller of the account and lives 2 hours; it is fetched
once, kept until shortly before it expires, and fetched again (once, under a lock) when it
expires or WeChat says it is no longer valid (another server fetched a new one). Several
``serve`` processes on one account each keep their own token: each fetch ends the others'
after WeChat's 5-minute grace, and they recover by this refresh. A shared token (in the
store, under an advisory lock) would end that churn; it is not built yet.

WeChat answers errors as HTTP 200 with ``errcode``; :func:`refusal` maps each to what the
outbox should do (``retryable``, ``retry_after``), once, here.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from channels.base import IncomingAttachment, SendError

#: Token errors: fetch a new token and try once more.
TOKEN_ERRORS = frozenset({40001, 40014, 42001})
#: Refused for good: the 48-hour window closed (45015), not a follower any more (43004),
#: unknown openid (40003), API not granted (48001), text too long (45002), or the follower
#: was sent the most messages allowed before they write again (45047).
FINAL = frozenset({45015, 43004, 40003, 48001, 45002, 45047, 40007})
#: Rate limits: (retry after, seconds). 45009: the daily quota; 45011: a minute's.
RATE_LIMITS = {45009: 3600.0, 45011: 60.0}
#: The token is renewed this long before WeChat says it expires.
TOKEN_MARGIN = 300.0


class WechatApiError(SendError):
    """WeChat refused a call; ``errcode`` is WeChat's code (0 for transport failures)."""

    def __init__(self, reason: str, *, errcode: int, retryable: bool,
                 retry_after: float | None = None) -> None:
        super().__init__(reason, retryable=retryable, retry_after=retry_after)
        self.errcode = errcode


def refusal(errcode: int, what: str) -> WechatApiError:
    """What an ``errcode`` means for the outbox."""
    if errcode in RATE_LIMITS:
        return WechatApiError(f"{what}: rate limited ({errcode})", errcode=errcode,
                              retryable=True, retry_after=RATE_LIMITS[errcode])
    if errcode in FINAL:
        return WechatApiError(f"{what}: refused ({errcode})", errcode=errcode, retryable=False)
    if errcode == -1:  # "system busy"
        return WechatApiError(f"{what}: WeChat busy", errcode=errcode, retryable=True,
                              retry_after=5.0)
    if errcode in (40013, 40125, 40164):  # wrong AppID / secret / server IP not allowed:
        # the operator must fix the settings; the messages wait for it, not lost.
        return WechatApiError(f"{what}: credentials refused ({errcode})", errcode=errcode,
                              retryable=True, retry_after=600.0)
    return WechatApiError(f"{what}: refused ({errcode})", errcode=errcode, retryable=False)


@dataclass(slots=True)
class _Token:
    value: str
    expires: float


class WechatApi:
    """One account's API client; ``monotonic`` is injectable so tests expire tokens."""

    def __init__(self, api_url: str, app_id: str, app_secret: str, *,
                 transport: httpx.AsyncBaseTransport | None = None,
                 max_media_bytes: int = 20 * 1024 * 1024, timeout: float = 10.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._client = httpx.AsyncClient(base_url=api_url.rstrip("/"), transport=transport,
                                         timeout=timeout)
        self._app_id = app_id
        self._app_secret = app_secret
        self._max_media_bytes = max_media_bytes
        self._monotonic = monotonic
        self._token: _Token | None = None
        self._lock = asyncio.Lock()

    async def close(self) -> None:
        await self._client.aclose()

    async def token(self, *, stale: str = "") -> str:
        """A valid access token; ``stale``: the one WeChat just refused, to be replaced."""
        async with self._lock:
            current = self._token
            if current is not None and current.value != stale and \
                    current.expires > self._monotonic():
                return current.value
            answer = await self._call("GET", "/cgi-bin/token", "a token", params={
                "grant_type": "client_credential", "appid": self._app_id,
                "secret": self._app_secret})
            value = answer.get("access_token")
            if not isinstance(value, str) or not value:
                raise WechatApiError("a token: no access_token", errcode=0, retryable=True)
            lifetime = answer.get("expires_in", 7200)
            seconds = float(lifetime) if isinstance(lifetime, int | float) else 7200.0
            self._token = _Token(value, self._monotonic() + max(seconds - TOKEN_MARGIN, 60.0))
            return value

    async def send_text(self, openid: str, text: str) -> None:
        """One customer-service text message; a refused token is renewed and tried once more."""
        payload = {"touser": openid, "msgtype": "text", "text": {"content": text}}
        body = json.dumps(payload, ensure_ascii=False).encode()  # WeChat wants UTF-8, not \\u
        token = await self.token()
        try:
            await self._call("POST", "/cgi-bin/message/custom/send", "a message",
                             params={"access_token": token}, content=body)
        except WechatApiError as exc:
            if exc.errcode not in TOKEN_ERRORS:
                raise
            token = await self.token(stale=token)
            await self._call("POST", "/cgi-bin/message/custom/send", "a message",
                             params={"access_token": token}, content=body)

    async def media(self, media_id: str) -> tuple[str, bytes]:
        """A temporary media file (3 days) by MediaId: its content type and bytes."""
        token = await self.token()
        content_type, data = await self._download(token, media_id)
        if content_type is None:  # the token was refused: once more with a new one
            token = await self.token(stale=token)
            content_type, data = await self._download(token, media_id)
        return content_type or "application/octet-stream", data

    async def _download(self, token: str, media_id: str) -> tuple[str | None, bytes]:
        params = {"access_token": token, "media_id": media_id}
        try:
            async with self._client.stream("GET", "/cgi-bin/media/get", params=params) as response:
                if response.status_code >= 500:
                    raise WechatApiError(f"media: HTTP {response.status_code}", errcode=0,
                                         retryable=True)
                content_type = response.headers.get("content-type", "").split(";")[0].strip()
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self._max_media_bytes:
                        raise WechatApiError("media: over the attachment limit", errcode=0,
                                             retryable=False)
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise WechatApiError("media: network", errcode=0, retryable=True) from exc
        data = b"".join(chunks)
        if content_type in ("application/json", "text/plain"):
            errcode = _errcode(data)
            if errcode in TOKEN_ERRORS:
                return None, b""
            if errcode:
                raise refusal(errcode, "media")
        return content_type, data

    async def _call(self, method: str, path: str, what: str, *,
                    params: dict[str, str], content: bytes | None = None) -> dict[str, object]:
        headers = {"Content-Type": "application/json; charset=utf-8"} if content else None
        try:
            response = await self._client.request(method, path, params=params, content=content,
                                                  headers=headers)
        except httpx.HTTPError as exc:
            raise WechatApiError(f"{what}: network", errcode=0, retryable=True) from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise WechatApiError(f"{what}: HTTP {response.status_code}", errcode=0,
                                 retryable=True)
        try:
            answer = response.json()
        except ValueError as exc:
            raise WechatApiError(f"{what}: not JSON", errcode=0, retryable=True) from exc
        if not isinstance(answer, dict):
            raise WechatApiError(f"{what}: not an object", errcode=0, retryable=True)
        errcode = answer.get("errcode", 0)
        if isinstance(errcode, int) and errcode != 0:
            raise refusal(errcode, what)
        return answer


def _errcode(data: bytes) -> int:
    try:
        answer = json.loads(data)
    except ValueError:
        return 0
    code = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    return code if isinstance(code, int) else 0


def media_attachment(media_filename: str, content_type: str, data: bytes) -> IncomingAttachment:
    return IncomingAttachment(filename=media_filename, content_type=content_type, data=data)
