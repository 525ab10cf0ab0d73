"""``run.py users``, in real subprocesses: the token printed once works against the API of
the same data dir, and only its hash is stored."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from bot.web import build_app
from nlp import Analyzer
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "run.py"), "users", *args], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_")}
    clean.update(XINFANG_DATA_DIR=str(tmp_path / "var"), XINFANG_LOG_LEVEL="WARNING",
                 XINFANG_DATABASE_URL=f"sqlite:///{tmp_path / 'var' / 'cases.sqlite3'}")
    return clean


async def test_users_add_list_token(env: dict[str, str], tmp_path: Path,
                                    analyzer: Analyzer) -> None:
    added = run(["add", "王科长", "--role", "supervisor"], env)
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    refused = run(["add", "李四", "--role", "handler"], env)
    assert refused.returncode == 1 and "--unit" in refused.stderr
    assert run(["add", "李四", "--role", "handler", "--unit", "市教育委员会"], env).returncode == 0
    listing = run(["list"], env)
    assert "王科长" in listing.stdout and "市教育委员会" in listing.stdout
    assert token not in listing.stdout
    key = run(["open311-key", "12345平台"], env).stdout.strip().splitlines()[-1]
    database = tmp_path / "var" / "cases.sqlite3"
    with sqlite3.connect(database) as connection:
        stored = " ".join(str(row) for row in connection.execute(
            "SELECT token_hash FROM apitoken UNION ALL SELECT key_hash FROM open311key"))
    assert token not in stored and key not in stored

    core = open_core(env["XINFANG_DATABASE_URL"], tmp_path / "var", FIXED_NOW, analyzer)
    try:
        app = build_app(core.store, [], [], core=core)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://testserver") as client:
            me = await client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
            assert me.json()["name"] == "王科长"
            renewed = run(["token", "王科长"], env)
            assert renewed.returncode == 0
            stale = await client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
            assert stale.status_code == 401
            fresh = renewed.stdout.strip().splitlines()[-1]
            again = await client.get("/api/me", headers={"Authorization": f"Bearer {fresh}"})
            assert again.status_code == 200
    finally:
        core.close()
    assert run(["token", "nobody"], env).returncode == 1
