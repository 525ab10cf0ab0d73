"""Two ``serve`` processes on one PostgreSQL database, under load on every channel, one killed.

Each process runs the whole bot (``python run.py serve``: web app, SMTP, Twilio and Telegram
webhooks, processor, outbox) on its own HTTP and SMTP ports, both on one private schema of the
test server and one shared data directory. Each has its own fake Twilio API, fake Telegram Bot
API and fake mail relay, all recording, so every reply sent is counted and we know which
process sent it. Concurrent clients spread SMTP letters, signed Twilio webhooks and Telegram
webhook updates over both; one process is killed with SIGKILL mid-load and the clients go on
with the survivor, resending whatever was not acknowledged, as real senders do.

Pass: every acknowledged message is stored exactly once and processed (by the survivor too,
for what the dead one left); case numbers are unique; every outbox row is sent exactly once,
counted at the fakes plus the TwiML replies the clients received. The one exception is a row
the dead process had claimed and handed to a provider but not yet marked sent: neither Twilio
nor the Bot API takes an idempotency key, so after the outbox lease the survivor sends it again
(at least once, never lost). The test shortens the five-minute lease by moving those claims
back in time in the database, and reports how many there were.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import random
import secrets
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from twilio.request_validator import RequestValidator

from tests.channels.chat.fake_bot_api import FakeBotApi
from tests.channels.chat.fake_bot_api import serve as serve_bot_api
from tests.channels.mail.fakes import SinkHandler, mail_sink
from tests.channels.sms.fakes import FakeTwilio
from tests.channels.sms.fakes import serve as serve_twilio
from tests.conftest import POSTGRES_URL, private_schema

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_URL = "https://xf.example.gov.cn"
ACCOUNT_SID = "AC" + "5" * 32
TWILIO_TOKEN = "scale-test-twilio-token"
TELEGRAM_TOKEN = "7000000001:scale-test"
WEBHOOK_SECRET = "scale-test-webhook-secret"
FROM_NUMBER = "+15005550006"
#: About 60 % mail, 25 % SMS, 15 % Telegram, as in the crash soak.
MAILS, SMS, UPDATES = 96, 40, 24
CLIENTS = 16
KILL_AFTER = 0.35  # share of the load acknowledged before the kill
READY_SECONDS = 90.0
SETTLE_SECONDS = 60.0
COMPLAINTS = (
    "小区旁边工地夜间施工噪音很大，已持续两个月，请尽快处理。",
    "我家楼下的餐馆油烟直排，窗户都不能开，反映多次没有结果。",
    "公司拖欠我三个月工资共一万二千元，老板一直不接电话。",
    "村里道路坑洼严重，下雨天学生上学非常危险，希望修路。",
)

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="two serve processes need one shared PostgreSQL: set XINFANG_TEST_POSTGRES_URL "
           "(CI sets it)",
)


# -- the fake providers, one set per serve process, on a loop in a thread ---------------------


@dataclass
class Provider:
    """What one serve process talks to; everything it sends is recorded here."""

    twilio: FakeTwilio = field(default_factory=lambda: FakeTwilio(ACCOUNT_SID, TWILIO_TOKEN))
    telegram: FakeBotApi = field(default_factory=lambda: FakeBotApi(TELEGRAM_TOKEN))
    mail: SinkHandler = field(default_factory=SinkHandler)
    twilio_url: str = ""
    telegram_url: str = ""
    relay_port: int = 0

    def sends(self) -> Counter[str]:
        """Replies sent, by recipient key (phone number, chat id, mail address)."""
        sent: Counter[str] = Counter()
        for request in list(self.twilio.requests):
            if request.method == "POST":
                sent[request.form["To"]] += 1
        for message in list(self.telegram.sent):
            sent[str(message.chat_id)] += 1
        for envelope in list(self.mail.received):
            for address in envelope.rcpt_tos:
                sent[address.lower()] += 1
        return sent


class Providers:
    """Runs the fakes on their own event loop in a thread while the test blocks on sockets."""

    def __init__(self, count: int) -> None:
        self.providers = [Provider() for _ in range(count)]
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        try:
            async with AsyncExitStack() as stack:
                for provider in self.providers:
                    provider.twilio_url = await stack.enter_async_context(
                        serve_twilio(provider.twilio.app()))
                    provider.telegram_url = await stack.enter_async_context(
                        serve_bot_api(provider.telegram.app))
                    provider.relay_port = await stack.enter_async_context(
                        mail_sink(provider.mail))
                self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
                self._ready.set()
                await self._stop.wait()
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            self._failed = exc
            self._ready.set()

    def __enter__(self) -> list[Provider]:
        self._thread.start()
        assert self._ready.wait(20), "the fake providers did not start"
        if self._failed is not None:
            raise self._failed
        return self.providers

    def __exit__(self, *_: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(20)


# -- the serve processes ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    http: int
    smtp: int
    process: subprocess.Popen[bytes]
    out: Path
    err: Path

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


def start_server(name: str, database_url: str, data_dir: Path, provider: Provider,
                 logs: Path) -> Server:
    http, smtp = free_port(), free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("XINFANG_")}
    env.update(
        PTB_TIMEDELTA="true",
        XINFANG_DATABASE_URL=database_url, XINFANG_DATA_DIR=str(data_dir),
        XINFANG_SECRET_KEY="scale-test-shared-key", XINFANG_LOG_LEVEL="WARNING",
        XINFANG_HTTP_PORT=str(http), XINFANG_SMTP_PORT=str(smtp),
        XINFANG_PUBLIC_URL=PUBLIC_URL, XINFANG_OUTBOUND_SMTP=f"127.0.0.1:{provider.relay_port}",
        XINFANG_TWILIO_ACCOUNT_SID=ACCOUNT_SID, XINFANG_TWILIO_AUTH_TOKEN=TWILIO_TOKEN,
        XINFANG_TWILIO_FROM=FROM_NUMBER, XINFANG_TWILIO_API_URL=provider.twilio_url,
        XINFANG_TELEGRAM_TOKEN=TELEGRAM_TOKEN, XINFANG_TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
        XINFANG_TELEGRAM_API_URL=provider.telegram_url,
    )
    out, err = logs / f"{name}.out", logs / f"{name}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "serve"], env=env,
                                   cwd=ROOT, stdout=stdout, stderr=stderr)
    server = Server(name, http, smtp, process, out, err)
    deadline = time.monotonic() + READY_SECONDS
    while "telegram" not in out.read_text(errors="replace"):
        assert server.alive, f"serve {name} exited: {err.read_text(errors='replace')[-2000:]}"
        assert time.monotonic() < deadline, f"serve {name} did not come up"
        time.sleep(0.1)
    return server


def stop(server: Server) -> None:
    if server.alive:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(10)


@pytest.fixture
def schema_url() -> Iterator[str]:
    with private_schema("scale_") as url:
        yield url


# -- the citizens ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One message from its own sender; ``key`` names that sender at the providers."""

    channel: str
    number: int
    canary: str

    @property
    def key(self) -> str:
        if self.channel == "mail":
            return f"citizen{self.number}@example.cn"
        if self.channel == "sms":
            return f"+86138{self.number:08d}"
        return str(880_000_000 + self.number)

    @property
    def body(self) -> str:
        return f"{COMPLAINTS[self.number % len(COMPLAINTS)]} 编号{self.canary}"


@dataclass
class Ledger:
    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: dict[str, str] = field(default_factory=dict)  # canary -> server name
    twiml: Counter[str] = field(default_factory=Counter)  # inline SMS replies by number
    refused: int = 0  # attempts that were not acknowledged (and were retried)

    def ack(self, item: Item, server: Server, replies: list[str]) -> None:
        with self.lock:
            self.acknowledged[item.canary] = server.name
            self.twiml[item.key] += len(replies)


def send_mail(server: Server, item: Item) -> list[str]:
    letter = (
        f"From: citizen{item.number}@example.cn\r\nTo: xinfang@localhost\r\n"
        f"Subject: complaint {item.number}\r\nMessage-ID: <{item.canary}@example.cn>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n{item.body}\r\n"
    ).encode()
    with smtplib.SMTP("127.0.0.1", server.smtp, local_hostname="client.test",
                      timeout=20) as client:
        refused = client.sendmail(item.key, ["xinfang@localhost"], letter)
    assert not refused
    return []


def post(server: Server, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.http, timeout=20)
    try:
        connection.request("POST", path, body, headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def send_sms(server: Server, item: Item) -> list[str]:
    form = {"MessageSid": f"SM{item.canary}", "AccountSid": ACCOUNT_SID, "From": item.key,
            "To": FROM_NUMBER, "Body": item.body, "NumMedia": "0"}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_URL + "/sms/twilio", form)
    status, answer = post(server, "/sms/twilio", urllib.parse.urlencode(form).encode(),
                          {"Content-Type": "application/x-www-form-urlencoded",
                           "X-Twilio-Signature": signature})
    if status != 200:
        raise ConnectionError(f"sms answered {status}")
    return ["".join(message.itertext()) for message in ET.fromstring(answer).iter("Message")]


def send_update(server: Server, item: Item) -> list[str]:
    user = int(item.key)
    update = {"update_id": 500_000 + item.number, "message": {
        "message_id": item.number, "date": int(time.time()), "text": item.body,
        "chat": {"id": user, "type": "private", "first_name": "市民"},
        "from": {"id": user, "is_bot": False, "first_name": "市民"}}}
    status, _ = post(server, "/telegram/webhook", json.dumps(update).encode(),
                     {"Content-Type": "application/json",
                      "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
    if status != 200:
        raise ConnectionError(f"telegram webhook answered {status}")
    return []


SENDERS = {"mail": send_mail, "sms": send_sms, "telegram": send_update}


def deliver(item: Item, servers: list[Server], ledger: Ledger) -> None:
    """Send until acknowledged, to the item's own server first, then to whoever is alive."""
    deadline = time.monotonic() + 60
    for attempt in range(1000):
        server = servers[(item.number + attempt) % len(servers)]
        if not server.alive:
            continue
        try:
            replies = SENDERS[item.channel](server, item)
        except (OSError, smtplib.SMTPException, http.client.HTTPException, ET.ParseError,
                AssertionError):
            with ledger.lock:
                ledger.refused += 1
            assert time.monotonic() < deadline, f"{item.channel} {item.canary} never acknowledged"
            time.sleep(0.05 * min(attempt + 1, 10))
            continue
        ledger.ack(item, server, replies)
        return
    raise AssertionError(f"{item.channel} {item.canary} never acknowledged")


# -- reading the shared database -------------------------------------------------------------


def wait_until(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.25)


def scalar(engine: Engine, sql: str) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(sql)).scalar_one()


def settled(engine: Engine) -> bool:
    """Everything stored is processed and no reply is waiting to be claimed."""
    return bool(scalar(engine, """
        SELECT NOT EXISTS (SELECT 1 FROM message WHERE direction = 'in' AND processed_at IS NULL)
           AND NOT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending')"""))


def key_of(recipient: str) -> str:
    return recipient.rpartition(":")[2].lower()


# -- the test --------------------------------------------------------------------------------


def _move_claims_back(engine: Engine) -> dict[str, int]:
    """Move the rows still "sending" (the dead process's claims) five minutes and more back, so
    their lease has run out; the count of them by recipient. The survivor updates outbox rows
    meanwhile, and PostgreSQL may pick this statement to abort in a deadlock (seen once under
    load): it is tried again, a bounded number of times."""
    for attempt in range(_DEADLOCK_RETRIES):
        try:
            with engine.begin() as connection:
                orphans = {key_of(recipient): count for recipient, count in connection.execute(
                    text("SELECT recipient, count(*) FROM outbox WHERE status = 'sending' "
                         "GROUP BY recipient"))}
                connection.execute(text(
                    "UPDATE outbox SET next_attempt_at = next_attempt_at - interval '6 minutes' "
                    "WHERE status = 'sending'"))
            return orphans
        except OperationalError as error:
            if "deadlock" not in str(error) or attempt == _DEADLOCK_RETRIES - 1:
                raise
            time.sleep(0.2)
    raise AssertionError("unreachable")


_DEADLOCK_RETRIES = 5


def test_two_serve_processes_share_one_database_and_survive_a_kill(
    schema_url: str, tmp_path: Path,
) -> None:
    seed = random.randrange(1 << 30)
    chooser = random.Random(seed)
    items = ([Item("mail", n, secrets.token_hex(8)) for n in range(MAILS)]
             + [Item("sms", MAILS + n, secrets.token_hex(8)) for n in range(SMS)]
             + [Item("telegram", MAILS + SMS + n, secrets.token_hex(8)) for n in range(UPDATES)])
    chooser.shuffle(items)
    engine = create_engine(schema_url.replace("postgresql://", "postgresql+psycopg://", 1))
    data_dir = tmp_path / "shared-var"  # attachments and the model: shared storage
    servers: list[Server] = []
    with Providers(2) as providers:
        try:
            # One after the other: the first one migrates the empty schema.
            for name, provider in zip("AB", providers, strict=True):
                servers.append(start_server(name, schema_url, data_dir, provider, tmp_path))
            victim, survivor = servers
            ledger = Ledger()
            kill_at = int(len(items) * KILL_AFTER)
            killed = threading.Event()

            def kill_when_due() -> None:
                while len(ledger.acknowledged) < kill_at:
                    if killed.is_set():
                        return
                    time.sleep(0.005)
                time.sleep(chooser.uniform(0, 0.2))
                victim.process.send_signal(signal.SIGKILL)
                killed.set()

            killer = threading.Thread(target=kill_when_due, daemon=True)
            killer.start()
            with ThreadPoolExecutor(CLIENTS) as pool:
                for future in [pool.submit(deliver, item, servers, ledger) for item in items]:
                    future.result()
            killed.set()
            killer.join(5)
            victim.process.wait(10)
            assert victim.process.returncode == -signal.SIGKILL, "the victim was not killed"
            assert survivor.alive, survivor.err.read_text(errors="replace")[-2000:]
            assert len(ledger.acknowledged) == len(items)
            served_by = Counter(ledger.acknowledged.values())
            assert served_by["A"] > 0 and served_by["B"] > 0, served_by

            # The survivor processes what the victim stored, and sends what it queued.
            wait_until(lambda: settled(engine), SETTLE_SECONDS, "the survivor to catch up")
            # Rows still "sending" now were claimed by the dead process: the lease (five
            # minutes) gives them back. Move those claims back in time instead of waiting.
            time.sleep(2)  # the survivor's own sends finish in milliseconds
            orphans = _move_claims_back(engine)
            wait_until(lambda: scalar(engine, "SELECT count(*) FROM outbox WHERE status IN "
                                      "('pending', 'sending')") == 0,
                       SETTLE_SECONDS, "the survivor to retake the dead process's claims")

            with engine.connect() as connection:
                inbound = connection.execute(text(
                    "SELECT id, raw, processed_at FROM message WHERE direction = 'in'")).all()
                outbox = connection.execute(text(
                    "SELECT id, recipient, status, message_id FROM outbox")).all()
                numbers = connection.execute(text('SELECT number FROM "case"')).scalars().all()
            sends = providers[0].sends() + providers[1].sends() + ledger.twiml
            victim_sends = providers[0].sends()
        finally:
            for server in servers:
                stop(server)
            engine.dispose()

    # Nothing acknowledged is lost, nothing is stored twice, everything stored is processed.
    stored = Counter(item.canary for item in items for row in inbound
                     if item.canary.encode() in bytes(row.raw))
    assert {canary for canary, n in stored.items() if n == 1} == set(ledger.acknowledged)
    assert len(inbound) == len(items)
    assert all(row.processed_at is not None for row in inbound)
    answered = {row.message_id for row in outbox}
    assert all(row.id in answered for row in inbound), "a stored message got no reply queued"
    # Case numbers from the sequence: unique across both processes.
    assert numbers and len(set(numbers)) == len(numbers)
    # Every reply went out, each exactly once; only a claim the dead process had handed to a
    # provider before it died may have gone out twice (once by each process).
    assert Counter(row.status for row in outbox).keys() <= {"sent", "inline"}
    queued = Counter(key_of(row.recipient) for row in outbox)
    assert set(sends) <= set(queued), "a reply went to someone nobody wrote to"
    twice = {}
    for key, rows in queued.items():
        extra = sends[key] - rows
        assert extra >= 0, f"{key}: {rows} replies queued, {sends[key]} sent"
        if extra:
            assert extra <= min(orphans.get(key, 0), victim_sends[key]), (
                f"{key}: {extra} replies sent twice that the dead process had not claimed")
            twice[key] = extra
    for server in servers:
        log = server.err.read_text(errors="replace")
        assert "marked for a human" not in log, log[-2000:]
    print(f"seed {seed}: {len(items)} messages, acknowledged by {dict(served_by)}, "
          f"{ledger.refused} attempts refused and resent, {len(numbers)} cases, "
          f"{len(outbox)} replies, {sum(orphans.values())} claims retaken after the lease, "
          f"{sum(twice.values())} sent twice")
