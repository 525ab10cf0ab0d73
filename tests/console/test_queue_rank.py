"""The stored queue rank gives exactly the order the queue computed per page before it
(issue 21), on a varied store, after the ranks' inputs change, and across keyset pages."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy import case as when
from sqlmodel import Session, col, select

from bot import access, cases, queue_rank, staff
from bot.api.accounts import Principal
from bot.console import records
from bot.firewall import UnitTree
from storage import Case, CaseEvent, Identity, Petitioner, Store
from tests.conftest import FIXED_NOW

ADMIN = Principal(user_id=1, name="admin", role="admin", unit="")
HANDLER = Principal(user_id=2, name="unit", role="handler", unit="市公安局")
STATUSES = ("registered", "accepted", "assigned", "answered", "review_requested",
            "rereview_requested", "closed", "final")
UNITS = ("", "市公安局", "北京市公安局", "区住建局", "市纪委监委")


def computed_order(session: Session, principal: Principal, units: UnitTree) -> list[str]:
    """The queue as main computed it on every page (the reference: a CASE ranking over the
    audit trail), every case of it."""
    instructed = col(Case.id).in_(select(CaseEvent.case_id).where(
        CaseEvent.action == records.INSTRUCT))
    open_case = col(Case.status).in_(list(cases.OPEN_STATUSES))
    scope = access.scope(session, principal, units)
    wanted = and_(open_case, scope) if scope is not None else or_(
        col(Case.status) == "registered",
        and_(col(Case.status) == "accepted", col(Case.unit) == ""),
        and_(open_case, col(Case.needs_human)), and_(open_case, instructed))
    for_person = or_(col(Case.needs_human), col(Case.route_level) == "triage")
    return list(session.exec(
        select(Case.number).where(wanted)
        .order_by(when((instructed, 0), else_=1), when((col(Case.emergency), 0), else_=1),
                  when((for_person, 0), else_=1), col(Case.received_at), col(Case.id))))


def paged(session: Session, principal: Principal, units: UnitTree, size: int) -> list[str]:
    numbers: list[str] = []
    after = None
    while True:
        page = records.queue_page(session, principal, units, after=after, limit=size)
        numbers += [case.number for case, _ in page.rows]
        assert all(flag == case.instructed for case, flag in page.rows)
        if page.next is None:
            return numbers
        after = records.QueueCursor.parse(str(page.next))  # through its link form
        assert after == page.next


def fill(store: Store, count: int, chooser: random.Random) -> None:
    def work(session: Session) -> None:
        person = Petitioner(name="", created_at=FIXED_NOW)
        session.add(person)
        session.flush()
        identity = Identity(urn="tel:+8613800007777", channel="sms",
                            petitioner_id=person.id or 0, created_at=FIXED_NOW)
        session.add(identity)
        session.flush()
        for serial in range(1, count + 1):
            # Equal arrival times on purpose: the id must break ties the same way.
            at = FIXED_NOW - timedelta(minutes=chooser.randint(0, count // 3))
            case = Case(number=f"XF2026-{serial:06d}", code_hash="-",
                        petitioner_id=person.id or 0, identity_id=identity.id or 0,
                        channel="sms", status=chooser.choice(STATUSES),
                        unit=chooser.choice(UNITS), needs_human=chooser.random() < 0.2,
                        emergency=chooser.random() < 0.15,
                        route_level=chooser.choice(("", "city", "triage")),
                        accused_units=["市公安局"] if chooser.random() < 0.05 else [],
                        received_at=at, created_at=at, updated_at=at, route_reasons=[],
                        hearing_pauses=[])
            session.add(case)
            session.flush()
            if chooser.random() < 0.1:
                records.instruct(session, case, "请尽快办理", actor="staff:lead", now=FIXED_NOW) \
                    if case.status in cases.OPEN_STATUSES else None

    store.write_sync(work)


def change_inputs(store: Store, chooser: random.Random) -> None:
    """Move a third of the cases on: every input of the rank changes on some of them."""
    def work(session: Session) -> None:
        for case in session.exec(select(Case)).all():
            if chooser.random() < 0.33:
                field = chooser.choice(("status", "unit", "needs_human", "emergency",
                                        "route_level", "instruct"))
                if field == "status":
                    case.status = chooser.choice(STATUSES)
                elif field == "unit":
                    case.unit = chooser.choice(UNITS)
                elif field == "route_level":
                    case.route_level = chooser.choice(("", "city", "triage"))
                elif field == "instruct":
                    if case.status in cases.OPEN_STATUSES:
                        records.instruct(session, case, "批示", actor="staff:lead", now=FIXED_NOW)
                else:
                    setattr(case, field, not getattr(case, field))
                session.add(case)

    store.write_sync(work)


def test_the_stored_rank_orders_the_queue_as_the_computed_one(database_url: str,
                                                              tmp_path: Path) -> None:
    store = Store.open(database_url, tmp_path)
    units = UnitTree.load()
    chooser = random.Random(21)
    try:
        fill(store, 400, chooser)
        for _round in range(2):
            for principal in (ADMIN, HANDLER):
                def check(session: Session, principal: Principal = principal) -> None:
                    expected = computed_order(session, principal, units)
                    assert len(expected) > 40  # the store is varied enough to mean something
                    first = records.queue(session, principal, units)
                    assert [case.number for case, _ in first] == expected[:200]
                    for size in (7, 50):
                        assert paged(session, principal, units, size) == expected

                store.read_sync(check)
            change_inputs(store, chooser)
    finally:
        store.close()


def test_a_case_outside_the_queues_has_no_rank() -> None:
    assert queue_rank.ranks({"status": "closed", "instructed": True, "emergency": True}) == (
        None, None)
    # Assigned to a unit, nothing flagged: in the unit's queue, not the bureau's triage.
    assert queue_rank.ranks({"status": "assigned", "unit": "市公安局"}) == (7, None)
    assert queue_rank.ranks({"status": "registered", "instructed": True, "emergency": True,
                             "needs_human": True}) == (0, 0)


def test_a_cursor_this_module_did_not_write_is_refused() -> None:
    for text in ("", "9.12", "a.1", "3", "3.", "-1.4", "1.2.3"):
        assert records.QueueCursor.parse(text) is None
    assert records.QueueCursor.parse("3.1200") == records.QueueCursor(3, 1200)


async def test_every_path_that_writes_cases_keeps_their_ranks(database_url: str, tmp_path: Path,
                                                             analyzer: Any) -> None:
    """Cases registered by the real intake (whatever statements it uses) and moved by staff
    carry the ranks ``queue_rank`` gives their columns: a writer that skipped them would
    hide its cases from every queue."""
    from tests.bot.harness import BotHarness, open_core

    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    try:
        harness = BotHarness(core)
        texts = ("小区旁边的工地每天夜里施工到凌晨，噪音很大，请求查处。",
                 "楼道里着火了，浓烟很大，快来人！",
                 "我实名举报区住建局的干部收受开发商的好处费。")
        for n, said in enumerate(texts):
            await harness.push(said, sender=f"tel:+86138000055{n:02d}")
        numbers = core.store.read_sync(lambda s: [c.number for c in s.exec(select(Case))])
        assert len(numbers) >= 2
        core.store.write_sync(lambda s: staff.act(
            s, numbers[0], "accept", actor="staff:t", now=FIXED_NOW, deadlines=core.deadlines,
            units=core.units))

        def check(session: Session) -> None:
            for case in session.exec(select(Case)):
                assert (case.queue_rank, case.triage_rank) == queue_rank.ranks(case), case.number
                assert case.triage_rank is not None  # new or accepted without a unit

        core.store.read_sync(check)
    finally:
        core.close()
