"""Issue 18: how fast a bureau's corrections teach the model a new domain.

    python -m bench.nlp_learning_curve [--out docs/img/learning_curve.png] [--json OUT]

Needs ``../shared/data``.  Two simulated bureaus, each starting from a model trained on the
reference data (deduplicated, the 80% split of :mod:`bench.nlp_robustness`), then retrained
(as ``nlp train --from-store --data BASE`` does: base file plus the bureau's own cases, each
own case weighted by :func:`own_case_weight`, and with weight 1 as shipped) after
25, 50, 100 and 200 cases a clerk confirmed or corrected, drawn at random (seed 0) from the
bureau's own traffic; accuracy is measured on a fixed part of that traffic never corrected.

- **new labels**: the starting model knows five of the seven labels (交通运输 and 卫生计生 never
  seen); the bureau's traffic is the held-out 20%, all seven labels.
- **raw text**: the starting model knows the segmented reference text only; the bureau's
  traffic is raw citizen messages (the 251 this project labelled, ``bench/data/raw_labels.tsv``);
  200 can be corrected, 51 are kept for measuring.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from bench.nlp_robustness import TRAIN, raw_examples, split
from nlp.dataset import Example, read_examples
from nlp.tokenizer import Tokenizer
from nlp.training import TrainConfig, fit, score

STEPS = (0, 25, 50, 100, 200)
UNSEEN = ("交通运输", "卫生计生")
# Calibration folds are not needed to measure accuracy; they would triple the time.
CONFIG = TrainConfig(calibration_folds=0)


#: The most an own case was weighted against one base example.
MAX_OWN_WEIGHT = 10.0


def own_case_weight(own: int, base: int) -> float:
    """The weighting measured: each own case counts so that the own cases together weigh about
    a quarter of the base file, between 1 and :data:`MAX_OWN_WEIGHT`."""
    if not own or not base:
        return 1.0
    return float(min(MAX_OWN_WEIGHT, max(1.0, base / 4 / own)))


def curve(base: list[Example], traffic: list[Example], test: list[Example],
          tokenizer: Tokenizer, name: str, *, weighted: bool) -> list[dict[str, Any]]:
    """Accuracy after each step; ``weighted``: own cases weighted as ``--from-store`` does."""
    order = list(traffic)
    random.Random(0).shuffle(order)
    points = []
    for step in STEPS:
        own = order[:step]
        weight = own_case_weight(len(own), len(base)) if weighted else 1.0
        model = fit(base, own=own, own_weight=weight, config=CONFIG, tokenizer=tokenizer)
        result = score(model, test, tokenizer=tokenizer)
        points.append({"corrected": step, "accuracy": result["accuracy"], "own_weight": weight,
                       "macro_f1": result["macro_f1"], "n_test": result["n"]})
        print(json.dumps({name: points[-1]}, ensure_ascii=False), file=sys.stderr, flush=True)
    return points


def measure(weightings: tuple[bool, ...] = (True, False)) -> dict[str, list[dict[str, Any]]]:
    tokenizer = Tokenizer()
    train, held_out = split(read_examples(TRAIN))
    known = [e for e in train if e.label not in UNSEEN]
    traffic = list(held_out)
    random.Random(1).shuffle(traffic)
    raw = raw_examples()
    random.Random(2).shuffle(raw)
    found = {}
    for weighted in weightings:
        suffix = ", own cases weighted" if weighted else ", weight 1"
        found["new labels" + suffix] = curve(known, traffic[:200], traffic[200:], tokenizer,
                                             "new labels" + suffix, weighted=weighted)
        found["raw text" + suffix] = curve(train, raw[:200], raw[200:], tokenizer,
                                           "raw text" + suffix, weighted=weighted)
    return found


def draw(found: dict[str, list[dict[str, Any]]], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4))
    try:
        for name, points in found.items():
            axes.plot([p["corrected"] for p in points], [p["accuracy"] for p in points],
                      marker="o", label=f"{name} (n test = {points[0]['n_test']})")
        axes.set_xlabel("cases confirmed or corrected by clerks")
        axes.set_ylabel("accuracy on the bureau's other cases")
        axes.set_xticks(list(STEPS))
        axes.set_ylim(0.5, 1.0)
        axes.grid(alpha=0.3)
        axes.legend(loc="lower right")
        axes.set_title("learning from corrections (issue 18)")
        figure.tight_layout()
        out.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(out, dpi=120)
    finally:
        plt.close(figure)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="nlp_learning_curve")
    parser.add_argument("--out", type=Path, default=Path("docs/img/learning_curve.png"))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--weighted-only", action="store_true",
                        help="only the curves with own cases weighted (half the time)")
    arguments = parser.parse_args(argv)
    if not TRAIN.exists():
        print(f"needs {TRAIN}", file=sys.stderr)
        return 1
    found = measure((True,) if arguments.weighted_only else (True, False))
    draw(found, arguments.out)
    if arguments.json:
        arguments.json.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(found, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
