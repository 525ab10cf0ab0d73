"""``nlp train`` and ``nlp eval``: the lead wires :func:`main` to ``python run.py nlp ...``.

    train --data PATH [--out MODEL] [--cv N]
    eval  --model MODEL --data PATH [--json] [--report DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nlp.errors import NlpError

#: Where ``train`` writes when ``--out`` is not given.
DEFAULT_MODEL = Path("nlp-model.npz")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nlp", description="Train and evaluate the category model.")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train a model on a labelled TSV/CSV file")
    train.add_argument("--data", type=Path, required=True, help="TSV/CSV with label and text (or title, body)")
    train.add_argument("--out", type=Path, default=DEFAULT_MODEL, help=f"model file (default {DEFAULT_MODEL})")
    train.add_argument("--cv", type=int, default=0, metavar="N",
                       help="also report stratified N-fold cross-validation (slower)")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    evaluate = commands.add_parser("eval", help="score a model on a labelled TSV/CSV file")
    evaluate.add_argument("--model", type=Path, required=True)
    evaluate.add_argument("--data", type=Path, required=True)
    evaluate.add_argument("--json", action="store_true", help="print the result as one JSON object")
    evaluate.add_argument("--report", type=Path, metavar="DIR", help="write confusion.png and per_label.tsv")
    return parser


def main(argv: list[str]) -> int:
    """Run one command; returns the process exit status (0 ok, 1 bad input, 2 usage)."""
    arguments = _parser().parse_args(argv)
    # Imported late so that `--help` answers at once (training pulls in scikit-learn).
    from nlp import training

    try:
        if arguments.command == "train":
            summary = training.train(arguments.data, arguments.out, progress=not arguments.quiet)
            print(f"model written to {summary['model']}: {summary['examples']} examples, "
                  f"labels {', '.join(summary['labels'])}", file=sys.stderr)
            if arguments.cv:
                from nlp.dataset import read_examples

                result = training.cross_validate(
                    read_examples(arguments.data), folds=arguments.cv, progress=not arguments.quiet
                )
                print(json.dumps({key: result[key] for key in ("n", "folds", "accuracy", "macro_f1", "fold_macro_f1")},
                                 ensure_ascii=False))
            return 0
        result = training.evaluate(arguments.model, arguments.data, arguments.report)
    except NlpError as exc:
        print(f"nlp {arguments.command}: {exc}", file=sys.stderr)
        return 1
    if arguments.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"n={result['n']} accuracy={result['accuracy']:.4f} macro_f1={result['macro_f1']:.4f} "
              f"msgs/s={result['msgs_per_s']:.0f}")
        for label, row in result["per_label"].items():
            print(f"  {label}\tP={row['precision']:.3f} R={row['recall']:.3f} F1={row['f1']:.3f} n={row['support']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
