"""Crash soak: nothing acknowledged is lost, nothing is stored twice, whatever the kill.

10,000 messages (``XINFANG_SOAK_MESSAGES`` overrides, for local runs), each with its own canary,
go in from concurrent clients: about 60 % SMTP (smtplib), 25 % signed Twilio webhooks and 15 %
Telegram webhook updates. Meanwhile ``python run.py serve`` is killed with SIGKILL at least 20
times and restarted. Half of the kills are aimed: a client sends the letter's final ``.`` (or a
webhook's whole request body), the server is killed (at once, after a random part of the usual
reply time, or as soon as the message is visible in the store), and only then does the client
try to read the reply: the window between end-of-data and ``250`` / inside the webhook handler.
The other kills fall wherever the load happens to be. Clients resend whatever
was not acknowledged with the same Message-ID / MessageSid / update_id, as real senders do.

Pass: every acknowledged canary is stored exactly once, none twice; ``PRAGMA integrity_check``
is ok after every restart; after the last restart every stored message is processed (case
opened or attached, reply queued in the outbox) within a bounded wait.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import smtplib
import sqlite3
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest

from tests.durability.serve_process import (
    SMS_PATH,
    TELEGRAM_PATH,
    FakeProviders,
    ServeProcess,
    letter,
    signed_sms,
    sms_form,
    telegram_request,
    telegram_update,
)

pytestmark = pytest.mark.slow

#: Measured on the 2-core development machine, shared: 10,000 in 315 s (104 s of it the 25
#: starts of serve, 63 s processing the backlog after the last one).
MESSAGES = int(os.environ.get("XINFANG_SOAK_MESSAGES", "10000"))
#: Kills by kind: "random" falls wherever the load is; a channel name is an aimed kill.
KILLS = {"random": 12, "mail": 6, "sms": 3, "telegram": 3}
SHARES = {"mail": 0.60, "sms": 0.25}  # telegram: the rest
CLIENTS = 16
#: The whole test, wall clock (the issue's bound); every wait below takes from it.
TIME_BOUND = 600.0
TEXTS = (
    "投诉：小区楼下夜间施工噪音扰民，请尽快处理",
    "反映道路坑洼积水多日无人修理",
    "物业违规收费，多次反映无果，请求调查",
    "建议在学校门口增设红绿灯",
)
CANARY = re.compile(rb"SOAK\d{6}x[0-9a-f]{8}")


@dataclass
class Item:
    """One message and its delivery so far; the same bytes every time it is sent."""

    index: int
    channel: str
    canary: str
    body: bytes
    #: The id the store keeps it under (the unique key with the channel).
    external_id: str
    headers: dict[str, str] = field(default_factory=dict)
    sender: str = ""
    attempts: int = 0
    acked: bool = False


def build_items(count: int, rng: random.Random) -> list[Item]:
    mail = round(count * SHARES["mail"])
    sms = round(count * SHARES["sms"])
    channels = ["mail"] * mail + ["sms"] * sms + ["telegram"] * (count - mail - sms)
    rng.shuffle(channels)
    items = []
    for index, channel in enumerate(channels):
        canary = f"SOAK{index:06d}x{secrets.token_hex(4)}"
        text = TEXTS[index % len(TEXTS)]
        if channel == "mail":
            sender = f"c{index}@example.cn"
            body = letter(canary, f"{canary}@soak.example.cn", sender, text)
            items.append(Item(index, channel, canary, body, f"<{canary}@soak.example.cn>",
                              sender=sender))
        elif channel == "sms":
            sid = f"SM{index:08d}{secrets.token_hex(12)}"
            body, headers = signed_sms(sms_form(canary, sid, f"+86138{index:08d}", text))
            items.append(Item(index, channel, canary, body, sid, headers))
        else:
            update = telegram_update(canary, 100_000 + index, 5_000_000 + index, text)
            body, headers = telegram_request(update)
            items.append(Item(index, channel, canary, body, str(100_000 + index), headers))
    return items


@contextmanager
def read_only(database: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)) as db:
        yield db


def is_stored(db: sqlite3.Connection, item: Item) -> bool:
    """Whether ``item`` is committed (the store's unique key, so a cheap indexed look-up)."""
    return db.execute("SELECT 1 FROM message WHERE channel = ? AND external_id = ?",
                      (item.channel, item.external_id)).fetchone() is not None


class Soak:
    """The shared state of one run: the server, the items, the kills and what came of them."""

    def __init__(self, server: ServeProcess, items: list[Item], deadline: float) -> None:
        self.server = server
        self.items = items
        self.deadline = deadline
        self.lock = threading.Lock()
        self.next_item = 0
        self.acked = 0
        self.up = threading.Event()  # set while a ready server runs
        self.aim: str | None = None  # the channel an aimed kill waits for
        self.aimed_kill_done = threading.Event()
        #: Aimed kills by what became of the message in flight: "acked" (the reply was already
        #: on its way), "stored" (stored, acknowledgement lost: the resend must collapse),
        #: "not stored" (the resend stores it).
        self.window_outcomes: Counter[tuple[str, str]] = Counter()
        self.errors: list[str] = []
        #: Recent times from a request's last byte to its acknowledgement, per channel.
        self.latency: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=64))

    def take(self) -> Item | None:
        with self.lock:
            if self.next_item >= len(self.items):
                return None
            item = self.items[self.next_item]
            self.next_item += 1
            return item

    def claim_aim(self, channel: str) -> bool:
        with self.lock:
            if self.aim != channel:
                return False
            self.aim = None
            return True

    def record_latency(self, channel: str, seconds: float) -> None:
        with self.lock:
            self.latency[channel].append(seconds)

    def kill(self) -> None:
        self.up.clear()
        self.server.kill()


class Client:
    """One sender thread's connections: an SMTP session and a keep-alive HTTP connection."""

    def __init__(self, soak: Soak) -> None:
        self.soak = soak
        self.smtp: smtplib.SMTP | None = None
        self.web: http.client.HTTPConnection | None = None

    def close(self) -> None:
        for connection in (self.smtp, self.web):
            try:
                if connection is not None:
                    connection.close()
            except OSError:
                pass
        self.smtp = self.web = None

    def send(self, item: Item, kill: Callable[[], None] | None = None) -> bool:
        """One attempt; True when the server acknowledged (250 / 200)."""
        item.attempts += 1
        try:
            acked = self._mail(item, kill) if item.channel == "mail" else self._post(item, kill)
        except (OSError, smtplib.SMTPException, http.client.HTTPException):
            acked = False  # refused, reset or cut off by a kill: not acknowledged
        if not acked:
            self.close()
        return acked

    def _mail(self, item: Item, kill: Callable[[], None] | None) -> bool:
        if self.smtp is None:
            self.smtp = smtplib.SMTP("127.0.0.1", self.soak.server.smtp_port, timeout=60)
            self.smtp.ehlo("client.example.cn")
        smtp = self.smtp
        if smtp.mail(item.sender)[0] != 250 or smtp.rcpt("xinfang@localhost")[0] != 250:
            return False
        if smtp.docmd("DATA")[0] != 354:
            return False
        smtp.send(re.sub(rb"(?m)^\.", b"..", item.body) + b".\r\n")  # the end of data is sent
        sent = time.monotonic()
        if kill is not None:
            kill()  # ... and the reply not read yet
            return smtp.getreply()[0] == 250
        acked = smtp.getreply()[0] == 250
        self.soak.record_latency(item.channel, time.monotonic() - sent)
        return acked

    def _post(self, item: Item, kill: Callable[[], None] | None) -> bool:
        if self.web is None:
            self.web = http.client.HTTPConnection("127.0.0.1", self.soak.server.http_port,
                                                  timeout=60)
        path = SMS_PATH if item.channel == "sms" else TELEGRAM_PATH
        self.web.request("POST", path, body=item.body, headers=item.headers)  # the whole body
        sent = time.monotonic()
        if kill is not None:
            kill()  # ... and the answer not read yet
        response = self.web.getresponse()
        response.read()
        if kill is None:
            self.soak.record_latency(item.channel, time.monotonic() - sent)
        if response.will_close:
            self.close()
        return response.status == 200


def client_thread(soak: Soak, rng: random.Random) -> None:
    client = Client(soak)
    try:
        while (item := soak.take()) is not None:
            failures = 0
            while not item.acked:
                if time.monotonic() > soak.deadline:
                    return
                if soak.up.is_set() and soak.claim_aim(item.channel):
                    aimed(soak, client, item, rng)
                elif client.send(item):
                    item.acked = True
                else:  # a real sender backs off too (for minutes; the test cannot wait that long)
                    failures += 1
                    time.sleep(rng.uniform(0.5, 1.0) * min(1.0, 0.05 * 2 ** failures))
            with soak.lock:
                soak.acked += 1
    except Exception as exc:  # noqa: BLE001 - reported by the test, not lost in a thread
        soak.errors.append(f"client: {type(exc).__name__}: {exc}")
    finally:
        client.close()


def aimed(soak: Soak, client: Client, item: Item, rng: random.Random) -> None:
    """Send ``item`` with a SIGKILL between its last byte and the reading of the reply.

    A third of the kills land at once (the server is still reading); a third after a random
    part of the usual time to the reply (into the store and its fsync); a third as soon as the
    message is visible in the store (committed, the reply not yet read: the resend must
    collapse onto the stored copy).
    """
    with soak.lock:
        recent = sorted(soak.latency[item.channel]) or [0.01]
    when = rng.choice(("at once", "random", "once stored"))
    delay = rng.uniform(0, 1.2 * recent[len(recent) // 2]) if when == "random" else 0.0

    def kill() -> None:
        if when == "once stored":
            with read_only(soak.server.database) as db:
                patience = time.monotonic() + 5
                while not is_stored(db, item) and time.monotonic() < patience:
                    time.sleep(0.0005)
        time.sleep(delay)
        soak.kill()
        soak.aimed_kill_done.set()

    item.acked = client.send(item, kill)
    if item.acked:
        outcome = "acked"  # the reply was written before the kill landed
    else:
        soak.up.wait(max(0.0, soak.deadline - time.monotonic()))
        with read_only(soak.server.database) as db:
            outcome = "stored" if is_stored(db, item) else "not stored"
    with soak.lock:
        soak.window_outcomes[(item.channel, outcome)] += 1


def aim(soak: Soak, channel: str, patience: float = 15.0) -> bool:
    """Have the next client with a ``channel`` message kill the server (see :func:`aimed`);
    False if none came by in time, and the server was killed at a random moment instead."""
    soak.aimed_kill_done.clear()
    with soak.lock:
        soak.aim = channel
    if soak.aimed_kill_done.wait(min(patience, max(0.0, soak.deadline - time.monotonic()))):
        return True
    with soak.lock:
        claimed, soak.aim = soak.aim is None, None
    if claimed:  # a client took it just now
        soak.aimed_kill_done.wait(30)
        return True
    soak.kill()
    return False


@dataclass
class Figures:
    kills: Counter[str] = field(default_factory=Counter)
    integrity: list[str] = field(default_factory=list)
    restart_seconds: list[float] = field(default_factory=list)


def integrity(database: Path) -> str:
    with read_only(database) as db:
        return " ".join(row[0] for row in db.execute("PRAGMA integrity_check"))


def restart(soak: Soak, figures: Figures) -> None:
    started = time.monotonic()
    soak.server.start(timeout=max(5.0, soak.deadline - started))
    figures.restart_seconds.append(time.monotonic() - started)
    figures.integrity.append(integrity(soak.server.database))
    soak.up.set()


def wait_for(condition: Callable[[], bool], soak: Soak, what: str) -> None:
    while not condition():
        if time.monotonic() > soak.deadline:
            raise AssertionError(f"time bound of {TIME_BOUND:.0f} s reached {what}")
        time.sleep(0.01)


def reached(soak: Soak, acknowledged: int) -> bool:
    if soak.errors:
        raise AssertionError(soak.errors)
    return soak.acked >= acknowledged


def kill_schedule(rng: random.Random) -> Iterator[tuple[int, str]]:
    """(acknowledged messages to wait for, kind of kill): spread over the whole load."""
    kinds = [kind for kind, count in KILLS.items() for _ in range(count)]
    rng.shuffle(kinds)
    low, high = int(MESSAGES * 0.03), max(int(MESSAGES * 0.92), int(MESSAGES * 0.03) + len(kinds))
    yield from zip(sorted(rng.sample(range(low, high), len(kinds))), kinds, strict=True)


@pytest.fixture
def providers() -> Iterator[FakeProviders]:
    with FakeProviders() as fake:
        yield fake


def test_nothing_acknowledged_is_lost_or_doubled_across_sigkills(
    tmp_path: Path, providers: FakeProviders, capsys: pytest.CaptureFixture[str]
) -> None:
    began = time.monotonic()
    seed = int(os.environ.get("XINFANG_SOAK_SEED", secrets.randbelow(2**32)))
    rng = random.Random(seed)
    items = build_items(MESSAGES, rng)
    server = ServeProcess(tmp_path / "var", tmp_path / "logs", api_url=providers.url)
    soak = Soak(server, items, deadline=began + TIME_BOUND)
    figures = Figures()
    threads = [threading.Thread(target=client_thread, args=(soak, random.Random(rng.random())),
                                name=f"client-{n}", daemon=True) for n in range(CLIENTS)]
    try:
        restart(soak, figures)
        for thread in threads:
            thread.start()
        for threshold, kind in kill_schedule(rng):
            wait_for(partial(reached, soak, threshold), soak, "before all kills were done")
            if kind == "random":
                time.sleep(rng.uniform(0, 0.3))
                soak.kill()
            elif not aim(soak, kind):
                kind = "random"  # no client had a message of that channel left
            figures.kills[kind] += 1
            restart(soak, figures)
        for thread in threads:
            thread.join(max(0.0, soak.deadline - time.monotonic()))
        sending_done = time.monotonic()

        assert not soak.errors, soak.errors
        unacked = [item.canary for item in items if not item.acked]
        assert not unacked, f"{len(unacked)} messages never acknowledged within the time bound"

        database = server.database

        def unprocessed() -> int:
            with read_only(database) as db:
                return int(db.execute("SELECT count(*) FROM message WHERE direction = 'in' "
                                      "AND processed_at IS NULL").fetchone()[0])

        wait_for(lambda: unprocessed() == 0, soak, "while processing the stored messages")
        processing_done = time.monotonic()
        with read_only(database) as db:
            rows = db.execute("SELECT id, raw, text, processed_at, case_id FROM message "
                              "WHERE direction = 'in'").fetchall()
            answered = {row[0] for row in db.execute(
                "SELECT DISTINCT message_id FROM outbox WHERE message_id IS NOT NULL")}
    finally:
        soak.deadline = 0.0  # any client still running gives up
        server.stop()

    copies: Counter[str] = Counter()
    for message_id, raw, text, processed_at, case_id in rows:
        found = set(CANARY.findall(raw))
        assert len(found) == 1, f"message {message_id} carries {len(found)} canaries"
        canary = found.pop().decode()
        copies[canary] += 1
        assert canary in text, f"message {message_id}: its text lost the canary"
        assert processed_at is not None and case_id is not None, f"message {message_id}"
        assert message_id in answered, f"message {message_id}: no reply queued"
    doubled = [canary for canary, count in copies.items() if count > 1]
    missing = [item.canary for item in items if item.acked and copies[item.canary] == 0]
    assert not doubled, f"{len(doubled)} messages stored twice, e.g. {doubled[:3]}"
    assert not missing, f"{len(missing)} acknowledged messages lost, e.g. {missing[:3]}"
    assert len(rows) == len(items)
    assert figures.integrity == ["ok"] * len(figures.integrity)
    assert integrity(database) == "ok"
    assert sum(figures.kills.values()) >= 20
    leaked = [item.canary for item in items if item.canary in server.all_output()]
    assert not leaked, f"petitioner text reached the server's logs: {leaked[:3]}"

    aimed_kills = sum(count for kind, count in figures.kills.items() if kind != "random")
    resends = sum(item.attempts - 1 for item in items)
    resent = sum(1 for item in items if item.attempts > 1)
    by_channel = Counter(item.channel for item in items)
    with capsys.disabled():
        print(f"\ncrash soak (seed {seed}): {len(items)} messages "
              f"(mail {by_channel['mail']}, sms {by_channel['sms']}, "
              f"telegram {by_channel['telegram']}), {CLIENTS} clients; "
              f"{sum(figures.kills.values())} SIGKILLs, {aimed_kills} in the window "
              f"({dict(sorted(soak.window_outcomes.items()))}); "
              f"{resent} messages resent ({resends} attempts after the first, refused "
              f"connections included); {len(figures.restart_seconds)} starts, "
              f"{sum(figures.restart_seconds):.0f} s in all; sent in {sending_done - began:.0f} s, all processed "
              f"{processing_done - sending_done:.0f} s later; "
              f"outbox sends seen by the fake providers {dict(providers.calls)}")
