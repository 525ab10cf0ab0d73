"""Store-before-acknowledge, proven at the system-call level.

`serve` runs under ``strace``; one message goes in on each channel, and the trace must show an
fsync of the case store after the request's last byte was read and before the ``250`` / ``200``
was written. With ``synchronous=NORMAL`` the same check must fail: that proves it can.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "ordering-test-token"
PUBLIC_URL = "https://xf.example.gov.cn"
SECRET = "ordering-webhook-secret"

pytestmark = [
    pytest.mark.skipif(shutil.which("strace") is None,
                       reason="strace is not installed (.ci/run installs it)"),
    # A proof read off a traced process's system calls runs with the machine to itself: beside
    # the other workers' tests, strace split the store's fsync (see ``events``) and the first
    # parallel rehearsal failed; the split is read right now, and the proof still runs alone.
    pytest.mark.alone,
]


@dataclass(frozen=True)
class Event:
    index: int
    kind: str  # "in" (request bytes read), "out" (reply written), "sync" (fsync completed)
    text: str


SYSCALL = re.compile(r"^\d+\s+[\d:.]+\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()(.*)$")


def events(trace: str, database: str) -> list[Event]:
    """The trace as ordered events; a split (unfinished/resumed) call counts when it returns.

    When another thread makes a call meanwhile, strace splits one: "fdatasync(4</…-wal>
    <unfinished ...>", later "<... fdatasync resumed>) = 0". The file's name is only on the
    first half, so the halves are joined per thread before the line is read."""
    found: list[Event] = []
    unfinished: dict[str, str] = {}  # thread id -> the first half of its split call
    for index, line in enumerate(trace.splitlines()):
        match = SYSCALL.match(line)
        if not match:
            continue
        thread = line.split(None, 1)[0]
        if "<unfinished ...>" in line:
            unfinished[thread] = line
            continue
        name = match.group(1) or match.group(2)
        rest = match.group(3)
        if match.group(1):  # the second half: read with its first
            line = unfinished.pop(thread, "") + line
        if name in ("fsync", "fdatasync") and database in line and rest.rstrip().endswith("= 0"):
            found.append(Event(index, "sync", line))
        elif name in ("read", "recvfrom", "recvmsg"):
            found.append(Event(index, "in", line))
        elif name in ("write", "sendto", "sendmsg", "writev"):
            found.append(Event(index, "out", line))
    return found


def request_and_reply(ordered: list[Event], request_marker: str,
                      reply_marker: str) -> tuple[int, int] | None:
    """Indices of the last read carrying ``request_marker`` and of the first write carrying
    ``reply_marker`` after it; None while the trace does not hold both yet."""
    reads = [e.index for e in ordered if e.kind == "in" and request_marker in e.text]
    if not reads:
        return None
    replies = [e.index for e in ordered
               if e.kind == "out" and reply_marker in e.text and e.index > reads[-1]]
    return (reads[-1], replies[0]) if replies else None


def synced_between(trace: str, database: str, request_marker: str, reply_marker: str) -> bool:
    """Is there a completed fsync of ``database`` after the last read carrying
    ``request_marker`` and before the first write carrying ``reply_marker`` after it?"""
    ordered = events(trace, database)
    found = request_and_reply(ordered, request_marker, reply_marker)
    assert found, f"the request ({request_marker}) and its reply ({reply_marker}) not in the trace"
    last_read, reply = found
    return any(e.kind == "sync" and last_read < e.index < reply for e in ordered)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Traced:
    trace_file: Path
    database: str
    http: int
    smtp: int


@pytest.fixture(params=["FULL", "NORMAL"])
def traced_serve(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Traced]]:
    http, smtp, dead = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_")}
    env.update(
        XINFANG_DATA_DIR=str(tmp_path / "var"), XINFANG_HTTP_PORT=str(http),
        XINFANG_SMTP_PORT=str(smtp), XINFANG_PUBLIC_URL=PUBLIC_URL,
        XINFANG_TWILIO_ACCOUNT_SID="AC" + "0" * 32, XINFANG_TWILIO_AUTH_TOKEN=TOKEN,
        XINFANG_TWILIO_FROM="+15005550006", XINFANG_TWILIO_API_URL=f"http://127.0.0.1:{dead}",
        XINFANG_TELEGRAM_TOKEN="123:abc", XINFANG_TELEGRAM_WEBHOOK_SECRET=SECRET,
        XINFANG_TELEGRAM_API_URL=f"http://127.0.0.1:{dead}", XINFANG_LOG_LEVEL="WARNING",
        XINFANG_SQLITE_SYNCHRONOUS=request.param,
    )
    trace_file = tmp_path / "serve.trace"
    process = subprocess.Popen(
        ["strace", "-f", "-y", "-tt", "-s", "65536", "-o", str(trace_file),
         "-e", "trace=read,recvfrom,recvmsg,write,sendto,sendmsg,writev,fsync,fdatasync",
         sys.executable, str(ROOT / "run.py"), "serve"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)  # a group: SIGTERM must reach serve, not only strace
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = process.stdout.readline()  # type: ignore[union-attr]
            if not line or "telegram" in line:
                break
        assert process.poll() is None, process.stderr.read()  # type: ignore[union-attr]
        yield request.param, Traced(trace_file, "xinfang.sqlite3", http, smtp)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def send_mail(port: int, canary: str) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        stream = sock.makefile("rwb")

        def say(line: bytes) -> bytes:
            if line:
                stream.write(line)
                stream.flush()
            reply = stream.readline()
            while reply[3:4] == b"-":
                reply = stream.readline()
            return reply

        say(b"")
        say(b"EHLO client.example.cn\r\n")
        say(b"MAIL FROM:<citizen@example.cn>\r\n")
        say(b"RCPT TO:<xinfang@localhost>\r\n")
        say(b"DATA\r\n")
        letter = (f"From: citizen@example.cn\r\nTo: xinfang@localhost\r\nSubject: test\r\n"
                  f"Message-ID: <{canary}@example.cn>\r\n\r\n投诉 {canary}\r\n.\r\n")
        return say(letter.encode()).decode()


def post(port: int, path: str, body: bytes, headers: dict[str, str]) -> str:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
               f"Connection: close\r\n{head}\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer.decode(errors="replace").split("\r\n", 1)[0]


def wait_for_reply(path: Path, database: str, request_marker: str, reply_marker: str) -> str:
    """The trace once it holds the request and the reply written after it. strace writes its
    lines as the calls return, so the client can have its answer before the trace has the
    write; waiting for any marker alone raced (an EHLO's "250 " is not the DATA's)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        text = path.read_text(errors="replace")
        if request_and_reply(events(text, database), request_marker, reply_marker):
            return text
        time.sleep(0.2)
    raise AssertionError(f"{request_marker!r} and then {reply_marker!r} never reached the trace")


def test_every_channel_fsyncs_between_request_and_acknowledgement(
    traced_serve: tuple[str, Traced],
) -> None:
    mode, served = traced_serve
    outcomes: dict[str, bool] = {}

    canary = "mailcanary" + secrets.token_hex(4)
    assert send_mail(served.smtp, canary).startswith("250")
    trace = wait_for_reply(served.trace_file, served.database, r"\r\n.\r\n", '"250 ')
    outcomes["smtp"] = synced_between(trace, served.database, r"\r\n.\r\n", '"250 ')

    canary = "smscanary" + secrets.token_hex(4)
    form = {"MessageSid": "SM" + secrets.token_hex(16), "From": "+8613800000001",
            "To": "+15005550006", "AccountSid": "AC" + "0" * 32, "Body": f"投诉 {canary}"}
    signature = RequestValidator(TOKEN).compute_signature(PUBLIC_URL + "/sms/twilio", form)
    body = urllib.parse.urlencode(form).encode()
    status = post(served.http, "/sms/twilio", body,
                  {"Content-Type": "application/x-www-form-urlencoded",
                   "X-Twilio-Signature": signature})
    assert " 200 " in status + " "
    trace = wait_for_reply(served.trace_file, served.database, canary, "HTTP/1.1 200")
    outcomes["sms"] = synced_between(trace, served.database, canary, "HTTP/1.1 200")

    canary = "tgcanary" + secrets.token_hex(4)
    update = {"update_id": 1000 + secrets.randbelow(10**6), "message": {
        "message_id": 1, "date": 1763776800, "text": f"投诉 {canary}",
        "chat": {"id": 42, "type": "private"}, "from": {"id": 42, "is_bot": False,
                                                      "first_name": "T"}}}
    status = post(served.http, "/telegram/webhook", json.dumps(update).encode(),
                  {"Content-Type": "application/json",
                   "X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert " 200 " in status + " "
    trace = wait_for_reply(served.trace_file, served.database, canary, "HTTP/1.1 200")
    outcomes["telegram"] = synced_between(trace, served.database, canary, "HTTP/1.1 200")

    if mode == "FULL":
        assert outcomes == {"smtp": True, "sms": True, "telegram": True}
    else:  # synchronous=NORMAL: commits are not fsync'd, and the check must notice
        assert outcomes == {"smtp": False, "sms": False, "telegram": False}


def test_a_split_fsync_counts_with_the_file_named_on_its_first_half() -> None:
    # The first parallel rehearsal's trace, shortened: thread 2395's fsync of the WAL is split
    # by thread 2357's read, and falls between the letter's end and the 250.
    lines = (
        '2357  00:20:13.666221 recvfrom(18<socket:[1]>, "Subject: t\\r\\n\\r\\nhi\\r\\n.\\r\\n", 9) = 9',
        '2395  00:20:13.679340 fdatasync(4</var/xinfang.sqlite3-wal> <unfinished ...>',
        '2357  00:20:13.679575 recvfrom(8<socket:[2]>, "\\0", 4096, 0, NULL, NULL) = 1',
        '2395  00:20:13.680996 <... fdatasync resumed>) = 0',
        '2357  00:20:13.681719 sendto(18<socket:[1]>, "250 2.0.0 OK\\r\\n", 14, 0, NULL, 0) = 14',
    )
    trace = "\n".join(lines)
    assert synced_between(trace, "xinfang.sqlite3", r"\r\n.\r\n", '"250 ')
    unsynced = trace.replace("fdatasync(4</var/xinfang.sqlite3-wal>", "fdatasync(4</var/other.db>")
    assert not synced_between(unsynced, "xinfang.sqlite3", r"\r\n.\r\n", '"250 ')
