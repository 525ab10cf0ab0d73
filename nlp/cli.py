"""``nlp train`` and ``nlp eval``: the lead wires :func:`main` to ``python run.py nlp ...``.

    train --data PATH [--out MODEL] [--cv N]
    eval  --model MODEL --data PATH [--json] [--report DIR]
    train-matters [--data DIR] [--out MODEL]     (the same-matter pair model)
    eval-matters  [--model MODEL] [--heldout PATH] [--json]
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
    _matter_commands(commands)
    return parser


def _matter_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from nlp.matter_training import HELDOUT, PAIRS

    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    train = commands.add_parser("train-matters", help="fit the same-matter pair model")
    train.add_argument("--data", type=Path, default=shared,
                       help=f"in-domain petitions for the IDF (default {shared})")
    train.add_argument("--pairs", type=Path, default=PAIRS)
    train.add_argument("--out", type=Path, default=None,
                       help="model file (default: the one shipped in nlp/data)")
    train.add_argument("--quiet", action="store_true")
    evaluate = commands.add_parser("eval-matters", help="precision and recall of same-matter")
    evaluate.add_argument("--model", type=Path, default=None, help="default: the shipped one")
    evaluate.add_argument("--pairs", type=Path, default=PAIRS)
    evaluate.add_argument("--heldout", type=Path, default=HELDOUT,
                          help="pairs written by someone else, reported when present")
    evaluate.add_argument("--json", action="store_true")


def _matters(arguments: argparse.Namespace) -> int:
    from importlib import resources

    from nlp import matter_training
    from nlp.matter import MatterJudge
    from nlp.tokenizer import Tokenizer

    tokenizer = Tokenizer()
    if arguments.command == "train-matters":
        texts = matter_training.in_domain_texts(arguments.data)
        idf = matter_training.fit_idf(texts, tokenizer)
        model = matter_training.train(tokenizer, idf, pairs_path=arguments.pairs,
                                      progress=not arguments.quiet)
        out = arguments.out or Path(str(resources.files("nlp.data").joinpath("matter_model.npz")))
        model.save(out)
        print(f"matter model written to {out}: threshold {model.threshold:.3f}, "
              f"{len(texts)} texts for the IDF", file=sys.stderr)
        return 0
    judge = MatterJudge.load(tokenizer, arguments.model)
    result = matter_training.report(judge, pairs_path=arguments.pairs,
                                    heldout_path=arguments.heldout)
    if arguments.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"threshold {result['threshold']}")
    folded = result["model"].get("cross_validated")
    if folded:
        print(f"train, cross-validated by family: precision={folded['precision']:.3f} "
              f"recall={folded['recall']:.3f} f1={folded['f1']:.3f}")
    for name in ("train", "dev", "heldout"):
        found = result[name]
        if found is None:
            print(f"{name}: no file")
            continue
        print(f"{name}: n={found['n']} precision={found['precision']:.3f} "
              f"recall={found['recall']:.3f} f1={found['f1']:.3f}")
        for kind, row in found["kinds"].items():
            print(f"  {kind}\t{row['right']}/{row['n']} = {row['accuracy']:.3f}")
    return 0


def main(argv: list[str]) -> int:
    """Run one command; returns the process exit status (0 ok, 1 bad input, 2 usage)."""
    arguments = _parser().parse_args(argv)
    if arguments.command in ("train-matters", "eval-matters"):
        try:
            return _matters(arguments)
        except NlpError as exc:
            print(f"nlp {arguments.command}: {exc}", file=sys.stderr)
            return 1
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
