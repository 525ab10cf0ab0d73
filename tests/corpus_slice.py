"""A small labelled phrasing file cut from the shipped corpus, for tests that train a model."""

from __future__ import annotations

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
