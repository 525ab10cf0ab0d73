"""The phrasing corpus of the dialogue judgements: reading and checking its TSV files.

Format (shared with the author of the held-out set, keep exactly): UTF-8, tab-separated, header
``text	intent	emergency_kind	accusation	legal_route``; ``intent`` an :class:`nlp.intents.Intent`
value, ``emergency_kind`` one of :data:`nlp.emergency.EMERGENCY_KINDS` or empty, ``accusation``
0 or 1, ``legal_route`` one of :data:`nlp.routes.LEGAL_ROUTES` or empty.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, cast

from nlp.emergency import EMERGENCY_KINDS
from nlp.errors import TrainingDataError
from nlp.intents import Intent
from nlp.routes import LEGAL_ROUTES

HEADER: tuple[str, ...] = ("text", "intent", "emergency_kind", "accusation", "legal_route")
_INTENTS = frozenset(intent.value for intent in Intent)


@dataclass(frozen=True, slots=True)
class Phrasing:
    """One labelled sentence."""

    text: str
    intent: str
    emergency_kind: str
    accusation: bool
    legal_route: str


def corpus_path(name: str) -> Path:
    """A file of the package's corpus directory (``nlp/corpus``)."""
    return Path(str(resources.files("nlp").joinpath("corpus", name)))


def read_phrasings(path: Path) -> list[Phrasing]:
    """Every row of ``path``; :class:`TrainingDataError` names the first bad row."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingDataError(f"cannot read {path}: {exc}") from exc
    if not rows or tuple(column.strip().lstrip("\ufeff") for column in rows[0]) != HEADER:
        raise TrainingDataError(f"{path}: the header must be {' / '.join(HEADER)}")
    result: list[Phrasing] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        row = [*row, *([""] * (len(HEADER) - len(row)))]
        text, intent, kind, accusation, route = (value.strip() for value in row[:5])
        problem = _problem(text, intent, kind, accusation, route)
        if problem:
            raise TrainingDataError(f"{path}, line {number}: {problem}")
        result.append(Phrasing(text, intent, kind, accusation == "1", route))
    if not result:
        raise TrainingDataError(f"{path} has no rows")
    return result


#: The columns an audit may relabel (named as :class:`Phrasing`'s fields).
_AUDITED = frozenset(HEADER[1:])


def apply_audit(rows: Sequence[Phrasing], audit: Path) -> tuple[list[Phrasing], int]:
    """``rows`` with the labels a blind audit changed (``text column as_written by_guide rule``
    per line), and how many labels it changed.  A line whose text or old label is not in
    ``rows`` is an error: an audit of another file must not pass silently."""
    try:
        with audit.open(encoding="utf-8", newline="") as handle:
            lines = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingDataError(f"cannot read {audit}: {exc}") from exc
    by_text = {row.text: row for row in rows}
    for number, line in enumerate(lines, start=2):
        row, column = by_text.get(line.get("text", "")), line.get("column", "")
        if row is None or column not in _AUDITED:
            raise TrainingDataError(f"{audit}, line {number}: no such text or column")
        old = getattr(row, column)
        if str(int(old) if isinstance(old, bool) else old) != line.get("as_written", ""):
            raise TrainingDataError(f"{audit}, line {number}: the file says {old!r}")
        value: str | bool = line.get("by_guide", "")
        if column == "accusation":
            value = value == "1"
        by_text[row.text] = replace(row, **cast(dict[str, Any], {column: value}))
    return [by_text[row.text] for row in rows], len(lines)


def _problem(text: str, intent: str, kind: str, accusation: str, route: str) -> str:
    if not text:
        return "empty text"
    if intent not in _INTENTS:
        return f"unknown intent {intent!r}"
    if kind and kind not in EMERGENCY_KINDS:
        return f"unknown emergency kind {kind!r}"
    if accusation not in ("0", "1", ""):
        return f"accusation must be 0 or 1, not {accusation!r}"
    if route and route not in LEGAL_ROUTES:
        return f"unknown legal route {route!r}"
    return ""
