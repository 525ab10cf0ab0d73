"""Every list page is answered from an index: no full scan of a large table (issue 21).

The real list functions run (``cases list``, ``GET /api/cases``, the console queue and its
keyset pages, the status lookup, the flagged messages) while every SQL statement they send is recorded; each recorded SELECT is then explained
with the same parameters. SQLite: ``EXPLAIN QUERY PLAN`` may ``SCAN`` a large table only as the
outer loop of a query whose order the scan already gives and that stops at a ``LIMIT`` (the
keyset walk); any other scan — a nested one, or one feeding a sort — fails. PostgreSQL: with
sequential scans priced out (``enable_seqscan = off``) no ``Seq Scan`` on a large table may
remain, i.e. an index path exists. Row counts (``SELECT count``) are outside this proof except
the API list's: it counts a subquery that stops at a ``LIMIT`` (``TOTAL_LIMIT + 1`` rows), which
may walk a large table as that subquery's outer loop, never beyond. The console queue and the
API list pages must also come out of their index in order (no sort of their candidates: issue
21's stored rank; a unit's aliases walked one by one), on both.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from bot import access, lookup, staff
from bot.api.accounts import Principal
from bot.api.queries import TOTAL_LIMIT, CaseFilter, search
from bot.console import records
from nlp import Analyzer
from tests.bot.harness import BotHarness, open_core
from tests.conftest import FIXED_NOW

LARGE = ("case", "caseevent", "message", "outbox", "identity", "petitioner", "attachment",
         "casematter", "matterkey")
COMPLAINT = "小区旁边的工厂每天夜里排放刺鼻废气，噪音很大，我们多次反映没有结果，请求环保部门查处。"
ADMIN = Principal(user_id=1, name="admin", role="admin", unit="")
#: What ``GET /api/cases`` asks by default: a count that stops after TOTAL_LIMIT + 1 rows.
BOUNDED = CaseFilter(count_limit=TOTAL_LIMIT)
HANDLER = Principal(user_id=2, name="unit", role="handler", unit="市公安局")


@pytest.fixture
async def bot(database_url: str, tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[BotHarness]:
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    try:
        for n in range(3):
            await BotHarness(core).push(f"{COMPLAINT}{n}", sender=f"tel:+86138000002{n:02d}")
        yield BotHarness(core)
    finally:
        core.close()


#: The API list's bounded count: ``count(*)`` over a subquery that stops at its ``LIMIT``.
_PARAMETER = r"(?:\?|%\(\w+\)s)"  # SQLite's and psycopg's
BOUNDED_COUNT = re.compile(rf"SELECT count\(\*\) AS \w+\s+FROM \(SELECT .+\sLIMIT {_PARAMETER}"
                           rf"(?: OFFSET {_PARAMETER})?\) AS \w+", re.DOTALL | re.IGNORECASE)


@contextmanager
def recorded(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(connection: Connection, cursor: Any, statement: str, parameters: Any,
               context: Any, executemany: bool) -> None:
        counting = "count(" in statement and BOUNDED_COUNT.fullmatch(statement.strip()) is None
        if statement.lstrip().upper().startswith("SELECT") and not counting:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def sqlite_full_scans(connection: Connection, statement: str, parameters: Any) -> list[str]:
    plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    sorted_by_temp_tree = any("TEMP B-TREE FOR ORDER BY" in row[3] for row in plan)
    limited = re.search(r"\bLIMIT\b", statement, re.IGNORECASE) is not None
    # The bounded count's subquery runs as a co-routine: its outer loop stops at its LIMIT.
    bounded = {node for node, parent, _unused, detail in plan
               if parent == 0 and detail.startswith("CO-ROUTINE")
               } if BOUNDED_COUNT.fullmatch(statement.strip()) else set()
    bad = []
    for _node, parent, _unused, detail in plan:
        scanned = re.match(r"SCAN (\w+)", detail)
        if scanned is None or scanned.group(1) not in LARGE:
            continue
        keyset_walk = (parent == 0 or parent in bounded) and limited and not sorted_by_temp_tree
        if not keyset_walk:
            bad.append(detail)
    return bad


def postgres_full_scans(connection: Connection, statement: str, parameters: Any) -> list[str]:
    connection.exec_driver_sql("SET enable_seqscan = off")
    plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars().all()
    return [line for line in plan
            if (found := re.search(r"Seq Scan on (\w+)", line)) and found.group(1) in LARGE]


def full_scans(engine: Engine, work: Callable[[Session], object]) -> dict[str, list[str]]:
    with recorded(engine) as seen, Session(engine) as session:
        work(session)
    assert seen, "the work sent no SELECT: nothing was proven"
    found: dict[str, list[str]] = {}
    explain = sqlite_full_scans if engine.dialect.name == "sqlite" else postgres_full_scans
    with engine.connect() as connection:
        for statement, parameters in seen:
            bad = explain(connection, statement, parameters)
            if bad:
                found[" ".join(statement.split())[:300]] = bad
    return found


def first_number(session: Session) -> str:
    return str(session.execute(text('SELECT number FROM "case" ORDER BY id LIMIT 1')).scalar_one())


LIST_PAGES: dict[str, Callable[[Session, Any], object]] = {
    "cases list": lambda s, core: staff.list_cases(s),
    "cases list --status": lambda s, core: staff.list_cases(s, "registered", 20),
    "cases list --after": lambda s, core: staff.list_cases(s, "", 20, first_number(s)),
    "api list": lambda s, core: search(s, ADMIN, BOUNDED, core.units),
    "api list status after": lambda s, core: search(s, ADMIN, replace(
        BOUNDED, status="registered", after=first_number(s)), core.units),
    "api list of a unit": lambda s, core: search(s, HANDLER, BOUNDED, core.units),
    "api list of a unit, next page": lambda s, core: search(
        s, HANDLER, replace(BOUNDED, status="closed", after=first_number(s)), core.units),
    "api list, a unit's cases by its aliases": lambda s, core: search(
        s, ADMIN, replace(BOUNDED, unit="市公安局"), core.units),
    "console queue": lambda s, core: records.queue(s, ADMIN, core.units),
    "status lookup by number": lambda s, core: lookup.by_number(s, first_number(s)),
    "status lookup of a petitioner": lambda s, core: lookup.cases_of(s, 1),
    "console queue of a unit": lambda s, core: records.queue(s, HANDLER, core.units),
    "console queue, next page": lambda s, core: records.queue_page(
        s, ADMIN, core.units, after=records.QueueCursor(7, 1), limit=1),
    "console queue of a unit, next page": lambda s, core: records.queue_page(
        s, HANDLER, core.units, after=records.QueueCursor(0, 1), limit=1),
    "flagged messages": lambda s, core: staff.flagged_messages(s, 51),
    "flagged messages, next page": lambda s, core: staff.flagged_messages(s, 51, after=2),
}

#: Pages that must come out of their index in order: a sort of every candidate (SQLite's
#: temp B-tree, PostgreSQL's Sort node) is what made the queue rank all new cases per page.
WALKED_IN_ORDER = ("console queue", "console queue of a unit", "console queue, next page",
                   "console queue of a unit, next page", "api list", "api list status after",
                   "api list of a unit", "api list of a unit, next page",
                   "api list, a unit's cases by its aliases")


@pytest.mark.parametrize("page", sorted(LIST_PAGES))
async def test_a_list_page_scans_no_large_table(bot: BotHarness, page: str) -> None:
    core = bot.core
    assert full_scans(core.store.engine, lambda s: LIST_PAGES[page](s, core)) == {}


async def test_a_units_barred_cases_are_read_from_their_partial_index(bot: BotHarness) -> None:
    # Each list page of a unit's handler first reads the unit's cases that name an accused
    # unit (``bot.access.barred``): from ``ix_case_unit_accused``, not from every case of the
    # unit. On PostgreSQL also in a generic plan, as a prepared statement gets after 5 runs.
    engine = bot.core.store.engine
    with recorded(engine) as seen, Session(engine) as session:
        access.barred(session, HANDLER, bot.core.units)
    (statement, parameters), = seen
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            plan = " ".join(row[3] for row in connection.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement}", parameters).all())
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            connection.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
            plan = " ".join(connection.exec_driver_sql(
                f"EXPLAIN {statement}", parameters).scalars().all())
    assert "ix_case_unit_accused" in plan, plan


@pytest.mark.parametrize("after", [0, 2])
async def test_the_flagged_messages_are_read_from_their_partial_index(bot: BotHarness,
                                                                       after: int) -> None:
    # The console's and the API's list of messages flagged for a person that no case holds:
    # from ``ix_message_flagged`` (0015), not by walking every case-less message on
    # ``ix_message_case_id`` (a SEARCH, which the scan check above lets pass: 0.55 s a page
    # at a million messages). On PostgreSQL also in a generic plan.
    engine = bot.core.store.engine
    with recorded(engine) as seen, Session(engine) as session:
        staff.flagged_messages(session, 51, after)
    (statement, parameters), = seen
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            plan = " ".join(row[3] for row in connection.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement}", parameters).all())
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            connection.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
            plan = " ".join(connection.exec_driver_sql(
                f"EXPLAIN {statement}", parameters).scalars().all())
    assert "ix_message_flagged" in plan, plan


def sorts(engine: Engine, work: Callable[[Session], object]) -> list[str]:
    """The recorded statements on ``case`` whose plan sorts the rows instead of walking an
    index in the page's order."""
    with recorded(engine) as seen, Session(engine) as session:
        work(session)
    found = []
    with engine.connect() as connection:
        for statement, parameters in seen:
            if "ORDER BY" not in statement.upper() or 'FROM "case"' not in statement:
                continue
            if engine.dialect.name == "sqlite":
                plan = [row[3] for row in connection.exec_driver_sql(
                    f"EXPLAIN QUERY PLAN {statement}", parameters).all()]
                bad = [line for line in plan if "TEMP B-TREE FOR ORDER BY" in line]
            else:
                # On a test-sized table a sort is cheapest; priced out, a Sort that remains
                # means no index gives the order (as enable_seqscan for the scans above).
                connection.exec_driver_sql("SET enable_seqscan = off")
                connection.exec_driver_sql("SET enable_sort = off")
                plan = list(connection.exec_driver_sql(f"EXPLAIN {statement}",
                                                       parameters).scalars().all())
                # A Sort node (or an Incremental Sort); not the "Sort Key" of a Merge
                # Append, which merges inputs already in order (a unit's aliases).
                bad = [line for line in plan if re.search(r"\bSort\b(?! Key)", line)]
            if bad:
                found.append(" ".join(statement.split())[:200] + " → " + "; ".join(bad))
    return found


@pytest.mark.parametrize("page", WALKED_IN_ORDER)
async def test_a_list_page_walks_its_index_in_order(bot: BotHarness, page: str) -> None:
    core = bot.core
    assert sorts(core.store.engine, lambda s: LIST_PAGES[page](s, core)) == []


async def test_the_order_check_fails_on_a_sort(bot: BotHarness) -> None:
    # The proof can fail: nothing indexes cases by category.
    found = sorts(bot.core.store.engine, lambda s: s.execute(text(
        'SELECT id FROM "case" WHERE status = \'registered\' ORDER BY category LIMIT 5')).all())
    assert found


async def test_the_order_check_fails_on_a_unit_and_its_aliases_in_one_walk(
        bot: BotHarness) -> None:
    # What the API list of a unit sent before its aliases were walked one by one. With sorts
    # priced out PostgreSQL walks the primary key backwards instead, filtering: no Sort node
    # to find there, so this proof of the proof is SQLite's.
    if bot.core.store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plan: PostgreSQL has a sort-free path for this query")
    found = sorts(bot.core.store.engine, lambda s: s.execute(text(
        'SELECT id FROM "case" WHERE unit IN (\'北京市公安局\', \'市公安局\') '
        "ORDER BY id DESC LIMIT 20")).all())
    assert found


async def test_the_scan_check_fails_on_a_count_whose_limit_comes_after_a_sort(
        bot: BotHarness) -> None:
    # The proof can fail: a bounded count is bounded only if its subquery stops at the LIMIT;
    # one that sorts every case first (no index by category) reads them all. SQLite's plan
    # shows the scan; PostgreSQL's proof is only that an index path exists.
    if bot.core.store.engine.dialect.name != "sqlite":
        pytest.skip("the bounded count's proof reads SQLite's plan")
    found = full_scans(bot.core.store.engine, lambda s: s.execute(text(
        'SELECT count(*) AS n FROM (SELECT id FROM "case" WHERE received_at > :since '
        "ORDER BY category LIMIT :cap) AS anon_1"), {"since": "2000-01-01", "cap": 5}).all())
    assert found


async def test_the_check_fails_on_a_full_scan(bot: BotHarness) -> None:
    # The proof can fail: the audit trail by actor has no index.
    found = full_scans(bot.core.store.engine, lambda s: s.execute(
        text("SELECT case_id FROM caseevent WHERE actor = 'bot' ORDER BY at LIMIT 5")).all())
    assert found
