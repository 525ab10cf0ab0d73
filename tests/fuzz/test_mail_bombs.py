"""Structural mail bombs through the real SMTP intake, the real store and the bot's completion.

Each bomb goes over 127.0.0.1 to ``MailChannel`` (aiosmtpd) whose intake is a real ``Core`` on a
tmp SQLite store; the processor then completes it with the same completer ``run.py`` wires.
Pass: acknowledged and stored raw (or refused with the right code for size), completed without
an exception, marked for a human with the problem named, and the parse bounded by counts:
peak traced memory under 50x the letter (and 200 MB), the stdlib MIME parser not even given
structures past the budgets, at most ``max_parts`` parts walked. No wall-clock assertions.
"""

from __future__ import annotations

import asyncio
import base64
import email
import smtplib
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

import channels.mail.parser as mail_parser
from bot.core import Core
from channels.mail import MailChannel, completer
from channels.mail.parser import ParseLimits
from nlp import Analyzer
from storage import Message
from tests.conftest import FIXED_NOW

BUREAU = "xinfang@xinfang.example.cn"
MAX_MESSAGE = 2 * 1024 * 1024
MAX_ATTACHMENT = 256 * 1024
LIMITS = ParseLimits()
HEAD = (b"From: =?utf-8?b?5byg5LiJ?= <citizen@example.com>\r\nTo: " + BUREAU.encode() + b"\r\n"
        b"Subject: bomb\r\nMIME-Version: 1.0\r\n")


def nested(depth: int) -> bytes:
    """``depth`` multipart levels, each holding the next, a text part at the bottom."""
    out = [HEAD, b"Message-ID: <nested-%d@example.com>\r\n" % depth]
    for level in range(depth):
        out.append(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (level, level))
    out.append(b"Content-Type: text/plain; charset=utf-8\r\n\r\n\xe5\x99\xaa\xe9\x9f\xb3\r\n")
    out.extend(b"--b%d--\r\n" % level for level in reversed(range(depth)))
    return b"".join(out)


def forwarded(depth: int) -> bytes:
    """``depth`` letters forwarded inside each other (message/rfc822, no boundaries at all)."""
    out = [HEAD, b"Message-ID: <forwarded-%d@example.com>\r\n" % depth]
    out.extend(b"Content-Type: message/rfc822\r\n\r\n" for _ in range(depth))
    out.append(b"Content-Type: text/plain\r\n\r\nhello\r\n")
    return b"".join(out)


def many_parts(count: int) -> bytes:
    out = [HEAD, b"Message-ID: <parts-%d@example.com>\r\n" % count,
           b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n']
    out.extend(b"--B\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % n for n in range(count))
    out.append(b"--B--\r\n")
    return b"".join(out)


def long_header(size: int) -> bytes:
    subject = b"Subject: " + b"x" * (size - len(b"Subject: "))
    return (HEAD.replace(b"Subject: bomb\r\n", subject + b"\r\n")
            + b"Message-ID: <header-%d@example.com>\r\nContent-Type: text/plain\r\n\r\nhi\r\n" % size)


def long_address_header(count: int) -> bytes:
    to = b"To: " + b",\r\n ".join(b"r%d@example.com" % n for n in range(count))  # folded
    return (HEAD.replace(b"To: " + BUREAU.encode(), to)
            + b"Message-ID: <to-%d@example.com>\r\nContent-Type: text/plain\r\n\r\nhi\r\n" % count)


def base64_attachment(decoded_size: int) -> bytes:
    payload = base64.encodebytes(b"\x00" * decoded_size).replace(b"\n", b"\r\n")
    return (HEAD + b"Message-ID: <b64-%d@example.com>\r\n" % decoded_size
            + b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
            b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attachment\r\n"
            b'--B\r\nContent-Type: application/octet-stream; name="big.bin"\r\n'
            b"Content-Transfer-Encoding: base64\r\n\r\n" + payload + b"--B--\r\n")


@dataclass(frozen=True)
class Bomb:
    name: str
    raw: bytes
    #: The problem code the completion must record ("" when the letter is just read).
    problem: str
    #: Whether the stdlib MIME parser may be given the whole letter.
    full_parse: bool


BOMBS = [
    Bomb("nested-1000", nested(1000), "nesting_too_deep", False),
    Bomb("forwarded-1000", forwarded(1000), "nesting_too_deep", False),
    Bomb("nested-50", nested(50), "nesting_too_deep", True),  # under the scan bound: walked
    Bomb("parts-10000", many_parts(10_000), "too_many_parts", False),
    Bomb("parts-900", many_parts(900), "", True),
    Bomb("header-1mb", long_header(1_000_000), "", True),
    Bomb("to-20000", long_address_header(20_000), "address_header_too_long", True),
    Bomb("base64-past-attachment-limit", base64_attachment(MAX_ATTACHMENT + 1), "attachment_too_large", True),
]


@pytest.fixture
async def mail_core(sqlite_url: str, tmp_path: Path,
                    analyzer: Analyzer) -> AsyncIterator[tuple[Core, MailChannel]]:
    core = Core.open(database_url=sqlite_url, data_dir=tmp_path, secret_key="k",
                     fixed_now=FIXED_NOW, analyzer=analyzer,
                     completers={"mail": completer(attachment_max_bytes=MAX_ATTACHMENT,
                                                   max_message_bytes=MAX_MESSAGE)})
    channel = MailChannel(intake=core.intake, host="127.0.0.1", port=0,
                          domains=("xinfang.example.cn",), max_message_bytes=MAX_MESSAGE,
                          attachment_max_bytes=MAX_ATTACHMENT)
    await channel.start()
    try:
        yield core, channel
    finally:
        await channel.stop()
        core.close()


def _send(port: int, raw: bytes) -> dict[str, Any]:
    with smtplib.SMTP("127.0.0.1", port, local_hostname="client.test", timeout=60) as client:
        return client.sendmail("citizen@example.com", [BUREAU], raw)


def _send_without_size(port: int, raw: bytes) -> int:
    """MAIL FROM without the SIZE parameter, so only the data itself can exceed the limit."""
    with smtplib.SMTP("127.0.0.1", port, local_hostname="client.test", timeout=60) as client:
        client.ehlo()
        assert client.mail("citizen@example.com")[0] == 250
        assert client.rcpt(BUREAU)[0] == 250
        code, _ = client.data(raw)
        return int(code)


@dataclass
class ParseCounts:
    full_parses: int = 0
    walked_parts: int = 0


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[ParseCounts]:
    """Counts what the parser does: whole-letter stdlib parses and MIME parts walked."""
    seen = ParseCounts()
    parse, walk = email.message_from_bytes, mail_parser._walk

    def counting_parse(raw: bytes, *args: Any, **kwargs: Any) -> Any:
        seen.full_parses += 1
        return parse(raw, *args, **kwargs)

    def counting_walk(*args: Any) -> Any:
        for part in walk(*args):
            seen.walked_parts += 1
            yield part

    monkeypatch.setattr(email, "message_from_bytes", counting_parse)
    monkeypatch.setattr(mail_parser, "_walk", counting_walk)
    yield seen


@pytest.mark.parametrize("bomb", BOMBS, ids=[bomb.name for bomb in BOMBS])
async def test_bomb_is_stored_raw_acknowledged_and_parsed_within_bounds(
    bomb: Bomb, mail_core: tuple[Core, MailChannel], counts: ParseCounts
) -> None:
    core, channel = mail_core
    assert await asyncio.to_thread(_send, channel.port, bomb.raw) == {}
    assert await core.processor.drain() == 1
    [row] = await core.store.read(lambda s: list(s.exec(select(Message))))
    assert row.raw == bomb.raw  # smtplib sent CRLF lines, so the stored bytes are the same
    assert row.processed_at is not None and row.meta["parse"] == "done"
    problems = str(row.meta.get("problems", "")).split(",")
    if bomb.problem:
        assert bomb.problem in problems
    if bomb.problem and bomb.problem != "address_header_too_long":
        assert row.needs_human  # the bot did not see the whole letter: a person reads it
    assert row.sender == "mailto:citizen@example.com"

    # The same completion again, measured: memory by tracemalloc, work by counts.
    counts.full_parses = counts.walked_parts = 0
    tracemalloc.start()
    try:
        parsed = channel.complete(row.raw, {str(k): str(v) for k, v in row.meta.items()})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < min(50 * len(bomb.raw), 200 * 1024 * 1024), (peak, len(bomb.raw))
    assert counts.full_parses == (1 if bomb.full_parse else 0)
    assert counts.walked_parts <= LIMITS.max_parts
    assert len(parsed.attachments) <= LIMITS.max_attachments
    assert sum(len(a.data) for a in parsed.attachments) <= MAX_MESSAGE


async def test_base64_past_the_message_limit_is_refused_with_552(
    mail_core: tuple[Core, MailChannel],
) -> None:
    core, channel = mail_core
    letter = base64_attachment(MAX_MESSAGE)
    # Announced with SIZE: refused at MAIL FROM; not announced: refused after the data.
    with pytest.raises(smtplib.SMTPSenderRefused) as announced:
        await asyncio.to_thread(_send, channel.port, letter)
    assert announced.value.smtp_code == 552 and b"5.3.4" in announced.value.smtp_error
    assert await asyncio.to_thread(_send_without_size, channel.port, letter) == 552
    assert await core.store.read(lambda s: list(s.exec(select(Message)))) == []


async def test_header_line_past_the_line_limit_is_refused_with_500(
    mail_core: tuple[Core, MailChannel],
) -> None:
    core, channel = mail_core
    with pytest.raises(smtplib.SMTPDataError) as refused:
        await asyncio.to_thread(_send, channel.port, long_header(1_500_000))
    assert refused.value.smtp_code == 500  # aiosmtpd: "Line too long (see RFC5321 4.5.3.1.6)"
    assert await core.store.read(lambda s: list(s.exec(select(Message)))) == []


def test_nesting_the_scan_misses_still_ends_in_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    """Second line of defence: the stdlib parser's RecursionError becomes a headers-only read."""
    monkeypatch.setattr(mail_parser, "_structure_problem", lambda raw, limits: "")
    parsed = mail_parser.parse_letter(nested(1000))
    assert "nesting_too_deep" in parsed.problems
    assert parsed.from_address == "citizen@example.com" and parsed.from_name == "张三"
    assert parsed.message_id == "<nested-1000@example.com>" and parsed.text == ""


@pytest.mark.parametrize("line_end", [b"\r", b"\n"], ids=["bare-cr", "bare-lf"])
def test_scan_sees_nesting_under_any_line_end(line_end: bytes) -> None:
    parsed = mail_parser.parse_letter(nested(1000).replace(b"\r\n", line_end))
    assert "nesting_too_deep" in parsed.problems and parsed.from_address == "citizen@example.com"
