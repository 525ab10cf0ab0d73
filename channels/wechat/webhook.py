"""The WeChat callback URL: ``GET`` verifies the URL, ``POST`` brings messages and events.

Every answer is a protocol answer::

    GET  200 echostr   the signature over (token, timestamp, nonce) is right
    POST 200 success   stored (fsync'd) before this answer; replies go through the outbox
    403  signature missing, wrong or stale; plain mode where safe mode is configured
    413  body over the limit;  400  signed but not a WeChat message
    503  the store failed: WeChat retries (three times in 15 seconds); nothing internal said

WeChat waits 5 seconds for an answer; storing takes one group commit, and nothing else (no
classification, no reply) runs before ``success``. Nothing of a body is logged.
"""

from __future__ import annotations

import base64
import binascii
import logging
import time
from collections.abc import Callable
from datetime import datetime

from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from wechatpy.crypto import PrpCrypto

from channels.base import InboundMessage, Intake, IntakeUnavailable

from .inbound import UnreadableXml, parse_xml, to_inbound
from .signature import fresh, verify

logger = logging.getLogger("channels.wechat")

PATH = "/wechat"
#: WeChat's callbacks are a few kB (text up to 2,048 bytes); encrypted a third larger.
MAX_BODY_BYTES = 64 * 1024


def _plain(status: int, text: str) -> Response:
    return PlainTextResponse(text, status_code=status)


class Decryptor:
    """Safe mode: the AES-CBC envelope of WeChat (wechatpy's ``PrpCrypto``), bound to our
    AppID so a message for another account is refused."""

    def __init__(self, aes_key: str, app_id: str) -> None:
        try:
            key = base64.b64decode(aes_key + "=", validate=True)
        except binascii.Error as exc:
            raise ValueError("EncodingAESKey is not base64") from exc
        if len(key) != 32:
            raise ValueError("EncodingAESKey must be 43 characters")
        self._key = key
        self._app_id = app_id

    def decrypt(self, ciphertext: str) -> bytes:
        try:
            plain = PrpCrypto(self._key).decrypt(ciphertext, self._app_id)
        except Exception as exc:  # padding, base64, AppID mismatch: all mean "not for us"
            raise UnreadableXml("cannot decrypt") from exc
        return plain if isinstance(plain, bytes) else str(plain).encode()


class WechatWebhook:
    """The two handlers; ``now`` (Unix seconds) and ``received_at`` are injectable for tests."""

    def __init__(self, intake: Intake, token: str, decryptor: Decryptor | None, *,
                 now: Callable[[], float] = time.time,
                 received_at: Callable[[], datetime] | None = None) -> None:
        from .inbound import received_now

        self._intake = intake
        self._token = token
        self._decryptor = decryptor
        self._now = now
        self._received_at = received_at or received_now

    def _signed(self, request: Request) -> bool:
        query = request.query_params
        timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
        return (verify(self._token, query.get("signature", ""), timestamp, nonce)
                and fresh(timestamp, self._now()))

    async def verify_url(self, request: Request) -> Response:
        """The GET WeChat sends when the URL is configured: echo ``echostr`` if signed."""
        if not self._signed(request):
            return _plain(403, "forbidden")
        return _plain(200, request.query_params.get("echostr", ""))

    async def receive(self, request: Request) -> Response:
        if not self._signed(request):
            logger.warning("wechat: refused a callback with a wrong or stale signature")
            return _plain(403, "forbidden")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return _plain(413, "too large")
        try:
            body = await _read_limited(request)
        except ClientDisconnect:
            return _plain(400, "incomplete")
        except _TooLarge:
            return _plain(413, "too large")
        try:
            message = self._message(request, body)
        except _Forged:
            logger.warning("wechat: refused a callback with a wrong message signature")
            return _plain(403, "forbidden")
        except UnreadableXml:
            return _plain(400, "unreadable")
        try:
            receipt = await self._intake.store(message)
        except IntakeUnavailable:
            return _plain(503, "try again")
        logger.info("wechat: stored %s message %s (%d bytes%s)", message.meta.get("msg_type"),
                    receipt.message_id, len(body), ", again" if receipt.duplicate else "")
        return _plain(200, "success")

    def _message(self, request: Request, body: bytes) -> InboundMessage:
        query = request.query_params
        encrypted = query.get("encrypt_type", "raw").lower() == "aes"
        if self._decryptor is None:
            if encrypted:
                raise UnreadableXml("safe mode is not configured")
            return to_inbound(parse_xml(body), body, self._received_at())
        if not encrypted:
            # An account in safe mode never sends plain text: a plain POST is a downgrade.
            raise _Forged
        envelope = parse_xml(body)
        ciphertext = envelope.get("Encrypt", "")
        if not verify(self._token, query.get("msg_signature", ""), query.get("timestamp", ""),
                      query.get("nonce", ""), ciphertext):
            raise _Forged
        # The stored raw is the decrypted XML: what the follower sent, readable for audit
        # without the account's key (the envelope only proves what the signature proved).
        plain = self._decryptor.decrypt(ciphertext)
        return to_inbound(parse_xml(plain), plain, self._received_at())


class _Forged(Exception):
    pass


class _TooLarge(Exception):
    pass


async def _read_limited(request: Request) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)
