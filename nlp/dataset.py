"""Reading labelled messages from a bureau's own export: TSV or CSV, with a header row.

Accepted columns (case-insensitive; the Chinese names are those of common 12345 exports):

- label: ``label``, ``category``, ``class``, ``类别``, ``分类``, ``一级分类``
- text: ``text``, ``content``, ``message``, ``内容``, ``留言详情``; or a title column (``title``,
  ``subject``, ``主题``, ``留言主题``) and a body column (``body``, ``详情``), joined.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nlp.errors import TrainingDataError

_LABEL = ("label", "category", "class", "类别", "分类", "一级分类", "一级标签")
_TEXT = ("text", "content", "message", "内容", "留言详情", "诉求内容")
_TITLE = ("title", "subject", "主题", "留言主题", "标题")
_BODY = ("body", "详情", "正文", "描述")


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled message."""

    label: str
    text: str


def _find(header: Sequence[str], names: Sequence[str]) -> int | None:
    lowered = [column.strip().lower().lstrip("\ufeff") for column in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def read_examples(path: Path) -> list[Example]:
    """All usable rows of ``path``; rows with an empty label or text are skipped."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(65536)
            handle.seek(0)
            delimiter = "\t" if path.suffix.lower() in {".tsv", ".tab"} or "\t" in sample.split("\n", 1)[0] else ","
            # The reference TSV has no quoting; quotes inside Chinese text must not start fields.
            csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
            if delimiter == "\t":
                rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
            else:
                rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TrainingDataError(f"cannot read {path}: {exc}") from exc
    if not rows:
        raise TrainingDataError(f"{path} is empty")
    header, body = rows[0], rows[1:]
    label_column = _find(header, _LABEL)
    text_column = _find(header, _TEXT)
    title_column = _find(header, _TITLE)
    body_column = _find(header, _BODY)
    if label_column is None:
        raise TrainingDataError(f"{path}: no label column (one of {', '.join(_LABEL)}) in {header}")
    if text_column is None and title_column is None and body_column is None:
        raise TrainingDataError(f"{path}: no text column (text, or title and body) in {header}")
    examples: list[Example] = []
    for row in body:
        if text_column is not None:
            text = _cell(row, text_column)
        else:
            text = " ".join(part for part in (_cell(row, title_column), _cell(row, body_column)) if part)
        label = _cell(row, label_column)
        if label and text:
            examples.append(Example(label, text))
    if not examples:
        raise TrainingDataError(f"{path}: no row has both a label and a text")
    return examples
