"""The concept patterns' prefilter (a word's opening must be in the text) never skips a match."""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

import pytest

from nlp import dialogue_lexicon
from nlp.dialogue_features import CHAR, FeatureSpec, dialogue_features, surface
from nlp.dialogue_lexicon import (
    CONCEPTS,
    GRIEVANCE_CUES,
    _CueTable,
    _openings,
    concepts_in,
    grievance_cues_in,
    text_openings,
)

# Texts where a careless prefilter would go wrong: words at the very start and end, one
# character long, Latin words with lookarounds and spaces, pinyin, traditional characters (as
# a caller may pass them unnormalized), digits, marks and nothing at all.
TRICKY = (
    "", "行", "刀", "跳", "跳楼", "我要跳楼", "不是要跳楼，是楼顶漏水", "著火了，快來人", "跳樓",
    "瓦斯漏氣", "tiaolou", "buxianghuo了", "xiang si", "xiangsi", "i want to die", "fired",
    "this is it", "hi", "hi!", "say hi", "my ", "my", "all my cases", "kill myself now",
    "what happened?", "if ", "if", "gift", "110", "打110", "0块", "五千元押金", "XF2026-000123",
    "^进度$", "进度？？", "我的件", "😀救命😀", "ｈｅｌｐ", "help me", "helpme", "  状态  ",
    "没有着火，就是楼道里堆满了杂物", "村会计收了钱", "楼下天天噪音，到现在没人管", "贪", "官",
)

# Every word of the tables alone, at the start and end of a longer text, and between Latin
# letters (where a Latin word must not match, and a Chinese one still does).
FRAMES = ("{}", "前面一段话{}", "{}后面一段话", "x{}x", "说 {} 了")
WORDS = sorted({word for table in (CONCEPTS, GRIEVANCE_CUES) for words in table.values()
                for word in words})
SAMPLES = TRICKY + tuple(frame.format(word) for frame, word in product(FRAMES, WORDS))


def unfiltered(table: _CueTable, text: str) -> list[str]:
    """Every pattern searched, as before the prefilter."""
    return [name for name, pattern in table.patterns.items() if pattern.search(text)]


def test_openings_of_alternatives() -> None:
    # A word's first two characters; the word itself when shorter; Latin words stripped as
    # their pattern strips them (with lookarounds around the stripped word).
    assert _openings(("跳楼", "刀", "kill myself", "my ", "if ")) == {"跳楼", "刀", "ki", "my", "if"}


def test_text_openings_hold_every_character_and_pair() -> None:
    assert text_openings("跳楼了") == {"跳", "楼", "了", "跳楼", "楼了"}
    assert text_openings("") == frozenset()


@pytest.mark.parametrize("table", [CONCEPTS, GRIEVANCE_CUES])
def test_prefiltered_equals_unfiltered(table: dict[str, tuple[str, ...]]) -> None:
    cues = _CueTable(table)
    for text in SAMPLES:
        expected = unfiltered(cues, text)
        assert cues.found(text, None, "") == expected, text
        # The feature counter's keys (prefixed n-grams of the marked text) as the openings.
        grams = {CHAR + gram for gram in text_openings("^" + text + "$")}
        assert cues.found(text, frozenset(grams), CHAR) == expected, text


def test_public_functions_equal_unfiltered() -> None:
    concepts = _CueTable(CONCEPTS)
    grievance = _CueTable(GRIEVANCE_CUES)
    for text in SAMPLES:
        assert concepts_in(text) == unfiltered(concepts, text), text
        found = grievance_cues_in(text, False)
        assert found[:len(unfiltered(grievance, text))] == unfiltered(grievance, text), text


@pytest.mark.parametrize("sizes", [(1, 2, 3), (2, 3), (1, 3)])
def test_features_read_every_concept(sizes: tuple[int, ...]) -> None:
    # With and without the n-grams the prefilter borrows (sizes 1 and 2): the same concepts
    # as every pattern searched over the surface the features read.
    concepts = _CueTable(CONCEPTS)
    spec = FeatureSpec(char_sizes=sizes, grievance=True)
    for text in SAMPLES:
        counts = dialogue_features(text, [], spec)
        found = [key[2:] for key in counts if key.startswith("k:") and not key.startswith("k:g_")]
        assert found == unfiltered(concepts, surface(text)), text


def test_a_wrong_prefilter_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    # The comparison above has teeth: an alternation read as if its first word were required
    # (the classic slip in deriving what a pattern needs) skips real matches, and is seen to.
    wrong: Callable[[tuple[str, ...]], frozenset[str]] = (
        lambda words: frozenset({words[0][:2]}))
    monkeypatch.setattr(dialogue_lexicon, "_openings", wrong)
    cues = _CueTable(CONCEPTS)
    assert any(cues.found(text, None, "") != unfiltered(cues, text) for text in SAMPLES)
