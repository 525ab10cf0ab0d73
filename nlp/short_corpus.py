"""The project's own short complaints for the category model (``nlp/corpus/short_complaints.tsv``).

The reference data holds long message-board posts only; an SMS of a few characters then hangs
on one word.  The file's ``train`` rows are trained on beside a bureau's data
(``nlp train --short-weight W``); its ``heldout`` rows, written in a later sitting and another
style, are only scored.  The split is the file's ``part`` column, fixed, never drawn.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from pathlib import Path

from nlp.dataset import Example
from nlp.errors import TrainingDataError
from nlp.phrasings import corpus_path

#: The corpus file's name under ``nlp/corpus``.
SHORT_CORPUS = "short_complaints.tsv"
#: Its parts: the rows trained on and the rows only scored.
PARTS = ("train", "heldout")
_HEADER = ("part", "label", "text")


def short_corpus_path() -> Path:
    """Where the short-complaint corpus lives."""
    return corpus_path(SHORT_CORPUS)


def read_short(part: str, path: Path | None = None,
               labels: Collection[str] | None = None) -> list[Example]:
    """The rows of one ``part`` (``train`` or ``heldout``); ``labels``: keep only these labels
    (a bureau's own label set, so that rows of a label it does not use add no class)."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    source = path or short_corpus_path()
    try:
        with source.open(encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if line.strip() and not line.startswith("#")]
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingDataError(f"cannot read {source}: {exc}") from exc
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(cell.strip() for cell in rows[0]) != _HEADER:
        raise TrainingDataError(f"{source}: the first row that is no comment must be part, label, text")
    examples: list[Example] = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(_HEADER) or row[0] not in PARTS or not row[1].strip() or not row[2].strip():
            raise TrainingDataError(f"{source}: bad row {number} (part, label, text): {row[:3]}")
        if row[0] == part and (labels is None or row[1] in labels):
            examples.append(Example(row[1].strip(), row[2].strip()))
    return examples
