"""Delivery reports are never lost: one that arrives before the outbox worker recorded the
provider id (the worker records a whole claim at once, after every send returned) is held and
applied when the id is recorded; duplicates collapse; one no row ever claims is purged by the
retention round. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlmodel import Session, select
from starlette.routing import BaseRoute

from bot.arrivals import StampedIntake
from bot.clock import Clock
from bot.core import Core
from bot.outbox import HELD_REPORT_DAYS, OutboxWorker, apply_held_reports, record_report
from bot.retention import RetentionJob
from channels.base import Delivery, Intake, OutboundMessage
from nlp import Analyzer
from storage import DeliveryReport, Outbox, Store
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW


@pytest.fixture
async def core(database_url: str, tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[Core]:
    opened = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    yield opened
    opened.close()


@dataclass
class ReportingChannel:
    """An SMS provider faster than our commit: inside ``send`` it reports on the id it is
    about to return, through the channel's intake, and records what the store held then."""

    intake: Intake
    store: Store
    reports: Sequence[str] = ("delivered",)
    #: Per send: (the row's provider_id when the reports came, held reports for the id).
    seen: list[tuple[str, int]] = field(default_factory=list)

    name: str = "sms"

    def routes(self) -> Sequence[BaseRoute]:
        return ()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, message: OutboundMessage) -> Delivery:
        provider_id = f"SM{message.outbox_id:032d}"
        for status in self.reports:
            await self.intake.record_delivery("sms", provider_id, status)
        row = await self.store.read(lambda s: s.get(Outbox, message.outbox_id))
        assert row is not None
        self.seen.append((row.provider_id, held(self.store, provider_id)))
        return Delivery(provider_id=provider_id, status="queued")

    def describe(self) -> str:
        return "reporting sms"


def queue(store: Store) -> int:
    def add(session: Session) -> int:
        row = Outbox(channel="sms", recipient="tel:+8613800000000", text="您的事项已受理。",
                     next_attempt_at=FIXED_NOW, created_at=FIXED_NOW)
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id

    return store.write_sync(add)


def held(store: Store, provider_id: str | None = None) -> int:
    def count(session: Session) -> int:
        statement = select(func.count()).select_from(DeliveryReport)
        if provider_id is not None:
            statement = statement.where(DeliveryReport.provider_id == provider_id)
        return int(session.exec(statement).one())

    return store.read_sync(count)


def row_of(store: Store, row_id: int) -> Outbox:
    found = store.read_sync(lambda s: s.get(Outbox, row_id))
    assert found is not None
    return found


def worker_for(core: Core, channel: ReportingChannel) -> OutboxWorker:
    return OutboxWorker(core.store, {"sms": channel}, core.clock, hasher=core.hasher)


async def test_a_report_that_beats_the_record_ends_on_the_row(core: Core) -> None:
    first, second = queue(core.store), queue(core.store)
    channel = ReportingChannel(StampedIntake(core.intake, core.clock), core.store)
    await worker_for(core, channel).send_due()

    # The reports really came while no row named the id: each was held, not dropped.
    assert channel.seen == [("", 1), ("", 1)]
    for row_id in (first, second):
        row = row_of(core.store, row_id)
        assert (row.status, row.provider_id) == ("sent", f"SM{row_id:032d}")
        assert row.delivery_status == "delivered"  # the provider's later word, not "queued"
        assert row.delivered_at is not None
    assert held(core.store) == 0


async def test_held_reports_apply_in_arrival_order_and_duplicates_collapse(core: Core) -> None:
    row_id = queue(core.store)
    channel = ReportingChannel(core.intake, core.store,
                               reports=("sent", "delivered", "delivered", "sent"))
    await worker_for(core, channel).send_due()

    assert channel.seen == [("", 2)]  # four reports, two distinct: one held row each
    assert row_of(core.store, row_id).delivery_status == "delivered"
    assert held(core.store) == 0


async def test_a_report_for_a_recorded_id_goes_straight_onto_the_row(core: Core) -> None:
    row_id = queue(core.store)
    await worker_for(core, ReportingChannel(core.intake, core.store, reports=())).send_due()
    await core.intake.record_delivery("sms", f"SM{row_id:032d}", "undelivered")

    assert row_of(core.store, row_id).delivery_status == "undelivered"
    assert held(core.store) == 0


async def test_a_report_no_row_claims_is_purged_after_the_window(core: Core) -> None:
    await core.intake.record_delivery("sms", "SMnobody", "delivered")
    await core.intake.record_delivery("sms", "SMnobody", "delivered")
    assert held(core.store) == 1

    clock = Clock(FIXED_NOW + timedelta(days=HELD_REPORT_DAYS) - timedelta(minutes=1))
    job = RetentionJob(core.store, clock, days=1826)
    await job.run_once()
    assert held(core.store) == 1  # inside the window: its row may still come

    clock.advance(timedelta(minutes=2))
    await job.run_once()
    assert held(core.store) == 0


def mark_sending(store: Store, row_id: int) -> None:
    """As the worker's claim leaves the row: sending, no provider id yet."""
    def claim(session: Session) -> None:
        row = session.get(Outbox, row_id)
        assert row is not None
        row.status = "sending"
        session.add(row)

    store.write_sync(claim)


def record(session: Session, row_id: int, provider_id: str) -> None:
    """What ``OutboxWorker._record_sent`` does for one row, without the commit."""
    row = session.get(Outbox, row_id)
    assert row is not None
    row.status, row.provider_id = "sent", provider_id
    session.add(row)
    apply_held_reports(session, [row])


def backend_pid(session: Session) -> int:
    return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


#: How long the waiting side may take to block (seconds): far more than it needs.
BLOCK_BOUND = 30.0


def wait_until_blocked_by(store: Store, pid: int, done: threading.Event) -> None:
    """Until some backend waits on a lock ``pid`` holds (or the other side already ended);
    bounded. Each look is its own transaction: PostgreSQL keeps a transaction's first view of
    pg_stat_activity, so one transaction polling would never see a backend that connected or
    blocked after its first look (the test then waited for ever)."""
    deadline = time.monotonic() + BLOCK_BOUND
    with store.engine.connect() as connection:
        while not done.is_set():
            blocked = connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE :pid = ANY(pg_blocking_pids(pid))"), {"pid": pid}).scalar()
            connection.rollback()
            if blocked:
                return
            assert time.monotonic() < deadline, "the report never waited for the record"
            done.wait(0.01)


async def test_postgres_a_report_waits_for_a_record_in_flight(core: Core) -> None:
    """The race SQLite's single writer rules out: the worker's record is uncommitted when the
    report comes. The report waits for it and lands on the row (else it would be held, and
    the row never hear of it)."""
    if core.store.is_sqlite:
        pytest.skip("SQLite has one writer: a report and a record never overlap")
    row_id = queue(core.store)
    mark_sending(core.store, row_id)
    done = threading.Event()

    def report() -> None:
        core.store.write_sync(lambda s: record_report(s, "sms", "SMrace", "delivered", FIXED_NOW))
        done.set()

    with Session(core.store.engine) as recording:
        record(recording, row_id, "SMrace")
        thread = threading.Thread(target=report)
        thread.start()
        await asyncio.to_thread(wait_until_blocked_by, core.store, backend_pid(recording), done)
        assert not done.is_set()  # it waits for the record, rather than holding the report
        recording.commit()
    thread.join()

    assert row_of(core.store, row_id).delivery_status == "delivered"
    assert held(core.store) == 0


async def test_postgres_a_record_waits_for_a_report_in_flight(core: Core) -> None:
    """The other order: the report, about to hold itself, is uncommitted when the worker
    records the id. The record waits for it and applies the held report."""
    if core.store.is_sqlite:
        pytest.skip("SQLite has one writer: a report and a record never overlap")
    row_id = queue(core.store)
    mark_sending(core.store, row_id)
    done = threading.Event()

    def recorder() -> None:
        core.store.write_sync(lambda s: record(s, row_id, "SMrace"))
        done.set()

    with Session(core.store.engine) as reporting:
        record_report(reporting, "sms", "SMrace", "delivered", FIXED_NOW)
        thread = threading.Thread(target=recorder)
        thread.start()
        await asyncio.to_thread(wait_until_blocked_by, core.store, backend_pid(reporting), done)
        assert not done.is_set()
        reporting.commit()
    thread.join()

    assert row_of(core.store, row_id).delivery_status == "delivered"
    assert held(core.store) == 0
