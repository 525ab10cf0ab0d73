"""The whole `serve` stack on loopback: a real SMTP client and a signed Twilio webhook in,
replies out through the persisted outbox to a local relay; status across channels."""

from __future__ import annotations

import asyncio
import email
import re
import smtplib
from collections.abc import AsyncIterator
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import select
from twilio.request_validator import RequestValidator

from bot.core import Core
from bot.outbox import OutboxWorker
from bot.service import Service
from channels.mail import MailChannel, complete
from channels.sms import SmsChannel
from nlp import Analyzer
from storage import Message
from tests.channels.mail.fakes import SinkHandler, mail_sink
from tests.conftest import FIXED_NOW

TOKEN = "e2e-auth-token"
PUBLIC_URL = "https://xf.example.gov.cn"
NUMBER = re.compile(r"XF2026-\d{6}")


class Stack:
    def __init__(self, service: Service, mail: MailChannel, sink: SinkHandler) -> None:
        self.service = service
        self.mail = mail
        self.sink = sink


@pytest.fixture
async def stack(tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[Stack]:
    core = Core.open(database_url=f"sqlite:///{tmp_path / 'cases.sqlite3'}",
                     data_dir=tmp_path, secret_key="k", fixed_now=FIXED_NOW, analyzer=analyzer,
                     completers={"mail": complete})
    sink = SinkHandler()
    async with mail_sink(sink) as relay_port:
        mail = MailChannel(intake=core.intake, host="127.0.0.1", port=0,
                           domains=("xf.example.gov.cn",), outbound_smtp=f"127.0.0.1:{relay_port}",
                           from_address="xinfang@xf.example.gov.cn")
        sms = SmsChannel(intake=core.intake, account_sid="AC" + "0" * 32, auth_token=TOKEN,
                         from_number="+15005550006", public_url=PUBLIC_URL,
                         api_url="http://127.0.0.1:9")
        service = Service(core, [mail, sms], "127.0.0.1", 0)
        service.outbox.poll_seconds = 0.05
        ready = asyncio.Event()
        running = asyncio.create_task(service.run(on_ready=lambda _: ready.set()))
        await asyncio.wait_for(ready.wait(), 30)
        try:
            yield Stack(service, mail, sink)
        finally:
            service.stopping.set()
            await asyncio.wait_for(running, 30)
            core.close()


async def wait_for(predicate, seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + seconds
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)


def send_letter(port: int, subject: str, body: str) -> None:
    letter = EmailMessage()
    letter["From"] = "王五 <wangwu@example.cn>"
    letter["To"] = "xinfang@xf.example.gov.cn"
    letter["Subject"] = subject
    letter["Message-ID"] = "<letter-1@example.cn>"
    letter.set_content(body, charset="gb18030")
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.send_message(letter)


async def test_letter_in_reply_out_threaded_with_case_number(stack: Stack) -> None:
    body = "局长您好：我们小区门口的污水管道破裂两个月了，臭气熏天，多次反映无人处理，请尽快维修。"
    await asyncio.to_thread(send_letter, stack.mail.port, "污水管道破裂", body)
    await wait_for(lambda: len(stack.sink.received) >= 1)
    reply = email.message_from_bytes(stack.sink.received[0].content)  # type: ignore[arg-type]
    text = reply.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    number = NUMBER.search(text)
    assert number and number.group() in str(reply["Subject"])
    assert reply["In-Reply-To"] == "<letter-1@example.cn>"
    assert stack.sink.received[0].rcpt_tos == ["wangwu@example.cn"]


async def test_sms_gets_twiml_reply_and_status_by_code_from_telegram_side(stack: Stack) -> None:
    port = stack.service.http_port
    form = {"MessageSid": "SM" + "1" * 32, "From": "+8613800000009", "To": "+15005550006",
            "Body": "我要投诉：幸福路的路灯坏了半个月，晚上很黑，老人孩子出行不安全，请修理。",
            "NumMedia": "0", "AccountSid": "AC" + "0" * 32}
    signature = RequestValidator(TOKEN).compute_signature(PUBLIC_URL + "/sms/twilio", form)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        first = await client.post("/sms/twilio", data=form,
                                  headers={"X-Twilio-Signature": signature})
        again = await client.post("/sms/twilio", data=form,
                                  headers={"X-Twilio-Signature": signature})
        forged = await client.post("/sms/twilio", data=form,
                                   headers={"X-Twilio-Signature": "forged"})
    assert first.status_code == 200 and "<Message>" in first.text
    assert NUMBER.search(first.text)
    assert again.status_code == 200 and NUMBER.search(again.text).group() == \
        NUMBER.search(first.text).group()  # type: ignore[union-attr]
    assert forged.status_code == 403
    cases = await stack.service.core.store.read(
        lambda s: s.execute(text('SELECT count(*) FROM "case"')).scalar())
    assert cases == 1


async def test_letter_stored_before_a_crash_is_completed_and_answered_after_restart(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    def open_core() -> Core:
        return Core.open(database_url=f"sqlite:///{tmp_path / 'cases.sqlite3'}",
                         data_dir=tmp_path, secret_key="k", fixed_now=FIXED_NOW,
                         analyzer=analyzer, completers={"mail": complete})

    body = "局长您好：幸福路的下水道堵塞一个月了，污水漫到路面，请派人疏通。"
    # Before the crash: the real SMTP intake answers 250, nothing processes the letter.
    core = open_core()
    mail = MailChannel(intake=core.intake, host="127.0.0.1", port=0,
                       domains=("xf.example.gov.cn",))
    await mail.start()
    try:
        await asyncio.to_thread(send_letter, mail.port, "下水道堵塞", body)
    finally:
        await mail.stop()
        core.close()
    # After the restart: the background processor finds it, parses it, answers it.
    core = open_core()
    sink = SinkHandler()
    try:
        async with mail_sink(sink) as relay_port:
            mail = MailChannel(intake=core.intake, host="127.0.0.1", port=0,
                               domains=("xf.example.gov.cn",),
                               outbound_smtp=f"127.0.0.1:{relay_port}",
                               from_address="xinfang@xf.example.gov.cn")
            assert await core.processor.drain() == 1
            await OutboxWorker(core.store, {"mail": mail}, core.clock, hasher=core.hasher).send_due()
        [sent] = sink.received
        reply = email.message_from_bytes(sent.content)  # type: ignore[arg-type]
        assert sent.rcpt_tos == ["wangwu@example.cn"]  # the From: header, found at completion
        assert reply["In-Reply-To"] == "<letter-1@example.cn>"
        assert NUMBER.search(str(reply["Subject"]))
        [row] = await core.store.read(lambda s: list(s.exec(
            select(Message).where(Message.direction == "in"))))
        assert row.meta["parse"] == "done" and row.subject == "下水道堵塞"
        assert body in row.text and row.case_id is not None
    finally:
        core.close()
