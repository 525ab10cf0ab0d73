"""Short complaints and the category model: choosing the weight, and scoring the held-out part.

    python -m bench.short_category --cv [--weights 0,1,2,4] [--data PATH]
    python -m bench.short_category --heldout MODEL [MODEL ...]

``--cv``: one stratified 5-fold split of the reference file and one of the short corpus's
``train`` rows; fold k trains on every other fold of both (the short rows weighted W) and is
scored on fold k of each, so the weight is chosen without the ``heldout`` rows.  W = 0 leaves the
short rows out (the reference figure).  ``--heldout``: each model's accuracy on the corpus's
``heldout`` rows, and how many of them it would route on its own (its held-out precision at
the message's confidence ≥ 0.97, else the 0.5 confidence threshold), and how many of those wrongly.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from nlp import Analyzer
from nlp.dataset import read_examples
from nlp.short_corpus import read_short
from nlp.tokenizer import Tokenizer
from nlp.training import Prepared, TrainConfig, _fit_model, _folds, _prepare, dedupe, metrics

_REFERENCE = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "petitions-7class" / "train.tsv"


def cross_validate(data: Path, weights: list[float], folds: int = 5) -> dict[str, dict[str, object]]:
    """The joint cross-validation of the module docstring, one result per weight."""
    config = TrainConfig()
    tokenizer = Tokenizer()
    base = dedupe(read_examples(data))
    seen = {example.text for example in base}
    short = [example for example in dedupe(read_short("train")) if example.text not in seen]
    prepared_base = _prepare(base, tokenizer, config, False)
    prepared_short = _prepare(short, tokenizer, config, False)
    classes = sorted({example.label for example in (*base, *short)})
    base_folds = _folds([item.label for item in prepared_base], folds, config.seed)
    short_folds = _folds([item.label for item in prepared_short], folds, config.seed)
    results: dict[str, dict[str, object]] = {}
    for weight in weights:
        predicted_base = [""] * len(prepared_base)
        predicted_short = [""] * len(prepared_short)
        for fold in range(folds):
            held_base, held_short = set(base_folds[fold]), set(short_folds[fold])
            train: list[Prepared] = [item for i, item in enumerate(prepared_base) if i not in held_base]
            if weight > 0:
                train += [replace(item, weight=weight)
                          for i, item in enumerate(prepared_short) if i not in held_short]
            vectorizer, coefficients, bias = _fit_model(train, classes, config)
            for indices, prepared, predicted in ((held_base, prepared_base, predicted_base),
                                                 (held_short, prepared_short, predicted_short)):
                for index in indices:
                    vector = vectorizer.vector(prepared[index].counts)
                    scores = vector.values @ coefficients[vector.indices] + bias
                    predicted[index] = classes[int(np.argmax(scores))]
        reference = metrics([item.label for item in prepared_base], predicted_base)
        own = metrics([item.label for item in prepared_short], predicted_short)
        results[str(weight)] = {
            "reference_accuracy": reference["accuracy"], "reference_macro_f1": reference["macro_f1"],
            "short_accuracy": own["accuracy"], "short_macro_f1": own["macro_f1"],
            "n_reference": len(prepared_base), "n_short": len(prepared_short),
        }
        print(json.dumps({str(weight): results[str(weight)]}, ensure_ascii=False), file=sys.stderr)
    return results


def score_heldout(model_path: Path, *, target: float = 0.97, threshold: float = 0.5) -> dict[str, object]:
    """One model on the ``heldout`` rows: accuracy, and what it would route by itself."""
    analyzer = Analyzer.load(model_path)
    truth, predicted = [], []
    routed = wrong = 0
    for example in read_short("heldout"):
        # Through the analyzer, as the bot reads a message (pinyin glossed, places masked).
        result = analyzer.analyze(example.text)
        truth.append(example.label)
        predicted.append(result.category)
        precision = result.category_precision
        sure = precision >= target if precision is not None else result.category_confidence >= threshold
        if sure:
            routed += 1
            wrong += result.category != example.label
    return {**metrics(truth, predicted), "routed": routed, "routed_wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.short_category", description=__doc__)
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--weights", default="0,1,2,4")
    parser.add_argument("--data", type=Path, default=_REFERENCE)
    parser.add_argument("--heldout", type=Path, nargs="*", default=[])
    arguments = parser.parse_args(argv)
    if arguments.cv:
        weights = [float(value) for value in arguments.weights.split(",")]
        print(json.dumps(cross_validate(arguments.data, weights), ensure_ascii=False, indent=1))
    for path in arguments.heldout:
        result = score_heldout(path)
        result.pop("per_label", None)
        print(json.dumps({str(path): result}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
