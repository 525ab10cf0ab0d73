"""Build the model shipped in the package from text this project owns.

The shipped model learns from ``nlp/data/seed_corpus.tsv`` (short messages written for this
project) and the keyword lexicons, nothing else: third-party petition data cannot be
redistributed.  Rebuild after editing either::

    python -m nlp.seed            # writes nlp/data/seed_model.npz
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from nlp.dataset import Example, read_examples
from nlp.lexicon import CATEGORY_KEYWORDS
from nlp.model import LinearModel, shipped_model_path
from nlp.tokenizer import Tokenizer
from nlp.training import TrainConfig, fit


def seed_examples() -> list[Example]:
    """The seed corpus plus one short example per lexicon keyword."""
    path = Path(str(resources.files("nlp.data").joinpath("seed_corpus.tsv")))
    examples = read_examples(path)
    examples.extend(
        Example(label, word) for label, words in CATEGORY_KEYWORDS.items() for word in words
    )
    return examples


def build_seed_model(*, tokenizer: Tokenizer | None = None, progress: bool = False) -> LinearModel:
    """Train the seed model (about two seconds)."""
    # Short texts: word features matter more, and n-grams seen once are still informative.
    config = TrainConfig(c=1.0, min_df=(("w:", 1), ("p:", 1), ("c:", 1), ("h:", 1)))
    return fit(seed_examples(), config=config, tokenizer=tokenizer, progress=progress,
               meta={"source": "seed_corpus.tsv+lexicon"})


def main() -> int:
    """Rebuild the shipped model file."""
    out = shipped_model_path()
    build_seed_model(progress=True).save(out)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
