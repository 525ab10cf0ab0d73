"""WeChat in the composition root's channel list: capabilities and construction."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from channels.base import WECHAT, Capabilities, Channel, Completer, Intake

#: Customer-service messages may answer a follower only within 48 hours of their last message.
REPLY_WINDOW = timedelta(hours=48)

CAPABILITIES = Capabilities(
    name=WECHAT, display_name="微信公众号", max_text=600, short_form=False, buttons=False,
    links=True, fetches_media=True, initiates=False, reply_window=REPLY_WINDOW,
    rating_hint={"zh": "回复 1-5", "en": "reply 1-5"},
    off_hint="(set XINFANG_WECHAT_APP_ID, _APP_SECRET and _TOKEN)",
)


class WechatSettings(Protocol):
    @property
    def wechat_app_id(self) -> str: ...
    @property
    def wechat_app_secret(self) -> str: ...
    @property
    def wechat_token(self) -> str: ...
    @property
    def wechat_aes_key(self) -> str: ...
    @property
    def wechat_api_url(self) -> str: ...
    @property
    def attachment_max_bytes(self) -> int: ...


class WechatKind:
    capabilities = CAPABILITIES

    def build(self, settings: WechatSettings, intake: Intake) -> Channel | None:
        if not (settings.wechat_app_id and settings.wechat_app_secret and settings.wechat_token):
            return None
        from .channel import WechatChannel  # the heavy imports only for a channel that is on

        return WechatChannel(
            intake=intake, app_id=settings.wechat_app_id, app_secret=settings.wechat_app_secret,
            token=settings.wechat_token, aes_key=settings.wechat_aes_key,
            api_url=settings.wechat_api_url,
            attachment_max_bytes=settings.attachment_max_bytes,
        )

    def completer(self, settings: WechatSettings) -> Completer | None:
        return None


KIND = WechatKind()
