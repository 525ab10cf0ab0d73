"""What the matter judgement costs a message (issue 16 item 1: it runs on every new one).

    python -m bench.matter_cost_bench [--root DIR]    # one JSON object per line

Signing a text (normalize, tokenize, read its parts, three vectors, MinHash) and comparing one
signature with another are timed on the project's hand-written petitions and pairs, as ratios
to tokenizing the same texts (what every message already pays for the analyzer), measured in
the same process. ``--root`` measures another checkout's ``nlp`` (e.g. main before a change)
with the same texts, so two runs side by side compare two versions.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
ROUNDS = 5


def _best(step: Callable[[], object]) -> float:
    """The fastest of :data:`ROUNDS` runs: the least disturbed by other work on the machine."""
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times)


def run(root: Path) -> list[dict[str, object]]:
    sys.path.insert(0, str(root))
    from nlp.matter import MatterJudge
    from nlp.matter_corpus import read_groups
    from nlp.normalize import normalize
    from nlp.tokenizer import Tokenizer

    texts = [p.text for m in read_groups(HERE / "nlp" / "corpus" / "matter_groups.txt")
             for p in m.petitions]
    tokenizer = Tokenizer()
    judge = MatterJudge.load(tokenizer)
    tokenizer.terms(normalize(texts[0]))  # load the dictionary outside the timing
    signed = [judge.sign(text) for text in texts]
    pairs = [(signed[i], signed[(i * 7 + 3) % len(signed)]) for i in range(len(signed))]
    tokenize = _best(lambda: [tokenizer.terms(normalize(text)) for text in texts])
    sign = _best(lambda: [judge.sign(text) for text in texts])
    compare = _best(lambda: [judge.compare(a, b) for a, b in pairs])
    load = os.getloadavg()[0]
    common = {"root": str(root), "texts": len(texts), "load_1min": round(load, 2)}
    return [
        {"name": "sign / tokenize", "value": round(sign / tokenize, 3), **common},
        {"name": "16 comparisons / tokenize",
         "value": round(16 * compare / tokenize, 3), **common},
        {"name": "sign ms per text", "value": round(1000 * sign / len(texts), 3), **common},
        {"name": "compare µs per pair", "value": round(1e6 * compare / len(pairs), 1), **common},
    ]


def main(argv: list[str]) -> int:
    root = Path(argv[argv.index("--root") + 1]).resolve() if "--root" in argv else HERE
    for row in run(root):
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
