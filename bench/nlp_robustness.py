"""Issue 18's measurements: each variant of the category model on three evaluation sets.

    python -m bench.nlp_robustness [--variants NAME,...] [--json OUT]

Needs ``../shared/data``.  The labelled reference file is deduplicated and split 80/20
(stratified, seed 0); every variant trains on the same 80% and is scored on:

- ``held-out``: the other 20%, segmented as shipped;
- ``raw``: the messages of ``petitions-raw/messages.tsv`` this project labelled itself
  (``bench/data/raw_labels.tsv``: ids and labels only), read raw as title + body;
- ``other-city``: letters written for this project in the style of other cities
  (``bench/data/other_city.tsv``: 长春, 成都, 哈尔滨; letters, 12345 work orders, questions).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from nlp.dataset import Example, read_examples
from nlp.features import FeatureSpec
from nlp.model import LinearModel
from nlp.tokenizer import Tokenizer
from nlp.training import TrainConfig, _folds, dedupe, fit, score

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
TRAIN = SHARED / "petitions-7class" / "train.tsv"
RAW = SHARED / "petitions-raw" / "messages.tsv"
RAW_LABELS = ROOT / "bench" / "data" / "raw_labels.tsv"
OTHER_CITY = ROOT / "bench" / "data" / "other_city.tsv"

PLAIN = FeatureSpec()
CLEANED = FeatureSpec(strip_letter=True)
MASKED = FeatureSpec(strip_letter=True, mask_places=True)

#: name -> how the model is trained (config and an optional unlabelled-data step).
VARIANTS: dict[str, TrainConfig] = {
    "issue6": TrainConfig(spec=PLAIN, augment=0),
    "strip": TrainConfig(spec=CLEANED, augment=0),
    "strip+mask": TrainConfig(spec=MASKED, augment=0),
    "strip+mask+augment": TrainConfig(spec=MASKED, augment=1),
    "strip+augment": TrainConfig(spec=CLEANED, augment=1),
    "strip+mask+augment+clusters": TrainConfig(spec=MASKED, augment=1, clusters=300),
}
#: Variants that also learn from the unlabelled raw messages (see :func:`self_trained`).
SEMI_SUPERVISED = ("self-train@0.97", "self-train@0.99")


def self_trained(name: str, labelled: list[Example], tokenizer: Tokenizer) -> LinearModel:
    """Self-training: the unlabelled raw messages the first model labels at a held-out
    precision >= the target become training examples (raw text, unlike the reference data)."""
    target = float(name.split("@")[1])
    config = VARIANTS["strip+mask+augment"]
    first = fit(labelled, config=config, tokenizer=tokenizer)
    pseudo: list[Example] = []
    from nlp.normalize import normalize

    for text in unlabelled_texts():
        normalized = normalize(text)
        result = first.classify(normalized, tokenizer.terms(first.category_text(normalized)))
        if result.precision is not None and result.precision >= target:
            pseudo.append(Example(result.label, text))
    print(f"{name}: {len(pseudo)} pseudo-labelled raw messages", file=sys.stderr, flush=True)
    return fit([*labelled, *pseudo], config=config, tokenizer=tokenizer,
               meta={"pseudo_labelled": len(pseudo)})


def split(examples: list[Example], seed: int = 0) -> tuple[list[Example], list[Example]]:
    """Deduplicated examples split 80/20, stratified."""
    unique = dedupe(examples)
    test = set(_folds([e.label for e in unique], 5, seed)[0])
    return ([e for i, e in enumerate(unique) if i not in test],
            [e for i, e in enumerate(unique) if i in test])


def raw_examples(*, blind: bool = False) -> list[Example]:
    """The labelled raw messages, title and body joined as a citizen wrote them.

    ``blind``: the labels as first given, before the scheme's conventions were checked.
    """
    labels: dict[str, str] = {}
    with RAW_LABELS.open(encoding="utf-8") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        labels[row["msg_no"]] = (row["blind_label"] or row["label"]) if blind else row["label"]
    found: list[Example] = []
    csv.field_size_limit(1 << 30)
    with RAW.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = labels.get(row["msg_no"])
            if label:
                found.append(Example(label, f"{row['title']}\n{row['body']}"))
    return found


def unlabelled_texts() -> list[str]:
    """Raw messages and their official replies' questions, without the labelled ones."""
    labelled = {line.split("\t")[0] for line in RAW_LABELS.read_text(encoding="utf-8").splitlines()}
    texts: list[str] = []
    csv.field_size_limit(1 << 30)
    for name in ("messages.tsv", "replies.tsv"):
        with (SHARED / "petitions-raw" / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row["msg_no"] not in labelled:
                    texts.append(f"{row['title']}\n{row['body']}")
    return texts


def sets() -> dict[str, list[Example]]:
    train, held_out = split(read_examples(TRAIN))
    return {"train": train, "held-out": held_out, "raw": raw_examples(),
            "raw-blind": raw_examples(blind=True), "other-city": read_examples(OTHER_CITY)}


def summary(result: dict[str, Any]) -> dict[str, Any]:
    return {key: result[key] for key in ("n", "accuracy", "macro_f1", "top3_accuracy", "ece",
                                         "coverage_at_precision", "at_model_thresholds")}


def measure(
    names: list[str],
    trainer: Callable[[str, list[Example], Tokenizer], LinearModel] | None = None,
    report: Path | None = None,
) -> dict[str, dict[str, Any]]:
    data = sets()
    tokenizer = Tokenizer()
    found: dict[str, dict[str, Any]] = {}
    for name in names:
        if trainer is not None and name not in VARIANTS:
            model = trainer(name, data["train"], tokenizer)
        else:
            config = replace(VARIANTS[name])
            # Clusters learn from the unlabelled raw messages too (never their labels).
            model = fit(data["train"], config=config, tokenizer=tokenizer,
                        unlabelled=unlabelled_texts() if config.clusters else ())
        found[name] = {
            "calibration": model.meta.get("held_out", {}),
            **{key: summary(score(model, data[key], tokenizer=tokenizer,
                                  report_dir=report / name / key if report else None))
               for key in ("held-out", "raw", "raw-blind", "other-city")},
        }
        print(json.dumps({name: found[name]}, ensure_ascii=False), flush=True)
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="nlp_robustness")
    parser.add_argument("--variants", default=",".join((*VARIANTS, *SEMI_SUPERVISED)))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--report", type=Path, metavar="DIR",
                        help="write the eval report pictures per variant and set into DIR")
    arguments = parser.parse_args(argv)
    if not TRAIN.exists():
        print(f"needs {TRAIN}", file=sys.stderr)
        return 1
    found = measure(arguments.variants.split(","), trainer=self_trained, report=arguments.report)
    if arguments.json:
        arguments.json.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
