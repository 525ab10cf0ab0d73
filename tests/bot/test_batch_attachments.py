"""Whether a batched message brings files is read once for the batch, and read right.

Several dialogue rows ask whether a message carries pictures or documents (a caption joins
the open case; "how do I send photos" without one is a question). In a batch decided by the
background processor that answer comes from one read of the attachment table for the whole
batch (``BatchLookups.carries_files``), not one read per message that asks (issue 17); each
message must still be told apart by its own files.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, col, select

from channels.base import InboundMessage, IncomingAttachment
from storage import Case, CaseEvent
from tests.bot.harness import BotHarness

NUMBER = re.compile(r"XF2026-\d{6}")
MATTER = "我家楼下的排水沟堵了一个多月，一下雨污水就漫到路上，臭得没法走路"
CAPTION = "如图"
PHOTO = IncomingAttachment("drain.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 not really a jpeg")


async def _open_case(bot: BotHarness, sender: str) -> str:
    found = NUMBER.search(" ".join(await bot.say(MATTER, sender=sender)))
    assert found, "no case was registered"
    await bot.say("我叫李建国", sender=sender)
    return found.group()


def _supplements(bot: BotHarness, number: str) -> list[CaseEvent]:
    def read(session: Session) -> list[CaseEvent]:
        case = session.exec(select(Case).where(Case.number == number)).one()
        return list(session.exec(select(CaseEvent).where(
            CaseEvent.case_id == case.id, col(CaseEvent.action).in_(["supplement"]))))
    return bot.core.store.read_sync(read)


async def test_a_batch_reads_its_attachments_once_and_tells_each_message_apart(
        bot: BotHarness) -> None:
    with_photo, caption_only, asking = ("tel:+8613800170001", "tel:+8613800170002",
                                        "tel:+8613800170003")
    numbers = {sender: await _open_case(bot, sender)
               for sender in (with_photo, caption_only, asking)}
    baseline = {sender: len(_supplements(bot, number)) for sender, number in numbers.items()}
    now = bot.core.clock.now()
    for n, (sender, text, files) in enumerate((
            (with_photo, CAPTION, [PHOTO]),
            (caption_only, CAPTION, []),
            (asking, "我拍了几张照片，怎么发给你们", []))):
        await bot.core.intake.store(InboundMessage(
            channel="sms", sender=sender, text=text, external_id=f"MMfiles{n}",
            received_at=now, raw=text.encode(), attachments=files))
    reads: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "attachment" in statement:
            reads.append(statement)

    engine = bot.core.store.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert await bot.core.processor.drain() == 3  # one batch
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    # One read for the batch's own messages, and one for the bare caption alone: did the
    # sender's message just before it bring the picture (bot.dialogue.missing_files)?
    assert len(reads) == 2, reads
    grew = {sender: len(_supplements(bot, number)) - baseline[sender]
            for sender, number in numbers.items()}
    # The photo is material for its case; the same caption with nothing attached and the
    # question about sending photos are not.
    assert grew == {with_photo: 1, caption_only: 0, asking: 0}
