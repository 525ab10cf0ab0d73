"""Header bytes and encoded-word forms, generated (issue 14 item 8): raw 8-bit and NUL bytes,
encoded words with odd charsets and RFC 2231 language tags, multibyte characters split across
words, broken Base64 and Q. Through the intake's header scan, the store (a real SQLite
database, as the SMTP intake stores before ``250``) and the bot's completer.

Pass: nothing raises, everything the store gets is storable text, the store takes it, and the
dedupe key (the Message-ID) is the same before and after the parse.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.intake import to_row
from channels.base import InboundMessage, storable
from channels.mail import completer, deferred_message
from storage import Store

from .strategies import FUZZ

BUREAU = "xinfang@xinfang.example.cn"
COMPLETE = completer(attachment_max_bytes=64 * 1024, max_message_bytes=256 * 1024)
CHARSETS = ["utf-8", "UTF-8", "iso-8859-1", "iso-8859-1*sv", "utf-8*zh-CN", "gb2312", "gbk",
            "gb18030", "big5", "iso-2022-jp", "x-unknown", "", "utf-16", "utf-7", "us-ascii",
            "koi8-r", "*", "utf-8*", "unknown-8bit", "x" * 80]
NAMES = ["From", "To", "Cc", "Subject", "Message-ID", "References", "In-Reply-To", "Reply-To",
         "Sender", "Auto-Submitted", "Content-Type", "Content-Disposition"]
#: Characters whose UTF-8 is several bytes: the ones a split word cuts in two.
WIDE = "区噪音投诉信访𠀀😀é"


@st.composite
def encoded_word(draw: st.DrawFn) -> bytes:
    charset = draw(st.sampled_from(CHARSETS)).encode()
    data = draw(st.one_of(st.binary(max_size=30),
                          st.text(alphabet=WIDE, max_size=6).map(lambda t: t.encode("utf-8"))))
    if draw(st.booleans()):
        payload = base64.b64encode(data)
        if draw(st.booleans()):
            payload = payload[: draw(st.integers(0, len(payload)))]  # broken padding
        kind = b"B"
    else:
        payload = b"".join(b"=%02X" % byte for byte in data)
        kind = b"Q"
    return b"=?" + charset + b"?" + kind + b"?" + payload + b"?="


@st.composite
def split_words(draw: st.DrawFn) -> bytes:
    """One multibyte text cut into several Q words at arbitrary byte offsets."""
    data = draw(st.text(alphabet=WIDE, min_size=1, max_size=5)).encode("utf-8")
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(data) - 1)), max_size=3)))
    parts = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    return b" ".join(b"=?UTF-8?Q?" + b"".join(b"=%02X" % x for x in part) + b"?="
                     for part in parts if part)


header_value = st.lists(st.one_of(
    encoded_word(), split_words(),
    st.binary(max_size=20).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"")),
    st.sampled_from([b"<", b">", b"@", b"\"", b",", b";", b" ", b"\t", b"\x00", b"\xff",
                     b"\xe4\xbd", b"\xed\xa0\x80", b"r\xc3\xa4k@ex\xc3\xa4mple.se",
                     b"filename*=utf-8'sv'R%E4k.txt", b"charset=\"\xff\""]),
), max_size=6).map(b"".join)


@st.composite
def letters(draw: st.DrawFn) -> bytes:
    lines = [draw(st.sampled_from(NAMES)).encode() + b": " + draw(header_value)
             for _ in range(draw(st.integers(1, 8)))]
    if draw(st.booleans()):
        lines.append(b"Message-ID: <" + draw(header_value) + b">")
    body = draw(st.binary(max_size=80))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def storable_strings(message: InboundMessage) -> list[str]:
    row = to_row(message)
    return [row.sender, row.sender_name, row.subject, row.text, row.external_id,
            *row.references, *(str(value) for value in row.meta.values())]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("fuzz")
    opened = Store.open(f"sqlite:///{path / 'cases.sqlite3'}", path / "data")
    yield opened
    opened.close()


@settings(FUZZ, max_examples=200)
@given(letters(), st.sampled_from(["citizen@example.com", "jöran@exämple.se",
                                   "r\udcc3\udca4k@example.se", ""]))
def test_no_header_defers_a_letter(store: Store, raw: bytes, mail_from: str) -> None:
    stored = deferred_message(raw, mail_from=mail_from, recipients=(BUREAU,),
                              received_at=datetime(2026, 3, 1, tzinfo=UTC))
    for text in storable_strings(stored):
        assert storable(text) == text
    receipt = asyncio.run(store.add_inbound(to_row(stored)))  # what happens before 250
    assert receipt.message_id > 0
    parsed = COMPLETE(raw, stored.meta)
    assert parsed.raw == raw and parsed.external_id == stored.external_id
    for text in storable_strings(parsed):
        assert storable(text) == text
    for attachment in parsed.attachments:
        assert storable(attachment.filename) == attachment.filename


@pytest.mark.parametrize("text", ["", "普通文字", "a\x00b", "x\ud800y", "<r\udcc3\udca4k>",
                                  "\udcff", "😀\udcf0\udc9f\udc98\udc80"])
def test_storable_is_idempotent_and_strict(text: str) -> None:
    once = storable(text)
    once.encode("utf-8")
    assert "\x00" not in once and storable(once) == once
