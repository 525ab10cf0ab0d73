"""Table-driven: every recorded update normalizes to what expected.json says."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from channels.base import TELEGRAM
from channels.chat import BadUpdate, parse_command, to_inbound
from channels.chat.normalize import parse_update, unreadable_to_inbound

from .fakes import PAYLOADS, payload, payload_names

EXPECTED: dict[str, dict[str, Any]] = json.loads((PAYLOADS / "expected.json").read_text("utf-8"))
NOW = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


def test_every_payload_has_an_expectation() -> None:
    assert sorted(EXPECTED) == payload_names()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_payload_normalizes(name: str) -> None:
    raw = payload(name)
    expected = EXPECTED[name]
    update_id, update = parse_update(raw)
    assert update is not None
    message = to_inbound(update, raw, NOW)

    assert message.channel == TELEGRAM
    assert message.raw == raw  # the exact bytes, for audit
    assert message.external_id == str(update_id) == expected["external_id"]
    assert message.received_at == NOW
    assert message.sender == expected["sender"]
    assert message.text == expected["text"]
    assert message.auto_generated is expected["auto_generated"]
    assert message.needs_human is False
    if "sender_name" in expected:
        assert message.sender_name == expected["sender_name"]
    for key, value in expected["meta"].items():
        assert message.meta.get(key) == value, key
    for key in expected.get("absent", []):
        assert key not in message.meta
    assert all(isinstance(value, str) for value in message.meta.values())
    if "command" in expected:
        assert parse_command(message.text, "XinfangTestBot") == tuple(expected["command"])


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'{"message": {}}',
        b'{"update_id": "7"}',
        b'{"update_id": true}',
        b"\xff\xfe",
    ],
)
def test_bodies_that_are_not_updates(body: bytes) -> None:
    with pytest.raises(BadUpdate):
        parse_update(body)


def test_update_the_library_cannot_read_is_kept_raw_for_a_human() -> None:
    body = b'{"update_id": 77, "message": {"message_id": "not-a-number-and-no-chat"}}'
    update_id, update = parse_update(body)
    assert (update_id, update) == (77, None)
    message = unreadable_to_inbound(update_id, body, NOW)
    assert message.needs_human and message.raw == body and message.external_id == "77"
    assert message.text == ""
