"""Console sessions live in the database: one opened through one app (its own engine, as
another ``serve`` process would have) works on another, logout on one is seen by the other,
the stored digest is no cookie, and sessions end when idle, too old, revoked or purged.

Runs on SQLite and, with XINFANG_TEST_POSTGRES_URL set, on a private PostgreSQL schema."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from bot.api import add_user
from bot.api.accounts import issue_token
from bot.clock import Clock
from bot.console.sessions import (
    IDLE,
    LONGEST,
    PER_TOKEN,
    TOUCH_EVERY,
    Sessions,
    purge_expired,
    same_secret,
)
from bot.core import Core
from bot.retention import RetentionJob
from bot.web import build_app
from storage.accounts import ConsoleSession
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW, POSTGRES_URL, private_schema

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ROOT = Path(__file__).resolve().parents[2]
#: Another Python process on the same database: opens a session (``open TOKEN``) or reports
#: whether one is live (``get COOKIE``), with nothing shared but the database.
OTHER_PROCESS = """
import asyncio, sys
from pathlib import Path
from bot.console.sessions import Sessions
from storage import Store

async def main(url, data, verb, value):
    store = Store.open(url, Path(data), migrate=False)
    try:
        sessions = Sessions(store)
        if verb == "open":
            print(await sessions.open(value))
        else:
            found = await sessions.get(value)
            print(found.principal.name if found else "none")
    finally:
        store.close()

asyncio.run(main(*sys.argv[1:]))
"""
START = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """One database two processes share: a SQLite file, or a private PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL: set XINFANG_TEST_POSTGRES_URL to run this on it")
    with private_schema("sessions_") as url:
        yield url


@dataclass
class Server:
    """One ``serve`` process as far as the console is concerned: a Core and its app."""

    core: Core
    transport: httpx.ASGITransport
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    def browser(self, cookie: str = "") -> httpx.AsyncClient:
        client = httpx.AsyncClient(transport=self.transport, base_url="http://testserver",
                                   follow_redirects=False)
        if cookie:
            client.cookies.set("xf_console", cookie, path="/console")
        self.clients.append(client)
        return client


@dataclass
class Pair:
    first: Server
    second: Server
    token: str  # the clerk's staff token


@pytest.fixture
async def pair(shared_url: str, tmp_path: Path) -> AsyncIterator[Pair]:
    servers = []
    for name in ("a", "b"):
        core = open_core(shared_url, tmp_path / name, FIXED_NOW)
        app = build_app(core.store, [], [], core=core)
        servers.append(Server(core, httpx.ASGITransport(app=app, raise_app_exceptions=False)))
    first, second = servers
    assert first.core.store.engine is not second.core.store.engine
    token = first.core.store.write_sync(lambda s: add_user(s, "clerk", "clerk", FIXED_NOW))
    try:
        yield Pair(first, second, token)
    finally:
        for server in servers:
            for client in server.clients:
                await client.aclose()
            server.core.close()


async def sign_in(server: Server, token: str) -> tuple[httpx.AsyncClient, str]:
    """Sign in through the login form; the browser and its session cookie."""
    browser = server.browser()
    page = await browser.get("/console/login")
    nonce = CSRF.search(page.text)
    assert nonce, page.text
    signed = await browser.post("/console/login", data={"csrf": nonce.group(1), "token": token})
    assert signed.status_code == 303 and signed.headers["location"] == "/console/queue"
    cookie = browser.cookies.get("xf_console", path="/console")
    assert cookie
    return browser, cookie


def stored(server: Server) -> list[ConsoleSession]:
    return server.core.store.read_sync(lambda s: list(s.exec(select(ConsoleSession))))


async def test_a_session_opened_on_one_process_works_on_the_other(pair: Pair) -> None:
    _, cookie = await sign_in(pair.first, pair.token)
    elsewhere = pair.second.browser(cookie)
    queue = await elsewhere.get("/console/queue")
    assert queue.status_code == 200 and "clerk" in queue.text
    csrf = CSRF.search(queue.text)
    assert csrf
    # The CSRF token is the session's, so a form from one process posts to the other.
    searched = await elsewhere.get("/console/search", params={"q": "噪音"})
    assert searched.status_code == 200
    refused = await elsewhere.post("/console/logout", data={"csrf": "not-the-token"})
    assert refused.status_code == 403 and len(stored(pair.second)) == 1


def other_process(url: str, data: Path, verb: str, value: str) -> str:
    done = subprocess.run([sys.executable, "-c", OTHER_PROCESS, url, str(data), verb, value],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip()


async def test_a_session_opened_by_another_os_process_works_here_and_logout_reaches_it(
        pair: Pair, shared_url: str, tmp_path: Path) -> None:
    cookie = other_process(shared_url, tmp_path / "c", "open", pair.token)
    assert cookie and cookie != "None"
    here = pair.first.browser(cookie)
    queue = await here.get("/console/queue")
    assert queue.status_code == 200 and "clerk" in queue.text
    assert other_process(shared_url, tmp_path / "c", "get", cookie) == "clerk"
    csrf = CSRF.search(queue.text)
    assert csrf
    out = await here.post("/console/logout", data={"csrf": csrf.group(1)})
    assert out.status_code == 303
    assert other_process(shared_url, tmp_path / "c", "get", cookie) == "none"


async def test_logout_on_one_process_ends_the_session_on_the_other(pair: Pair) -> None:
    browser, cookie = await sign_in(pair.first, pair.token)
    kept_browser, _kept = await sign_in(pair.first, pair.token)
    elsewhere = pair.second.browser(cookie)
    queue = await elsewhere.get("/console/queue")
    csrf = CSRF.search(queue.text)
    assert csrf
    out = await elsewhere.post("/console/logout", data={"csrf": csrf.group(1)})
    assert out.status_code == 303 and out.headers["location"] == "/console/login"
    again = await browser.get("/console/queue")
    assert again.status_code == 303 and again.headers["location"] == "/console/login"
    assert (await kept_browser.get("/console/queue")).status_code == 200  # only that one
    assert len(stored(pair.first)) == 1


async def test_the_stored_digest_opens_no_session(pair: Pair) -> None:
    _, cookie = await sign_in(pair.first, pair.token)
    (row,) = stored(pair.second)
    assert row.session_hash == hashlib.sha256(cookie.encode()).hexdigest()
    assert cookie not in (row.session_hash, row.csrf) and pair.token not in (row.session_hash,
                                                                            row.csrf)
    assert len(cookie) >= 43  # 32 random bytes, base64url
    for server in (pair.first, pair.second):
        thief = server.browser(row.session_hash)
        stolen = await thief.get("/console/queue")
        assert stolen.status_code == 303 and stolen.headers["location"] == "/console/login"
        token_as_cookie = server.browser(pair.token)
        assert (await token_as_cookie.get("/console/queue")).status_code == 303


async def test_a_second_sign_in_replaces_the_session_it_came_with(pair: Pair) -> None:
    browser, first_cookie = await sign_in(pair.first, pair.token)
    page = await browser.get("/console/login")
    nonce = CSRF.search(page.text)
    assert nonce
    await browser.post("/console/login", data={"csrf": nonce.group(1), "token": pair.token})
    second_cookie = browser.cookies.get("xf_console", path="/console")
    assert second_cookie and second_cookie != first_cookie
    assert [row.session_hash for row in stored(pair.second)] == [
        hashlib.sha256(second_cookie.encode()).hexdigest()]


@dataclass
class FakeNow:
    """The sessions' clock; records how often it was read."""

    at: datetime = START
    reads: int = 0

    def __call__(self) -> datetime:
        self.reads += 1
        return self.at


async def test_a_session_ends_when_idle_or_open_too_long(pair: Pair) -> None:
    now = FakeNow()
    one, other = Sessions(pair.first.core.store, now), Sessions(pair.second.core.store, now)
    idle = await one.open(pair.token)
    busy = await one.open(pair.token)
    assert idle and busy and idle != busy and await other.get(idle) is not None
    now.at += IDLE - timedelta(seconds=1)
    assert await other.get(busy) is not None  # used: kept alive, on either process
    now.at += timedelta(seconds=2)
    assert await one.get(idle) is None  # idle longer than IDLE
    assert await one.get(busy) is not None
    now.at = START + LONGEST + timedelta(seconds=1)  # used a moment ago, but open too long
    assert await other.get(busy) is None
    assert now.reads > 0


async def test_seen_is_written_at_most_once_a_minute(pair: Pair) -> None:
    now = FakeNow()
    sessions = Sessions(pair.first.core.store, now)
    cookie = await sessions.open(pair.token)
    assert cookie
    now.at += TOUCH_EVERY - timedelta(seconds=1)
    await sessions.get(cookie)
    (row,) = stored(pair.first)
    assert row.seen_at.replace(tzinfo=UTC) == START  # no write for this page view
    now.at += timedelta(seconds=1)
    await sessions.get(cookie)
    (row,) = stored(pair.first)
    assert row.seen_at.replace(tzinfo=UTC) == now.at


async def test_a_new_token_for_the_account_ends_its_console_sessions(pair: Pair) -> None:
    sessions = Sessions(pair.first.core.store)
    cookie = await sessions.open(pair.token)
    assert cookie and await sessions.get(cookie) is not None
    assert await sessions.open("not-a-token") is None and await sessions.open("") is None
    pair.first.core.store.write_sync(lambda s: issue_token(s, "clerk", FIXED_NOW))
    assert await Sessions(pair.second.core.store).get(cookie) is None


async def test_one_token_holds_a_bounded_number_of_sessions_the_newest_kept(pair: Pair) -> None:
    sessions = Sessions(pair.first.core.store)
    opened = [await sessions.open(pair.token) for _ in range(PER_TOKEN + 3)]
    assert all(opened) and len(set(opened)) == PER_TOKEN + 3
    kept = {row.session_hash for row in stored(pair.second)}
    assert kept == {hashlib.sha256(c.encode()).hexdigest() for c in opened[3:] if c}
    assert await sessions.get(opened[0] or "") is None
    assert await sessions.get(opened[-1] or "") is not None


async def test_the_retention_round_deletes_ended_sessions_only(pair: Pair) -> None:
    now = FakeNow()
    sessions = Sessions(pair.first.core.store, now)
    old = await sessions.open(pair.token)
    now.at += IDLE - timedelta(minutes=5)
    fresh = await sessions.open(pair.token)
    assert old and fresh
    now.at += timedelta(minutes=10)  # the first one idle too long now
    job = RetentionJob(pair.second.core.store, Clock(FIXED_NOW), 1826, session_now=now)
    await job.run_once()
    assert [row.session_hash for row in stored(pair.first)] == [
        hashlib.sha256(fresh.encode()).hexdigest()]
    later = now.at + LONGEST
    assert pair.first.core.store.write_sync(lambda s: purge_expired(s, later)) == 1
    assert stored(pair.first) == []


def test_csrf_tokens_must_match_exactly_and_an_empty_one_never_does() -> None:
    assert same_secret("abc", "abc")
    assert not same_secret("abd", "abc") and not same_secret("", "abc")
    assert not same_secret("", "")
