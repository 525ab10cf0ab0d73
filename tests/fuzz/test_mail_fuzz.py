"""Mutations of real letters (../shared/data/mail-corpus) through the mail completer.

The completer is what the bot runs on every stored letter (``channels.mail.completer``, the
function ``MailChannel.complete`` wraps), and the header scan is what the SMTP intake runs
before ``250``. Pass: no exception, the raw bytes kept exactly, the scanned Message-ID equal to
the parsed one (the dedupe key must not change between intake and processing), output bounded.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from channels.mail import completer, deferred_message

from .strategies import FUZZ

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "mail-corpus"
#: Small letters only: mutations of a 1 MB letter would make each example slow, not sharper.
LETTERS = sorted(p for p in CORPUS.rglob("*.eml") if p.stat().st_size <= 64 * 1024)
BUREAU = "xinfang@xinfang.example.cn"
COMPLETE = completer(attachment_max_bytes=256 * 1024, max_message_bytes=1024 * 1024)
CHARSETS = [b"utf-8", b"gb2312", b"gbk", b"gb18030", b"big5", b"iso-2022-jp", b"us-ascii",
            b"x-unknown", b"utf-7", b"utf-16", b"latin-1", b"", b'"', b"utf-8\x00"]
_CHARSET = re.compile(rb'(charset\s*=\s*"?)([^";\s]*)', re.IGNORECASE)
_HEADER = re.compile(rb"^[!-9;-~]+:[^\r\n]*\r?\n", re.MULTILINE)


def test_corpus_is_there() -> None:
    assert len(LETTERS) >= 50, f"expected the shared mail corpus under {CORPUS}"


@st.composite
def mutated_letters(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(LETTERS)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "duplicate", "charset", "insert"]))
        if kind == "flip" and raw:
            at = draw(st.integers(0, len(raw) - 1))
            raw[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate" and raw:
            raw = raw[: draw(st.integers(0, len(raw)))]
        elif kind == "duplicate":
            headers = list(_HEADER.finditer(raw))
            if headers:
                line = draw(st.sampled_from(headers)).group()
                times = draw(st.integers(1, 50))
                at = draw(st.sampled_from(headers)).start()
                raw[at:at] = line * times
        elif kind == "charset":
            labels = list(_CHARSET.finditer(raw))
            if labels:
                found = draw(st.sampled_from(labels))
                raw[found.start(2):found.end(2)] = draw(st.sampled_from(CHARSETS))
        elif kind == "insert":
            at = draw(st.integers(0, len(raw)))
            raw[at:at] = draw(st.sampled_from([
                b"\r\n", b"\n", b"\r", b"\x00", b"\r\n\r\n", b"--", b"=?utf-8?b?", b"?=",
                b"\r\n--boundary--\r\n", b"\xff\xfe", b"\xe4\xbd", b"Content-Type: multipart/mixed\r\n",
                b"Content-Transfer-Encoding: base64\r\n", b"=\r\n", b"=E4=BD", b"<>",
            ]))
    return bytes(raw)


@settings(FUZZ, max_examples=150)
@given(mutated_letters(), st.sampled_from(["citizen@example.com", ""]))
def test_mutated_letters_are_kept_and_parsed_without_exception(raw: bytes, mail_from: str) -> None:
    stored = deferred_message(raw, mail_from=mail_from, recipients=(BUREAU,),
                              received_at=datetime(2026, 3, 1, tzinfo=UTC))
    assert stored.raw == raw and stored.content_hash == hashlib.sha256(raw).hexdigest()
    message = COMPLETE(raw, stored.meta)
    assert message.raw == raw
    assert message.content_hash == stored.content_hash
    assert message.external_id == stored.external_id  # the dedupe key did not move
    assert message.sender.startswith("mailto:")
    assert len(message.text) <= len(raw) and len(message.subject) <= len(raw)
    # Attached letters (message/*) are re-serialized, a few bytes longer than they came.
    assert sum(len(a.data) for a in message.attachments) <= 2 * len(raw) + 1024
    assert message.needs_human or message.sender != "mailto:"
    if not mail_from:
        assert message.auto_generated  # a null reverse-path is never answered
