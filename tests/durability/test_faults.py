"""Fault injection: when the store cannot take a message, every channel says "try again".

A running ``serve`` meets a read-only database, a database locked by another writer past the
busy timeout, and a full disk. Each time one message per channel goes in during the fault.
Pass: SMTP answers ``451 4.3.0`` and the webhooks ``503``, with no internals in the answer;
nothing is half-written (no message without its raw bytes, no attachment row without its
message or its file, ``PRAGMA integrity_check`` ok); after the fault clears the same resend is
accepted, stored once and processed, by the same server process.

A parser that raises is a different fault: retrying cannot fix it, so "try again" would be the
wrong answer. The letter or update is stored raw (mail parses only after ``250`` anyway) and
marked for a human; the exception's text, which quotes the input, reaches no log and no reply.

Running as root, ``chmod`` cannot make the database read-only (root ignores file modes) and a
read-only remount is refused while the server has the file open for writing; the files are
made immutable (``chattr +i``) instead, which the kernel enforces on open descriptors too.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest

from channels.mail.server import TRY_AGAIN
from tests.durability.serve_process import (
    SMS_PATH,
    TELEGRAM_PATH,
    FakeProviders,
    ServeProcess,
    post,
    send_letter,
    signed_sms,
    sms_form,
    telegram_request,
    telegram_update,
)

HERE = Path(__file__).resolve().parent
#: What an answer to the outside must never mention.
INTERNALS = re.compile(r"sqlite|database|disk|lock|read-?only|immutable|errno|traceback|"
                       r"exception|error|\.py\b|/tmp/", re.IGNORECASE)
#: Bound on every wait for an answer or for processing (a locked store answers after its
#: busy timeout, 10 s, once per write queued ahead of the intake).
PATIENCE = 120.0


@pytest.fixture
def providers() -> Iterator[FakeProviders]:
    with FakeProviders() as fake:
        yield fake


@pytest.fixture
def serve(tmp_path: Path, providers: FakeProviders) -> Iterator[Callable[..., ServeProcess]]:
    started: list[ServeProcess] = []

    def start(data_dir: Path | None = None, **options: object) -> ServeProcess:
        server = ServeProcess(data_dir or tmp_path / "var", tmp_path / "logs",
                              api_url=providers.url, **options)  # type: ignore[arg-type]
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


# -- the three messages -----------------------------------------------------------------------


class Batch:
    """One message per channel, each carrying its own canary; resent with the same ids."""

    def __init__(self, label: str, marker: str = "") -> None:
        self.canaries = {channel: f"{label}{channel}{secrets.token_hex(4)}{marker}"
                         for channel in ("mail", "sms", "telegram")}
        number = secrets.randbelow(10**8)
        self.sender = f"citizen{number}@example.cn"  # a new citizen: no dialogue to continue
        mail = EmailMessage(policy=SMTP)
        mail["From"] = self.sender
        mail["To"] = "xinfang@localhost"
        mail["Subject"] = "投诉"
        mail["Message-ID"] = f"<{self.canaries['mail']}@example.cn>"
        mail.set_content(f"小区夜间施工噪音扰民，请处理。{self.canaries['mail']}")
        mail.add_attachment(b"%PDF-1.4 " + os.urandom(2048), maintype="application",
                            subtype="pdf", filename="证据.pdf")
        self.letter = mail.as_bytes()
        self.sms = signed_sms(sms_form(self.canaries["sms"], f"SM{secrets.token_hex(16)}",
                                       f"+86139{number:08d}", "道路坑洼无人修理"))
        self.update = telegram_request(telegram_update(
            self.canaries["telegram"], 10**6 + number, 10**9 + number, "举报工地夜间施工"))

    def send(self, server: ServeProcess) -> dict[str, tuple[int, str]]:
        """All three at once (a locked store then costs one busy timeout, not three)."""
        answers: dict[str, tuple[int, str]] = {}
        jobs: dict[str, Callable[[], tuple[int, str]]] = {
            "mail": lambda: send_letter(server.smtp_port, self.letter, self.sender,
                                        timeout=PATIENCE),
            "sms": lambda: post(server.http_port, SMS_PATH, *self.sms, timeout=PATIENCE),
            "telegram": lambda: post(server.http_port, TELEGRAM_PATH, *self.update,
                                     timeout=PATIENCE),
        }

        def run(channel: str) -> None:
            try:
                answers[channel] = jobs[channel]()
            except Exception as exc:  # noqa: BLE001 - the assertion below names it
                answers[channel] = (0, f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=run, args=(channel,)) for channel in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(PATIENCE + 10)
        return answers


def assert_try_again(answers: dict[str, tuple[int, str]]) -> None:
    assert answers["mail"][0] == 451, answers
    assert f"{answers['mail'][0]} {answers['mail'][1]}" == TRY_AGAIN
    assert answers["sms"][0] == 503, answers
    assert answers["telegram"][0] == 503, answers
    for _, text in answers.values():
        assert not INTERNALS.search(text), f"an answer tells internals: {text!r}"


def assert_accepted(answers: dict[str, tuple[int, str]]) -> None:
    assert answers["mail"][0] == 250, answers
    assert answers["sms"][0] == 200, answers
    assert answers["telegram"][0] == 200, answers


# -- the store as the server left it ----------------------------------------------------------


@contextmanager
def reading(database: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)) as db:
        yield db


def copies(database: Path, canary: str) -> int:
    with reading(database) as db:
        return int(db.execute("SELECT count(*) FROM message WHERE direction = 'in' "
                              "AND instr(raw, ?) > 0", (canary.encode(),)).fetchone()[0])


def assert_whole(server: ServeProcess) -> None:
    """Nothing half-written: integrity, raw bytes on every message, attachments complete."""
    with reading(server.database) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT count(*) FROM message WHERE direction = 'in' "
                          "AND length(raw) = 0").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM attachment a LEFT JOIN message m "
                          "ON m.id = a.message_id WHERE m.id IS NULL").fetchone()[0] == 0
        for sha256, size in db.execute("SELECT sha256, size FROM attachment"):
            path = server.data_dir / "attachments" / sha256[:2] / sha256[2:4] / sha256
            assert path.is_file() and path.stat().st_size == size, f"attachment {sha256}"


def wait_processed(server: ServeProcess, canaries: dict[str, str]) -> list[tuple[object, ...]]:
    """The rows of ``canaries`` once the server processed them (bounded)."""
    deadline = time.monotonic() + PATIENCE
    while True:
        with reading(server.database) as db:
            rows = [db.execute(
                "SELECT channel, processed_at, case_id, needs_human, meta, text, "
                "(SELECT count(*) FROM attachment WHERE message_id = message.id), "
                "(SELECT count(*) FROM outbox WHERE outbox.message_id = message.id) "
                "FROM message WHERE direction = 'in' AND instr(raw, ?) > 0",
                (canary.encode(),)).fetchall() for canary in canaries.values()]
        if all(len(found) == 1 and found[0][1] is not None for found in rows):
            return [found[0] for found in rows]
        assert server.process is not None and server.process.poll() is None, server.output()
        assert time.monotonic() < deadline, f"not processed within {PATIENCE:.0f} s: {rows}"
        time.sleep(0.2)


def assert_recovers(server: ServeProcess, batch: Batch) -> None:
    """The resend after the fault: accepted, stored once, processed by the same process."""
    first = server.process
    assert_accepted(batch.send(server))
    assert_accepted(batch.send(server))  # a second resend collapses onto the first
    for canary in batch.canaries.values():
        assert copies(server.database, canary) == 1, canary
    rows = wait_processed(server, batch.canaries)
    for channel, _, _, needs_human, _, text, attachments, replies in rows:
        # Decided by the dialogue (a reply queued), not by the poison path (needs_human). Whether
        # it became a case is the classifier's reading of a short text with a random canary in
        # it ("举报工地夜间施工 FAULTtelegram3fa1…" is now and then a question), not durability.
        assert replies and not needs_human, channel
        assert batch.canaries[str(channel)] in str(text)
        if channel == "mail":
            assert attachments == 1
    assert server.process is first and first is not None and first.poll() is None
    assert_whole(server)
    output = server.all_output()
    assert not [c for c in batch.canaries.values() if c in output], "canary in the logs"


def storage_fault(server: ServeProcess, fault: Callable[[], Iterator[None]]) -> None:
    warm = Batch("WARM")
    assert_accepted(warm.send(server))  # every channel up, the store in use
    wait_processed(server, warm.canaries)  # and quiet again: the fault meets the intake
    batch = Batch("FAULT")
    with contextmanager(fault)():
        assert_try_again(batch.send(server))
        for canary in batch.canaries.values():
            assert copies(server.database, canary) == 0, "a refused message was stored"
        assert_whole(server)
    assert_recovers(server, batch)


# -- the faults -------------------------------------------------------------------------------


def _chattr(flag: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, text=True,
                          check=False)


def test_read_only_database(serve: Callable[..., ServeProcess], tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    probe.touch()
    if shutil.which("chattr") is None or _chattr("+i", probe).returncode != 0:
        pytest.skip("chattr +i is not permitted here (needs root on ext4/tmpfs/xfs)")
    _chattr("-i", probe)
    server = serve()
    frozen = [server.database, server.database.with_name(server.database.name + "-wal"),
              server.data_dir, server.data_dir / "attachments"]

    def read_only() -> Iterator[None]:
        # Not the -shm index: it is memory-mapped, and SQLite treats it as scratch space.
        existing = [path for path in frozen if path.exists()]
        assert _chattr("+i", *existing).returncode == 0
        try:
            yield
        finally:
            _chattr("-i", *existing)

    storage_fault(server, read_only)


def test_database_locked_by_another_writer(serve: Callable[..., ServeProcess]) -> None:
    server = serve()

    def locked() -> Iterator[None]:
        # Longer than the store's busy timeout (10 s, storage/engine.py): held until every
        # channel has answered.
        with closing(sqlite3.connect(server.database, timeout=30, isolation_level=None)) as db:
            db.execute("BEGIN EXCLUSIVE")
            try:
                yield
            finally:
                db.execute("ROLLBACK")

    storage_fault(server, locked)


def test_full_disk(serve: Callable[..., ServeProcess], tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"mounting a small tmpfs is not permitted here: {mounted.stderr.strip()}")
    try:
        server = serve(disk / "var")

        def full() -> Iterator[None]:
            filler = disk / "filler"
            with filler.open("wb", buffering=0) as out:
                try:
                    while True:
                        out.write(b"\0" * 65536)
                        out.flush()
                except OSError:
                    pass  # ENOSPC: the disk is full
            try:
                yield
            finally:
                filler.unlink()

        storage_fault(server, full)
        server.stop()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_parser_exception_keeps_the_raw_input_for_a_human(
    serve: Callable[..., ServeProcess],
) -> None:
    marker = "PARSERBUG"
    server = serve(program=HERE / "faulty_serve.py",
                   extra_env={"DURABILITY_PARSER_FAULT": marker})
    assert_accepted(Batch("WARM").send(server))  # the unmarked path works normally
    batch = Batch("BROKEN", marker)
    answers = batch.send(server)
    # Stored before the parser ran (mail) or stored raw when it failed: retrying cannot fix a
    # parser, so the sender hears "received", and a person reads the raw input.
    assert_accepted(answers)
    assert_accepted(batch.send(server))  # a resend collapses
    for canary in batch.canaries.values():
        assert copies(server.database, canary) == 1, canary
    for channel, _, _, needs_human, meta, _, _, _ in wait_processed(server, batch.canaries):
        assert needs_human, f"{channel}: not marked for a human"
        if channel == "mail":
            assert '"parse": "failed"' in str(meta)
    for _, text in answers.values():
        assert not INTERNALS.search(text) and marker not in text
    assert_whole(server)
    output = server.all_output()
    assert not [c for c in batch.canaries.values() if c in output], "input quoted in the logs"
    assert server.process is not None and server.process.poll() is None
