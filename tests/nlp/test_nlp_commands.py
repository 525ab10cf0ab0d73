"""Opt-out, opt-in and help are whole messages, in any case or width, on every channel.

The words live once, in ``nlp/commands.py``; the channels carry the text as it came and the
intent rules decide. The SMS payload corpus says what each of its messages is (``keyword``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.intents import Intent, detect_intent
from nlp.normalize import normalize

_PAYLOADS = Path(__file__).resolve().parents[1] / "payloads" / "sms" / "inbound"
_COMMAND_INTENTS = {Intent.OPT_OUT, Intent.OPT_IN, Intent.HELP}


def _intent(text: str) -> Intent:
    return detect_intent(normalize(text)).intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("STOP", Intent.OPT_OUT), ("stop", Intent.OPT_OUT), ("Stop.", Intent.OPT_OUT),
        ("ＳＴＯＰ", Intent.OPT_OUT), ("ｓｔｏｐ！", Intent.OPT_OUT),
        ("  unsubscribe\n", Intent.OPT_OUT), ("END", Intent.OPT_OUT), ("Quit", Intent.OPT_OUT),
        ("cancel", Intent.OPT_OUT), ("STOPALL", Intent.OPT_OUT), ("TD", Intent.OPT_OUT),
        ("ｔｄ", Intent.OPT_OUT), ("退订", Intent.OPT_OUT), ("\u3000退订。", Intent.OPT_OUT),
        ("取消订阅", Intent.OPT_OUT),
        ("START", Intent.OPT_IN), ("ＵＮＳＴＯＰ", Intent.OPT_IN),
        ("help", Intent.HELP), ("HELP?", Intent.HELP), ("帮助", Intent.HELP), ("帮助！", Intent.HELP),
    ],
)
def test_command_words_are_recognised_whole(text: str, intent: Intent) -> None:
    assert _intent(text) is intent


@pytest.mark.parametrize("text", ["please stop the drilling at night", "stop it", "我要退订短信通知但案件继续办"])
def test_a_command_word_inside_a_sentence_is_a_message(text: str) -> None:
    assert _intent(text) not in _COMMAND_INTENTS


def test_please_stop_alone_is_a_request_to_stop() -> None:
    """Session 26: a request to stop in other words, as the whole message, opts out
    (``nlp/optout.py``: the FCC's 2024 rule takes any reasonable wording as a revocation);
    with something else to stop in it, it is a message (above)."""
    assert _intent("please stop") is Intent.OPT_OUT


def _keyword_payloads() -> list[tuple[str, str | None]]:
    cases = []
    for path in sorted(_PAYLOADS.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if "keyword" in case["expect"]:
            form = dict(map(tuple, case["form"]))
            cases.append((form.get("Body", ""), case["expect"]["keyword"]))
    return cases


@pytest.mark.parametrize(("body", "keyword"), _keyword_payloads())
def test_the_sms_corpus_keywords_are_the_intents(body: str, keyword: str | None) -> None:
    intent = _intent(body)
    if keyword is None:
        assert intent not in _COMMAND_INTENTS
    else:
        assert intent == Intent(keyword)
