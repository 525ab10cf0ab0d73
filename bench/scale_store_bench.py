"""Look-ups and list pages on a large store: status, ``cases list``, the API list, the queue.

The store (SQLite, built by the project's own migrations) is filled once with ``--cases N``
cases — each with its petitioner, identity, inbound message, acknowledgement and four audit
events, a mix of statuses and units, one in fifty instructed (批示), one in 500 naming an
accused unit, some emergencies and some routed to triage, with their stored queue ranks — by bulk Core inserts (executemany), and
cached under the data dir (``XINFANG_DATA_DIR``, default ``./var``) in a file named by the
schema's migration head and N: a new migration builds a new store, a rerun reuses it.

Each figure is the server-side time of the real function on a fresh session, repeated on
random cases: the status fast path (``bot.lookup``) against the ORM path it replaces
(``bot.cases.find_case`` / ``cases_of``) measured in the same run; the first and a deep page of
``cases list`` by keyset against the same deep page by offset; ``GET /api/cases``'s query (with
its count bounded at ``TOTAL_LIMIT``, against the exact count in the same run; and a unit
handler's page) and the console queue, against the issue's 100 ms budget. The status figure is
server time: wall time less the time the thread waited for a CPU other processes held (see
:func:`timed`), with the wall and CPU figures beside it. Then, on a copy of the
store, 200 new petitions from new senders are stored and decided by the real processor: the
rate, and CPU ms per message, against the classifier's own rate on the same texts.

Run alone: ``python -m bench.scale_store_bench --cases 100000``; in ``python run.py bench`` the
size comes from ``XINFANG_BENCH_CASES`` (default 100,000).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from bot import cases, lookup, queue_rank, staff
from bot.api.accounts import Principal
from bot.api.queries import TOTAL_LIMIT, CaseFilter, search
from bot.codes import case_number
from bot.console import records
from bot.firewall import UnitTree
from storage import Case, CaseEvent, Identity, Message, Outbox, Petitioner, Store
from storage.migrate import current_revision

DEFAULT_CASES = 100_000
CHUNK = 20_000
STATUSES = ("registered", "accepted", "assigned", "answered", "closed", "closed", "closed")
UNITS = ("", "市公安局", "区住建局", "市信访局", "市交通委")
ADMIN = Principal(user_id=1, name="bench", role="admin", unit="")
#: A unit's handler: its list pages are scoped to the unit and its aliases (``bot.access``).
HANDLER = Principal(user_id=2, name="bench-unit", role="handler", unit="市公安局")
ACCUSED_EVERY = 500
START = datetime(2026, 1, 1, tzinfo=UTC)


def store_path(data_dir: Path, cases_wanted: int, head: str) -> Path:
    return data_dir / "bench" / f"scale-store-{head}-{cases_wanted}.sqlite3"


def build(store: Store, count: int) -> None:
    """``count`` cases with their rows, in chunks of one transaction each, with a progress bar.

    A larger page cache while building: the nine indexes on ``case`` and the others are
    updated in place, and at a million cases their pages no longer fit SQLite's default 2 MB
    (the build then spends its time re-reading them)."""
    from tqdm import tqdm

    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA cache_size = -262144")  # 256 MB, this build only
    with tqdm(total=count, unit="case", desc="scale store", mininterval=5) as progress:
        for first in range(1, count + 1, CHUNK):
            serials = range(first, min(first + CHUNK, count + 1))

            def fill(session: Session, serials: range = serials) -> None:
                session.connection().exec_driver_sql("PRAGMA cache_size = -262144")
                _fill(session, serials)

            store.write_sync(fill)
            progress.update(len(serials))


def _fill(session: Session, serials: range) -> None:
    petitioners, identities, case_rows, messages, outbox, events = [], [], [], [], [], []
    for n in serials:
        at = START + timedelta(minutes=n)
        status = STATUSES[n % len(STATUSES)]
        petitioners.append({"id": n, "name": "", "contact": "", "locale": "zh", "created_at": at})
        identities.append({"id": n, "urn": f"tel:+86139{n:08d}", "channel": "sms",
                           "petitioner_id": n, "display_name": "", "opted_out": False,
                           "blocked": False, "created_at": at})
        case_rows.append(queue_rank.fill({
            "id": n, "number": case_number(2026, n), "code_hash": f"{n:064x}", "petitioner_id": n,
            "identity_id": n, "channel": "sms", "status": status, "subject": "",
            "category": "城乡建设", "category_confidence": 0.9,
            "unit": UNITS[n % len(UNITS)] if status != "registered" else "",
            "needs_human": n % 97 == 0, "emergency": n % 211 == 0,
            # One in 500 names an accused unit: a unit's handler is barred from those of its
            # own unit (``bot.access.barred``, read on each of its list pages).
            "accused_units": [UNITS[n // ACCUSED_EVERY % 4 + 1]] if n % ACCUSED_EVERY == 0 else [],
            "route_level": "triage" if n % 13 == 0 else "city", "instructed": n % 50 == 0,
            "received_at": at, "created_at": at, "updated_at": at,
            "acceptance_due": (at + timedelta(days=15)).date(),
            "route_reasons": [], "hearing_pauses": []}))
        messages.append({"id": n, "direction": "in", "channel": "sms", "external_id": f"SM{n}",
                         "content_hash": "", "sender": f"tel:+86139{n:08d}", "sender_name": "",
                         "subject": "", "text": "小区旁边的工地夜里施工，噪音很大，请求查处。",
                         "raw": b"", "meta": {}, "references": [], "auto_generated": False,
                         "needs_human": False, "received_at": at, "processed_at": at,
                         "case_id": n})
        outbox.append({"channel": "sms", "recipient": f"tel:+86139{n:08d}",
                       "text": "您的信访事项已登记……", "subject": "", "case_id": n,
                       "message_id": n, "in_reply_to": "", "payload": {}, "status": "sent",
                       "attempts": 1, "next_attempt_at": at, "last_error": "",
                       "provider_id": f"SMout{n}", "delivery_status": "delivered",
                       "created_at": at, "sent_at": at})
        for action in ("register", "route_proposed", "accept", "assign"):
            events.append({"case_id": n, "actor": "bot", "action": action, "at": at,
                           "details": {}})
        if n % 50 == 0:
            events.append({"case_id": n, "actor": "staff:lead", "action": records.INSTRUCT,
                           "at": at, "details": {"text": "请尽快办理"}})
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    for model, rows in ((Petitioner, petitioners), (Identity, identities), (Case, case_rows),
                        (Message, messages), (Outbox, outbox), (CaseEvent, events)):
        sql, values = _driver_rows(model, rows, session.get_bind().dialect)
        cursor.executemany(sql, values)
    # The next case the bot opens on this store follows on from the filled ones.
    session.execute(text("UPDATE casecounter SET value = :last WHERE id = 1"),
                    {"last": serials.stop - 1})


def _driver_rows(model: Any, rows: list[dict[str, Any]], dialect: Any,
                 ) -> tuple[str, list[tuple[Any, ...]]]:
    """One ``INSERT`` for the driver's ``executemany`` and its rows as tuples, each value
    converted by its column type's own bind processor (what SQLAlchemy itself would store)
    and a missing one given the column's scalar default. Through the ORM's bulk insert the
    build spent 88 % of its time in SQLAlchemy's per-row bookkeeping, 12 % in SQLite."""
    table = model.__table__
    columns = [column for column in table.columns
               if column.name in rows[0] or column.default is not None]
    converters = [column.type._cached_bind_processor(dialect) for column in columns]
    defaults = [column.default.arg if column.default is not None
                and column.default.is_scalar else None for column in columns]
    names = [column.name for column in columns]
    values = [tuple(
        convert(row.get(name, default)) if convert is not None else row.get(name, default)
        for name, convert, default in zip(names, converters, defaults, strict=True))
        for row in rows]
    sql = (f'INSERT INTO "{table.name}" (' + ", ".join(f'"{name}"' for name in names)
           + ") VALUES (" + ", ".join("?" * len(names)) + ")")
    return sql, values


def opened(cases_wanted: int) -> Store:
    data_dir = Path(os.environ.get("XINFANG_DATA_DIR", "./var")).resolve()
    probe_dir = data_dir / "bench" / "probe"
    probe = Store.open(f"sqlite:///{probe_dir / 'probe.sqlite3'}", probe_dir)
    head = current_revision(probe.engine) or "none"
    probe.close()
    path = store_path(data_dir, cases_wanted, head)
    ready = path.with_suffix(".ready")
    if not ready.exists():
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        store = Store.open(f"sqlite:///{path}", path.parent)
        started = time.monotonic()
        build(store, cases_wanted)
        store.close()
        ready.write_text(f"built in {time.monotonic() - started:.0f} s\n")
    return Store.open(f"sqlite:///{path}", path.parent)


DECIDE_MESSAGES = 200
DECIDE_TEXT = "{n}号楼旁边的工地每天夜里施工到凌晨，噪音很大，严重影响休息，请求有关部门依法查处。"


def decide_rate(path: Path, scratch: Path) -> tuple[float, float, float]:
    """Messages/s stored and decided by the processor on a copy of the large store, the
    classifier's own messages/s on the same texts, and CPU ms per decided message."""
    import asyncio
    import shutil

    from bot.core import Core
    from channels.base import InboundMessage
    from nlp import Analyzer

    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / "decide.sqlite3"
    shutil.copyfile(path, copy)  # the cached store stays as built
    analyzer = Analyzer.load()
    texts = [DECIDE_TEXT.format(n=n) for n in range(DECIDE_MESSAGES)]
    started = time.perf_counter()
    for text_ in texts:
        analyzer.analyze(text_)
    classifier = DECIDE_MESSAGES / (time.perf_counter() - started)
    core = Core.open(database_url=f"sqlite:///{copy}", data_dir=scratch, analyzer=analyzer)

    async def decide() -> tuple[float, float]:
        now = core.clock.now()
        cpu, wall = time.process_time(), time.perf_counter()
        for n, text_ in enumerate(texts):
            await core.intake.store(InboundMessage(
                channel="sms", sender=f"tel:+86137{n:08d}", text=text_,
                external_id=f"SMbench{n}", received_at=now, raw=text_.encode()))
        done = 0
        while done < DECIDE_MESSAGES:
            decided = await core.processor.drain()
            if decided == 0:
                break
            done += decided
        elapsed = time.perf_counter() - wall
        return done / elapsed, (time.process_time() - cpu) * 1000 / max(done, 1)

    try:
        rate, cpu_ms = asyncio.run(decide())
    finally:
        core.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return rate, classifier, cpu_ms


SERVE_SETTLE_S = 60


def serve_rss(path: Path, scratch: Path) -> dict[str, float]:
    """Resident memory of ``python run.py serve`` opened on a copy of the large store (its
    supervision round and purge write): MB once ``/healthz`` answers, after
    ``SERVE_SETTLE_S`` more seconds, and the peak (VmHWM)."""
    import shutil
    import socket
    import subprocess
    import sys
    import urllib.request

    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / "serve.sqlite3"
    shutil.copyfile(path, copy)

    def free_port() -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])

    http = free_port()
    environment = {**os.environ, "XINFANG_DATA_DIR": str(scratch),
                   "XINFANG_DATABASE_URL": f"sqlite:///{copy}", "XINFANG_HTTP_PORT": str(http),
                   "XINFANG_SMTP_PORT": str(free_port()), "XINFANG_LOG_LEVEL": "WARNING"}
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen([sys.executable, str(root / "run.py"), "serve"], cwd=root,
                              env=environment, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)

    def status() -> dict[str, float]:
        found = {}
        for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                found[line.split(":")[0]] = int(line.split()[1]) / 1024
        return found

    try:
        started = time.monotonic()
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"serve exited with {server.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{http}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() - started > 600:
                    raise
                time.sleep(0.5)
        ready_s = time.monotonic() - started
        ready = status()
        time.sleep(SERVE_SETTLE_S)
        settled = status()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    return {"ready_mb": ready["VmRSS"], "settled_mb": settled["VmRSS"],
            "peak_mb": settled["VmHWM"], "ready_s": ready_s}


def _run_queue_ms() -> float:
    """How long this thread has waited, runnable, for a CPU (Linux ``schedstat``), in ms;
    0 where the kernel does not tell (the server figure is then the wall time)."""
    try:
        with open("/proc/thread-self/schedstat") as stat:
            return int(stat.read().split()[1]) / 1e6
    except (OSError, IndexError, ValueError):
        return 0.0


def timed(store: Store, work: Callable[[Session, int], object], count: int,
          upper: int, cpu: list[float] | None = None,
          server: list[float] | None = None) -> tuple[float, float]:
    """p50 and p99 in ms of ``work`` on a fresh session, for random case serials.

    ``cpu``: filled with the same two figures in this thread's CPU time — on a shared,
    loaded machine the wall-clock p99 is mostly waiting for a core, not the work.
    ``server``: the same in wall time less the time the thread sat runnable waiting for a
    CPU that other processes held (the kernel's run-queue delay): the server's own time,
    its reads from the page cache or the disk included. On this 2-core machine shared by
    up to nine sessions a sub-millisecond look-up's wall p99 is a 4–12 ms wait for a core
    (measured: CPU p99 0.5–0.9 ms, run-queue wait p99 4–12 ms); no pragma changes that."""
    chooser = random.Random(7)
    times, cpu_times, server_times = [], [], []
    # One call first, untimed: the statement's compilation and the first read of its index
    # pages happen once per process, not per request (38–45 ms of CPU for the queue).
    with Session(store.engine) as session:
        work(session, chooser.randint(1, upper))
    for _ in range(count):
        serial = chooser.randint(1, upper)
        with Session(store.engine) as session:
            waited = _run_queue_ms()
            started, cpu_started = time.perf_counter(), time.thread_time()
            work(session, serial)
            cpu_times.append((time.thread_time() - cpu_started) * 1000)
            times.append((time.perf_counter() - started) * 1000)
            server_times.append(times[-1] - (_run_queue_ms() - waited))
    if cpu is not None:
        cpu.extend(_p50_p99(cpu_times))
    if server is not None:
        server.extend(_p50_p99(server_times))
    return _p50_p99(times)


def computed_queue(session: Session, limit: int = 200) -> list[Case]:
    """The bureau's queue as main computed it before ``0011_queue`` (the baseline): every
    candidate ranked by CASE expressions over the audit trail, then the first ``limit``."""
    from sqlalchemy import and_, or_
    from sqlalchemy import case as when
    from sqlmodel import col, select

    instructed = col(Case.id).in_(select(CaseEvent.case_id).where(
        CaseEvent.action == records.INSTRUCT))
    open_case = col(Case.status).in_(list(cases.OPEN_STATUSES))
    wanted = or_(col(Case.status) == "registered",
                 and_(col(Case.status) == "accepted", col(Case.unit) == ""),
                 and_(open_case, col(Case.needs_human)), and_(open_case, instructed))
    for_person = or_(col(Case.needs_human), col(Case.route_level) == "triage")
    return list(session.exec(
        select(Case).where(wanted)
        .order_by(when((instructed, 0), else_=1), when((col(Case.emergency), 0), else_=1),
                  when((for_person, 0), else_=1), col(Case.received_at), col(Case.id))
        .limit(limit)))


def _queue_cursors(store: Store, units: UnitTree, pages: int = 50) -> list[records.QueueCursor]:
    """Cursors of the first ``pages`` pages of the bureau's queue (or as many as it has)."""
    found: list[records.QueueCursor] = []
    with Session(store.engine) as session:
        after = None
        for _ in range(pages):
            after = records.queue_page(session, ADMIN, units, after=after, limit=200).next
            if after is None:
                break
            found.append(after)
    return found or [records.QueueCursor(0, 0)]


def _p50_p99(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def figures(cases_wanted: int = DEFAULT_CASES, repeats: int = 400) -> list[dict[str, Any]]:
    started = time.monotonic()
    store = opened(cases_wanted)
    ready_s = round(time.monotonic() - started, 1)
    gc.freeze()  # as ``serve`` does once loaded (run.py): full collections skip the startup heap
    database = Path(str(store.engine.url.database))
    units = UnitTree.load()

    def number(serial: int) -> str:
        return case_number(2026, serial)
    try:
        fast_cpu: list[float] = []
        fast_server: list[float] = []
        fast = timed(store, lambda s, n: [lookup.status_line(c, "zh") for c in (
            lookup.by_number(s, number(n)), *lookup.open_or_latest(lookup.cases_of(s, n)))
            if c is not None], repeats, cases_wanted, fast_cpu, fast_server)
        orm_cpu: list[float] = []
        orm_server: list[float] = []
        orm = timed(store, lambda s, n: (cases.find_case(s, number(n)), cases.cases_of(s, n)),
                    repeats, cases_wanted, orm_cpu, orm_server)
        # Each list figure's server time too (wall less run-queue wait, see ``timed``): at
        # load 8-10 a single wait for a core can be a page's wall p99.
        srv: dict[str, list[float]] = {name: [] for name in (
            "first_page", "keyset", "api_keyset", "api_exact", "api_unit", "queue",
            "queue_deep", "case_page")}
        first_page = timed(store, lambda s, n: staff.list_cases(s, "", 20), repeats // 4, 1,
                           server=srv["first_page"])
        keyset = timed(store, lambda s, n: staff.list_cases(s, "closed", 20, number(n)),
                       repeats // 4, cases_wanted, server=srv["keyset"])
        deep = cases_wanted // 2
        offset = timed(store, lambda s, n: search(
            s, ADMIN, CaseFilter(status="closed", page=deep // 20 // 2, per_page=20), units),
            repeats // 8, 1)
        # GET /api/cases as it answers by default (a count bounded at TOTAL_LIMIT), against
        # the same pages with the exact count every page made before (``count=exact``).
        api_keyset = timed(store, lambda s, n: search(s, ADMIN, CaseFilter(
            status="closed", after=number(n), per_page=20, count_limit=TOTAL_LIMIT), units),
            repeats // 4, cases_wanted, server=srv["api_keyset"])
        api_exact = timed(store, lambda s, n: search(
            s, ADMIN, CaseFilter(status="closed", after=number(n), per_page=20), units),
            repeats // 8, cases_wanted, server=srv["api_exact"])
        api_unit = timed(store, lambda s, n: search(s, HANDLER, CaseFilter(
            after=number(n), per_page=20, count_limit=TOTAL_LIMIT), units),
            repeats // 4, cases_wanted, server=srv["api_unit"])
        queue_cpu: list[float] = []
        queue = timed(store, lambda s, n: records.queue(s, ADMIN, units), repeats // 4, 1,
                      queue_cpu, srv["queue"])
        computed_cpu: list[float] = []
        computed = timed(store, lambda s, n: computed_queue(s), 10, 1, computed_cpu)
        cursors = _queue_cursors(store, units)
        deep_cpu: list[float] = []
        queue_deep = timed(store, lambda s, n: records.queue_page(
            s, ADMIN, units, after=cursors[n % len(cursors)], limit=200), repeats // 4,
            len(cursors), deep_cpu, srv["queue_deep"])
        case_page = timed(store, lambda s, n: staff.show_case(s, number(n)), repeats // 4,
                          cases_wanted, server=srv["case_page"])
    finally:
        store.close()
    rate, classifier, cpu_ms = decide_rate(database, database.parent / "decide-scratch")
    memory = serve_rss(database, database.parent / "serve-scratch")
    note = {"cases": cases_wanted, "store_ready_s": ready_s,
            "store_mb": round(sum(f.stat().st_size for f in database.parent.glob(
                f"{database.name}*")) / 2**20)}
    return [
        {"name": f"status lookup p99, fast path, server time: wall less waiting for a CPU "
                 f"({cases_wanted:,} cases)", "value": fast_server[1],
         "unit": "ms", "baseline_name": "ORM path, the same server time, p99 ms",
         "baseline": orm_server[1], "target": "< 2 ms", "max_value": 2.0,
         "p50_ms": fast_server[0], "baseline_p50_ms": orm_server[0],
         "wall_p50_ms": fast[0], "wall_p99_ms": fast[1],
         "baseline_wall_p50_ms": orm[0], "baseline_wall_p99_ms": orm[1],
         "cpu_p50_ms": fast_cpu[0], "cpu_p99_ms": fast_cpu[1],
         **note},
        {"name": "cases list, first page p99", "value": first_page[1], "unit": "ms",
         "baseline_name": "budget ms", "baseline": 100.0, "target": "< 100 ms",
         "max_value": 100.0, "p50_ms": first_page[0], "server_p99_ms": srv["first_page"][1]},
        {"name": "cases list --status closed --after (keyset, random depth) p99",
         "value": keyset[1], "unit": "ms", "baseline_name": "API page by offset at half depth ms",
         "baseline": offset[1], "target": "< 100 ms", "max_value": 100.0,
         "p50_ms": keyset[0], "baseline_p50_ms": offset[0],
         "server_p99_ms": srv["keyset"][1]},
        {"name": "GET /api/cases query, keyset page with its bounded total p99",
         "value": api_keyset[1], "unit": "ms",
         "baseline_name": "the same pages with an exact total (count=exact) p99 ms",
         "baseline": api_exact[1], "target": "< 100 ms", "max_value": 100.0,
         "p50_ms": api_keyset[0], "baseline_p50_ms": api_exact[0],
         "server_p99_ms": srv["api_keyset"][1], "baseline_server_p99_ms": srv["api_exact"][1]},
        {"name": "GET /api/cases query of a unit's handler (its aliases, its barred cases), "
                 "keyset page p99", "value": api_unit[1], "unit": "ms",
         "baseline_name": "budget ms", "baseline": 100.0, "target": "< 100 ms",
         "max_value": 100.0, "p50_ms": api_unit[0], "server_p99_ms": srv["api_unit"][1]},
        {"name": "console queue p99", "value": queue[1], "unit": "ms",
         "baseline_name": "budget ms", "baseline": 100.0, "target": "< 100 ms",
         "max_value": 100.0, "p50_ms": queue[0], "cpu_p50_ms": queue_cpu[0],
         "cpu_p99_ms": queue_cpu[1], "server_p99_ms": srv["queue"][1]},
        {"name": "console queue p50 against main's computed order (10 runs)",
         "value": queue[0], "unit": "ms", "baseline_name": "computed queue p50 ms",
         "baseline": computed[0], "target": "below the computed order",
         "cpu_p50_ms": queue_cpu[0], "baseline_cpu_p50_ms": computed_cpu[0],
         "baseline_p99_ms": computed[1]},
        {"name": f"stored and decided on the large store, SQLite, 1 process "
                 f"({DECIDE_MESSAGES} new petitions)", "value": rate, "unit": "messages/s",
         "baseline_name": "the classifier alone, same texts, messages/s",
         "baseline": classifier, "target": "≥ 0.5 × the classifier (issue 17)",
         "min_ratio": 0.5, "cpu_ms_per_message": cpu_ms},
        {"name": "case page (cases show) p99", "value": case_page[1], "unit": "ms",
         "baseline_name": "budget ms", "baseline": 100.0, "target": "< 100 ms",
         "max_value": 100.0, "p50_ms": case_page[0], "server_p99_ms": srv["case_page"][1]},
        {"name": "console queue, keyset page at random depth p99", "value": queue_deep[1],
         "unit": "ms", "baseline_name": "budget ms", "baseline": 100.0, "target": "< 100 ms",
         "max_value": 100.0, "p50_ms": queue_deep[0], "cpu_p50_ms": deep_cpu[0],
         "cpu_p99_ms": deep_cpu[1], "server_p99_ms": srv["queue_deep"][1]},
        {"name": f"status lookup CPU p99, fast path ({cases_wanted:,} cases)",
         "value": fast_cpu[1], "unit": "ms", "baseline_name": "ORM path CPU p99 ms",
         "baseline": orm_cpu[1], "target": "< 2 ms", "max_value": 2.0, "p50_ms": fast_cpu[0],
         "baseline_p50_ms": orm_cpu[0]},
        {"name": f"resident memory of serve on the store, after {SERVE_SETTLE_S} s",
         "value": memory["settled_mb"], "unit": "MB", "ready_mb": memory["ready_mb"],
         "peak_mb": memory["peak_mb"], "ready_s": memory["ready_s"], **note},
    ]


def run() -> list[dict[str, Any]]:
    """The runner's entry point (``python run.py bench scale_store``)."""
    return figures(int(os.environ.get("XINFANG_BENCH_CASES", DEFAULT_CASES)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    parser.add_argument("--repeats", type=int, default=400)
    arguments = parser.parse_args()
    for figure in figures(arguments.cases, arguments.repeats):
        print(json.dumps(figure, ensure_ascii=False, default=str))
