"""Which texts say their language (probe 12: pinyin and "ok" were answered in English)."""

from __future__ import annotations

import pytest

from nlp.language import is_pinyin, written_language
from nlp.normalize import normalize
from tests.language_table import ENGLISH, NO_LANGUAGE


def test_the_table_is_large_and_varied() -> None:
    assert len(NO_LANGUAGE) >= 50 and len(ENGLISH) >= 12


@pytest.mark.parametrize("text", NO_LANGUAGE)
def test_latin_letters_that_are_no_english_say_no_language(text: str) -> None:
    assert written_language(normalize(text)) in ("", "zh")


@pytest.mark.parametrize("text", ENGLISH)
def test_english_prose_is_english(text: str) -> None:
    assert written_language(normalize(text)) == "en"


@pytest.mark.parametrize(("text", "language"), [("投诉 ok", "zh"), ("我的case怎么样了", "zh")])
def test_chinese_characters_say_chinese(text: str, language: str) -> None:
    assert written_language(normalize(text)) == language


@pytest.mark.parametrize(("word", "pinyin"), [
    ("fucha", True), ("xi'an", True), ("zhuang", True), ("lv", True), ("manyi", True),
    ("street", False), ("xq", False), ("hello", False), ("light", False)])
def test_pinyin_words_split_into_syllables(word: str, pinyin: bool) -> None:
    assert is_pinyin(word) is pinyin
