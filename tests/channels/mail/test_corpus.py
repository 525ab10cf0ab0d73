"""Real mail from other projects' suites, taken in through the real SMTP path.

Every file goes over the wire as an SMTP client sends it (CRLF line ends, dot-stuffed) and must
be answered ``250`` and stored with exactly those bytes; then the bot's completion (the full
parse) runs on every stored letter without raising, and the scanned Message-ID it was stored
under equals the one the parser finds. The shared corpus lives outside the
repository (../shared/data/mail-corpus); CPython's email test data is on every machine.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import smtplib
from pathlib import Path

import pytest
import test.test_email

from channels.base import InboundMessage

from .fakes import FakeIntake, running_channel

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "data" / "mail-corpus"
CPYTHON_DATA = Path(os.path.dirname(test.test_email.__file__)) / "data"

CHINESE = {
    "chinese_gb2312_encoding.eml": ("Greeting in Chinese", "你好，我是程序员，很高兴认识你"),
    "chinese_gbk_encoding.eml": ("Hello from China", "你好，中国"),
    "chinese_big5_encoding.eml": ("Hello from China", "圖形碼"),
    "chinese_iso_2022_jp_encoding.eml": ("Hello from China", "中文字"),
    "chinese_email_test.eml": ("示例邮件", "这是一个示例邮件"),
}


def wire_form(data: bytes) -> bytes:
    """The message as an SMTP client carries it: CRLF line ends, ending in CRLF."""
    wire = re.sub(rb"\r?\n", b"\r\n", data)
    return wire if wire.endswith(b"\r\n") else wire + b"\r\n"


def _send_all(port: int, letters: list[bytes]) -> list[dict[str, object]]:
    results = []
    with smtplib.SMTP("127.0.0.1", port, local_hostname="client.test", timeout=60) as client:
        for letter in letters:
            results.append(client.sendmail("sender@example.com", ["xinfang@localhost"], letter))
    return results


async def _sweep(files: list[Path]) -> dict[str, InboundMessage]:
    intake = FakeIntake()
    letters = [wire_form(path.read_bytes()) for path in files]
    async with running_channel(intake, domains=("localhost",)) as channel:
        results = await asyncio.wait_for(asyncio.to_thread(_send_all, channel.port, letters), 120)
    assert all(result == {} for result in results)
    assert intake.store_calls == len(files)
    assert intake.completer is not None
    by_hash = {message.content_hash: message for message in intake.stored}
    completed: dict[str, InboundMessage] = {}
    for path, letter in zip(files, letters, strict=True):
        stored = by_hash[hashlib.sha256(letter).hexdigest()]
        assert stored.raw == letter, path.name  # byte for byte what the client sent
        message = intake.completer(stored.raw, stored.meta)
        assert message.external_id == stored.external_id, path.name
        assert message.raw == letter, path.name
        completed[path.name] = message
    return completed


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared mail corpus not present at {CORPUS}")
async def test_shared_corpus_is_taken_in_unchanged() -> None:
    files = sorted(path for path in CORPUS.rglob("*") if path.is_file())
    assert len(files) > 50
    stored = await _sweep(files)
    for name, (subject, body_start) in CHINESE.items():
        message = stored[name]
        assert message.subject == subject, name
        # A body of a few words is read after its subject (channels.mail.parser._with_subject).
        assert message.text.startswith(body_start) or message.text.startswith(
            f"{subject}\n\n{body_start}"), name
    assert stored["bounce__mailbox-full.eml"].auto_generated


async def test_cpython_email_test_data_is_taken_in_unchanged() -> None:
    files = sorted(path for path in CPYTHON_DATA.iterdir() if path.is_file())
    assert len(files) > 40
    await _sweep(files)
