"""Canary personal data and secrets through every channel at DEBUG: none may reach a log line,
a traceback or an error reply.

In process, the stack is wired as ``run.py`` wires it (``run.build_channels`` from settings
holding the canary credentials, ``logredact.install``), and every record of every logger is
checked twice: here through ``caplog`` and by the suite-wide guard (``tests/privacy_guard.py``).
Then ``serve`` itself runs as a subprocess at ``XINFANG_LOG_LEVEL=DEBUG`` and its stderr is
searched. Error paths: forged signatures and secrets, a store that fails (451 / 503), a letter
that does not parse, a crash inside the bot, unknown cases and bad tokens on the API.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select
from twilio.request_validator import RequestValidator

import run
from bot import logredact
from bot.api import add_user
from bot.core import Core
from bot.service import Service
from bot.settings import Settings
from nlp import Analyzer
from storage import Case, Message
from tests import canaries
from tests.channels.chat.fake_bot_api import FakeBotApi, serve
from tests.channels.mail.fakes import SinkHandler, mail_sink
from tests.conftest import FIXED_NOW

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_URL = "https://xf.example.gov.cn"
SID = "AC" + "0" * 32
DOMAIN = "xf.example.gov.cn"


def settings_for(data_dir: Path, api_url: str, relay_port: int) -> Settings:
    return Settings(
        data_dir=data_dir, secret_key=canaries.HMAC_SECRET, http_port=0, smtp_port=0,
        mail_domains=(DOMAIN,), outbound_smtp=f"127.0.0.1:{relay_port}",
        twilio_account_sid=SID, twilio_auth_token=canaries.TWILIO_TOKEN,
        twilio_from="+15005550006", twilio_api_url="http://127.0.0.1:9",
        telegram_token=canaries.TELEGRAM_TOKEN, telegram_webhook_secret=canaries.WEBHOOK_SECRET,
        telegram_api_url=api_url, public_url=PUBLIC_URL, log_level="DEBUG")


@dataclass
class Stack:
    service: Service
    core: Core
    sink: SinkHandler
    fake: FakeBotApi
    mail_port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.service.http_port}"


@pytest.fixture
def production_logging() -> Iterator[None]:
    """What ``run.main`` does after ``basicConfig``; undone afterwards for the other tests."""
    logredact.install([canaries.TWILIO_TOKEN, canaries.TELEGRAM_TOKEN, canaries.WEBHOOK_SECRET,
                       canaries.HMAC_SECRET])
    yield
    logredact.uninstall()


@pytest.fixture
async def stack(tmp_path: Path, analyzer: Analyzer, production_logging: None,
                caplog: pytest.LogCaptureFixture) -> AsyncIterator[Stack]:
    caplog.set_level(logging.DEBUG)
    fake = FakeBotApi(canaries.TELEGRAM_TOKEN)
    sink = SinkHandler()
    async with serve(fake.app) as api_url, mail_sink(sink) as relay_port:
        settings = settings_for(tmp_path, api_url, relay_port)
        core = Core.open(database_url=settings.database, data_dir=tmp_path,
                         secret_key=settings.secret_key, fixed_now=FIXED_NOW, analyzer=analyzer,
                         completers=run.completers(settings))
        channels = run.build_channels(settings, core)
        assert {c.name for c in channels} == {"mail", "sms", "telegram"}
        service = Service(core, channels, "127.0.0.1", 0)
        service.outbox.poll_seconds = 0.05
        ready = asyncio.Event()
        running = asyncio.create_task(service.run(on_ready=lambda _: ready.set()))
        await asyncio.wait_for(ready.wait(), 30)
        mail = next(c for c in channels if c.name == "mail")
        try:
            yield Stack(service, core, sink, fake, mail.port)
        finally:
            service.stopping.set()
            await asyncio.wait_for(running, 30)
            core.close()
    assert_clean_logs(caplog)


def assert_clean_logs(caplog: pytest.LogCaptureFixture) -> None:
    """Every captured record, formatted as a handler prints it (message and traceback)."""
    formatter = logging.Formatter("%(name)s %(message)s")
    records = [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.records]
    assert any(r.levelno == logging.DEBUG for r in records), \
        "no DEBUG record captured: the test would prove nothing"
    for record in records:
        printed = formatter.format(record)
        assert not canaries.find(printed), (record.name, canaries.find(printed))


async def wait_for(predicate: Callable[[], Any], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def letter(body: str, *, message_id: str, broken: bool = False) -> bytes:
    message = EmailMessage()
    message["From"] = f"{canaries.NAME} <{canaries.EMAIL}>"
    message["To"] = f"xinfang@{DOMAIN}"
    message["Subject"] = f"{canaries.NAME} 身份证 {canaries.ID_NUMBER}"
    message["Message-ID"] = message_id
    message.set_content(body, charset="utf-8")
    raw = message.as_bytes()
    if broken:  # a multipart that never closes and base64 that is not base64
        raw = raw.replace(b"Content-Type: text/plain", b"Content-Type: multipart/mixed; "
                          b'boundary="zz"\r\nX-Broken: yes', 1) + b"\r\n--zz\r\n"
        raw += b"Content-Transfer-Encoding: base64\r\n\r\n" + body.encode() + b"!!!\r\n"
    return raw


def smtp_send(port: int, raw: bytes) -> tuple[int, bytes]:
    """Send like a mail server does; returns the reply to end-of-data."""
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.ehlo("client.example.cn")
        client.mail(canaries.EMAIL)
        client.rcpt(f"xinfang@{DOMAIN}")
        code, reply = client.data(raw)
        return code, reply


def twilio_form(body: str, sid: str) -> dict[str, str]:
    return {"MessageSid": sid, "AccountSid": SID, "From": canaries.PHONE, "To": "+15005550006",
            "Body": body, "NumMedia": "0"}


def signed(form: dict[str, str]) -> dict[str, str]:
    signature = RequestValidator(canaries.TWILIO_TOKEN).compute_signature(
        PUBLIC_URL + "/sms/twilio", form)
    return {"X-Twilio-Signature": signature}


def telegram_update(update_id: int, text: str) -> dict[str, Any]:
    person = {"id": 555000111, "is_bot": False, "first_name": canaries.NAME,
              "username": canaries.EMAIL.split("@")[0]}
    return {"update_id": update_id, "message": {
        "message_id": update_id, "from": person, "chat": {**person, "type": "private"},
        "date": 1717200000, "text": text}}


def assert_no_canary(*replies: str | bytes) -> None:
    for reply in replies:
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
        assert not canaries.find(text), canaries.find(text)


async def test_every_channel_and_error_path_keeps_canaries_out_of_logs(
        stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    core = stack.core
    secret = {"X-Telegram-Bot-Api-Secret-Token": canaries.WEBHOOK_SECRET}
    async with httpx.AsyncClient(base_url=stack.base, timeout=30, trust_env=False) as client:
        # Mail: a letter and one that does not parse, both stored and answered 250.
        code, reply = await asyncio.to_thread(smtp_send, stack.mail_port, letter(
            canaries.petition(), message_id="<canary-1@example.cn>"))
        assert code == 250, reply
        code, reply = await asyncio.to_thread(smtp_send, stack.mail_port, letter(
            canaries.petition("附件损坏"), message_id="<canary-2@example.cn>", broken=True))
        assert code == 250, reply
        # SMS: signed, then forged.
        form = twilio_form(canaries.petition(), "SM" + "1" * 32)
        sms = await client.post("/sms/twilio", data=form, headers=signed(form))
        assert sms.status_code == 200
        forged = await client.post("/sms/twilio", data=form, headers={"X-Twilio-Signature": "x"})
        assert forged.status_code == 403
        assert_no_canary(forged.text)
        # Telegram webhook: with the secret, with a wrong one, and a body that is not JSON.
        body = json.dumps(telegram_update(1, canaries.petition()), ensure_ascii=False)
        chat = await client.post("/telegram/webhook", content=body.encode(), headers=secret)
        assert chat.status_code == 200
        wrong = await client.post("/telegram/webhook", content=body.encode(),
                                  headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
        assert wrong.status_code in (401, 403)
        garbage = await client.post("/telegram/webhook", headers=secret,
                                    content=("{" + canaries.petition()).encode())
        assert garbage.status_code == 400
        assert_no_canary(wrong.text, garbage.text)
        # Console, as `run.py chat` does it.
        out = io.StringIO()
        await run._chat(core, canaries.NAME, io.StringIO(canaries.petition() + "\n"), out)
        assert "XF2026-" in out.getvalue()

        await wait_for(lambda: len(stack.sink.received) >= 2)  # both letters answered
        await wait_for(lambda: stack.fake.calls_to("sendMessage"))

        # API: authorized reads carry the data in the body (that is their job), never in logs;
        # errors carry none of it.
        token = core.store.write_sync(lambda s: add_user(s, "审计员", "supervisor", FIXED_NOW))
        auth = {"Authorization": f"Bearer {token}"}
        listed = await client.get("/api/cases", params={"q": canaries.PHONE_LOCAL}, headers=auth)
        assert listed.status_code == 200
        number = listed.json()["items"][0]["number"]
        shown = await client.get(f"/api/cases/{number}", headers=auth)
        assert shown.status_code == 200
        errors = [await client.get("/api/cases/XF2099-999999", headers=auth),
                  await client.get("/api/cases", params={"q": canaries.NAME},
                                   headers={"Authorization": "Bearer " + canaries.EMAIL}),
                  await client.get("/api/cases", params={"q": canaries.BODY * 20}, headers=auth)]
        assert [e.status_code for e in errors] == [404, 401, 422]
        assert_no_canary(*(e.text for e in errors))

        # The store fails: SMTP says 451, the webhooks 503, and the failure's text (a database
        # error quoting the row) is logged nowhere.
        def failing(*_: object, **__: object) -> Any:
            raise OperationalError("INSERT INTO message", {"text": canaries.petition()},
                                   Exception(f"disk I/O error {canaries.BODY}"))

        monkeypatch.setattr(core.store, "_insert_all", failing)
        code, reply = await asyncio.to_thread(smtp_send, stack.mail_port, letter(
            canaries.petition(), message_id="<canary-3@example.cn>"))
        assert code == 451
        form = twilio_form(canaries.petition("再次"), "SM" + "2" * 32)
        sms = await client.post("/sms/twilio", data=form, headers=signed(form))
        chat = await client.post("/telegram/webhook", headers=secret, content=json.dumps(
            telegram_update(2, canaries.petition("再次")), ensure_ascii=False).encode())
        assert (sms.status_code, chat.status_code) == (503, 503)
        assert_no_canary(reply, sms.text, chat.text)
        monkeypatch.undo()

        # A crash inside the bot while deciding: the message goes to a human, the exception's
        # text (which quotes the petition) to no log.
        def crash(*_: object, **__: object) -> Any:
            raise RuntimeError(f"unexpected input {canaries.petition()}")

        monkeypatch.setattr(core.intake.conversation, "respond", crash)
        chat = await client.post("/telegram/webhook", headers=secret, content=json.dumps(
            telegram_update(3, canaries.petition("崩溃")), ensure_ascii=False).encode())
        assert chat.status_code == 200
        await wait_for(lambda: core.store.read_sync(lambda s: s.exec(select(Message).where(
            Message.needs_human == True)).first()) is not None)
        monkeypatch.undo()

    # The data did arrive: the test would notice canaries that never went in.
    held = core.store.read_sync(lambda s: [m.text + m.sender_name for m in s.exec(select(Message))])
    assert sum(canaries.BODY in text for text in held) >= 5
    assert core.store.read_sync(lambda s: len(list(s.exec(select(Case))))) >= 4


def test_the_redactor_scrubs_what_a_library_would_log(caplog: pytest.LogCaptureFixture,
                                                      production_logging: None) -> None:
    """The production filter itself: a library logging the bot URL, a phone number in a
    provider's error, a traceback whose message quotes the input."""
    caplog.set_level(logging.DEBUG)
    library = logging.getLogger("some.library")
    library.info("HTTP Request: POST https://api.telegram.org/bot%s/sendMessage",
                 canaries.TELEGRAM_TOKEN)
    library.warning("provider said: the 'To' number %s is not valid; id %s; mail %s",
                    canaries.PHONE, canaries.ID_NUMBER, canaries.EMAIL)
    try:
        raise ValueError(f"cannot parse {canaries.petition()}")
    except ValueError:
        library.exception("parse failed")
    logging.getLogger("httpx").info("HTTP Request: %s", canaries.TELEGRAM_TOKEN)
    library.debug("a DEBUG line %s", "reaches the capture")
    assert_clean_logs(caplog)
    assert len(caplog.records) == 4  # httpx is quiet below WARNING
    assert "ValueError" in caplog.text and "«redacted»" in caplog.text


# -- `serve` itself, as a subprocess at DEBUG -------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_serve_at_debug_writes_no_canary_to_stderr(tmp_path: Path,
                                                         production_logging: None) -> None:
    # (production_logging: this process's own HTTP client logs its URLs at INFO otherwise,
    # query strings included, and the guard would rightly fail the test for it.)
    fake = FakeBotApi(canaries.TELEGRAM_TOKEN)
    sink = SinkHandler()
    async with serve(fake.app) as api_url, mail_sink(sink) as relay_port:
        http, smtp = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_")}
        env.update(
            XINFANG_DATA_DIR=str(tmp_path / "var"), XINFANG_LOG_LEVEL="DEBUG",
            XINFANG_CLOCK="2026-11-22T10:00:00+08:00", XINFANG_HTTP_PORT=str(http),
            XINFANG_SMTP_PORT=str(smtp), XINFANG_MAIL_DOMAINS=DOMAIN,
            XINFANG_OUTBOUND_SMTP=f"127.0.0.1:{relay_port}",
            XINFANG_SECRET_KEY=canaries.HMAC_SECRET, XINFANG_TWILIO_ACCOUNT_SID=SID,
            XINFANG_TWILIO_AUTH_TOKEN=canaries.TWILIO_TOKEN,
            XINFANG_TWILIO_API_URL="http://127.0.0.1:9", XINFANG_TWILIO_FROM="+15005550006",
            XINFANG_TELEGRAM_TOKEN=canaries.TELEGRAM_TOKEN,
            XINFANG_TELEGRAM_WEBHOOK_SECRET=canaries.WEBHOOK_SECRET,
            XINFANG_TELEGRAM_API_URL=api_url, XINFANG_PUBLIC_URL=PUBLIC_URL,
            XINFANG_SUPERVISION_INTERVAL="1")
        process = await asyncio.to_thread(
            subprocess.Popen, [sys.executable, str(ROOT / "run.py"), "serve"], env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        try:
            await asyncio.to_thread(wait_for_port, http, process)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{http}", timeout=30,
                                         trust_env=False) as client:
                code, _ = await asyncio.to_thread(smtp_send, smtp, letter(
                    canaries.petition(), message_id="<serve-1@example.cn>"))
                assert code == 250
                await asyncio.to_thread(smtp_send, smtp, letter(
                    canaries.petition(), message_id="<serve-2@example.cn>", broken=True))
                form = twilio_form(canaries.petition(), "SM" + "3" * 32)
                assert (await client.post("/sms/twilio", data=form,
                                          headers=signed(form))).status_code == 200
                forged = await client.post("/sms/twilio", data=form,
                                           headers={"X-Twilio-Signature": "forged"})
                secret = {"X-Telegram-Bot-Api-Secret-Token": canaries.WEBHOOK_SECRET}
                update = json.dumps(telegram_update(7, canaries.petition()), ensure_ascii=False)
                assert (await client.post("/telegram/webhook", headers=secret,
                                          content=update.encode())).status_code == 200
                wrong = await client.post("/telegram/webhook", content=update.encode(),
                                          headers={"X-Telegram-Bot-Api-Secret-Token": "no"})
                garbage = await client.post("/telegram/webhook", headers=secret,
                                            content=b"{" + canaries.BODY.encode())
                missing = await client.get(f"/api/cases/{canaries.NAME}",
                                           params={"q": canaries.PHONE_LOCAL})
                assert_no_canary(forged.text, wrong.text, garbage.text, missing.text)
            await wait_for(lambda: len(sink.received) >= 2, 30)
            await wait_for(lambda: fake.calls_to("sendMessage"), 30)
        finally:
            process.send_signal(signal.SIGTERM)
            out, err = await asyncio.to_thread(process.communicate, None, 30)
    stderr = err.decode("utf-8", "replace")
    assert "DEBUG" in stderr, "serve did not log at DEBUG: the test would prove nothing"
    assert not canaries.find(stderr), canaries.find(stderr)  # labels only, never the values
    assert not canaries.find(out.decode("utf-8", "replace"))
    assert process.returncode == 0


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "serve exited early"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("serve did not start")
