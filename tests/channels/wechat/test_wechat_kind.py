"""WeChat is registered by one line: its settings turn it on, its capabilities reach the bot."""

from __future__ import annotations

from bot import catalogue, notices, stats
from bot.console import wording
from bot.settings import load_settings
from channels.wechat import CAPABILITIES, KIND
from channels.wechat.channel import WechatChannel
from run import CHANNELS, off_hints
from tests.channels.fakes import FakeIntake

ENV = {"XINFANG_WECHAT_APP_ID": "wx0123456789abcdef", "XINFANG_WECHAT_APP_SECRET": "s" * 32,
       "XINFANG_WECHAT_TOKEN": "token", "XINFANG_WECHAT_AES_KEY": "a" * 43,
       "XINFANG_WECHAT_API_URL": "http://127.0.0.1:9"}


def test_off_without_settings_and_on_with_them() -> None:
    assert KIND.build(load_settings({}), FakeIntake()) is None
    assert "XINFANG_WECHAT_APP_ID" in off_hints([])["wechat"]
    channel = KIND.build(load_settings(ENV), FakeIntake())
    assert isinstance(channel, WechatChannel)
    assert channel.describe() == ("wechat: callbacks at /wechat (safe mode (AES)), "
                                  "replies via http://127.0.0.1:9")
    assert "wechat" not in off_hints([channel])


def test_its_secrets_are_redacted_from_logs() -> None:
    from bot.logredact import secrets_of

    secrets = secrets_of(load_settings(ENV))
    assert {"s" * 32, "token", "a" * 43} <= set(secrets)


def test_the_bot_learns_it_from_its_capabilities() -> None:
    assert KIND in CHANNELS
    assert catalogue.current().of("wechat") == CAPABILITIES  # installed from run.CHANNELS
    assert stats.channel_name("wechat") == "微信公众号"
    assert wording.label(wording.CHANNELS, "wechat") == "微信公众号"
    assert notices.form_for("wechat") == "full" and notices.form_for("sms") == "short"
    assert notices.rating_hint("wechat", "zh") == "回复 1-5"
    assert notices.rating_hint("telegram", "zh") == "请点击下方按钮"


def test_an_unregistered_channel_gets_neutral_capabilities() -> None:
    unknown = catalogue.Catalogue().of("pager")
    assert (unknown.display_name, unknown.short_form, unknown.buttons) == ("pager", False, False)
