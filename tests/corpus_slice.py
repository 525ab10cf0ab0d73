"""Slices of the shipped corpus for tests: a small labelled phrasing file for tests that train a
model, and the texts of tab-separated corpus files for tests that compare over many."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from nlp.phrasings import HEADER, corpus_path, read_phrasings


def corpus_slice(source: str, path: Path, step: int) -> Path:
    """Every ``step``-th row of the corpus file ``source``, written to ``path``: small enough
    to train in seconds."""
    rows = read_phrasings(corpus_path(source))[::step]
    lines = ["\t".join(HEADER)] + ["\t".join((row.text, row.intent, row.emergency_kind,
                                              str(int(row.accusation)), row.legal_route))
                                   for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def texts_in(*sources: Path) -> Iterator[str]:
    """Every text of the tab-separated ``sources`` (a pair file's ``a`` and ``b``, a phrasing
    or burst file's ``text``), in file order, repeats included."""
    for source in sources:
        with source.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                for column in ("a", "b", "text"):
                    if row.get(column):
                        yield row[column]
