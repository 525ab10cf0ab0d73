"""What the SMS webhook spends per request on its own work, outside the web stack.

On the body ``bench/sms_bench.py`` sends (a signed Twilio form with a 40-character Chinese
complaint): ``channels.sms.form.parse_form`` against python-multipart's ``QuerystringParser``
driven over the same body (what ``parse_form`` did before; the baseline, in the same run),
and, for scale, the signature check and the conversion to an ``InboundMessage``. Each figure
is the best of ``REPEATS`` timings of ``NUMBER`` calls, in this process, so a busy machine
slows both sides of the ratio alike.

Run alone: ``python -m bench.sms_form_bench`` (prints the figures as JSON).
"""

from __future__ import annotations

import json
import timeit
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from python_multipart import QuerystringParser

from bench.sms_bench import AUTH_TOKEN, PUBLIC_URL, WEBHOOK_PATH, signed_request
from channels.sms.convert import to_inbound_message
from channels.sms.form import TwilioForm, _decode, parse_form
from channels.sms.signature import SIGNATURE_HEADER, SignatureChecker

NUMBER = 2_000
REPEATS = 5


def multipart_form(body: bytes) -> TwilioForm:
    """The baseline: python-multipart's streaming parser with one callback per event."""
    pairs: list[tuple[str, str]] = []
    name: list[bytes] = []
    value: list[bytes] = []

    def on_field_end() -> None:
        pairs.append((_decode(b"".join(name)), _decode(b"".join(value))))
        name.clear()
        value.clear()

    parser = QuerystringParser({
        "on_field_name": lambda data, start, end: name.append(data[start:end]),
        "on_field_data": lambda data, start, end: value.append(data[start:end]),
        "on_field_end": on_field_end,
    })
    parser.write(body)
    parser.finalize()
    return TwilioForm(pairs)


def _microseconds(work: Callable[[], object]) -> float:
    return min(timeit.repeat(work, number=NUMBER, repeat=REPEATS)) / NUMBER * 1e6


def run() -> list[dict[str, Any]]:
    head, _, body = signed_request(WEBHOOK_PATH, 7).partition(b"\r\n\r\n")
    prefix = SIGNATURE_HEADER.encode() + b": "
    signature = next(line[len(prefix):] for line in head.split(b"\r\n")
                     if line.startswith(prefix)).decode()
    form = parse_form(body)
    if dict(form) != dict(multipart_form(body)):
        raise RuntimeError("the two parsers disagree")
    checker = SignatureChecker(AUTH_TOKEN, PUBLIC_URL)
    if not checker.is_valid(WEBHOOK_PATH, "", form, signature):
        raise RuntimeError("the bench request is not validly signed")
    now = datetime.now(UTC)
    ours = _microseconds(lambda: parse_form(body))
    theirs = _microseconds(lambda: multipart_form(body))
    check = _microseconds(lambda: checker.is_valid(WEBHOOK_PATH, "", form, signature))
    convert = _microseconds(lambda: to_inbound_message(form, body, now))
    return [
        {"name": f"parse a Twilio form ({len(body)} bytes)", "value": round(ours, 1),
         "baseline_name": "python-multipart QuerystringParser, same body", "baseline": round(theirs, 1),
         "unit": "µs", "target": "reported (lower is better)"},
        {"name": "Twilio signature check (RequestValidator, HMAC-SHA1)", "value": round(check, 1),
         "baseline_name": "parse_form, same run", "baseline": round(ours, 1), "unit": "µs",
         "target": "reported"},
        {"name": "form → InboundMessage", "value": round(convert, 1),
         "baseline_name": "parse_form, same run", "baseline": round(ours, 1), "unit": "µs",
         "target": "reported"},
    ]


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
