"""Case numbers round-trip through every parser at every width (issue 21: XF2026-1000000)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.codes import CODE_ALPHABET, CODE_LENGTH, case_number
from bot.ratings import CALLBACK
from channels.mail.references import DEFAULT_CASE_NUMBER_PATTERN, case_numbers
from nlp import CaseRef, normalize
from nlp.caserefs import find_case_refs, strip_case_refs

# Serials that print as 6, 7 and 8 digits: the first, the millionth and the ten-millionth case.
SERIALS = st.one_of(
    st.integers(min_value=1, max_value=999_999),
    st.integers(min_value=1_000_000, max_value=9_999_999),
    st.integers(min_value=10_000_000, max_value=99_999_999),
)
YEARS = st.integers(min_value=2000, max_value=2099)
CODES = st.text(alphabet=CODE_ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH)
SEPARATORS = st.sampled_from(["-", " ", "_", "", "－"])


@given(YEARS, SERIALS, CODES)
def test_a_number_and_its_code_read_back_from_a_status_question(year: int, serial: int,
                                                                 code: str) -> None:
    number = case_number(year, serial)
    assert len(number.partition("-")[2]) == max(6, len(str(serial)))
    text = normalize(f"查询 {number} 查询码：{code.lower()} 谢谢")
    assert find_case_refs(text) == (CaseRef(number, code),)
    assert strip_case_refs(text) == "查询 谢谢"


@given(YEARS, SERIALS, SEPARATORS)
def test_a_number_typed_loosely_reads_back(year: int, serial: int, separator: str) -> None:
    number = case_number(year, serial)
    typed = number.replace("-", separator).lower()
    assert find_case_refs(normalize(f"我的案件{typed}怎么样了")) == (CaseRef(number, None),)


@given(YEARS, SERIALS, st.integers(min_value=1, max_value=5))
def test_rating_buttons_and_mail_tags_carry_every_width(year: int, serial: int,
                                                        grade: int) -> None:
    number = case_number(year, serial)
    matched = CALLBACK.match(f"rate:{number}:{grade}")
    assert matched is not None and matched.group(1) == number
    found = case_numbers(f"Re: [{number}] 补充", [f"case+{number.lower()}@example.org"],
                         DEFAULT_CASE_NUMBER_PATTERN)
    assert found == (number,)


def test_a_wider_serial_with_a_leading_zero_is_not_a_number_the_bot_wrote() -> None:
    assert find_case_refs("XF2026-0001234") == ()
    assert find_case_refs("XF2026-1000000") == (CaseRef("XF2026-1000000", None),)
