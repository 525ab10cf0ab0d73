"""Twilio form bodies: parsed as Starlette parsed them, every repeated value signed."""

from __future__ import annotations

from urllib.parse import quote_plus, unquote_plus, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request
from twilio.request_validator import RequestValidator

from channels.sms.form import _decode, parse_form
from channels.sms.signature import SignatureChecker


async def starlette_pairs(body: bytes) -> list[tuple[str, str]]:
    """What ``Request.form()`` makes of ``body``: the reference behaviour."""
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {"type": "http", "method": "POST", "path": "/", "query_string": b"",
             "headers": [(b"content-type", b"application/x-www-form-urlencoded")]}
    async with Request(scope, receive).form() as form:
        return [(k, str(v)) for k, v in form.multi_items()]


BODIES = [
    urlencode({"Body": "您好，噪音扰民 100% + 夜间", "From": "+8613800138000"}).encode(),
    b"Body=a+b%2Bc&Empty=&NoValue&Repeat=1&Repeat=2",
    b"Body=%E4%BD%A0%E5%A5%BD&Bad=%ZZ%E4&Trailing=%",
    b"",
    b"&&Body=x&&",
]


@pytest.mark.parametrize("body", BODIES)
async def test_fields_match_starlettes_form_parser(body: bytes) -> None:
    await same_as_starlette(body)


#: Bodies made of separators, escapes and text in any order: empty pieces, names without
#: ``=``, several ``=`` in one piece, ``;`` (no separator in a form body).
_FORM_PIECES = st.sampled_from([b"&", b"=", b";", b"+", b"%", b"%E4%BD%A0", b"%ZZ", b"a",
                                b"Body", b"\xff", b"&&", b"=="])


@given(st.lists(_FORM_PIECES, max_size=16).map(b"".join))
async def test_any_body_is_split_as_starlette_splits_it(body: bytes) -> None:
    await same_as_starlette(body)


async def same_as_starlette(body: bytes) -> None:
    form = parse_form(body)
    expected = await starlette_pairs(body)
    names = list(dict.fromkeys(name for name, _ in expected))
    assert list(form) == names
    for name in names:
        assert form.getall(name) == [v for n, v in expected if n == name]
        assert form[name] == form.getall(name)[0]


def test_every_value_of_a_repeated_field_is_signed() -> None:
    validator = RequestValidator("token")
    url = "https://xf.example/sms/twilio"
    params = {"MessageSid": "SM1", "MediaUrl": ["https://a/1", "https://a/2"]}
    body = urlencode(params, doseq=True).encode()
    signature = validator.compute_signature(url, {"MessageSid": "SM1"})
    checker = SignatureChecker("token", "https://xf.example")
    form = parse_form(body)
    assert form.getall("MediaUrl") == ["https://a/1", "https://a/2"]

    class Multi(dict[str, list[str]]):
        def getall(self, name: str) -> list[str]:
            return self[name]

    full = validator.compute_signature(url, Multi({"MessageSid": ["SM1"],
                                                   "MediaUrl": ["https://a/1", "https://a/2"]}))
    assert checker.is_valid("/sms/twilio", "", form, full)
    assert not checker.is_valid("/sms/twilio", "", form, signature)  # one value left out
    dropped = parse_form(b"MessageSid=SM1&MediaUrl=https%3A%2F%2Fa%2F1")
    assert not checker.is_valid("/sms/twilio", "", dropped, full)


#: Pieces a form value is made of: escapes good and bad, pluses, text, raw high bytes.
_PIECES = st.one_of(
    st.text(max_size=6).map(lambda t: quote_plus(t).encode()),
    st.sampled_from([b"%", b"%Z", b"%E4", b"%e4%bd", b"%ZZ%E4", b"+", b"%2B", b"%25", b"%0"]),
    st.binary(max_size=4),
)


@given(st.lists(_PIECES, max_size=12).map(b"".join))
def test_fast_decoding_equals_unquote_plus(raw: bytes) -> None:
    assert _decode(raw) == unquote_plus(raw.decode("latin-1"), encoding="utf-8", errors="replace")
