"""Issue 14 item 8: the real letter that was answered 451 forever. Raw UTF-8 bytes in
Message-ID, From and Cc, an RFC 2231 language tag in an encoded word, a multibyte character
split across two encoded words: sent with smtplib to the SMTP intake on the real store. Its
content must never defer it: 250, stored with the raw bytes unchanged, parsed, and a case."""

from __future__ import annotations

import smtplib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import select

from bot.core import Core
from channels.mail import MailChannel, completer
from nlp import Analyzer
from storage import Case, Message
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW

BUREAU = "xinfang@xinfang.example.cn"
#: Reconstructed from the issue: every feature it names, in one letter.
LETTER = (
    "From: Jöran Öberg <jöran@exämple.se>\r\n"
    f"To: {BUREAU}\r\n"
    "Cc: Åsa Lindström <åsa@exämple.se>, =?iso-8859-1*sv?Q?P=E5l?= <pal@example.se>\r\n"
    "Message-ID: <räksmörgås.1@exämple.se>\r\n"
    "Subject: =?iso-8859-1*sv?Q?R=E4ksm=F6rg=E5s?= =?UTF-8?Q?=E5=B0=8F=E5?="
    " =?UTF-8?Q?=8C=BA=E5=99=AA=E9=9F=B3?=\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "幸福路小区楼下的饭店油烟和噪音扰民两个多月了，请环保部门查处。\r\n"
).encode()
#: NUL and a lone surrogate inside encoded words: PostgreSQL refuses NUL in text.
NUL_LETTER = (
    "From: =?utf-8?Q?=E5=BC=A0=00=E4=B8=89?= <zhang@example.cn>\r\n"
    f"To: {BUREAU}\r\n"
    "Message-ID: <nul\x00id@example.cn>\r\n"
    "Subject: =?utf-8?Q?=ED=A0=80=00x?=\r\n"
    "\r\n"
    "小区门口的路灯坏了，请尽快修理。\r\n"
).encode()


@pytest.fixture
async def served(database_url: str, tmp_path: Path,
                 analyzer: Analyzer) -> AsyncIterator[tuple[Core, MailChannel]]:
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer,
                     completers={"mail": completer()})
    channel = MailChannel(intake=core.intake, host="127.0.0.1", port=0,
                          domains=("xinfang.example.cn",))
    await channel.start()
    try:
        yield core, channel
    finally:
        await channel.stop()
        core.close()


def send(port: int, letter: bytes, mail_from: str) -> dict[str, tuple[int, bytes]]:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        options = [] if mail_from.isascii() else ["SMTPUTF8"]
        return client.sendmail(mail_from, [BUREAU], letter, mail_options=options)


@pytest.mark.parametrize(("letter", "mail_from"), [
    (LETTER, "jöran@exämple.se"),
    (NUL_LETTER, "zhang@example.cn"),
])
async def test_a_letter_is_never_deferred_for_its_content(
        served: tuple[Core, MailChannel], letter: bytes, mail_from: str) -> None:
    import asyncio

    core, channel = served
    refused = await asyncio.to_thread(send, channel.port, letter, mail_from)
    assert refused == {}  # 250: smtplib raises on 451
    await core.processor.drain()
    message, case = core.store.read_sync(lambda s: (
        s.exec(select(Message).where(Message.direction == "in")).one(),
        s.exec(select(Case)).first()))
    assert message.raw == letter
    assert message.meta["parse"] == "done"
    for text in (message.sender, message.sender_name, message.subject, message.text,
                 message.external_id, *message.references, *map(str, message.meta.values())):
        text.encode("utf-8")  # strictly: no lone surrogates left
        assert "\x00" not in text
    assert case is not None and message.case_id == case.id


async def test_the_issues_letter_reads_as_written(served: tuple[Core, MailChannel]) -> None:
    import asyncio

    core, channel = served
    assert await asyncio.to_thread(send, channel.port, LETTER, "jöran@exämple.se") == {}
    await core.processor.drain()
    message = core.store.read_sync(
        lambda s: s.exec(select(Message).where(Message.direction == "in")).one())
    assert message.external_id == "<räksmörgås.1@exämple.se>"
    assert message.sender == "mailto:jöran@exämple.se"
    assert message.sender_name == "Jöran Öberg"
    # The language tag is dropped; 区 was split across two encoded words and is whole again.
    assert message.subject == "Räksmörgås小区噪音"
    assert message.text.startswith("幸福路小区楼下的饭店油烟")
