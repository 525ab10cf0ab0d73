"""Phone numbers as sender URNs (``tel:+8613800138000``) and back to what Twilio takes."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

DEFAULT_REGION = "CN"
_NON_DIGITS = re.compile(r"\D")
#: A Chinese mobile number already in E.164, as Twilio sends nearly every sender: exactly what
#: phonenumbers would return for it (a possible CN mobile; ``tests`` compare the two paths).
_CN_MOBILE_E164 = re.compile(r"\+861[3-9][0-9]{9}")
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")
#: What :func:`normalize_sender` says when nothing in ``From`` is usable (the channel then
#: gives the message an identity of its own).
UNKNOWN_SENDER = "tel:unknown"


# Pure and called on every inbound SMS; a citizen's later texts (status, supplements, answers
# to questions) come from the same number, and phonenumbers' parse is the costly part.
@lru_cache(maxsize=8192)
def normalize_sender(raw: str, region: str = DEFAULT_REGION) -> str:
    """``tel:`` + the E.164 form of ``raw`` (national numbers read in ``region``).

    A number that does not parse as a valid one keeps its digits (``tel:95588``) so that the
    same sender maps to the same URN every time; an alphanumeric sender id keeps its letters
    and digits; nothing usable at all is ``tel:unknown``.
    """
    text = raw.strip()
    if _CN_MOBILE_E164.fullmatch(text):
        return "tel:" + text
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and (
        phonenumbers.is_valid_number(number)
        # Explicitly international and of a possible length: trust the sender's country code.
        or (text.startswith("+") and phonenumbers.is_possible_number(number))
    ):
        return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    digits = _NON_DIGITS.sub("", text)
    if digits:
        return "tel:" + digits
    alphanumeric = _NON_ALNUM.sub("", text)
    return "tel:" + alphanumeric if alphanumeric else UNKNOWN_SENDER


def recipient_number(recipient: str, region: str = DEFAULT_REGION) -> str:
    """The ``To`` value for a recipient URN (``tel:+86…`` → ``+86…``); a bare number passes.

    Raises ValueError for anything that is not a phone number.
    """
    number = recipient.removeprefix("tel:")
    if not re.fullmatch(r"\+?[0-9]{3,20}", number):
        raise ValueError("not a phone number")
    if number.startswith("+"):
        return number
    normalized = normalize_sender(number, region)
    # A national number becomes E.164 when it is valid in the region; a short code stays as is.
    return normalized[4:]
