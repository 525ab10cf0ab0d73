"""One settings object, read once from the environment (``XINFANG_*``) and an optional TOML file.

Precedence: environment variable, then the TOML file named by ``XINFANG_CONFIG`` (keys are the
variable names without the prefix, in lower case: ``http_port = 8081``), then the default.
A bad value fails at start with :class:`SettingsError` naming the variable.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nlp.commands import COMMANDS

PREFIX = "XINFANG_"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


def _secret(default: str = "") -> Any:
    # Secrets are kept out of repr() so a logged Settings object never carries them.
    return field(default=default, repr=False)


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path = Path("./var")
    database_url: str = ""  # empty: SQLite file in data_dir
    #: FULL (default): every commit fsync'd before a channel acknowledges. NORMAL loses the
    #: last commits on power loss; it exists only for tests that prove they notice.
    sqlite_synchronous: str = "FULL"
    #: Senders never answered (stored all the same): URNs or bare phone numbers / addresses.
    blocklist: tuple[str, ...] = ()
    log_level: str = "INFO"
    #: A fixed "now" (ISO timestamp) for demos and tests; empty for the real clock.
    clock: str = ""
    #: Key for hashing query codes; empty: generated once into data_dir/secret.key.
    secret_key: str = _secret()
    locale: str = "zh"
    #: Holidays and make-up workdays for years chinesecalendar does not know (TOML).
    holidays_file: str = ""
    #: The bureau's routing table (TOML); empty: the shipped example (bot/data/routing.toml).
    routing_file: str = ""
    #: Deadline rules changed from the 条例's defaults (TOML, see bot/deadlines.py).
    deadline_rules_file: str = ""
    #: The unit hierarchy for the whistleblower firewall (TOML); empty: bot/data/units.toml.
    units_file: str = ""
    #: Leader reception days (TOML, see bot/reception.py); empty: bot/data/reception.toml.
    reception_file: str = ""
    #: Answers to common questions (TOML, see bot/faq.py); empty: bot/data/faq.toml.
    faq_file: str = ""
    #: 督办: where supervision digests go (an e-mail address); empty: events and logs only.
    supervisor_mail: str = ""
    #: Seconds between supervision rounds in ``serve``; days before a deadline that count as near.
    supervision_interval: int = 3600
    supervision_near_days: int = 3
    #: The escalation table (TOML, see bot/data/escalation.toml); empty: the shipped default.
    escalation_file: str = ""
    #: The bureau's own IM: escalations are POSTed there as JSON; empty: mail only.
    escalation_webhook: str = _secret()
    #: Key the webhook's body is signed with (``X-Xinfang-Signature: sha256=<HMAC>``), so the
    #: IM can tell our escalations from anyone else's POST; empty: unsigned.
    escalation_webhook_secret: str = _secret()
    #: Days a closed case keeps its personal data before the daily purge de-identifies it
    #: (bot/retention.py); five years unless the bureau's archive rules say otherwise.
    retention_days: int = 1826

    http_host: str = "127.0.0.1"
    http_port: int = 8080
    public_url: str = ""  # how providers reach us, e.g. https://xf.example.gov.cn

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    mail_enabled: bool = True
    mail_domains: tuple[str, ...] = ("localhost",)
    mail_max_bytes: int = 25 * 1024 * 1024
    outbound_smtp: str = ""  # host:port of the relay for replies

    twilio_account_sid: str = ""
    twilio_auth_token: str = _secret()
    twilio_from: str = ""
    twilio_api_url: str = "https://api.twilio.com"
    sms_max_segments: int = 3

    telegram_token: str = _secret()
    telegram_webhook_secret: str = _secret()
    telegram_api_url: str = ""
    #: WeChat Official Account (微信公众号): the developer settings of the account. ``aes_key``
    #: (EncodingAESKey, 43 characters) turns on safe mode; ``api_url`` is for a local fake.
    wechat_app_id: str = ""
    wechat_app_secret: str = _secret()
    wechat_token: str = _secret()
    wechat_aes_key: str = _secret()
    wechat_api_url: str = "https://api.weixin.qq.com"

    #: Attachment size limits (bytes).
    attachment_max_bytes: int = 20 * 1024 * 1024

    @property
    def database(self) -> str:
        """The database URL, defaulting to SQLite inside the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'xinfang.sqlite3').resolve()}"

    def fixed_now(self) -> datetime | None:
        if not self.clock:
            return None
        moment = datetime.fromisoformat(self.clock)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)

    @property
    def blocked_urns(self) -> tuple[str, ...]:
        """The block list as sender URNs: ``+86138…`` → ``tel:+86138…``, ``a@b`` → ``mailto:a@b``."""
        urns = []
        for entry in self.blocklist:
            if ":" in entry:
                urns.append(entry)
            elif "@" in entry:
                urns.append(f"mailto:{entry}")
            else:
                urns.append(f"tel:{entry if entry.startswith('+') else '+' + entry}")
        return tuple(urns)

    @property
    def command_menu(self) -> tuple[tuple[str, str], ...]:
        """The bot's commands with their menu text, for channels that show a menu (Telegram,
        WeChat's menu keys): the words are nlp's, handed to the channels here because
        ``channels/`` never imports ``nlp/``."""
        return COMMANDS

    @property
    def sms_enabled(self) -> bool:
        return bool(self.twilio_auth_token and self.twilio_account_sid)

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token)


def _convert(name: str, kind: Any, raw: Any) -> Any:
    variable = PREFIX + name.upper()
    try:
        if kind in ("int", int):
            value = int(raw)
            if value < 0:
                raise ValueError("must not be negative")
            return value
        if kind in ("bool", bool):
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError("expected true/false")
        if kind in ("Path", Path):
            return Path(str(raw)).expanduser()
        if kind in ("tuple[str, ...]",):
            items = raw if isinstance(raw, list) else str(raw).split(",")
            return tuple(str(item).strip().lower() for item in items if str(item).strip())
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{variable}: invalid value ({exc})") from None


def _validate(settings: Settings) -> None:
    if settings.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise SettingsError(f"{PREFIX}LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR")
    if settings.sqlite_synchronous.upper() not in ("FULL", "EXTRA", "NORMAL"):
        raise SettingsError(f"{PREFIX}SQLITE_SYNCHRONOUS: expected FULL, EXTRA or NORMAL")
    for name in ("http_port", "smtp_port"):
        if not 0 <= getattr(settings, name) <= 65535:
            raise SettingsError(f"{PREFIX}{name.upper()}: port must be 0-65535")
    if settings.clock:
        try:
            settings.fixed_now()
        except ValueError:
            raise SettingsError(f"{PREFIX}CLOCK: expected an ISO timestamp") from None
    if settings.outbound_smtp and ":" not in settings.outbound_smtp:
        raise SettingsError(f"{PREFIX}OUTBOUND_SMTP: expected host:port")
    if settings.supervision_interval < 1:
        raise SettingsError(f"{PREFIX}SUPERVISION_INTERVAL: must be at least 1 second")
    if settings.supervisor_mail and "@" not in settings.supervisor_mail:
        raise SettingsError(f"{PREFIX}SUPERVISOR_MAIL: expected an e-mail address")
    if settings.escalation_webhook and not settings.escalation_webhook.startswith(
            ("http://", "https://")):
        raise SettingsError(f"{PREFIX}ESCALATION_WEBHOOK: expected an http(s) URL")
    for name in ("deadline_rules_file", "units_file", "reception_file", "faq_file",
                 "escalation_file"):
        value = getattr(settings, name)
        if value and not Path(value).expanduser().is_file():
            raise SettingsError(f"{PREFIX}{name.upper()}: no such file {value}")
    if settings.retention_days < 1:
        raise SettingsError(f"{PREFIX}RETENTION_DAYS: must be at least 1 day")
    if settings.sms_max_segments < 1:
        raise SettingsError(f"{PREFIX}SMS_MAX_SEGMENTS: must be at least 1")
    if settings.public_url and not settings.public_url.startswith(("http://", "https://")):
        raise SettingsError(f"{PREFIX}PUBLIC_URL: expected an http(s) URL")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from ``environ`` (default: the process environment) and the TOML file."""
    env = os.environ if environ is None else environ
    file_values: dict[str, Any] = {}
    config_path = env.get(PREFIX + "CONFIG", "")
    if config_path:
        try:
            with open(config_path, "rb") as handle:
                file_values = {key.lower(): value for key, value in tomllib.load(handle).items()}
        except OSError as exc:
            raise SettingsError(f"{PREFIX}CONFIG: cannot read {config_path} ({exc.strerror})") from None
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{PREFIX}CONFIG: {config_path} is not valid TOML ({exc})") from None
    known = {item.name for item in fields(Settings)}
    unknown = sorted(set(file_values) - known)
    if unknown:
        raise SettingsError(f"{PREFIX}CONFIG: unknown setting(s) {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for item in fields(Settings):
        variable = PREFIX + item.name.upper()
        if variable in env:
            values[item.name] = _convert(item.name, item.type, env[variable])
        elif item.name in file_values:
            values[item.name] = _convert(item.name, item.type, file_values[item.name])
    settings = Settings(**values)
    _validate(settings)
    return settings
