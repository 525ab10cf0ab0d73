"""Mail (our own SMTP server) in the composition root's channel list."""

from __future__ import annotations

from typing import Protocol

from channels.base import MAIL, Capabilities, Channel, Completer, Intake

CAPABILITIES = Capabilities(
    name=MAIL, display_name="电子邮件", max_text=1_000_000, short_form=False, buttons=False,
    links=True, fetches_media=False, initiates=True,
    rating_hint={"zh": "请直接回复本邮件，写 1 至 5 的数字",
                 "en": "reply to this mail with a number from 1 to 5"},
    off_hint="(XINFANG_MAIL_ENABLED=false)",
)


class MailSettings(Protocol):
    @property
    def mail_enabled(self) -> bool: ...
    @property
    def smtp_host(self) -> str: ...
    @property
    def smtp_port(self) -> int: ...
    @property
    def mail_domains(self) -> tuple[str, ...]: ...
    @property
    def mail_max_bytes(self) -> int: ...
    @property
    def attachment_max_bytes(self) -> int: ...
    @property
    def outbound_smtp(self) -> str: ...


class MailKind:
    capabilities = CAPABILITIES

    def build(self, settings: MailSettings, intake: Intake) -> Channel | None:
        if not settings.mail_enabled:
            return None
        from .channel import MailChannel  # the heavy imports only for a channel that is on

        return MailChannel(
            intake=intake, host=settings.smtp_host, port=settings.smtp_port,
            domains=settings.mail_domains, max_message_bytes=settings.mail_max_bytes,
            attachment_max_bytes=settings.attachment_max_bytes,
            outbound_smtp=settings.outbound_smtp,
            from_address=f"xinfang@{settings.mail_domains[0]}" if settings.mail_domains else "",
        )

    def completer(self, settings: MailSettings) -> Completer | None:
        # Letters stored earlier must still complete, mail enabled or not.
        from .deferred import completer

        return completer(attachment_max_bytes=settings.attachment_max_bytes,
                         max_message_bytes=settings.mail_max_bytes)


KIND = MailKind()
