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


_CHAT = {"id": 9, "type": "private"}
_MESSAGE = {"message_id": 1, "date": 1717200000, "chat": _CHAT}


@pytest.mark.parametrize(
    "update",
    [
        {"message": 5},
        {"message": {"message_id": 1, "date": 1717200000}},
        {"message": {**_MESSAGE, "date": "today"}},
        {"message": {**_MESSAGE, "chat": {"id": "9", "type": "private"}}},
        {"message": {**_MESSAGE, "from": {"id": 9, "first_name": 7}}},
        {"message": {**_MESSAGE, "text": ["not", "text"]}},
        {"message": {**_MESSAGE, "photo": [{"file_id": "a", "width": "wide", "height": 1}]}},
        {"message": {**_MESSAGE, "document": {"file_size": 3}}},
        {"callback_query": {"id": 5, "from": {"id": 9, "first_name": "A"}}},
        {"my_chat_member": {"chat": _CHAT, "from": {"id": 9, "first_name": "A"}}},
    ],
)
def test_wrongly_typed_fields_keep_the_update_raw_for_a_human(update: dict[str, Any]) -> None:
    assert parse_update(json.dumps({"update_id": 78, **update}).encode()) == (78, None)


def test_an_update_kind_we_do_not_know_is_stored_for_the_record() -> None:
    body = b'{"update_id": 79, "some_future_kind": {"id": "x"}}'
    _, update = parse_update(body)
    assert update is not None
    message = to_inbound(update, body, NOW)
    assert (message.sender, message.text, message.external_id) == ("telegram:unknown-79", "", "79")
    assert message.auto_generated and not message.needs_human
    assert message.meta == {"update_type": "unknown"}


_REMOVE = object()


def _mutations(node: Any) -> list[tuple[Any, Any, Any]]:
    """(container, key, replacement) for every field: removed, or given another JSON type."""
    found: list[tuple[Any, Any, Any]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        replacements = [True, 5, "x", {}, [1]]
        if isinstance(node, dict):
            replacements.append(_REMOVE)
        found += [(node, key, replacement) for replacement in replacements]
        if isinstance(value, (dict, list)):
            found += _mutations(value)
    return found


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_variants_of_every_payload_never_raise_anything_else(name: str) -> None:
    data = json.loads(payload(name))
    for container, key, replacement in _mutations(data):
        original = container[key]
        if replacement is _REMOVE:
            del container[key]
        else:
            container[key] = replacement
        body = json.dumps(data, ensure_ascii=False).encode()
        try:
            _, update = parse_update(body)
        except BadUpdate:
            assert container is data and key == "update_id"
        else:
            if update is not None:
                message = to_inbound(update, body, NOW)
                assert isinstance(message.text, str) and isinstance(message.sender_name, str)
                assert all(isinstance(value, str) for value in message.meta.values())
        container[key] = original
