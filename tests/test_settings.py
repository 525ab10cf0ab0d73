from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


def test_defaults() -> None:
    settings = load_settings({})
    assert (settings.http_host, settings.http_port) == ("127.0.0.1", 8080)
    assert (settings.smtp_host, settings.smtp_port) == ("127.0.0.1", 2525)
    assert settings.database.startswith("sqlite:///") and settings.database.endswith(".sqlite3")
    assert not settings.sms_enabled and not settings.telegram_enabled


def test_environment_beats_file_beats_default(tmp_path: Path) -> None:
    config = tmp_path / "xinfang.toml"
    config.write_text('http_port = 9000\nsmtp_port = 2600\nmail_domains = ["xf.gov.cn"]\n')
    settings = load_settings({"XINFANG_CONFIG": str(config), "XINFANG_HTTP_PORT": "9100"})
    assert settings.http_port == 9100 and settings.smtp_port == 2600
    assert settings.mail_domains == ("xf.gov.cn",)


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({"XINFANG_HTTP_PORT": "x"}, "XINFANG_HTTP_PORT"),
        ({"XINFANG_SMTP_PORT": "70000"}, "XINFANG_SMTP_PORT"),
        ({"XINFANG_LOG_LEVEL": "LOUD"}, "XINFANG_LOG_LEVEL"),
        ({"XINFANG_CLOCK": "yesterday"}, "XINFANG_CLOCK"),
        ({"XINFANG_MAIL_ENABLED": "perhaps"}, "XINFANG_MAIL_ENABLED"),
        ({"XINFANG_CONFIG": "/nonexistent.toml"}, "XINFANG_CONFIG"),
    ],
)
def test_bad_values_name_the_variable(environ: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings(environ)


def test_secrets_stay_out_of_repr() -> None:
    settings = load_settings({"XINFANG_TWILIO_AUTH_TOKEN": "tok-canary",
                              "XINFANG_TELEGRAM_TOKEN": "tg-canary"})
    assert "canary" not in repr(settings)
