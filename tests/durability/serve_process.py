"""``python run.py serve`` as a real subprocess, and real senders for its three channels.

Shared by the durability tests: the server runs with mail, SMS (Twilio webhook) and Telegram
(webhook) configured on loopback ports, its provider APIs pointed at a closed port so nothing
leaves the machine. Its output goes to files, never to a pipe: a pipe nobody reads would stall
the server once its logs filled it.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[2]
TWILIO_TOKEN = "durability-test-token"
TWILIO_ACCOUNT = "AC" + "0" * 32
TWILIO_NUMBER = "+15005550006"
PUBLIC_URL = "https://xf.example.gov.cn"
TELEGRAM_SECRET = "durability-webhook-secret"
SMS_PATH = "/sms/twilio"
TELEGRAM_PATH = "/telegram/webhook"
#: The line ``serve`` prints last once every channel is up (channels print in this order).
READY_MARKER = "  telegram"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServeFailed(AssertionError):
    """``serve`` exited or did not become ready; the message carries its output."""


@dataclass
class ServeProcess:
    """One data directory served by successive ``serve`` processes (start, kill, start...)."""

    data_dir: Path
    log_dir: Path
    http_port: int = field(default_factory=free_port)
    smtp_port: int = field(default_factory=free_port)
    extra_env: Mapping[str, str] = field(default_factory=dict)
    #: A command put before ``python run.py serve`` (e.g. strace and its options).
    wrapper: Sequence[str] = ()
    #: The script run as ``python PROGRAM serve``: run.py, or a runner that injects faults.
    program: Path = ROOT / "run.py"
    #: Where the Twilio and Telegram APIs are (a :class:`FakeProviders`); empty: a closed port.
    api_url: str = ""
    starts: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def database(self) -> Path:
        return self.data_dir / "xinfang.sqlite3"

    def environment(self) -> dict[str, str]:
        api_url = self.api_url or f"http://127.0.0.1:{free_port()}"  # closed: nothing listens
        env = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_")}
        env.update(
            XINFANG_DATA_DIR=str(self.data_dir), XINFANG_HTTP_PORT=str(self.http_port),
            XINFANG_SMTP_PORT=str(self.smtp_port), XINFANG_PUBLIC_URL=PUBLIC_URL,
            XINFANG_TWILIO_ACCOUNT_SID=TWILIO_ACCOUNT, XINFANG_TWILIO_AUTH_TOKEN=TWILIO_TOKEN,
            XINFANG_TWILIO_FROM=TWILIO_NUMBER,
            XINFANG_TWILIO_API_URL=api_url,
            XINFANG_TELEGRAM_TOKEN="123:abc", XINFANG_TELEGRAM_WEBHOOK_SECRET=TELEGRAM_SECRET,
            XINFANG_TELEGRAM_API_URL=api_url, XINFANG_LOG_LEVEL="WARNING",
        )
        env.update(self.extra_env)
        return env

    def output(self, number: int | None = None) -> str:
        """What start ``number`` (default: the latest) printed, stdout then stderr."""
        number = self.starts if number is None else number
        parts = []
        for stream in ("out", "err"):
            path = self.log_dir / f"serve-{number}.{stream}"
            if path.exists():
                parts.append(path.read_text(errors="replace"))
        return "\n".join(parts)

    def all_output(self) -> str:
        return "\n".join(self.output(n) for n in range(1, self.starts + 1))

    def start(self, timeout: float = 90.0) -> None:
        """Start ``serve`` and return once it listens on every channel."""
        assert self.process is None or self.process.poll() is not None, "already running"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        out = self.log_dir / f"serve-{self.starts}.out"
        with out.open("wb") as stdout, (self.log_dir / f"serve-{self.starts}.err").open("wb") as stderr:
            self.process = subprocess.Popen(
                [*self.wrapper, sys.executable, str(self.program), "serve"],
                env=self.environment(), cwd=ROOT, stdout=stdout, stderr=stderr,
                start_new_session=True)  # a group: a signal reaches serve, not only a wrapper
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if READY_MARKER in out.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                raise ServeFailed(f"serve exited with {self.process.returncode}:\n{self.output()}")
            time.sleep(0.02)
        self.kill()
        raise ServeFailed(f"serve was not ready within {timeout:.0f} s:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown code runs, as in a crash."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (a clean shutdown), SIGKILL if it does not end in time."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()


class FakeProviders:
    """Twilio's Messages API and the Telegram Bot API on loopback, accepting every send.

    Without them the outbox would retry its replies against a closed port all through a long
    test, and those retries would compete with the intake under test. Records what it saw.
    """

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = fake.answer(self.path)
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def answer(self, path: str) -> tuple[int, dict[str, object]]:
        method = path.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
        with self._lock:
            self.calls[method] += 1
            number = next(self._ids)
        if method == "Messages.json":  # Twilio: the message is queued
            return 201, {"sid": f"SM{number:032x}", "status": "queued"}
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": 123, "is_bot": True, "first_name": "信访",
                                                "username": "xinfang_test_bot"}}
        if method == "sendMessage":
            return 200, {"ok": True, "result": {"message_id": number, "date": int(time.time()),
                                                "chat": {"id": 1, "type": "private"}}}
        return 200, {"ok": True, "result": True}  # setWebhook, setMyCommands, ...

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


# -- senders --------------------------------------------------------------------------------


def letter(canary: str, message_id: str, sender: str, text: str) -> bytes:
    """A plain UTF-8 letter whose body and subject carry ``canary``."""
    return (f"From: {sender}\r\nTo: xinfang@localhost\r\nSubject: {canary}\r\n"
            f"Message-ID: <{message_id}>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
            f"\r\n{text} {canary}\r\n").encode()


def sms_form(canary: str, sid: str, sender: str, text: str) -> dict[str, str]:
    return {"MessageSid": sid, "SmsMessageSid": sid, "AccountSid": TWILIO_ACCOUNT,
            "From": sender, "To": TWILIO_NUMBER, "Body": f"{text} {canary}", "NumMedia": "0",
            "NumSegments": "1"}


def signed_sms(form: Mapping[str, str]) -> tuple[bytes, dict[str, str]]:
    """The form body and headers Twilio would send, signed with Twilio's own validator."""
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_URL + SMS_PATH, dict(form))
    return urllib.parse.urlencode(form).encode(), {
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}


def telegram_update(canary: str, update_id: int, chat_id: int, text: str) -> dict[str, object]:
    return {"update_id": update_id, "message": {
        "message_id": 1, "date": 1763776800, "text": f"{text} {canary}",
        "chat": {"id": chat_id, "type": "private", "first_name": "市民"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "市民"}}}


def telegram_request(update: Mapping[str, object]) -> tuple[bytes, dict[str, str]]:
    return json.dumps(update, ensure_ascii=False).encode(), {
        "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}


def send_letter(port: int, raw: bytes, sender: str, timeout: float = 30.0) -> tuple[int, str]:
    """One SMTP transaction with smtplib; the reply code and text to the end of data."""
    with smtplib.SMTP("127.0.0.1", port, timeout=timeout) as client:
        client.ehlo("client.example.cn")
        client.mail(sender)
        client.rcpt("xinfang@localhost")
        code, reply = client.data(raw)
        return code, reply.decode(errors="replace")


def post(port: int, path: str, body: bytes, headers: Mapping[str, str],
         timeout: float = 30.0) -> tuple[int, str]:
    """One POST; the status and the body of the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=dict(headers))
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()
