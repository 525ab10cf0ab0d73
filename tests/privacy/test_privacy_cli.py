"""``run.py privacy`` in real subprocesses: a person's export (audited), erasure refused while
the law keeps the record and done once the period is over, and the purge with --dry-run."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests import canaries

ROOT = Path(__file__).resolve().parents[2]
PERSON = f"console:{canaries.NAME}"
LATER = "2032-01-10T10:00:00+08:00"  # more than five years after the case closed


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "run.py"), *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_")}
    clean.update(XINFANG_DATA_DIR=str(tmp_path / "var"),
                 XINFANG_CLOCK="2026-11-22T10:00:00+08:00", XINFANG_LOG_LEVEL="DEBUG")
    return clean


def file_case(env: dict[str, str]) -> str:
    chat = run(["chat", "--as", canaries.NAME], env, stdin=canaries.petition() + "\n")
    assert chat.returncode == 0, chat.stderr
    number = re.search(r"XF\d{4}-\d{6}", chat.stdout)
    assert number, chat.stdout
    return number.group()


def accesses(tmp_path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(tmp_path / "var" / "xinfang.sqlite3") as db:
        return db.execute("SELECT actor, purpose FROM personaldataaccess").fetchall()


def test_export_erase_refused_then_allowed(env: dict[str, str], tmp_path: Path) -> None:
    number = file_case(env)
    assert run(["users", "add", "审计员", "--role", "supervisor"], env).returncode == 0

    export = run(["privacy", "export", "--petitioner", PERSON, "--actor", "审计员"], env)
    assert export.returncode == 0, export.stderr
    data = json.loads(export.stdout)
    assert data["identities"][0]["urn"] == PERSON
    assert [c["number"] for c in data["cases"]] == [number]
    assert any(canaries.BODY in m["text"] for m in data["messages"])
    assert data["replies"] and data["events"]
    assert accesses(tmp_path) == [("审计员", "privacy export (PIPL Art 45)")]
    assert not canaries.find(export.stderr)  # the person's data goes to stdout only

    # Not a staff account that may answer: refused, nothing read, nothing audited.
    nobody = run(["privacy", "export", "--petitioner", PERSON, "--actor", "路人"], env)
    assert nobody.returncode == 1 and "路人" in nobody.stderr and nobody.stdout == ""
    assert len(accesses(tmp_path)) == 1

    # Open case: the record must be kept; the refusal says which case and which rule.
    refused = run(["privacy", "erase", "--petitioner", PERSON, "--actor", "审计员"], env)
    assert refused.returncode == 1
    assert number in refused.stderr and "第四十七条" in refused.stderr
    assert "第二十二条" in refused.stderr and not canaries.find(refused.stderr)

    closed = run(["cases", "reject", number, "--reason", "不属于受理范围"], env)
    assert closed.returncode == 0, closed.stderr
    # Closed, but within the retention period: still refused.
    within = run(["privacy", "erase", "--petitioner", PERSON, "--actor", "审计员"], env)
    assert within.returncode == 1 and "保存期限" in within.stderr

    later = {**env, "XINFANG_CLOCK": LATER}
    assert json.loads(run(["privacy", "purge", "--dry-run"], later).stdout)["cases"] == 1
    erased = run(["privacy", "erase", "--petitioner", PERSON, "--actor", "审计员"], later)
    assert erased.returncode == 0, erased.stderr
    assert json.loads(erased.stdout)["petitioners"] == 1
    # The person is no longer findable; the case's statistics remain.
    gone = run(["privacy", "export", "--petitioner", PERSON, "--actor", "审计员"], later)
    assert gone.returncode == 1 and "no petitioner" in gone.stderr
    shown = json.loads(run(["cases", "show", number, "--json"], later).stdout)
    assert shown["status"] == "not_accepted" and shown["category"]
    assert not canaries.find(json.dumps(shown, ensure_ascii=False))
    with sqlite3.connect(tmp_path / "var" / "xinfang.sqlite3") as db:
        dump = "\n".join(db.iterdump())
    assert not canaries.find(dump), "erased data is still in the database"
    assert purge_after_erase(later) == 0


def purge_after_erase(env: dict[str, str]) -> int:
    result = run(["privacy", "purge"], env)
    assert result.returncode == 0, result.stderr
    return int(json.loads(result.stdout)["cases"])
