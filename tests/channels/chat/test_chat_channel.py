"""Construction, the contract, and the layering rule."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

import channels.chat
from channels.base import Channel
from channels.chat import TelegramChannel, build_bot

from .fakes import TOKEN, FakeIntake, OfflineRequest, make_channel

PACKAGE = Path(channels.chat.__file__).parent


def test_implements_the_channel_protocol(offline: OfflineRequest, intake: FakeIntake) -> None:
    channel = make_channel(offline, intake)
    assert isinstance(channel, Channel)
    assert channel.name == "telegram"


@pytest.mark.parametrize(
    ("api_url", "base", "files"),
    [
        ("", "https://api.telegram.org/bot" + TOKEN, "https://api.telegram.org/file/bot" + TOKEN),
        (
            "http://127.0.0.1:8081/",
            "http://127.0.0.1:8081/bot" + TOKEN,
            "http://127.0.0.1:8081/file/bot" + TOKEN,
        ),
    ],
)
def test_api_url_sets_base_and_file_urls(api_url: str, base: str, files: str) -> None:
    bot, _ = build_bot(TOKEN, api_url=api_url, request=OfflineRequest())
    assert bot.base_url == base
    assert bot.base_file_url == files


def test_describe_names_the_mode_but_no_secret(offline: OfflineRequest, intake: FakeIntake) -> None:
    polling = make_channel(offline, intake, api_url="http://127.0.0.1:8081")
    webhook = make_channel(offline, intake, webhook_secret="hush-hush")
    assert "polling" in polling.describe() and "127.0.0.1:8081" in polling.describe()
    assert "webhook" in webhook.describe() and "/telegram/webhook" in webhook.describe()
    for text in (polling.describe(), webhook.describe(), repr(polling)):
        assert TOKEN not in text and "hush-hush" not in text


def test_token_required(intake: FakeIntake) -> None:
    with pytest.raises(ValueError):
        TelegramChannel("", intake)


def test_imports_only_the_contract_stdlib_and_third_party() -> None:
    for source in PACKAGE.glob("*.py"):
        tree = ast.parse(source.read_text("utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if name == "nlp.commands":  # the command words, shared by every channel
                    continue
                assert name.split(".")[0] not in {"bot", "storage", "nlp"}, (source.name, name)
                if name.startswith("channels."):
                    assert name in {"channels.base", "channels.lazy", "channels.body"}, (source.name, name)


def test_library_loggers_cannot_leak_the_token(
    offline: OfflineRequest, intake: FakeIntake, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("httpx", "telegram"):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.NOTSET)
    make_channel(offline, intake)
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)  # URLs hold the token
    assert not logging.getLogger("telegram.Bot").isEnabledFor(logging.DEBUG)  # message texts
