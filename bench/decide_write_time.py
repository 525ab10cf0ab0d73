"""The write thread's CPU per decided message, for A/B runs of two checkouts (issue 17).

    cd /tmp && python /path/to/bench/decide_write_time.py [--root DIR]     # one JSON line

Run as a file from outside a checkout: ``--root``'s ``bench`` package must be the first found
(with ``-m`` this checkout's is imported before the root is put on the path).

One ``bench.decide_bench.sqlite_run`` of ``--root``'s code (default: this checkout), with the
CPU of the thread inside ``Store.write_sync`` (the decide, and intake's group commits) summed
by ``time.thread_time`` over the mix only (the warm-up's store and decide are not counted),
and the CPU of registering a new case (``NewMatter.register``, inside it) per case; and the
wall time of the decide's commits a message, with how much of it classification ran in
(``DurableIntake._understand`` intervals inside ``Session.commit`` intervals: the fsync
releases the GIL, a classifier started ahead uses it). And the CPU of the analysis on
both sides of the ratio, per text: the classifier's own loop (``classifier_rate``, the
ratio's baseline) and ``DurableIntake._understand`` inside the processor, each by
``time.thread_time`` of the thread that ran it: the ratio's two walls differ by what else
the process does, these two by nothing but where the same analysis ran.
Run it alternately for two trees (``git archive`` one into a directory) and compare medians.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]


def run(root: Path) -> dict[str, Any]:
    sys.path.insert(0, str(root))
    from sqlalchemy.orm import Session

    import bench.decide_bench as decide
    from bot.dialogue.matter import NewMatter
    from bot.intake import DurableIntake
    from nlp import Analyzer
    from storage.store import Store

    if not Path(decide.__file__).resolve().is_relative_to(root):
        raise SystemExit(f"bench imported from {decide.__file__}, not {root}: run as a file")
    spent = [0.0]
    registering = [0.0, 0]
    write_sync = Store.write_sync
    register = NewMatter.register
    store_all = decide._store_all
    commit, understand = Session.commit, DurableIntake._understand
    commits: list[tuple[float, float]] = []
    analyses: list[tuple[float, float]] = []
    analysis_cpu = [0.0]
    baseline_cpu = [0.0, 0]
    classifier_rate = decide.classifier_rate

    def committing(self: Session) -> None:
        started = time.perf_counter()
        try:
            commit(self)
        finally:
            commits.append((started, time.perf_counter()))

    def understanding(self: DurableIntake, text: str) -> Any:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return understand(self, text)
        finally:
            analyses.append((started, time.perf_counter()))
            analysis_cpu[0] += time.thread_time() - cpu

    def baseline(analyzer: Any, texts: list[str]) -> float:
        cpu = time.thread_time()
        try:
            return classifier_rate(analyzer, texts)
        finally:
            # its loop analyzes 20 texts to warm, then every text once
            baseline_cpu[:] = [time.thread_time() - cpu, len(texts) + min(20, len(texts))]

    def timed(self: Store, work: Any) -> Any:
        started = time.thread_time()
        try:
            return write_sync(self, work)
        finally:
            spent[0] += time.thread_time() - started

    def registers(self: NewMatter, turn: Any, **options: Any) -> Any:
        started = time.thread_time()
        try:
            return register(self, turn, **options)
        finally:
            registering[0] += time.thread_time() - started
            registering[1] += 1

    async def mix_starts(core: Any, saids: list[Any], prefix: str) -> None:
        if prefix == "mix":
            spent[0] = 0.0
            registering[:] = [0.0, 0]
            commits.clear()
            analyses.clear()
            analysis_cpu[0] = 0.0
        await store_all(core, saids, prefix)

    Store.write_sync = timed  # type: ignore[method-assign]
    NewMatter.register = registers  # type: ignore[method-assign]
    decide._store_all = mix_starts
    Session.commit = committing  # type: ignore[method-assign]
    DurableIntake._understand = understanding  # type: ignore[method-assign]
    decide.classifier_rate = baseline
    with tempfile.TemporaryDirectory() as folder:
        result = decide.sqlite_run(Analyzer.load(), Path(folder))
    return {"root": str(root), "messages": result.messages,
            "decided_per_s": round(result.rate, 1),
            "ratio": round(result.rate / result.classifier, 3),
            "cpu_ms": round(result.cpu_ms, 3),
            "write_thread_ms": round(1000 * spent[0] / result.messages, 3),
            # the CPU of registering a new case (NewMatter.register), per case registered
            "register_ms": round(1000 * registering[0] / max(registering[1], 1), 3),
            "registered": registering[1],
            "classifier_ms": round(1000 / result.classifier, 3),
            # CPU ms a text: the analyzer's own loop, and the processor's analyses (the mix's
            # messages, which are the same texts)
            "classifier_cpu_ms": round(1000 * baseline_cpu[0] / max(baseline_cpu[1], 1), 3),
            "analysis_cpu_ms": round(1000 * analysis_cpu[0] / max(len(analyses), 1), 3),
            "statements": round(result.statements, 3),
            # wall ms a message: the commits, and classification run during them
            "commit_ms": round(1000 * sum(end - start for start, end in commits)
                               / result.messages, 3),
            "classified_in_commit_ms": round(1000 * _overlap(analyses, commits)
                                             / result.messages, 3),
            "load_1min": os.getloadavg()[0]}


def _overlap(spans: list[tuple[float, float]], others: list[tuple[float, float]]) -> float:
    """Seconds of ``spans`` inside ``others`` (each list in time order, ``others`` disjoint)."""
    total, first = 0.0, 0
    for start, end in spans:
        while first < len(others) and others[first][1] <= start:
            first += 1
        for other_start, other_end in others[first:]:
            if other_start >= end:
                break
            total += min(end, other_end) - max(start, other_start)
    return total


def main(argv: list[str]) -> int:
    root = Path(argv[argv.index("--root") + 1]).resolve() if "--root" in argv else HERE
    print(json.dumps(run(root)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
