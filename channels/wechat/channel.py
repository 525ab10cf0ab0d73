"""The WeChat Official Account channel: the callback URL in, customer-service messages out.

Replies are never given in the callback's answer (WeChat's passive reply must come within
5 seconds; the bot decides after the message is stored): the callback says ``success`` and
the outbox sends replies through the customer-service message API, which WeChat allows for
48 hours after the follower's last message (:data:`~channels.wechat.kind.REPLY_WINDOW`;
later sends are refused for good, ``errcode`` 45015).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime

import httpx
from starlette.routing import BaseRoute, Route

from channels.base import (
    WECHAT,
    Delivery,
    IncomingAttachment,
    Intake,
    MediaRef,
    OutboundMessage,
    SendError,
)

from .api import WechatApi, WechatApiError
from .kind import CAPABILITIES
from .texts import pieces
from .webhook import PATH, Decryptor, WechatWebhook

logger = logging.getLogger("channels.wechat")


class WechatChannel:
    """``aes_key`` empty: plain mode; set: safe mode only (plain callbacks are refused)."""

    name = WECHAT
    capabilities = CAPABILITIES

    def __init__(self, *, intake: Intake, app_id: str, app_secret: str, token: str,
                 aes_key: str = "", api_url: str = "https://api.weixin.qq.com",
                 attachment_max_bytes: int = 20 * 1024 * 1024,
                 transport: httpx.AsyncBaseTransport | None = None,
                 now: Callable[[], float] = time.time,
                 received_at: Callable[[], datetime] | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if not (app_id and token):
            raise ValueError("a WeChat AppID and token are required")
        decryptor = Decryptor(aes_key, app_id) if aes_key else None
        self._safe_mode = decryptor is not None
        self._api_url = api_url
        self.webhook = WechatWebhook(intake, token, decryptor, now=now, received_at=received_at)
        self.api = WechatApi(api_url, app_id, app_secret, transport=transport,
                             max_media_bytes=attachment_max_bytes, monotonic=monotonic)

    def routes(self) -> Sequence[BaseRoute]:
        return (Route(PATH, self.webhook.verify_url, methods=["GET"]),
                Route(PATH, self.webhook.receive, methods=["POST"]))

    async def start(self) -> None:
        """Nothing to start: WeChat calls the web app; the token is fetched on first use."""

    async def stop(self) -> None:
        await self.api.close()

    async def send(self, message: OutboundMessage) -> Delivery:
        """The text (buttons as a line of their labels), in pieces WeChat takes."""
        scheme, _, openid = message.recipient.partition(":")
        if scheme != WECHAT or not openid:
            raise SendError("not a WeChat recipient", retryable=False)
        sent = 0
        for piece in pieces(message, CAPABILITIES.max_text):
            try:
                await self.api.send_text(openid, piece)
            except WechatApiError as exc:
                if sent:  # the first pieces arrived: a retry would repeat them
                    raise SendError(exc.reason, retryable=False) from exc
                raise
            sent += 1
        logger.info("wechat: sent outbox %s (%d pieces)", message.outbox_id, sent)
        return Delivery(provider_id=f"wechat-kf-{message.outbox_id or 0}-{sent}", status="sent")

    async def fetch_media(self, media: MediaRef) -> IncomingAttachment:
        """A picture or voice recording by its MediaId (kept by WeChat for 3 days)."""
        content_type, data = await self.api.media(media.ref)
        return IncomingAttachment(filename=media.filename, content_type=content_type, data=data)

    def describe(self) -> str:
        mode = "safe mode (AES)" if self._safe_mode else "plain mode"
        return f"wechat: callbacks at {PATH} ({mode}), replies via {self._api_url}"
