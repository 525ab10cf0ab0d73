"""Telegram in the composition root's channel list: capabilities and construction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from channels.base import TELEGRAM, Capabilities, Channel, Completer, Intake

CAPABILITIES = Capabilities(
    name=TELEGRAM, display_name="Telegram", max_text=4096, short_form=False, buttons=True,
    links=True, fetches_media=True, initiates=True,
    rating_hint={"zh": "请点击下方按钮", "en": "tap a button below"},
    off_hint="(set XINFANG_TELEGRAM_TOKEN)",
)


class TelegramSettings(Protocol):
    @property
    def telegram_token(self) -> str: ...
    @property
    def telegram_webhook_secret(self) -> str: ...
    @property
    def telegram_api_url(self) -> str: ...
    @property
    def public_url(self) -> str: ...
    @property
    def attachment_max_bytes(self) -> int: ...
    @property
    def command_menu(self) -> Sequence[tuple[str, str]]: ...


class TelegramKind:
    capabilities = CAPABILITIES

    def build(self, settings: TelegramSettings, intake: Intake) -> Channel | None:
        if not settings.telegram_token:
            return None
        webhook_url = ""
        if settings.telegram_webhook_secret and settings.public_url:
            webhook_url = settings.public_url.rstrip("/") + "/telegram/webhook"
        from .channel import TelegramChannel  # the heavy imports only for a channel that is on

        return TelegramChannel(
            settings.telegram_token, intake,
            webhook_secret=settings.telegram_webhook_secret,
            api_url=settings.telegram_api_url, webhook_url=webhook_url,
            attachment_max_bytes=settings.attachment_max_bytes,
            commands=settings.command_menu,
        )

    def completer(self, settings: TelegramSettings) -> Completer | None:
        return None


KIND = TelegramKind()
