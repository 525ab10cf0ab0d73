"""The held-out sets are only measured on: none of their texts reaches a training file.

Written by authors who saw none of the training phrasings; a text of theirs in the training
data (pasted, or generated from the same base) would make every held-out figure a dev figure.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "nlp" / "corpus"
HELDOUT_PHRASINGS = tuple(sorted(CORPUS.glob("heldout*_dialogue.tsv")))
HELDOUT_PAIRS = tuple(sorted(CORPUS.glob("matter_pairs_heldout*.tsv")))
_BARE = re.compile(r"[\W_]+")
#: A Chinese character or a Latin word: what "long enough to be one author's own" counts.
_UNIT = re.compile(r"[\u3400-\u9fff]|[A-Za-z]+")


def texts(path: Path, *columns: str) -> dict[str, int]:
    """Each text, bare of punctuation and spaces, with its length in characters and words."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {_BARE.sub("", row[c]): len(_UNIT.findall(row[c]))
                for row in rows for c in columns if row.get(c)}


def training_texts() -> set[str]:
    found: set[str] = set()
    for path in CORPUS.glob("phrasings_*.tsv"):
        found |= set(texts(path, "text"))
    for path in CORPUS.glob("matter_pairs*.tsv"):
        if "heldout" not in path.name:
            found |= set(texts(path, "a", "b"))
    return found


def test_every_held_out_set_is_guarded() -> None:
    assert len(HELDOUT_PHRASINGS) >= 3
    assert len(HELDOUT_PAIRS) >= 4


@pytest.mark.parametrize("path", [*HELDOUT_PHRASINGS, *HELDOUT_PAIRS], ids=lambda p: p.name)
def test_no_held_out_text_is_trained_on(path: Path) -> None:
    held = texts(path, "text") if path in HELDOUT_PHRASINGS else texts(path, "a", "b")
    assert len(held) > 250
    # Short everyday lines ("我那个事咋样了", "show me all my cases") occur to two authors alike.
    shared = {t for t in held.keys() & training_texts() if held[t] > 12}
    assert shared == set()


def test_no_training_code_names_a_held_out_file() -> None:
    sources = [CORPUS / "compose.py", *(CORPUS.parent).glob("*training*.py")]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        # (matter_training.py evaluates on the first pair set by name; it never trains on it)
        for name in ("heldout_dialogue", "heldout2", "heldout3", "heldout4", "heldout5",
                     "heldout6"):
            assert name not in text, source.name


def test_no_phrasing_is_one_of_the_label_guides_own_examples() -> None:
    """Authors read the guide; its examples are its words, not theirs: in a training file
    they would teach the guide's wording, in a held-out file they would score it."""
    guide = (CORPUS / "LABEL_GUIDE.md").read_text(encoding="utf-8")
    examples = {_BARE.sub("", quoted) for quoted in re.findall(r'"([^"]+)"', guide)}
    examples = {text for text in examples if len(_UNIT.findall(text)) >= 6}
    assert len(examples) > 10
    # The authors who wrote after the guide, and what is measured on; an earlier author may
    # have written one by chance ("信访要带什么材料", "可以匿名举报吗" came before the guide).
    after_guide = [CORPUS / f"phrasings_{nth}_author.tsv"
                   for nth in ("seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
                                 "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                                 "seventeenth", "eighteenth", "nineteenth", "twentieth",
                                 "twentyfirst", "twentysecond", "twentythird", "twentyfourth",
                                 "twentyfifth", "twentysixth", "twentyseventh", "twentyeighth",
                                 "twentyninth", "thirtieth", "thirtyfirst", "thirtysecond",
                                 "thirtythird", "thirtyfourth", "thirtyfifth", "thirtysixth",
                                 "thirtyseventh", "thirtyeighth", "thirtyninth", "fortieth",
                                 "fortyfirst", "fortysecond", "fortythird", "fortyfourth",
                                 "fortyfifth", "fortysixth", "fortyseventh", "fiftythird",
                                 "fiftyfourth")]
    after_guide = [path for path in after_guide if path.exists()]
    assert len(after_guide) == 43
    for path in [*after_guide, *HELDOUT_PHRASINGS, *sorted(CORPUS.glob("matter_pairs_heldout*.tsv"))]:
        columns = ("text",) if "phrasings" in path.name or "dialogue" in path.name else ("a", "b")
        assert set(texts(path, *columns)) & examples == set(), path.name
