"""Where the SQLite decide's CPU goes, by part, without a profiler's distortion (issue 17).

    cd /tmp && python /path/to/bench/decide_budget.py [--root DIR]     # one JSON line

One ``bench.decide_bench.sqlite_run`` of ``--root``'s code (default: this checkout; run as a
file from outside a checkout, as ``bench/decide_write_time.py``), with ``time.thread_time``
summed around each part below over the mix only: CPU ms a decided message and calls, each
part inclusive of the parts it calls (the indentation of the names). A profiler's hooks
cost several times the calls they time (cProfile put the write thread at 4.5 ms a message
against 1.1 unprofiled), so its shares overstate call-heavy Python; these wrappers cost
one pair of clock reads a call, on parts called at most a few times a message.

On a quiet machine the decide's wall time a message equals its CPU a message (session 15's
five runs: within 0.05 ms), so the ratio to the classifier is a ratio of CPU: this budget is
the one to cut.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]


def run(root: Path) -> dict[str, Any]:
    sys.path.insert(0, str(root))
    from sqlalchemy.orm import Session

    import bench.decide_bench as decide
    import bot.batchlookups as lookups
    from bot import cases, intake, matters
    from bot.dialogue import conversation, matter
    from nlp import Analyzer
    from nlp.matter import MatterJudge
    from storage import prepared
    from storage.store import Store

    if not Path(decide.__file__).resolve().is_relative_to(root):
        raise SystemExit(f"bench imported from {decide.__file__}, not {root}: run as a file")
    # (owner, attribute, name): the names indented under what calls them
    parts: list[tuple[Any, str, str]] = [
        (Store, "write_sync", "write thread: the decide's transactions"),
        (intake, "_lock_messages", "  the batch's rows read"),
        (lookups.BatchLookups, "read", "  the batch's senders read"),
        (intake.DurableIntake, "_meet_new_senders", "  new senders"),
        (conversation.Conversation, "respond", "  the dialogue"),
        (matter.NewMatter, "register", "    registering a new matter"),
        (cases, "register", "      cases.register"),
        (matters.MatterIndex, "on_registered", "      the matter index"),
        (matters.MatterIndex, "store", "        signature and keys stored"),
        (matters.MatterIndex, "_collective", "        the collective check"),
        (matters.MatterIndex, "_collective_stored", "          over stored candidates"),
        (matters.MatterIndex, "_alerted_members", "          the latest alert"),
        (MatterJudge, "score", "          pair scores"),
        (matters, "_for_a_person", "        flagged for a person"),
        (intake, "_settle", "  the message's own UPDATE"),
        (Session, "commit", "  commits"),
        (prepared.PreparedQuery, "rows", "  driver-level reads (all)"),
        (Store, "read_sync", "reader threads"),
        (intake.DurableIntake, "_understand", "analysis (in the processor)"),
        (Analyzer, "analyze", "  the classifier's own work"),
        # Either thread: the processor signs new petitions, the dialogue what else it needs.
        (MatterJudge, "sign", "signing for the matter index (either thread)"),
    ]
    spent: dict[str, list[float]] = {name: [0.0, 0] for _, _, name in parts}
    counting = [False]

    def timed(original: Callable[..., Any], name: str) -> Callable[..., Any]:
        kept = spent[name]

        def part(*args: Any, **options: Any) -> Any:
            if not counting[0]:
                return original(*args, **options)
            started = time.thread_time()
            try:
                return original(*args, **options)
            finally:
                kept[0] += time.thread_time() - started
                kept[1] += 1
        return part

    for owner, attribute, name in parts:
        setattr(owner, attribute, timed(getattr(owner, attribute), name))
    store_all = decide._store_all

    async def mix_starts(core: Any, saids: list[Any], prefix: str) -> None:
        if prefix == "mix":
            counting[0] = True
        await store_all(core, saids, prefix)

    decide._store_all = mix_starts
    with tempfile.TemporaryDirectory() as folder:
        result = decide.sqlite_run(Analyzer.load(), Path(folder))
    done = result.messages
    return {"root": str(root), "messages": done, "cpu_ms": round(result.cpu_ms, 3),
            "wall_ms": round(1000 / result.rate, 3),
            "classifier_ms": round(1000 / result.classifier, 3),
            "ratio": round(result.rate / result.classifier, 3),
            "parts": {name: [round(1000 * cpu / done, 4), int(calls)]
                      for name, (cpu, calls) in spent.items()},
            "load_1min": os.getloadavg()[0]}


def main(argv: list[str]) -> int:
    root = Path(argv[argv.index("--root") + 1]).resolve() if "--root" in argv else HERE
    print(json.dumps(run(root), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
