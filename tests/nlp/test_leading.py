"""``nlp.leading``: a pattern tried only where a match can begin gives the pattern's own match,
for the dialogue rules' patterns over the labelled corpus and over texts made to hit their
edges (issue 17, helper speed26)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import decide_mix
from nlp import person, rating
from nlp.leading import Leading, first_characters
from nlp.normalize import normalize
from tests.corpus_slice import texts_in

ROOT = Path(__file__).resolve().parents[2]
#: The labelled phrasings (the dev file and every held-out file left out), pairs and burst.
SOURCES = (*sorted(path for path in (ROOT / "nlp" / "corpus").glob("phrasings_*.tsv")
                   if path.name != "phrasings_dev.tsv"),
           ROOT / "nlp" / "corpus" / "matter_pairs.tsv", ROOT / "bench" / "burst.tsv")
#: Every pattern the decide path searches through :class:`Leading`.
USED = {"person": person._ANY_LEADING, "explicit": rating._EXPLICIT_LEADING,
        "short": rating._SHORT_LEADING, "question": rating._QUESTION_LEADING,
        "score": rating._SCORE_LEADING, "ten_point": rating._TEN_POINT_LEADING,
        "thumbs": rating._THUMBS_LEADING, "faces": rating._FACES_LEADING}


def _texts() -> list[str]:
    rng = random.Random(26)
    found = dict.fromkeys(texts_in(*SOURCES))
    found.update(dict.fromkeys(decide_mix.petition(rng) for _ in range(200)))
    # as the rules read them: normalized, lower-cased, and cut into clauses
    more: dict[str, None] = {}
    for text in found:
        plain = normalize(text).lower()
        more[plain] = None
        more.update(dict.fromkeys(part for part in rating._CLAUSES.split(plain) if part))
    # Every third of them: the labelled files hold tens of thousands, alike in shape.
    return [*found, *more][::3]


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.span() == b.span() and a.groups() == b.groups()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def test_every_pattern_used_is_accelerated() -> None:
    # None would fall back to the pattern's own search: correct, but the point is lost.
    assert all(leading.starts is not None for leading in USED.values())


@pytest.mark.parametrize("name", sorted(USED))
def test_the_same_matches_over_the_corpus(name: str, texts: list[str]) -> None:
    leading = USED[name]
    pattern = leading.pattern
    hits = 0
    for text in texts:
        found = pattern.search(text)
        assert _same(leading.search(text), found), text
        assert _same(leading.match(text), pattern.match(text)), text
        assert leading.sub("", text) == pattern.sub("", text), text
        hits += found is not None
    if name in ("person", "explicit", "short", "question"):
        assert hits > 100  # the corpus has texts each of these finds (the test can fail)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["我", "你们", "人工", "客服", "给他", "回", "电话", "联系", "不",
                                 "满意", "很", "吗", "？", "一般", "还行", "5", "分", "星", "10",
                                 "8分", "👍", "😡", "\ufe0f", " ", "k", "K", "\u212a", "ſ", "S",
                                 "ok", "human", "operator please", "对物业", "了", "，"]),
                max_size=14).map("".join))
def test_the_same_matches_on_made_texts(text: str) -> None:
    for leading in USED.values():
        assert _same(leading.search(text), leading.pattern.search(text))
        assert _same(leading.match(text), leading.pattern.match(text))
        assert leading.sub("", text) == leading.pattern.sub("", text)


def test_a_look_behind_still_sees_what_is_before_the_start() -> None:
    leading = Leading(re.compile(r"(?<!给他)回(?:个)?电"))
    assert leading.starts is not None and leading.starts.pattern == "[回]"
    assert leading.search("请给他回电") is None
    assert _same(leading.search("给他回电，也请回个电"), re.search(r"(?<!给他)回(?:个)?电",
                                                             "给他回电，也请回个电"))
    word = Leading(re.compile(r"\bbot\b", re.IGNORECASE))
    assert word.search("robot") is None and word.search("stupid BOT").span() == (7, 10)


@pytest.mark.parametrize(("pattern", "starts"), [
    (r"(?:一个|个)?(?:你们的?)?(?:人工|客服)", "[一个你人客]"),
    (r"(?=[ab])a|b*c", "[abc]"),
    (r"[0-5一二](?:分|星)", "[0-5一二]"),
    (r"\d+x|\s?y", r"[\d\sy]"),
])
def test_first_characters(pattern: str, starts: str) -> None:
    found = first_characters(re.compile(pattern))
    assert found is not None and found.pattern == starts


@pytest.mark.parametrize("pattern", [r"a?", r"(?:x|)", r".b", r"[^a]b", r"(?:a|.)b", r"\b"])
def test_no_class_when_it_cannot_be_told(pattern: str) -> None:
    # a match may be empty, or begin with any character: the pattern's own search is used
    leading = Leading(re.compile(pattern))
    assert leading.starts is None
    for text in ("", "ab", "xb", "aab", "b"):
        assert _same(leading.search(text), re.search(pattern, text))


def test_case_folds_as_the_pattern_does() -> None:
    # Under IGNORECASE "k" matches the Kelvin sign and "s" the long s: the class must as well.
    for letter in "kKsSiIéÉ":
        pattern = re.compile(re.escape(letter) + "x", re.IGNORECASE)
        starts = first_characters(pattern)
        assert starts is not None
        for code in range(0x3000):
            character = chr(code)
            if pattern.match(character + "x"):
                assert starts.match(character), (letter, hex(code))
