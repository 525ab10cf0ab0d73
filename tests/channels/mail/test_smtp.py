"""The SMTP intake, spoken to over 127.0.0.1 by smtplib, raw streams and swaks."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import smtplib
from pathlib import Path

import pytest

from channels.mail import MailChannel

from .fakes import FakeIntake, SmtpTalk, dot_stuff, running_channel, smtplib_send

PAYLOADS = Path(__file__).resolve().parents[2] / "payloads" / "mail"
LETTER = (PAYLOADS / "gb2312_label_gbk_chars.eml").read_bytes()
BUREAU = "xinfang@xinfang.example.cn"


async def _session(port: int) -> SmtpTalk:
    talk = await SmtpTalk.open(port)
    assert (await talk.reply()).startswith("220 ")
    assert (await talk.command("EHLO client.test")).startswith("250")
    return talk


async def _transaction(talk: SmtpTalk, data: bytes, recipient: str = BUREAU) -> str:
    assert (await talk.command("MAIL FROM:<citizen@example.com>")).startswith("250")
    assert (await talk.command(f"RCPT TO:<{recipient}>")).startswith("250")
    assert (await talk.command("DATA")).startswith("354")
    await talk.send_raw(dot_stuff(data))
    return await talk.reply()


async def test_letter_is_stored_raw_before_250_and_completed_later() -> None:
    intake = FakeIntake()
    async with running_channel(intake) as channel:
        assert channel.port != 0
        assert f"127.0.0.1:{channel.port}" in channel.describe()
        refused = await smtplib_send(channel.port, LETTER, mail_from="Citizen@Example.com")
    assert refused == {}
    # Before 250: the raw bytes, the dedupe key and the envelope; nothing parsed.
    [stored] = intake.stored
    assert stored.raw == LETTER
    assert stored.channel == "mail"
    assert stored.sender == "mailto:citizen@example.com"
    assert stored.external_id == "<gbk-001@example.com>"
    assert stored.content_hash == hashlib.sha256(LETTER).hexdigest()
    assert stored.text == "" and stored.subject == "" and stored.attachments == ()
    assert dict(stored.meta) == {
        "parse": "deferred", "message_id": "<gbk-001@example.com>",
        "envelope_from": "Citizen@Example.com", "to": BUREAU, "recipients": BUREAU,
    }
    assert not stored.needs_human and not stored.auto_generated
    # At processing time: the letter as it reads.
    [message] = intake.completed()
    assert message.raw == LETTER
    assert message.channel == "mail"
    assert message.sender == "mailto:taozhe@example.com"
    assert message.sender_name == "陶喆"
    assert message.subject == "关于朱镕基反映的问题"
    assert message.external_id == "<gbk-001@example.com>"
    assert message.content_hash == hashlib.sha256(LETTER).hexdigest()
    assert message.meta["message_id"] == "<gbk-001@example.com>"
    assert message.meta["to"] == BUREAU
    assert "朱镕基" in message.text and not message.needs_human and not message.auto_generated


async def test_250_is_sent_only_after_store_returned() -> None:
    gate = asyncio.Event()
    intake = FakeIntake(gate=gate)
    async with running_channel(intake) as channel:
        talk = await _session(channel.port)
        await talk.command("MAIL FROM:<citizen@example.com>")
        await talk.command(f"RCPT TO:<{BUREAU}>")
        await talk.command("DATA")
        await talk.send_raw(dot_stuff(LETTER))
        with pytest.raises(TimeoutError):
            await talk.reply(timeout=0.3)
        assert intake.stored == []
        gate.set()
        assert (await talk.reply()).startswith("250 2.0.0")
        assert len(intake.stored) == 1
        await talk.close()


async def test_stop_lets_a_letter_being_stored_get_its_250() -> None:
    gate = asyncio.Event()
    intake = FakeIntake(gate=gate)
    channel = MailChannel(intake=intake, host="127.0.0.1", port=0, domains=("localhost",))
    await channel.start()
    talk = await _session(channel.port)
    await talk.command("MAIL FROM:<citizen@example.com>")
    await talk.command("RCPT TO:<xinfang@localhost>")
    await talk.command("DATA")
    await talk.send_raw(dot_stuff(LETTER))
    for _ in range(200):  # bounded: until the letter is in the store's hands
        if intake.store_calls:
            break
        await asyncio.sleep(0.01)
    stopping = asyncio.create_task(channel.stop())
    await asyncio.sleep(0.1)
    assert not stopping.done()  # waiting for the store, not cutting the client off
    gate.set()
    assert (await talk.reply()).startswith("250 2.0.0")
    await asyncio.wait_for(stopping, 10)
    assert len(intake.stored) == 1
    await talk.close()


@pytest.mark.parametrize("mode", ["fail_store", "crash_store"])
async def test_store_failure_answers_451_without_internals(mode: str) -> None:
    intake = FakeIntake(mode=mode)  # type: ignore[arg-type]
    async with running_channel(intake) as channel:
        talk = await _session(channel.port)
        answer = await _transaction(talk, LETTER)
        assert answer.startswith("451 4.3.0")
        for leak in ("secret", "sqlite", "RuntimeError", "internal", "Error:"):
            assert leak not in answer
        # The transaction was reset: the client can try again on the same session.
        intake.mode = "ok"
        assert (await _transaction(talk, LETTER)).startswith("250")
        await talk.close()
    assert len(intake.stored) == 1


async def test_unexpected_session_error_answers_451_not_500(monkeypatch: pytest.MonkeyPatch) -> None:
    from channels.mail.server import MailHandler

    async def explode(*args: object) -> str:
        raise KeyError("internal detail")

    monkeypatch.setattr(MailHandler, "handle_RCPT", explode)
    async with running_channel(FakeIntake()) as channel:
        talk = await _session(channel.port)
        await talk.command("MAIL FROM:<citizen@example.com>")
        answer = await talk.command(f"RCPT TO:<{BUREAU}>")
        assert answer.startswith("451 4.3.0") and "KeyError" not in answer and "internal" not in answer
        await talk.close()


async def test_letter_the_parser_cannot_read_is_still_stored_and_acknowledged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_parser(*args: object) -> None:
        raise RecursionError("parser gave up")

    # The parser is not on the way to 250 at all (the bot marks such a letter for a human
    # when it completes it: tests/bot/test_deferred_parse.py).
    monkeypatch.setattr("channels.mail.deferred.parse_letter", broken_parser)
    intake = FakeIntake()
    async with running_channel(intake) as channel:
        assert await smtplib_send(channel.port, LETTER) == {}
    [message] = intake.stored
    assert message.raw == LETTER and message.meta["parse"] == "deferred"
    assert message.sender == "mailto:citizen@example.com"
    assert message.content_hash == hashlib.sha256(LETTER).hexdigest()
    with pytest.raises(RecursionError):
        intake.completed()


async def test_foreign_recipient_is_refused_at_rcpt_never_relayed() -> None:
    intake = FakeIntake()
    async with running_channel(intake) as channel:
        talk = await _session(channel.port)
        await talk.command("MAIL FROM:<citizen@example.com>")
        for address in ("someone@gmail.com", "xinfang@xinfang.example.cn.evil.com", "@xinfang.example.cn"):
            answer = await talk.command(f"RCPT TO:<{address}>")
            assert answer.startswith(("550 5.7.1", "553", "501")), (address, answer)
        assert (await talk.command("RCPT TO:<Xinfang@XINFANG.example.CN>")).startswith("250")
        assert (await talk.command("RCPT TO:<postmaster>")).startswith("250")
        await talk.close()
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            await smtplib_send(channel.port, LETTER, recipients=["victim@example.org"])
        assert refused.value.recipients["victim@example.org"][0] == 550
    assert intake.stored == []


async def test_size_is_advertised_and_enforced_with_552() -> None:
    intake = FakeIntake()
    async with running_channel(intake, max_message_bytes=4096) as channel:
        talk = await SmtpTalk.open(channel.port)
        await talk.reply()
        assert "250-SIZE 4096" in await talk.command("EHLO client.test")
        assert (await talk.command("MAIL FROM:<citizen@example.com> SIZE=5000")).startswith("552")
        big = LETTER + b"x" * 70 + b"\r\n" * 0 + (b"y" * 70 + b"\r\n") * 80
        answer = await _transaction(talk, big)
        assert answer.startswith("552")
        # A letter within the limit still goes through on the same session.
        assert (await _transaction(talk, LETTER)).startswith("250")
        await talk.close()
    assert [message.raw for message in intake.stored] == [LETTER]


async def test_lines_longer_than_rfc5321_are_accepted_up_to_the_bound() -> None:
    intake = FakeIntake()
    long_line = "长" * 3000  # 9,000 octets on one line, as some webmail clients send
    letter = (
        "From: a@example.com\r\nTo: xinfang@xinfang.example.cn\r\nSubject: long\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        f"{long_line}\r\n.starts with a dot\r\n"
    ).encode()
    async with running_channel(intake, max_line_bytes=16 * 1024) as channel:
        talk = await _session(channel.port)
        assert (await _transaction(talk, letter)).startswith("250")
        too_long = letter.replace(long_line.encode(), b"z" * 20000)
        assert not (await _transaction(talk, too_long)).startswith("250")
        await talk.close()
    [message] = intake.completed()
    assert message.raw == letter  # dot-unstuffed exactly back to what the client meant
    assert long_line in message.text


async def test_recipient_and_command_limits() -> None:
    async with running_channel(FakeIntake(), max_recipients=3) as channel:
        talk = await _session(channel.port)
        await talk.command("MAIL FROM:<citizen@example.com>")
        answers = [await talk.command(f"RCPT TO:<r{n}@xinfang.example.cn>") for n in range(4)]
        assert [answer[:3] for answer in answers] == ["250", "250", "250", "452"]
        assert (await talk.command("NOOP " + "x" * 600)).startswith("500")
        assert (await talk.command("RSET")).startswith("250")
        await talk.close()


async def test_idle_session_is_closed_with_421() -> None:
    async with running_channel(FakeIntake(), idle_timeout=0.3) as channel:
        talk = await _session(channel.port)
        assert (await talk.reply(timeout=5)).startswith("421 4.4.2")
        assert await asyncio.wait_for(talk.reader.read(), 5) == b""
        await talk.close()


async def test_connection_cap_answers_421() -> None:
    async with running_channel(FakeIntake(), max_connections=1) as channel:
        first = await _session(channel.port)
        second = await SmtpTalk.open(channel.port)
        assert (await second.reply()).startswith("421 4.7.0")
        await second.close()
        await first.close()
        await asyncio.sleep(0.05)
        third = await _session(channel.port)  # the slot is free again
        await third.close()


async def test_pipelined_commands_get_ordered_answers() -> None:
    intake = FakeIntake()
    async with running_channel(intake) as channel:
        talk = await SmtpTalk.open(channel.port)
        await talk.reply()
        assert "250-PIPELINING" in await talk.command("EHLO client.test")
        await talk.send_raw(
            b"MAIL FROM:<citizen@example.com>\r\nRCPT TO:<x@elsewhere.org>\r\n"
            b"RCPT TO:<" + BUREAU.encode() + b">\r\nDATA\r\n"
        )
        answers = [await talk.reply() for _ in range(4)]
        assert [answer[:3] for answer in answers] == ["250", "550", "250", "354"]
        await talk.send_raw(dot_stuff(LETTER) + b"QUIT\r\n")
        assert (await talk.reply()).startswith("250")
        assert (await talk.reply()).startswith("221")
        await talk.close()
    assert [message.raw for message in intake.stored] == [LETTER]


async def test_message_id_reuse_and_missing_ids_dedupe_on_content() -> None:
    intake = FakeIntake()
    other = LETTER.replace("噪音".encode("gbk"), b"").replace(b"Date: Mon", b"Date: Tue")
    no_id = (PAYLOADS / "malformed_addresses_no_message_id.eml").read_bytes()
    async with running_channel(intake) as channel:
        for letter in (LETTER, LETTER, other, no_id, no_id):
            assert await smtplib_send(channel.port, letter) == {}
    assert intake.store_calls == 5
    assert [message.raw for message in intake.stored] == [LETTER, other, no_id]
    assert intake.stored[0].external_id == intake.stored[1].external_id == "<gbk-001@example.com>"
    assert intake.stored[2].external_id == ""
    # No usable From: header: the envelope sender identifies the petitioner, a human checks.
    completed = intake.completed()[2]
    assert completed.sender == "mailto:citizen@example.com" and completed.needs_human


async def test_threading_references_and_auto_replies() -> None:
    intake = FakeIntake()
    reply = (PAYLOADS / "reply_with_quote_signature.eml").read_bytes()
    bounce = (PAYLOADS / "bounce_dsn.eml").read_bytes()
    async with running_channel(intake) as channel:
        await smtplib_send(channel.port, reply, recipients=["case+XF2026-000123@xinfang.example.cn"])
        await smtplib_send(channel.port, bounce, mail_from="")
    # A null reverse-path is known before parsing: never answered, even if parsing fails.
    assert intake.stored[1].auto_generated and intake.stored[1].sender == "mailto:<>"
    answer, dsn = intake.completed()
    assert answer.references == (
        "<xf.41.abcdef@xinfang.example.cn>",
        "<first-001@example.com>",
        "XF2026-000123",
    )
    # The quote goes; the writer's own short signature (name, phone) is theirs and stays.
    assert answer.text == "补充材料：噪音在晚上十点以后仍然存在。\n\n张三\n电话 13800000000"
    assert answer.meta["to"] == "case+xf2026-000123@xinfang.example.cn"
    assert not answer.auto_generated
    assert dsn.auto_generated and dsn.meta["envelope_from"] == ""


async def test_stop_closes_open_sessions_and_frees_the_port() -> None:
    channel = MailChannel(intake=FakeIntake(), host="127.0.0.1", port=0, domains=("localhost",))
    await channel.start()
    talk = await _session(channel.port)
    await channel.stop()
    assert await asyncio.wait_for(talk.reader.read(), 5) == b""
    await talk.close()
    assert "stopped" in channel.describe()


async def _swaks(port: int, *extra: str, data: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        "swaks", "--server", "127.0.0.1", "--port", str(port), "--helo", "client.test",
        "--from", "citizen@example.com", "--to", BUREAU, "--data", f"@{data}", *extra,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    return int(process.returncode or 0), output.decode("utf-8", "replace")


@pytest.mark.skipif(shutil.which("swaks") is None, reason="swaks not installed (apt-get install swaks)")
@pytest.mark.parametrize("extra", [(), ("--pipeline",)], ids=["plain", "pipelining"])
async def test_swaks_delivers(extra: tuple[str, ...]) -> None:
    intake = FakeIntake()
    letter = PAYLOADS / "utf8_split_encoded_words_qp.eml"
    async with running_channel(intake) as channel:
        code, output = await _swaks(channel.port, *extra, data=letter)
    assert code == 0, output
    assert "250 2.0.0" in output
    [message] = intake.completed()
    assert message.subject == "小区路灯坏了三个月"
    assert message.raw.rstrip(b"\r\n") == letter.read_bytes().rstrip(b"\r\n")


@pytest.mark.skipif(shutil.which("swaks") is None, reason="swaks not installed (apt-get install swaks)")
async def test_swaks_sees_relay_refusal() -> None:
    intake = FakeIntake()
    async with running_channel(intake) as channel:
        process = await asyncio.create_subprocess_exec(
            "swaks", "--server", "127.0.0.1", "--port", str(channel.port), "--helo", "client.test",
            "--from", "spammer@example.com", "--to", "victim@example.org",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode != 0
    assert "550 5.7.1" in output.decode()
    assert intake.stored == []
