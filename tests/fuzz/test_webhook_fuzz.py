"""The webhook parsers on hostile input: Twilio's form (through the real, signed webhook) and
Telegram's JSON update (the parse-then-store path ``TelegramChannel.accept_body`` runs).

Pass: no uncaught exception (no 5xx), and whatever is stored keeps the request body exactly.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from twilio.request_validator import RequestValidator

from channels.base import InboundMessage
from channels.chat.errors import BadUpdate
from channels.chat.normalize import parse_update, to_inbound, unreadable_to_inbound
from channels.sms import SmsChannel
from tests.channels.sms.fakes import FakeIntake, offline_transport

from .strategies import FUZZ, petition_text

AUTH_TOKEN = "f3c1b2a4d5e6f708192a3b4c5d6e7f80"
PUBLIC_URL = "https://xf.example.gov.cn"
NOW = datetime(2026, 3, 1, tzinfo=UTC)

# -- Twilio -----------------------------------------------------------------------------

_FIELDS = ["From", "To", "Body", "MessageSid", "SmsSid", "NumMedia", "NumSegments",
           "MediaUrl0", "MediaContentType0", "MediaUrl9", "MessagingServiceSid", "AccountSid"]
_VALUES = st.one_of(
    petition_text,
    st.sampled_from(["+8613800138000", "13800138000", "+1", "", "0", "-1", "10", "999999999999",
                     "1e9", "SM0001", "https://api.twilio.com/x", "\x00", "%", "&", "=", "+"]),
)
_ANY_FORM = st.dictionaries(st.one_of(st.sampled_from(_FIELDS), st.text(max_size=20)),
                            _VALUES, max_size=14)
#: Mostly with a MessageSid, so most examples get past the id check into the store path.
twilio_forms = st.one_of(
    st.tuples(_ANY_FORM, st.text(min_size=1, max_size=40)).map(
        lambda pair: {**pair[0], "MessageSid": pair[1]}),
    _ANY_FORM,
)


async def _post_sms(body: bytes, signature: str | None) -> tuple[int, list[InboundMessage]]:
    intake = FakeIntake()
    channel = SmsChannel(intake=intake, account_sid="AC0123456789abcdef0123456789abcdef",
                         auth_token=AUTH_TOKEN, from_number="+12025550123",
                         public_url=PUBLIC_URL, reply_timeout=0.3, transport=offline_transport())
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    transport = httpx.ASGITransport(app=Starlette(routes=list(channel.routes())))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver",
                                     timeout=10) as client:
            response = await client.post("/sms/twilio", content=body, headers=headers)
    finally:
        await channel.stop()
    return response.status_code, intake.stored


def _signature(form: dict[str, str]) -> str:
    return str(RequestValidator(AUTH_TOKEN).compute_signature(f"{PUBLIC_URL}/sms/twilio", form))


@settings(FUZZ, max_examples=80)
@given(twilio_forms)
def test_signed_twilio_forms_are_stored_exactly_or_refused(form: dict[str, str]) -> None:
    body = urlencode(list(form.items())).encode()
    status, stored = asyncio.run(_post_sms(body, _signature(form)))
    assert status in (200, 400), status
    if status == 200:
        [message] = stored
        assert message.raw == body and message.channel == "sms"
        assert 0 <= int(message.meta["NumMedia"]) <= 10
    else:
        assert stored == []  # only "missing MessageSid" refuses a signed form


@settings(FUZZ, max_examples=60)
@given(st.one_of(st.binary(max_size=300),
                 st.lists(st.sampled_from([b"Body=", b"%", b"%E4%BD", b"&", b"=", b"+", b"\xff",
                                           b"MessageSid=SM1", b"From=%2B86138", b";", b"\x00"]),
                          max_size=30).map(b"".join)))
def test_raw_form_bodies_never_fail_the_webhook(body: bytes) -> None:
    # Signed over what a lenient decoder reads: either the server reads the same form (and
    # the signature holds) or it refuses with 403; a 5xx would be a crash.
    form = dict(parse_qsl(body.decode("latin-1"), keep_blank_values=True))
    status, stored = asyncio.run(_post_sms(body, _signature(form)))
    assert status in (200, 400, 403), status
    assert all(message.raw == body for message in stored)


# -- Telegram ---------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | petition_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                 max_size=4),
    max_leaves=12,
)
_UPDATE_FIELDS = ["message", "edited_message", "callback_query", "my_chat_member", "channel_post",
                  "from", "chat", "text", "data", "id", "photo", "document", "caption",
                  "message_id", "date", "first_name", "last_name", "username", "type",
                  "language_code", "file_id", "file_size", "contact", "location"]


def _valid_update(update_id: int, text: str) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": 7, "date": 1717200000, "text": text,
        "from": {"id": 42, "is_bot": False, "first_name": "建国"},
        "chat": {"id": 42, "type": "private", "first_name": "建国"}}}


@st.composite
def mutated_updates(draw: st.DrawFn) -> bytes:
    update: dict[str, Any] = _valid_update(draw(st.integers(-2**63, 2**63)), draw(petition_text))
    if draw(st.booleans()):
        update["callback_query"] = {"id": "q", "data": draw(petition_text),
                                    "from": update["message"]["from"]}
    message = update["message"]
    # Picked before mutating: a mutation may replace these objects in their parents.
    targets = [update, message, message["from"], message["chat"]]
    for _ in range(draw(st.integers(0, 5))):
        target = draw(st.sampled_from(targets))
        target[draw(st.sampled_from(_UPDATE_FIELDS))] = draw(_JSON)
    return json.dumps(update, ensure_ascii=draw(st.booleans())).encode()


def _store_path(body: bytes) -> InboundMessage | None:
    """What ``TelegramChannel.accept_body`` stores for ``body``; None where it answers 400."""
    try:
        update_id, update = parse_update(body)
    except BadUpdate:
        return None
    if update is None:
        return unreadable_to_inbound(update_id, body, NOW)
    return to_inbound(update, body, NOW)


@settings(FUZZ, max_examples=150)
@given(st.one_of(mutated_updates(), st.binary(max_size=200), _JSON.map(lambda v: json.dumps(v).encode())))
def test_telegram_updates_are_stored_exactly_or_refused_as_bad(body: bytes) -> None:
    message = _store_path(body)
    if message is None:
        return
    assert message.raw == body and message.channel == "telegram"
    assert message.needs_human or message.sender.startswith("telegram:")
    assert all(isinstance(value, str) for value in message.meta.values())
