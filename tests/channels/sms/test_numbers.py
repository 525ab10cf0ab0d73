"""Senders become tel: URNs in E.164; recipients become what Twilio's To takes."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from channels.sms import normalize_sender
from channels.sms.numbers import recipient_number


@pytest.mark.parametrize(
    ("raw", "urn"),
    [
        ("+8613800138000", "tel:+8613800138000"),
        ("13800138000", "tel:+8613800138000"),
        ("138 0013 8000", "tel:+8613800138000"),
        ("010-12345678", "tel:+861012345678"),
        ("+1 (415) 555-0100", "tel:+14155550100"),
        ("+15005550006", "tel:+15005550006"),
        ("95588", "tel:95588"),
        ("12345", "tel:12345"),
        ("XinFang", "tel:XinFang"),
        ("", "tel:unknown"),
    ],
)
def test_normalize_sender(raw: str, urn: str) -> None:
    assert normalize_sender(raw) == urn


@pytest.mark.parametrize(
    ("recipient", "number"),
    [
        ("tel:+8613800138000", "+8613800138000"),
        ("tel:13800138000", "+8613800138000"),
        ("+14155550100", "+14155550100"),
        ("tel:95588", "95588"),
    ],
)
def test_recipient_number(recipient: str, number: str) -> None:
    assert recipient_number(recipient) == number


@pytest.mark.parametrize("recipient", ["mailto:a@b.cn", "telegram:123", "tel:", "tel:+86 138"])
def test_recipient_that_is_no_number(recipient: str) -> None:
    with pytest.raises(ValueError, match="not a phone number"):
        recipient_number(recipient)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(second=st.sampled_from("3456789"), rest=st.integers(0, 999_999_999))
def test_the_chinese_mobile_shortcut_gives_what_phonenumbers_gives(second: str, rest: int) -> None:
    text = f"+861{second}{rest:09d}"
    number = phonenumbers.parse(text, "CN")
    assert phonenumbers.is_valid_number(number) or phonenumbers.is_possible_number(number)
    expected = "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    assert normalize_sender(text) == expected == "tel:" + text
