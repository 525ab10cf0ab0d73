"""SMS (Twilio) in the composition root's channel list: capabilities and construction."""

from __future__ import annotations

from typing import Protocol

from channels.base import SMS, Capabilities, Channel, Completer, Intake

CAPABILITIES = Capabilities(
    name=SMS, display_name="短信", max_text=670, short_form=True, buttons=False, links=True,
    fetches_media=True, initiates=True,
    rating_hint={"zh": "回复 1-5", "en": "reply 1-5"},
    off_hint="(set XINFANG_TWILIO_ACCOUNT_SID and XINFANG_TWILIO_AUTH_TOKEN)",
)


class SmsSettings(Protocol):
    @property
    def twilio_account_sid(self) -> str: ...
    @property
    def twilio_auth_token(self) -> str: ...
    @property
    def twilio_from(self) -> str: ...
    @property
    def twilio_api_url(self) -> str: ...
    @property
    def public_url(self) -> str: ...
    @property
    def sms_max_segments(self) -> int: ...
    @property
    def attachment_max_bytes(self) -> int: ...


class SmsKind:
    capabilities = CAPABILITIES

    def build(self, settings: SmsSettings, intake: Intake) -> Channel | None:
        if not (settings.twilio_auth_token and settings.twilio_account_sid):
            return None
        from .channel import SmsChannel  # the heavy imports only for a channel that is on

        return SmsChannel(
            intake=intake, account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token, from_number=settings.twilio_from,
            public_url=settings.public_url, api_url=settings.twilio_api_url,
            max_segments=settings.sms_max_segments,
            attachment_max_bytes=settings.attachment_max_bytes,
        )

    def completer(self, settings: SmsSettings) -> Completer | None:
        return None


KIND = SmsKind()
