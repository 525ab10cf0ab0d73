"""``nlp train``, ``nlp eval`` and ``nlp promote``: the lead wires :func:`main` to
``python run.py nlp ...``.

    train --data PATH [--out MODEL] [--cv N] [--short-weight W]
    train --from-store [--since DATE] [--data BASE] [--out MODEL] [--cv N]
    eval  --model MODEL --data PATH [--json] [--report DIR]
    promote MODEL [--tolerance X] [--force]
    train-matters [--data DIR] [--out MODEL]     (the same-matter pair model)
    eval-matters  [--model MODEL] [--heldout PATH] [--json]
    train-dialogue [--train PATH] [--dev PATH] [--out MODEL] [--intent-tol T]
                   [--with-corrections [--store URL]]
                   (intent, emergency, accusation, route; clerks' corrections from the case store)
    eval-dialogue  [--model MODEL] [--heldout PATH] [--json]

``--from-store`` and ``promote`` need the bot's case store; ``nlp`` cannot open it (it imports
nothing of the project), so the caller passes a function that returns the bureau's confirmed
and corrected cases (:data:`StoreExamples`), the clerks' corrections of the dialogue's
judgements (:data:`StoreCorrections`) and the path of the model in use.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from nlp.dataset import Example
from nlp.errors import NlpError, PromotionRefused

if TYPE_CHECKING:
    from nlp.dialogue_training import Correction

#: Where ``train`` writes when ``--out`` is not given.
DEFAULT_MODEL = Path("nlp-model.npz")
#: The bureau's labelled cases with a verdict given on or after the date (None: all).
StoreExamples = Callable[[datetime | None], list[Example]]
#: The clerks' corrections of the dialogue's judgements in the store at the URL (None: the
#: deployment's own store), oldest first.
StoreCorrections = Callable[[str | None], "list[Correction]"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nlp", description="Train and evaluate the category model.")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train a model on a labelled TSV/CSV file or the store")
    train.add_argument("--data", type=Path,
                       help="TSV/CSV with label and text (or title, body); with --from-store: a base file")
    train.add_argument("--from-store", action="store_true",
                       help="train on the bureau's confirmed and corrected cases")
    train.add_argument("--since", type=date.fromisoformat, metavar="DATE",
                       help="with --from-store: only verdicts from this day on (YYYY-MM-DD)")
    train.add_argument("--out", type=Path, default=DEFAULT_MODEL, help=f"model file (default {DEFAULT_MODEL})")
    train.add_argument("--cv", type=int, default=0, metavar="N",
                       help="also report stratified N-fold cross-validation (slower; --from-store: 5)")
    train.add_argument("--own-weight", type=float, default=1.0, metavar="W",
                       help="with --from-store and --data: each own case counts W base examples")
    train.add_argument("--short-weight", type=float, default=0.0, metavar="W",
                       help="with --data: also train on the project's short complaints "
                            "(nlp/corpus/short_complaints.tsv, train part), each counting W messages")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    evaluate = commands.add_parser("eval", help="score a model on a labelled TSV/CSV file")
    evaluate.add_argument("--model", type=Path, required=True)
    evaluate.add_argument("--data", type=Path, required=True)
    evaluate.add_argument("--json", action="store_true", help="print the result as one JSON object")
    evaluate.add_argument("--report", type=Path, metavar="DIR",
                          help="write confusion.png, per_label.tsv, reliability.png, precision_coverage.png")
    promote = commands.add_parser("promote", help="make MODEL the model in use if it is not worse")
    promote.add_argument("model", type=Path)
    promote.add_argument("--tolerance", type=float, default=0.0,
                         help="accept a candidate this much lower (default 0: not worse)")
    promote.add_argument("--force", action="store_true",
                         help="install without comparing (a first model, nothing corrected yet)")
    _matter_commands(commands)
    _dialogue_commands(commands)
    return parser


def _dialogue_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from nlp.dialogue_training import DEV, INTENT_TOL, TRAIN
    from nlp.phrasings import corpus_path

    train = commands.add_parser("train-dialogue",
                                help="fit the intent / emergency / accusation / route model")
    train.add_argument("--train", type=Path, default=corpus_path(TRAIN))
    train.add_argument("--dev", type=Path, default=corpus_path(DEV),
                       help="sets the thresholds (emergency: every dev emergency kept)")
    train.add_argument("--out", type=Path, default=None,
                       help="model file (default: the one shipped in nlp/data)")
    train.add_argument("--with-corrections", action="store_true",
                       help="add the clerks' corrections of intent and emergency from the case "
                            "store (they override the corpus's label of the same text)")
    train.add_argument("--store", default=None,
                       help="database URL of the case store (default: the deployment's)")
    train.add_argument("--intent-tol", type=float, default=INTENT_TOL,
                       help="the intent head's lbfgs tolerance (default %(default)g: converged, "
                            "so that retrains are reproducible)")
    train.add_argument("--quiet", action="store_true")
    evaluate = commands.add_parser("eval-dialogue", help="figures of the dialogue judgements")
    evaluate.add_argument("--model", type=Path, default=None, help="default: the shipped one")
    evaluate.add_argument("--heldout", type=Path, default=corpus_path(HELDOUT_PHRASINGS),
                          help="labelled phrasings never tuned on (absent: dev is used, and said)")
    evaluate.add_argument("--audit", type=Path, default=None,
                          help="a blind audit of the held-out labels by LABEL_GUIDE.md (text, "
                               "column, as_written, by_guide, rule): score against its labels")
    evaluate.add_argument("--json", action="store_true")


#: The held-out phrasings, written apart from the corpus by someone else.
HELDOUT_PHRASINGS = "heldout_dialogue.tsv"


def _dialogue(arguments: argparse.Namespace,
              store_corrections: StoreCorrections | None = None) -> int:
    from nlp import dialogue_eval, dialogue_training
    from nlp.analyzer import Analyzer
    from nlp.dialogue_model import shipped_dialogue_model_path
    from nlp.phrasings import apply_audit, corpus_path, read_phrasings

    if arguments.command == "train-dialogue":
        from nlp.dialogue_training import DialogueConfig
        from nlp.tokenizer import Tokenizer

        say = None if arguments.quiet else (lambda message: print(message, file=sys.stderr))
        corrections: list[Correction] = []
        if arguments.store and not arguments.with_corrections:
            print("nlp train-dialogue: --store is read only with --with-corrections",
                  file=sys.stderr)
            return 2
        if arguments.with_corrections:
            if store_corrections is None:
                print("nlp train-dialogue: --with-corrections needs the case store "
                      "(run it as `python run.py nlp train-dialogue --with-corrections`)",
                      file=sys.stderr)
                return 2
            corrections = store_corrections(arguments.store)
        model = dialogue_training.train(Tokenizer(), train_path=arguments.train,
                                        dev_path=arguments.dev, corrections=corrections,
                                        config=DialogueConfig(intent_tol=arguments.intent_tol),
                                        progress=say)
        out = arguments.out or shipped_dialogue_model_path()
        model.save(out)
        print(f"dialogue model written to {out}: {len(model.features)} features, thresholds "
              + ", ".join(f"{name} {value:.2f}" for name, value in model.meta["thresholds"].items()),
              file=sys.stderr)
        if arguments.with_corrections:
            used = model.meta.get("corrections", {})
            # Counts only: the corrected texts are petitioners' words and stay out of output.
            print(f"corrections: {len(corrections)} read, "
                  f"{sum(used.values())} used (intent {used.get('intent', 0)}, "
                  f"emergency {used.get('emergency', 0)})", file=sys.stderr)
        return 0
    path: Path = arguments.heldout
    if path.exists():
        source = f"held-out {path}"
    else:
        print(f"nlp eval-dialogue: no held-out file at {path}; evaluating on the dev split "
              "instead, whose thresholds were picked on it: these are NOT held-out figures",
              file=sys.stderr)
        path = corpus_path(dialogue_training.DEV)
        source = f"dev {path} (no held-out file; thresholds were picked on dev)"
    rows = read_phrasings(path)
    if arguments.audit is not None:
        rows, changed = apply_audit(rows, arguments.audit)
        source += f", {changed} labels as audited in {arguments.audit}"
    analyzer = Analyzer.load(dialogue_model_path=arguments.model)
    result = dialogue_eval.evaluate(analyzer, rows, source=source)
    if arguments.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{result['source']}: n={result['n']}")
    for name, row in result["targets"].items():
        print(f"  {name}\t{row['value']}\t(target {row['target']}: "
              f"{'met' if row['met'] else 'NOT met'})")
    print(f"  emergency precision\t{result['emergency']['precision']}")
    print(f"  accusation precision\t{result['accusation']['precision']}")
    for label, row in result["intent"]["per_class"].items():
        print(f"  intent {label}\tP={row['precision']} R={row['recall']} n={row['support']}")
    return 0


def _matter_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from nlp.matter_training import HELDOUT, PAIRS

    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    train = commands.add_parser("train-matters", help="fit the same-matter pair model")
    train.add_argument("--data", type=Path, default=shared,
                       help=f"in-domain petitions for the IDF (default {shared})")
    train.add_argument("--pairs", type=Path, default=None,
                       help=f"one pair file (default: every author's, like {PAIRS.name})")
    train.add_argument("--out", type=Path, default=None,
                       help="model file (default: the one shipped in nlp/data)")
    train.add_argument("--quiet", action="store_true")
    evaluate = commands.add_parser("eval-matters", help="precision and recall of same-matter")
    evaluate.add_argument("--model", type=Path, default=None, help="default: the shipped one")
    evaluate.add_argument("--pairs", type=Path, default=None,
                          help="one pair file (default: every author's)")
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
        latent = matter_training.fit_latent(texts, tokenizer, idf)
        topics = matter_training.fit_topics(texts, tokenizer)
        model = matter_training.train(tokenizer, idf, latent=latent, topics=topics,
                                      pairs_path=arguments.pairs,
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


def main(argv: list[str], *, store_examples: StoreExamples | None = None,
         active_model: Path | None = None,
         store_corrections: StoreCorrections | None = None) -> int:
    """Run one command; returns the process exit status (0 ok, 1 bad input or refused, 2 usage)."""
    arguments = _parser().parse_args(argv)
    if arguments.command in ("train-dialogue", "eval-dialogue"):
        try:
            return _dialogue(arguments, store_corrections)
        except NlpError as exc:
            print(f"nlp {arguments.command}: {exc}", file=sys.stderr)
            return 1
    if arguments.command in ("train-matters", "eval-matters"):
        try:
            return _matters(arguments)
        except NlpError as exc:
            print(f"nlp {arguments.command}: {exc}", file=sys.stderr)
            return 1
    # Imported late so that `--help` answers at once (training pulls in scikit-learn).
    from nlp import training

    try:
        if arguments.command == "train" and arguments.from_store:
            return _train_own(arguments, store_examples, active_model)
        if arguments.command == "train":
            if arguments.data is None:
                print("nlp train: give --data FILE or --from-store", file=sys.stderr)
                return 2
            summary = training.train(arguments.data, arguments.out, progress=not arguments.quiet,
                                     short_weight=arguments.short_weight)
            print(f"model written to {summary['model']}: {summary['examples']} examples"
                  + (f" ({summary['short_rows']} short complaints × {summary['short_weight']:g})"
                     if summary.get("short_rows") else "")
                  + f", labels {', '.join(summary['labels'])}", file=sys.stderr)
            if arguments.cv:
                from nlp.dataset import read_examples

                result = training.cross_validate(
                    read_examples(arguments.data), folds=arguments.cv, progress=not arguments.quiet
                )
                print(json.dumps({key: result[key] for key in ("n", "folds", "accuracy", "macro_f1", "fold_macro_f1")},
                                 ensure_ascii=False))
            return 0
        if arguments.command == "promote":
            return _promote(arguments, store_examples, active_model)
        result = training.evaluate(arguments.model, arguments.data, arguments.report)
    except PromotionRefused as exc:
        print(f"nlp {arguments.command}: refused: {exc}", file=sys.stderr)
        return 1
    except NlpError as exc:
        print(f"nlp {arguments.command}: {exc}", file=sys.stderr)
        return 1
    if arguments.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"n={result['n']} accuracy={result['accuracy']:.4f} macro_f1={result['macro_f1']:.4f} "
              f"top3={result['top3_accuracy']:.4f} ece={result['ece']:.4f} "
              f"coverage@0.97={result['coverage_at_precision']['0.97']:.4f} "
              f"msgs/s={result['msgs_per_s']:.0f}")
        for label, row in result["per_label"].items():
            print(f"  {label}\tP={row['precision']:.3f} R={row['recall']:.3f} F1={row['f1']:.3f} n={row['support']}")
    return 0


def _since(arguments: argparse.Namespace) -> datetime | None:
    day: date | None = getattr(arguments, "since", None)
    return datetime(day.year, day.month, day.day) if day else None


def _train_own(arguments: argparse.Namespace, store_examples: StoreExamples | None,
               active_model: Path | None) -> int:
    from nlp import training
    from nlp.dataset import read_examples
    from nlp.promotion import active_model as load_active

    if store_examples is None:
        print("nlp train: --from-store needs the case store (run it as `python run.py nlp ...`)",
              file=sys.stderr)
        return 2
    own = store_examples(_since(arguments))
    if not own:
        print("nlp train: no confirmed or corrected cases in the store"
              + (f" since {arguments.since}" if arguments.since else ""), file=sys.stderr)
        return 1
    base = read_examples(arguments.data) if arguments.data else []
    summary = training.train_own(
        own, arguments.out, base=base,
        active=load_active(active_model) if active_model is not None else None,
        since=arguments.since.isoformat() if arguments.since else "",
        folds=arguments.cv or 5, progress=not arguments.quiet, own_weight=arguments.own_weight)
    print(f"model written to {summary['model']}: {summary['own']} own cases"
          + (f" + {summary['base']} base examples" if summary["base"] else ""), file=sys.stderr)
    print(json.dumps({"own": summary["own"], "base": summary["base"],
                      "candidate_cross_validated": summary["candidate"],
                      "model_in_use": summary["active"]}, ensure_ascii=False))
    return 0


def _promote(arguments: argparse.Namespace, store_examples: StoreExamples | None,
             active_model: Path | None) -> int:
    from nlp.model import LinearModel
    from nlp.promotion import FROM_STORE, promote

    if store_examples is None or active_model is None:
        print("nlp promote: needs the case store and the model in use (run it as "
              "`python run.py nlp promote MODEL`)", file=sys.stderr)
        return 2
    recorded = LinearModel.load(arguments.model).meta.get(FROM_STORE) or {}
    since = recorded.get("since") if isinstance(recorded, dict) else ""
    start = date.fromisoformat(since) if since else None
    examples = store_examples(datetime(start.year, start.month, start.day) if start else None)
    record = promote(arguments.model, active_model, examples, tolerance=arguments.tolerance,
                     force=arguments.force)
    figures = record["figures"]
    if figures.get("forced"):
        print(f"installed {arguments.model} as {active_model} without comparing (--force); "
              "a running serve picks it up at its next batch", file=sys.stderr)
        return 0
    print(f"promoted {arguments.model} to {active_model}: on {figures['n']} cases "
          f"accuracy {figures['candidate']['accuracy']:.4f} (in use {figures['active']['accuracy']:.4f}), "
          f"macro-F1 {figures['candidate']['macro_f1']:.4f} (in use {figures['active']['macro_f1']:.4f}); "
          "a running serve picks it up at its next batch", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
