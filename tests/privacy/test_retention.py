"""The retention purge on SQLite and PostgreSQL: cases closed longer than the period lose the
petitioner's data and files, keep their statistics and record what was done; a run killed
half-way is finished by the next one, and nothing is purged twice."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from bot import retention, staff
from bot.core import Core
from channels.base import IncomingAttachment
from nlp import Analyzer
from storage import Attachment, Case, CaseEvent, Identity, Message, Outbox, Petitioner
from tests import canaries
from tests.bot.harness import BotHarness
from tests.conftest import FIXED_NOW

NUMBER = re.compile(r"XF\d{4}-\d{6}")
DAYS = 1826
OTHER = "反映幸福路菜市场门口占道经营严重，早晚高峰车辆无法通行，请有关部门整治。"
PHOTO = IncomingAttachment("现场照片-甄测试.jpg", "image/jpeg", b"\xff\xd8canary-photo-bytes")
SHARED = IncomingAttachment("同一张图.jpg", "image/jpeg", b"\xff\xd8shared-bytes")


@pytest.fixture
async def bot(database_url: str, tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[BotHarness]:
    core = Core.open(database_url=database_url, data_dir=tmp_path / "data", secret_key="k",
                     fixed_now=FIXED_NOW, analyzer=analyzer)
    yield BotHarness(core)
    core.close()


async def file_case(bot: BotHarness, sender: str, text: str, **fields: Any) -> str:
    replies = await bot.say(text, sender=sender, **fields)
    found = NUMBER.search(" ".join(replies))
    assert found, replies
    await bot.say(canaries.NAME, sender=sender)  # the intake dialogue asks for a name
    bot.pop(sender)
    return found.group()


def close_long_ago(bot: BotHarness, number: str, days_ago: int) -> None:
    """Not accepted (a closing state), then dated back as if it happened ``days_ago``."""
    now = bot.core.clock.now()

    def work(session: Session) -> None:
        staff.act(session, number, "reject", actor="staff:王科长", now=now,
                  deadlines=bot.core.deadlines, units=bot.core.units, reason="不属于受理范围")
        case = session.exec(select(Case).where(Case.number == number)).one()
        case.updated_at = FIXED_NOW - timedelta(days=days_ago)
        session.add(case)

    bot.core.store.write_sync(work)


def case_of(session: Session, number: str) -> Case:
    return session.exec(select(Case).where(Case.number == number)).one()


def texts_of(session: Session, case: Case) -> list[str]:
    rows = session.exec(select(Message).where(Message.case_id == case.id))
    return [m.text + m.subject + m.sender_name + m.raw.decode("utf-8", "replace") for m in rows]


def purge_events(session: Session, case: Case) -> list[CaseEvent]:
    return list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                     CaseEvent.action == "purge")))


async def test_purge_deidentifies_old_closed_cases_and_keeps_statistics(bot: BotHarness) -> None:
    store = bot.core.store
    old = await file_case(bot, "mailto:" + canaries.EMAIL, canaries.petition(),
                          attachments=(PHOTO,))
    recent = await file_case(bot, "tel:+8613900000002", canaries.petition("最近的"))
    close_long_ago(bot, old, DAYS + 1)
    close_long_ago(bot, recent, DAYS - 1)
    photo = store.files.path_for(store.read_sync(lambda s: s.exec(select(Attachment)).one()).sha256)
    assert photo.exists()
    before = store.read_sync(lambda s: case_of(s, old).model_dump())

    report = retention.purge(store, FIXED_NOW, DAYS)

    assert (report.cases, report.files_deleted, report.petitioners) == (1, 1, 1)
    assert not photo.exists()

    def check(session: Session) -> None:
        case = case_of(session, old)
        assert not any(canaries.find(text) for text in texts_of(session, case))
        assert all(t == "" for t in texts_of(session, case))
        for field in ("category", "unit", "channel", "status", "received_at", "statutory_type",
                      "route_unit", "acceptance_due", "number"):
            assert getattr(case, field) == before[field], field
        petitioner = session.get(Petitioner, case.petitioner_id)
        assert petitioner is not None and petitioner.name == petitioner.contact == ""
        identity = session.get(Identity, case.identity_id)
        assert identity is not None and identity.urn == f"purged:{identity.id}"
        assert not session.exec(select(Identity).where(
            Identity.urn == "mailto:" + canaries.EMAIL)).first()
        for row in session.exec(select(Outbox).where(Outbox.case_id == case.id)):
            assert row.text == "" and row.recipient.startswith("purged:")
        attachment = session.exec(select(Attachment)).one()
        assert attachment.sha256 == "" and attachment.original_name == ""
        assert attachment.size == len(PHOTO.data)  # statistics keep the size
        [event] = purge_events(session, case)
        assert event.details == {"retention_days": DAYS, "messages": event.details["messages"],
                                 "attachments": 1}
        assert not canaries.find(str([e.details for e in session.exec(select(CaseEvent))]))
        # The case closed within the period is untouched.
        kept = case_of(session, recent)
        assert not purge_events(session, kept)
        assert any(canaries.BODY in t for t in texts_of(session, kept))

    store.read_sync(check)
    # Idempotent: a second run finds nothing and writes nothing.
    again = retention.purge(store, FIXED_NOW, DAYS)
    assert again.cases == again.files_deleted == 0
    assert len(store.read_sync(lambda s: purge_events(s, case_of(s, old)))) == 1


async def test_a_petitioner_with_a_case_still_held_keeps_identity_and_shared_files(
        bot: BotHarness) -> None:
    store = bot.core.store
    sender = "tel:" + canaries.PHONE
    old = await file_case(bot, sender, canaries.petition(), attachments=(SHARED,))
    close_long_ago(bot, old, DAYS + 30)
    await file_case(bot, "mailto:other@example.cn", OTHER, attachments=(SHARED,))
    digest = store.read_sync(lambda s: s.exec(select(Attachment)).first()).sha256  # type: ignore[union-attr]

    report = retention.purge(store, FIXED_NOW, DAYS)

    assert report.cases == 1 and report.files_deleted == 0 and report.petitioners == 1
    assert store.files.path_for(digest).exists()  # the other, open case still needs the bytes
    # The open case's sender is another petitioner; the old one's identity is gone.
    assert store.read_sync(lambda s: s.exec(select(Identity).where(
        Identity.urn == sender)).first()) is None


async def test_open_case_keeps_the_person(bot: BotHarness) -> None:
    store = bot.core.store
    sender = "tel:" + canaries.PHONE
    old = await file_case(bot, sender, canaries.petition())
    close_long_ago(bot, old, DAYS + 1)
    await bot.say("补充一下：" + OTHER + "另外还有新的问题需要反映，工地又开始夜间施工。", sender=sender)
    second = await file_case(bot, "tel:" + canaries.PHONE, OTHER + "这是另一件事情，请处理。")
    assert second != old

    retention.purge(store, FIXED_NOW, DAYS)

    def check(session: Session) -> None:
        assert purge_events(session, case_of(session, old))
        assert not purge_events(session, case_of(session, second))
        identity = session.exec(select(Identity).where(Identity.urn == sender)).one()
        petitioner = session.get(Petitioner, identity.petitioner_id)
        assert petitioner is not None and petitioner.name == canaries.NAME

    store.read_sync(check)


async def test_killed_purge_is_finished_by_the_next_run(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    store = bot.core.store
    numbers = [await file_case(bot, f"mailto:p{i}@example.cn", canaries.petition(str(i)),
                               attachments=(IncomingAttachment(f"{i}.jpg", "image/jpeg",
                                                               f"bytes-{i}".encode()),))
               for i in range(3)]
    for number in numbers:
        close_long_ago(bot, number, DAYS + 5)
    paths = [store.files.path_for(a.sha256)
             for a in store.read_sync(lambda s: list(s.exec(select(Attachment))))]

    # 1. Killed after the first case's commit, before its file is deleted.
    def boom(*_: object) -> bool:
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(retention, "remove_file", boom)
    with pytest.raises(KeyboardInterrupt):
        retention.purge(store, FIXED_NOW, DAYS)
    monkeypatch.undo()
    assert all(p.exists() for p in paths)
    assert store.read_sync(lambda s: len(retention.leftover_case_ids(s))) == 1

    # 2. Killed inside the second case's transaction: that case is rolled back whole.
    real = retention.deidentify_case
    calls = []

    def dies_in_transaction(session: Session, case: Case, *args: Any) -> retention.Report:
        calls.append(case.number)
        real(session, case, *args)
        raise KeyboardInterrupt("killed inside the transaction")

    monkeypatch.setattr(retention, "deidentify_case", dies_in_transaction)
    with pytest.raises(KeyboardInterrupt):
        retention.purge(store, FIXED_NOW, DAYS)
    monkeypatch.undo()
    assert store.read_sync(lambda s: purge_events(s, case_of(s, calls[0]))) == []
    assert store.read_sync(lambda s: any(canaries.BODY in t for t in texts_of(
        s, case_of(s, calls[0]))))

    # 3. The next run finishes everything, once.
    report = retention.purge(store, FIXED_NOW, DAYS)
    # (run 2 finished the first case's file before it died in the second case)
    assert report.cases == 2 and report.files_deleted == 2
    assert not any(p.exists() for p in paths)
    for number in numbers:
        assert len(store.read_sync(lambda s, n=number: purge_events(s, case_of(s, n)))) == 1
    assert store.read_sync(retention.leftover_case_ids) == []
    assert retention.purge(store, FIXED_NOW, DAYS).cases == 0


async def test_dry_run_counts_and_changes_nothing(bot: BotHarness) -> None:
    store = bot.core.store
    number = await file_case(bot, "mailto:" + canaries.EMAIL, canaries.petition())
    close_long_ago(bot, number, DAYS + 1)
    report = retention.purge(store, FIXED_NOW, DAYS, dry=True)
    assert report.dry_run and report.cases == 1 and report.messages >= 1
    assert store.read_sync(lambda s: purge_events(s, case_of(s, number))) == []


async def test_retention_job_runs_inside_serve_loop(bot: BotHarness) -> None:
    number = await file_case(bot, "mailto:" + canaries.EMAIL, canaries.petition())
    close_long_ago(bot, number, DAYS + 1)
    job = retention.RetentionJob(bot.core.store, bot.core.clock, DAYS)
    report = await job.run_once()
    assert report.cases == 1 and report.petitioners == 1
    assert (await job.run_once()).cases == 0


def test_retention_days_setting() -> None:
    from bot.settings import SettingsError, load_settings

    assert load_settings({}).retention_days == retention.DEFAULT_DAYS == 1826
    assert load_settings({"XINFANG_RETENTION_DAYS": "3653"}).retention_days == 3653
    with pytest.raises(SettingsError, match="XINFANG_RETENTION_DAYS"):
        load_settings({"XINFANG_RETENTION_DAYS": "0"})


async def test_purge_clears_the_text_kept_with_a_category_verdict(bot: BotHarness) -> None:
    from bot import corrections
    from storage import CategoryCorrection

    store = bot.core.store
    old = await file_case(bot, "mailto:" + canaries.EMAIL, canaries.petition())
    recent = await file_case(bot, "tel:+8613900000002", canaries.petition("最近的"))
    known = bot.core.intake.conversation.routing.units

    def judge(session: Session) -> None:
        for number in (old, recent):
            corrections.set_category(session, case_of(session, number), "城乡建设",
                                     actor="staff:王科长", source="console", now=FIXED_NOW,
                                     known=known)

    store.write_sync(judge)
    close_long_ago(bot, old, DAYS + 1)
    close_long_ago(bot, recent, DAYS - 1)
    retention.purge(store, FIXED_NOW, DAYS)

    def verdicts(session: Session) -> dict[str, CategoryCorrection]:
        return {number: session.exec(select(CategoryCorrection).where(
            CategoryCorrection.case_id == case_of(session, number).id)).one()
            for number in (old, recent)}

    rows = store.read_sync(verdicts)
    assert rows[old].text == "" and rows[old].category == "城乡建设"
    assert canaries.BODY in rows[recent].text
    # Retraining skips what was purged.
    assert [text for _, text in store.read_sync(corrections.examples)] == [rows[recent].text]
