"""SMTP protocol abuse against the real intake on 127.0.0.1: smuggling, limits, pipelining, idling.

SMTP smuggling (SEC Consult, December 2023; CVE-2023-51764/51765/51766, aiosmtpd's
CVE-2024-27305): a sender hides a second letter behind an end-of-data sequence that one server
honours and another does not. Only ``<CRLF>.<CRLF>`` ends DATA (RFC 5321 4.1.1.4). aiosmtpd
1.4.6 reads DATA with ``readuntil(b"\\r\\n")`` and ends only on a line that is exactly
``.\\r\\n`` after a CRLF, so every variant below stays inside the first letter; our
``_IntakeSMTP`` does not override ``smtp_DATA``. These tests keep it that way for upgrades.

Every test also sends an honest letter from a second client while, or right after, the abuse
runs: the server keeps serving others.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from .fakes import FakeIntake, SmtpTalk, dot_stuff, running_channel, smtplib_send

PAYLOADS = Path(__file__).resolve().parents[2] / "payloads" / "mail"
LETTER = (PAYLOADS / "gb2312_label_gbk_chars.eml").read_bytes()
BUREAU = "xinfang@xinfang.example.cn"

#: The end-of-data variants, each an id and what it means to a lenient server.
SMUGGLING_VARIANTS: list[tuple[str, bytes]] = [
    ("lf-dot-lf", b"\n.\n"),  # bare LF on both sides: Postfix before 3.8.4, Exim, Sendmail
    ("lf-dot-crlf", b"\n.\r\n"),  # bare LF before the dot: the variant that hit Postfix/Exim
    ("crlf-dot-lf", b"\r\n.\n"),  # bare LF after the dot: Cisco's and Microsoft's variant
    ("cr-dot-cr", b"\r.\r"),  # bare CR on both sides: old Sendmail and mainframe gateways
    ("cr-dot-crlf", b"\r.\r\n"),  # bare CR before the dot, a proper line end after it
    ("crlf-dot-cr", b"\r\n.\r"),  # proper line start, bare CR after the dot
    ("lf-dot-cr", b"\n.\r"),  # mixed: bare LF before, bare CR after
    ("cr-dot-lf", b"\r.\n"),  # mixed: bare CR before, bare LF after
    ("crlf-nul-dot-crlf", b"\r\n\x00.\r\n"),  # a NUL some servers strip before matching
    ("crlf-dot-nul-crlf", b"\r\n.\x00\r\n"),  # a NUL after the dot, stripped by the same servers
]

SMUGGLED = (
    b"MAIL FROM:<smuggler@evil.example>\r\n"
    b"RCPT TO:<" + BUREAU.encode() + b">\r\n"
    b"DATA\r\n"
    b"From: smuggler@evil.example\r\nSubject: smuggled\r\nMessage-ID: <smuggled@evil.example>\r\n"
    b"\r\nI am the second letter.\r\n"
)


def _first_letter(variant: bytes) -> bytes:
    return (
        b"From: citizen@example.com\r\nTo: " + BUREAU.encode() + b"\r\nSubject: first\r\n"
        b"Message-ID: <first@example.com>\r\n\r\nThe first letter ends here." + variant + SMUGGLED
    )


def _unstuffed(data: bytes) -> bytes:
    """What RFC 5321 4.5.2 makes of DATA bytes: a leading dot removed from each CRLF line."""
    lines = data.split(b"\r\n")
    return b"\r\n".join(line[1:] if line.startswith(b".") else line for line in lines)


async def _session(port: int) -> SmtpTalk:
    talk = await SmtpTalk.open(port)
    assert (await talk.reply()).startswith("220 ")
    assert (await talk.command("EHLO client.test")).startswith("250")
    return talk


async def _envelope(talk: SmtpTalk) -> None:
    assert (await talk.command("MAIL FROM:<citizen@example.com>")).startswith("250")
    assert (await talk.command(f"RCPT TO:<{BUREAU}>")).startswith("250")
    assert (await talk.command("DATA")).startswith("354")


async def _honest_letter(port: int, intake: FakeIntake, number: int) -> None:
    """Another client's letter goes through while the abuse runs; stored exactly as sent."""
    letter = LETTER.replace(b"<gbk-001@example.com>", b"<honest-%d@example.com>" % number)
    assert await smtplib_send(port, letter) == {}
    assert any(message.raw == letter for message in intake.stored)


@pytest.mark.parametrize("variant", [v for _, v in SMUGGLING_VARIANTS],
                         ids=[name for name, _ in SMUGGLING_VARIANTS])
async def test_smuggling_variant_yields_one_letter_never_a_second(variant: bytes) -> None:
    intake = FakeIntake()
    async with running_channel(intake) as channel:
        talk = await _session(channel.port)
        await _envelope(talk)
        body = _first_letter(variant)
        # Only the proper terminator ends DATA; the variant and the commands after it are data.
        await talk.send_raw(body + b"\r\n.\r\n")
        assert (await talk.reply()).startswith("250 2.0.0")
        # A smuggled transaction would answer 250, 250, 354 and 250 before this 221.
        assert (await talk.command("QUIT")).startswith("221")
        await talk.close()
        await _honest_letter(channel.port, intake, 1)
    first, honest = intake.stored
    assert first.raw == _unstuffed(body + b"\r\n")
    assert first.sender == "mailto:citizen@example.com"
    assert first.external_id == "<first@example.com>"
    assert b"smuggler@evil.example" in first.raw  # kept as the first letter's text
    assert honest.external_id == "<honest-1@example.com>"
    assert all("smuggler" not in message.sender for message in intake.stored)
    # The parser reads it as the one letter it is, not as two.
    completed = intake.completed()[0]
    assert completed.sender == "mailto:citizen@example.com"
    assert completed.external_id == "<first@example.com>"


def test_ten_documented_variants() -> None:
    names = [name for name, _ in SMUGGLING_VARIANTS]
    variants = [variant for _, variant in SMUGGLING_VARIANTS]
    assert len(set(names)) == len(set(variants)) == 10
    assert b"\r\n.\r\n" not in variants  # the one real terminator is not among them


async def test_overlong_command_lines_answer_500_and_the_session_goes_on() -> None:
    intake = FakeIntake()
    async with running_channel(intake) as channel:
        talk = await _session(channel.port)
        # Over RFC 5321's 512 octets (4.5.3.1.4): "500 5.5.2" (RFC 3463: syntax error).
        assert (await talk.command("NOOP " + "x" * 600)).startswith("500 5.5.2")
        address = "a" * 1000 + "@example.com"
        assert (await talk.command(f"MAIL FROM:<{address}>")).startswith("500 5.5.2")
        # Past the stream limit too (2 MiB, no line end until the last byte): read and refused.
        assert (await talk.command(b"HELO " + b"h" * (2 * 1024 * 1024))).startswith("500 5.5.2")
        await _honest_letter(channel.port, intake, 1)
        await _envelope(talk)
        await talk.send_raw(dot_stuff(LETTER))
        assert (await talk.reply()).startswith("250 2.0.0")
        await talk.close()
    assert [message.raw for message in intake.stored][1:] == [LETTER]


async def test_overlong_data_line_answers_500_and_nothing_is_stored() -> None:
    intake = FakeIntake()
    async with running_channel(intake, max_line_bytes=64 * 1024) as channel:
        talk = await _session(channel.port)
        await _envelope(talk)
        letter = LETTER.replace(b"\r\n\r\n", b"\r\nX-Long: " + b"y" * (200 * 1024) + b"\r\n\r\n", 1)
        await talk.send_raw(dot_stuff(letter))
        # RFC 5321 4.5.3.1.6: read to the end of the data, then "500 5.5.2 Line too long".
        assert (await talk.reply()).startswith("500 5.5.2")
        await _honest_letter(channel.port, intake, 1)
        await _envelope(talk)
        await talk.send_raw(dot_stuff(LETTER))
        assert (await talk.reply()).startswith("250")
        await talk.close()
    assert len(intake.stored) == 2 and intake.stored[1].raw == LETTER


async def test_too_much_data_answers_552_and_nothing_is_stored() -> None:
    intake = FakeIntake()
    async with running_channel(intake, max_message_bytes=32 * 1024) as channel:
        talk = await _session(channel.port)
        await _envelope(talk)
        await talk.send_raw(dot_stuff(LETTER + (b"z" * 998 + b"\r\n") * 64))
        assert (await talk.reply()).startswith("552 5.3.4")  # RFC 3463: message too big
        # Announced with SIZE: refused at MAIL FROM already (RFC 1870).
        answer = await talk.command("MAIL FROM:<citizen@example.com> SIZE=40000")
        assert answer.startswith("552 5.3.4")
        await _honest_letter(channel.port, intake, 1)
        await talk.close()
    [honest] = intake.stored
    assert honest.external_id == "<honest-1@example.com>"


async def test_too_many_recipients_answers_452_and_keeps_the_accepted_ones() -> None:
    intake = FakeIntake()
    async with running_channel(intake, max_recipients=5) as channel:
        talk = await _session(channel.port)
        assert (await talk.command("MAIL FROM:<citizen@example.com>")).startswith("250")
        answers = [await talk.command(f"RCPT TO:<r{n}@xinfang.example.cn>") for n in range(50)]
        # RFC 5321 4.5.3.1.10: 452 for too many recipients (4.5.3 per RFC 3463), not a 5xx.
        assert [a[:9] for a in answers] == ["250 2.1.5"] * 5 + ["452 4.5.3"] * 45
        assert (await talk.command("DATA")).startswith("354")
        await talk.send_raw(dot_stuff(LETTER))
        assert (await talk.reply()).startswith("250 2.0.0")
        await talk.close()
        await _honest_letter(channel.port, intake, 1)
    first = intake.stored[0]
    assert first.meta["recipients"].split("\n") == [f"r{n}@xinfang.example.cn" for n in range(5)]


async def test_two_pipelined_transactions_in_one_write_are_answered_in_order() -> None:
    intake = FakeIntake()
    second = LETTER.replace(b"<gbk-001@example.com>", b"<gbk-002@example.com>")
    async with running_channel(intake) as channel:
        talk = await _session(channel.port)
        envelope = b"MAIL FROM:<citizen@example.com>\r\nRCPT TO:<" + BUREAU.encode() + b">\r\nDATA\r\n"
        await talk.send_raw(
            envelope + dot_stuff(LETTER) + b"RSET\r\nNOOP\r\n"
            + envelope.replace(b"RCPT TO:<", b"RCPT TO:<nobody@elsewhere.example>\r\nRCPT TO:<")
            + dot_stuff(second) + b"QUIT\r\n"
        )
        answers = [(await talk.reply())[:3] for _ in range(11)]
        assert answers == ["250", "250", "354", "250", "250", "250",
                           "250", "550", "250", "354", "250"]
        assert (await talk.reply()).startswith("221")
        await talk.close()
    assert [message.raw for message in intake.stored] == [LETTER, second]


async def test_idle_clients_are_closed_while_others_are_served() -> None:
    intake = FakeIntake()
    async with running_channel(intake, idle_timeout=0.5) as channel:
        silent = await _session(channel.port)
        # Idle in the middle of DATA: half a letter, then nothing more.
        stalled = await _session(channel.port)
        await _envelope(stalled)
        await stalled.send_raw(LETTER[: len(LETTER) // 2])
        await _honest_letter(channel.port, intake, 1)
        for talk in (silent, stalled):
            assert (await talk.reply(timeout=10)).startswith("421 4.4.2")
            assert await asyncio.wait_for(talk.reader.read(), 10) == b""
            await talk.close()
        await _honest_letter(channel.port, intake, 2)
    # The half letter was never acknowledged, so it was never stored.
    assert [message.external_id for message in intake.stored] == [
        "<honest-1@example.com>", "<honest-2@example.com>",
    ]


async def test_unrecognized_command_flood_is_cut_off() -> None:
    intake = FakeIntake()
    async with running_channel(intake) as channel:
        talk = await _session(channel.port)
        await talk.send_raw(b"".join(b"XYZZY%d\r\n" % n for n in range(20)))
        answers = []
        for _ in range(20):
            try:
                answers.append(await talk.reply())
            except ConnectionError:
                break
        # aiosmtpd answers 500 to each, then 502 5.5.1 and hangs up after its bogus budget.
        assert answers[0].startswith("500")
        assert answers[-1].startswith("502 5.5.1")
        assert len(answers) < 20
        await talk.close()
        await _honest_letter(channel.port, intake, 1)
    assert len(intake.stored) == 1
