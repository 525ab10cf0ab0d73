"""Benchmarks of ``nlp`` against the targets of issue 6.

    python -m bench.nlp_bench            # prints one JSON object per line

``run()`` returns one dict per figure: ``{"name", "value", "baseline_name", "baseline", "unit",
"target"}``.  Throughput is measured on the shared labelled texts when ``../shared/data`` is
present, else on the package's own seed corpus; both sides of a ratio run in the same process
on the same texts, so the ratio holds across machines even when absolute numbers do not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_TRAIN = ROOT.parent / "shared" / "data" / "petitions-7class" / "train.tsv"
MODEL_ENV = "NLP_BENCH_MODEL"  # a model file to measure instead of the shipped one

_COLD_START = """
import time, resource
started = time.perf_counter()
from pathlib import Path
from nlp import Analyzer
import os
model = os.environ.get("NLP_BENCH_MODEL")
analyzer = Analyzer.load(Path(model) if model else None)
analyzer.analyze("我要投诉小区噪音扰民")
elapsed = time.perf_counter() - started
# The dictionary is read as texts need it: memory is taken with all of it in, as after a day.
analyzer.tokenizer.warm()
rss_kb = 0
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith("VmRSS:"):
            rss_kb = int(line.split()[1])
print(elapsed, rss_kb or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _texts(limit: int = 3000) -> tuple[list[str], str]:
    from nlp.dataset import read_examples

    if SHARED_TRAIN.exists():
        return [example.text for example in read_examples(SHARED_TRAIN)[:limit]], "shared train.tsv"
    from nlp.seed import seed_examples

    seed = [example.text for example in seed_examples()]
    return (seed * (limit // len(seed) + 1))[:limit], "seed corpus"


def _rates(functions: Sequence[Callable[[str], object]], texts: Sequence[str],
           repeats: int = 3) -> list[float]:
    """Messages per second of each function, best of ``repeats`` passes (the least disturbed).

    The passes alternate (one of each function per round): on a shared machine the load moves
    within a minute, and a ratio of two sides timed minutes apart measures the neighbours.
    """
    best = [float("inf")] * len(functions)
    for _ in range(repeats):
        for position, function in enumerate(functions):
            started = time.perf_counter()
            for text in texts:
                function(text)
            best[position] = min(best[position], time.perf_counter() - started)
    return [len(texts) / seconds for seconds in best]


def _figure(name: str, value: float, baseline_name: str, baseline: float, unit: str, target: str) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 3),
        "baseline_name": baseline_name,
        "baseline": round(baseline, 3),
        "unit": unit,
        "target": target,
    }


def run() -> list[dict[str, Any]]:
    """Measure throughput ratios, cold start and resident memory."""
    import jieba

    from nlp import Analyzer
    from nlp.normalize import normalize
    from nlp.tokenizer import default_cache_dir, quiet_jieba

    model = os.environ.get(MODEL_ENV)
    analyzer = Analyzer.load(Path(model) if model else None)
    texts, source = _texts()
    plain = jieba.Tokenizer()  # jieba's defaults: main dictionary, HMM on
    plain.tmp_dir = str(default_cache_dir())
    with quiet_jieba():
        plain.initialize()
    # Warm both sides up (regex caches, first-use allocations) before timing.
    for text in texts[:50]:
        plain.lcut(text)
        analyzer.classify(text)
    baseline, classify, full, normalized = _rates(
        [plain.lcut, analyzer.classify, analyzer.analyze, normalize], texts)
    figures = [
        _figure(f"classification msgs/s ({source})", classify, "jieba lcut only msgs/s", baseline,
                "msgs/s", ">= 0.7 x baseline"),
        _figure("classification / jieba throughput ratio", classify / baseline, "target ratio", 0.7,
                "ratio", ">= 0.7"),
        _figure(f"full analyze() msgs/s ({source})", full, "jieba lcut only msgs/s", baseline,
                "msgs/s", "informational"),
        _figure("normalize() msgs/s", normalized, "jieba lcut only msgs/s", baseline,
                "msgs/s", "informational"),
    ]
    starts: list[float] = []
    rss: list[float] = []
    for _ in range(3):
        # A fresh interpreter each time: "cold" means nothing imported yet (the stored prefix
        # dictionary on disk exists after the first run, as it does on a server after its first
        # start).
        output = subprocess.run(
            [sys.executable, "-c", _COLD_START], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        starts.append(float(output[0]))
        rss.append(int(output[1]) / 1024)
    figures.append(_figure("cold start to first analysis", min(starts), "issue 6 budget", 1.5, "s", "<= 1.5"))
    figures.append(_figure("resident memory after load", max(rss), "issue 6 budget", 300.0, "MB", "<= 300"))
    return figures


def main() -> int:
    """Print each figure as one JSON line."""
    for figure in run():
        print(json.dumps(figure, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
