"""SMS segment arithmetic: encodings, limits, parts that never split a character, fitting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from channels.sms import Encoding, fit_segments, measure, segment_count
from channels.sms.segments import GSM7_BASIC, GSM7_EXTENSION

EURO = "€"  # a GSM-7 extension character: two septets


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", Encoding.GSM7, 0, 0),
        ("a" * 160, Encoding.GSM7, 160, 1),
        ("a" * 161, Encoding.GSM7, 161, 2),
        ("a" * 306, Encoding.GSM7, 306, 2),
        ("a" * 307, Encoding.GSM7, 307, 3),
        (EURO * 80, Encoding.GSM7, 160, 1),
        (EURO * 81, Encoding.GSM7, 162, 2),
        ("[]{}^~|\\", Encoding.GSM7, 16, 1),
        # 306 septets would be two parts, but the escape pair may not straddle them.
        ("a" * 152 + EURO + "a" * 152, Encoding.GSM7, 306, 3),
        ("Ç@£$¥èéùìò", Encoding.GSM7, 10, 1),
        ("ç", Encoding.UCS2, 1, 1),
        ("你" * 70, Encoding.UCS2, 70, 1),
        ("你" * 71, Encoding.UCS2, 71, 2),
        ("你" * 134, Encoding.UCS2, 134, 2),
        ("你" * 135, Encoding.UCS2, 135, 3),
        ("a" * 69 + "你", Encoding.UCS2, 70, 1),
        ("你" * 1000, Encoding.UCS2, 1000, 15),
        ("😀" * 35, Encoding.UCS2, 70, 1),
        # 72 code units; a surrogate pair is never split, so 33 emoji per part.
        ("😀" * 36, Encoding.UCS2, 72, 2),
        ("你" * 66 + "😀" + "你" * 67, Encoding.UCS2, 135, 3),
    ],
)
def test_measure(text: str, encoding: Encoding, units: int, segments: int) -> None:
    info = measure(text)
    assert (info.encoding, info.units, info.segments) == (encoding, units, segments)
    assert segment_count(text) == segments


def test_gsm_tables_are_complete() -> None:
    assert len(GSM7_BASIC) == 127  # 128 code points less the escape
    assert len(GSM7_EXTENSION) == 10
    assert not GSM7_BASIC & GSM7_EXTENSION


@pytest.mark.parametrize(
    ("text", "max_segments"),
    [("短信", 1), ("a" * 160, 1), ("你" * 201, 3), ("a" * 459, 3)],
)
def test_text_that_fits_is_unchanged(text: str, max_segments: int) -> None:
    assert fit_segments(text, max_segments) == text


def test_chinese_is_cut_after_a_sentence_with_an_ellipsis() -> None:
    sentence = "小区旁边的工地长期在夜间施工，严重影响居民休息。"
    text = sentence * 20
    fitted = fit_segments(text, 3)
    assert measure(fitted).segments <= 3
    assert fitted.endswith("。…")
    assert text.startswith(fitted[:-1])
    assert len(fitted) > 150  # the cut lands near the end of what fits, not far before it


def test_gsm_text_stays_gsm_and_is_cut_between_words() -> None:
    text = " ".join(["word"] * 200)
    fitted = fit_segments(text, 2)
    assert fitted.endswith("...")
    assert measure(fitted).encoding is Encoding.GSM7
    assert measure(fitted).segments <= 2
    kept = fitted[:-3]
    assert text.startswith(kept) and text[len(kept)] == " "


def test_a_text_without_breaks_is_cut_at_the_last_character_that_fits() -> None:
    fitted = fit_segments("你" * 500, 1)
    assert fitted == "你" * 69 + "…"


def test_suffix_is_kept_whole() -> None:
    fitted = fit_segments("请对本次办理评价。" * 30, 2, suffix="\n满意 / 不满意")
    assert fitted.endswith("…\n满意 / 不满意")
    assert measure(fitted).segments <= 2


def test_at_least_one_segment() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        fit_segments("x", 0)


@given(st.text(max_size=800), st.integers(min_value=1, max_value=5))
def test_fit_never_exceeds_and_only_cuts(text: str, max_segments: int) -> None:
    fitted = fit_segments(text, max_segments)
    assert measure(fitted).segments <= max_segments
    if fitted != text:
        ellipsis = "..." if fitted.endswith("...") else "…"
        assert text.startswith(fitted[: -len(ellipsis)])
