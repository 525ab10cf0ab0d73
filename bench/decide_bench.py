"""Deciding stored messages: how fast, at what CPU, on SQLite and on 1 → 2 → 4 PostgreSQL
processes, and how long a citizen waits for the reply under load (issue 17).

The traffic is ``bench.decide_mix``: new petitions (some followed by a supplement or a status
question), and status questions, supplements and grades from petitioners who filed during a
warm-up. Every figure has its baseline from the same run:

- **SQLite, one process**: the mix is stored through ``DurableIntake.store`` (concurrently, so
  group commit takes it as a burst) and decided by the real ``Processor``; stored-and-processed
  messages/s and CPU ms per message (``time.process_time``: every thread of the process)
  against the classifier's own messages/s on the same texts (``Analyzer.analyze``).
- **Arrival → reply handed to the channel**, p50/p99: open-loop arrivals (Poisson) at 50 % and
  90 % of the capacity just measured, the processor and the outbox worker running as in
  ``serve``, a recording channel noting when each reply is handed to it.
- **PostgreSQL, 1 → 2 → 4 processes**: a backlog of the mix stored on a private schema, then
  N worker processes (``python -m bench.decide_bench --worker URL``, each a ``Core`` and its
  processor) decide it; messages/s from the workers' start to the last decided, CPU ms per
  message summed over the workers (from /proc). This machine has 2 cores shared with other
  work: more processes than cores cannot add throughput, so CPU per message (which must not
  grow with N) is the figure that says whether the decide path scales out.

    python -m bench.decide_bench            # prints the figures as JSON
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from channels.base import Channel

ROOT = Path(__file__).resolve().parents[1]
NEW_SENDERS = 300
KNOWN_SENDERS = 150
LATENCY_SECONDS = 12.0
PG_PROCESSES = (1, 2, 4)
PG_NEW_SENDERS = 160
PG_KNOWN_SENDERS = 80
DRAIN_TIMEOUT = 170.0


def _mix(new: int, known: int, seed: int = 17) -> tuple[list[Any], list[Any]]:
    from bench.decide_mix import interleave, scripts, warmup

    return warmup(known, seed), interleave(scripts(new, known, seed), random.Random(seed))


def _inbound(said: Any, external_id: str, received_at: Any) -> Any:
    from channels.base import InboundMessage

    return InboundMessage(channel="sms", sender=said.sender, text=said.text,
                          external_id=external_id, received_at=received_at,
                          raw=said.text.encode())


async def _store_all(core: Any, saids: list[Any], prefix: str) -> None:
    now = core.clock.now()
    await asyncio.gather(*(core.intake.store(_inbound(said, f"{prefix}{n}", now))
                           for n, said in enumerate(saids)))


async def _drain(core: Any) -> int:
    done = 0
    while decided := await core.processor.drain(limit=10_000):
        done += decided
    return done


def classifier_rate(analyzer: Any, texts: list[str]) -> float:
    for text in texts[:20]:
        analyzer.analyze(text)  # warm
    started = time.perf_counter()
    for text in texts:
        analyzer.analyze(text)
    return len(texts) / (time.perf_counter() - started)


# -- SQLite, one process ------------------------------------------------------------------


@dataclass
class SqliteRun:
    rate: float
    cpu_ms: float
    messages: int
    classifier: float
    statements: float


def sqlite_run(analyzer: Any, folder: Path) -> SqliteRun:
    from sqlalchemy import event

    from bot.core import Core

    warm, mix = _mix(NEW_SENDERS, KNOWN_SENDERS)
    # `serve` freezes its started heap (run.py: gc.freeze()), so a full collection never walks
    # the model and the warm store's objects; measured unfrozen, the mix paid ≈ 80 ms of such
    # collections in the write thread (≈ 9 % of it) that production does not. Both sides of
    # the ratio are measured frozen, as served.
    gc.freeze()
    classifier = classifier_rate(analyzer, [said.text for said in mix])
    core = Core.open(database_url=f"sqlite:///{folder / 'decide.sqlite3'}", data_dir=folder,
                     secret_key="bench", analyzer=analyzer)
    counted = [0]

    def count(*_: object) -> None:
        counted[0] += 1

    async def go() -> tuple[float, float, int]:
        await _store_all(core, warm, "warm")
        await _drain(core)
        gc.freeze()
        event.listen(core.store.engine, "before_cursor_execute", count)
        cpu, wall = time.process_time(), time.perf_counter()
        await _store_all(core, mix, "mix")
        done = await _drain(core)
        elapsed = time.perf_counter() - wall
        event.remove(core.store.engine, "before_cursor_execute", count)
        return done / elapsed, (time.process_time() - cpu) * 1000 / done, done

    try:
        rate, cpu_ms, done = asyncio.run(go())
    finally:
        core.close()
        gc.unfreeze()
    return SqliteRun(rate, cpu_ms, done, classifier, counted[0] / done)


# -- arrival to reply ---------------------------------------------------------------------


@dataclass
class HandOffs:
    """A channel that takes every reply at once and notes when it was handed over."""

    name: str = "sms"
    handed: dict[int, float] = field(default_factory=dict)

    def routes(self) -> tuple[()]:
        return ()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, message: Any) -> Any:
        from channels.base import Delivery

        if message.outbox_id is not None:
            self.handed.setdefault(message.outbox_id, time.perf_counter())
        return Delivery(provider_id=f"bench-{message.outbox_id}", status="sent")

    def describe(self) -> str:
        return "hand-off recorder"


def latency_run(analyzer: Any, folder: Path, rate: float) -> tuple[float, float, int]:
    """p50 and p99 ms from a message's arrival to its first reply handed to the channel."""
    from sqlmodel import col, select

    from bot.core import Core
    from bot.outbox import OutboxWorker
    from storage import Message, Outbox

    warm, mix = _mix(NEW_SENDERS, KNOWN_SENDERS, seed=29)
    core = Core.open(database_url=f"sqlite:///{folder / 'latency.sqlite3'}", data_dir=folder,
                     secret_key="bench", analyzer=analyzer)
    channel = HandOffs()
    outbox = OutboxWorker(core.store, {"sms": cast("Channel", channel)}, core.clock,
                          hasher=core.hasher)
    core.processor.on_decided = outbox.wake.set  # as serve wires them
    arrived: dict[str, float] = {}

    async def go() -> None:
        await _store_all(core, warm, "warm")
        await _drain(core)
        tasks = [asyncio.create_task(core.processor.run()), asyncio.create_task(outbox.run())]
        rng = random.Random(5)
        count = min(len(mix), int(rate * LATENCY_SECONDS))
        start = time.perf_counter()
        at = 0.0
        pending = []
        for n, said in enumerate(mix[:count]):
            at += rng.expovariate(rate)
            delay = start + at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            external = f"lat{n}"
            arrived[external] = time.perf_counter()
            pending.append(asyncio.create_task(core.intake.store(
                _inbound(said, external, core.clock.now()))))
        await asyncio.gather(*pending)
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            left = core.store.read_sync(lambda s: len(list(s.exec(
                select(Outbox.id).where(Outbox.status == "pending")))))
            undecided = core.store.read_sync(lambda s: len(list(s.exec(
                select(Message.id).where(col(Message.processed_at).is_(None))))))
            if not left and not undecided:
                break
            await asyncio.sleep(0.2)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    try:
        asyncio.run(go())
        sources = core.store.read_sync(lambda s: {
            row_id: external for row_id, external in s.exec(
                select(Outbox.id, Message.external_id)
                .join(Message, col(Message.id) == col(Outbox.message_id)))})
    finally:
        core.close()
    first: dict[str, float] = {}
    for row_id, handed in channel.handed.items():
        external = sources.get(row_id, "")
        if external in arrived:
            first[external] = min(first.get(external, handed), handed)
    waits = sorted((first[e] - arrived[e]) * 1000 for e in first)
    if len(waits) < 20:
        raise RuntimeError(f"only {len(waits)} replies handed over")
    return statistics.median(waits), waits[int(0.99 * (len(waits) - 1))], len(waits)


# -- PostgreSQL, N processes --------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker(url: str, data_dir: Path) -> None:
    """One decide process: a Core on ``url`` whose processor drains until nothing is left."""
    from bot.core import Core

    core = Core.open(database_url=url, data_dir=data_dir, secret_key="bench")
    analysed = [0]
    understand = core.intake._understand

    def counted(text: str) -> Any:
        analysed[0] += 1
        return understand(text)

    core.intake._understand = counted  # type: ignore[method-assign]
    print("ready", flush=True)
    sys.stdin.readline()  # go

    async def go() -> int:
        idle = total = 0
        while idle < 3:  # another process may hold a sender: look again a few times
            decided = await core.processor.drain(limit=2_000)
            total += decided
            idle = 0 if decided else idle + 1
            if not decided:
                await asyncio.sleep(0.2)
        return total

    try:
        decided = asyncio.run(go())
    finally:
        core.close()
    print(f"analysed {analysed[0]} decided {decided}", flush=True)


def pg_run(url: str, processes: int, folder: Path) -> tuple[float, float, int, int]:
    """Messages/s and CPU ms per message of ``processes`` workers deciding one backlog, the
    messages, and how many texts the workers classified together (> messages: wasted)."""
    from sqlalchemy import text

    from bench.scale_bench import _engine, schema
    from bot.core import Core

    warm, mix = _mix(PG_NEW_SENDERS, PG_KNOWN_SENDERS, seed=31 + processes)
    with schema(url) as private:
        loader = Core.open(database_url=private, data_dir=folder / "loader", secret_key="bench")
        try:
            async def load() -> None:
                await _store_all(loader, warm, "warm")
                await _drain(loader)
                await _store_all(loader, mix, "mix")
            asyncio.run(load())
        finally:
            loader.close()
        env = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_")}
        env["XINFANG_LOG_LEVEL"] = "ERROR"
        workers = [subprocess.Popen(
            [sys.executable, "-m", "bench.decide_bench", "--worker", private,
             "--data", str(folder / f"w{n}")], cwd=ROOT, env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True) for n in range(processes)]
        engine = _engine(private)
        try:
            for process in workers:
                assert process.stdout is not None and process.stdout.readline() == "ready\n"
            cpu = [_cpu_seconds(p.pid) for p in workers]
            started = time.perf_counter()
            for process in workers:
                assert process.stdin is not None
                process.stdin.write("go\n")
                process.stdin.flush()
            deadline = started + DRAIN_TIMEOUT
            while True:
                with engine.connect() as connection:
                    left = int(connection.execute(text(
                        "SELECT count(*) FROM message WHERE direction = 'in' "
                        "AND processed_at IS NULL")).scalar_one())
                if not left:
                    break
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"{processes} processes: {left} left undecided")
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
            used = sum(_cpu_seconds(p.pid) - c for p, c in zip(workers, cpu, strict=True))
            with engine.connect() as connection:
                twice = int(connection.execute(text(
                    "SELECT count(*) FROM (SELECT message_id FROM outbox GROUP BY message_id, "
                    "text HAVING count(*) > 1) AS doubled")).scalar_one())
            if twice:
                raise RuntimeError(f"{processes} processes: {twice} replies written twice")
        finally:
            for process in workers:
                process.wait(60)
            engine.dispose()
    # Each worker's last line: how many texts it classified and how many it decided.
    counts = [[int(word) for word in (p.stdout.read() if p.stdout else "").split()
               if word.isdigit()] for p in workers]
    analysed = sum(c[0] for c in counts if len(c) == 2)
    return len(mix) / elapsed, used * 1000 / len(mix), len(mix), analysed


# -- the runner's shape -------------------------------------------------------------------


def figures() -> list[dict[str, Any]]:
    from bench.durable import scratch_dir
    from bench.scale_bench import postgres_url, reachable
    from nlp import Analyzer

    analyzer = Analyzer.load()
    with scratch_dir("decide-") as folder:
        sqlite = sqlite_run(analyzer, folder / "rate")
        capacity = sqlite.rate
        p50_half, p99_half, n_half = latency_run(analyzer, folder / "half", 0.5 * capacity)
        p50_most, p99_most, n_most = latency_run(analyzer, folder / "most", 0.9 * capacity)
    out: list[dict[str, Any]] = [
        {"name": "stored and decided, SQLite, 1 process, mixed traffic",
         "value": round(sqlite.rate, 1), "unit": "messages/s",
         "baseline_name": "the classifier alone, same texts, messages/s",
         "baseline": round(sqlite.classifier, 1), "target": "≥ 0.5 × the classifier (issue 17)",
         "min_ratio": 0.5, "cpu_ms_per_message": round(sqlite.cpu_ms, 2),
         "statements_per_message": round(sqlite.statements, 1), "messages": sqlite.messages},
        {"name": "arrival → reply handed to the channel, p99, at 50 % of capacity",
         "value": round(p99_half, 1), "unit": "ms", "baseline_name": "p50",
         "baseline": round(p50_half, 1), "rate": round(0.5 * capacity, 1), "replies": n_half},
        {"name": "arrival → reply handed to the channel, p99, at 90 % of capacity",
         "value": round(p99_most, 1), "unit": "ms", "baseline_name": "p50",
         "baseline": round(p50_most, 1), "rate": round(0.9 * capacity, 1), "replies": n_most},
    ]
    url = postgres_url()
    if not reachable(url):
        print("decide bench: PostgreSQL not reachable, no multi-process figures",
              file=sys.stderr)
        return out
    with scratch_dir("decide-pg-") as folder:
        runs = {n: pg_run(url, n, folder / f"n{n}") for n in PG_PROCESSES}
    one_rate, one_cpu, _, _ = runs[1]
    for n, (rate, cpu_ms, messages, analysed) in runs.items():
        out.append({
            "name": f"stored backlog decided, PostgreSQL, {n} process{'es' if n > 1 else ''}",
            "value": round(rate, 1), "unit": "messages/s",
            "baseline_name": "1 process, same run", "baseline": round(one_rate, 1),
            "cpu_ms_per_message": round(cpu_ms, 2),
            "cpu_ms_per_message_1_process": round(one_cpu, 2),
            "processes_x_cpu_vs_cores": f"{n} × {os.cpu_count()} cores",
            "messages": messages, "classified_per_message": round(analysed / messages, 2)})
    return out


def run() -> list[dict[str, Any]]:
    """The runner's entry point (``python run.py bench decide``)."""
    return figures()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--worker", help="run one PostgreSQL decide process on this URL")
    parser.add_argument("--data", type=Path, default=Path("."))
    arguments = parser.parse_args()
    if arguments.worker:
        worker(arguments.worker, arguments.data)
    else:
        for figure in figures():
            print(json.dumps(figure, ensure_ascii=False))
