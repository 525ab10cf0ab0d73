"""A new user's first minutes: the venv hint, quiet one-shot commands, ``doctor``, and the
``serve`` banner pointing at pages that answer (the citizen page at ``/``, the console, the API
docs, health)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from starlette.routing import BaseRoute

from bot import doctor
from bot.service import banner
from bot.settings import Settings
from channels.base import Delivery, OutboundMessage
from tests import canaries
from tests.test_cli import COMPLAINT, ROOT, free_port, run


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a new install: no XINFANG_ settings but a data dir and a clock."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_")}
    clean.update(XINFANG_DATA_DIR=str(tmp_path / "var"),
                 XINFANG_CLOCK="2026-11-22T10:00:00+08:00", XINFANG_LOG_LEVEL="WARNING")
    return clean


def test_outside_the_virtual_environment_run_py_says_how_to_run_it() -> None:
    # -S: no site-packages, as with a system Python that never had the dependencies.
    result = subprocess.run([sys.executable, "-S", str(ROOT / "run.py"), "doctor"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is not installed for" in result.stderr
    assert "virtual environment" in result.stderr and "run.py doctor" in result.stderr


def test_chat_shows_only_the_conversation(env: dict[str, str]) -> None:
    quiet = {k: v for k, v in env.items() if k != "XINFANG_LOG_LEVEL"}
    result = run(["chat", "--as", "张三"], quiet, stdin=COMPLAINT + "\n")
    assert result.returncode == 0
    assert result.stderr == ""
    assert [line[:4] for line in result.stdout.splitlines()] == ["bot>"] * len(
        result.stdout.splitlines())
    listed = run(["cases", "list"], quiet)
    assert "alembic" not in listed.stderr and " INFO " not in listed.stderr


# -- doctor -------------------------------------------------------------------------------


def _findings(settings: Settings) -> dict[str, list[doctor.Finding]]:
    by_topic: dict[str, list[doctor.Finding]] = {}
    for finding in doctor.run_checks(settings):
        by_topic.setdefault(finding.topic, []).append(finding)
    return by_topic


def _levels(found: dict[str, list[doctor.Finding]], topic: str) -> set[str]:
    return {f.level for f in found[topic]}


def test_doctor_on_a_fresh_install_passes_with_warnings_that_say_what_to_do(
        tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var", http_port=0, smtp_port=0,
                        clock="2026-11-22T10:00:00+08:00")
    found = _findings(settings)
    assert {"data dir", "database", "routing", "units", "reception", "calendar", "http", "smtp",
            "public url", "mail", "sms", "telegram"} <= set(found)
    assert all(f.level != doctor.FAIL for fs in found.values() for f in fs)
    calendar = found["calendar"][0]
    assert calendar.level == doctor.WARN and "2027" in calendar.said
    assert "HOLIDAYS_FILE" in calendar.fix and "[2027]" in calendar.fix
    lines, status = doctor.report(doctor.run_checks(settings))
    assert status == 0 and lines[-1].startswith("No problems")


def test_doctor_finds_holiday_data_from_the_override_file(tmp_path: Path) -> None:
    holidays = tmp_path / "holidays.toml"
    holidays.write_text('[2027]\nholidays = ["2027-01-01"]\nworkdays = []\n', encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "var", http_port=0, smtp_port=0,
                        clock="2026-11-22T10:00:00+08:00", holidays_file=str(holidays))
    assert _levels(_findings(settings), "calendar") == {doctor.OK}


@pytest.mark.parametrize(("values", "topic", "says"), [
    ({"twilio_account_sid": "AC123", "twilio_auth_token": canaries.TWILIO_TOKEN},
     "sms", "account SID does not look like"),
    ({"twilio_account_sid": "AC" + "0" * 32}, "sms", "TWILIO_AUTH_TOKEN is missing"),
    ({"twilio_account_sid": "AC" + "0" * 32, "twilio_auth_token": "f" * 32,
      "twilio_from": "+8613800000000"}, "sms", "public URL"),
    ({"telegram_token": canaries.TELEGRAM_TOKEN, "telegram_webhook_secret": "s3cret",
      "public_url": "http://xf.example.cn"}, "telegram", "https public URL"),
    ({"telegram_token": "not-a-token"}, "telegram", "does not look like"),
    ({"database_url": "postgresql://nobody@127.0.0.1:1/none"}, "database", "cannot connect"),
    ({"reception_file_broken": True}, "reception", "not valid TOML"),
])
def test_doctor_says_what_is_wrong_and_never_prints_a_secret(
        tmp_path: Path, values: dict[str, object], topic: str, says: str) -> None:
    if values.pop("reception_file_broken", False):
        broken = tmp_path / "reception.toml"
        broken.write_text("leaders = [", encoding="utf-8")
        values["reception_file"] = str(broken)
    settings = Settings(data_dir=tmp_path / "var", http_port=0, smtp_port=0, **values)  # type: ignore[arg-type]
    found = _findings(settings)
    failed = [f for f in found[topic] if f.level == doctor.FAIL]
    assert failed and any(says in f.said for f in failed), found[topic]
    assert all(f.fix for f in failed)
    lines, status = doctor.report(doctor.run_checks(settings))
    assert status == 1
    printed = "\n".join(lines)
    for secret in (canaries.TWILIO_TOKEN, canaries.TELEGRAM_TOKEN):
        assert secret not in printed


def test_doctor_notices_a_port_already_taken(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        found = _findings(Settings(data_dir=tmp_path / "var", http_port=port, smtp_port=0))
    http = found["http"][0]
    assert http.level == doctor.WARN and "in use" in http.said and "HTTP_PORT" in http.fix


def test_doctor_from_the_command_line(env: dict[str, str]) -> None:
    result = run(["doctor"], {**env, "XINFANG_HTTP_PORT": "0", "XINFANG_SMTP_PORT": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "calendar" in result.stdout and "fix:" in result.stdout
    bad = run(["doctor"], {**env, "XINFANG_TELEGRAM_TOKEN": "nope", "XINFANG_HTTP_PORT": "0",
                           "XINFANG_SMTP_PORT": "0"})
    assert bad.returncode == 1 and "FAIL  telegram" in bad.stdout


# -- the serve banner ------------------------------------------------------------------------


@dataclass
class _Described:
    """A channel that only describes itself, as the banner asks."""

    name: str
    text: str
    asked: list[str] = field(default_factory=list)

    def routes(self) -> Sequence[BaseRoute]:
        return ()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, message: OutboundMessage) -> Delivery:
        raise AssertionError("the banner sends nothing")

    def describe(self) -> str:
        self.asked.append("describe")
        return self.text


def test_the_banner_names_every_page_and_each_channel_once() -> None:
    mail = _Described("mail", "mail: SMTP on 127.0.0.1:2525 for localhost; replies wait in the "
                              "outbox: no relay (set XINFANG_OUTBOUND_SMTP)")
    lines = banner(store="sqlite:///x", host="0.0.0.0", port=8080, public_url="",
                   channels=[mail], off={"sms": "(set XINFANG_TWILIO_ACCOUNT_SID …)"})
    text = "\n".join(lines)
    for expected in ("citizen page   http://127.0.0.1:8080/", "/console", "/docs",
                     "/api/openapi.json", "health         http://127.0.0.1:8080/healthz",
                     "mail     on   SMTP on 127.0.0.1:2525", "sms      off  (set"):
        assert expected in text, text
    assert "mail: SMTP" not in text and "not configured" not in text
    public = banner(store="s", host="127.0.0.1", port=8080, public_url="https://xf.example.cn/",
                    channels=[], off={})
    assert "citizen page   https://xf.example.cn/" in "\n".join(public)
    assert "listening on   http://127.0.0.1:8080/" in "\n".join(public)


def test_serve_answers_on_every_url_its_banner_prints(env: dict[str, str]) -> None:
    http, smtp = free_port(), free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "run.py"), "serve"],
        env={**env, "XINFANG_HTTP_PORT": str(http), "XINFANG_SMTP_PORT": str(smtp)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("doctor" in line for line in lines):
            line = process.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            lines.append(line)
        urls = [word.rstrip(")") for line in lines for word in line.split()
                if word.startswith("http://")]
        assert len(urls) >= 5, lines
        for url in urls:
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200, url
        with urllib.request.urlopen(f"http://127.0.0.1:{http}/", timeout=10) as response:
            assert "网上信访" in response.read().decode()
    finally:
        process.terminate()
        process.communicate(timeout=30)
