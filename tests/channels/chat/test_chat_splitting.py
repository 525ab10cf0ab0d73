from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from channels.chat import TELEGRAM_TEXT_LIMIT, split_text
from channels.chat.splitting import utf16_len


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_short_text_is_one_message() -> None:
    assert split_text("  您的信访事项已受理。 ") == ["您的信访事项已受理。"]


def test_blank_text_is_no_message() -> None:
    assert split_text(" \n\t ") == []


def test_paragraph_break_preferred() -> None:
    first = "甲" * 3000
    second = "乙" * 3000
    chunks = split_text(first + "。\n\n" + second)
    assert chunks == [first + "。", second]


def test_sentence_end_when_no_paragraph() -> None:
    text = "这是一句话。" * 800  # 4,800 characters, no line breaks
    chunks = split_text(text)
    assert len(chunks) == 2
    assert all(chunk.endswith("。") for chunk in chunks)
    assert utf16_len(chunks[0]) <= TELEGRAM_TEXT_LIMIT
    assert "".join(chunks) == text


def test_closing_quote_stays_with_its_sentence() -> None:
    text = "甲" * 3000 + "他说：“好的！”" + "乙" * 2000
    chunks = split_text(text)
    assert chunks[0].endswith("！”")


def test_hard_cut_without_any_boundary() -> None:
    text = "a" * 10000
    chunks = split_text(text)
    assert [len(chunk) for chunk in chunks] == [4096, 4096, 1808]


def test_astral_characters_count_twice() -> None:
    text = "😀" * 3000  # 6,000 UTF-16 units
    chunks = split_text(text)
    assert [utf16_len(chunk) for chunk in chunks] == [4096, 1904]
    assert "".join(chunks) == text


def test_early_boundary_is_not_used() -> None:
    # A paragraph break in the first half of the window would leave a silly-short message.
    text = "短。\n\n" + "长" * 5000
    chunks = split_text(text)
    assert len(chunks[0]) > TELEGRAM_TEXT_LIMIT // 2


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("信访事项abc 。！？\n.😀 ")), min_size=0, max_size=400),
    st.integers(min_value=2, max_value=60),
)
def test_chunks_fit_keep_everything_and_are_clean(text: str, limit: int) -> None:
    chunks = split_text(text, limit)
    assert all(0 < utf16_len(chunk) <= limit for chunk in chunks)
    assert all(chunk == chunk.strip() for chunk in chunks)
    assert _squash("".join(chunks)) == _squash(text)
