"""The dialogue judgements of issue 15 against issue 6's budgets.

    python -m bench.dialogue_bench       # one JSON object per figure
    python run.py bench dialogue         # the same, into docs/BENCHMARKS.md

The dialogue judgements (intent, emergency, accusation, route) are classification in issue 6's
sense: normalize, cut with jieba, extract features, score.  Their throughput is measured beside
jieba's own cut of the same texts in the same process, on the long board messages of issue 6
(when ``../shared/data`` is present) and on the dialogue phrasings (short chat messages, where
jieba's cut is so quick that any fixed cost shows).  The whole ``analyze()`` (places, particulars
and the category as well) is reported beside them.
Cold start and memory are taken in a fresh interpreter, as in ``bench.nlp_bench``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

from bench.nlp_bench import ROOT, SHARED_TRAIN

_COLD_START = """
import time, resource
started = time.perf_counter()
from nlp import Analyzer
analyzer = Analyzer.load()
analyzer.analyze("我现在就在楼顶，不给钱就跳下去")
elapsed = time.perf_counter() - started
rss_kb = 0
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith("VmRSS:"):
            rss_kb = int(line.split()[1])
print(elapsed, rss_kb or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


# The same start and first analysis with an empty dialogue model (no features, no file read):
# what the analyzer cost before issue 15, measured in the same conditions.
_COLD_START_WITHOUT = """
import time, resource
started = time.perf_counter()
import numpy as np
from nlp import Analyzer
from nlp.dialogue_model import HEADS, DialogueModel, Head
from nlp.model import LinearModel, shipped_model_path
from nlp.places import PlaceResolver
from nlp.territory import Territory
from nlp.tokenizer import Tokenizer
labels = {"intent": ("new_petition",), "emergency": ("",), "accusation": ("0", "1"), "route": ("",)}
empty = DialogueModel([], np.zeros(0, np.float32), {
    name: Head(labels[name], np.zeros((0, len(labels[name])), np.float32),
               np.zeros(len(labels[name]), np.float32)) for name in HEADS})
analyzer = Analyzer(Tokenizer(), LinearModel.load(shipped_model_path()),
                    PlaceResolver(Territory.default()), empty)
analyzer.analyze("我现在就在楼顶，不给钱就跳下去")
print(time.perf_counter() - started, 0)
"""


def _cold(script: str) -> tuple[float, float]:
    """Best start time and largest resident memory (MB) over three fresh interpreters."""
    starts: list[float] = []
    rss: list[float] = []
    for _ in range(3):
        output = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.split()
        starts.append(float(output[0]))
        rss.append(int(output[1]) / 1024)
    return min(starts), max(rss)


def _rate(function: Callable[[str], object], texts: Sequence[str], repeats: int = 3) -> float:
    """Messages per second, best of ``repeats`` passes."""
    import time

    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            function(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def _figure(name: str, value: float, baseline_name: str, baseline: float, unit: str,
            target: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "value": round(value, 3), "baseline_name": baseline_name,
            "baseline": round(baseline, 3), "unit": unit, "target": target, **extra}


def run() -> list[dict[str, Any]]:
    """Throughput ratios to jieba, cold start and resident memory."""
    import jieba

    from nlp import Analyzer
    from nlp.dialogue_model import DialogueModel
    from nlp.dialogue_training import DEV, words_of
    from nlp.normalize import normalize
    from nlp.phrasings import corpus_path, read_phrasings
    from nlp.tokenizer import default_cache_dir, quiet_jieba

    analyzer = Analyzer.load()
    plain = jieba.Tokenizer()  # jieba's defaults, as in bench.nlp_bench
    plain.tmp_dir = str(default_cache_dir())
    with quiet_jieba():
        plain.initialize()
    sets = [("dialogue phrasings", [row.text for row in read_phrasings(corpus_path(DEV))])]
    if SHARED_TRAIN.exists():
        from nlp.dataset import read_examples

        sets.append(("shared train.tsv", [e.text for e in read_examples(SHARED_TRAIN)[:1000]]))
    model = DialogueModel.load()
    tokenizer = analyzer.tokenizer

    def judge(text: str) -> object:
        # What the analyzer runs: features and heads over one surface of the text.
        normalized = normalize(text)
        return model.judge_message(normalized, words_of(normalized, tokenizer))

    figures: list[dict[str, Any]] = []
    for source, texts in reversed(sets):
        for text in texts[:50]:
            plain.lcut(text)
            judge(text)
        baseline = _rate(plain.lcut, texts)
        figures.append(_figure(f"dialogue judgements msgs/s ({source})", _rate(judge, texts),
                               "jieba lcut only msgs/s", baseline, "msgs/s", ">= 0.7 x baseline",
                               min_ratio=0.7))
        figures.append(_figure(f"full analyze() msgs/s ({source})", _rate(analyzer.analyze, texts),
                               "jieba lcut only msgs/s", baseline, "msgs/s", "informational"))
    without, _ = _cold(_COLD_START_WITHOUT)
    start, rss = _cold(_COLD_START)
    # On a busy machine the absolute start time says more about the neighbours than about us:
    # the same start without the dialogue model, measured alongside, is the baseline.
    figures.append(_figure("cold start to first analysis (with the dialogue model)", start,
                           "the same start without the dialogue model", without, "s",
                           "<= 1.5 s on an idle machine", max_value=1.5))
    figures.append(_figure("resident memory after load (with the dialogue model)", rss,
                           "issue 6 budget", 300.0, "MB", "<= 300", max_value=300.0))
    return figures


def main() -> int:
    """Print each figure as one JSON line."""
    for figure in run():
        print(json.dumps(figure, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
