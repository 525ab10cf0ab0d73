from __future__ import annotations

import pytest

from channels.chat import parse_command
from nlp.commands import KNOWN_COMMANDS


@pytest.mark.parametrize(
    ("text", "username", "expected"),
    [
        ("/start", "", ("start", "")),
        ("/start", "XinfangTestBot", ("start", "")),
        ("/START  ", "", ("start", "")),
        ("/new 小区电梯坏了", "", ("new", "小区电梯坏了")),
        ("/status@XinfangTestBot XF20240601-0001", "XinfangTestBot", ("status", "XF20240601-0001")),
        ("/status@xinfangtestbot XF1", "@XinfangTestBot", ("status", "XF1")),
        ("/status@OtherBot XF1", "XinfangTestBot", None),
        ("/status@OtherBot XF1", "", ("status", "XF1")),
        ("/lang\nen", "", ("lang", "en")),
        ("  /help", "", ("help", "")),
        ("／cases", "", ("cases", "")),  # full-width slash from a Chinese IME
        ("/start deep-link-payload", "", ("start", "deep-link-payload")),
        ("/unknowncmd x", "", ("unknowncmd", "x")),
        ("我要投诉 /new", "", None),
        ("/", "", None),
        ("//start", "", None),
        ("/start投诉", "", None),
        ("", "", None),
        ("http://example.cn/start", "", None),
    ],
)
def test_parse_command(text: str, username: str, expected: tuple[str, str] | None) -> None:
    assert parse_command(text, username) == expected


def test_the_six_commands_of_the_issue() -> None:
    assert KNOWN_COMMANDS == {"start", "new", "status", "cases", "help", "lang"}
