"""Letters stored before parsing (mail's fast 250) are completed by the bot before it decides."""

from __future__ import annotations

import errno
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from bot.core import Core
from channels.base import Completer, InboundMessage
from channels.mail import complete, deferred_message
from nlp import Analyzer
from storage import Attachment, Message
from tests.conftest import FIXED_NOW

PAYLOADS = Path(__file__).resolve().parents[1] / "payloads" / "mail"
BUREAU = "xinfang@xinfang.example.cn"


def _core(database_url: str, data_dir: Path, analyzer: Analyzer,
          completers: Mapping[str, Completer] | None) -> Core:
    return Core.open(database_url=database_url, data_dir=data_dir, secret_key="k",
                     fixed_now=FIXED_NOW, analyzer=analyzer, completers=completers)


def _letter(name: str, mail_from: str = "citizen@example.com") -> InboundMessage:
    return deferred_message((PAYLOADS / name).read_bytes(), mail_from=mail_from,
                            recipients=(BUREAU,), received_at=datetime(2026, 3, 1, tzinfo=UTC))


async def _row(core: Core, message_id: int) -> Message:
    row = await core.store.read(lambda s: s.get(Message, message_id))
    assert row is not None
    return row


async def test_processing_completes_the_row_and_stores_attachments(
    database_url: str, tmp_path: Path, analyzer: Analyzer
) -> None:
    core = _core(database_url, tmp_path, analyzer, {"mail": complete})
    try:
        letter = _letter("attachments_rfc2231_names.eml")
        receipt = await core.intake.store(letter)
        assert (await core.intake.store(letter)).duplicate  # same id, same bytes: one message
        before = await _row(core, receipt.message_id)
        assert before.text == "" and before.meta["parse"] == "deferred"
        assert await core.processor.drain() == 1
        row = await _row(core, receipt.message_id)
        expected = complete(letter.raw, letter.meta)
        assert row.processed_at is not None and row.meta["parse"] == "done"
        assert row.text == expected.text and row.subject == "材料附件"
        assert row.sender == "mailto:wang@example.com"
        assert row.raw == letter.raw and row.external_id == "<att-005@example.com>"
        assert row.received_at.replace(tzinfo=UTC) == letter.received_at
        files = await core.store.read(lambda s: list(s.exec(
            select(Attachment).where(Attachment.message_id == receipt.message_id))))
        assert sorted(a.original_name for a in files) == sorted(
            a.filename for a in expected.attachments)
        for attachment in files:
            assert core.store.files.get(attachment.sha256) != b""
        assert await core.processor.drain() == 0  # completed once, never again
    finally:
        core.close()


async def test_a_completer_that_raises_leaves_the_letter_raw_for_a_human(
    database_url: str, tmp_path: Path, analyzer: Analyzer
) -> None:
    def broken(raw: bytes, meta: Mapping[str, str]) -> InboundMessage:
        raise RecursionError("parser gave up on 朱镕基's letter")

    cases = (({"mail": broken}, "parse_failed", "gb2312_label_gbk_chars.eml"),
             ({}, "no_completer", "big5_qp.eml"))
    for completers, problem, name in cases:
        core = _core(database_url, tmp_path / problem, analyzer, completers)
        try:
            letter = _letter(name)
            receipt = await core.intake.store(letter)
            assert await core.processor.drain() == 1
            row = await _row(core, receipt.message_id)
            assert row.processed_at is not None and row.needs_human
            assert row.meta["parse"] == "failed" and problem in row.meta["problems"]
            assert row.raw == letter.raw and row.sender == "mailto:citizen@example.com"
        finally:
            core.close()


async def test_a_disk_that_refuses_attachment_files_leaves_the_letter_for_later(
    database_url: str, tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = _core(database_url, tmp_path, analyzer, {"mail": complete})
    try:
        receipt = await core.intake.store(_letter("attachments_rfc2231_names.eml"))
        real_put = core.store.files.put

        def full_disk(data: bytes) -> str:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(core.store.files, "put", full_disk)
        assert await core.processor.drain() == 0  # the store failed, not the letter
        row = await _row(core, receipt.message_id)
        assert row.processed_at is None and row.meta["parse"] == "deferred"
        assert not row.needs_human
        monkeypatch.setattr(core.store.files, "put", real_put)  # space again
        assert await core.processor.drain() == 1
        row = await _row(core, receipt.message_id)
        assert row.meta["parse"] == "done" and not row.needs_human
    finally:
        core.close()


async def test_inline_processing_completes_too(
    sqlite_url: str, tmp_path: Path, analyzer: Analyzer
) -> None:
    core = _core(sqlite_url, tmp_path, analyzer, {"mail": complete})
    try:
        letter = _letter("utf8_split_encoded_words_qp.eml")
        receipt = await core.intake.store(letter)
        replies = await core.intake.process(receipt, inline=True)
        row = await _row(core, receipt.message_id)
        assert row.meta["parse"] == "done" and row.subject == "小区路灯坏了三个月"
        assert replies and all(r.recipient == "mailto:li.si@example.com" for r in replies)
        assert all(r.in_reply_to == "<split-002@example.com>" for r in replies)
    finally:
        core.close()


async def test_same_message_id_different_content_is_two_letters(
    sqlite_url: str, tmp_path: Path, analyzer: Analyzer
) -> None:
    core = _core(sqlite_url, tmp_path, analyzer, {"mail": complete})
    try:
        first = _letter("gb2312_label_gbk_chars.eml")
        other = deferred_message(first.raw.replace(b"Date: Mon", b"Date: Tue"),
                                 mail_from="citizen@example.com", recipients=(BUREAU,),
                                 received_at=first.received_at)
        assert other.external_id == first.external_id and other.raw != first.raw
        one, two = await core.intake.store(first), await core.intake.store(other)
        assert one.message_id != two.message_id and not two.duplicate
    finally:
        core.close()
