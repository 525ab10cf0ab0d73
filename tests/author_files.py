"""What the tests of one phrasing author's file share: near copies by character bigrams, and
``nlp/corpus/compose.py`` (a script beside the corpus, not a package module) imported."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import ModuleType

CORPUS = Path(__file__).resolve().parents[1] / "nlp" / "corpus"
_BARE = re.compile(r"[\W_]+")


def bigrams(text: str) -> set[str]:
    """The character bigrams of ``text`` with punctuation and spaces taken out."""
    bare = _BARE.sub("", text)
    return {bare[index:index + 2] for index in range(len(bare) - 1)}


def likeness(a: set[str], b: set[str]) -> float:
    """Jaccard likeness of two bigram sets (≥ 0.5: a near copy, as the authors' rule says)."""
    return len(a & b) / max(1, len(a | b))


def compose() -> ModuleType:
    """``nlp/corpus/compose.py``, imported from beside the corpus."""
    sys.path.insert(0, str(CORPUS))
    try:
        import compose as module  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(CORPUS))
    return module
