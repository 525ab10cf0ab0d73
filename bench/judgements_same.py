"""Proof that a speed change left the dialogue judgements alone: two checkouts, same answers.

    python -m bench.judgements_same --reference /path/to/main/checkout

Judges every training and dev phrasing (``nlp/corpus/phrasings_*.tsv``, never a held-out file)
and, when ``../shared/data`` is present, the board messages of ``bench.dialogue_bench``, once
with this checkout's code and once with the reference checkout's (each in its own interpreter,
the checkout first on ``sys.path``), then compares: the feature counts in order, every head's
label, terms and ranked labels, and the whole :meth:`nlp.Analyzer.analyze` result; confidences
and probabilities to 1e-6.  Exits 1 on the first difference (printed), 0 when all agree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 1e-6

# Run inside each checkout: one JSON line per text.
_DUMP = r"""
import dataclasses, json, sys
from pathlib import Path
import nlp
from nlp import Analyzer
from nlp.dialogue_features import surface
from nlp.dialogue_model import DialogueModel
from nlp.dialogue_training import words_of
from nlp.normalize import normalize
assert Path(nlp.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()), nlp.__file__
texts = json.loads(Path(sys.argv[2]).read_text())
analyzer = Analyzer.load()
model = DialogueModel.load()
with open(sys.argv[3], "w") as out:
    for text in texts:
        normalized = normalize(text)
        counts = model.featurize(normalized, words_of(normalized, analyzer.tokenizer))
        judged = model.judge(counts, surface(normalized))
        analysis = dataclasses.asdict(analyzer.analyze(text))
        out.write(json.dumps({
            "features": list(counts.items()),
            "judged": {name: dataclasses.asdict(j) for name, j in judged.items()},
            "analysis": json.loads(json.dumps(analysis, default=repr)),
        }, ensure_ascii=False) + "\n")
"""


def texts() -> list[str]:
    """The training and dev phrasings (no held-out file) and the bench's board messages."""
    from bench.nlp_bench import SHARED_TRAIN
    from nlp.phrasings import read_phrasings

    corpus = ROOT / "nlp" / "corpus"
    found: list[str] = []
    for path in sorted(corpus.glob("phrasings_*.tsv")):
        if "heldout" in path.name:
            continue
        found.extend(row.text for row in read_phrasings(path))
    if SHARED_TRAIN.exists():
        from nlp.dataset import read_examples

        found.extend(example.text for example in read_examples(SHARED_TRAIN)[:1000])
    return found


def _dump(checkout: Path, inputs: Path, output: Path) -> Path:
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    subprocess.run([sys.executable, "-c", _DUMP, str(checkout), str(inputs), str(output)],
                   cwd=checkout, env=environment, check=True)
    return output


def differences(mine: Any, theirs: Any, where: str = "") -> list[str]:
    """Where two dumps differ: exact for everything but floats, floats to :data:`TOLERANCE`."""
    if isinstance(mine, float) or isinstance(theirs, float):
        if (isinstance(mine, int | float) and isinstance(theirs, int | float)
                and abs(mine - theirs) <= TOLERANCE):
            return []
        return [f"{where}: {mine!r} != {theirs!r}"]
    if isinstance(mine, dict) and isinstance(theirs, dict):
        if list(mine) != list(theirs):
            return [f"{where}: keys {list(mine)} != {list(theirs)}"]
        return [found for key in mine for found in differences(mine[key], theirs[key],
                                                                f"{where}.{key}")]
    if isinstance(mine, list) and isinstance(theirs, list):
        if len(mine) != len(theirs):
            return [f"{where}: {len(mine)} items != {len(theirs)}"]
        return [found for index, (a, b) in enumerate(zip(mine, theirs, strict=True))
                for found in differences(a, b, f"{where}[{index}]")]
    return [] if mine == theirs else [f"{where}: {mine!r} != {theirs!r}"]


def main(argv: list[str] | None = None) -> int:
    """Compare this checkout's judgements with the reference's; print the count compared."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True,
                        help="a checkout of the code to compare with (e.g. main)")
    parser.add_argument("--reference-dump", type=Path,
                        help="keep the reference's judgements here and reuse them when present "
                             "(the reference's code does not change between runs)")
    arguments = parser.parse_args(argv)
    sample = texts()
    with tempfile.TemporaryDirectory() as scratch:
        inputs = Path(scratch) / "texts.json"
        inputs.write_text(json.dumps(sample, ensure_ascii=False))
        mine = _dump(ROOT, inputs, Path(scratch) / "mine.jsonl")
        kept = arguments.reference_dump
        theirs = (kept if kept is not None and kept.exists() else
                  _dump(arguments.reference.resolve(), inputs,
                        kept if kept is not None else Path(scratch) / "theirs.jsonl"))
        # Line by line: the two dumps are a few hundred megabytes each.
        identical = compared = 0
        with mine.open() as ours, theirs.open() as reference:
            for index, (line, other) in enumerate(zip(ours, reference)):
                compared += 1
                if line == other:
                    identical += 1
                    continue
                found = differences(json.loads(line), json.loads(other), f"text {index}")
                if found:
                    print(f"DIFFERENT: {sample[index][:60]!r}\n  " + "\n  ".join(found[:5]))
                    return 1
    if compared != len(sample):
        print(f"only {compared} of {len(sample)} messages judged by both")
        return 1
    print(f"{compared} messages judged alike (features in order, four heads, analyze()); "
          f"{identical} bit-identical, the rest within {TOLERANCE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
