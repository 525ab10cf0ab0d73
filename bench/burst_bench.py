"""A burst about one place against ordinary traffic: decide cost per message (issue 21).

When many texts name the same resolvable place — a collective petition forming — every new case
is checked against the cases about that place (collective warning, repeats). That check must
not grow with the burst: the target is that a one-place burst decides within 1.5 × the cost of
ordinary traffic, measured in the same run.

Both streams go through the real path on a fresh SQLite store each: ``DurableIntake.store``
(group commit), then the ``Processor`` deciding in batches (analysis outside the transaction,
the conversation, the matter index and the replies inside). Each message comes from its own
sender, so every one registers a case. Measured: the processing time per message, the decide
step's wall time and its CPU time (``time.thread_time`` of the writer thread that runs it: on a
machine shared with other work the wall time is mostly waiting for a core), and the SQL
statements per message (a cursor-execute listener on the store's engine). The two streams are
measured in the order ordinary, burst, burst, ordinary (:data:`ROUNDS` times two), so a load
that changes during the run weighs on both alike; each figure is over all rounds.

- ordinary: real citizen messages (``../shared/data/petitions-raw/messages.tsv``, title and
  body) when present, else the hand-written petitions of ``nlp/corpus/matter_groups.txt``;
- burst: ``bench/burst.tsv``'s texts about one 小区's garbage station, varied by prefix and
  suffix, all within the collective window.

    python -m bench.burst_bench [--messages N] [--rounds R]   # prints the figures as JSON

:func:`run` returns the figures in the runner's shape; :func:`figures` is the same for any
message count (the lead may call it from a ``scale`` section).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import itertools
import json
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BURST = Path(__file__).with_name("burst.tsv")
MESSAGES = ROOT.parent / "shared" / "data" / "petitions-raw" / "messages.tsv"
GROUPS = ROOT / "nlp" / "corpus" / "matter_groups.txt"
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
#: Messages per stream; the issue measured a burst of a few hundred.
DEFAULT_MESSAGES = 300
WARMUP = 20
#: Rounds per stream, in ABBA order.
ROUNDS = 2
_PREFIXES = ("", "您好，", "再次反映：", "我是小区居民，", "紧急反映，", "各位领导好，")
_SUFFIXES = ("", "谢谢！", "盼复。", "请尽快处理。", "希望早日解决。", "恳请重视。")


@dataclass(frozen=True, slots=True)
class Stream:
    name: str
    #: The whole processing (analysis outside the transaction included) per message.
    seconds_per_message: float
    #: The decide step alone: the transaction that registers, checks matters and replies.
    decide_seconds_per_message: float
    #: Its CPU time (the thread that runs it), which other work on the machine does not add to.
    decide_cpu_seconds_per_message: float
    statements_per_message: float
    messages: int
    alerts: int


def ordinary_texts(count: int) -> tuple[list[str], str]:
    """Everyday petitions about many places and things."""
    if MESSAGES.exists():
        csv.field_size_limit(2**31 - 1)
        with MESSAGES.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        # Cut to the burst's length: the comparison is of the matter checks, not of texts.
        texts = [f"{row['title']}。{row['body']}"[:100] for row in rows]
        source = "petitions-raw/messages.tsv"
    else:
        texts = [line.split("|", 1)[1].strip() for line in
                 GROUPS.read_text(encoding="utf-8").splitlines() if "|" in line]
        source = "nlp/corpus/matter_groups.txt"
    random.Random(21).shuffle(texts)
    return list(itertools.islice(itertools.cycle(texts), count)), source


def burst_texts(count: int) -> list[str]:
    """One matter about one place, in many petitioners' words."""
    with BURST.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    base = sorted({row["text"] for row in rows if "垃圾" in row["text"] and "海淀" in row["text"]})
    rng = random.Random(21)
    return [rng.choice(_PREFIXES) + rng.choice(base) + rng.choice(_SUFFIXES)
            for _ in range(count)]


async def _measure(name: str, texts: list[str], analyzer: Any) -> Stream:
    from sqlalchemy import event
    from sqlmodel import select

    from bot.core import Core
    from channels.base import InboundMessage
    from storage import CaseEvent

    with tempfile.TemporaryDirectory(prefix="burst-bench-") as folder:
        core = Core.open(database_url=f"sqlite:///{folder}/cases.sqlite3",
                         data_dir=Path(folder) / "data", secret_key="bench", fixed_now=NOW,
                         analyzer=analyzer)
        counted = [0]
        deciding = [0.0]
        computing = [0.0]

        def count(*_: object) -> None:
            counted[0] += 1

        decide = core.intake._decide  # timed alone: the step the matter checks live in

        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.thread_time()
            try:
                return decide(*args, **kwargs)
            finally:
                deciding[0] += time.perf_counter() - started
                computing[0] += time.thread_time() - cpu

        core.intake._decide = timed  # type: ignore[method-assign]

        try:
            async def push(batch: list[str], offset: int) -> None:
                for index, text in enumerate(batch, offset):
                    await core.intake.store(InboundMessage(
                        channel="mail", sender=f"mailto:p{index}@example.cn", text=text,
                        sender_name=f"居民{index}", external_id=f"{name}-{index}",
                        received_at=NOW, raw=text.encode()))

            def alerts() -> int:
                return core.store.read_sync(lambda s: len(list(s.exec(
                    select(CaseEvent.id).where(CaseEvent.action == "collective_alert")))))

            await push(texts[:WARMUP], 0)  # jieba, the model and the first pages are warm
            await core.processor.drain(limit=10_000)
            await push(texts[WARMUP:], WARMUP)
            before = alerts()
            deciding[0] = computing[0] = 0.0
            event.listen(core.store.engine, "before_cursor_execute", count)
            started = time.perf_counter()
            done = await core.processor.drain(limit=10_000)
            elapsed = time.perf_counter() - started
            event.remove(core.store.engine, "before_cursor_execute", count)
            raised = alerts() - before
        finally:
            core.close()
    return Stream(name, elapsed / done, deciding[0] / done, computing[0] / done,
                  counted[0] / done, done, raised)


def _pooled(streams: list[Stream]) -> Stream:
    """Several rounds of one stream as one: every figure over all their messages."""
    done = sum(s.messages for s in streams)

    def per_message(field: str) -> float:
        return float(sum(getattr(s, field) * s.messages for s in streams)) / done

    return Stream(streams[0].name, per_message("seconds_per_message"),
                  per_message("decide_seconds_per_message"),
                  per_message("decide_cpu_seconds_per_message"),
                  per_message("statements_per_message"), done, sum(s.alerts for s in streams))


def figures(messages: int = DEFAULT_MESSAGES, rounds: int = ROUNDS) -> list[dict[str, Any]]:
    """The burst's decide rate against ordinary traffic's, and statements per message."""
    from nlp import Analyzer

    analyzer = Analyzer.load()
    ordinary, source = ordinary_texts(messages + WARMUP)
    burst = burst_texts(messages + WARMUP)
    measured: dict[str, list[Stream]] = {"ordinary": [], "burst": []}
    for _ in range(rounds):
        for name in ("ordinary", "burst", "burst", "ordinary"):  # ABBA: drift weighs alike
            texts = ordinary if name == "ordinary" else burst
            measured[name].append(asyncio.run(_measure(name, texts, analyzer)))
    normal, crowd = _pooled(measured["ordinary"]), _pooled(measured["burst"])
    notes = {"messages": crowd.messages, "ordinary_source": source,
             "burst_alerts": crowd.alerts, "ordinary_alerts": normal.alerts,
             "burst_decide_ms": round(crowd.decide_seconds_per_message * 1000, 2),
             "ordinary_decide_ms": round(normal.decide_seconds_per_message * 1000, 2),
             "rounds": [round(1 / a.decide_seconds_per_message, 1) for a in measured["burst"]]
             + [round(1 / a.decide_seconds_per_message, 1) for a in measured["ordinary"]]}
    return [
        {"name": "one-place burst decide rate",
         "value": round(1 / crowd.decide_seconds_per_message, 1),
         "baseline_name": "ordinary traffic decide rate",
         "baseline": round(1 / normal.decide_seconds_per_message, 1), "unit": "messages/s",
         "target": "burst ≥ 1/1.5 of ordinary (cost within 1.5×)", "min_ratio": round(1 / 1.5, 3),
         **notes},
        {"name": "one-place burst decided per CPU second",
         "value": round(1 / crowd.decide_cpu_seconds_per_message, 1),
         "baseline_name": "ordinary traffic decided per CPU second",
         "baseline": round(1 / normal.decide_cpu_seconds_per_message, 1), "unit": "messages",
         "target": "burst ≥ 1/1.5 of ordinary (CPU cost within 1.5×)",
         "min_ratio": round(1 / 1.5, 3),
         "burst_decide_cpu_ms": round(crowd.decide_cpu_seconds_per_message * 1000, 2),
         "ordinary_decide_cpu_ms": round(normal.decide_cpu_seconds_per_message * 1000, 2)},
        {"name": "one-place burst processing rate (analysis included)",
         "value": round(1 / crowd.seconds_per_message, 1),
         "baseline_name": "ordinary traffic processing rate",
         "baseline": round(1 / normal.seconds_per_message, 1), "unit": "messages/s",
         "target": "burst ≥ 1/1.5 of ordinary", "min_ratio": round(1 / 1.5, 3)},
        {"name": "SQL statements per message, burst",
         "value": round(crowd.statements_per_message, 1),
         "baseline_name": "SQL statements per message, ordinary",
         "baseline": round(normal.statements_per_message, 1), "unit": "statements",
         "target": "no growth with the burst (was 189.5 against 18)"},
    ]


def run() -> list[dict[str, Any]]:
    """The runner's entry point (``python run.py bench burst``)."""
    return figures()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=DEFAULT_MESSAGES)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    arguments = parser.parse_args()
    for figure in figures(arguments.messages, arguments.rounds):
        print(json.dumps(figure, ensure_ascii=False))
