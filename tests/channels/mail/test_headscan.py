"""The Message-ID scan taken before 250 must equal what the full parser finds, letter by letter."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import test.test_email

from channels.mail import NULL_SENDER, complete, deferred_message, parse_letter, scan_message_id

from .test_corpus import CORPUS, wire_form

PAYLOADS = Path(__file__).resolve().parents[2] / "payloads" / "mail"
CPYTHON_DATA = Path(os.path.dirname(test.test_email.__file__)) / "data"

EDGE_CASES: dict[str, bytes] = {
    "plain": b"Message-ID: <a@b>\r\n\r\nbody\r\n",
    "folded": b"Subject: x\r\nMessage-ID:\r\n <folded@example.com>\r\n\r\nbody",
    "folded inside": b"Message-ID: <fol\r\n ded@example.com>\r\n\r\n",
    "no brackets": b"Message-Id: bare-token@example.com  \r\n\r\n",
    "spaces and tabs": b"MESSAGE-ID:\t  <x@y>  (comment)\r\n\r\n",
    "first of two": b"Message-ID: <first@x>\r\nMessage-ID: <second@x>\r\n\r\n",
    "empty first": b"Message-ID:\r\nMessage-ID: <second@x>\r\n\r\n",
    "absent": b"From: a@b\r\nSubject: none\r\n\r\nMessage-ID: <in-body@x>\r\n",
    "after blank line": b"Subject: s\r\n\r\nMessage-ID: <body@x>\r\n",
    "LF only": b"Subject: s\nMessage-ID: <lf@x>\n\nbody\n",
    "CR only": b"Subject: s\rMessage-ID: <cr@x>\r\rbody\r",
    "mixed ends": b"Subject: s\rMessage-ID: <mixed@x>\n\r\nbody",
    "unix from first": b"From someone Mon Jan 1 00:00:00 2024\nMessage-ID: <ux@x>\n\n",
    "misplaced from": b"Subject: s\nFrom oops\nMessage-ID: <mis@x>\n\n",
    "from as last line": b"Subject: s\nFrom oops",
    "first line continuation": b" Message-ID: <cont@x>\r\nMessage-ID: <real@x>\r\n\r\n",
    "continuation of other": b"Subject: a\r\n Message-ID: <no@x>\r\nX: y\r\n\r\n",
    "non-header line ends headers": b"Subject: s\r\nnot a header\r\nMessage-ID: <late@x>\r\n\r\n",
    "missing name": b":orphan\r\n <cont@x>\r\nMessage-ID: <ok@x>\r\n\r\n",
    "space before colon": b"Message-ID : <spaced@x>\r\n\r\n",
    "8-bit": "Message-ID: <\u4f60\u597d@x>\r\n\r\n".encode("gbk"),
    "8-bit bare": "Message-ID: \u4f60\u597d\r\n\r\n".encode("utf-8"),
    "only brackets": b"Message-ID: <>\r\n\r\n",
    "no trailing newline": b"Message-ID: <end@x>",
    "empty letter": b"",
    "just blank": b"\r\n",
}


def _letters() -> list[tuple[str, bytes]]:
    letters = [(f"payload:{p.name}", p.read_bytes()) for p in sorted(PAYLOADS.iterdir())]
    letters += [(f"cpython:{p.name}", p.read_bytes()) for p in sorted(CPYTHON_DATA.iterdir())
                if p.is_file()]
    if CORPUS.is_dir():
        letters += [(f"corpus:{p.name}", p.read_bytes()) for p in sorted(CORPUS.rglob("*"))
                    if p.is_file()]
    return letters


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_scan_agrees_with_the_parser_on_edge_cases(name: str) -> None:
    raw = EDGE_CASES[name]
    assert scan_message_id(raw) == parse_letter(raw).message_id


def test_scan_agrees_with_the_parser_on_every_letter_file() -> None:
    letters = _letters()
    assert len(letters) > 50
    for name, raw in letters:
        for form in (raw, wire_form(raw)):
            assert scan_message_id(form) == parse_letter(form).message_id, name


def test_scan_reads_the_header_block_only() -> None:
    body = b"x" * 1_000_000
    assert scan_message_id(b"Message-ID: <big@x>\r\n\r\n" + body) == "<big@x>"
    assert scan_message_id(b"Subject: s\r\n\r\n" + body + b"\r\nMessage-ID: <no@x>\r\n") == ""


def test_deferred_message_keeps_raw_and_envelope_and_completes_to_the_parse() -> None:
    raw = (PAYLOADS / "bounce_dsn.eml").read_bytes()
    received = datetime(2026, 3, 1, tzinfo=UTC)
    stored = deferred_message(raw, mail_from="", recipients=("a@x.cn", "case+XF2026-000001@x.cn"),
                              received_at=received)
    assert stored.raw == raw and stored.received_at == received
    assert stored.sender == NULL_SENDER and stored.auto_generated and not stored.needs_human
    assert stored.text == "" and stored.meta["parse"] == "deferred"
    assert stored.meta["recipients"] == "a@x.cn\ncase+XF2026-000001@x.cn"
    completed = complete(stored.raw, stored.meta)
    assert completed.external_id == stored.external_id
    assert completed.content_hash == stored.content_hash
    assert completed.auto_generated
    assert "XF2026-000001" in completed.references  # plus-address of the second recipient
    assert completed.meta["to"] == "a@x.cn" and completed.meta["envelope_from"] == ""
